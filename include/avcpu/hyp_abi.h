/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one interface between avcpu's EL1 driver and its EL2 image.
 *
 * Everything that crosses from the host kernel (EL1) into avcpu's EL2 code
 * is defined here, and nowhere else:
 *
 *  - host calls: "hvc #0" with a function id in x0 and arguments in x1..x3.
 *    Results come back in x0 (status) and x1..x5.  x6..x17 are clobbered,
 *    x18..x30, SP_EL1 and all EL1 system registers are preserved, like an
 *    SMCCC 1.1 call.  The ids live outside the hyp-stub range (0..3) and
 *    outside KVM's vendor-hyp range (0xc6000000..), so the probe call is
 *    answered with HVC_STUB_ERR by the kernel's stub and with -1
 *    (SMCCC_RET_NOT_SUPPORTED) by KVM: that is how the driver learns who
 *    owns EL2 without disturbing it.
 *
 *  - hyp-stub calls (x0 = 0..3, arch/arm64/include/asm/virt.h) keep their
 *    meaning for the host; see Documentation/avcpu.rst for what avcpu does
 *    with each.
 *
 *  - install: the stub's HVC_SOFT_RESTART branches to the image's
 *    install entry at EL2 with the MMU off, with x0 = physical address of
 *    this CPU's struct avcpu_hyp_percpu, x1 = TTBR0_EL2 (EL2 page tables),
 *    x2 = TCR_EL2.  It returns to the caller with x0 = 0.
 *
 *  - struct avcpu_hyp_percpu: one per CPU, in pages mapped both in the
 *    kernel's linear map and, at VA == PA, in EL2's own stage-1 tables,
 *    with the same Normal write-back attributes on both sides (coherent).
 *    The EL2 stack lives above it in the same allocation.
 *
 * EL2 maps all of its memory at VA == PA ("identity"), so an address the
 * driver gets from virt_to_phys() is an address EL2 can dereference.
 *
 * Both sides include this header: EL1 with the kernel's BIT(), EL2 with
 * the one lib/hyp.h defines.
 */
#ifndef _AVCPU_HYP_ABI_H
#define _AVCPU_HYP_ABI_H

#define AVCPU_HC_BASE		0x41564300	/* "AVC\0" */
#define AVCPU_HC(n)		(AVCPU_HC_BASE + (n))
#define AVCPU_HC_PROBE		AVCPU_HC(0)	/* -> x0 = AVCPU_HYP_MAGIC */
#define AVCPU_HC_QUERY		AVCPU_HC(1)	/* -> x1..x5: see below */
#define AVCPU_HC_UNINSTALL	AVCPU_HC(2)	/* give EL2 back to the stub */
#define AVCPU_HC_VCPU_RUN	AVCPU_HC(3)	/* x1 = struct avcpu_hyp_vcpu */
#define AVCPU_HC_S2_FLUSH	AVCPU_HC(4)	/* x1 = VTTBR: flush its VMID */
#define AVCPU_HC_EL2_UNMAP	AVCPU_HC(5)	/* x1 = EL2 VA: tlbi after unmap */
#define AVCPU_HC_TLB_FLUSH_ALL	AVCPU_HC(6)	/* every VMID: VMID rollover */
#define AVCPU_HC_VCPU_INIT	AVCPU_HC(7)	/* x1 = struct avcpu_hyp_vcpu */
#define AVCPU_HC_NR		8

/*
 * AVCPU_HC_VCPU_INIT: fill in avcpu_hyp_vcpu.ctl with the EL2 controls
 * EL2 would load for this vCPU on this CPU, without running it (so that
 * GET_SYSREGS reports them before the first RUN).  Every RUN refreshes
 * ctl with what it really loaded.
 */

/*
 * AVCPU_HC_VCPU_RUN: enter the guest described by struct avcpu_hyp_vcpu
 * (PA == EL2 VA, mapped in EL2's tables) and return at its next exit with
 * x0 = AVCPU_RUN_* (>= 0) or AVCPU_HC_EINVAL (the entry state was refused
 * and the guest did not run).  The exit's raw syndrome is in
 * struct avcpu_hyp_vcpu.exit.
 */
