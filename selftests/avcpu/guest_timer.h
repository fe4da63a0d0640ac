/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest test library's generic timers (guest side of guest_lib.h):
 * the EL1 virtual timer (CNTV_*, PPI 27, the guest's own registers) and
 * the EL1 physical timer (CNTP_*, PPI 30, emulated by avcpu: every
 * access traps), chosen by one index so that a test runs the same code on
 * both, and their counters (CNTVCT_EL0, CNTPCT_EL0).
 *
 * Register writes are followed by an isb, so the new condition holds for
 * the instructions after them; counter reads are preceded by one, so they
 * are not taken before the instructions before them.
 */
#ifndef _AVCPU_SELFTEST_GUEST_TIMER_H
#define _AVCPU_SELFTEST_GUEST_TIMER_H

#include "guest_lib.h"

#ifndef BIT
#define BIT(n)			(1UL << (n))
#endif

#define TIMER_VIRT		0
#define TIMER_PHYS		1

#define TIMER_PPI_VIRT		27
#define TIMER_PPI_PHYS		30

/* CNTx_CTL_EL0. */
#define CNT_CTL_ENABLE		BIT(0)
#define CNT_CTL_IMASK		BIT(1)
#define CNT_CTL_ISTATUS		BIT(2)

static inline __u32 timer_ppi(__u64 t)
{
	return t == TIMER_PHYS ? TIMER_PPI_PHYS : TIMER_PPI_VIRT;
}

/* The timer's counter: CNTPCT_EL0 for the physical, CNTVCT_EL0 else. */
static inline __u64 timer_count(__u64 t)
{
	isb();
	if (t == TIMER_PHYS)
		return read_sysreg(cntpct_el0);
	return read_sysreg(cntvct_el0);
}

static inline __u64 timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* @ms milliseconds in counter ticks. */
static inline __u64 timer_ms_ticks(__u64 ms)
{
	return ms * (timer_freq() / 1000);
}

static inline __u64 timer_read_ctl(__u64 t)
{
	if (t == TIMER_PHYS)
		return read_sysreg(cntp_ctl_el0);
	return read_sysreg(cntv_ctl_el0);
}

static inline void timer_write_ctl(__u64 t, __u64 v)
{
	if (t == TIMER_PHYS)
		write_sysreg(v, cntp_ctl_el0);
	else
		write_sysreg(v, cntv_ctl_el0);
	isb();
}

static inline __u64 timer_read_cval(__u64 t)
{
	if (t == TIMER_PHYS)
		return read_sysreg(cntp_cval_el0);
	return read_sysreg(cntv_cval_el0);
}

static inline void timer_write_cval(__u64 t, __u64 v)
{
	if (t == TIMER_PHYS)
		write_sysreg(v, cntp_cval_el0);
	else
		write_sysreg(v, cntv_cval_el0);
	isb();
}

static inline __u64 timer_read_tval(__u64 t)
{
	if (t == TIMER_PHYS)
		return read_sysreg(cntp_tval_el0);
	return read_sysreg(cntv_tval_el0);
}

static inline void timer_write_tval(__u64 t, __u64 v)
{
	if (t == TIMER_PHYS)
		write_sysreg(v, cntp_tval_el0);
	else
		write_sysreg(v, cntv_tval_el0);
	isb();
}

/* Deadline @cval, then enabled and unmasked. */
static inline void timer_arm(__u64 t, __u64 cval)
{
	timer_write_cval(t, cval);
	timer_write_ctl(t, CNT_CTL_ENABLE);
}

#endif /* _AVCPU_SELFTEST_GUEST_TIMER_H */
