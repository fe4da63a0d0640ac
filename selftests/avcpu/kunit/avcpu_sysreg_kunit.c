// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the system registers avcpu answers by encoding alone
 * (lib/sysreg.c): every PMU register of KVM 6.12's sys_reg_descs is an
 * undefined instruction (a VM without a PMU), PMMIR_EL1 is RAZ/WI, the
 * LORegion registers are undefined (ID_AA64MMFR1_EL1.LO hidden),
 * ICC_SRE_EL1 reads 0x7 with writes ignored (access_gic_sre(): QEMU never
 * traps it, so only this suite sees that answer), and their neighbours in
 * the encoding space are left to lib/exit.c and the VMM.  Every decision
 * is checked for both directions and with Rt 0, 7 and 31 (xzr): the
 * answer is the encoding's.  Encodings are written out from ARM DDI 0487
 * (and the kernel's sysreg.h), not from lib/sysreg.c's table.
 */
#include <linux/kernel.h>

#include "../../../lib/sysreg.c"

#include <kunit/test.h>
#include <linux/module.h>

/* ESR_EL2 of a trapped msr/mrs: EC 0x18, IL, the ISS fields. */
static unsigned long esr_of(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2,
			    u32 rt, bool read)
{
	return (0x18UL << 26) | (1UL << 25) | (op0 << 20) | (op2 << 17) |
	       (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | read;
}

struct enc {
	const char *name;
	u8 op0, op1, crn, crm, op2;
};

static void expect(struct kunit *test, const struct enc *e, int kind,
		   unsigned long want_val)
{
	static const u32 rts[] = { 0, 7, 31 };
	int i, read;

	for (read = 0; read <= 1; read++) {
		for (i = 0; i < ARRAY_SIZE(rts); i++) {
			unsigned long esr = esr_of(e->op0, e->op1, e->crn,
						   e->crm, e->op2, rts[i],
						   read);
			unsigned long val = 0xdead;

			KUNIT_EXPECT_EQ_MSG(test, kind,
					    avcpu_sysreg_decide(esr, &val),
					    "%s esr %#lx", e->name, esr);
			if (kind == AVCPU_SYSREG_CONST)
				KUNIT_EXPECT_EQ_MSG(test, want_val, val,
						    "%s", e->name);
		}
	}
}

static const struct enc pmu[] = {
	{ "PMCR_EL0", 3, 3, 9, 12, 0 },
	{ "PMCNTENSET_EL0", 3, 3, 9, 12, 1 },
	{ "PMCNTENCLR_EL0", 3, 3, 9, 12, 2 },
	{ "PMOVSCLR_EL0", 3, 3, 9, 12, 3 },
	{ "PMSWINC_EL0", 3, 3, 9, 12, 4 },
	{ "PMSELR_EL0", 3, 3, 9, 12, 5 },
	{ "PMCEID0_EL0", 3, 3, 9, 12, 6 },
	{ "PMCEID1_EL0", 3, 3, 9, 12, 7 },
	{ "PMCCNTR_EL0", 3, 3, 9, 13, 0 },
	{ "PMXEVTYPER_EL0", 3, 3, 9, 13, 1 },
	{ "PMXEVCNTR_EL0", 3, 3, 9, 13, 2 },
	{ "PMUSERENR_EL0", 3, 3, 9, 14, 0 },
	{ "PMOVSSET_EL0", 3, 3, 9, 14, 3 },
	{ "PMINTENSET_EL1", 3, 0, 9, 14, 1 },
	{ "PMINTENCLR_EL1", 3, 0, 9, 14, 2 },
	{ "PMCCFILTR_EL0", 3, 3, 14, 15, 7 },
};

static void pmu_undef(struct kunit *test)
{
	struct enc e = { .op0 = 3, .op1 = 3, .crn = 14 };
	int i, n;

	for (i = 0; i < ARRAY_SIZE(pmu); i++)
		expect(test, &pmu[i], AVCPU_SYSREG_UNDEF, 0);
	/* PMEVCNTR<n>_EL0: CRm 0b10:n[4:3], PMEVTYPER<n>_EL0: 0b11:n[4:3]. */
	for (n = 0; n <= 30; n++) {
		e.op2 = n & 7;
		e.name = "PMEVCNTR<n>_EL0";
		e.crm = 8 | (n >> 3);
		expect(test, &e, AVCPU_SYSREG_UNDEF, 0);
		e.name = "PMEVTYPER<n>_EL0";
		e.crm = 12 | (n >> 3);
		expect(test, &e, AVCPU_SYSREG_UNDEF, 0);
	}
}

/* Not one of KVM's PMU registers: trap_raz_wi. */
static void pmmir_raz_wi(struct kunit *test)
{
	static const struct enc pmmir = { "PMMIR_EL1", 3, 0, 9, 14, 6 };

	expect(test, &pmmir, AVCPU_SYSREG_CONST, 0);
}

/* The RAS error records read as zero (no record exists), as KVM. */
static void ras_records_raz_wi(struct kunit *test)
{
	static const struct enc ras[] = {
		{ "ERRIDR_EL1", 3, 0, 5, 3, 0 },
		{ "ERRSELR_EL1", 3, 0, 5, 3, 1 },
		{ "ERXFR_EL1", 3, 0, 5, 4, 0 },
		{ "ERXCTLR_EL1", 3, 0, 5, 4, 1 },
		{ "ERXSTATUS_EL1", 3, 0, 5, 4, 2 },
		{ "ERXADDR_EL1", 3, 0, 5, 4, 3 },
		{ "ERXMISC0_EL1", 3, 0, 5, 5, 0 },
		{ "ERXMISC3_EL1", 3, 0, 5, 5, 3 },
	};
	static const struct enc near[] = {
		{ "(3,0,5,3,2)", 3, 0, 5, 3, 2 },
		{ "ESR_EL1", 3, 0, 5, 2, 0 },
		{ "(3,0,5,6,0)", 3, 0, 5, 6, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(ras); i++)
		expect(test, &ras[i], AVCPU_SYSREG_CONST, 0);
	for (i = 0; i < ARRAY_SIZE(near); i++)
		expect(test, &near[i], AVCPU_SYSREG_EXIT, 0);
}

static void loregion_undef(struct kunit *test)
{
	static const struct enc lor[] = {
		{ "LORSA_EL1", 3, 0, 10, 4, 0 },
		{ "LOREA_EL1", 3, 0, 10, 4, 1 },
		{ "LORN_EL1", 3, 0, 10, 4, 2 },
		{ "LORC_EL1", 3, 0, 10, 4, 3 },
		{ "LORID_EL1", 3, 0, 10, 4, 7 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(lor); i++)
		expect(test, &lor[i], AVCPU_SYSREG_UNDEF, 0);
}

/* SRE, DFB, DIB: KVM's vgic_sre for a GICv3 guest. */
static void icc_sre_reads_7(struct kunit *test)
{
	static const struct enc sre = { "ICC_SRE_EL1", 3, 0, 12, 12, 5 };

	expect(test, &sre, AVCPU_SYSREG_CONST, 0x7);
}

/* Next to the ranges above, and what other answerers own. */
static void others_exit(struct kunit *test)
{
	static const struct enc others[] = {
		{ "PMEVCNTR31 (none)", 3, 3, 14, 11, 7 },
		{ "CNTFRQ_EL0", 3, 3, 14, 0, 0 },
		{ "CNTP_CTL_EL0", 3, 3, 14, 2, 1 },
		{ "(3,3,9,13,3)", 3, 3, 9, 13, 3 },
		{ "(3,3,9,14,1)", 3, 3, 9, 14, 1 },
		{ "(3,3,9,14,4)", 3, 3, 9, 14, 4 },
		{ "(3,3,9,11,7)", 3, 3, 9, 11, 7 },
		{ "(3,3,9,15,0)", 3, 3, 9, 15, 0 },
		{ "(3,0,9,14,0)", 3, 0, 9, 14, 0 },
		{ "(3,0,9,14,3)", 3, 0, 9, 14, 3 },
		{ "(3,0,9,14,7)", 3, 0, 9, 14, 7 },
		{ "PMSCR_EL1 (SPE)", 3, 0, 9, 9, 0 },
		{ "PMBSR_EL1 (SPE)", 3, 0, 9, 10, 3 },
		{ "(3,0,10,4,4)", 3, 0, 10, 4, 4 },
		{ "(3,0,10,4,6)", 3, 0, 10, 4, 6 },
		{ "MAIR_EL1", 3, 0, 10, 2, 0 },
		{ "ICC_CTLR_EL1", 3, 0, 12, 12, 4 },
		{ "ICC_IGRPEN0_EL1", 3, 0, 12, 12, 6 },
		{ "ICC_SRE_EL2", 3, 4, 12, 9, 5 },
		{ "ICC_SRE_EL3", 3, 6, 12, 12, 5 },
		{ "ACTLR_EL1", 3, 0, 1, 0, 1 },
		{ "ID_AA64DFR0_EL1", 3, 0, 0, 5, 0 },
		{ "sys #3, c9, c12, #0", 1, 3, 9, 12, 0 },
		{ "MDSCR_EL1", 2, 0, 0, 2, 2 },
		{ "S2_3_C9_C12_0", 2, 3, 9, 12, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(others); i++)
		expect(test, &others[i], AVCPU_SYSREG_EXIT, 0);
}

static struct kunit_case avcpu_sysreg_cases[] = {
	KUNIT_CASE(pmu_undef),
	KUNIT_CASE(pmmir_raz_wi),
	KUNIT_CASE(ras_records_raz_wi),
	KUNIT_CASE(loregion_undef),
	KUNIT_CASE(icc_sre_reads_7),
	KUNIT_CASE(others_exit),
	{}
};

static struct kunit_suite avcpu_sysreg_suite = {
	.name = "avcpu_sysreg",
	.test_cases = avcpu_sysreg_cases,
};

kunit_test_suite(avcpu_sysreg_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's fixed system register answers");
MODULE_LICENSE("GPL");
