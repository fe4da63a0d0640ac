// SPDX-License-Identifier: GPL-2.0
/*
 * System registers a guest touches that avcpu traps (issue #10): PMU
 * registers are undefined instructions taken at the guest's own vector
 * without an exit (a VM without a PMU, answered at EL2), a register avcpu
 * does not emulate is an AVCPU_EXIT_SYSREG the VMM completes (a read with
 * the value it leaves in the run structure, a write carrying the value,
 * xzr both ways) or turns into an undefined instruction, and a new PC
 * from SET_REGS drops it.  Then Linux's own boot-time sequence
 * (clear_os_lock, __cpu_setup, the GIC's SRE probe) runs with no exit to
 * userspace and the T0 count it should have.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "avcpu_util.h"
#include "guest_report.h"

#define ESR_UNDEF	0x02000000UL	/* EC 0x00, IL */
#define SENTINEL	0x5a5a5a5aUL

/* ESR_EL2 of a trapped msr/mrs: EC 0x18, IL and the ISS. */
static __u64 esr_sys(__u64 op0, __u64 op1, __u64 crn, __u64 crm, __u64 op2,
		     __u64 rt, __u64 read)
{
	return (0x18UL << 26) | (1UL << 25) | (op0 << 20) | (op2 << 17) |
	       (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | read;
}

static __u64 undef_esr, undef_elr, undef_count;

/* The guest's own undefined-instruction handler: note it, step over. */
static void handle_undef(struct ex_regs *regs)
{
	undef_esr = read_sysreg(esr_el1);
	undef_elr = regs->pc;
	undef_count++;
	regs->pc += 4;
}

FIXTURE(sysreg) {
	struct gvm *vm;
};

FIXTURE_SETUP(sysreg)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
	vm_install_sync_handler(self->vm, VECTOR_SYNC_CURRENT, 0,
				handle_undef);
}

FIXTURE_TEARDOWN(sysreg)
{
	vm_destroy(self->vm);
}

/* One access at a global label, x5 = SENTINEL before it; reports x5. */
#define ACCESS(label, insn)						\
	({								\
		__u64 __v;						\
		asm volatile("mov x5, %1\n"				\
			     ".globl " #label "\n" #label ":\n\t"	\
			     insn "\n\t"				\
			     "mov %0, x5"				\
			     : "=r" (__v) : "r" (SENTINEL) : "x5", "memory"); \
		__v;							\
	})

GUEST_ASM_ENTRY(pmu_0);
GUEST_ASM_ENTRY(pmu_1);
GUEST_ASM_ENTRY(pmu_2);
GUEST_ASM_ENTRY(pmu_3);
GUEST_ASM_ENTRY(pmu_4);
GUEST_ASM_ENTRY(pmu_5);
GUEST_ASM_ENTRY(pmu_6);
GUEST_ASM_ENTRY(pmu_7);
GUEST_ASM_ENTRY(pmu_8);

#define PMU_REPORT(label, insn) do {					\
	__u64 __x5 = ACCESS(label, insn);				\
	GUEST_SYNC_ARGS(undef_esr, undef_elr, __x5, undef_count);	\
} while (0)

/*
 * PMCR_EL0 read and write, PMUSERENR_EL0 (__cpu_setup's write where a
 * PMU is reported), PMCCNTR_EL0, PMSELR_EL0, PMEVTYPER0_EL0,
 * PMEVCNTR1_EL0, PMINTENSET_EL1, PMCCFILTR_EL0: counters that exist on
 * QEMU's PMU, so MDCR_EL2.TPM (not the CPU) makes them trap.
 */
static void guest_pmu(void)
{
	PMU_REPORT(pmu_0, "mrs x5, pmcr_el0");
	PMU_REPORT(pmu_1, "msr pmcr_el0, x5");
	PMU_REPORT(pmu_2, "msr pmuserenr_el0, xzr");
	PMU_REPORT(pmu_3, "mrs x5, pmccntr_el0");
	PMU_REPORT(pmu_4, "msr pmselr_el0, x5");
	PMU_REPORT(pmu_5, "msr s3_3_c14_c12_0, x5");	/* PMEVTYPER0_EL0 */
	PMU_REPORT(pmu_6, "mrs x5, s3_3_c14_c8_1");	/* PMEVCNTR1_EL0 */
	PMU_REPORT(pmu_7, "msr s3_0_c9_c14_1, x5");	/* PMINTENSET_EL1 */
	PMU_REPORT(pmu_8, "msr s3_3_c14_c15_7, x5");	/* PMCCFILTR_EL0 */
}