#define AVCPU_RUN_SYNC		0	/* synchronous exception: see exit.esr */
#define AVCPU_RUN_IRQ		1	/* a host interrupt ended the slice */
#define AVCPU_RUN_FIQ		2
#define AVCPU_RUN_SERROR	3	/* a guest SError: see exit.serror */
#define AVCPU_HYP_SERROR_VALID	BIT(63)	/* exit.serror holds a syndrome */
#define AVCPU_HC_EINVAL		(-3L)

/*
 * The guest's EL2 controls, built by EL2 from these constants alone:
 * HCR_EL2 = VM | SWIO | PTW | FMO | IMO | AMO | FB | BSU=IS | TWI | TWE |
 * TID3 | TSC | TIDCP | TACR | TSW | RW (plus TERR | TEA where FEAT_RAS
 * exists, TLOR where FEAT_LOR exists).  API, APK and ATA clear:
 * pointer-auth and MTE instructions trap.  EnSCXT clear: SCXTNUM_ELx
 * trap.  TID3: every ID register read (Op0 3, Op1 0, CRn 0, CRm 1..7)
 * is answered at EL2 from avcpu_hyp_vcpu.idregs (lib/idregs.c), so that
 * the guest is told only of the features it really gets.
 */
#define AVCPU_GUEST_HCR		(BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | \
				 BIT(5) | BIT(9) | BIT(10) | BIT(13) | \
				 BIT(14) | BIT(18) | BIT(19) | BIT(20) | \
				 BIT(21) | BIT(22) | BIT(31))
#define AVCPU_GUEST_HCR_RAS	(BIT(36) | BIT(37))	/* TERR | TEA */
#define AVCPU_GUEST_HCR_LOR	BIT(35)			/* TLOR */
/*
 * Per-vCPU HCR_EL2 bits (avcpu_hyp_vcpu.hcr_dyn), chosen by the driver at
 * vCPU creation and changed by EL2 as the guest runs: FWB where the whole
 * system has FEAT_S2FWB (the stage-2 tables then use the FWB memory
 * attribute encoding); otherwise TVM until the guest has turned its MMU
 * and caches on (KVM's kvm_toggle_cache()).  TID2 where CTR_EL0 differs
 * between CPUs (big.LITTLE): the guest then reads the system-wide value
 * (avcpu_hyp_vcpu.ctr_el0), as KVM does.  VSE while an SError the VMM
 * injected (AVCPU_INJECT_EXCEPTION) is pending: the CPU clears it when the
 * guest takes it, and EL2 reads it back at every exit (KVM's
 * ___deactivate_traps()); where FEAT_RAS exists EL2 loads VSESR_EL2 from
 * avcpu_hyp_vcpu.vsesr_el2 with it.  Nothing else is taken.
 */
#define AVCPU_HCR_VSE		BIT(8)
#define AVCPU_HCR_TID2		BIT(17)
#define AVCPU_HCR_TVM		BIT(26)
#define AVCPU_HCR_FWB		BIT(46)
#define AVCPU_HCR_DYN_MASK	(AVCPU_HCR_VSE | AVCPU_HCR_TID2 | \
				 AVCPU_HCR_TVM | AVCPU_HCR_FWB)
/*
 * CPTR_EL2 (E2H == 0): RES1, TZ, TSM, TTA, TAM (activity monitors the
 * host uses).  FP/SIMD not trapped.
 */
#define AVCPU_GUEST_CPTR	(BIT(13) | BIT(9) | 0xff | BIT(8) | BIT(12) | \
				 BIT(20) | BIT(30))
/*
 * MDCR_EL2: TPMCR | TPM | TDA | TDOSA | TDRA | TPMS (SPE) | TTRF (trace
 * filter), plus the host's HPMN.  E2PB and E2TB are 0 for the guest: the
 * SPE and TRBE buffer registers trap (the host's are drained and stopped
 * around the guest, lib/vcpu.c).  lib/debug.c clears TDA while the
 * guest's own debug registers are loaded, and sets TDE while the VMM
 * debugs the guest (AVCPU_HYP_DBG_ENABLE).
 */
