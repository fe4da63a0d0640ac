/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * avcpu: hardware-virtualized vCPUs for arm64 without KVM.
 *
 * Userspace ABI of /dev/avcpu.  Documented in Documentation/avcpu.rst
 * ("ioctl reference"); every ioctl lists its errno values there.
 *
 * Conventions (as include/uapi/linux/kvm.h):
 *  - one ioctl magic, AVCPU_IO; numbers grouped by the fd they apply to
 *    (0x00-0x3f: /dev/avcpu);
 *  - fixed-width types, explicit padding, reserved fields that must be
 *    zero on input and are zeroed on output;
 *  - AVCPU_API_VERSION stays fixed; features are discovered, not versioned.
 */
#ifndef _UAPI_LINUX_AVCPU_H
#define _UAPI_LINUX_AVCPU_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define AVCPU_API_VERSION	1

#define AVCPU_IO		0xA6

/*
 * AVCPU_GET_API_VERSION: returns AVCPU_API_VERSION as the ioctl's value.
 */
#define AVCPU_GET_API_VERSION	_IO(AVCPU_IO, 0x00)

/*
 * AVCPU_GET_EL2_INFO: what runs at EL2 on one CPU, read at EL2 on that CPU
 * at the time of the call (not a cached answer).
 *
 * in:  cpu, reserved fields zero.
 * out: state, flags and, for CAP_SYS_ADMIN only, the raw EL2 register
 *      values (physical addresses); for everybody else those are zero and
 *      AVCPU_EL2_RAW is clear.
 *
 * Errors: EINVAL (cpu >= nr_cpu_ids, reserved not zero), ENXIO (CPU
 * offline), EFAULT.
 */
struct avcpu_el2_info {
	__u32 cpu;
	__u32 state;		/* AVCPU_EL2_STATE_* */
	__u32 flags;		/* AVCPU_EL2_* */
	__u32 lost_call;	/* hyp-stub call that took EL2, if LOST */
	__u64 vbar_el2;		/* raw: CAP_SYS_ADMIN only */
	__u64 sctlr_el2;
	__u64 ttbr0_el2;	/* raw: CAP_SYS_ADMIN only */
	__u64 tcr_el2;
	__u64 stub_vbar;	/* raw: CAP_SYS_ADMIN only */
	__u64 host_calls;	/* host calls this CPU's EL2 has served */
	__u64 refused_calls;	/* host stub calls refused (EL2 pinned) */
	__u64 reserved[4];
};

/* avcpu_el2_info.state */
#define AVCPU_EL2_STATE_AVCPU	1	/* avcpu's EL2 code answers */
#define AVCPU_EL2_STATE_STUB	2	/* the kernel's hyp stub answers */
#define AVCPU_EL2_STATE_LOST	3	/* host stub call took EL2 away */
#define AVCPU_EL2_STATE_OTHER	4	/* another hypervisor (e.g. KVM) */

/* avcpu_el2_info.flags */
#define AVCPU_EL2_VBAR_OURS	(1U << 0)	/* VBAR_EL2 is avcpu's vectors */
#define AVCPU_EL2_MMU_ON	(1U << 1)	/* SCTLR_EL2.M */
#define AVCPU_EL2_DCACHE_ON	(1U << 2)	/* SCTLR_EL2.C */
#define AVCPU_EL2_ICACHE_ON	(1U << 3)	/* SCTLR_EL2.I */
#define AVCPU_EL2_WXN	(1U << 4)	/* SCTLR_EL2.WXN */
#define AVCPU_EL2_RAW	(1U << 5)	/* raw fields are filled in */
/*
 * Speculation mitigations EL2 applies on this CPU, read at EL2 from what
 * it does (Documentation/avcpu.rst, "Speculation"):
 */
#define AVCPU_EL2_SPEC_AT	(1U << 6)	/* speculative-AT errata ordering */
#define AVCPU_EL2_BHB_LOOP	(1U << 7)	/* branch-history loop on exit */
#define AVCPU_EL2_BP_FW		(1U << 8)	/* firmware WA1/WA3 on exit */
#define AVCPU_EL2_BHB_CLRBHB	(1U << 9)	/* CLRBHB on exit */
#define AVCPU_EL2_SSBD		(1U << 10)	/* EL2 runs with PSTATE.SSBS = 0 */

#define AVCPU_GET_EL2_INFO	_IOWR(AVCPU_IO, 0x01, struct avcpu_el2_info)

/*
 * AVCPU_CREATE_VM: a guest memory object ("VM") with its own stage-2
 * table and VMID.  Argument must be 0.  Returns a new fd.
 * Errors: EINVAL (argument), ENOMEM, EMFILE.  (VMIDs are recycled: no
 * limit on the number of VMs from the VMID width.)
 */
