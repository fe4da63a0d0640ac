/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to avcpu's EL2 image: constants and accessors for code that runs
 * at EL2 with nothing of the kernel reachable.
 */
#ifndef _AVCPU_LIB_HYP_H
#define _AVCPU_LIB_HYP_H

/* The kernel's BIT(), usable from assembly as well. */
#ifdef __ASSEMBLY__
#define BIT(n)			(1 << (n))
#else
#define BIT(n)			(1UL << (n))
#endif

#include <avcpu/hyp_abi.h>

/* SCTLR_EL2 (E2H == 0) bits, ARM DDI 0487 D19.2. */
#define SCTLR_EL2_M		BIT(0)
#define SCTLR_EL2_C		BIT(2)
#define SCTLR_EL2_SA		BIT(3)
#define SCTLR_EL2_I		BIT(12)
#define SCTLR_EL2_WXN		BIT(19)
#define SCTLR_EL2_IESB		BIT(21)
#define SCTLR_EL2_RES1		(BIT(4) | BIT(5) | BIT(11) | \
				 BIT(16) | BIT(18) | BIT(22) | \
				 BIT(23) | BIT(28) | BIT(29))
/* EL2 with its MMU on: caches on, stack alignment checked, W^X. */
#define HYP_SCTLR_EL2		(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | \
				 SCTLR_EL2_SA | SCTLR_EL2_I | SCTLR_EL2_WXN)

/* MAIR_EL2: index 0 Normal write-back RW-allocate, index 1 Device-nGnRE. */
#define HYP_MAIR_EL2		0x04ff

/* ESR_ELx */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		0x3f
#define ESR_EC_HVC64		0x16
#define ESR_IL			BIT(25)

#define ICC_SRE_EL2_ENABLE	BIT(3)

/* __hyp_at_s1e1r()'s answer when the walk faulted: PAR_EL1.F alone. */
#define AVCPU_HYP_AT_FAULTED	1

/*
 * SPSR_EL2 of a guest: what a guest can reach and userspace may ask for.
 * AArch64: NZCV, TCO, DIT, UAO, PAN, SS, IL, SSBS, BTYPE, DAIF, M[3:0].
 * AArch32 (EL0 only): NZCV, Q, IT, DIT, SSBS, PAN, SS, IL, GE, E, AIF,
 * T, M[4:0].  Kept in step with driver/vcpu.c.
 */
#define SPSR_MODE_MASK		0x1f
#define SPSR_MODE_AARCH32	BIT(4)
#define SPSR_MODE_EL0T		0x00
#define SPSR_MODE_EL1T		0x04
#define SPSR_MODE_EL1H		0x05
#define SPSR_MODE_USR32		0x10
#define SPSR_GUEST_ALLOWED	(0xf0000000 | BIT(25) | BIT(24) | BIT(23) | \
				 BIT(22) | BIT(21) | BIT(20) | BIT(12) | \
				 BIT(11) | BIT(10) | BIT(9) | BIT(8) | \
				 BIT(7) | BIT(6) | SPSR_MODE_MASK)
#define SPSR32_GUEST_ALLOWED	0xffffffffUL	/* every AArch32 SPSR bit */
#define SPSR_SS			BIT(21)		/* software step, both widths */
#define MDSCR_SS		BIT(0)
#define MDSCR_KDE		BIT(13)
#define MDSCR_MDE		BIT(15)
#define SPSR_BTYPE_MASK		(3UL << 10)	/* AArch64 only */

#ifndef __ASSEMBLY__

/* The kernel's type, for the files shared with it (lib/inject_entry.c). */
typedef unsigned long u64;

#define read_sysreg(r) ({					\
	unsigned long __v;					\
	asm volatile("mrs %0, " #r : "=r" (__v));		\
	__v;							\
})

#define write_sysreg(v, r)					\
	do {							\
		unsigned long __w = (unsigned long)(v);		\
		asm volatile("msr " #r ", %0" : : "r" (__w));	\
	} while (0)

/* A single load the compiler may neither tear, repeat nor cache. */
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)

static inline void isb(void)
{
	asm volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	asm volatile("dsb ish" : : : "memory");
}

static inline void dsb_ishst(void)
{
	asm volatile("dsb ishst" : : : "memory");
}

static inline struct avcpu_hyp_percpu *this_percpu(void)
{
	return (struct avcpu_hyp_percpu *)read_sysreg(tpidr_el2);
}

#define HYP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

unsigned long avcpu_hyp_host_trap(struct avcpu_hyp_frame *f,
				  struct avcpu_hyp_percpu *pc);
extern char __avcpu_hyp_vectors[];

/* What this CPU implements, for registers that exist only with a feature. */
struct hyp_features {
	int gic;	/* GICv3 system registers: ICC_SRE_EL2, ICH_* */
	int ras;	/* HCR_EL2.TERR/TEA, DISR_EL1, VDISR_EL2, esb */
	int fgt;	/* fine-grained traps: HFG*TR_EL2, HDFG*TR_EL2 */
	int hcx;	/* HCRX_EL2 */
	int lor;	/* LORegion registers: HCR_EL2.TLOR */
	int spe;	/* a profiling buffer the host may own */
	int trbe;	/* a trace buffer the host may own */
	int tpidr2;	/* TPIDR2_EL0 reachable: SME without fine-grained traps */
	int nmi;	/* PSTATE.ALLINT */
	int nr_apr;	/* ICH_AP0Rn/AP1Rn_EL2 per group: 1, 2 or 4 */
	int nr_brps;	/* breakpoints: ID_AA64DFR0_EL1.BRPs + 1 */
	int nr_wrps;	/* watchpoints: ID_AA64DFR0_EL1.WRPs + 1 */
	int nr_lr;	/* GIC list registers: ICH_VTR_EL2.ListRegs + 1 */
};

