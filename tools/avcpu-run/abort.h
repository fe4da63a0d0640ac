/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu-run: guest accesses nothing serves become the guest's own aborts,
 * system registers nothing emulates its undefined instructions (abort.c).
 */
#ifndef _AVCPU_RUN_ABORT_H
#define _AVCPU_RUN_ABORT_H

#include <pthread.h>
#include <stdbool.h>
#include <linux/avcpu.h>

/* Per vCPU: the PC of the abort exit before this one, if the last was. */
struct abort_state {
	bool last_was_abort;
	__u64 last_pc;
};

/*
 * Exit @run of vCPU @fd (@id), an MMIO exit to no device, a NISV or an
 * instruction abort: inject the abort a bus error would raise.  -1 when
 * the guest runs on, or ST_ERROR when it cannot take it.  Messages go to
 * stderr under @out_lock.
 */
int abort_inject(int fd, int id, const struct avcpu_run *run,
		 struct abort_state *st, pthread_mutex_t *out_lock);
/* Any other exit: the next abort is not a repeat. */
void abort_other_exit(struct abort_state *st);
/*
 * AVCPU_EXIT_SYSREG @run of vCPU @fd (@id): inject an undefined
 * instruction; -1, or ST_ERROR if the kernel refused.  The encoding is
 * said once on stderr, under @out_lock.
 */
int sysreg_undef(int fd, int id, const struct avcpu_run *run,
		 pthread_mutex_t *out_lock);

#endif
