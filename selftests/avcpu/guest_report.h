/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks shared by the vCPU tests, for use inside kselftest_harness.h
 * tests (include it after the harness): a guest's report hypercall, and
 * the exit counters in debugfs.
 */
#ifndef _AVCPU_SELFTEST_GUEST_REPORT_H
#define _AVCPU_SELFTEST_GUEST_REPORT_H

#include <stdlib.h>
#include <string.h>
#include "vcpu_util.h"

/* Run until the next exit; it must be the hypercall @nr. */
static inline void expect_report(struct __test_metadata *_metadata,
				 struct guest *g, __u64 nr)
{
	ASSERT_EQ(0, guest_run(g));
	ASSERT_EQ(AVCPU_EXIT_HYPERCALL, g->run->exit_reason) {
		TH_LOG("exit %u, esr %#llx pc %#llx", g->run->exit_reason,
		       (unsigned long long)g->run->exception.esr,
		       (unsigned long long)g->run->exception.pc);
	}
	ASSERT_EQ(nr, g->run->hypercall.nr);
}

/* One counter of /sys/kernel/debug/avcpu/exits, or ~0UL. */
static inline unsigned long exit_count(const char *name)
{
	char buf[2048], *p;

	if (read_file("/sys/kernel/debug/avcpu/exits", buf, sizeof(buf)))
		return ~0UL;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, name, strlen(name)) && p[strlen(name)] == ' ')
			return strtoul(p + strlen(name) + 1, NULL, 10);
	return ~0UL;
}

#endif /* _AVCPU_SELFTEST_GUEST_REPORT_H */
