/* SPDX-License-Identifier: GPL-2.0 */
/* The built-in demo guest (hello.S). */
#ifndef _AVCPU_RUN_HELLO_H
#define _AVCPU_RUN_HELLO_H

extern const char hello_guest_start[], hello_guest_end[];

#endif
