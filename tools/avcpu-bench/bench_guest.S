/* SPDX-License-Identifier: GPL-2.0 */
/* Guests for avcpu-bench: exit in a tight loop. */
	.text
	.global	bench_hvc_start, bench_hvc_end
	.global	bench_mmio_start, bench_mmio_end
bench_hvc_start:
1:	hvc	#0
	b	1b
bench_hvc_end:

bench_mmio_start:
1:	str	x1, [x9]
	b	1b
bench_mmio_end:
