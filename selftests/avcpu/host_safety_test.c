// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu host safety: what one VM leaves in a physical CPU never shows in
 * another (exit syndromes, the GIC virtual CPU interface, DISR_EL1), a
 * guest cannot wedge its own vCPU (illegal exception returns, AArch32
 * EL0), EL2 answers what it can without the host (TVM, set/way: T0), and
 * GET_SYSREGS shows the EL2 controls EL2 really loads.  Isolation tests run
 * both VMs on one physical CPU.  Guest programs: host_safety_guest.S.
 */
#include <sched.h>

#include "kselftest_harness.h"
#include "guest_report.h"

GUEST_CODE(load);
GUEST_CODE(sysreg);
GUEST_CODE(gic_ras);
GUEST_CODE(illegal);
GUEST_CODE(illegal0);
GUEST_CODE(report_el1);
GUEST_CODE(aarch32);
GUEST_CODE(tvm);
GUEST_CODE(lor);
GUEST_CODE(wfe);
GUEST_CODE(dfr0);
GUEST_CODE(cache_id);
GUEST_CODE(par);
GUEST_SYMBOL(guest_illegal_target);

#define EC(esr)			(((esr) >> 26) & 0x3f)
#define EC_ILLEGAL		0x0e
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define PSR_IL			0x100000ULL
#define HCR_PTW		0x4ULL
#define ILLEGAL0_OFF		0x6000
#define DFR0_OFF		0x9000
#define CTR_IDC			0x10000000ULL
#define HCR_TID2		0x20000ULL
#define HCR_TWE		0x4000ULL
#define HCR_TSW		0x400000ULL
#define HCR_TVM		0x4000000ULL
#define HCR_TLOR	0x800000000ULL
#define HCR_FWB		0x400000000000ULL
#define MDCR_E2PB		0x3000ULL
#define MDCR_E2TB		0x3000000ULL

#define CREATE(g, name) \
	ASSERT_EQ(0, guest_create(g, guest_##name##_start, guest_##name##_end))

FIXTURE(safety) {
	struct guest a, b;
};

FIXTURE_SETUP(safety)
{
	int ret = load_module("avcpu");
	cpu_set_t cpus;

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	memset(&self->a, 0, sizeof(self->a));
	memset(&self->b, 0, sizeof(self->b));
	/* Both VMs of a test on one physical CPU. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpus), &cpus));
}

FIXTURE_TEARDOWN(safety)
{
	guest_destroy(&self->a);
	guest_destroy(&self->b);
}

static __u64 hcr_of(struct guest *g)
{
	struct avcpu_sysregs s;

	if (ioctl(g->vcpu, AVCPU_GET_SYSREGS, &s))
		return 0;
	return s.hcr_el2;
}

/*
 * Issue #7.1: VM A's abort leaves FAR_EL2/HPFAR_EL2 set; VM B's system
 * register trap (no FAR in the architecture) must report none of it: its
 * exit is its own syndrome and PC, with nothing in the rest of the
 * payload.
 */
TEST_F(safety, stale_far_not_reported)
{
	CREATE(&self->a, load);
	CREATE(&self->b, sysreg);
	ASSERT_EQ(0, guest_set_reg(&self->a, 9, 0x7eadb000));
	ASSERT_EQ(0, guest_run(&self->a));
	ASSERT_EQ(AVCPU_EXIT_MMIO, self->a.run->exit_reason);
	EXPECT_EQ(0x7eadb000, self->a.run->mmio.phys_addr);

	ASSERT_EQ(0, guest_run(&self->b));
	ASSERT_EQ(AVCPU_EXIT_SYSREG, self->b.run->exit_reason);
	EXPECT_EQ(EC_SYS64, EC(self->b.run->sysreg.esr));
	EXPECT_EQ(RAM_IPA, self->b.run->sysreg.pc);
	EXPECT_EQ(0, self->b.run->sysreg.value);
	EXPECT_EQ(1, self->b.run->sysreg.reg);
	EXPECT_EQ(0, self->b.run->sysreg.is_write);
}

static void gic_ras_read(struct __test_metadata *_metadata, struct guest *g,
			 __u64 out[3], __u64 *ras)
{
	expect_report(_metadata, g, 0x1100);
	*ras = g->run->hypercall.args[0];
	expect_report(_metadata, g, 0x1101);
	memcpy(out, g->run->hypercall.args, 3 * sizeof(__u64));
}

/*
 * Issue #7.2: ICC_PMR_EL1/ICC_BPR1_EL1 (ICH_VMCR_EL2 under IMO) and
 * DISR_EL1 (VDISR_EL2 under AMO, FEAT_RAS only) are per vCPU.  A fresh VM
 * reads the same values before and after another VM wrote its own, and
 * that VM still reads back what it wrote.
 */
TEST_F(safety, gic_vcpu_interface_and_disr_isolated)
{
	struct guest c;
	__u64 fresh[3], seen[3], own[3], ras;

	/* A fresh VM's values, before anybody wrote anything. */
	CREATE(&c, gic_ras);
	gic_ras_read(_metadata, &c, fresh, &ras);
	guest_destroy(&c);

	CREATE(&self->a, gic_ras);
	ASSERT_EQ(0, guest_set_reg(&self->a, 9, 1));
	ASSERT_EQ(0, guest_set_reg(&self->a, 1, 0x80));
	ASSERT_EQ(0, guest_set_reg(&self->a, 2, 0x80000000));
	ASSERT_EQ(0, guest_set_reg(&self->a, 3, 5));
	expect_report(_metadata, &self->a, 0x1100);

	CREATE(&self->b, gic_ras);
	gic_ras_read(_metadata, &self->b, seen, &ras);
	EXPECT_EQ(fresh[0], seen[0]);		/* PMR */
	EXPECT_EQ(fresh[1], seen[1]);		/* DISR */
	EXPECT_EQ(fresh[2], seen[2]);		/* BPR1 */
	EXPECT_EQ(0, seen[0]);
	EXPECT_EQ(0, seen[1]);

	expect_report(_metadata, &self->a, 0x1101);
	memcpy(own, self->a.run->hypercall.args, sizeof(own));
	EXPECT_EQ(0x80, own[0]);
	EXPECT_EQ(ras ? 0x80000000 : 0, own[1]);
	EXPECT_EQ(5, own[2]);
	if (!ras)
		TH_LOG("no FEAT_RAS on this CPU: DISR_EL1 not reachable");
}

/*
 * Issue #7.15: an illegal exception return sets PSTATE.IL; the guest then
 * takes its own Illegal Execution State exception at EL1.
 */
TEST_F(safety, illegal_return_taken_by_guest)
{
	struct guest *g = &self->a;
	__u64 target = RAM_IPA + (guest_illegal_target - guest_illegal_start);

	CREATE(g, illegal);
	expect_report(_metadata, g, 0x1200);
	EXPECT_EQ(EC_ILLEGAL, EC(g->run->hypercall.args[0]));
	EXPECT_EQ(target, g->run->hypercall.args[1]);
	EXPECT_EQ(PSR_IL | 0x3c5, g->run->hypercall.args[2]);
}

/*
 * Issue #7.15, the fuzzer's sequence: the illegal return to PC 0 (not
 * mapped) exits with an instruction abort and PSTATE.IL set; the VMM
 * resumes with exactly what GET_REGS gave it and the guest faults again,
 * as hardware would; once the VMM maps IPA 0 the guest takes its Illegal
 * Execution State exception at VBAR_EL1 (0) + 0x200.
 */
TEST_F(safety, illegal_return_resumable)
{
	struct guest *g = &self->a;
	struct avcpu_regs r;
	char *low;
	int i;

	CREATE(g, illegal0);
	/*
	 * From a page no other test's guest code uses: QEMU 7.2 TCG may run
	 * stale translations of the previous test's program at RAM_IPA
	 * (Documentation/avcpu.rst, "Testing"), seen here on Debian's kernel.
	 */
	memcpy(g->ram + ILLEGAL0_OFF, guest_illegal0_start,
	       guest_illegal0_end - guest_illegal0_start);
	ASSERT_EQ(0, guest_get_regs(g, &r));
	r.elr = RAM_IPA + ILLEGAL0_OFF;
	ASSERT_EQ(0, guest_set_regs(g, &r));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, guest_run(g));
		ASSERT_EQ(AVCPU_EXIT_INSN_ABORT, g->run->exit_reason);
		EXPECT_EQ(EC_IABT_LOW, EC(g->run->abort.esr));
		EXPECT_EQ(0, g->run->abort.pc);
		EXPECT_EQ(AVCPU_FAULT_TRANSLATION, g->run->abort.fault);
		EXPECT_EQ(0, g->run->abort.ipa);
		ASSERT_EQ(0, guest_get_regs(g, &r));
		EXPECT_EQ(PSR_IL | 0x3c5, r.spsr);
		EXPECT_EQ(0, r.elr);
		EXPECT_EQ(0, guest_set_regs(g, &r));
	}
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, low);
	memcpy(low + 0x200, guest_report_el1_start,
	       guest_report_el1_end - guest_report_el1_start);
	ASSERT_EQ(0, guest_add_ram(g, 0, low, 4096, 0));
	expect_report(_metadata, g, 0x1201);
	EXPECT_EQ(EC_ILLEGAL, EC(g->run->hypercall.args[0]));
	EXPECT_EQ(0, g->run->hypercall.args[1]);
	EXPECT_EQ(PSR_IL | 0x3c5, g->run->hypercall.args[2]);
	munmap(low, 4096);
}

