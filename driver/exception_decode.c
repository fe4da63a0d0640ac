// SPDX-License-Identifier: GPL-2.0
/*
 * The exit decoders of lib/ (pure functions of the syndrome), built into
 * the driver: one source for the driver, EL2 and the KUnit tests.
 */
#include <linux/bits.h>
#include <linux/types.h>

#include "../lib/exception_decode.c"