#define AVCPU_GUEST_MDCR	(BIT(5) | BIT(6) | BIT(9) | BIT(10) | BIT(11) | \
				 BIT(14) | BIT(19))
#define AVCPU_MDCR_HOST_KEEP	0x1fUL
#define AVCPU_MDCR_TDE		BIT(8)
#define AVCPU_MDCR_TDA		BIT(9)
/* CNTHCTL_EL2 (E2H == 0): EL1PCTEN set, EL1PCEN clear (the host's tick). */
#define AVCPU_GUEST_CNTHCTL	BIT(0)
#define AVCPU_CNTHCTL_EL1PCEN	BIT(1)

/* Answer to AVCPU_HC_PROBE: "avcpu" and the interface revision. */
#define AVCPU_HYP_MAGIC		0x6176637075000001UL

/* Host-call status values in x0. */
#define AVCPU_HC_OK		0
#define AVCPU_HC_ENOSYS		(-1L)	/* unknown id (same as SMCCC) */
#define AVCPU_HC_EL2_FAULT	(-2L)	/* EL2 took an exception itself */

/* Values the kernel's hyp stub uses (arch/arm64/include/asm/virt.h). */
#define AVCPU_STUB_SET_VECTORS		0
#define AVCPU_STUB_SOFT_RESTART		1
#define AVCPU_STUB_RESET_VECTORS	2
#define AVCPU_STUB_FINALISE_EL2		3
#define AVCPU_STUB_NR			4
#define AVCPU_STUB_ERR			0xbadca11UL

/*
 * AVCPU_HC_QUERY results, read at EL2 on the calling CPU:
 *   x1 = VBAR_EL2, x2 = SCTLR_EL2, x3 = TTBR0_EL2, x4 = TCR_EL2,
 *   x5 = AVCPU_HYP_Q_* flags.
 */
#define AVCPU_HYP_Q_VBAR_OURS	BIT(0)	/* VBAR_EL2 == our vectors */
#define AVCPU_HYP_Q_PERCPU_OK	BIT(1)	/* TPIDR_EL2 == our percpu */
/*
 * Speculation mitigations, as EL2 applies them on this CPU now (lib/spectre.c):
 * from struct avcpu_hyp_percpu.spec and the vector table VBAR_EL2 points at.
 */
#define AVCPU_HYP_Q_SPEC_AT	BIT(2)	/* speculative-AT ordering */
#define AVCPU_HYP_Q_BHB_LOOP	BIT(3)	/* branchy loop on each lower-EL entry */
#define AVCPU_HYP_Q_BP_FW	BIT(4)	/* firmware WA1/WA3 call on each entry */
#define AVCPU_HYP_Q_BHB_CLRBHB	BIT(5)	/* CLRBHB on each lower-EL entry */
#define AVCPU_HYP_Q_SSBD	BIT(6)	/* EL2 entered with PSTATE.SSBS = 0 */

/*
 * struct avcpu_hyp_percpu.spec: the speculation mitigations EL2 applies on
 * this CPU.  Written by the driver on the CPU itself before it installs
 * there at load or CPU online (kept for the reinstalls after CPU PM), from
 * the kernel's capabilities, the CPU's MIDR and, where an SMCCC 1.1 SMC
 * conduit exists, the firmware's answers (driver/spectre.c); read by EL2
 * only:
 *   bit 0      AVCPU_SPEC_AT: the ARM64_WORKAROUND_SPECULATIVE_AT
 *              ordering of the EL1 translation registers around every
 *              VTTBR_EL2 change (guest entry and exit, stage-2 flush)
 *   bits 3:1   AVCPU_SPEC_VEC_*: the vector table the install selects
 *              (lib/spectre_vectors.S): plain, BHB loop, firmware call, CLRBHB
 *   bits 15:8  k, the iteration count of the BHB loop (byte at +1)
 *   bits 63:32 the SMCCC function id of the firmware call (word at +4):
 *              ARCH_WORKAROUND_1 or _3, made with "smc #0"
 * The driver is trusted as it is for EL2's page tables; EL2 still falls
 * back to the plain vectors for a mode it does not know.
 */
