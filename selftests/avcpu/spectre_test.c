// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu's speculation mitigations at EL2 (Documentation/avcpu.rst,
 * "Speculation"):
 *  - what EL2 reports applying on each CPU (AVCPU_GET_EL2_INFO, read at
 *    EL2) is what the kernel's own view and the CPU's MIDR call for: the
 *    speculative-AT workaround on Cortex-A72 and not on QEMU's max, the
 *    Spectre-v2/BHB vector mitigation as
 *    /sys/devices/system/cpu/vulnerabilities/spectre_v2 says;
 *  - with the speculative-AT ordering the guest's TCR_EL1 and SCTLR_EL1
 *    come back exact across exits, and the host keeps running;
 *  - the branch-history loop vectors (force_bhb_loop=1 where the CPU has
 *    a loop count) run guests.
 * QEMU models no speculation: this shows what is applied and that it is
 * harmless, not that it mitigates anything.
 */
#include "kselftest_harness.h"
#include "vcpu_util.h"

GUEST_CODE(at_regs);
GUEST_CODE(spec_hvc_loop);

#define SPEC_FLAGS	(AVCPU_EL2_SPEC_AT | AVCPU_EL2_BHB_LOOP | \
			 AVCPU_EL2_BP_FW | AVCPU_EL2_BHB_CLRBHB | \
			 AVCPU_EL2_SSBD)

#define MIDR_IMPL(m)	(((m) >> 24) & 0xff)
#define MIDR_PART(m)	(((m) >> 4) & 0xfff)
#define MIDR_ARM	0x41
#define MIDR_QCOM	0x51

#define GUEST_TCR	0x5b5103510UL	/* 48-bit VAs, 4K/4K, no EPDx */
#define GUEST_SCTLR	0x30c50830UL	/* reset value: MMU off */

/* cpu_errata.c's capability description, printed at boot. */
#define SPEC_AT_DETECTED "detected: ARM errata 1165522, 1319367, or 1530923"

/* Variant and revision, as rNpM: 0x20 is r2p0. */
static unsigned int midr_vr(unsigned long m)
{
	return ((m >> 16) & 0xf0) | (m & 0xf);
}

static unsigned long cpu_midr(int cpu)
{
	char path[96], buf[64];

	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%d/regs/identification/midr_el1",
		 cpu);
	if (read_file(path, buf, sizeof(buf)))
		return ~0UL;
	return strtoul(buf, NULL, 16);
}

/*
 * cpu_errata.c's erratum_speculative_at_list with errata 1165522,
 * 1319367 (and 1319537) and 1530923 configured, as the test-bed kernel
 * and Debian's are.
 */
static int midr_spec_at(unsigned long m)
{
	if (MIDR_IMPL(m) == MIDR_ARM) {
		switch (MIDR_PART(m)) {
		case 0xd0b:			/* Cortex-A76 r0p0..r2p0 */
		case 0xd05:			/* Cortex-A55 r0p0..r2p0 */
			return midr_vr(m) <= 0x20;
		case 0xd07:			/* Cortex-A57 */
		case 0xd08:			/* Cortex-A72 */
			return 1;
		}
	}
	/* Kryo 4xx Silver r13p14 */
	return MIDR_IMPL(m) == MIDR_QCOM && MIDR_PART(m) == 0x805 &&
	       midr_vr(m) == 0xde;
}

/* k of proton-pack.c's spectre_bhb_loop_affected(), Arm cores. */
static int midr_bhb_k(unsigned long m)
{
	if (MIDR_IMPL(m) != MIDR_ARM)
		return 0;
	switch (MIDR_PART(m)) {
	case 0xd07: case 0xd08:
		return 8;
	case 0xd0b: case 0xd0e: case 0xd0d: case 0xd0c:
		return 24;
	case 0xd41: case 0xd42: case 0xd4b: case 0xd44: case 0xd4c:
	case 0xd47: case 0xd48: case 0xd49: case 0xd40:
		return 32;
	case 0xd4d: case 0xd81:
		return 38;
	case 0xd4e: case 0xd4f:
		return 132;
	}
	return 0;
}

/* FEAT_SSBS, from the kernel's emulated (sanitised) ID register. */
static int cpu_has_ssbs(void)
{
	unsigned long pfr1;

	asm volatile("mrs %0, id_aa64pfr1_el1" : "=r" (pfr1));
	return ((pfr1 >> 4) & 0xf) != 0;
}

