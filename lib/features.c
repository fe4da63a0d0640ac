// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu EL2: what this CPU implements, read once per CPU, and the state
 * that exists only with a feature: the GIC virtual CPU interface, VDISR
 * and TPIDR2 (switched per vCPU), and the host's profiling and
 * trace buffers (stopped and drained around a guest).
 */
#include "hyp.h"

#define ID_PFR0_RAS_SHIFT	28
#define ID_PFR0_GIC_SHIFT	24
#define ID_MMFR0_FGT_SHIFT	56
#define ID_MMFR1_HCX_SHIFT	40
#define ID_MMFR1_LO_SHIFT	16
#define ID_PFR1_SME_SHIFT	24
#define ID_PFR1_NMI_SHIFT	36
#define ID_DFR0_BRPS_SHIFT	12
#define ID_DFR0_WRPS_SHIFT	20
#define ID_DFR0_PMSVER_SHIFT	32
#define ID_DFR0_TRBUF_SHIFT	44
#define ICH_VTR_PREBITS_SHIFT	26
#define PMBLIMITR_E		BIT(0)
#define PMBIDR_P		BIT(4)
#define TRBLIMITR_E		BIT(0)
#define TRBIDR_P		BIT(4)

/* struct hyp_features (lib/hyp.h) is filled from this per-CPU cache. */
#define FEAT_GIC	BIT(0)
#define FEAT_RAS	BIT(1)
#define FEAT_FGT	BIT(2)
#define FEAT_HCX	BIT(3)
#define FEAT_LOR	BIT(4)
#define FEAT_SPE	BIT(5)
#define FEAT_TRBE	BIT(6)
#define FEAT_TPIDR2	BIT(7)
#define FEAT_NMI	BIT(12)
#define FEAT_APR_SHIFT	9		/* nr_apr, 3 bits */
#define FEAT_BRPS_SHIFT	16		/* nr_brps - 1, 4 bits */
#define FEAT_WRPS_SHIFT	20		/* nr_wrps - 1, 4 bits */
#define FEAT_LRS_SHIFT	24		/* nr_lr - 1, 4 bits */
#define FEAT_VALID	BIT(63)

/*
 * The ID registers are read once per CPU and kept in its percpu page:
 * this runs on every guest entry, the hottest path there is, and under
 * TCG every mrs is a helper call.
 */