#define AVCPU_SPEC_AT		BIT(0)
#define AVCPU_SPEC_VEC_SHIFT	1
#define AVCPU_SPEC_VEC_BITS	3
#define AVCPU_SPEC_VEC_NONE	0
#define AVCPU_SPEC_VEC_LOOP	1
#define AVCPU_SPEC_VEC_FW	2
#define AVCPU_SPEC_VEC_CLRBHB	3
#define AVCPU_SPEC_VEC_NR	4
#define AVCPU_SPEC_K_SHIFT	8
#define AVCPU_SPEC_FWID_SHIFT	32

/* struct avcpu_hyp_percpu.state, written by EL2. */
#define AVCPU_HYP_STATE_NONE		0
#define AVCPU_HYP_STATE_INSTALLED	1
#define AVCPU_HYP_STATE_GIVEN_BACK	2	/* by AVCPU_HC_UNINSTALL */
#define AVCPU_HYP_STATE_LOST		3	/* taken by a host stub call */

/* Layout of the per-CPU EL2 allocation. */
#define AVCPU_HYP_PERCPU_ORDER	3		/* 8 pages of 4 KiB */
#define AVCPU_HYP_PERCPU_SIZE	(4096UL << AVCPU_HYP_PERCPU_ORDER)
#define AVCPU_HYP_GUARD_OFFSET	4096UL		/* page left unmapped */
#define AVCPU_HYP_STACK_OFFSET	8192UL		/* stack: up to the end */

/* Offsets into struct avcpu_hyp_percpu, for exception.S. */
#define HYP_PC_SELF		0
#define HYP_PC_HOST_FRAME	8
#define HYP_PC_STUB_VBAR	16
#define HYP_PC_STUB_SCTLR	24
#define HYP_PC_STUB_TCR		32
#define HYP_PC_STUB_MAIR	40
#define HYP_PC_STUB_TTBR0	48
#define HYP_PC_STUB_TPIDR	56
#define HYP_PC_STUB_SP		64
#define HYP_PC_STATE		72
#define HYP_PC_FAULT		(HYP_PC_STATE + 4 * 8)
#define HYP_PC_UNEXPECTED	(HYP_PC_FAULT + 4 * 8)
#define HYP_PC_PINNED		(HYP_PC_UNEXPECTED + 16 * 8)
#define HYP_PC_GUEST_CTX	(HYP_PC_PINNED + 8)
#define HYP_PC_HOST_STACK_TOP	(HYP_PC_GUEST_CTX + 8)
#define HYP_PC_SPEC		(HYP_PC_HOST_STACK_TOP + 8)
#define HYP_PC_SPEC_K		(HYP_PC_SPEC + 1)	/* little-endian */
#define HYP_PC_SPEC_FWID	(HYP_PC_SPEC + 4)

/*
 * struct avcpu_hyp_vcpu.t0.smccc, for exception.S's fast path, which reaches
 * it from the guest's register frame at the start of the struct (both
 * checked at build time in driver/vcpu.c).
 */
#define HYP_VCPU_T0_SMCCC	0x2b0

/* struct avcpu_hyp_ctx (the seed's TrapFrame), for exception.S. */
#define HYP_CTX_SP_EL0		(31 * 8)
#define HYP_CTX_ELR		(32 * 8)
#define HYP_CTX_SPSR		(33 * 8)

/*
 * Frame the vectors push for a host call: x0..x30, the VBAR to leave
 * behind on a give-back, and the host's ELR_EL2/SPSR_EL2 (so a fault
 * inside EL2 can still return to the host).
 */
#define HYP_FRAME_NEW_VBAR	(31 * 8)
#define HYP_FRAME_ELR		(32 * 8)
#define HYP_FRAME_SPSR		(33 * 8)
#define HYP_FRAME_SIZE		(34 * 8)

/* Give-back actions returned by the C host-call handler. */
#define HYP_ACT_RETURN		0	/* restore host regs and eret */
#define HYP_ACT_GIVE_BACK	1	/* stub state, VBAR = new_vbar, x0 = 0 */
#define HYP_ACT_SOFT_RESTART	2	/* stub state, then the stub's jump */