static void spectre_v2_view(char *buf, size_t len)
{
	char *nl;

	if (read_file("/sys/devices/system/cpu/vulnerabilities/spectre_v2",
		      buf, len))
		snprintf(buf, len, "(none)");
	nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
}

/*
 * The vector mitigation KVM would use on a CPU with @midr, as the kernel's
 * view says: firmware where Spectre-v2 is mitigated by "Branch predictor
 * hardening" (ARCH_WORKAROUND_1), the loop where the BHB is mitigated and
 * the CPU has a loop count, nothing where the kernel says "Vulnerable",
 * "Not affected" or "but not BHB".  @force: force_bhb_loop=1.
 */
static unsigned int expected_vec(const char *view, unsigned long midr,
				 int force)
{
	if (strstr(view, "Branch predictor hardening"))
		return AVCPU_EL2_BP_FW;
	if ((strstr(view, ", BHB") || force) && midr_bhb_k(midr))
		return AVCPU_EL2_BHB_LOOP;
	return 0;
}

static unsigned int expected_flags(const char *view, unsigned long midr,
				   int force)
{
	unsigned int f = expected_vec(view, midr, force);
	int cpu;

	/* A system-wide capability: any affected CPU turns it on. */
	for (cpu = 0; cpu < nr_cpus_configured(); cpu++)
		if (cpu_is_online(cpu) && midr_spec_at(cpu_midr(cpu)))
			f |= AVCPU_EL2_SPEC_AT;
	if (cpu_has_ssbs())
		f |= AVCPU_EL2_SSBD;
	return f;
}

static int load_avcpu(const char *params)
{
	char path[PATH_MAX];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/avcpu.ko", avcpu_moddir());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, params, 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* Every online CPU's EL2 reports exactly what is expected. */
static void check_cpus(struct __test_metadata *_metadata, int force)
{
	struct avcpu_el2_info info;
	char view[256];
	int cpu, fd;

	spectre_v2_view(view, sizeof(view));
	fd = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	for (cpu = 0; cpu < nr_cpus_configured(); cpu++) {
		unsigned long midr = cpu_midr(cpu);
		unsigned int want;

		if (!cpu_is_online(cpu))
			continue;
		want = expected_flags(view, midr, force);
		ASSERT_EQ(0, el2_info(fd, cpu, &info));
		ASSERT_EQ(AVCPU_EL2_STATE_AVCPU, info.state);
		EXPECT_EQ(want, info.flags & SPEC_FLAGS);
		EXPECT_NE(0, info.flags & AVCPU_EL2_VBAR_OURS);
		TH_LOG("cpu%d MIDR %#lx \"%s\": AT %d loop %d fw %d clrbhb %d ssbd %d",
		       cpu, midr, view, !!(info.flags & AVCPU_EL2_SPEC_AT),
		       !!(info.flags & AVCPU_EL2_BHB_LOOP),
		       !!(info.flags & AVCPU_EL2_BP_FW),
		       !!(info.flags & AVCPU_EL2_BHB_CLRBHB),
		       !!(info.flags & AVCPU_EL2_SSBD));
	}
	close(fd);
}

FIXTURE(spec) {
	struct guest g;
};

FIXTURE_SETUP(spec)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	memset(&self->g, 0, sizeof(self->g));
}

FIXTURE_TEARDOWN(spec)
{
	guest_destroy(&self->g);
}

TEST_F(spec, el2_reports_the_kernels_view)
{
	unsigned long midr = cpu_midr(0);

	check_cpus(_metadata, 0);
	/* The two QEMU models of the matrix, spelled out. */
	if (MIDR_IMPL(midr) == MIDR_ARM && MIDR_PART(midr) == 0xd08)
		TH_LOG("Cortex-A72: speculative-AT workaround expected on");
	if (MIDR_IMPL(midr) == 0 && MIDR_PART(midr) == 0x051)
		TH_LOG("QEMU max: speculative-AT workaround expected off");
	/* The kernel detected the erratum exactly where avcpu applies it. */
	if (klog_contains("CPU features: detected:")) {
		int detected = klog_contains(SPEC_AT_DETECTED);

		TH_LOG("kernel log: \"%s\" %s", SPEC_AT_DETECTED,
		       detected ? "present" : "absent");
		EXPECT_EQ(midr_spec_at(midr), detected);
	} else {
		TH_LOG("boot log no longer in the kernel's buffer");
	}
}

