// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu VMID tests (driver/vmid.c): VMIDs are recycled with generations,
 * so the number of live VMs is not bounded by the VMID width.
 *
 *  - more live VMs than there are 8-bit VMIDs (300) each run a guest that
 *    reads its own memory through stage 2, twice over (on 8-bit CPUs the
 *    second round needs rollovers: counted in debugfs avcpu/vmid);
 *  - with the VMID space cut to the minimum (module parameter
 *    vmid_limit), two VMs on one physical CPU, run in turn with other VMs
 *    in between, go through dozens of rollovers and each still sees its
 *    own data, with a VMID inside the limit;
 *  - the same with one thread per CPU, each alternating two VMs of its
 *    own: rollovers while guests run on the other CPUs.
 *
 * QEMU's TLB is flushed on every VMID change, so these tests cannot catch
 * a missing rollover flush; Documentation/avcpu.rst ("VMIDs") argues it.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu), debugfs mounted.
 */
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

#include "kselftest_harness.h"
#include "guest_report.h"

GUEST_CODE(vmid_read);

#define VMID_DEBUGFS	"/sys/kernel/debug/avcpu/vmid"
#define VMID_LIMIT	"/sys/module/avcpu/parameters/vmid_limit"
#define REPORT		0x300
#define MANY		300

/* A field of debugfs avcpu/vmid ("name value" lines); -1 if missing. */
static long long vmid_stat(const char *name)
{
	char buf[1024], key[64], *p;

	if (read_file(VMID_DEBUGFS, buf, sizeof(buf)))
		return -1;
	snprintf(key, sizeof(key), "%s ", name);
	p = strstr(buf, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static int set_limit(unsigned int n)
{
	char s[16];

	snprintf(s, sizeof(s), "%u", n);
	return write_file(VMID_LIMIT, s);
}

/* Set the word the guest reads, run it, expect it back. */
static void run_expect(struct __test_metadata *_metadata, struct guest *g,
		       __u64 val)
{
	*(__u64 *)(g->ram + DATA_OFF) = val;
	expect_report(_metadata, g, REPORT);
	ASSERT_EQ(val, g->run->hypercall.args[0]);
}

static int vmid_of(struct guest *g)
{
	struct avcpu_sysregs s;

	if (ioctl(g->vcpu, AVCPU_GET_SYSREGS, &s))
		return -errno;
	return s.vttbr_el2 >> 48;
}

/*
 * The guest runs from a page of its own: these tests restart guests at
 * one PC hundreds of times, the pattern in which QEMU 7.2 TCG may run a
 * previous test's stale translated code (Documentation/avcpu.rst,
 * "Testing"; seen once on Debian's kernel).
 */
#define VMID_CODE_OFF	0x5000

static int make_guest(struct guest *g)
{
	struct avcpu_regs r;
	int ret = guest_create(g, guest_vmid_read_start, guest_vmid_read_end);

	if (ret)
		return ret;
	memcpy(g->ram + VMID_CODE_OFF, guest_vmid_read_start,
	       guest_vmid_read_end - guest_vmid_read_start);
	ret = guest_get_regs(g, &r);
	if (ret)
		return ret;
	r.elr = RAM_IPA + VMID_CODE_OFF;
	r.x[9] = RAM_IPA + DATA_OFF;
	return guest_set_regs(g, &r);
}

FIXTURE(vmid) {
	struct guest *g;
	int n;
};

FIXTURE_SETUP(vmid)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	ASSERT_EQ(0, set_limit(0));
	ASSERT_LE(0, vmid_stat("rollovers")) {
		TH_LOG("no %s (debugfs mounted?)", VMID_DEBUGFS);
	}
	self->g = calloc(MANY, sizeof(*self->g));
	ASSERT_NE(NULL, self->g);
	self->n = 0;
}

FIXTURE_TEARDOWN(vmid)
{
	int i;

	for (i = 0; i < self->n; i++)
		guest_destroy(&self->g[i]);
	free(self->g);
	set_limit(0);
}

/* 300 VMs at once, each one running its guest; no ENOSPC. */
TEST_F(vmid, more_live_vms_than_vmids)
{
	struct rlimit rl = { 4096, 4096 };
	long long bits = vmid_stat("bits"), before, after;
	int i, round;

	/* Three fds per guest (device, VM, vCPU). */
	if (setrlimit(RLIMIT_NOFILE, &rl))
		SKIP(return, "RLIMIT_NOFILE 4096: %s", strerror(errno));
	ASSERT_TRUE(bits == 8 || bits == 16);
	before = vmid_stat("rollovers");
	for (i = 0; i < MANY; i++, self->n++)
		ASSERT_EQ(0, make_guest(&self->g[i])) TH_LOG("VM %d", i);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < MANY; i++) {
			int id;

			run_expect(_metadata, &self->g[i],
				   0x1000000ULL * (round + 1) + i);
			id = vmid_of(&self->g[i]);
			ASSERT_LE(1, id);
			ASSERT_GE((1 << bits) - 1, id);
		}
	}
	/* VTCR_EL2.VS (bit 19) says 16-bit VMIDs exactly where they are used. */
	{
		struct avcpu_sysregs sr;

		ASSERT_EQ(0, ioctl(self->g[0].vcpu, AVCPU_GET_SYSREGS, &sr));
		EXPECT_EQ(bits == 16, !!(sr.vtcr_el2 & (1ULL << 19)));
	}
	after = vmid_stat("rollovers");
	printf("# %lld-bit VMIDs, %d live VMs x 2 runs: %lld rollovers\n",
	       bits, MANY, after - before);
	/* 8 bits: 2 x 300 entries roll over; 16 bits: 300 VMIDs suffice. */
	EXPECT_EQ(bits == 8, after > before);
}