#ifndef __ASSEMBLY__

struct avcpu_hyp_frame {
	unsigned long x[31];
	unsigned long new_vbar;
	unsigned long elr;
	unsigned long spsr;
};

/* The seed's TrapFrame: what the guest's registers were at its exit. */
struct avcpu_hyp_ctx {
	unsigned long x[31];
	unsigned long sp_el0;
	unsigned long elr;
	unsigned long spsr;
};

/*
 * The seed's GuestSystemRegisters: EL1/EL0 state switched between host and
 * guest on every entry and exit.  (The same layout carries the host's.)
 * The fields up to cntvoff_el2 are laid out as in struct avcpu_sysregs
 * of the uapi header (checked at build time in driver/vcpu.c).
 */
struct avcpu_hyp_sysregs {
	unsigned long sp_el1;
	unsigned long elr_el1;
	unsigned long spsr_el1;
	unsigned long sctlr_el1;
	unsigned long cpacr_el1;
	unsigned long ttbr0_el1;
	unsigned long ttbr1_el1;
	unsigned long tcr_el1;
	unsigned long esr_el1;
	unsigned long afsr0_el1;
	unsigned long afsr1_el1;
	unsigned long far_el1;
	unsigned long par_el1;
	unsigned long mair_el1;
	unsigned long vbar_el1;
	unsigned long contextidr_el1;
	unsigned long tpidr_el0;
	unsigned long tpidrro_el0;
	unsigned long tpidr_el1;
	unsigned long csselr_el1;
	unsigned long cntkctl_el1;
	unsigned long cntv_ctl_el0;
	unsigned long cntv_cval_el0;
	unsigned long cntvoff_el2;
	/* Not exposed to userspace: */
	unsigned long amair_el1;	/* IMPDEF */
	unsigned long mdscr_el1;	/* guest: its own (lib/debug.c) */
	unsigned long sp_el0;		/* host only: the kernel's "current" */
};

/*
 * State that exists only with a feature, switched where the CPU has it:
 * the GIC virtual CPU interface the guest's ICC_* accesses reach
 * (HCR_EL2.IMO/FMO), VDISR_EL2, the guest's DISR_EL1 (HCR_EL2.AMO), and
 * TPIDR2_EL0 on a CPU with SME but no fine-grained traps to stop it.
 * ICH_VTR_EL2 says how many active-priority registers exist (1, 2 or 4
 * per group).
 */
struct avcpu_hyp_feat_regs {
	unsigned long ich_vmcr_el2;
	unsigned long ich_ap0r[4];
	unsigned long ich_ap1r[4];
	unsigned long vdisr_el2;
	unsigned long tpidr2_el0;
};

/* EL2 controls: the guest's are built by EL2 from constants. */
struct avcpu_hyp_el2_ctl {
	unsigned long hcr_el2;
	unsigned long vttbr_el2;
	unsigned long vtcr_el2;
	unsigned long cptr_el2;
	unsigned long mdcr_el2;
	unsigned long cnthctl_el2;
	unsigned long hstr_el2;
	unsigned long vpidr_el2;
	unsigned long vmpidr_el2;
	unsigned long icc_sre_el2;
	/* FEAT_HCX and FEAT_FGT, where the CPU has them */
	unsigned long hcrx_el2;
	unsigned long hfgrtr_el2;
	unsigned long hfgwtr_el2;
	unsigned long hfgitr_el2;
	unsigned long hdfgrtr_el2;
	unsigned long hdfgwtr_el2;
};

/*
 * Raw syndrome of the last exit, decoded by the driver.  far and hpfar are
 * what the architecture defines for the exit's class (FAR_EL2 for aborts
 * with FnV clear, PC alignment faults and watchpoints; HPFAR_EL2 for
 * aborts) and 0 otherwise: never what an earlier exit left in the
 * register.
 */