/*
 * A guest may drop to AArch32 EL0 where the CPU has it: the exit from
 * there round-trips through GET/SET_REGS and the guest resumes.
 */
TEST_F(safety, aarch32_el0_resumable)
{
	struct guest *g = &self->a;
	struct avcpu_regs r;
	int i;

	CREATE(g, aarch32);
	expect_report(_metadata, g, 0x1300);
	if ((g->run->hypercall.args[0] & 0xf) != 2)
		SKIP(return, "CPU has no AArch32 EL0");
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, guest_run(g));
		ASSERT_EQ(AVCPU_EXIT_INSN_ABORT, g->run->exit_reason);
		EXPECT_EQ(EC_IABT_LOW, EC(g->run->abort.esr));
		EXPECT_EQ(0x7f000000, g->run->abort.pc);
		ASSERT_EQ(0, guest_get_regs(g, &r));
		EXPECT_EQ(0x10, r.spsr & 0x1f);
		EXPECT_EQ(0, guest_set_regs(g, &r));
	}
	r.spsr = 0x13;			/* AArch32 SVC: an EL1 mode, refused */
	EXPECT_EQ(-EINVAL, guest_set_regs(g, &r));
	r.spsr = 0x1a;			/* AArch32 Hyp */
	EXPECT_EQ(-EINVAL, guest_set_regs(g, &r));
}

/*
 * Issue #7.9 and #7.14: without FEAT_S2FWB, TVM traps the guest's VM
 * register writes until it turns MMU and caches on; EL2 answers them
 * itself (counted as t0_sysreg), the switch cleans the VM (flush_vm),
 * and a set/way clean turns TVM back on (KVM's semantics).  With
 * FEAT_S2FWB none of that is needed: HCR_EL2.FWB instead.
 */
