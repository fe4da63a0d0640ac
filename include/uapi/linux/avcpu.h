/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * avcpu: hardware-virtualized vCPUs for arm64 without KVM.
 *
 * Userspace ABI of /dev/avcpu.  Documented in Documentation/avcpu.rst
 * ("ioctl reference"); every ioctl lists its errno values there.
 *
 * Conventions (as include/uapi/linux/kvm.h):
 *  - one ioctl magic, AVCPU_IO; numbers grouped by the fd they apply to
 *    (0x00-0x3f: /dev/avcpu);
 *  - fixed-width types, explicit padding, reserved fields that must be
 *    zero on input and are zeroed on output;
 *  - AVCPU_API_VERSION stays fixed; features are discovered, not versioned.
 */
#ifndef _UAPI_LINUX_AVCPU_H
#define _UAPI_LINUX_AVCPU_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define AVCPU_API_VERSION	1

#define AVCPU_IO		0xA6

/*
 * AVCPU_GET_API_VERSION: returns AVCPU_API_VERSION as the ioctl's value.
 */
#define AVCPU_GET_API_VERSION	_IO(AVCPU_IO, 0x00)

/*
 * AVCPU_GET_EL2_INFO: what runs at EL2 on one CPU, read at EL2 on that CPU
 * at the time of the call (not a cached answer).
 *
 * in:  cpu, reserved fields zero.
 * out: state, flags and, for CAP_SYS_ADMIN only, the raw EL2 register
 *      values (physical addresses); for everybody else those are zero and
 *      AVCPU_EL2_RAW is clear.
 *
 * Errors: EINVAL (cpu >= nr_cpu_ids, reserved not zero), ENXIO (CPU
 * offline), EFAULT.
 */
struct avcpu_el2_info {
	__u32 cpu;
	__u32 state;		/* AVCPU_EL2_STATE_* */
	__u32 flags;		/* AVCPU_EL2_* */
	__u32 lost_call;	/* hyp-stub call that took EL2, if LOST */
	__u64 vbar_el2;		/* raw: CAP_SYS_ADMIN only */
	__u64 sctlr_el2;
	__u64 ttbr0_el2;	/* raw: CAP_SYS_ADMIN only */
	__u64 tcr_el2;
	__u64 stub_vbar;	/* raw: CAP_SYS_ADMIN only */
	__u64 host_calls;	/* host calls this CPU's EL2 has served */
	__u64 refused_calls;	/* host stub calls refused (EL2 pinned) */
	__u64 reserved[4];
};

/* avcpu_el2_info.state */
#define AVCPU_EL2_STATE_AVCPU	1	/* avcpu's EL2 code answers */
#define AVCPU_EL2_STATE_STUB	2	/* the kernel's hyp stub answers */
#define AVCPU_EL2_STATE_LOST	3	/* host stub call took EL2 away */
#define AVCPU_EL2_STATE_OTHER	4	/* another hypervisor (e.g. KVM) */

/* avcpu_el2_info.flags */
#define AVCPU_EL2_VBAR_OURS	(1U << 0)	/* VBAR_EL2 is avcpu's vectors */
#define AVCPU_EL2_MMU_ON	(1U << 1)	/* SCTLR_EL2.M */
#define AVCPU_EL2_DCACHE_ON	(1U << 2)	/* SCTLR_EL2.C */
#define AVCPU_EL2_ICACHE_ON	(1U << 3)	/* SCTLR_EL2.I */
#define AVCPU_EL2_WXN	(1U << 4)	/* SCTLR_EL2.WXN */
#define AVCPU_EL2_RAW	(1U << 5)	/* raw fields are filled in */

#define AVCPU_GET_EL2_INFO	_IOWR(AVCPU_IO, 0x01, struct avcpu_el2_info)

#endif /* _UAPI_LINUX_AVCPU_H */
