/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu EL2: exception vectors, host-call entry and exit, the install
 * trampoline and the give-back path.
 *
 * Runs at EL2 with nothing of the kernel mapped.  The image is mapped at
 * VA == PA by EL2's own stage-1 tables, which is what lets the install
 * trampoline turn the MMU on, and the give-back path turn it off, without
 * jumping anywhere.
 */
#include "hyp.h"
#include "spectre.h"

	.macro	mov_q, reg, val
	movz	\reg, #:abs_g3:\val
	movk	\reg, #:abs_g2_nc:\val
	movk	\reg, #:abs_g1_nc:\val
	movk	\reg, #:abs_g0_nc:\val
	.endm

	/*
	 * After an eret nothing younger may run speculatively with EL2's
	 * context (Spectre-style straight-line speculation).
	 */
	.macro	eret_sb
	eret
	dsb	nsh
	isb
	.endm

	/*
	 * x2..x29 to or from a register frame at \base (x[n] at 8 * n),
	 * as the seed's save_regs_to_stack / restore_regs_from_stack.
	 * x0, x1 and x30 are the callers' business: each path has its own
	 * use for them.
	 */
	.macro	save_x2_x29, base
	stp	x2, x3, [\base, #8 * 2]
	stp	x4, x5, [\base, #8 * 4]
	stp	x6, x7, [\base, #8 * 6]
	stp	x8, x9, [\base, #8 * 8]
	stp	x10, x11, [\base, #8 * 10]
	stp	x12, x13, [\base, #8 * 12]
	stp	x14, x15, [\base, #8 * 14]
	stp	x16, x17, [\base, #8 * 16]
	stp	x18, x19, [\base, #8 * 18]
	stp	x20, x21, [\base, #8 * 20]
	stp	x22, x23, [\base, #8 * 22]
	stp	x24, x25, [\base, #8 * 24]
	stp	x26, x27, [\base, #8 * 26]
	stp	x28, x29, [\base, #8 * 28]
	.endm

	.macro	load_x2_x29, base
	ldp	x2, x3, [\base, #8 * 2]
	ldp	x4, x5, [\base, #8 * 4]
	ldp	x6, x7, [\base, #8 * 6]
	ldp	x8, x9, [\base, #8 * 8]
	ldp	x10, x11, [\base, #8 * 10]
	ldp	x12, x13, [\base, #8 * 12]
	ldp	x14, x15, [\base, #8 * 14]
	ldp	x16, x17, [\base, #8 * 16]
	ldp	x18, x19, [\base, #8 * 18]
	ldp	x20, x21, [\base, #8 * 20]
	ldp	x22, x23, [\base, #8 * 22]
	ldp	x24, x25, [\base, #8 * 24]
	ldp	x26, x27, [\base, #8 * 26]
	ldp	x28, x29, [\base, #8 * 28]
	.endm

	.text

/*
 * Install: entered from the kernel's hyp stub (HVC_SOFT_RESTART) at EL2,
 * MMU off, with
 *   x0 = this CPU's struct avcpu_hyp_percpu (PA == EL2 VA)
 *   x1 = TTBR0_EL2 value (EL2 page tables, built by the driver)
 *   x2 = TCR_EL2 value
 * and ELR_EL2/SPSR_EL2 still those of the host's hvc.  Nothing is read from
 * memory before the MMU is on: with the MMU off data accesses are Device
 * accesses that bypass the caches, and only the image itself (fetched as
 * instructions) was cleaned to PoC by the driver.
 *
 * Until avcpu's vectors are in place, VBAR_EL2 points at
 * __hyp_install_vectors (usable with the MMU off or on, VA == PA): an
 * exception in this window puts the stub's state back from x5..x11 and
 * returns to the host with x0 = AVCPU_HC_EL2_FAULT, x1 = ESR, x2 = ELR.
 * x5..x11 (stub state) and x13/x14 (the host's ELR/SPSR) stay live for it.
 */
	.global	__avcpu_hyp_install
	.type	__avcpu_hyp_install, %function
__avcpu_hyp_install:
	mrs	x13, elr_el2
	mrs	x14, spsr_el2
	mrs	x5, vbar_el2
	mrs	x6, sctlr_el2
	mrs	x7, tcr_el2
	mrs	x8, mair_el2
	mrs	x9, ttbr0_el2
	mrs	x10, tpidr_el2
	mov	x11, sp
	adr	x12, __hyp_install_vectors
	msr	vbar_el2, x12
	isb

	mov_q	x12, HYP_MAIR_EL2
	msr	mair_el2, x12
	msr	tcr_el2, x2
	msr	ttbr0_el2, x1
	isb
	/*
	 * Whatever EL2 translations a previous owner (or a previous load of
	 * avcpu with other tables) left in this CPU's TLB must not be used
	 * once our MMU is on.
	 */
	tlbi	alle2
	/*
	 * Guest translations (any VMID) this CPU may hold from before it
	 * was lost to avcpu would outlive the flushes avcpu issued while
	 * it was away: drop them all.  The host's own are refetched.
	 */
	tlbi	alle1
	dsb	nsh
	mov_q	x12, HYP_SCTLR_EL2
	/*
	 * FEAT_IESB: an implicit error synchronisation barrier at every
	 * exception entry to and return from EL2, so that a guest's SError
	 * is deferred at the exit rather than taken later by the host.
	 */
	mrs	x4, s3_0_c0_c7_2		/* ID_AA64MMFR2_EL1 */
	ubfx	x4, x4, #12, #4			/* IESB */
	cbz	x4, 1f
	orr	x12, x12, #SCTLR_EL2_IESB
1:	msr	sctlr_el2, x12
	isb
	/*
	 * The I-cache may hold lines fetched from these physical pages
	 * before the driver copied the image here.  The driver invalidated
	 * all I-caches (ic ialluis) after the copy; this local invalidate
	 * covers a CPU that raced ahead of that broadcast becoming visible
	 * to it before its MMU and caches were on.
	 */
	ic	iallu
	dsb	nsh
	isb

	/* MMU on; we run at the same addresses (identity map). */
	msr	tpidr_el2, x0
	add	sp, x0, #AVCPU_HYP_PERCPU_SIZE
	stp	x5, x6, [x0, #HYP_PC_STUB_VBAR]
	stp	x7, x8, [x0, #HYP_PC_STUB_TCR]
	stp	x9, x10, [x0, #HYP_PC_STUB_TTBR0]
	str	x11, [x0, #HYP_PC_STUB_SP]
	str	xzr, [x0, #HYP_PC_HOST_FRAME]
	mov	x12, #AVCPU_HYP_STATE_INSTALLED
	str	x12, [x0, #HYP_PC_STATE]

	/* avcpu's vectors, or a mitigating table in front of them. */
	hyp_spec_vectors	x12, x0, x15, x16
	msr	vbar_el2, x12
	isb
	mov	x0, #0
	eret_sb
	.size	__avcpu_hyp_install, . - __avcpu_hyp_install

/* An exception during install: undo it (see __avcpu_hyp_install). */
	.type	__hyp_install_fault, %function
__hyp_install_fault:
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	msr	sctlr_el2, x6			/* MMU off again */
	isb
	tlbi	alle2
	dsb	nsh
	msr	vbar_el2, x5
	msr	tcr_el2, x7
	msr	mair_el2, x8
	msr	ttbr0_el2, x9
	msr	tpidr_el2, x10
	mov	sp, x11
	msr	elr_el2, x13
	msr	spsr_el2, x14
	isb
	mov	x0, #AVCPU_HC_EL2_FAULT
	eret_sb
	.size	__hyp_install_fault, . - __hyp_install_fault

/*
 * Enter the guest: x0 = struct avcpu_hyp_ctx, x1 = this CPU's percpu.
 * ELR_EL2/SPSR_EL2 and every system register were set up by the caller
 * (hyp_vcpu_run()).  EL2's callee-saved registers go on the EL2 stack and
 * the stack pointer into percpu->host_stack_top (the seed's pattern): the
 * guest's next exception comes back through __hyp_guest_exit, which
 * returns from here with the AVCPU_RUN_* code.
 */
	.global	__hyp_guest_enter
	.type	__hyp_guest_enter, %function
__hyp_guest_enter:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x2, sp
	str	x2, [x1, #HYP_PC_HOST_STACK_TOP]
	/* From here on every lower-EL exception on this CPU is the guest's. */
	str	x0, [x1, #HYP_PC_GUEST_CTX]

	ldr	x2, [x0, #HYP_CTX_SP_EL0]
	msr	sp_el0, x2
	load_x2_x29	x0
	ldr	x30, [x0, #8 * 30]
	ldp	x0, x1, [x0, #8 * 0]
	eret_sb
	.size	__hyp_guest_enter, . - __hyp_guest_enter

/*
 * Exit from the guest: x0 = its struct avcpu_hyp_ctx, x1 = AVCPU_RUN_*,
 * the guest's x0/x1 pushed on the EL2 stack by the vector entry.
 */
	.type	__hyp_guest_exit, %function
__hyp_guest_exit:
	save_x2_x29	x0
	str	x30, [x0, #8 * 30]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #8 * 0]
	mrs	x2, sp_el0
	mrs	x3, elr_el2
	mrs	x4, spsr_el2
	str	x2, [x0, #HYP_CTX_SP_EL0]
	stp	x3, x4, [x0, #HYP_CTX_ELR]

	mrs	x2, tpidr_el2
	str	xzr, [x2, #HYP_PC_GUEST_CTX]
	ldr	x3, [x2, #HYP_PC_HOST_STACK_TOP]
	mov	sp, x3
	mov	x0, x1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
	.size	__hyp_guest_exit, . - __hyp_guest_exit

/*
 * A guest's synchronous exception (x0 = its struct avcpu_hyp_ctx, its
 * x0/x1 on the stack).  The Spectre workaround calls, "hvc #0" with W0 =
 * SMCCC_ARCH_WORKAROUND_1, _2 or _3, are answered here, before anything
 * is saved: the entry to EL2 has already applied whatever mitigation this
 * CPU's vectors apply, so x0 = 0 and back (KVM's hyp-entry.S fast path;
 * lib/smccc.c gives the same answer, and the SMCCC filter cannot take the
 * Arm architecture range).  Counted with the other T0 SMCCC answers.
 * Everything else is a guest exit.
 */
	.type	__hyp_guest_sync, %function
__hyp_guest_sync:
	mrs	x1, esr_el2
	/* EC HVC64 and a zero immediate. */
	tst	w1, #0xffff
	b.ne	1f
	lsr	w1, w1, #ESR_EC_SHIFT
	cmp	w1, #ESR_EC_HVC64
	b.ne	1f
	ldr	w1, [sp]			/* the guest's W0 */
	eor	w1, w1, #0x80008000		/* ARCH_WORKAROUND_1 */
	cbz	w1, 2f
	eor	w1, w1, #(0x80008000 ^ 0x80007fff)	/* _2 */
	cbz	w1, 2f
	eor	w1, w1, #(0x80007fff ^ 0x80003fff)	/* _3 */
	cbz	w1, 2f
1:	mov	x1, #AVCPU_RUN_SYNC
	b	__hyp_guest_exit
2:	ldr	x1, [x0, #HYP_VCPU_T0_SMCCC]
	add	x1, x1, #1
	str	x1, [x0, #HYP_VCPU_T0_SMCCC]
	mov	x0, xzr
	ldr	x1, [sp, #8]
	add	sp, sp, #16
	eret_sb
	.size	__hyp_guest_sync, . - __hyp_guest_sync

/*
 * unsigned long __hyp_serror_window(void): with the guest's accesses
 * completed (dsb sy by the caller) and ISR_EL1.A showing an SError
 * pending, unmask SError for one instruction so that it is taken here, at
 * EL2, now, rather than by the host after the switch (KVM's
 * abort_guest_exit_start/end).  The EL2h SError vector recognises the
 * window by ELR_EL2 and returns x0 = ESR_EL2 | AVCPU_HYP_SERROR_VALID.
 * ELR_EL2, SPSR_EL2 and ESR_EL2 are clobbered when it is taken: the
 * caller has saved them.
 */
	.global	__hyp_serror_window
	.type	__hyp_serror_window, %function
__hyp_serror_window:
	mov	x0, #0
	msr	daifclr, #4
__hyp_serror_window_start:
	isb
__hyp_serror_window_end:
	msr	daifset, #4
	ret
	.size	__hyp_serror_window, . - __hyp_serror_window

/*
 * unsigned long __hyp_at_s1e1r(unsigned long va): PAR_EL1 after AT S1E1R.
 * The walk may fault at EL2 (a stage-2 fault on the guest's own tables,
 * changed since its exit); the EL2h sync vector recognises the AT by
 * ELR_EL2 and resumes at __hyp_at_done with x0 = AVCPU_HYP_AT_FAULTED.
 */
	.global	__hyp_at_s1e1r
	.type	__hyp_at_s1e1r, %function
__hyp_at_s1e1r:
__hyp_at_insn:
	at	s1e1r, x0
	isb
	mrs	x0, par_el1
__hyp_at_done:
	ret
	.size	__hyp_at_s1e1r, . - __hyp_at_s1e1r

/*
 * Host call: a synchronous exception from EL1 (the host).  Save the whole
 * host register file, hand it to C, and either return or give EL2 back.
 */
	.type	__hyp_host_sync_entry, %function
__hyp_host_sync_entry:
	/* The vector pushed x0, x1 (16 bytes): make that the frame's start. */
	ldp	x0, x1, [sp], #16
	sub	sp, sp, #HYP_FRAME_SIZE
	stp	x0, x1, [sp, #8 * 0]
	.size	__hyp_host_sync_entry, . - __hyp_host_sync_entry
	/* fall through */
	.type	__hyp_host_sync, %function
__hyp_host_sync:
	save_x2_x29	sp
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x30, xzr, [sp, #8 * 30]
	stp	x2, x3, [sp, #HYP_FRAME_ELR]

	mrs	x1, tpidr_el2
	mov	x0, sp
	str	x0, [x1, #HYP_PC_HOST_FRAME]
	bl	avcpu_hyp_host_trap
	cbnz	x0, __hyp_give_back
	/* fall through */
	.size	__hyp_host_sync, . - __hyp_host_sync

/* Return to the host from the frame at sp. */
	.type	__hyp_host_return, %function
__hyp_host_return:
	mrs	x1, tpidr_el2
	str	xzr, [x1, #HYP_PC_HOST_FRAME]
	ldp	x2, x3, [sp, #HYP_FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x0, x1, [sp, #8 * 0]
	load_x2_x29	sp
	ldr	x30, [sp, #8 * 30]
	add	sp, sp, #HYP_FRAME_SIZE
	eret_sb
	.size	__hyp_host_return, . - __hyp_host_return

/*
 * Give EL2 back to the state the stub left it in (MMU off, its VBAR, SP,
 * TPIDR and translation registers), with VBAR_EL2 = frame.new_vbar, then
 * either return to the host with x0 = 0 or, for HVC_SOFT_RESTART, do what
 * the stub does: x0 = x2, x1 = x3, x2 = x4 and branch to x1 at EL2.
 *
 * x0 = HYP_ACT_*, sp = the host frame.
 */
	.type	__hyp_give_back, %function
__hyp_give_back:
	mov	x19, x0
	mrs	x20, tpidr_el2
	/*
	 * The host registers are read back from the frame after the MMU is
	 * off, as Device accesses that bypass the caches: clean the frame's
	 * lines to the point of coherency first, and complete that (dsb sy)
	 * before the MMU goes off.
	 */
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x4, #4
	lsl	x3, x4, x3			/* smallest D-cache line, bytes */
	sub	x4, x3, #1
	mov	x1, sp
	bic	x1, x1, x4
	add	x2, sp, #HYP_FRAME_SIZE
1:	dc	civac, x1
	add	x1, x1, x3
	cmp	x1, x2
	b.lo	1b
	dsb	sy

	ldr	x21, [sp, #HYP_FRAME_NEW_VBAR]
	ldp	x22, x23, [x20, #HYP_PC_STUB_SCTLR]
	ldp	x24, x25, [x20, #HYP_PC_STUB_MAIR]
	ldp	x26, x27, [x20, #HYP_PC_STUB_TPIDR]
	mov	x28, sp

	/* MMU off: execution continues at the same address (VA == PA). */
	msr	sctlr_el2, x22
	isb
	/*
	 * Our translations must not outlive our tables: the next owner of
	 * EL2 may turn its MMU on and must not hit our entries.  Nor may
	 * it inherit guest translations tagged with VMIDs avcpu handed
	 * out (it may reuse them): drop those too.
	 */
	tlbi	alle2
	tlbi	alle1
	dsb	nsh
	msr	vbar_el2, x21
	msr	tcr_el2, x23
	msr	mair_el2, x24
	msr	ttbr0_el2, x25
	msr	tpidr_el2, x26
	isb
	mov	sp, x27

	cmp	x19, #HYP_ACT_SOFT_RESTART
	b.eq	2f

	mov	x1, x28
	load_x2_x29	x1
	ldr	x30, [x1, #8 * 30]
	ldr	x1, [x1, #8 * 1]
	mov	x0, #0
	eret_sb

2:	/* HVC_SOFT_RESTART, exactly as arch/arm64/kernel/hyp-stub.S. */
	mov	x4, x28
	ldp	x5, x6, [x4, #8 * 5]
	ldp	x7, x8, [x4, #8 * 7]
	ldp	x9, x10, [x4, #8 * 9]
	ldp	x11, x12, [x4, #8 * 11]
	ldp	x13, x14, [x4, #8 * 13]
	ldp	x15, x16, [x4, #8 * 15]
	ldp	x17, x18, [x4, #8 * 17]
	ldp	x19, x20, [x4, #8 * 19]
	ldp	x21, x22, [x4, #8 * 21]
	ldp	x23, x24, [x4, #8 * 23]
	ldp	x25, x26, [x4, #8 * 25]
	ldp	x27, x28, [x4, #8 * 27]
	ldp	x29, x30, [x4, #8 * 29]
	ldr	x0, [x4, #8 * 2]
	ldr	x1, [x4, #8 * 3]
	ldr	x2, [x4, #8 * 4]
	ldr	x3, [x4, #8 * 3]
	ldr	x4, [x4, #8 * 1]
	br	x4
	.size	__hyp_give_back, . - __hyp_give_back

/*
 * An exception taken from EL2 itself: a bug in avcpu's EL2 code, never
 * something the host or a guest can cause.  Record it, unwind to the host
 * call in progress and return AVCPU_HC_EL2_FAULT; the driver reports it.
 * x0 = vector index; x0/x1 of the interrupted code are lost (it is being
 * abandoned).  The faulting SP is not used: it may be the overflowed one.
 */
	.type	__hyp_el2_fault, %function
__hyp_el2_fault:
	mrs	x1, tpidr_el2
	add	x2, x1, #HYP_PC_UNEXPECTED
	ldr	x3, [x2, x0, lsl #3]
	add	x3, x3, #1
	str	x3, [x2, x0, lsl #3]
	mrs	x3, esr_el2
	mrs	x4, elr_el2
	mrs	x5, far_el2
	mrs	x6, spsr_el2
	stp	x3, x4, [x1, #HYP_PC_FAULT]
	stp	x5, x6, [x1, #HYP_PC_FAULT + 16]
	ldr	x2, [x1, #HYP_PC_HOST_FRAME]
	cbz	x2, 3f
	mov	sp, x2
	/* A fault in the middle of a world switch: the host's state back. */
	mov	x0, x1
	bl	hyp_fault_restore_host
	mov	x3, #AVCPU_HC_EL2_FAULT
	str	x3, [sp, #8 * 0]
	b	__hyp_host_return
3:	/*
	 * No host call to unwind to: only the install trampoline runs
	 * outside one, and it cannot fault after VBAR points here.  Park
	 * the CPU with the fault recorded rather than run on.
	 */
	wfe
	b	3b
	.size	__hyp_el2_fault, . - __hyp_el2_fault

/*
 * An exception from a lower EL that cannot happen while only the host runs
 * (HCR_EL2.IMO/FMO/AMO are clear, the host is AArch64): count it and
 * return.  The counters are visible to the driver.
 */
	.type	__hyp_lower_unexpected, %function
__hyp_lower_unexpected:
	/* x0 = vector index, x0/x1 of the host at [sp]. */
	stp	x2, x3, [sp, #-16]!
	mrs	x1, tpidr_el2
	add	x2, x1, #HYP_PC_UNEXPECTED
	ldr	x3, [x2, x0, lsl #3]
	add	x3, x3, #1
	str	x3, [x2, x0, lsl #3]
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	eret_sb
	.size	__hyp_lower_unexpected, . - __hyp_lower_unexpected

	.macro	vec_el2_fault, idx
	.balign	0x80
	mov	x0, #\idx
	b	__hyp_el2_fault
	.endm

	/*
	 * An exception from EL1/EL0: the guest's if one is loaded on this
	 * CPU (percpu->guest_ctx), whatever x0 or the hvc immediate say;
	 * otherwise the host's.
	 */
	.macro	vec_lower, idx, run_code, host
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x1, tpidr_el2
	ldr	x0, [x1, #HYP_PC_GUEST_CTX]
	cbz	x0, .Lhost\@
	/*
	 * A guest exit: esb (a NOP without FEAT_RAS) defers an SError the
	 * guest left pending into DISR_EL1, read at the exit (lib/vcpu.c).
	 * Never on a host call: a host SError must stay the host's.
	 */
	hint	#16
	.ifc	\host, sync
	b	__hyp_guest_sync
	.else
	mov	x1, #\run_code
	b	__hyp_guest_exit
	.endif
.Lhost\@:
	.ifc	\host, sync
	b	__hyp_host_sync_entry
	.else
	mov	x0, #\idx
	b	__hyp_lower_unexpected
	.endif
	.endm

	/*
	 * SError at EL2: inside __hyp_serror_window it is the guest's,
	 * expected, and reported in x0 (x1..x3 are free there); anywhere
	 * else it is an EL2 fault like any other.
	 */
	.macro	vec_el2_serror, idx
	.balign	0x80
	mrs	x1, elr_el2
	adr	x2, __hyp_serror_window_start
	cmp	x1, x2
	adr	x2, __hyp_serror_window_end
	ccmp	x1, x2, #4, ne
	b.ne	1f
	mrs	x0, esr_el2
	orr	x0, x0, #AVCPU_HYP_SERROR_VALID
	eret_sb
1:	mov	x0, #\idx
	b	__hyp_el2_fault
	.endm

	/*
	 * Synchronous exception at EL2: the AT of __hyp_at_s1e1r() may
	 * fault (expected: x0 = AVCPU_HYP_AT_FAULTED, resume after it; x1
	 * and x2 are free there); anything else is an EL2 fault.
	 */
	.macro	vec_el2_sync, idx
	.balign	0x80
	mrs	x1, elr_el2
	adr	x2, __hyp_at_insn
	cmp	x1, x2
	b.ne	1f
	mov	x0, #AVCPU_HYP_AT_FAULTED
	adr	x1, __hyp_at_done
	msr	elr_el2, x1
	eret_sb
1:	mov	x0, #\idx
	b	__hyp_el2_fault
	.endm

	.macro	vec_install_fault
	.balign	0x80
	b	__hyp_install_fault
	.endm

/* Vectors while the install trampoline runs: every entry undoes it. */
	.section .hyp.vectors, "ax"
	.balign	0x800
__hyp_install_vectors:
	.rept	16
	vec_install_fault
	.endr

/* All 16 entries are handled or reported; none spins silently. */
	.section .hyp.vectors, "ax"
	.balign	0x800
	.global	__avcpu_hyp_vectors
__avcpu_hyp_vectors:
	vec_el2_fault		0	/* EL2t sync */
	vec_el2_fault		1	/* EL2t IRQ */
	vec_el2_fault		2	/* EL2t FIQ */
	vec_el2_fault		3	/* EL2t SError */
	vec_el2_sync		4	/* EL2h sync */
	vec_el2_fault		5	/* EL2h IRQ */
	vec_el2_fault		6	/* EL2h FIQ */
	vec_el2_serror		7	/* EL2h SError */
	/* lower AArch64: host calls, or guest exits */
	vec_lower	8, AVCPU_RUN_SYNC, sync
	vec_lower	9, AVCPU_RUN_IRQ, unexpected
	vec_lower	10, AVCPU_RUN_FIQ, unexpected
	vec_lower	11, AVCPU_RUN_SERROR, unexpected
	/* lower AArch32: only a guest's EL0 could be AArch32 */
	vec_lower	12, AVCPU_RUN_SYNC, unexpected
	vec_lower	13, AVCPU_RUN_IRQ, unexpected
	vec_lower	14, AVCPU_RUN_FIQ, unexpected
	vec_lower	15, AVCPU_RUN_SERROR, unexpected
	.balign	0x80
	.size	__avcpu_hyp_vectors, . - __avcpu_hyp_vectors