/*
 * Two VMs on one physical CPU, run in turn with fillers in between while
 * the VMID space is as small as allowed (CPUs + 1): every round rolls
 * the generation over, and each VM still reads its own memory.
 */
TEST_F(vmid, forced_rollovers_isolated)
{
	int ncpus = sysconf(_SC_NPROCESSORS_CONF);
	int fillers = ncpus + 2, rounds = 50, i, r, limit;
	struct guest *a, *b;
	long long before, after;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	ASSERT_EQ(0, set_limit(1));	/* clamped to CPUs + 1 */
	limit = vmid_stat("limit");
	ASSERT_EQ(ncpus + 1, limit);
	ASSERT_GE(MANY, fillers + 2);
	for (i = 0; i < fillers + 2; i++, self->n++)
		ASSERT_EQ(0, make_guest(&self->g[i]));
	a = &self->g[0];
	b = &self->g[1];
	before = vmid_stat("rollovers");
	for (r = 0; r < rounds; r++) {
		run_expect(_metadata, a, 0xa0000000ULL + r);
		for (i = 2; i < fillers + 2; i++)
			run_expect(_metadata, &self->g[i], 0xf0000000ULL + i);
		run_expect(_metadata, b, 0xb0000000ULL + r);
		/* Straight after B, same CPU: A's own data, not B's. */
		run_expect(_metadata, a, 0xa1000000ULL + r);
		ASSERT_LE(1, vmid_of(a));
		ASSERT_GE(limit, vmid_of(a));
		ASSERT_LE(1, vmid_of(b));
		ASSERT_GE(limit, vmid_of(b));
	}
	after = vmid_stat("rollovers");
	printf("# VMIDs 1..%d, %d VMs on CPU 0, %d rounds: %lld rollovers\n",
	       limit, fillers + 2, rounds, after - before);
	/* Each round runs fillers + 2 > limit VMs: at least one rollover. */
	EXPECT_LE(rounds, after - before);
	EXPECT_EQ(0, vmid_stat("flush_pending"));
}

struct rollover_thread {
	struct guest *g;	/* two guests */
	int id, rounds, failed;
	__u64 got, want;
};

static void *rollover_thread(void *arg)
{
	struct rollover_thread *t = arg;
	int r, k;

	for (r = 0; r < t->rounds && !t->failed; r++) {
		for (k = 0; k < 2; k++) {
			struct guest *g = &t->g[k];

			t->want = ((__u64)t->id << 32) | (r << 1) | k;
			*(__u64 *)(g->ram + DATA_OFF) = t->want;
			if (guest_run(g) ||
			    g->run->exit_reason != AVCPU_EXIT_HYPERCALL ||
			    g->run->hypercall.nr != REPORT) {
				t->failed = 1;
				t->got = ~0ULL;
				break;
			}
			t->got = g->run->hypercall.args[0];
			if (t->got != t->want) {
				t->failed = 2;
				break;
			}
		}
	}
	return NULL;
}

/*
 * One thread per CPU (at least two), each alternating two VMs of its own,
 * with the smallest VMID space: rollovers happen while other CPUs run
 * guests (their VMIDs reserved), entries race the lock-free fast path.
 */
TEST_F(vmid, concurrent_rollovers)
{
	int nthreads = sysconf(_SC_NPROCESSORS_ONLN), i;
	struct rollover_thread t[8];
	pthread_t tid[8];
	long long before, after;

	if (nthreads < 2)
		nthreads = 2;
	if (nthreads > 8)
		nthreads = 8;
	ASSERT_EQ(0, set_limit(1));
	for (i = 0; i < 2 * nthreads; i++, self->n++)
		ASSERT_EQ(0, make_guest(&self->g[i]));
	before = vmid_stat("rollovers");
	for (i = 0; i < nthreads; i++) {
		t[i] = (struct rollover_thread){ .g = &self->g[2 * i], .id = i,
						 .rounds = 200 };
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, rollover_thread,
					    &t[i]));
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(tid[i], NULL);
		EXPECT_EQ(0, t[i].failed) {
			TH_LOG("thread %d: read %#llx, wanted %#llx", i,
			       (unsigned long long)t[i].got,
			       (unsigned long long)t[i].want);
		}
	}
	after = vmid_stat("rollovers");
	printf("# VMIDs 1..%lld, %d threads x 2 VMs x 200 rounds: %lld rollovers\n",
	       vmid_stat("limit"), nthreads, after - before);
	/* 2 x threads VMs > limit + 1 VMIDs, on at most threads CPUs. */
	EXPECT_LE(1, after - before);
	EXPECT_EQ(0, vmid_stat("flush_pending"));
}

TEST_HARNESS_MAIN