#define AVCPU_CREATE_VM		_IO(AVCPU_IO, 0x02)

/* AVCPU_GET_VCPU_MMAP_SIZE: size of struct avcpu_run's mapping. */
#define AVCPU_GET_VCPU_MMAP_SIZE _IO(AVCPU_IO, 0x03)

/* Guest-physical address space of every VM: 39 bits (512 GiB). */
#define AVCPU_IPA_BITS		39

/*
 * VM fd: AVCPU_SET_MEMORY_REGION maps [userspace_addr, +size) at
 * guest_phys_addr, or, with size 0, removes the region that starts at
 * guest_phys_addr.  All three page-aligned; regions do not overlap.
 * Pages are pinned for the region's life and count against
 * RLIMIT_MEMLOCK.  Without AVCPU_MEM_READONLY the mapping must be
 * writable.  Errors: EINVAL, EEXIST (overlap), ENOENT (no such region to
 * remove), EFAULT (bad or read-only mapping for a writable region),
 * ENOMEM (more pages than the machine's RAM, for root too; RLIMIT_MEMLOCK;
 * out of memory), EIO (fd used by another process).  No size logs
 * anything in the kernel log.
 */
struct avcpu_memory_region {
	__u64 guest_phys_addr;
	__u64 size;
	__u64 userspace_addr;
	__u32 flags;		/* AVCPU_MEM_* */
	__u32 reserved;
};

/*
 * READONLY: a guest store is an AVCPU_EXIT_MMIO write (as to an unbacked
 * IPA; the memory is not written), or AVCPU_EXIT_NISV.  NOEXEC: a guest
 * fetch is an AVCPU_EXIT_INSN_ABORT (AVCPU_FAULT_PERMISSION).
 */
#define AVCPU_MEM_READONLY	(1U << 0)
#define AVCPU_MEM_NOEXEC	(1U << 1)

#define AVCPU_SET_MEMORY_REGION	_IOW(AVCPU_IO, 0x40, struct avcpu_memory_region)

/*
 * VM fd: AVCPU_CREATE_VCPU, the seed's Aarch64VCpuCreateConfig.  Returns
 * a vCPU fd.  The guest's MPIDR_EL1 reads mpidr (Aff fields only);
 * x0 = dtb_addr at first entry.  Errors: EINVAL, EEXIST (vcpu_id in use),
 * ENOMEM, EIO; with an irqchip (AVCPU_CREATE_IRQCHIP) also EBUSY (a vCPU
 * of the VM has run) and EINVAL (MPIDR Aff0 above 15, or a redistributor
 * that would overlap the distributor or leave the IPA space).
 */
struct avcpu_vcpu_create {
	__u32 vcpu_id;
	__u32 flags;		/* AVCPU_VCPU_* */
	__u64 mpidr;
	__u64 dtb_addr;
	__u64 reserved[2];
};

/*
 * avcpu_vcpu_create.flags.  POWER_OFF: the vCPU starts powered off
 * (AVCPU_MP_STATE_STOPPED); its RUN waits until another vCPU's PSCI CPU_ON
 * or AVCPU_SET_MP_STATE turns it on (KVM's KVM_ARM_VCPU_POWER_OFF).
 */
#define AVCPU_VCPU_POWER_OFF	(1U << 0)

#define AVCPU_CREATE_VCPU	_IOW(AVCPU_IO, 0x41, struct avcpu_vcpu_create)

/*
 * VM fd: AVCPU_SET_SMCCC_FILTER, KVM's KVM_ARM_VM_SMCCC_FILTER: what
 * happens to the SMCCC function ids [base, base + nr_functions) a guest
 * calls with "hvc #0" or "smc #0" (ids are 32 bits: W0).
 *   HANDLE       avcpu's own answer (Documentation/avcpu.rst, "PSCI and
 *                SMCCC"): the default for every id;
 *   DENY         NOT_SUPPORTED (-1) in x0, answered at EL2;
 *   FWD_TO_USER  an AVCPU_EXIT_HYPERCALL, even for an id avcpu answers.
 * The Arm architecture range (owner 0: 0x80000000-0x8000ffff and
 * 0xc0000000-0xc000ffff, SMCCC_VERSION and the Spectre workarounds) is
 * always avcpu's.  Only before any vCPU of the VM has run.
 * Errors: EINVAL (nr_functions 0, range wraps, action, pad not 0), EEXIST
 * (overlaps an earlier range or the architecture range), EBUSY (a vCPU has
 * run), ENOSPC (more than AVCPU_SMCCC_FILTER_MAX ranges), EFAULT.
 */
struct avcpu_smccc_filter {
	__u32 base;
	__u32 nr_functions;
	__u8 action;		/* AVCPU_SMCCC_FILTER_* */
	__u8 pad[15];
};