void hyp_features_read(struct hyp_features *f, struct avcpu_hyp_percpu *pc)
{
	unsigned long v = pc->features;

	if (!(v & FEAT_VALID)) {
		unsigned long pfr0 = read_sysreg(id_aa64pfr0_el1);
		unsigned long dfr0 = read_sysreg(id_aa64dfr0_el1);
		unsigned long mmfr1 = read_sysreg(id_aa64mmfr1_el1);

		v = FEAT_VALID;
		/*
		 * The ICH_* registers need the system-register interface
		 * on at EL2 as well (ICC_SRE_EL2.SRE), as el2_setup checks.
		 */
		if (id_field(pfr0, ID_PFR0_GIC_SHIFT) &&
		    (read_sysreg(icc_sre_el2) & 1)) {
			/* ICH_VTR_EL2.PREbits: 5, 6 or 7 priority bits. */
			unsigned long vtr = read_sysreg(s3_4_c12_c11_1);
			unsigned long pre = (vtr >> ICH_VTR_PREBITS_SHIFT) & 7;

			v |= FEAT_GIC;
			/* ICH_VTR_EL2.ListRegs: the count minus one. */
			v |= (vtr & 0xf) << FEAT_LRS_SHIFT;
			v |= (pre >= 6 ? 4 : pre == 5 ? 2 : 1) <<
			     FEAT_APR_SHIFT;
		}
		if (id_field(pfr0, ID_PFR0_RAS_SHIFT))
			v |= FEAT_RAS;
		if (id_field(read_sysreg(id_aa64mmfr0_el1), ID_MMFR0_FGT_SHIFT))
			v |= FEAT_FGT;
		if (id_field(mmfr1, ID_MMFR1_HCX_SHIFT))
			v |= FEAT_HCX;
		if (id_field(mmfr1, ID_MMFR1_LO_SHIFT))
			v |= FEAT_LOR;
		/*
		 * With FEAT_FGT the zeroed HFGRTR/HFGWTR_EL2 trap TPIDR2_EL0
		 * (nTPIDR2_EL0), as KVM relies on.  The architecture pairs SME
		 * with FGT, but QEMU 7.2's max has SME without FGT, and then
		 * nothing traps it: switch it instead.
		 */
		if (id_field(read_sysreg(id_aa64pfr1_el1), ID_PFR1_SME_SHIFT) &&
		    !(v & FEAT_FGT))
			v |= FEAT_TPIDR2;
		if (id_field(read_sysreg(id_aa64pfr1_el1), ID_PFR1_NMI_SHIFT))
			v |= FEAT_NMI;
		/* Both fields hold the count minus one (at least 2 each). */
		v |= id_field(dfr0, ID_DFR0_BRPS_SHIFT) << FEAT_BRPS_SHIFT;
		v |= id_field(dfr0, ID_DFR0_WRPS_SHIFT) << FEAT_WRPS_SHIFT;
		/*
		 * A buffer only matters when the host owns it: PMBIDR/TRBIDR
		 * .P set means EL1 cannot program it (EL2 or EL3 owns it).
		 */
		if (id_field(dfr0, ID_DFR0_PMSVER_SHIFT) &&
		    !(read_sysreg(s3_0_c9_c10_7) & PMBIDR_P))
			v |= FEAT_SPE;
		if (id_field(dfr0, ID_DFR0_TRBUF_SHIFT) &&
		    !(read_sysreg(s3_0_c9_c11_7) & TRBIDR_P))
			v |= FEAT_TRBE;
		pc->features = v;
	}
	f->gic = !!(v & FEAT_GIC);
	f->ras = !!(v & FEAT_RAS);
	f->fgt = !!(v & FEAT_FGT);
	f->hcx = !!(v & FEAT_HCX);
	f->lor = !!(v & FEAT_LOR);
	f->spe = !!(v & FEAT_SPE);
	f->trbe = !!(v & FEAT_TRBE);
	f->tpidr2 = !!(v & FEAT_TPIDR2);
	f->nmi = !!(v & FEAT_NMI);
	f->nr_apr = (v >> FEAT_APR_SHIFT) & 7;
	f->nr_brps = ((v >> FEAT_BRPS_SHIFT) & 0xf) + 1;
	f->nr_wrps = ((v >> FEAT_WRPS_SHIFT) & 0xf) + 1;
	f->nr_lr = f->gic ? ((v >> FEAT_LRS_SHIFT) & 0xf) + 1 : 0;
}

/*
 * ICH_AP0Rn_EL2 / ICH_AP1Rn_EL2: only as many as ICH_VTR_EL2 says exist
 * (touching one more is UNDEFINED).
 */
static void apr_save(struct avcpu_hyp_feat_regs *r, int nr)
{
	if (nr == 4) {
		r->ich_ap0r[3] = read_sysreg(s3_4_c12_c8_3);
		r->ich_ap0r[2] = read_sysreg(s3_4_c12_c8_2);
		r->ich_ap1r[3] = read_sysreg(s3_4_c12_c9_3);
		r->ich_ap1r[2] = read_sysreg(s3_4_c12_c9_2);
	}
	if (nr >= 2) {
		r->ich_ap0r[1] = read_sysreg(s3_4_c12_c8_1);
		r->ich_ap1r[1] = read_sysreg(s3_4_c12_c9_1);
	}
	r->ich_ap0r[0] = read_sysreg(s3_4_c12_c8_0);
	r->ich_ap1r[0] = read_sysreg(s3_4_c12_c9_0);
}

static void apr_load(const struct avcpu_hyp_feat_regs *r, int nr)
{
	if (nr == 4) {
		write_sysreg(r->ich_ap0r[3], s3_4_c12_c8_3);
		write_sysreg(r->ich_ap0r[2], s3_4_c12_c8_2);
		write_sysreg(r->ich_ap1r[3], s3_4_c12_c9_3);
		write_sysreg(r->ich_ap1r[2], s3_4_c12_c9_2);
	}
	if (nr >= 2) {
		write_sysreg(r->ich_ap0r[1], s3_4_c12_c8_1);
		write_sysreg(r->ich_ap1r[1], s3_4_c12_c9_1);
	}
	write_sysreg(r->ich_ap0r[0], s3_4_c12_c8_0);
	write_sysreg(r->ich_ap1r[0], s3_4_c12_c9_0);
}

