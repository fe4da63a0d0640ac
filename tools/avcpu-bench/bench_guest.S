/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guests for avcpu-bench: raw position-independent loops, copied to
 * RAM_IPA and run unchanged under /dev/avcpu and /dev/kvm, so both
 * backends execute the same instructions.  The host sets the registers
 * (avcpu-bench.c):
 *   x9   MMIO_IPA: every access there is an MMIO exit to userspace
 *   x10  the SMCCC function id the loop calls
 *   x11  the answer expected in x0
 *   x13  CPU_ON's target MPIDR, x14 its entry point (IPA)
 * x0..x3 are the SMCCC registers: KVM writes x1..x3 with its answers (and
 * its WORKAROUND_1 fast path clobbers x1), so no loop keeps state there.
 *
 * MMIO offsets from x9 (BENCH_MMIO_* in bench_guest.h):
 *   +0   the exit measured by the MMIO cases (and CPU_ON's second vCPU)
 *   +8   write of a wrong SMCCC answer: the case fails with that value
 *   +16  read: end of a batch of in-kernel/EL2 calls; userspace answers
 *        the size of the next batch
 *   +24  write of CPU_ON's return value
 */
	.text

/*
 * Cases 1 and 2: x10 called with "hvc #0" in batches, each answer checked
 * against x11; one exit to userspace per batch.
 */
	.global	bench_smccc_start, bench_smccc_end
bench_smccc_start:
0:	ldr	x12, [x9, #16]
1:	mov	x0, x10
	hvc	#0
	cmp	x0, x11
	b.ne	2f
	subs	x12, x12, #1
	b.ne	1b
	b	0b
2:	str	x0, [x9, #8]
	b	2b
bench_smccc_end:

/*
 * Case 7: ID_AA64PFR0_EL1 read in batches (HCR_EL2.TID3 on both: KVM
 * emulates it in its kernel, avcpu at EL2); one exit per batch.
 */
	.global	bench_idreg_start, bench_idreg_end
bench_idreg_start:
0:	ldr	x12, [x9, #16]
1:	mrs	x0, id_aa64pfr0_el1
	subs	x12, x12, #1
	b.ne	1b
	b	0b
bench_idreg_end:

/* Case 3: MMIO store, every one an exit to userspace. */
	.global	bench_mmio_write_start, bench_mmio_write_end
bench_mmio_write_start:
1:	str	x1, [x9]
	b	1b
bench_mmio_write_end:

/* Case 4: MMIO load, userspace supplies the value. */
	.global	bench_mmio_read_start, bench_mmio_read_end
bench_mmio_read_start:
1:	ldr	x1, [x9]
	b	1b
bench_mmio_read_end:

/* Case 5: x10 called with "hvc #0", every call an exit to userspace. */
	.global	bench_hvc_user_start, bench_hvc_user_end
bench_hvc_user_start:
1:	mov	x0, x10
	hvc	#0
	b	1b
bench_hvc_user_end:

/*
 * Case 6, vCPU 0: PSCI CPU_ON (x10) of MPIDR x13 at x14, context id
 * MMIO_IPA; reports CPU_ON's result, then calls it again.  vCPU 1 starts
 * at bench_cpu_on_entry with x0 = the context id and every other register
 * 0, and exits to userspace at once with a store of x0 to x0; it loops in
 * case anything resumes it instead of CPU_ON.
 */
	.global	bench_cpu_on_start, bench_cpu_on_entry, bench_cpu_on_end
bench_cpu_on_start:
1:	mov	x0, x10
	mov	x1, x13
	mov	x2, x14
	mov	x3, x9
	hvc	#0
	str	x0, [x9, #24]
	b	1b
bench_cpu_on_entry:
	str	x0, [x0]
	b	bench_cpu_on_entry
bench_cpu_on_end:
