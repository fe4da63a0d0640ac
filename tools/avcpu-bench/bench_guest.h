/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AVCPU_BENCH_GUEST_H
#define _AVCPU_BENCH_GUEST_H

/* The guest loops of bench_guest.S (its comment has their registers). */
extern const char bench_smccc_start[], bench_smccc_end[];
extern const char bench_idreg_start[], bench_idreg_end[];
extern const char bench_mmio_write_start[], bench_mmio_write_end[];
extern const char bench_mmio_read_start[], bench_mmio_read_end[];
extern const char bench_hvc_user_start[], bench_hvc_user_end[];
extern const char bench_cpu_on_start[], bench_cpu_on_entry[],
	bench_cpu_on_end[];

/* MMIO offsets from x9 = MMIO_IPA. */
#define BENCH_MMIO_EXIT		0
#define BENCH_MMIO_BAD_ANSWER	8
#define BENCH_MMIO_BATCH	16
#define BENCH_MMIO_CPU_ON_RET	24

#endif
