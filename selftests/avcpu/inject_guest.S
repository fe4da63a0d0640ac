/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inject_test.c's guest code that needs known instruction addresses and
 * known PSTATE: an MMIO load at EL1h, EL1t and EL0, an hvc and an smc to
 * the VMM, and an SError unmask.  Runs at EL1 (and EL0) in the guest,
 * called from C (AAPCS: x0..x17 may be clobbered).
 *
 * After each instruction that exits to the VMM comes a nop: a handler
 * that steps over the faulting instruction (pc + 4) lands on it when the
 * VMM dropped the access, and on the instruction after it when the
 * access completed before the exception.
 */
#define __ASSEMBLY__
#include "guest_lib.h"
#include "inject_guest.h"

	.text

/*
 * u64 inject_el1h_mmio(u64 addr, u64 daif): "ldr x0, [addr]" at
 * inject_el1h_site with PSTATE.DAIF = daif and NZCV = INJ_NZCV; returns
 * x0 after it (INJ_SENTINEL if the load never completed).
 */
	.globl	inject_el1h_mmio, inject_el1h_site
inject_el1h_mmio:
	mov	x2, x0
	mrs	x4, daif
	msr	daif, x1
	ldr	x0, =INJ_SENTINEL
	mov	x3, #INJ_NZCV
	msr	nzcv, x3
inject_el1h_site:
	ldr	x0, [x2]
	nop
	msr	daif, x4
	ret

/* The same at EL1t: SP_EL0 selected (and not used) around the load. */
	.globl	inject_el1t_mmio, inject_el1t_site
inject_el1t_mmio:
	mov	x2, x0
	mrs	x4, daif
	msr	daif, x1
	ldr	x0, =INJ_SENTINEL
	mov	x3, #INJ_NZCV
	msr	nzcv, x3
	msr	spsel, #0
inject_el1t_site:
	ldr	x0, [x2]
	nop
	msr	spsel, #1
	msr	daif, x4
	ret

/*
 * The same at EL0 (AArch64), PSTATE.DAIF = daif there: eret to the load,
 * then "svc #0", whose handler (inject_test.c) returns to
 * inject_el0_return at EL1h.  The test maps this code EL0-executable and
 * addr's block EL0-accessible; nothing at EL0 touches memory otherwise.
 */
	.globl	inject_el0_mmio, inject_el0_site, inject_el0_return
inject_el0_mmio:
	mov	x2, x0
	ldr	x0, =INJ_SENTINEL
	adr	x3, inject_el0_site
	msr	elr_el1, x3
	mov	x3, #INJ_NZCV
	orr	x3, x3, x1			/* EL0t */
	msr	spsr_el1, x3
	eret
inject_el0_site:
	ldr	x0, [x2]
	nop
	svc	#0
inject_el0_return:
	ret

/* u64 inject_hvc(void), inject_smc(void): x0 = 0x5a, then the call. */
	.globl	inject_hvc, inject_hvc_site, inject_smc, inject_smc_site
inject_hvc:
	mov	x0, #0x5a
inject_hvc_site:
	hvc	#0x1234
	nop
	ret

inject_smc:
	mov	x0, #0x5a
inject_smc_site:
	smc	#0x1234
	nop
	ret

/* PSTATE.A cleared at inject_unmask_site - 4, set again after the isb. */
	.globl	inject_unmask_serror, inject_unmask_site
inject_unmask_serror:
	msr	daifclr, #4
inject_unmask_site:
	isb
	msr	daifset, #4
	ret
	.ltorg

	.section .note.GNU-stack, "", %progbits