#define AVCPU_SMCCC_FILTER_HANDLE	0
#define AVCPU_SMCCC_FILTER_DENY		1
#define AVCPU_SMCCC_FILTER_FWD_TO_USER	2
#define AVCPU_SMCCC_FILTER_MAX		32

#define AVCPU_SET_SMCCC_FILTER	_IOW(AVCPU_IO, 0x42, struct avcpu_smccc_filter)

/*
 * VM fd: AVCPU_GET_ID_REGS / AVCPU_SET_ID_REGS: the ID registers the VM's
 * guests read (HCR_EL2.TID3, answered at EL2), KVM's writable ID
 * registers.  regs[i] is the register with Op0 3, Op1 0, CRn 0,
 * CRm = 1 + i / 8, Op2 = i % 8 (ID_PFR0_EL1 ... ID_AA64MMFR4_EL1, the
 * unallocated ones reading 0).  GET gives the VM's table: the host's
 * sanitised values narrowed to what avcpu gives a guest (Documentation/
 * avcpu.rst, "ID registers"), or what SET last set.  SET may only narrow
 * it: every field at most its current value (as the architecture orders
 * that field: a lower "safe" value, or for the signed fields 0xf for
 * "not implemented"), and nothing outside the fields avcpu knows.  Only
 * before any vCPU of the VM has run.  Errors: EINVAL (a field widened or
 * unknown, reserved not 0), EBUSY (a vCPU has run), EFAULT.
 */
#define AVCPU_NR_ID_REGS	56

struct avcpu_id_regs {
	__u64 regs[AVCPU_NR_ID_REGS];
	__u64 reserved[8];
};

#define AVCPU_GET_ID_REGS	_IOR(AVCPU_IO, 0x43, struct avcpu_id_regs)
#define AVCPU_SET_ID_REGS	_IOW(AVCPU_IO, 0x44, struct avcpu_id_regs)

/*
 * VM fd: AVCPU_CREATE_IRQCHIP, KVM's KVM_DEV_TYPE_ARM_VGIC_V3: a virtual
 * GICv3 emulated in the kernel (Documentation/avcpu.rst, "The virtual
 * GIC").  The distributor is 64 KiB at dist_base; the redistributors
 * follow each other from redist_base, 128 KiB each (RD frame, then SGI
 * frame), the vCPU with vcpu_id n at redist_base + n * 128 KiB; the last
 * one (GICR_TYPER.Last) is that of the highest vcpu_id.  Guest accesses
 * to both ranges are answered in the kernel and never reach userspace.
 * nr_spis: SPIs 32 .. 32 + nr_spis - 1; 0 means 256, otherwise a
 * multiple of 32 up to 960 (INTID 1019 is the last an SPI can have).
 * Group 1 interrupts are IRQs to the guest, group 0 FIQs.  Only before
 * any vCPU of the VM has run; vCPUs created afterwards get their
 * redistributor too, until the first RUN (then
 * AVCPU_CREATE_VCPU fails with EBUSY).  Every vCPU's MPIDR must have
 * Aff0 <= 15 (no range selector).  Errors: EINVAL (alignment, overlap
 * of the two ranges, beyond the guest's IPA space, nr_spis, flags,
 * reserved not 0, a vCPU with Aff0 > 15), EEXIST (the VM has one),
 * EBUSY (a vCPU has run; or the host cannot give guests a GIC: KVM holds
 * the maintenance interrupt or the virtual timer's PPI, as with
 * kvm.enable_virt_at_load=0; logged), ENODEV (no GICv3 system-register
 * interface, or no "arm,gic-v3" node with a maintenance interrupt or no
 * "arm,armv8-timer" node in the host's device tree: ACPI hosts), ENOMEM,
 * EFAULT.  The guest's timers interrupt it as PPI 27 (virtual) and PPI 30
 * (the emulated EL1 physical timer), level-sensitive.
 */
struct avcpu_irqchip {
	__u64 dist_base;	/* 64 KiB aligned */
	__u64 redist_base;	/* 64 KiB aligned */
	__u32 nr_spis;
	__u32 flags;		/* 0 */
	__u64 reserved[4];
};

#define AVCPU_IRQCHIP_NR_SPIS_DEFAULT	256
#define AVCPU_IRQCHIP_NR_SPIS_MAX	960
#define AVCPU_GICD_SIZE			0x10000
#define AVCPU_GICR_SIZE			0x20000	/* per vCPU */

#define AVCPU_CREATE_IRQCHIP	_IOW(AVCPU_IO, 0x45, struct avcpu_irqchip)

