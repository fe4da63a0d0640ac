/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu's EL2 image (lib/), embedded as data, the way the vDSO is: the
 * driver copies it to its own pages at load time.
 */
#include <linux/linkage.h>

	.section .rodata, "a"
	.balign	4096
SYM_DATA_START(avcpu_el2_image)
	.incbin	AVCPU_EL2_BIN
SYM_DATA_END_LABEL(avcpu_el2_image, SYM_L_GLOBAL, avcpu_el2_image_end)
