/* SPDX-License-Identifier: GPL-2.0 */
/* debug_guest.S: guest code of debug_test.c, at addresses the test names. */
#ifndef _AVCPU_SELFTEST_DEBUG_GUEST_H
#define _AVCPU_SELFTEST_DEBUG_GUEST_H

#include <linux/types.h>

void dbg_brk(void);
void dbg_bp_target(void);
__u64 dbg_load(__u64 *p);
void dbg_store(__u64 *p, __u64 v);
__u64 dbg_self_step(__u64 x);
void dbg_seq(__u64 mmio);
extern char dbg_brk_insn[], dbg_load_insn[], dbg_store_insn[];
extern char dbg_ss1[], dbg_ss2[], dbg_ss3[];

#endif