/*
 * VM fd: AVCPU_IRQ_LINE, KVM's KVM_IRQ_LINE for an SPI: a device in the
 * VMM drives the input line of SPI intid (32 .. 32 + nr_spis - 1) to
 * level (0 or 1).  The interrupt then behaves as the guest configured it
 * (GICD_ICFGR): level-sensitive, it is pending while the line is high
 * (and re-fires after the guest's EOI while it stays high); edge-
 * triggered, every call with level 1 is an edge that makes it pending
 * (level 0 does nothing), as KVM.  A target vCPU in the guest is kicked
 * out so that it sees the interrupt at its next entry, one waiting in WFI
 * is woken, one powered off stays off.  Errors: ENXIO (no irqchip),
 * EINVAL (intid not an SPI of the VM, level not 0 or 1, pad not 0),
 * EFAULT.
 */
struct avcpu_irq_level {
	__u32 intid;
	__u32 level;
	__u64 pad;
};

#define AVCPU_IRQ_LINE		_IOW(AVCPU_IO, 0x46, struct avcpu_irq_level)

/*
 * vCPU fd: AVCPU_VCPU_SETUP, the seed's Aarch64VCpuSetupConfig.  Under a
 * Linux host the host's interrupts and timer are never given to a guest:
 * both flags must be 0 (EINVAL otherwise).  Physical IRQs and FIQs are
 * always routed to EL2 while a guest runs and end its time slice.
 */
struct avcpu_vcpu_setup {
	__u8 passthrough_interrupt;
	__u8 passthrough_timer;
	__u8 pad[6];
	__u64 reserved[2];
};

#define AVCPU_VCPU_SETUP	_IOW(AVCPU_IO, 0x80, struct avcpu_vcpu_setup)

/* vCPU fd: AVCPU_SET_ENTRY: the guest PC of the next entry. */
#define AVCPU_SET_ENTRY		_IOW(AVCPU_IO, 0x81, __u64)

/*
 * vCPU fd: AVCPU_SET_EPT_ROOT: run under this VM's stage-2 table.  Names
 * the VM by fd, never by address.  Errors: EBADF, EINVAL (not a VM fd, or
 * not the VM the vCPU was created in), EIO.
 */
struct avcpu_ept_root {
	__s32 vm_fd;
	__u32 reserved;
};

#define AVCPU_SET_EPT_ROOT	_IOW(AVCPU_IO, 0x82, struct avcpu_ept_root)

/* The seed's TrapFrame. */
struct avcpu_regs {
	__u64 x[31];
	__u64 sp_el0;
	__u64 elr;		/* guest PC */
	__u64 spsr;		/* guest PSTATE: EL0t, EL1t or EL1h, AArch64 */
};

#define AVCPU_GET_REGS		_IOR(AVCPU_IO, 0x83, struct avcpu_regs)
#define AVCPU_SET_REGS		_IOW(AVCPU_IO, 0x84, struct avcpu_regs)

/*
 * The seed's GuestSystemRegisters.  Guest-owned fields are read and
 * written; the hypervisor-owned ones (the *_el2 block) are reported by
 * GET and must be passed back unchanged to SET (EINVAL otherwise).
 *
 * cntvoff_el2 is the VM's, not the vCPU's: one virtual counter for every
 * vCPU (CNTVCT_EL0 = the physical count - cntvoff_el2).  It starts at the
 * physical count of AVCPU_CREATE_VM, so that the guest's virtual counter
 * starts near zero; a SET through any vCPU that changes it changes it for
 * every vCPU of the VM, from their next entry.
 *
 * cntp_ctl_el0 and cntp_cval_el0 are the guest's EL1 physical timer,
 * which avcpu emulates (its registers trap: the host's tick is that
 * timer): guest-owned, read and written like the others.  CNTP_CTL's
 * ISTATUS is computed (ignored by SET); CVAL is in the physical count,
 * which the guest reads unchanged (no offset).
 */
struct avcpu_sysregs {
	/* guest-owned */
	__u64 sp_el1;
	__u64 elr_el1;
	__u64 spsr_el1;
	__u64 sctlr_el1;
	__u64 cpacr_el1;
	__u64 ttbr0_el1;
	__u64 ttbr1_el1;
	__u64 tcr_el1;
	__u64 esr_el1;
	__u64 afsr0_el1;
	__u64 afsr1_el1;
	__u64 far_el1;
	__u64 par_el1;
	__u64 mair_el1;
	__u64 vbar_el1;
	__u64 contextidr_el1;
	__u64 tpidr_el0;
	__u64 tpidrro_el0;
	__u64 tpidr_el1;
	__u64 csselr_el1;
	__u64 cntkctl_el1;
	__u64 cntv_ctl_el0;
	__u64 cntv_cval_el0;
	__u64 cntvoff_el2;
	/* hypervisor-owned: read-only */
	__u64 hcr_el2;
	__u64 vttbr_el2;
	__u64 vtcr_el2;
	__u64 cptr_el2;
	__u64 hstr_el2;
	__u64 cnthctl_el2;
	__u64 mdcr_el2;
	__u64 vmpidr_el2;
	/* guest-owned: the emulated EL1 physical timer */
	__u64 cntp_ctl_el0;
	__u64 cntp_cval_el0;
	__u64 reserved[6];
};