struct avcpu_hyp_exit {
	unsigned long esr;
	unsigned long far;
	unsigned long hpfar;
	unsigned long par;		/* AT S1E1R of FAR, when HPFAR is invalid */
	unsigned long serror;		/* a guest SError's syndrome, or 0 */
	unsigned long flags;		/* AVCPU_HYP_EXIT_* */
};

#define AVCPU_HYP_EXIT_FLUSH_VM	BIT(0)	/* clean the VM's memory to PoC */
/* An SMCCC call (hvc #0 / smc #0) the kernel answers (T1): PSCI power. */
#define AVCPU_HYP_EXIT_SMCCC_T1	BIT(1)

/*
 * SMCCC: what the driver prepared for EL2 to answer a guest's hvc #0 and
 * smc #0 itself (lib/smccc.c decides with it): the VM's SMCCC filter
 * (AVCPU_SET_SMCCC_FILTER, copied at the vCPU's first RUN, sorted, never
 * overlapping) and the SMCCC_ARCH_FEATURES answers for ARCH_WORKAROUND_1,
 * _2 and _3, from the host's system-wide Spectre state (refreshed at every
 * RUN: vCPUs migrate between CPUs).
 */
#define AVCPU_HYP_SMCCC_FILTER_MAX	32

struct avcpu_hyp_smccc_range {
	unsigned int base;
	unsigned int last;		/* inclusive */
	unsigned int action;		/* AVCPU_HYP_FILTER_* */
};

/* The uapi's AVCPU_SMCCC_FILTER_* (checked at build time in the driver). */
#define AVCPU_HYP_FILTER_HANDLE		0
#define AVCPU_HYP_FILTER_DENY		1
#define AVCPU_HYP_FILTER_FWD_TO_USER	2

enum { AVCPU_WA1, AVCPU_WA2, AVCPU_WA3, AVCPU_WA_NR };

struct avcpu_hyp_smccc {
	unsigned int nr_filter;
	unsigned int pad;
	struct avcpu_hyp_smccc_range filter[AVCPU_HYP_SMCCC_FILTER_MAX];
	long wa[AVCPU_WA_NR];		/* SMCCC return values */
};

/* Exits EL2 answered itself (T0) since the driver last looked. */
struct avcpu_hyp_t0 {
	/* TVM writes, TID2/TID3 reads, debug, PMU (UNDEF), LOR, ICC_SRE_EL1 */
	unsigned long sysreg;
	unsigned long setway;		/* DC ISW/CSW/CISW stepped over */
	unsigned long smccc;		/* SMCCC/PSCI calls answered */
};

/*
 * avcpu_hyp_vcpu.flags, set by the driver before a RUN.  FLUSH_LOCAL:
 * another vCPU entered a guest on this CPU since this one did.
 */
#define AVCPU_HYP_VCPU_FLUSH_LOCAL	BIT(0)

/*
 * One vCPU, shared between the driver (kernel linear map) and EL2 (mapped
 * at VA == PA while the vCPU exists).  EL2 reads ctx, sys, feat, vttbr,
 * vtcr, vmpidr, hcr_dyn, flags, smccc, vsesr_el2, dbg, idregs and vgic
 * and writes ctx, sys, feat, hcr_dyn, exit, t0, ctl, dbg (all but
 * dbg.control and dbg.vmm) and vgic (lr, misr, elrsr, nr_lr); everything
 * else of the guest's EL2 state EL2 builds itself.  Never mapped to userspace.
 */
/*
 * Debug (lib/debug.c, driver/debug.c).  The guest's own breakpoint and
 * watchpoint registers and MDCCINT_EL1 are kept here and are in the CPU
 * only while the guest uses them (KVM's lazy switch); the host's are then
 * in struct avcpu_hyp_percpu.host_dbg.
 */
#define AVCPU_HYP_NR_DBG	16

struct avcpu_hyp_dbg_regs {
	unsigned long bcr[AVCPU_HYP_NR_DBG];
	unsigned long bvr[AVCPU_HYP_NR_DBG];
	unsigned long wcr[AVCPU_HYP_NR_DBG];
	unsigned long wvr[AVCPU_HYP_NR_DBG];
	unsigned long mdccint;
};

