// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu owns EL2 on every CPU while loaded and gives it back on unload;
 * the hyp-stub ABI keeps working for the host; hotplug and CPU PM keep
 * every online CPU on avcpu's EL2; /dev/avcpu is root's.
 *
 * Needs avcpu.ko and avcpu_stubcall.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"

#define ALL_FLAGS (AVCPU_EL2_VBAR_OURS | AVCPU_EL2_MMU_ON |		\
		   AVCPU_EL2_DCACHE_ON | AVCPU_EL2_ICACHE_ON |		\
		   AVCPU_EL2_WXN)
/* The speculation flags depend on the CPU: spectre_test.c checks them. */
#define BASE_FLAGS(f)	((f) & ~(AVCPU_EL2_SPEC_AT | AVCPU_EL2_BHB_LOOP | \
				 AVCPU_EL2_BP_FW | AVCPU_EL2_BHB_CLRBHB | \
				 AVCPU_EL2_SSBD))

/* The highest-numbered online CPU: CPU 0 when there is only one. */
static int last_cpu(void)
{
	int cpu;

	for (cpu = nr_cpus_configured() - 1; cpu > 0; cpu--)
		if (cpu_is_online(cpu))
			return cpu;
	return 0;
}

FIXTURE(el2) {
	int fd;
};

