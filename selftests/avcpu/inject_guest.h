/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inject_guest.S, for inject_test.c: guest code with known instruction
 * addresses (the *_site labels) and known PSTATE; and the host helpers
 * the injection tests share.
 */
#ifndef _AVCPU_SELFTEST_INJECT_GUEST_H
#define _AVCPU_SELFTEST_INJECT_GUEST_H

#define INJ_SENTINEL	0x5e5e5e5e5e5e5e5e	/* x0 before each load */
#define INJ_NZCV	0x60000000		/* Z and C, at each site */

#ifndef __ASSEMBLY__
#include <errno.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <linux/avcpu.h>
#include <linux/types.h>
#include "guest_lib.h"

/*
 * "ldr x0, [addr]" at inject_<mode>_site with PSTATE.DAIF = daif (at EL0:
 * its SPSR's DAIF) and NZCV = INJ_NZCV; returns x0 after the load
 * (INJ_SENTINEL if it never completed).
 */
__u64 inject_el1h_mmio(__u64 addr, __u64 daif);
__u64 inject_el1t_mmio(__u64 addr, __u64 daif);
__u64 inject_el0_mmio(__u64 addr, __u64 daif);
/* x0 = 0x5a, "hvc #0x1234" / "smc #0x1234" at the site; returns x0. */
__u64 inject_hvc(void);
__u64 inject_smc(void);
/* PSTATE.A cleared just before inject_unmask_site, set again after. */
void inject_unmask_serror(void);

extern char inject_el1h_site[], inject_el1t_site[], inject_el0_site[];
extern char inject_el0_return[], inject_hvc_site[], inject_smc_site[];
extern char inject_unmask_site[];

/* AVCPU_INJECT_EXCEPTION: 0 or the errno. */
static inline int inject_one(struct gvcpu *v, __u32 type, __u32 flags,
			     __u64 far, __u32 fsc, __u64 iss)
{
	struct avcpu_inject inj = {
		.type = type, .flags = flags, .far = far, .fsc = fsc,
		.serror_iss = iss,
	};

	return ioctl(v->fd, AVCPU_INJECT_EXCEPTION, &inj) ? errno : 0;
}

/* ID_AA64PFR0_EL1.RAS, as a guest reads it. */
static inline bool feat_ras(__u64 pfr0)
{
	return (pfr0 >> 28) & 0xf;
}
#endif /* __ASSEMBLY__ */

#endif /* _AVCPU_SELFTEST_INJECT_GUEST_H */
