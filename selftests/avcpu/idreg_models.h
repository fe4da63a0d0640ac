/* SPDX-License-Identifier: GPL-2.0 */
/*
 * idreg_test.c: the ID registers a guest reads on each QEMU model of the
 * test bed (QEMU 7.2 TCG, virtualization=on, the test-bed kernel), as
 * Documentation/avcpu.rst, "ID registers", lists them.  Each is QEMU's
 * constant for the model as the kernel sanitises it (no EL3, GICv3 system
 * registers) and avcpu narrows it.  { -1 } ends a model's list.
 */
#define END	{ -1, 0 }

/*
 * Cortex-A72 (MIDR 0x410fd083): QEMU's aarch64_a72_initfn() values, less
 * PMUv3 (ID_AA64DFR0.PMUVer 1, ID_DFR0.PerfMon 3), plus GIC 1; CSV2 0
 * (Spectre-v2 affected, no firmware: ARCH_WORKAROUND_1 -1).
 */
static const struct model_reg idreg_a72[] = {
	{ IDX(1, 0), 0x131 },		/* ID_PFR0 */
	{ IDX(1, 1), 0x10011001 },	/* ID_PFR1 */
	{ IDX(1, 2), 0x10006 },		/* ID_DFR0 */
	{ IDX(1, 4), 0x10201105 },	/* ID_MMFR0 */
	{ IDX(1, 5), 0x40000000 },	/* ID_MMFR1 */
	{ IDX(1, 6), 0x1260000 },	/* ID_MMFR2 */
	{ IDX(1, 7), 0x2102211 },	/* ID_MMFR3 */
	{ IDX(2, 0), 0x2101110 },	/* ID_ISAR0 */
	{ IDX(2, 1), 0x13112111 },	/* ID_ISAR1 */
	{ IDX(2, 2), 0x21232042 },	/* ID_ISAR2 */
	{ IDX(2, 3), 0x1112131 },	/* ID_ISAR3 */
	{ IDX(2, 4), 0x11142 },		/* ID_ISAR4 */
	{ IDX(2, 5), 0x11121 },		/* ID_ISAR5 */
	{ IDX(3, 0), 0x10110222 },	/* MVFR0 */
	{ IDX(3, 1), 0x12111111 },	/* MVFR1 */
	{ IDX(3, 2), 0x43 },		/* MVFR2 */
	{ IDX(4, 0), 0x1000222 },	/* ID_AA64PFR0 */
	{ IDX(5, 0), 0x10305006 },	/* ID_AA64DFR0 */
	{ IDX(6, 0), 0x11120 },		/* ID_AA64ISAR0 */
	{ IDX(7, 0), 0x1124 },		/* ID_AA64MMFR0 */
	END
};

/*
 * max (MIDR 0x000f0510): QEMU 7.2's aarch64_max_initfn() values less SVE,
 * SME, pointer authentication (ID_AA64ISAR1 APA/API/GPA/GPI, ID_AA64ISAR2
 * APA3), PMUv3, LORegions (MTE is off: the virt machine without mte=on);
 * VH 0 (id_aa64mmfr1.vh=0); CSV2 2 and CSV3 1 as QEMU sets them
 * (ARCH_WORKAROUND_1 1).
 */
static const struct model_reg idreg_max[] = {
	{ IDX(1, 0), 0x1020131 },	/* ID_PFR0 */
	{ IDX(1, 1), 0x10011001 },	/* ID_PFR1 */
	{ IDX(1, 2), 0x10009 },		/* ID_DFR0 */
	{ IDX(1, 4), 0x10101105 },	/* ID_MMFR0 */
	{ IDX(1, 5), 0x40000000 },	/* ID_MMFR1 */
	{ IDX(1, 6), 0x1260000 },	/* ID_MMFR2 */
	{ IDX(1, 7), 0x2122211 },	/* ID_MMFR3 */
	{ IDX(2, 0), 0x2101110 },	/* ID_ISAR0 */
	{ IDX(2, 1), 0x13112111 },	/* ID_ISAR1 */
	{ IDX(2, 2), 0x21232042 },	/* ID_ISAR2 */
	{ IDX(2, 3), 0x1112131 },	/* ID_ISAR3 */
	{ IDX(2, 4), 0x11142 },		/* ID_ISAR4 */
	{ IDX(2, 5), 0x1011121 },	/* ID_ISAR5 */
	{ IDX(2, 6), 0x11110 },		/* ID_MMFR4 */
	{ IDX(2, 7), 0x1111111 },	/* ID_ISAR6 */
	{ IDX(3, 0), 0x10110222 },	/* MVFR0 */
	{ IDX(3, 1), 0x13211111 },	/* MVFR1 */
	{ IDX(3, 2), 0x43 },		/* MVFR2 */
	{ IDX(3, 4), 0x11 },		/* ID_PFR2 */
	{ IDX(3, 6), 0x1 },		/* ID_MMFR5 */
	{ IDX(4, 0), 0x1201001021110222 },	/* ID_AA64PFR0 */
	{ IDX(4, 1), 0x21 },		/* ID_AA64PFR1 */
	{ IDX(5, 0), 0x10305009 },	/* ID_AA64DFR0 */
	{ IDX(6, 0), 0x1221111110212120 },	/* ID_AA64ISAR0 */
	{ IDX(6, 1), 0x11111100211002 },	/* ID_AA64ISAR1 */
	{ IDX(7, 0), 0x32310201126 },	/* ID_AA64MMFR0 */
	{ IDX(7, 1), 0x11010201022 },	/* ID_AA64MMFR1 */
	{ IDX(7, 2), 0x1021011010011011 },	/* ID_AA64MMFR2 */
	END
};

static const struct {
	__u64 midr;
	const struct model_reg *regs;
} idreg_models[] = {
	{ 0x410fd083, idreg_a72 },
	{ 0x000f0510, idreg_max },
};