TEST_F(sysreg, pmu_access_is_guest_undef)
{
	static const char *const at[] = {
		pmu_0, pmu_1, pmu_2, pmu_3, pmu_4, pmu_5, pmu_6, pmu_7, pmu_8,
	};
	unsigned long t0 = exit_count("t0_sysreg");
	unsigned long sys = exit_count("sysreg");
	unsigned long exc = exit_count("exception");
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_pmu);
	struct vcpu_event ev;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(at); i++) {
		ASSERT_UCALL(v, UCALL_SYNC, &ev);
		EXPECT_EQ(ESR_UNDEF, ev.uc.args[0]);
		EXPECT_EQ((__u64)at[i], ev.uc.args[1]);
		/* Not executed: a read did not write x5. */
		EXPECT_EQ(SENTINEL, ev.uc.args[2]);
		EXPECT_EQ(i + 1, ev.uc.args[3]);
	}
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	EXPECT_EQ(t0 + ARRAY_SIZE(at), exit_count("t0_sysreg"));
	EXPECT_EQ(sys, exit_count("sysreg"));
	EXPECT_EQ(exc, exit_count("exception"));
}

GUEST_ASM_ENTRY(actlr_read);
GUEST_ASM_ENTRY(actlr_write);
GUEST_ASM_ENTRY(actlr_write_zr);
GUEST_ASM_ENTRY(actlr_read_zr);

/* Each access reports x5 after it and the undefined instructions taken. */
static void guest_actlr(void)
{
	__u64 x5;

	x5 = ACCESS(actlr_read, "mrs x5, actlr_el1");
	GUEST_SYNC_ARGS(x5, undef_count, undef_elr);
	x5 = ACCESS(actlr_write, "msr actlr_el1, x5");
	GUEST_SYNC_ARGS(x5, undef_count);
	x5 = ACCESS(actlr_write_zr, "msr actlr_el1, xzr");
	GUEST_SYNC_ARGS(x5, undef_count);
	x5 = ACCESS(actlr_read_zr, "mrs xzr, actlr_el1");
	GUEST_SYNC_ARGS(x5, undef_count);
}

/*
 * The next RUN is AVCPU_EXIT_SYSREG for ACTLR_EL1 (HCR_EL2.TACR: trapped,
 * never emulated) at @at, Rt @rt, a read if @read: true if it is.
 */
static bool actlr_exit(struct __test_metadata *_metadata, struct gvcpu *v,
		       struct vcpu_event *ev, const void *at, __u64 rt,
		       __u64 read)
{
	const __typeof__(ev->run.sysreg) *s = &ev->run.sysreg;

	vcpu_run(v, ev);
	EXPECT_EQ(AVCPU_EXIT_SYSREG, ev->run.exit_reason);
	if (ev->run.exit_reason != AVCPU_EXIT_SYSREG)
		return false;
	EXPECT_EQ(esr_sys(3, 0, 1, 0, 1, rt, read), s->esr);
	EXPECT_EQ((__u64)at, s->pc);
	EXPECT_EQ(3, s->op0);
	EXPECT_EQ(0, s->op1);
	EXPECT_EQ(1, s->crn);
	EXPECT_EQ(0, s->crm);
	EXPECT_EQ(1, s->op2);
	EXPECT_EQ(!read, s->is_write);
	EXPECT_EQ(rt, s->reg);
	EXPECT_EQ(0, s->pad);
	return true;
}

TEST_F(sysreg, exit_round_trip)
{
	unsigned long sys = exit_count("sysreg");
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_actlr);
	struct vcpu_event ev;

	/* A read: the value the VMM leaves lands in x5, the PC steps. */
	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_read, 5, 1));
	EXPECT_EQ(0, ev.run.sysreg.value);
	v->run->sysreg.value = 0x1234abcd5678ef00UL;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x1234abcd5678ef00UL, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);
	/* A write carries x5; the value left in run is ignored. */
	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_write, 5, 0));
	EXPECT_EQ(SENTINEL, ev.run.sysreg.value);
	v->run->sysreg.value = 0x99;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(SENTINEL, ev.uc.args[0]);
	/* xzr: writes 0, and a read into it changes no register. */
	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_write_zr, 31, 0));
	EXPECT_EQ(0, ev.run.sysreg.value);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_read_zr, 31, 1));
	v->run->sysreg.value = 0x77;
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(SENTINEL, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	EXPECT_EQ(sys + 4, exit_count("sysreg"));
}