TEST_F(safety, tvm_answered_at_el2)
{
	unsigned long t0, fl, sw;
	struct guest *g = &self->a;
	struct avcpu_sysregs s;
	__u64 *l1, sctlr, hcr;
	int fwb;

	CREATE(g, tvm);
	hcr = hcr_of(g);
	fwb = !!(hcr & HCR_FWB);
	EXPECT_EQ(!fwb, !!(hcr & HCR_TVM));
	TH_LOG("FEAT_S2FWB %s: HCR_EL2 %#llx", fwb ? "yes" : "no",
	       (unsigned long long)hcr);
	l1 = (__u64 *)(g->ram + 0x4000);
	/* VA 0x40000000 -> RAM_IPA, a level-1 block: AF, SH inner, Normal. */
	l1[1] = RAM_IPA | (1 << 10) | (3 << 8) | 1;
	sctlr = 0x30c50830 | 1 | (1 << 2) | (1 << 12);
	ASSERT_EQ(0, guest_set_reg(g, 1, 0xff));
	ASSERT_EQ(0, guest_set_reg(g, 2, 25 | (1 << 8) | (1 << 10) |
				   (3 << 12) | (1 << 23) | (2ULL << 32)));
	ASSERT_EQ(0, guest_set_reg(g, 3, RAM_IPA + 0x4000));
	ASSERT_EQ(0, guest_set_reg(g, 4, sctlr));

	t0 = exit_count("t0_sysreg");
	fl = exit_count("flush_vm");
	sw = exit_count("t0_setway");
	ASSERT_NE(~0UL, t0);
	expect_report(_metadata, g, 0x1400);
	EXPECT_EQ(t0 + (fwb ? 0 : 3), exit_count("t0_sysreg"));
	EXPECT_EQ(fl, exit_count("flush_vm"));
	ASSERT_EQ(0, ioctl(g->vcpu, AVCPU_GET_SYSREGS, &s));
	EXPECT_EQ(0xff, s.mair_el1);
	EXPECT_EQ(RAM_IPA + 0x4000, s.ttbr0_el1);

	expect_report(_metadata, g, 0x1401);
	EXPECT_EQ(sctlr, g->run->hypercall.args[0]);
	/* The SCTLR write was answered too; the TTBR0 write after it not. */
	EXPECT_EQ(t0 + (fwb ? 0 : 4), exit_count("t0_sysreg"));
	EXPECT_EQ(fl + (fwb ? 0 : 1), exit_count("flush_vm"));
	EXPECT_EQ(0, hcr_of(g) & HCR_TVM);

	expect_report(_metadata, g, 0x1402);
	EXPECT_EQ(sw + 3, exit_count("t0_setway"));
	EXPECT_EQ(fl + (fwb ? 0 : 2), exit_count("flush_vm"));
	EXPECT_EQ(fwb ? 0 : HCR_TVM, hcr_of(g) & HCR_TVM);
}

/*
 * Issue #7.3: the LORegion registers trap; issue #10: EL2 answers them as
 * KVM's trap_loregion() for a VM told it has no LOR, an undefined
 * instruction.  This guest has no vectors (VBAR_EL1 0): it takes it at
 * 0x200 (current EL, SP_ELx, synchronous), with nothing mapped there.
 */
TEST_F(safety, loregion_traps)
{
	struct guest *g = &self->a;
	struct avcpu_sysregs s;
	unsigned long t0;

	CREATE(g, lor);
	expect_report(_metadata, g, 0x1500);
	/*
	 * TLOR is set where the CPU has FEAT_LOR, whatever the guest's
	 * ID_AA64MMFR1_EL1.LO (hidden from it).
	 */
	if (!(hcr_of(g) & HCR_TLOR))
		SKIP(return, "CPU has no FEAT_LOR");
	t0 = exit_count("t0_sysreg");
	ASSERT_EQ(0, guest_run(g));
	ASSERT_EQ(AVCPU_EXIT_INSN_ABORT, g->run->exit_reason);
	EXPECT_EQ(0x200, g->run->abort.pc);
	ASSERT_EQ(0, ioctl(g->vcpu, AVCPU_GET_SYSREGS, &s));
	EXPECT_EQ(0x02000000, s.esr_el1);	/* EC 0x00, IL */
	EXPECT_EQ(RAM_IPA + 12, s.elr_el1);	/* the mrs of LORID_EL1 */
	EXPECT_EQ(t0 + 1, exit_count("t0_sysreg"));
}

