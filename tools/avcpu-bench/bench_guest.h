/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AVCPU_BENCH_GUEST_H
#define _AVCPU_BENCH_GUEST_H

/* MMIO offsets from x9 = MMIO_IPA (bench_guest.S has what each means). */
#define BENCH_MMIO_EXIT		0
#define BENCH_MMIO_BAD_ANSWER	8
#define BENCH_MMIO_BATCH	16
#define BENCH_MMIO_CPU_ON_RET	24
#define BENCH_MMIO_BAD_INTID	32
#define BENCH_MMIO_BAD_COUNT	40
#define BENCH_MMIO_BAD_VECTOR	48
#define BENCH_MMIO_BAD_TIMER	56
#define BENCH_MMIO_LATENESS	64

#ifndef __ASSEMBLER__
/* The guest loops of bench_guest.S (its comment has their registers). */
extern const char bench_smccc_start[], bench_smccc_end[];
extern const char bench_idreg_start[], bench_idreg_end[];
extern const char bench_mmio_write_start[], bench_mmio_write_end[];
extern const char bench_mmio_read_start[], bench_mmio_read_end[];
extern const char bench_hvc_user_start[], bench_hvc_user_end[];
extern const char bench_cpu_on_start[], bench_cpu_on_entry[],
	bench_cpu_on_end[];
extern const char bench_gic_start[], bench_spi_entry[], bench_sgi0_entry[],
	bench_sgi1_entry[], bench_vtimer_rtt_entry[],
	bench_vtimer_wfi_entry[], bench_gic_end[];
#endif

#endif