/* The VMM injects an undefined instruction instead: taken at the mrs. */
TEST_F(sysreg, exit_then_injected_undef)
{
	struct avcpu_inject inj = { .type = AVCPU_INJECT_UNDEF };
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_actlr);
	struct vcpu_event ev;

	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_read, 5, 1));
	v->run->sysreg.value = 0x1234;
	ASSERT_EQ(0, ioctl(v->fd, AVCPU_INJECT_EXCEPTION, &inj));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(SENTINEL, ev.uc.args[0]);	/* not completed */
	EXPECT_EQ(1, ev.uc.args[1]);
	EXPECT_EQ((__u64)actlr_read, ev.uc.args[2]);
	sync_global_from_guest(self->vm, undef_esr);
	EXPECT_EQ(ESR_UNDEF, undef_esr);
}

/* SET_REGS at a new PC drops the completion: the VMM emulated it. */
TEST_F(sysreg, set_regs_new_pc_cancels)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_actlr);
	struct vcpu_event ev;
	struct avcpu_regs r;

	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_read, 5, 1));
	v->run->sysreg.value = 0x1234;
	vcpu_get_regs(v, &r);
	EXPECT_EQ((__u64)actlr_read, r.elr);
	r.x[5] = 0x42;
	r.elr += 4;
	vcpu_set_regs(v, &r);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	/* Neither the value nor a second step of the PC. */
	EXPECT_EQ(0x42, ev.uc.args[0]);
	ASSERT_TRUE(actlr_exit(_metadata, v, &ev, actlr_write, 5, 0));
}

#define DFR0_PMUVER(v)	(((v) >> 8) & 0xf)

/*
 * What Linux 6.12 does at boot with the registers avcpu traps, in its
 * order: clear_os_lock (debug-monitors.c: OSDLR_EL1, OSLAR_EL1),
 * __cpu_setup (proc.S: MDSCR_EL1 = TDCC; PMUSERENR_EL0 = 0 only where
 * ID_AA64DFR0_EL1.PMUVer reports a PMU), the GICv3 driver's
 * gic_enable_sre() (read ICC_SRE_EL1, set SRE if clear, read again).
 * ID_AA64DFR0_EL1 is read first and reported on its own (under TID3 it
 * is answered at EL2 too, counted elsewhere); then ICC_SRE_EL1 as read,
 * whether PMUSERENR_EL0 was written and the undefined instructions taken.
 */
static void guest_linux_boot(void)
{
	__u64 dfr0 = read_sysreg(id_aa64dfr0_el1), sre, pmu = 0;

	GUEST_SYNC(dfr0);
	asm volatile("msr osdlr_el1, xzr\n\tmsr oslar_el1, xzr\n\tisb"
		     : : : "memory");
	write_sysreg(1UL << 12, mdscr_el1);
	isb();
	if (DFR0_PMUVER(dfr0) && DFR0_PMUVER(dfr0) != 0xf) {
		asm volatile("msr pmuserenr_el0, xzr" : : : "memory");
		pmu = 1;
	}
	sre = read_sysreg(s3_0_c12_c12_5);
	if (!(sre & 1)) {
		write_sysreg(sre | 1, s3_0_c12_c12_5);
		isb();
		sre = read_sysreg(s3_0_c12_c12_5);
	}
	GUEST_SYNC_ARGS(sre, pmu, undef_count, read_sysreg(mdscr_el1),
			read_sysreg(oslsr_el1));
}

TEST_F(sysreg, linux_boot_sequence_no_exits)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_linux_boot);
	unsigned long t0, t2, want;
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	TH_LOG("guest ID_AA64DFR0_EL1 %#llx", (unsigned long long)ev.uc.args[0]);
	t0 = exit_count("t0_sysreg");
	t2 = exit_count("t2");
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	/* SRE, DFB, DIB: as KVM's access_gic_sre(), and as QEMU's. */
	EXPECT_EQ(0x7, ev.uc.args[0]);
	/* A PMU the guest was told of is still not there. */
	EXPECT_EQ(ev.uc.args[1], ev.uc.args[2]);
	EXPECT_EQ(1UL << 12, ev.uc.args[3]);
	/* OSLM 0b10, OSLK clear. */
	EXPECT_EQ(0x8, ev.uc.args[4]);
	/* The ucall is the only exit to userspace. */
	EXPECT_EQ(t2 + 1, exit_count("t2"));
	/*
	 * OSDLR, OSLAR, MDSCR writes, the MDSCR and OSLSR reads, the
	 * PMUSERENR write; ICC_SRE_EL1 traps on hardware only (QEMU 7.2
	 * never traps it: one read there, then SRE is set).
	 */
	want = 5 + ev.uc.args[1];
	if (exit_count("t0_sysreg") != t0 + want)
		EXPECT_EQ(t0 + want + 1, exit_count("t0_sysreg"));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_HARNESS_MAIN