/*
 * The guest's TCR_EL1 (EPDx clear) and SCTLR_EL1 (MMU off) read back
 * exactly after each of 200 exits: EL2's EPDx/M steps around the switch
 * never reach the guest, nor its saved state, nor the host.
 */
TEST_F(spec, at_ordering_keeps_translation_registers)
{
	struct guest *g = &self->g;
	struct avcpu_sysregs s;
	int i;

	ASSERT_EQ(0, guest_create(g, guest_at_regs_start, guest_at_regs_end));
	ASSERT_EQ(0, guest_set_reg(g, 1, GUEST_TCR));
	ASSERT_EQ(0, guest_set_reg(g, 2, GUEST_SCTLR));
	ASSERT_EQ(0, guest_set_reg(g, 3, 200));
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, guest_run(g));
		ASSERT_EQ(AVCPU_EXIT_HYPERCALL, g->run->exit_reason);
		ASSERT_EQ(0x900, g->run->hypercall.nr);
		if (i == 100) {
			ASSERT_EQ(0, ioctl(g->vcpu, AVCPU_GET_SYSREGS, &s));
			EXPECT_EQ(GUEST_TCR, s.tcr_el1);
			EXPECT_EQ(GUEST_SCTLR, s.sctlr_el1);
		}
	}
	ASSERT_EQ(0, guest_run(g));
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, g->run->exit_reason);
	ASSERT_EQ(0x901, g->run->hypercall.nr);
	EXPECT_EQ(0, g->run->hypercall.args[0]);
	EXPECT_EQ(GUEST_TCR, g->run->hypercall.args[1]);
	EXPECT_EQ(GUEST_SCTLR, g->run->hypercall.args[2]);
}

/*
 * The same on every CPU after a CPU PM round trip (reinstall from the
 * kept state) and after hotplug (state computed again).
 */
TEST_F(spec, kept_across_cpu_pm_and_hotplug)
{
	int cpu = nr_cpus_online() - 1;
	char buf[16];

	ASSERT_EQ(0, ensure_stubcall());
	snprintf(buf, sizeof(buf), "%d", cpu);
	ASSERT_EQ(0, write_file(STUBCALL "/cpu_pm", buf));
	check_cpus(_metadata, 0);
	if (cpu == 0 || !cpu_is_online(cpu))
		return;
	ASSERT_EQ(0, set_cpu_online(cpu, 0));
	ASSERT_EQ(0, set_cpu_online(cpu, 1));
	check_cpus(_metadata, 0);
}

/*
 * The loop runs from a page of its own: restarting guests at RAM_IPA is
 * the pattern in which QEMU 7.2 TCG may run a previous test's stale
 * translated code (as vmid_test.c; seen once here on Debian's kernel,
 * where the previous test's at_regs program ran instead).
 */
#define SPEC_LOOP_OFF	0x7000

/*
 * force_bhb_loop=1: the loop vectors wherever the CPU has a loop count
 * (Cortex-A72: k = 8; none on QEMU max), and guests run through them.
 */
TEST(force_bhb_loop)
{
	struct avcpu_regs r;
	struct guest g;
	int i, ret;

	ret = unload_module("avcpu");
	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, load_avcpu("force_bhb_loop=1"));
	check_cpus(_metadata, 1);

	ASSERT_EQ(0, guest_create(&g, guest_spec_hvc_loop_start,
				  guest_spec_hvc_loop_end));
	memcpy(g.ram + SPEC_LOOP_OFF, guest_spec_hvc_loop_start,
	       guest_spec_hvc_loop_end - guest_spec_hvc_loop_start);
	ASSERT_EQ(0, guest_get_regs(&g, &r));
	r.elr = RAM_IPA + SPEC_LOOP_OFF;
	ASSERT_EQ(0, guest_set_regs(&g, &r));
	for (i = 0; i < 2000; i++) {
		ASSERT_EQ(0, guest_run(&g));
		ASSERT_EQ(AVCPU_EXIT_HYPERCALL, g.run->exit_reason) {
			TH_LOG("run %d: exit %u, esr %#llx pc %#llx", i,
			       g.run->exit_reason,
			       (unsigned long long)g.run->exception.esr,
			       (unsigned long long)g.run->exception.pc);
		}
	}
	guest_destroy(&g);
	ASSERT_EQ(0, unload_module("avcpu"));
	ASSERT_EQ(0, load_avcpu(""));
	check_cpus(_metadata, 0);
}

TEST_HARNESS_MAIN
