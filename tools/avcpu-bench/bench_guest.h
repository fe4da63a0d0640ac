/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AVCPU_BENCH_GUEST_H
#define _AVCPU_BENCH_GUEST_H

extern const char bench_hvc_start[], bench_hvc_end[];
extern const char bench_mmio_start[], bench_mmio_end[];

#endif