static inline unsigned long id_field(unsigned long reg, int shift)
{
	return (reg >> shift) & 0xf;
}

/* features.c */
void hyp_features_read(struct hyp_features *f, struct avcpu_hyp_percpu *pc);
void feat_regs_save(struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f);
void feat_regs_load(const struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f);
void host_feat_save(struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f);
void host_feat_load(const struct avcpu_hyp_feat_regs *r,
		    const struct hyp_features *f);
void host_buffers_stop(struct avcpu_hyp_percpu *pc,
		       const struct hyp_features *f);
void host_buffers_restart(struct avcpu_hyp_percpu *pc);

/* vgic_sr.c: the virtual CPU interface's list registers */
int hyp_vgic_load(const struct avcpu_hyp_vcpu *vcpu,
		  const struct hyp_features *f);
void hyp_vgic_save(struct avcpu_hyp_vcpu *vcpu, int n);
void hyp_vgic_fault_reset(const struct hyp_features *f);
void hyp_vgic_init(struct avcpu_hyp_vcpu *vcpu, const struct hyp_features *f);

/* context_frame.c */
void hyp_sysregs_save(struct avcpu_hyp_sysregs *s);
void hyp_sysregs_restore(const struct avcpu_hyp_sysregs *s);

/* vcpu.c */
long hyp_vcpu_run(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc);
void hyp_vcpu_init(struct avcpu_hyp_vcpu *vcpu, struct avcpu_hyp_percpu *pc);

/*
 * A trapped AArch64 instruction emulated at EL2 has completed: the guest
 * goes on after it, and, as after any instruction, with BTYPE 0 and the
 * software-step state machine advanced (SPSR.SS 0: a step exception is
 * taken before the next instruction), as KVM's kvm_skip_instr().
 */
static inline void hyp_skip_insn(struct avcpu_hyp_ctx *ctx)
{
	ctx->elr += 4;
	ctx->spsr &= ~(SPSR_SS | SPSR_BTYPE_MASK);
}

/* debug.c: the guest's debug registers and the VMM's debugging of it. */
void hyp_debug_enter_slow(struct avcpu_hyp_vcpu *vcpu,
			  struct avcpu_hyp_percpu *pc,
			  const struct hyp_features *f);
void hyp_debug_exit_slow(struct avcpu_hyp_vcpu *vcpu,
			 struct avcpu_hyp_percpu *pc,
			 const struct hyp_features *f);

/*
 * Guest entry, between loading its EL1 state and loading vcpu->ctl.  The
 * hot path, inline: neither the VMM nor the guest uses debug, and
 * nothing changes (TDA stays set, the host's registers in the CPU).
 */
static inline void hyp_debug_enter(struct avcpu_hyp_vcpu *vcpu,
				   struct avcpu_hyp_percpu *pc,
				   const struct hyp_features *f)
{
	struct avcpu_hyp_debug *d = &vcpu->dbg;

	d->flags = 0;
	if (d->control | (d->oslsr & AVCPU_HYP_OSLSR_OSLK) |
	    (vcpu->sys.mdscr_el1 & (MDSCR_MDE | MDSCR_KDE)))
		hyp_debug_enter_slow(vcpu, pc, f);
}

/* Guest exit, after saving its EL1 state: nothing to do unless flagged. */
static inline void hyp_debug_exit(struct avcpu_hyp_vcpu *vcpu,
				  struct avcpu_hyp_percpu *pc,
				  const struct hyp_features *f)
{
	if (vcpu->dbg.flags)
		hyp_debug_exit_slow(vcpu, pc, f);
}

void hyp_debug_fault_restore(struct avcpu_hyp_percpu *pc,
			     const struct hyp_features *f);
/* A trapped Op0 == 2 access (EC 0x18): true if emulated here. */
int hyp_debug_sysreg(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
		     unsigned long key, int rt);

/* idregs.c: the ID registers under HCR_EL2.TID3 (EC 0x18 keys). */
int hyp_idreg_key(unsigned long key);
int hyp_idreg_read(struct avcpu_hyp_vcpu *vcpu, unsigned long esr,
		   unsigned long key, int rt);

/* debug_sr.S: DBGBVR/BCR/WVR/WCR<n>_EL1, idx = kind * 16 + n (< 64). */
unsigned long __hyp_dbg_read(unsigned long idx);
void __hyp_dbg_write(unsigned long idx, unsigned long val);

/* exit.c: exits answered at EL2 (T0); true when the guest may resume. */
int hyp_exit_t0(struct avcpu_hyp_vcpu *vcpu);
void hyp_fault_restore_host(struct avcpu_hyp_percpu *pc);
void hyp_s2_flush_vmid(unsigned long vttbr);

/* exception.S: enter the guest, return the AVCPU_RUN_* of its exit. */
unsigned long __hyp_guest_enter(struct avcpu_hyp_ctx *ctx,
				struct avcpu_hyp_percpu *pc);
/*
 * exception.S: unmask SError for one instruction; returns the syndrome of
 * an SError taken there | AVCPU_HYP_SERROR_VALID, or 0.
 */
unsigned long __hyp_serror_window(void);
/*
 * exception.S: AT S1E1R of @va, returning PAR_EL1, or AVCPU_HYP_AT_FAULTED
 * if the walk itself faulted at EL2 (the EL2h sync vector recovers it).
 */
unsigned long __hyp_at_s1e1r(unsigned long va);

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_LIB_HYP_H */