#define AVCPU_GET_SYSREGS	_IOR(AVCPU_IO, 0x85, struct avcpu_sysregs)
#define AVCPU_SET_SYSREGS	_IOW(AVCPU_IO, 0x86, struct avcpu_sysregs)

/*
 * vCPU fd: AVCPU_RUN runs the guest until an exit userspace must see;
 * the exit is in the struct avcpu_run mmap'd from the vCPU fd.  Returns 0;
 * EINTR (signal pending; exit_reason AVCPU_EXIT_INTR, the next RUN
 * resumes exactly), EBUSY (another thread is in RUN; other vCPU ioctls
 * wait until RUN returns), ENOEXEC (no entry
 * or stage-2 root set yet), EINVAL (argument not 0), EIO (fd used by
 * another process, or EL2 unavailable on this CPU).
 * RUN waits in the kernel, using no CPU, while the vCPU is powered off
 * and while the guest is in WFI (or PSCI CPU_SUSPEND); a signal ends the
 * wait with EINTR (past the WFI).  immediate_exit is read once, at entry.
 */
#define AVCPU_RUN		_IO(AVCPU_IO, 0x87)

/*
 * vCPU fd: AVCPU_GET_MP_STATE / AVCPU_SET_MP_STATE, the vCPU's power
 * state (KVM's KVM_GET/SET_MP_STATE on arm64).  STOPPED: powered off, RUN
 * waits in the kernel (a signal: EINTR, and the next RUN waits again)
 * until PSCI CPU_ON from another vCPU (which resets it to the entry point
 * and context id it names) or SET_MP_STATE RUNNABLE (which resumes it
 * where it stopped).  PSCI CPU_OFF, SYSTEM_OFF/RESET/RESET2 stop vCPUs.
 * Like every vCPU ioctl but RUN, these wait while another thread is in
 * RUN.  Errors: EINVAL (unknown state, reserved not 0), EFAULT.
 */
struct avcpu_mp_state {
	__u32 mp_state;		/* AVCPU_MP_STATE_* */
	__u32 reserved;
};

#define AVCPU_MP_STATE_RUNNABLE	0
#define AVCPU_MP_STATE_STOPPED	1

#define AVCPU_GET_MP_STATE	_IOR(AVCPU_IO, 0x88, struct avcpu_mp_state)
#define AVCPU_SET_MP_STATE	_IOW(AVCPU_IO, 0x89, struct avcpu_mp_state)

/*
 * vCPU fd: AVCPU_INJECT_EXCEPTION makes the guest take an exception at its
 * EL1 when it next runs, with every architectural effect of the entry
 * (KVM's kvm_inject_undefined(), kvm_inject_dabt(), kvm_inject_pabt(),
 * kvm_inject_vabt()):
 *   UNDEF   Undefined Instruction (ESR_EL1.EC 0x00) on the instruction at
 *           the PC;
 *   DABT    data abort (EC 0x24 from EL0, 0x25 from EL1; ISV 0, WnR from
 *           AVCPU_INJECT_WRITE) on address far, status fsc;
 *   IABT    instruction abort (EC 0x20 / 0x21) on far, status fsc;
 *   SERROR  a virtual SError (HCR_EL2.VSE), taken once the guest's
 *           PSTATE.A allows it, at the SError vector.  With
 *           AVCPU_INJECT_SERROR_ISS its ESR_EL1.ISS is serror_iss
 *           (VSESR_EL2: FEAT_RAS only, EINVAL without); otherwise,
 *           with FEAT_RAS, the ISS is IDS (bit 24) alone, an
 *           IMPLEMENTATION DEFINED syndrome (ESR_EL1 0xbf000000), not
 *           an uncategorised RAS error, as KVM's; without FEAT_RAS the
 *           ISS is IMPLEMENTATION DEFINED.
 * fsc: one of the AVCPU_FSC_* codes below (alignment for DABT only).
 * A synchronous exception is taken on the instruction the last exit
 * stopped at: a pending MMIO or hypercall completion is dropped (no
 * register written, ELR_EL1 = the load/store, hvc or smc itself).
 * ESR_EL1 (IL 1), FAR_EL1 (aborts only), ELR_EL1, SPSR_EL1 and
 * PSTATE/PC are written as the CPU would; GET_REGS/GET_SYSREGS show them
 * after the next RUN, which applies it to the registers as they are
 * then.  A reset by PSCI CPU_ON drops what is pending.
 * Errors: EINVAL (type, flags, fsc, far or fsc on UNDEF/SERROR,
 * serror_iss without AVCPU_INJECT_SERROR_ISS, beyond ISS[24:0] or
 * without FEAT_RAS, pad/reserved not 0), EBUSY (a
 * synchronous exception, or for SERROR a virtual SError, is still
 * pending), EFAULT.
 */