/*
 * avcpu_hyp_debug.control: what the VMM asked for (the uapi's
 * AVCPU_GUESTDBG_*, same values, checked at build time in the driver).
 */
#define AVCPU_HYP_DBG_ENABLE	BIT(0)	/* MDCR_EL2.TDE: exceptions to EL2 */
#define AVCPU_HYP_DBG_STEP	BIT(1)	/* MDSCR_EL1.SS forced on */
#define AVCPU_HYP_DBG_SW_BP	BIT(2)	/* brk is the VMM's (driver only) */
#define AVCPU_HYP_DBG_USE_HW	BIT(3)	/* the CPU holds vmm's registers */
/* avcpu_hyp_debug.flags, EL2's own during one RUN: */
#define AVCPU_HYP_DBGF_LOADED	BIT(0)	/* host's saved, ours in the CPU */
/* OSLSR_EL1 as the guest reads it: OSLM = 0b10 (OS lock implemented). */
#define AVCPU_HYP_OSLSR_OSLM	BIT(3)
#define AVCPU_HYP_OSLSR_OSLK	BIT(1)

struct avcpu_hyp_debug {
	unsigned long control;		/* AVCPU_HYP_DBG_*, the driver's */
	unsigned long flags;		/* AVCPU_HYP_DBGF_*, EL2's */
	unsigned long oslsr;		/* the guest's OSLSR_EL1 */
	/*
	 * The guest's own MDSCR_EL1 while the CPU holds another value for
	 * it (VMM debugging, OS lock): sys.mdscr_el1 between RUNs.
	 */
	unsigned long mdscr;
	struct avcpu_hyp_dbg_regs guest;	/* the guest's own */
	struct avcpu_hyp_dbg_regs vmm;	/* USE_HW: the VMM's (no mdccint) */
};

/*
 * The virtual GIC's list registers (lib/vgic_sr.c; the driver's half is
 * driver/vgic.c).  Before a RUN, with interrupts masked after it last
 * looked at what is pending, the driver fills lr[0 .. nr_used) and hcr
 * (ICH_HCR_EL2: En, and UIE when more interrupts wait than fit).  EL2
 * loads them only when hcr has En, and at the exit stores the list
 * registers it loaded back into lr[] (their state after the guest ran),
 * reads ICH_MISR_EL2 and ICH_ELRSR_EL2 into misr and elrsr, and leaves
 * ICH_HCR_EL2 = 0 and those list registers 0 for the host: the
 * maintenance interrupt is asserted only while En is set, and a live
 * list register would otherwise be signalled to whatever the CPU runs
 * next.  nr_lr is ICH_VTR_EL2.ListRegs + 1, written by EL2 at
 * AVCPU_HC_VCPU_INIT; EL2 never loads more than its CPU has (writing one
 * that does not exist is UNDEFINED).
 */
#define AVCPU_HYP_MAX_LR	16
#define AVCPU_ICH_HCR_EN	BIT(0)
#define AVCPU_ICH_HCR_UIE	BIT(1)
#define AVCPU_ICH_HCR_NPIE	BIT(3)
/* ICH_LR<n>_EL2 fields */
#define AVCPU_ICH_LR_VINTID_MASK	0xffffffffUL
#define AVCPU_ICH_LR_PRIO_SHIFT		48
#define AVCPU_ICH_LR_GROUP		BIT(60)
#define AVCPU_ICH_LR_HW			BIT(61)
#define AVCPU_ICH_LR_EOI		BIT(41)
/* With HW: the physical INTID the guest's deactivation deactivates. */
#define AVCPU_ICH_LR_PINTID_SHIFT	32
#define AVCPU_ICH_LR_PINTID_MASK	(0x1fffUL << AVCPU_ICH_LR_PINTID_SHIFT)
#define AVCPU_ICH_LR_PENDING		BIT(62)
#define AVCPU_ICH_LR_ACTIVE		BIT(63)
/* ICH_MISR_EL2 */
#define AVCPU_ICH_MISR_EOI		BIT(0)
#define AVCPU_ICH_MISR_U		BIT(1)

