// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu-run: what a guest reaches that nothing serves (no RAM, no device)
 * is answered as a bus that returns an error answers it: the guest takes
 * a synchronous external abort (AVCPU_INJECT_EXCEPTION) on the access or
 * the fetch, at the exit's FAR, and handles it as a real machine's would.
 * Said once per guest-physical address on stderr.  An abort exit at the
 * same PC as the abort exit just before it means the guest could not
 * take the abort (typically: its vectors are not mapped), and the run
 * ends with status 1 rather than loop.
 *
 * Documented in Documentation/avcpu.rst, "tools/avcpu-run".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "abort.h"

#define ST_ERROR	1
/* Addresses already reported; past this many, no more messages. */
#define MAX_REPORTED	64

static __u64 reported[MAX_REPORTED];
static unsigned int nr_reported;

/* First time for @ipa?  Under out_lock. */
static bool first_time(__u64 ipa)
{
	unsigned int i;

	for (i = 0; i < nr_reported; i++)
		if (reported[i] == ipa)
			return false;
	if (nr_reported == MAX_REPORTED)
		return false;
	reported[nr_reported++] = ipa;
	return true;
}

int abort_inject(int fd, int id, const struct avcpu_run *run,
		 struct abort_state *st, pthread_mutex_t *out_lock)
{
	struct avcpu_inject inj = { .fsc = AVCPU_FSC_EXTERNAL };
	bool repeat = st->last_was_abort;
	struct avcpu_regs regs;
	char what[96];
	__u64 ipa, pc;

	switch (run->exit_reason) {
	case AVCPU_EXIT_MMIO:
		/* The MMIO exit has no PC: the registers do. */
		if (ioctl(fd, AVCPU_GET_REGS, &regs))
			return ST_ERROR;
		ipa = run->mmio.phys_addr;
		pc = regs.elr;
		inj.type = AVCPU_INJECT_DABT;
		inj.far = run->mmio.far;
		inj.flags = run->mmio.is_write ? AVCPU_INJECT_WRITE : 0;
		snprintf(what, sizeof(what), "%u-byte %s", run->mmio.len,
			 run->mmio.is_write ? "write" : "read");
		break;
	case AVCPU_EXIT_NISV:
		ipa = run->abort.ipa;
		pc = run->abort.pc;
		inj.type = AVCPU_INJECT_DABT;
		inj.far = run->abort.far;
		inj.flags = run->abort.flags & AVCPU_ABORT_WRITE ?
			    AVCPU_INJECT_WRITE : 0;
		snprintf(what, sizeof(what), "%s without a syndrome",
			 inj.flags ? "write" : "read");
		break;
	default:			/* AVCPU_EXIT_INSN_ABORT */
		ipa = run->abort.ipa;
		pc = run->abort.pc;
		inj.type = AVCPU_INJECT_IABT;
		inj.far = run->abort.far;
		snprintf(what, sizeof(what), "instruction fetch");
		break;
	}
	st->last_was_abort = true;
	if (repeat && pc == st->last_pc) {
		pthread_mutex_lock(out_lock);
		fflush(stdout);
		fprintf(stderr,
			"avcpu-run: vCPU %d: the guest cannot take the abort at pc %#llx (are its vectors mapped?)\n",
			id, (unsigned long long)pc);
		pthread_mutex_unlock(out_lock);
		return ST_ERROR;
	}
	st->last_pc = pc;
	if (ioctl(fd, AVCPU_INJECT_EXCEPTION, &inj)) {
		pthread_mutex_lock(out_lock);
		fprintf(stderr, "avcpu-run: vCPU %d: AVCPU_INJECT_EXCEPTION: %s\n",
			id, strerror(errno));
		pthread_mutex_unlock(out_lock);
		return ST_ERROR;
	}
	pthread_mutex_lock(out_lock);
	if (first_time(ipa)) {
		fflush(stdout);
		fprintf(stderr,
			"avcpu-run: vCPU %d: nothing at %#llx (%s at pc %#llx): %s abort injected\n",
			id, (unsigned long long)ipa, what,
			(unsigned long long)pc,
			inj.type == AVCPU_INJECT_IABT ? "instruction" : "data");
	}
	pthread_mutex_unlock(out_lock);
	return -1;
}

void abort_other_exit(struct abort_state *st)
{
	st->last_was_abort = false;
}