struct avcpu_inject {
	__u32 type;		/* AVCPU_INJECT_UNDEF... */
	__u32 flags;		/* AVCPU_INJECT_WRITE, AVCPU_INJECT_SERROR_ISS */
	__u64 far;		/* DABT, IABT: the faulting virtual address */
	__u32 fsc;		/* DABT, IABT: ESR_EL1.DFSC / IFSC */
	__u32 pad;
	__u64 serror_iss;	/* SERROR with AVCPU_INJECT_SERROR_ISS */
	__u64 reserved[4];
};

#define AVCPU_INJECT_UNDEF	1
#define AVCPU_INJECT_DABT	2
#define AVCPU_INJECT_IABT	3
#define AVCPU_INJECT_SERROR	4

#define AVCPU_INJECT_WRITE	(1U << 0)	/* DABT: the access was a store */
#define AVCPU_INJECT_SERROR_ISS	(1U << 1)	/* SERROR: serror_iss is valid */

/* Fault status codes (4 KiB granule, no FEAT_LPA2). */
#define AVCPU_FSC_ADDR_SIZE(l)	(0x00 + (l))	/* level 0..3 */
#define AVCPU_FSC_TRANSLATION(l) (0x04 + (l))	/* level 0..3 */
#define AVCPU_FSC_ACCESS(l)	(0x08 + (l))	/* level 1..3 */
#define AVCPU_FSC_PERMISSION(l)	(0x0c + (l))	/* level 1..3 */
#define AVCPU_FSC_EXTERNAL	0x10		/* synchronous external abort */
#define AVCPU_FSC_EXTERNAL_WALK(l) (0x14 + (l))	/* ... on a walk, level 0..3 */
#define AVCPU_FSC_ALIGNMENT	0x21		/* DABT only */
#define AVCPU_FSC_TLB_CONFLICT	0x30

#define AVCPU_INJECT_EXCEPTION	_IOW(AVCPU_IO, 0x8a, struct avcpu_inject)

/*
 * vCPU fd: AVCPU_SET_GUEST_DEBUG / AVCPU_GET_GUEST_DEBUG, KVM's
 * KVM_SET_GUEST_DEBUG: the VMM debugs the guest.  Without ENABLE (the
 * default) every debug exception is the guest's own: brk, breakpoints,
 * watchpoints and software step reach its vectors, and its debug
 * registers (MDSCR_EL1, DBGB*, DBGW*, the OS lock) are its own.  With
 * ENABLE debug exceptions go to EL2 (MDCR_EL2.TDE) and come back as
 * AVCPU_EXIT_DEBUG:
 *   USE_SW_BP   a guest brk is an exit (else it is the guest's own);
 *   SINGLESTEP  every RUN executes one guest instruction, then exits;
 *   USE_HW      the CPU's breakpoints/watchpoints hold bcr/bvr/wcr/wvr
 *               (the first nr_hw_bps / nr_hw_wps are usable; unlinked
 *               address matching at EL1/EL0 only: a bcr may set only E,
 *               PMC and BAS, a wcr only E, PAC, LSC, BAS and MASK).
 * While ENABLE is set the guest's own accesses to its debug registers
 * still work on its own copy, and clearing ENABLE gives it back exactly;
 * meanwhile its own breakpoints, watchpoints and software step are
 * suspended (TDE would send them to EL2 whatever its KDE and PSTATE.D).
 * GET returns what SET set, with nr_hw_bps / nr_hw_wps filled in (SET
 * ignores those two).  Errors: EINVAL (unknown control bit, a bit without
 * ENABLE, a register above the count or with bits named above, pad or
 * reserved not 0), EFAULT.
 */
struct avcpu_guest_debug {
	__u32 control;		/* AVCPU_GUESTDBG_* */
	__u8 nr_hw_bps;		/* GET: hardware breakpoints available */
	__u8 nr_hw_wps;		/* GET: hardware watchpoints available */
	__u8 pad[2];
	__u64 bcr[16];		/* DBGBCR<n>_EL1 */
	__u64 bvr[16];		/* DBGBVR<n>_EL1 */
	__u64 wcr[16];		/* DBGWCR<n>_EL1 */
	__u64 wvr[16];		/* DBGWVR<n>_EL1 */
	__u64 reserved[4];
};

