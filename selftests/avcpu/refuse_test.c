// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu on machines where EL2 is not the hyp stub's to give: each test is
 * meant for one boot configuration and is picked with -t by the test bed
 * (scripts/check.sh):
 *
 *   kvm_owns_el2       KVM took EL2 at boot           -> EBUSY, KVM works
 *   vhe_kernel         the kernel itself runs at EL2  -> ENODEV
 *   no_el2             the CPU has no EL2             -> ENODEV, no oops
 *   kvm_late_takeover  kvm.enable_virt_at_load=0: avcpu loads, KVM's
 *                      first VM takes EL2 back from it (documented); and
 *                      until then, no guest can have an irqchip (KVM
 *                      holds the GIC maintenance interrupt), while guests
 *                      without one still run
 */
#include <sys/stat.h>
#include <linux/kvm.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"
#include "vcpu_util.h"

static int kvm_create_vm(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm;

	if (kvm < 0)
		return -errno;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		vm = -errno;
	close(kvm);
	return vm;
}

TEST(kvm_owns_el2)
{
	int vm;

	EXPECT_EQ(-EBUSY, load_module("avcpu"));
	EXPECT_FALSE(module_loaded("avcpu"));
	EXPECT_TRUE(klog_contains("KVM owns EL2; boot with kvm-arm.mode=none"));
	/* EL2 was not disturbed: KVM still creates VMs. */
	vm = kvm_create_vm();
	ASSERT_LE(0, vm);
	close(vm);
}

TEST(vhe_kernel)
{
	EXPECT_EQ(-ENODEV, load_module("avcpu"));
	EXPECT_FALSE(module_loaded("avcpu"));
	EXPECT_TRUE(klog_contains("boot with id_aa64mmfr1.vh=0"));
}

TEST(no_el2)
{
	EXPECT_EQ(-ENODEV, load_module("avcpu"));
	EXPECT_FALSE(module_loaded("avcpu"));
	EXPECT_TRUE(klog_contains("CPU has no EL2"));
	EXPECT_FALSE(klog_contains("Internal error"));
}

/*
 * KVM built in with enable_virt_at_load=0 leaves the stub at EL2 until its
 * first VM.  avcpu loads; KVM's takeover (HVC_RESET_VECTORS then
 * HVC_SET_VECTORS on every CPU) is a host stub call with no vCPU loaded,
 * so avcpu gives each CPU back and reports it lost; unloading avcpu then
 * leaves KVM's EL2 alone.
 */
TEST(kvm_late_takeover)
{
	static const __u32 hvc_imm[] = { 0xd4000222 };	/* hvc #0x11 */
	struct avcpu_irqchip ic = { .dist_base = 0x08000000,
				    .redist_base = 0x080a0000 };
	struct avcpu_el2_info info;
	int fd, vm, cpu;
	struct guest g;

	ASSERT_EQ(0, ensure_stubcall());
	ASSERT_EQ(0, load_module("avcpu"));
	fd = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_TRUE(all_cpus_answer(HYP_MAGIC));

	/*
	 * KVM's init claimed the maintenance PPI (and the vtimer's): no
	 * irqchip, one log line saying why; a guest without one runs.
	 */
	ASSERT_EQ(0, guest_create(&g, (const char *)hvc_imm,
				  (const char *)(hvc_imm + 1)));
	EXPECT_EQ(-1, ioctl(g.vm, AVCPU_CREATE_IRQCHIP, &ic));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_TRUE(klog_contains("no virtual GIC for guests: KVM holds the GIC maintenance"));
	ASSERT_EQ(0, guest_run(&g));
	EXPECT_EQ(AVCPU_EXIT_HYPERCALL, g.run->exit_reason);
	EXPECT_EQ(0x11, g.run->hypercall.imm);
	guest_destroy(&g);

	vm = kvm_create_vm();
	ASSERT_LE(0, vm);
	for (cpu = 0; cpu < nr_cpus_online(); cpu++) {
		ASSERT_EQ(0, el2_info(fd, cpu, &info));
		EXPECT_EQ(AVCPU_EL2_STATE_LOST, info.state);
		/* KVM's cpu_hyp_reset() comes first. */
		EXPECT_EQ(2, info.lost_call);
		/* KVM answers unknown host calls with -1. */
		EXPECT_EQ(~0UL, stub_probe(cpu));
	}
	close(fd);
	ASSERT_EQ(0, unload_module("avcpu"));
	EXPECT_TRUE(all_cpus_answer(~0UL));
	close(vm);
	/* The last VM gone, KVM gives EL2 back to the stub. */
	EXPECT_TRUE(all_cpus_answer(STUB_ERR));
	vm = kvm_create_vm();
	ASSERT_LE(0, vm);
	close(vm);
}

TEST_HARNESS_MAIN