FIXTURE_SETUP(el2)
{
	ASSERT_EQ(0, ensure_stubcall());
	ASSERT_TRUE(all_cpus_answer(STUB_ERR));
	ASSERT_EQ(0, load_module("avcpu"));
	self->fd = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(el2)
{
	close(self->fd);
	ASSERT_EQ(0, unload_module("avcpu"));
	/* Whatever the test did, the stub is back on every online CPU. */
	EXPECT_TRUE(all_cpus_answer(STUB_ERR));
}

/* Every online CPU answers with avcpu's state; returns how many. */
static int check_all_avcpu(struct __test_metadata *_metadata, int fd,
			   int skip_cpu)
{
	struct avcpu_el2_info info;
	int cpu, n = 0;

	for (cpu = 0; cpu < nr_cpus_configured(); cpu++) {
		if (cpu == skip_cpu || !cpu_is_online(cpu))
			continue;
		EXPECT_EQ(0, el2_info(fd, cpu, &info));
		EXPECT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
		EXPECT_EQ(ALL_FLAGS | AVCPU_EL2_RAW, BASE_FLAGS(info.flags));
		EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
		n++;
	}
	return n;
}

TEST_F(el2, api_version)
{
	EXPECT_EQ(AVCPU_API_VERSION, ioctl(self->fd, AVCPU_GET_API_VERSION, 0));
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_API_VERSION, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IO(AVCPU_IO, 0x3f), 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(el2, every_cpu_runs_avcpu)
{
	struct avcpu_el2_info info;
	int cpu, n = 0;

	for (cpu = 0; cpu < nr_cpus_configured(); cpu++) {
		if (!cpu_is_online(cpu))
			continue;
		ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
		EXPECT_EQ(cpu, info.cpu);
		EXPECT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
		EXPECT_EQ(ALL_FLAGS | AVCPU_EL2_RAW, BASE_FLAGS(info.flags));
		/* VBAR_EL2 is 2 KiB aligned, and not the stub's. */
		EXPECT_NE(0, info.vbar_el2);
		EXPECT_EQ(0, info.vbar_el2 & 0x7ff);
		EXPECT_NE(0, info.stub_vbar);
		EXPECT_NE(info.stub_vbar, info.vbar_el2);
		EXPECT_EQ(1, info.sctlr_el2 & 1);
		/* T0SZ = 16: a 48-bit EL2 address space, 4 KiB granule. */
		EXPECT_EQ(16, info.tcr_el2 & 0x3f);
		EXPECT_EQ(0, (info.tcr_el2 >> 14) & 3);
		EXPECT_NE(0, info.ttbr0_el2);
		EXPECT_LT(0, info.host_calls);
		EXPECT_EQ(0, info.refused_calls);
		EXPECT_EQ(0, info.reserved[0] | info.reserved[1] |
			     info.reserved[2] | info.reserved[3]);
		EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
		n++;
	}
	EXPECT_EQ(nr_cpus_online(), n);
}

TEST_F(el2, el2_info_bad_input)
{
	struct avcpu_el2_info info = { .cpu = 0 };

	info.cpu = 4096;
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_EL2_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	info.cpu = ~0U;
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_EL2_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	memset(&info, 0, sizeof(info));
	info.reserved[3] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_EL2_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_EL2_INFO, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, AVCPU_GET_EL2_INFO, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/* Physical addresses are for CAP_SYS_ADMIN only, even on an open fd. */
TEST_F(el2, raw_addresses_need_cap_sys_admin)
{
	struct avcpu_el2_info info;
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			_exit(10);
		if (el2_info(self->fd, 0, &info))
			_exit(11);
		if (info.state != AVCPU_EL2_STATE_AVCPU)
			_exit(12);
		if (BASE_FLAGS(info.flags) != ALL_FLAGS)
			_exit(13);
		if (info.vbar_el2 || info.ttbr0_el2 || info.stub_vbar)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(el2, nonroot_cannot_open)
{
	struct stat st;
	int status;
	pid_t pid;

	ASSERT_EQ(0, stat("/dev/avcpu", &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (open("/dev/avcpu", O_RDWR) >= 0)
			_exit(11);
		_exit(errno == EACCES ? 0 : 12);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Unknown ids get the stub's own error, for stub and avcpu ranges alike. */
TEST_F(el2, unknown_host_calls)
{
	int cpu = last_cpu();

	EXPECT_EQ(STUB_ERR, stub_call(cpu, 4, 0, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 0x41564300 + 99, 0, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 0xc6000000, 0, 0, 0, 0));
	EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
}

/*
 * HVC_SET_VECTORS from the host with no vCPU loaded: EL2 goes back to the
 * stub's state with VBAR_EL2 = x1, and avcpu records the CPU as lost.
 */
TEST_F(el2, host_set_vectors_takes_cpu)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();

	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	ASSERT_NE(0, info.stub_vbar);
	EXPECT_EQ(0, stub_call(cpu, 0, info.stub_vbar, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_probe(cpu));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
	EXPECT_EQ(0, info.lost_call);
	EXPECT_EQ(0, info.flags);
	EXPECT_EQ(nr_cpus_online() - 1,
		  check_all_avcpu(_metadata, self->fd, cpu));
}

TEST_F(el2, host_reset_vectors_takes_cpu)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();

	EXPECT_EQ(0, stub_call(cpu, 2, 0, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_probe(cpu));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
	EXPECT_EQ(2, info.lost_call);
	EXPECT_EQ(nr_cpus_online() - 1,
		  check_all_avcpu(_metadata, self->fd, cpu));
}

/*
 * HVC_SOFT_RESTART: the stub's jump, at EL2 with the MMU off, to x1 with
 * x0 = x2.  The target is a lone "eret", so the call returns x2.
 */
TEST_F(el2, host_soft_restart_jumps_like_the_stub)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();
	char buf[64];
	unsigned long pa;

	ASSERT_EQ(0, read_file(STUBCALL "/eret_pa", buf, sizeof(buf)));
	pa = strtoul(buf, NULL, 16);
	ASSERT_NE(0, pa);
	EXPECT_EQ(0x1234abcdUL, stub_call(cpu, 1, pa, 0x1234abcd, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_probe(cpu));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
	EXPECT_EQ(1, info.lost_call);
}

/* HVC_FINALISE_EL2 is a boot-time call: refused, EL2 stays avcpu's. */
TEST_F(el2, host_finalise_refused)
{
	int cpu = last_cpu();

	EXPECT_EQ(STUB_ERR, stub_call(cpu, 3, 0, 0, 0, 0));
	EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

/* pin_el2: takeover calls are refused with the stub's error, and counted. */
TEST_F(el2, pinned_el2_refuses_takeover)
{
	const char *pin = "/sys/module/avcpu/parameters/pin_el2";
	struct avcpu_el2_info info;
	int cpu = last_cpu();
	char buf[64];
	unsigned long pa;

	ASSERT_EQ(0, read_file(STUBCALL "/eret_pa", buf, sizeof(buf)));
	pa = strtoul(buf, NULL, 16);
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(0, info.refused_calls);

	ASSERT_EQ(0, write_file(pin, "1"));
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 2, 0, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 0, info.stub_vbar, 0, 0, 0));
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 1, pa, 0x55, 0, 0));
	EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
	EXPECT_EQ(3, info.refused_calls);
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));

	/* Unpinned, the same call takes the CPU. */
	ASSERT_EQ(0, write_file(pin, "0"));
	EXPECT_EQ(0, stub_call(cpu, 2, 0, 0, 0, 0));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
	EXPECT_EQ(3, info.refused_calls);
}

/* While a VM exists EL2 is pinned: a host takeover is refused. */
TEST_F(el2, vm_pins_el2)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();
	int vm = ioctl(self->fd, AVCPU_CREATE_VM, 0);

	ASSERT_LE(0, vm);
	EXPECT_EQ(STUB_ERR, stub_call(cpu, 2, 0, 0, 0, 0));
	EXPECT_EQ(HYP_MAGIC, stub_probe(cpu));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
	EXPECT_EQ(1, info.refused_calls);
	close(vm);
	EXPECT_EQ(0, stub_call(cpu, 2, 0, 0, 0, 0));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
}

TEST_F(el2, hotplug_reinstalls)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();

	if (cpu == 0)
		SKIP(return, "one CPU: nothing to offline");
	ASSERT_EQ(0, set_cpu_online(cpu, 0));
	EXPECT_EQ(-ENXIO, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
	ASSERT_EQ(0, set_cpu_online(cpu, 1));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

/* A CPU lost to a host call is avcpu's again after it cycles offline. */
TEST_F(el2, lost_cpu_back_after_hotplug)
{
	struct avcpu_el2_info info;
	int cpu = last_cpu();

	if (cpu == 0)
		SKIP(return, "one CPU: nothing to offline");
	EXPECT_EQ(0, stub_call(cpu, 2, 0, 0, 0, 0));
	ASSERT_EQ(0, el2_info(self->fd, cpu, &info));
	EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
	ASSERT_EQ(0, set_cpu_online(cpu, 0));
	ASSERT_EQ(0, set_cpu_online(cpu, 1));
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

/*
 * CPU PM: EL2 is given back on entry to a power-down and taken again on
 * exit, so the CPU ends on avcpu's EL2 whether or not it lost power.
 */
TEST_F(el2, cpu_pm_round_trip)
{
	unsigned long mid, after;
	int cpu = last_cpu(), n;
	char buf[16], res[64];

	snprintf(buf, sizeof(buf), "%d", cpu);
	ASSERT_EQ(0, write_file(STUBCALL "/cpu_pm", buf));
	ASSERT_EQ(0, read_file(STUBCALL "/cpu_pm", res, sizeof(res)));
	n = sscanf(res, "%lx %lx", &mid, &after);
	ASSERT_EQ(2, n);
	EXPECT_EQ(STUB_ERR, mid);
	EXPECT_EQ(HYP_MAGIC, after);
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

TEST_F(el2, hibernation_refused)
{
	EXPECT_EQ(-EBUSY, write_file("/sys/power/state", "disk"));
	EXPECT_TRUE(klog_contains("hibernation refused while avcpu owns EL2"));
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

/*
 * 100 load/unload cycles, each checked on every CPU from both sides.
 * On the debug kernel (KASAN, kmemleak, lockdep) a cycle takes about a
 * second, beyond the harness's default 30 s for the whole test.
 */
FIXTURE(cycles) {};
FIXTURE_SETUP(cycles) {}
FIXTURE_TEARDOWN(cycles) {}

TEST_F_TIMEOUT(cycles, load_unload_100, 600)
{
	struct avcpu_el2_info info;
	int i, cpu, fd;

	ASSERT_EQ(0, ensure_stubcall());
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, load_module("avcpu"));
		fd = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
		ASSERT_LE(0, fd);
		for (cpu = 0; cpu < nr_cpus_configured(); cpu++) {
			if (!cpu_is_online(cpu))
				continue;
			ASSERT_EQ(0, el2_info(fd, cpu, &info));
			ASSERT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
			ASSERT_EQ(ALL_FLAGS | AVCPU_EL2_RAW, BASE_FLAGS(info.flags));
		}
		ASSERT_TRUE(all_cpus_answer(HYP_MAGIC));
		close(fd);
		ASSERT_EQ(0, unload_module("avcpu"));
		ASSERT_TRUE(all_cpus_answer(STUB_ERR)) {
			TH_LOG("cycle %d: stub not back on every CPU", i);
		}
	}
}

/* Loading twice fails cleanly; the first instance keeps EL2. */
TEST_F(el2, second_load_refused)
{
	EXPECT_EQ(-EEXIST, load_module("avcpu"));
	EXPECT_EQ(nr_cpus_online(), check_all_avcpu(_metadata, self->fd, -1));
}

TEST_HARNESS_MAIN