#define AVCPU_GUESTDBG_ENABLE		(1U << 0)
#define AVCPU_GUESTDBG_SINGLESTEP	(1U << 1)
#define AVCPU_GUESTDBG_USE_SW_BP	(1U << 2)
#define AVCPU_GUESTDBG_USE_HW		(1U << 3)

#define AVCPU_SET_GUEST_DEBUG	_IOW(AVCPU_IO, 0x8b, struct avcpu_guest_debug)
#define AVCPU_GET_GUEST_DEBUG	_IOR(AVCPU_IO, 0x8c, struct avcpu_guest_debug)

#define AVCPU_EXIT_NONE		0
#define AVCPU_EXIT_MMIO		1	/* load/store to unbacked IPA */
#define AVCPU_EXIT_HYPERCALL	2	/* guest hvc */
#define AVCPU_EXIT_EXCEPTION	3	/* any other EC, raw syndrome */
#define AVCPU_EXIT_INTR		4	/* signal or immediate_exit */
#define AVCPU_EXIT_FAIL_ENTRY	5	/* EL2 refused the entry state */
#define AVCPU_EXIT_SERROR	6	/* a guest SError: exception.esr */
#define AVCPU_EXIT_SYSTEM_EVENT	7	/* PSCI SYSTEM_OFF/RESET/RESET2 */
#define AVCPU_EXIT_INSN_ABORT	8	/* fetch from an unmapped/no-exec IPA */
#define AVCPU_EXIT_NISV		9	/* data abort with no syndrome (ISV 0) */
#define AVCPU_EXIT_DEBUG	10	/* debug exception, VMM debugging */
#define AVCPU_EXIT_SYSREG	11	/* a system register avcpu does not emulate */

/* avcpu_run.abort.fault */
#define AVCPU_FAULT_TRANSLATION	1	/* nothing is mapped at the IPA */
#define AVCPU_FAULT_PERMISSION	2	/* mapped: no-execute or read-only */
/* avcpu_run.abort.flags */
#define AVCPU_ABORT_S1PTW	(1U << 0)	/* on the guest's stage-1 walk */
#define AVCPU_ABORT_WRITE	(1U << 1)	/* NISV: a store (ESR.WnR) */

/* avcpu_run.debug.kind, from ESR_EL2.EC */
#define AVCPU_DEBUG_HW_BP	1	/* breakpoint (EC 0x30) */
#define AVCPU_DEBUG_STEP	2	/* software step (EC 0x32) */
#define AVCPU_DEBUG_WATCHPT	3	/* watchpoint (EC 0x34): far */
#define AVCPU_DEBUG_SW_BP	4	/* brk (EC 0x3c; AArch32 bkpt 0x38) */

/* avcpu_run.system_event.type */
#define AVCPU_SYSTEM_EVENT_SHUTDOWN	1	/* SYSTEM_OFF */
#define AVCPU_SYSTEM_EVENT_RESET	2	/* SYSTEM_RESET, SYSTEM_RESET2 */
/* avcpu_run.system_event.flags */
#define AVCPU_SYSTEM_EVENT_RESET2	(1U << 0)	/* reset_type, cookie valid */

