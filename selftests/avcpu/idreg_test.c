// SPDX-License-Identifier: GPL-2.0
/*
 * The ID registers a guest reads (HCR_EL2.TID3, answered at EL2 from the
 * VM's table; Documentation/avcpu.rst, "ID registers"):
 *  - all 56 (Op0 3, Op1 0, CRn 0, CRm 1..7) read in a guest equal
 *    AVCPU_GET_ID_REGS, and, per CPU model of the test bed, the documented
 *    table exactly; on any CPU, the rules (no SVE, SME, MTE, SPE, TRBE,
 *    AMU, MPAM, PMU, pointer authentication, LORegions);
 *  - reading all 56 costs no exit to the kernel or userspace: 56 T0
 *    system-register answers;
 *  - AVCPU_SET_ID_REGS narrows, and the guest then reads the narrowed
 *    table; every widening, unknown bit, fixed field, minimum, reserved
 *    word is EINVAL, a bad pointer EFAULT, a SET after a run EBUSY.
 *
 * Needs avcpu.ko in $AVCPU_MODDIR (default /avcpu).
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "guest_lib.h"
#include "guest_report.h"

#define NR		AVCPU_NR_ID_REGS
#define IDX(crm, op2)	(((crm) - 1) * 8 + (op2))
#define FLD(v, s)	(((v) >> (s)) & 0xf)

enum {
	ID_DFR0 = IDX(1, 2), PFR0 = IDX(4, 0), PFR1 = IDX(4, 1),
	PFR2 = IDX(4, 2), ZFR0 = IDX(4, 4), SMFR0 = IDX(4, 5),
	DFR0 = IDX(5, 0), ISAR0 = IDX(6, 0), ISAR1 = IDX(6, 1),
	ISAR2 = IDX(6, 2), MMFR0 = IDX(7, 0), MMFR1 = IDX(7, 1),
	MMFR3 = IDX(7, 3),
};

/* @v with its 4-bit field at @shift set to @f. */
static __u64 SETF(__u64 v, int shift, __u64 f)
{
	return (v & ~(0xfULL << shift)) | (f << shift);
}

/* Written by the guest, read back with sync_global_from_guest(). */
static __u64 guest_regs[NR];

#define RD(crm, op2)	\
	(guest_regs[IDX(crm, op2)] = read_sysreg(s3_0_c0_c##crm##_##op2))

/* Reports, reads all 56, reports again: only the reads in between. */
static void guest_read_all(void)
{
	GUEST_SYNC(0);
	RD(1, 0); RD(1, 1); RD(1, 2); RD(1, 3); RD(1, 4); RD(1, 5); RD(1, 6); RD(1, 7);
	RD(2, 0); RD(2, 1); RD(2, 2); RD(2, 3); RD(2, 4); RD(2, 5); RD(2, 6); RD(2, 7);
	RD(3, 0); RD(3, 1); RD(3, 2); RD(3, 3); RD(3, 4); RD(3, 5); RD(3, 6); RD(3, 7);
	RD(4, 0); RD(4, 1); RD(4, 2); RD(4, 3); RD(4, 4); RD(4, 5); RD(4, 6); RD(4, 7);
	RD(5, 0); RD(5, 1); RD(5, 2); RD(5, 3); RD(5, 4); RD(5, 5); RD(5, 6); RD(5, 7);
	RD(6, 0); RD(6, 1); RD(6, 2); RD(6, 3); RD(6, 4); RD(6, 5); RD(6, 6); RD(6, 7);
	RD(7, 0); RD(7, 1); RD(7, 2); RD(7, 3); RD(7, 4); RD(7, 5); RD(7, 6); RD(7, 7);
	GUEST_SYNC(read_sysreg(midr_el1));
	GUEST_DONE();
}

static int get_ids(struct gvm *vm, struct avcpu_id_regs *r)
{
	memset(r, 0x5a, sizeof(*r));
	return ioctl(vm->fd, AVCPU_GET_ID_REGS, r);
}

static int set_ids(struct gvm *vm, const struct avcpu_id_regs *r)
{
	return ioctl(vm->fd, AVCPU_SET_ID_REGS, r) ? errno : 0;
}

/* Run guest_read_all() on a new vCPU @id; the MIDR it reported. */
static __u64 read_in_guest(struct __test_metadata *_metadata, struct gvm *vm,
			   __u32 id, __u64 out[NR])
{
	struct gvcpu *v = vm_vcpu_add(vm, id, guest_read_all);
	struct vcpu_event ev;
	__u64 midr;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	midr = ev.uc.args[0];
	ASSERT_UCALL(v, UCALL_DONE, &ev);
	sync_global_from_guest(vm, guest_regs);
	memcpy(out, guest_regs, sizeof(guest_regs));
	return midr;
}

FIXTURE(idreg) {
	struct gvm *vm;
};

FIXTURE_SETUP(idreg)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	self->vm = vm_create();
}

FIXTURE_TEARDOWN(idreg)
{
	vm_destroy(self->vm);
}

/*
 * The documented table (Documentation/avcpu.rst, "ID registers") of each
 * QEMU model of the test bed, as the test-bed kernel sanitises it with
 * avcpu's narrowing; every register not listed reads 0.
 */
struct model_reg {
	int idx;
	__u64 val;
};

#include "idreg_models.h"

static void check_model(struct __test_metadata *_metadata, __u64 midr,
			const __u64 regs[NR])
{
	const struct model_reg *m = NULL;
	__u64 want[NR] = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(idreg_models); i++)
		if (idreg_models[i].midr == midr)
			m = idreg_models[i].regs;
	if (!m) {
		TH_LOG("MIDR %#llx: no documented table, rules only",
		       (unsigned long long)midr);
		return;
	}
	for (; m->idx >= 0; m++)
		want[m->idx] = m->val;
	for (i = 0; i < NR; i++)
		EXPECT_EQ(want[i], regs[i]) {
			TH_LOG("CRm %u Op2 %u", 1 + i / 8, i % 8);
		}
}

