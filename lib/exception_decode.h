/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: pure decoders of guest exits (lib/exception_decode.c).
 */
#ifndef _AVCPU_EXCEPTION_DECODE_H
#define _AVCPU_EXCEPTION_DECODE_H

#define AVCPU_ESR_EC_SHIFT	26
#define AVCPU_EC_WFX		0x01
#define AVCPU_EC_HVC64		0x16
#define AVCPU_EC_SMC64		0x17
#define AVCPU_EC_SYS64		0x18
#define AVCPU_EC_IABT_LOW	0x20
#define AVCPU_EC_DABT_LOW	0x24

struct avcpu_mmio {
	u64 ipa;
	u32 len;
	u8 reg;
	bool is_write;
	bool sign_extend;
	bool sixty_four;
};

/* A stage-2 abort (avcpu_decode_abort()). */
struct avcpu_abort {
	u64 ipa;
	bool permission;	/* else a translation fault */
	bool s1ptw;		/* on the guest's stage-1 walk */
	bool write;		/* a data abort with WnR */
};

#define AVCPU_MMIO_OK		0
#define AVCPU_MMIO_NOT		1	/* not an MMIO access */
#define AVCPU_MMIO_CACHE_OP	2	/* cache maintenance on MMIO: skip */

u32 avcpu_esr_ec(u64 esr);
bool avcpu_abort_ipa(u64 esr, u64 far, u64 hpfar, u64 par, u64 *ipa);
bool avcpu_decode_abort(u64 esr, u64 far, u64 hpfar, u64 par,
			struct avcpu_abort *a);
int avcpu_decode_mmio(u64 esr, u64 far, u64 hpfar, u64 par,
		      struct avcpu_mmio *m);
u64 avcpu_mmio_store_data(const struct avcpu_mmio *m, u64 val);
u64 avcpu_mmio_load_value(const struct avcpu_mmio *m, u64 data);
void avcpu_skip_instr(unsigned long *pc, unsigned long *spsr, u64 esr);
bool avcpu_serror_fatal(u64 esr, bool ras);

#endif /* _AVCPU_EXCEPTION_DECODE_H */
