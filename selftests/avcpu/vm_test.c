// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu VM (guest memory) tests: AVCPU_SET_MEMORY_REGION sizes and big
 * regions.
 *
 *  - Any size fails cleanly: as root (no RLIMIT_MEMLOCK charge), sizes
 *    beyond what the machine could ever pin get ENOMEM, and the kernel
 *    log gains no line during the call (no allocation-failure report).
 *  - A big region (512 MiB, or what free memory allows: printed) maps,
 *    is reachable by a guest at its last page, and unmaps, with no
 *    soft-lockup or RCU-stall report in the kernel log (the debug kernel
 *    of the matrix boots with watchdog_thresh=1 and a 3 s RCU stall
 *    timeout to catch loops without rescheduling).
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sys/resource.h>
#include <time.h>

#include "kselftest_harness.h"
#include "vcpu_util.h"

GUEST_CODE(memory);

#define BIG_IPA		0x80000000UL
#define BIG_MAX		(512UL << 20)
#define BIG_MIN		(16UL << 20)

static long mem_kb(const char *key)
{
	char buf[4096], *p;

	if (read_file("/proc/meminfo", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key) + 1, NULL, 10) : -1;
}

/* /dev/kmsg, positioned after the last record: new records only. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Count records logged since kmsg_open() (or the last call), copying the
 * first into @first; with @needles, count only records containing one.
 */
static int kmsg_new(int fd, char *first, size_t len,
		    const char * const *needles)
{
	char rec[8192];
	int n = 0;

	if (first && len)
		first[0] = 0;
	for (;;) {
		ssize_t r = read(fd, rec, sizeof(rec) - 1);
		int hit = !needles, i;

		if (r < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (r <= 0)
			break;
		rec[r] = 0;
		for (i = 0; needles && needles[i]; i++)
			hit |= !!strstr(rec, needles[i]);
		if (!hit)
			continue;
		if (!n && first && len)
			snprintf(first, len, "%.*s", (int)len - 1, rec);
		n++;
	}
	return n;
}

FIXTURE(vm) {
	struct guest g;
};

FIXTURE_SETUP(vm)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	memset(&self->g, 0, sizeof(self->g));
	ASSERT_EQ(0, guest_create(&self->g, guest_memory_start,
				  guest_memory_end));
}

FIXTURE_TEARDOWN(vm)
{
	guest_destroy(&self->g);
}

/* Issue SET_MEMORY_REGION; -errno or 0. */
static int set_region(struct guest *g, __u64 ipa, __u64 size, __u64 uaddr)
{
	struct avcpu_memory_region m = {
		.guest_phys_addr = ipa,
		.size = size,
		.userspace_addr = uaddr,
	};

	return ioctl(g->vm, AVCPU_SET_MEMORY_REGION, &m) ? -errno : 0;
}

TEST_F(vm, huge_sizes_enomem_no_log)
{
	long total_kb = mem_kb("MemTotal:");
	__u64 beyond = ((__u64)total_kb << 10) + (64UL << 20);
	const __u64 sizes[] = {
		1ULL << 38,			/* the reported case */
		(1ULL << 39) - 0x50000000,	/* all the IPA space left */
		1ULL << 34,
		beyond & ~0xfffULL,		/* just beyond MemTotal */
	};
	/* Addresses user space could name: access_ok() passes. */
	const __u64 uaddr = 0x100000000ULL;
	char line[512];
	unsigned int i;
	int kmsg;

	if (geteuid())
		SKIP(return, "needs root (root skips the RLIMIT_MEMLOCK charge)");
	ASSERT_LT(0, total_kb);
	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		__u64 ipa = i == 1 ? 0x50000000ULL : 0x80000000ULL;

		if (i != 1 && ipa + sizes[i] > (1ULL << 39))
			ipa = 0;
		EXPECT_EQ(-ENOMEM, set_region(&self->g, ipa, sizes[i], uaddr)) {
			TH_LOG("size %#llx", (unsigned long long)sizes[i]);
		}
		EXPECT_EQ(0, kmsg_new(kmsg, line, sizeof(line), NULL)) {
			TH_LOG("size %#llx logged: %s",
			       (unsigned long long)sizes[i], line);
		}
	}
	close(kmsg);
	/* Nothing was left behind: the guest still runs on its RAM. */
	*(__u64 *)(self->g.ram + DATA_OFF) = 41;
	ASSERT_EQ(0, guest_set_reg(&self->g, 9, RAM_IPA + DATA_OFF));
	ASSERT_EQ(0, guest_run(&self->g));
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, self->g.run->exit_reason);
	EXPECT_EQ(42, self->g.run->hypercall.args[0]);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST_F(vm, big_region_map_unmap)
{
	static const char * const bad[] = { "soft lockup", "rcu_sched", "RCU stall",
				     "rcu: INFO", "BUG:", "WARNING:", NULL };
	long avail_kb = mem_kb("MemAvailable:");
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	unsigned long size, off;
	char line[512];
	double t0, t1, t2;
	char *mem;
	int kmsg;

	ASSERT_LT(0, avail_kb);
	/* 512 MiB, or half of what is available, in whole 2 MiB blocks. */
	size = (unsigned long)avail_kb / 2 << 10;
	if (size > BIG_MAX)
		size = BIG_MAX;
	size &= ~((2UL << 20) - 1);
	if (size < BIG_MIN)
		SKIP(return, "MemAvailable %ld kB: too little for a big region",
		     avail_kb);
	if (geteuid() && (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur < size))
		SKIP(return, "RLIMIT_MEMLOCK below %lu bytes", size);
	if (!geteuid())
		ASSERT_EQ(0, setrlimit(RLIMIT_MEMLOCK, &rl));
	printf("# big region: %lu MiB (MemAvailable %ld kB)\n", size >> 20,
	       avail_kb);
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	/* Populated, as a VMM that loaded an image: GUP's fast path. */
	for (off = 0; off < size; off += 4096)
		mem[off] = 1;
	*(__u64 *)(mem + size - 4096) = 99;

	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);
	t0 = now();
	ASSERT_EQ(0, set_region(&self->g, BIG_IPA, size, (unsigned long)mem));
	t1 = now();
	/* The guest reaches the last page of it through stage 2. */
	ASSERT_EQ(0, guest_set_reg(&self->g, 9, BIG_IPA + size - 4096));
	ASSERT_EQ(0, guest_run(&self->g));
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, self->g.run->exit_reason);
	EXPECT_EQ(100, self->g.run->hypercall.args[0]);
	EXPECT_EQ(100, *(__u64 *)(mem + size - 4096 + 8));
	t2 = now();
	EXPECT_EQ(0, set_region(&self->g, BIG_IPA, 0, 0));
	printf("# map %.2f s, unmap %.2f s\n", t1 - t0, now() - t2);
	EXPECT_EQ(0, kmsg_new(kmsg, line, sizeof(line), bad)) {
		TH_LOG("kernel log: %s", line);
	}
	close(kmsg);
	/* Unmapped: the same range maps again. */
	EXPECT_EQ(0, set_region(&self->g, BIG_IPA, 2UL << 20,
				(unsigned long)mem));
	munmap(mem, size);
}

TEST_HARNESS_MAIN