/* What avcpu never gives a guest, on any CPU. */
static void check_rules(struct __test_metadata *_metadata, const __u64 *r)
{
	unsigned int i;

	EXPECT_EQ(0, FLD(r[PFR0], 32));			/* SVE */
	EXPECT_EQ(0, FLD(r[PFR0], 40));			/* MPAM */
	EXPECT_EQ(0, FLD(r[PFR0], 44));			/* AMU */
	EXPECT_EQ(0, FLD(r[PFR1], 8));			/* MTE */
	EXPECT_EQ(0, FLD(r[PFR1], 24));			/* SME */
	EXPECT_EQ(0, r[PFR2]);
	EXPECT_EQ(0, r[ZFR0]);
	EXPECT_EQ(0, r[SMFR0]);
	EXPECT_EQ(0, FLD(r[DFR0], 8));			/* PMUVer */
	EXPECT_EQ(0, FLD(r[DFR0], 32));			/* PMSVer: SPE */
	EXPECT_EQ(0, FLD(r[DFR0], 44));			/* TRBE */
	EXPECT_GE(0xa, FLD(r[DFR0], 0));		/* <= Debugv8p8 */
	EXPECT_EQ(0, FLD(r[ID_DFR0], 24));		/* PerfMon */
	EXPECT_EQ(0, r[ISAR1] & 0xf0000ff0ULL);		/* APA API GPA GPI */
	EXPECT_EQ(0, r[ISAR2] & 0x0f00ff00ULL);		/* APA3 GPA3 ... */
	EXPECT_EQ(0, FLD(r[MMFR1], 16));		/* LO */
	EXPECT_EQ(0, r[MMFR3]);
	/* Unallocated (and KVM's hidden / unallocated) encodings: 0. */
	for (i = 0; i < NR; i++)
		if (i == IDX(1, 3) || i == IDX(3, 3) || i == IDX(3, 5) ||
		    i == IDX(3, 7) || i == IDX(4, 3) || i == IDX(4, 6) ||
		    (i >= IDX(5, 2) && i < IDX(6, 0)) || i >= IDX(7, 5) ||
		    (i >= IDX(6, 3) && i < IDX(7, 0)))
			EXPECT_EQ(0, r[i]) {
				TH_LOG("CRm %u Op2 %u", 1 + i / 8, i % 8);
			}
	/* BT stays visible where the CPU has it (exits_test relies on it). */
}

