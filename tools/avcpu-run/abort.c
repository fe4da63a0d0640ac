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
 * A system register the kernel does not emulate (AVCPU_EXIT_SYSREG) is one
 * a machine without it would not have: the guest takes an undefined
 * instruction, said once per encoding.
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

struct reported {
	__u64 key[MAX_REPORTED];
	unsigned int nr;
};

/* Guest-physical addresses, system register encodings. */
static struct reported reported_ipa, reported_sysreg;

/* First time for @key?  Under out_lock. */
static bool first_time(struct reported *r, __u64 key)
{
	unsigned int i;

	for (i = 0; i < r->nr; i++)
		if (r->key[i] == key)
			return false;
	if (r->nr == MAX_REPORTED)
		return false;
	r->key[r->nr++] = key;
	return true;
}

static int inject(int fd, int id, const struct avcpu_inject *inj,
		  pthread_mutex_t *out_lock)
{
	if (!ioctl(fd, AVCPU_INJECT_EXCEPTION, inj))
		return 0;
	pthread_mutex_lock(out_lock);
	fprintf(stderr, "avcpu-run: vCPU %d: AVCPU_INJECT_EXCEPTION: %s\n",
		id, strerror(errno));
	pthread_mutex_unlock(out_lock);
	return ST_ERROR;
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
	if (inject(fd, id, &inj, out_lock))
		return ST_ERROR;
	pthread_mutex_lock(out_lock);
	if (first_time(&reported_ipa, ipa)) {
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

int sysreg_undef(int fd, int id, const struct avcpu_run *run,
		 pthread_mutex_t *out_lock)
{
	struct avcpu_inject inj = { .type = AVCPU_INJECT_UNDEF };
	const __typeof__(run->sysreg) *s = &run->sysreg;
	__u64 key = (__u64)s->op0 << 16 | s->op1 << 12 | s->crn << 8 |
		    s->crm << 4 | s->op2;

	if (inject(fd, id, &inj, out_lock))
		return ST_ERROR;
	pthread_mutex_lock(out_lock);
	if (first_time(&reported_sysreg, key)) {
		fflush(stdout);
		fprintf(stderr,
			"avcpu-run: vCPU %d: no system register s%u_%u_c%u_c%u_%u (%s at pc %#llx): undefined instruction injected\n",
			id, s->op0, s->op1, s->crn, s->crm, s->op2,
			s->is_write ? "write" : "read",
			(unsigned long long)s->pc);
	}
	pthread_mutex_unlock(out_lock);
	return -1;
}
