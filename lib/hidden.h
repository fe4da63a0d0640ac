/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included first in every EL2 compilation unit: all symbols are local to
 * the image, so the compiler addresses them PC-relatively instead of
 * through a GOT (the image runs wherever the driver copied it).
 */
#pragma GCC visibility push(hidden)