TEST_F(idreg, guest_reads_the_table)
{
	struct avcpu_id_regs t;
	__u64 regs[NR], midr;
	unsigned int i;

	ASSERT_EQ(0, get_ids(self->vm, &t));
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0, t.reserved[i]);
	midr = read_in_guest(_metadata, self->vm, 0, regs);
	for (i = 0; i < NR; i++) {
		if (regs[i])
			TH_LOG("{ IDX(%u, %u), %#llx },", 1 + i / 8, i % 8,
			       (unsigned long long)regs[i]);
		EXPECT_EQ(t.regs[i], regs[i]);
	}
	check_rules(_metadata, regs);
	check_model(_metadata, midr, regs);
}

/* All 56 reads are answered at EL2: T0, no exit to the kernel. */
TEST_F(idreg, reads_cost_no_exit)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_read_all);
	unsigned long sys, t0, t1, t2, exc;
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	sys = exit_count("t0_sysreg");
	t0 = exit_count("t0");
	t1 = exit_count("t1");
	t2 = exit_count("t2");
	exc = exit_count("exception");
	ASSERT_NE(~0UL, sys);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(sys + NR, exit_count("t0_sysreg"));
	EXPECT_EQ(t0 + NR, exit_count("t0"));
	EXPECT_EQ(t2 + 1, exit_count("t2"));		/* the report */
	EXPECT_EQ(exc, exit_count("exception"));
	TH_LOG("t1 %lu during the reads (host interrupts)",
	       exit_count("t1") - t1);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/*
 * A narrowed table, each change where this CPU lets it narrow: what the
 * guest then reads, and what GET gives.
 */
TEST_F(idreg, narrowed_table_is_what_the_guest_reads)
{
	struct avcpu_id_regs t, got;
	__u64 regs[NR];
	unsigned int i;

	ASSERT_EQ(0, get_ids(self->vm, &t));
	if (FLD(t.regs[PFR1], 0))
		t.regs[PFR1] = SETF(t.regs[PFR1], 0, 0);	/* BT */
	if (FLD(t.regs[ISAR0], 4))
		t.regs[ISAR0] = SETF(t.regs[ISAR0], 4, 0);	/* AES */
	if (FLD(t.regs[DFR0], 20))
		t.regs[DFR0] = SETF(t.regs[DFR0], 20, 0);	/* 1 WRP */
	if (FLD(t.regs[PFR0], 4) == 2)
		t.regs[PFR0] = SETF(t.regs[PFR0], 4, 1);	/* EL1 */
	if (FLD(t.regs[DFR0], 36) == 0)
		t.regs[DFR0] = SETF(t.regs[DFR0], 36, 0xf);	/* DoubleLock */
	if (FLD(t.regs[MMFR1], 20))
		t.regs[MMFR1] = SETF(t.regs[MMFR1], 20, 0);	/* PAN */
	t.regs[IDX(2, 5)] = 0;				/* ID_ISAR5 */
	ASSERT_EQ(0, set_ids(self->vm, &t));
	ASSERT_EQ(0, get_ids(self->vm, &got));
	EXPECT_EQ(0, memcmp(t.regs, got.regs, sizeof(t.regs)));
	read_in_guest(_metadata, self->vm, 0, regs);
	for (i = 0; i < NR; i++)
		EXPECT_EQ(t.regs[i], regs[i]) {
			TH_LOG("CRm %u Op2 %u", 1 + i / 8, i % 8);
		}
}

/* One SET of the VM's table with @reg's field at @shift set to @f. */
static int set_field(struct gvm *vm, int reg, int shift, int f)
{
	struct avcpu_id_regs t;

	if (get_ids(vm, &t))
		return -1;
	t.regs[reg] = SETF(t.regs[reg], shift, f);
	return set_ids(vm, &t);
}