/*
 * WFE traps (HCR_EL2.TWE) when it would wait and is stepped over in the
 * kernel: the guest gets past its wfe, the host ran meanwhile.  How many
 * trap depends on the event register (sevl and every eret set it), so the
 * count is bounded, not exact: at most two here.  QEMU 7.2 TCG treats WFE
 * as a yield and never traps it, so it counts none.
 */
TEST_F(safety, wfe_stepped_over)
{
	struct guest *g = &self->a;
	unsigned long w;

	CREATE(g, wfe);
	EXPECT_NE(0, hcr_of(g) & HCR_TWE);
	w = exit_count("wfe");
	expect_report(_metadata, g, 0x1600);
	EXPECT_GE(w + 2, exit_count("wfe"));
	TH_LOG("%lu of the wfe trapped", exit_count("wfe") - w);
}

/*
 * Issue #7.14 and #7.4: GET_SYSREGS shows the controls EL2 loads, before
 * the first RUN as after it: the trap bits this issue added, and no SPE
 * or trace buffer left to the guest (MDCR_EL2.E2PB = E2TB = 0).
 */
TEST_F(safety, sysregs_show_loaded_controls)
{
	struct guest *g = &self->a;
	struct avcpu_sysregs before, after;
	struct avcpu_regs r;
	__u64 dfr0;

	CREATE(g, dfr0);
	/*
	 * From a page of its own, as illegal0: QEMU 7.2 TCG ran the previous
	 * test's program at RAM_IPA here once, on Debian's kernel.
	 */
	memcpy(g->ram + DFR0_OFF, guest_dfr0_start,
	       guest_dfr0_end - guest_dfr0_start);
	ASSERT_EQ(0, guest_get_regs(g, &r));
	r.elr = RAM_IPA + DFR0_OFF;
	ASSERT_EQ(0, guest_set_regs(g, &r));
	ASSERT_EQ(0, ioctl(g->vcpu, AVCPU_GET_SYSREGS, &before));
	expect_report(_metadata, g, 0x1700);
	dfr0 = g->run->hypercall.args[0];
	ASSERT_EQ(0, ioctl(g->vcpu, AVCPU_GET_SYSREGS, &after));
	EXPECT_EQ(before.hcr_el2, after.hcr_el2);
	EXPECT_EQ(before.mdcr_el2, after.mdcr_el2);
	EXPECT_EQ(before.cptr_el2, after.cptr_el2);
	EXPECT_EQ(before.cnthctl_el2, after.cnthctl_el2);
	EXPECT_EQ(HCR_PTW | HCR_TWE | HCR_TSW,
		  after.hcr_el2 & (HCR_PTW | HCR_TWE | HCR_TSW));
	EXPECT_EQ(0, after.mdcr_el2 & (MDCR_E2PB | MDCR_E2TB));
	/* EL1PCEN (the host's timer) clear, EL1PCTEN set. */
	EXPECT_EQ(1, after.cnthctl_el2 & 3);
	TH_LOG("SPE %s, TRBE %s on this CPU (ID_AA64DFR0_EL1 %#llx)%s",
	       (dfr0 >> 32) & 0xf ? "present" : "absent",
	       (dfr0 >> 44) & 0xf ? "present" : "absent",
	       (unsigned long long)dfr0,
	       ((dfr0 >> 32) & 0xff) || ((dfr0 >> 44) & 0xf) ? "" :
	       ": the host-buffer drain is not exercised here");
}

