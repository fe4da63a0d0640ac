/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu_stubcall.c's breakpoint and watchpoint register accessors, by
 * number: idx = kind * 16 + n, kind 0 BVR, 1 BCR, 2 WVR, 3 WCR (its asm
 * table).
 */
#ifndef _AVCPU_STUBCALL_DBGREGS_H
#define _AVCPU_STUBCALL_DBGREGS_H

#include <linux/types.h>

u64 stubcall_dbg_rd(unsigned long idx);
void stubcall_dbg_wr(unsigned long idx, u64 v);

#endif