TEST_F(idreg, widening_is_einval)
{
	struct avcpu_id_regs t, t0;
	int f;

	ASSERT_EQ(0, get_ids(self->vm, &t0));
	/* Hidden features stay hidden. */
	EXPECT_EQ(EINVAL, set_field(self->vm, PFR0, 32, 1));	/* SVE */
	EXPECT_EQ(EINVAL, set_field(self->vm, PFR1, 8, 2));	/* MTE2 */
	EXPECT_EQ(EINVAL, set_field(self->vm, ISAR1, 4, 1));	/* PAuth */
	EXPECT_EQ(EINVAL, set_field(self->vm, DFR0, 8, 1));	/* PMUv3 */
	EXPECT_EQ(EINVAL, set_field(self->vm, MMFR1, 16, 1));	/* LO */
	EXPECT_EQ(EINVAL, set_field(self->vm, ZFR0, 0, 1));
	/* Unknown bits: an unallocated register, a RES0 field. */
	EXPECT_EQ(EINVAL, set_field(self->vm, IDX(3, 3), 0, 1));
	EXPECT_EQ(EINVAL, set_field(self->vm, IDX(7, 7), 60, 8));
	EXPECT_EQ(EINVAL, set_field(self->vm, PFR1, 20, 1));
	/* A field one above the host's. */
	f = FLD(t0.regs[ISAR0], 4);
	if (f < 0xf)
		EXPECT_EQ(EINVAL, set_field(self->vm, ISAR0, 4, f + 1));
	/* Fixed fields: FP, breakpoint count; minimums: EL1, DebugVer. */
	EXPECT_EQ(EINVAL, set_field(self->vm, PFR0, 16, 0xf));
	EXPECT_EQ(EINVAL, set_field(self->vm, DFR0, 12, 0));
	EXPECT_EQ(EINVAL, set_field(self->vm, PFR0, 4, 0));
	EXPECT_EQ(EINVAL, set_field(self->vm, DFR0, 0, 5));
	/* Signed: DoubleLock 0 -> 1 widens (0xf would narrow). */
	if (FLD(t0.regs[DFR0], 36) == 0)
		EXPECT_EQ(EINVAL, set_field(self->vm, DFR0, 36, 1));
	/* reserved */
	t = t0;
	t.reserved[7] = 1;
	EXPECT_EQ(EINVAL, set_ids(self->vm, &t));
	/* Nothing changed. */
	ASSERT_EQ(0, get_ids(self->vm, &t));
	EXPECT_EQ(0, memcmp(t0.regs, t.regs, sizeof(t.regs)));
	/* Narrowed, then back up: a widening of the new table. */
	if (FLD(t0.regs[ISAR0], 4)) {
		EXPECT_EQ(0, set_field(self->vm, ISAR0, 4, 0));
		EXPECT_EQ(EINVAL, set_ids(self->vm, &t0));
	}
	/* The same table again is no change, so allowed. */
	ASSERT_EQ(0, get_ids(self->vm, &t));
	EXPECT_EQ(0, set_ids(self->vm, &t));
}

TEST_F(idreg, bad_pointer_is_efault)
{
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_GET_ID_REGS, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->vm->fd, AVCPU_SET_ID_REGS, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/* After a vCPU ran: EBUSY, even for the same table; GET still works. */
TEST_F(idreg, set_after_run_is_ebusy)
{
	struct avcpu_id_regs t, after;
	__u64 regs[NR];

	ASSERT_EQ(0, get_ids(self->vm, &t));
	if (FLD(t.regs[ISAR0], 4))
		t.regs[ISAR0] = SETF(t.regs[ISAR0], 4, 0);
	ASSERT_EQ(0, set_ids(self->vm, &t));
	read_in_guest(_metadata, self->vm, 0, regs);
	EXPECT_EQ(EBUSY, set_ids(self->vm, &t));
	t.reserved[0] = 1;				/* EBUSY first */
	EXPECT_EQ(EBUSY, set_ids(self->vm, &t));
	t.reserved[0] = 0;
	ASSERT_EQ(0, get_ids(self->vm, &after));
	EXPECT_EQ(0, memcmp(t.regs, after.regs, sizeof(t.regs)));
	/* A vCPU created later reads the same fixed table. */
	read_in_guest(_metadata, self->vm, 1, regs);
	EXPECT_EQ(0, memcmp(t.regs, regs, sizeof(regs)));
}

TEST_HARNESS_MAIN
