/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest program for vmid_test.c (conventions of guest_code.S): x9 = a RAM
 * address.  Forever: read the word at [x9] through stage 2 and report it
 * (hypercall 0x300, x1 = the word), so the test can run it again and
 * again, in between other VMs and VMID rollovers.
 */
#define GUEST(name)	.global guest_##name##_start; guest_##name##_start:
#define GUEST_END(name)	.global guest_##name##_end; guest_##name##_end:

	.text
	.balign	4

GUEST(vmid_read)
1:	ldr	x1, [x9]
	mov	x0, #0x300
	hvc	#0
	b	1b
GUEST_END(vmid_read)