struct avcpu_hyp_vgic {
	unsigned long hcr;
	unsigned long misr;
	unsigned long elrsr;
	unsigned int nr_lr;		/* EL2's */
	unsigned int nr_used;		/* the driver's */
	unsigned long lr[AVCPU_HYP_MAX_LR];
};

/*
 * ID registers: idregs[i] is the one with Op0 3, Op1 0, CRn 0,
 * CRm = 1 + i / 8, Op2 = i % 8, as the uapi's struct avcpu_id_regs.
 */
#define AVCPU_HYP_NR_ID_REGS	56

struct avcpu_hyp_vcpu {
	struct avcpu_hyp_ctx ctx;
	struct avcpu_hyp_sysregs sys;
	struct avcpu_hyp_feat_regs feat;
	unsigned long vttbr_el2;
	unsigned long vtcr_el2;
	unsigned long vmpidr_el2;
	unsigned long hcr_dyn;		/* AVCPU_HCR_DYN_MASK bits */
	unsigned long ctr_el0;		/* the guest's CTR_EL0 under TID2 */
	unsigned long flags;		/* AVCPU_HYP_VCPU_* */
	struct avcpu_hyp_exit exit;
	struct avcpu_hyp_t0 t0;
	struct avcpu_hyp_el2_ctl ctl;	/* what EL2 loaded (or would) */
	struct avcpu_hyp_smccc smccc;	/* read by EL2 only */
	unsigned long vsesr_el2;	/* with hcr_dyn VSE, FEAT_RAS only */
	struct avcpu_hyp_debug dbg;	/* lib/debug.c */
	/* The VM's ID registers (HCR_EL2.TID3), copied at the first RUN. */
	unsigned long idregs[AVCPU_HYP_NR_ID_REGS];
	struct avcpu_hyp_vgic vgic;	/* lib/vgic_sr.c */
};

struct avcpu_hyp_fault {
	unsigned long esr;
	unsigned long elr;
	unsigned long far;
	unsigned long spsr;
};

struct avcpu_hyp_percpu {
	unsigned long self;		/* its own PA == EL2 VA, in TPIDR_EL2 */
	unsigned long host_frame;	/* SP of the current host-call frame */
	/* EL2 state found at install; put back at give-back. */
	unsigned long stub_vbar;
	unsigned long stub_sctlr;
	unsigned long stub_tcr;
	unsigned long stub_mair;
	unsigned long stub_ttbr0;
	unsigned long stub_tpidr;
	unsigned long stub_sp;
	unsigned long state;		/* AVCPU_HYP_STATE_* */
	unsigned long lost_call;	/* stub call that took EL2 */
	unsigned long refused_calls;	/* stub calls EL2 refused */
	unsigned long host_calls;	/* host calls served */
	struct avcpu_hyp_fault fault;	/* last EL2-internal exception */
	unsigned long unexpected[16];	/* per vector entry */
	unsigned long pinned;		/* refuse host takeovers (EL1 sets) */
	/* While a guest runs on this CPU: its register frame, else 0. */
	unsigned long guest_ctx;
	unsigned long host_stack_top;	/* EL2 SP to return to on exit */
	unsigned long spec;		/* AVCPU_SPEC_*: EL1 sets before install */
	unsigned long host_saved;	/* host_sys/host_ctl hold the host */
	unsigned long features;		/* EL2-private cache (lib/features.c) */
	unsigned long host_pmscr;	/* host SPE/trace filter, while stopped */
	unsigned long host_trfcr;
	/* A host SError IESB deferred at a host call (ESR format), count. */
	unsigned long host_serror;
	unsigned long host_serrors;
	struct avcpu_hyp_sysregs host_sys;	/* host EL1 state */
	struct avcpu_hyp_feat_regs host_feat;	/* host TPIDR2_EL0 */
	struct avcpu_hyp_el2_ctl host_ctl;	/* host EL2 controls */
	/* The host's ICC_PMR_EL1 while EL2 opened it for a guest (bit 63). */
	unsigned long host_pmr;
	/* The host's debug registers while a guest's are loaded. */
	unsigned long host_dbg_saved;
	struct avcpu_hyp_dbg_regs host_dbg;
};

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_HYP_ABI_H */
