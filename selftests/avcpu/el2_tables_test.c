// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu's EL2 page tables: the tables that map vCPU pages into EL2 are
 * freed when the last page they map goes, and they are charged, with the
 * vCPU pages, to the memory cgroup of the task that creates the vCPU.
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"

#define TABLE_PAGES	"/sys/kernel/debug/avcpu/el2_table_pages"
#define CGROOT		"/sys/fs/cgroup"
#define CGTEST		CGROOT "/avcpu_el2_tables"
#define NR_LIVE		100	/* vCPUs alive at once */
/*
 * memory.current counts pages a CPU has charged ahead (the per-CPU charge
 * stock, MEMCG_CHARGE_BATCH = 64 pages): on one CPU it is off by at most
 * that much.
 */
#define MEMCG_SLACK	(64 * 4096L)

static long read_long(const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

static int vcpu_create(int vm, unsigned int id)
{
	struct avcpu_vcpu_create c = { .vcpu_id = id, .mpidr = id };

	return ioctl(vm, AVCPU_CREATE_VCPU, &c);
}

/*
 * Create NR_LIVE vCPUs, alternating between the two VMs (vCPU ids
 * 0..NR_LIVE/2 - 1 in each); fds in @fds.  Returns 0 or -errno.
 */
static int create_live(const int vm[2], int fds[NR_LIVE])
{
	int i;

	for (i = 0; i < NR_LIVE; i++) {
		fds[i] = vcpu_create(vm[i % 2], i / 2);
		if (fds[i] < 0)
			return -errno;
	}
	return 0;
}

static void close_all(int fds[NR_LIVE])
{
	int i;

	for (i = 0; i < NR_LIVE; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

FIXTURE(tables) {
	int dev, vm[2];
	int fds[NR_LIVE];
};

FIXTURE_SETUP(tables)
{
	int ret;

	/*
	 * A fresh load, where nothing is in use: only the image's and the
	 * per-CPU pages' tables exist, none left by earlier tests.
	 */
	unload_module("avcpu");
	ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	memset(self->fds, -1, sizeof(self->fds));
	self->dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
	self->vm[0] = ioctl(self->dev, AVCPU_CREATE_VM, 0);
	self->vm[1] = ioctl(self->dev, AVCPU_CREATE_VM, 0);
	ASSERT_LE(0, self->vm[0]);
	ASSERT_LE(0, self->vm[1]);
}

FIXTURE_TEARDOWN(tables)
{
	close_all(self->fds);
	close(self->vm[0]);
	close(self->vm[1]);
	close(self->dev);
}

/*
 * 1000 vCPUs, 100 alive at a time in two VMs: EL2's table count comes
 * back to where it started.  Before the fix it only grew: the tables that
 * scattered vCPU pages needed stayed until rmmod.  If no vCPU page of those
 * rounds needed a new table, more vCPUs are kept alive (up to 1000) until
 * one does: otherwise nothing would be tested.
 */
TEST_F(tables, vcpu_churn_frees_tables)
{
	long start, live, peak = 0, end;
	static int many[1000];
	int round, n = 0, i;

	start = read_long(TABLE_PAGES);
	ASSERT_LT(0, start);
	for (round = 0; round < 10; round++) {
		ASSERT_EQ(0, create_live(self->vm, self->fds));
		live = read_long(TABLE_PAGES);
		if (live > peak)
			peak = live;
		close_all(self->fds);
		memset(self->fds, -1, sizeof(self->fds));
	}
	while (peak <= start && n < 1000) {
		many[n] = vcpu_create(self->vm[n % 2], n / 2);
		ASSERT_LE(0, many[n]);
		n++;
		live = read_long(TABLE_PAGES);
		if (live > peak)
			peak = live;
	}
	for (i = 0; i < n; i++)
		close(many[i]);
	end = read_long(TABLE_PAGES);
	TH_LOG("EL2 table pages: %ld at start, %ld at most (%d more vCPUs kept), %ld after",
	       start, peak, n, end);
	ASSERT_LT(start, peak) {
		TH_LOG("no vCPU page needed a new EL2 table: nothing tested");
	}
	EXPECT_EQ(start, end);
}

/* Has this kernel cgroup v2 with the memory controller?  0 if so. */
static const char *memcg_missing(void)
{
	char buf[256];

	if (access(CGROOT "/cgroup.controllers", F_OK) &&
	    mount("cgroup2", CGROOT, "cgroup2", 0, NULL))
		return "kernel without cgroup v2 (CONFIG_MEMCG; the test-bed kernel has none)";
	if (read_file(CGROOT "/cgroup.controllers", buf, sizeof(buf)))
		return "cgroup.controllers unreadable";
	if (!strstr(buf, "memory"))
		return "kernel without memory cgroups (CONFIG_MEMCG; the test-bed kernel has none)";
	return NULL;
}

/*
 * The vCPUs' pages and EL2 tables are charged to the creator's memory
 * cgroup while they exist, and uncharged when they go.
 */
TEST_F(tables, memcg_charged_while_vcpus_exist)
{
	long base, live, after;
	const char *why = memcg_missing();
	cpu_set_t cpu0;

	if (why)
		SKIP(return, "%s", why);
	/* One CPU, so one charge stock (MEMCG_SLACK). */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu0), &cpu0));
	ASSERT_EQ(0, write_file(CGROOT "/cgroup.subtree_control", "+memory"));
	ASSERT_TRUE(mkdir(CGTEST, 0755) == 0 || errno == EEXIST);
	ASSERT_EQ(0, write_file(CGTEST "/cgroup.procs", "0"));

	/* Warm up: the slab caches this needs are charged from now on. */
	ASSERT_EQ(0, create_live(self->vm, self->fds));
	close_all(self->fds);
	memset(self->fds, -1, sizeof(self->fds));
	usleep(100000);

	base = read_long(CGTEST "/memory.current");
	ASSERT_LT(0, base);
	ASSERT_EQ(0, create_live(self->vm, self->fds));
	live = read_long(CGTEST "/memory.current");
	close_all(self->fds);
	memset(self->fds, -1, sizeof(self->fds));
	/* struct file goes after an RCU grace period. */
	usleep(200000);
	after = read_long(CGTEST "/memory.current");
	TH_LOG("memory.current: %ld before, %ld with %d vCPUs, %ld after",
	       base, live, NR_LIVE, after);
	/* At least each vCPU's two pages (EL2 state, run page). */
	EXPECT_LE(NR_LIVE * 2 * 4096L - MEMCG_SLACK, live - base);
	/* Back at the start, but for the charge stock. */
	EXPECT_GE(MEMCG_SLACK, after - base);
	EXPECT_LE(-MEMCG_SLACK, after - base);

	ASSERT_EQ(0, write_file(CGROOT "/cgroup.procs", "0"));
	EXPECT_EQ(0, rmdir(CGTEST));
}

TEST_HARNESS_MAIN