/*
 * For a stage-2 permission fault EL2 translates FAR with an AT of its own
 * (HPFAR is not valid for it): the guest's PAR_EL1, the result of its own
 * last AT, must be what it was.
 */
TEST_F(safety, par_el1_kept_across_permission_fault)
{
	struct guest *g = &self->a;
	struct avcpu_regs r;
	char *ro;

	CREATE(g, par);
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, guest_add_ram(g, 0x50000000, ro, 4096,
				   AVCPU_MEM_READONLY));
	ASSERT_EQ(0, guest_set_reg(g, 9, 0x50000008));
	ASSERT_EQ(0, guest_set_reg(g, 10, RAM_IPA + 0x123));
	ASSERT_EQ(0, guest_run(g));
	/* A store to ROM is an MMIO write, completed (dropped) by RUN. */
	ASSERT_EQ(AVCPU_EXIT_MMIO, g->run->exit_reason);
	EXPECT_EQ(0x50000008, g->run->mmio.phys_addr);
	EXPECT_EQ(1, g->run->mmio.is_write);
	ASSERT_EQ(0, guest_get_regs(g, &r));
	expect_report(_metadata, g, 0x1900);
	/* MMU off: PAR_EL1.PA = the address, F = 0. */
	EXPECT_EQ(RAM_IPA, g->run->hypercall.args[0] & 0xfffffffff000ULL);
	EXPECT_EQ(g->run->hypercall.args[0], g->run->hypercall.args[1]);
	munmap(ro, 4096);
}

static int set_force_tid2(int on)
{
	int fd = open("/sys/kernel/debug/avcpu/force_tid2", O_WRONLY);
	int ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : -EIO;
}

/*
 * Issue #7.3: where CTR_EL0 differs between CPUs (big.LITTLE) the guest
 * gets HCR_EL2.TID2 and reads the system-wide CTR_EL0, answered at EL2;
 * the cache geometry registers keep working.  QEMU's CPUs never differ,
 * so the test forces the trap (debugfs force_tid2) and compares with an
 * untrapped guest on the same CPU.
 */
TEST_F(safety, cache_id_trapped_where_ctr_differs)
{
	unsigned long t0;
	__u64 plain[5];

	CREATE(&self->a, cache_id);
	EXPECT_EQ(0, hcr_of(&self->a) & HCR_TID2);
	t0 = exit_count("t0_sysreg");
	expect_report(_metadata, &self->a, 0x1800);
	memcpy(plain, self->a.run->hypercall.args, sizeof(plain));
	EXPECT_EQ(t0, exit_count("t0_sysreg"));
	EXPECT_EQ(2, plain[2]);

	ASSERT_EQ(0, set_force_tid2(1));
	CREATE(&self->b, cache_id);
	ASSERT_EQ(0, set_force_tid2(0));
	EXPECT_EQ(HCR_TID2, hcr_of(&self->b) & HCR_TID2);
	expect_report(_metadata, &self->b, 0x1800);
	/*
	 * The kernel's sanitised CTR_EL0 is the effective one: IDC set
	 * where CLIDR_EL1 says no cache needs cleaning to PoU (QEMU max),
	 * as in KVM's guests.  Everything else is the CPU's own.
	 */
	EXPECT_EQ(plain[0] & ~CTR_IDC,
		  self->b.run->hypercall.args[0] & ~CTR_IDC);
	EXPECT_EQ(0, memcmp(plain + 1, self->b.run->hypercall.args + 1,
			    sizeof(plain) - sizeof(plain[0])));
	TH_LOG("CTR_EL0 %#llx untrapped, %#llx under TID2",
	       (unsigned long long)plain[0],
	       (unsigned long long)self->b.run->hypercall.args[0]);
	/* ctr, clidr, csselr write, csselr read, ccsidr */
	EXPECT_EQ(t0 + 5, exit_count("t0_sysreg"));
}

TEST_HARNESS_MAIN