/*
 * With HCR_EL2.IMO/FMO set, the guest's ICC_PMR/BPR/IGRPEN/CTLR/APxR
 * accesses reach the virtual CPU interface (ICH_VMCR_EL2, ICH_APxRn_EL2),
 * and with AMO its DISR_EL1 is VDISR_EL2: per-vCPU state in registers
 * the host does not otherwise switch.
 */
void feat_regs_save(struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f)
{
	if (f->gic) {
		r->ich_vmcr_el2 = read_sysreg(s3_4_c12_c11_7);
		apr_save(r, f->nr_apr);
	}
	if (f->ras)
		r->vdisr_el2 = read_sysreg(s3_4_c12_c1_1);
	if (f->tpidr2)
		r->tpidr2_el0 = read_sysreg(s3_3_c13_c0_5);
}

/*
 * The host's side of the same registers: only TPIDR2_EL0 is the host's
 * (its tasks' SME thread pointer).  The host never uses the virtual CPU
 * interface (HCR_EL2.IMO/FMO are clear for it) nor VDISR_EL2 (AMO
 * clear), and every guest loads its own before it runs, so a guest's
 * values may stay in those registers while the host runs: saving and
 * restoring the host's would be work on the hottest path for nothing.
 */
void host_feat_save(struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f)
{
	if (f->tpidr2)
		r->tpidr2_el0 = read_sysreg(s3_3_c13_c0_5);
}

void host_feat_load(const struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f)
{
	if (f->tpidr2)
		write_sysreg(r->tpidr2_el0, s3_3_c13_c0_5);
}

void feat_regs_load(const struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f)
{
	if (f->gic) {
		write_sysreg(r->ich_vmcr_el2, s3_4_c12_c11_7);
		apr_load(r, f->nr_apr);
	}
	if (f->ras)
		write_sysreg(r->vdisr_el2, s3_4_c12_c1_1);
	if (f->tpidr2)
		write_sysreg(r->tpidr2_el0, s3_3_c13_c0_5);
}

/*
 * The host's statistical profiling and trace buffers write through the
 * EL1&0 translation regime the guest is about to own, and with
 * MDCR_EL2.E2PB/E2TB = 0 the buffers would switch to EL2's: stop data
 * generation and drain what is buffered first, as KVM's
 * __debug_save_host_buffers_nvhe().  Only where the host owns a buffer
 * and has it enabled.
 */
void host_buffers_stop(struct avcpu_hyp_percpu *pc,
		       const struct hyp_features *f)
{
	pc->host_pmscr = 0;
	pc->host_trfcr = 0;
	if (f->spe && (read_sysreg(s3_0_c9_c10_0) & PMBLIMITR_E)) {
		pc->host_pmscr = read_sysreg(s3_0_c9_c9_0);	/* PMSCR_EL1 */
		write_sysreg(0, s3_0_c9_c9_0);
		isb();
		asm volatile("hint #17" : : : "memory");	/* psb csync */
		asm volatile("dsb nsh" : : : "memory");
	}
	if (f->trbe && (read_sysreg(s3_0_c9_c11_0) & TRBLIMITR_E)) {
		pc->host_trfcr = read_sysreg(s3_0_c1_c2_1);	/* TRFCR_EL1 */
		write_sysreg(0, s3_0_c1_c2_1);
		isb();
		asm volatile("hint #18" : : : "memory");	/* tsb csync */
		asm volatile("dsb nsh" : : : "memory");
	}
}

/* After the host's EL1 regime is back: sampling and tracing resume. */
void host_buffers_restart(struct avcpu_hyp_percpu *pc)
{
	if (!pc->host_pmscr && !pc->host_trfcr)
		return;
	isb();
	if (pc->host_pmscr)
		write_sysreg(pc->host_pmscr, s3_0_c9_c9_0);
	if (pc->host_trfcr)
		write_sysreg(pc->host_trfcr, s3_0_c1_c2_1);
}