struct avcpu_run {
	/* in */
	__u8 immediate_exit;	/* non-zero: RUN returns EINTR at once */
	__u8 pad0[7];
	/* out */
	__u32 exit_reason;	/* AVCPU_EXIT_* */
	__u32 pad1;
	union {
		/*
		 * AVCPU_EXIT_MMIO.  Writes: data holds the value, masked to
		 * len bytes.  Reads: put the value in data; the next RUN
		 * completes the load (sign extension, 32-bit view, xzr)
		 * and only then advances the PC.  far: for an abort the VMM
		 * injects instead (AVCPU_INJECT_EXCEPTION).
		 */
		struct {
			__u64 phys_addr;
			__u64 data;
			__u32 len;	/* 1, 2, 4 or 8 */
			__u8 is_write;
			__u8 reg;	/* target/source register, 31 = xzr */
			__u8 sign_extend;
			__u8 sixty_four;	/* load into an x register */
			__u64 far;	/* the guest's virtual address */
		} mmio;
		/*
		 * AVCPU_EXIT_HYPERCALL: a guest hvc or smc that avcpu does
		 * not answer itself: any immediate but 0, a call that is not
		 * an SMCCC fast call, an id outside the owners avcpu answers
		 * (Documentation/avcpu.rst), or one the SMCCC filter sends
		 * here.  nr = x0,
		 * args = x1..x6.  ret holds x0..x3 as they are; what the
		 * client leaves there is written back to x0..x3 by the next
		 * RUN.  The PC is already past the instruction.  Never
		 * forwarded to firmware.
		 */
		struct {
			__u64 nr;
			__u64 args[6];
			__u64 ret[4];
			__u16 imm;	/* the hvc/smc immediate */
			__u8 is_smc;	/* 1: smc, 0: hvc */
			__u8 pad[5];
		} hypercall;
		/*
		 * AVCPU_EXIT_EXCEPTION, AVCPU_EXIT_FAIL_ENTRY and
		 * AVCPU_EXIT_SERROR.  far is FAR_EL2 only for the classes
		 * the architecture gives one (aborts with FnV clear, PC
		 * alignment, watchpoints), ipa only for aborts; 0 otherwise.
		 * FAIL_ENTRY: esr = far = 0.  SERROR: esr = the SError's
		 * syndrome (ESR_EL2, or DISR_EL1 where FEAT_RAS deferred it).
		 */
		struct {
			__u64 esr;	/* ESR_EL2 */
			__u64 far;	/* FAR_EL2 */
			__u64 ipa;	/* faulting IPA, valid if ipa_valid */
			__u64 pc;	/* ELR_EL2 */
			__u32 ec;	/* ESR_EL2.EC */
			__u32 ipa_valid;
		} exception;
		/*
		 * AVCPU_EXIT_SYSTEM_EVENT: a vCPU of the VM (source_vcpu)
		 * called SYSTEM_OFF, SYSTEM_RESET or SYSTEM_RESET2.  Every
		 * vCPU of the VM returns it once, at its next exit, and all
		 * are then powered off (AVCPU_MP_STATE_STOPPED); the
		 * caller's x0 holds INTERNAL_FAILURE (-6) and its PC is past
		 * the call, in case the VMM resumes it.
		 */
		struct {
			__u32 type;		/* AVCPU_SYSTEM_EVENT_* */
			__u32 flags;		/* AVCPU_SYSTEM_EVENT_RESET2 */
			__u32 reset_type;	/* SYSTEM_RESET2's x1 (W1) */
			__u32 source_vcpu;	/* vcpu_id of the caller */
			__u64 cookie;		/* SYSTEM_RESET2's x2 */
		} system_event;
		/*
		 * AVCPU_EXIT_INSN_ABORT: an instruction fetch (or its stage-1
		 * walk) from an IPA with nothing mapped, or mapped
		 * AVCPU_MEM_NOEXEC.  AVCPU_EXIT_NISV: a data access (or a
		 * walk) to an IPA with nothing mapped, or a store to an
		 * AVCPU_MEM_READONLY one, whose syndrome does not describe
		 * the instruction (ESR.ISV 0: ldp/stp, writeback forms,
		 * SIMD structure loads...), so it cannot be an MMIO exit.
		 * The instruction has not executed; the VMM typically
		 * injects an abort (AVCPU_INJECT_EXCEPTION, far) or maps
		 * memory and runs it again.
		 */
		struct {
			__u64 ipa;	/* faulting IPA; S1PTW: its page */
			__u64 far;	/* faulting virtual address (FAR_EL2) */
			__u64 pc;	/* the instruction (ELR_EL2) */
			__u64 esr;	/* ESR_EL2 */
			__u32 fault;	/* AVCPU_FAULT_* */
			__u32 flags;	/* AVCPU_ABORT_* */
		} abort;
		/*
		 * AVCPU_EXIT_DEBUG (AVCPU_SET_GUEST_DEBUG): pc is the brk,
		 * the breakpointed instruction, the watchpoint's access or
		 * the next instruction to step; none of them has executed.
		 */
		struct {
			__u64 esr;	/* ESR_EL2 */
			__u64 far;	/* WATCHPT: the data address, else 0 */
			__u64 pc;
			__u32 kind;	/* AVCPU_DEBUG_* */
			__u32 pad;
		} debug;
		/*
		 * AVCPU_EXIT_SYSREG: a trapped msr/mrs (ESR_EL2.EC 0x18) of
		 * a register avcpu does not emulate.  Writes: value is what
		 * the guest wrote.  Reads: the VMM puts the value in value
		 * and the next RUN completes the mrs (reg 31: discarded) and
		 * steps the PC; or it injects an undefined instruction
		 * (AVCPU_INJECT_EXCEPTION), which replaces the completion.
		 */
		struct {
			__u64 value;
			__u64 esr;	/* ESR_EL2 */
			__u64 pc;
			__u8 op0, op1, crn, crm, op2;
			__u8 is_write;
			__u8 reg;	/* Rt, 31 = xzr */
			__u8 pad;
		} sysreg;
		__u64 padding[32];
	};
};

#endif /* _UAPI_LINUX_AVCPU_H */
