/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: exception injection as pure functions of a saved vCPU state
 * (lib/inject.c), shared by the driver (driver/inject.c) and the KUnit
 * tests.  The includer provides u64/u32/bool, BIT(), EINVAL, struct
 * avcpu_inject (uapi) and struct avcpu_hyp_ctx/avcpu_hyp_sysregs
 * (<avcpu/hyp_abi.h>).
 */
#ifndef _AVCPU_LIB_INJECT_H
#define _AVCPU_LIB_INJECT_H

#include "inject_entry.h"

/* 0, or -EINVAL for what the uapi comment of struct avcpu_inject refuses. */
int avcpu_inject_check(const struct avcpu_inject *inj, bool ras);
/* VSESR_EL2 (FEAT_RAS) for the virtual SError @inj (validated). */
u64 avcpu_inject_vsesr(const struct avcpu_inject *inj);
/* ESR_EL1 of a synchronous injection taken from PSTATE @spsr. */
u64 avcpu_inject_esr(const struct avcpu_inject *inj, u64 spsr);
/*
 * The whole synchronous exception entry of @inj (validated) on the saved
 * state: ESR_EL1, FAR_EL1 (aborts), ELR_EL1, SPSR_EL1, PC and PSTATE.
 */
void avcpu_inject_sync(struct avcpu_hyp_ctx *ctx,
		       struct avcpu_hyp_sysregs *sys,
		       const struct avcpu_inject *inj);

#endif /* _AVCPU_LIB_INJECT_H */
