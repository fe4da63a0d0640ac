// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the vGIC's list-register logic (driver/vgic_lr.c) for
 * what a guest cannot make visible one case at a time: which interrupts
 * go into the four list registers and in what order (active first, then
 * by priority, then INTID), UIE when more wait, the LR.EOI of a level
 * interrupt, the fold back (an edge not acknowledged stays pending, a
 * level one follows its line), the WFI wake condition against the
 * guest's PMR, and the SGI register's targeting forms.
 */
#include "../../../driver/vgic_lr.c"

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define NR_SPIS	64

struct lr_fixture {
	struct avcpu_vgic *d;
	struct avcpu_vgic_cpu cpu[3];
	struct avcpu_hyp_vgic h;
};

/* As the reset state KVM gives: group 1, SGIs edge, the rest level. */
static void fixture_irq(struct avcpu_vgic_irq *irq, u32 intid,
			struct avcpu_vgic_cpu *target)
{
	memset(irq, 0, sizeof(*irq));
	irq->intid = intid;
	irq->group = true;
	irq->edge = intid < AVCPU_VGIC_NR_SGIS;
	irq->enabled = true;
	irq->target = target;
}

static struct lr_fixture *fixture(struct kunit *test)
{
	struct lr_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	int i, j;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->d = kunit_kzalloc(test, struct_size(f->d, spis, NR_SPIS),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->d);
	f->d->nr_spis = NR_SPIS;
	f->d->ctlr = AVCPU_GICD_CTLR_ENABLE_G0 | AVCPU_GICD_CTLR_ENABLE_G1;
	f->d->last_vcpu_id = 2;
	for (i = 0; i < 3; i++) {
		struct avcpu_vgic_cpu *c = &f->cpu[i];

		c->vcpu_id = i;
		/* vCPU 2 is Aff1 1, Aff0 0: the SGI list form's Aff1 */
		c->mpidr = i < 2 ? i : 0x100;
		for (j = 0; j < AVCPU_VGIC_NR_PRIVATE; j++)
			fixture_irq(&c->priv[j], j, c);
		f->d->cpus[i] = c;
	}
	for (i = 0; i < NR_SPIS; i++)
		fixture_irq(&f->d->spis[i], 32 + i, &f->cpu[0]);
	f->h.nr_lr = 4;
	return f;
}

static u32 lr_intid(u64 lr)
{
	return lr & AVCPU_ICH_LR_VINTID_MASK;
}

/* Six pending, four list registers: the four most urgent, and UIE. */
static void flush_orders_and_overflows(struct kunit *test)
{
	static const u8 prio[6] = { 0xa0, 0x20, 0x80, 0x20, 0x40, 0x60 };
	struct lr_fixture *f = fixture(test);
	int i;

	for (i = 0; i < 6; i++) {
		f->d->spis[i].priority = prio[i];
		f->d->spis[i].edge = true;
		f->d->spis[i].pending_latch = true;
	}
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 4);
	KUNIT_EXPECT_EQ(test, f->h.hcr, AVCPU_ICH_HCR_EN | AVCPU_ICH_HCR_UIE);
	/* 0x20 (33), 0x20 (35), 0x40 (36), 0x60 (37) */
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 33 | (0x20ULL << 48) |
			AVCPU_ICH_LR_GROUP | AVCPU_ICH_LR_PENDING);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[1]), 35);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[2]), 36);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[3]), 37);
	/* The edges are the list registers' now; the other two wait. */
	KUNIT_EXPECT_FALSE(test, f->d->spis[1].pending_latch);
	KUNIT_EXPECT_TRUE(test, f->d->spis[0].pending_latch);
	KUNIT_EXPECT_PTR_EQ(test, f->d->spis[1].on_lr, &f->cpu[0]);
	KUNIT_EXPECT_NULL(test, f->d->spis[0].on_lr);

	/* The guest took 33 and 35 (active), 36 ended, 37 still pending. */
	f->h.lr[0] = (f->h.lr[0] & ~AVCPU_ICH_LR_PENDING) | AVCPU_ICH_LR_ACTIVE;
	f->h.lr[1] = (f->h.lr[1] & ~AVCPU_ICH_LR_PENDING) | AVCPU_ICH_LR_ACTIVE;
	f->h.lr[2] &= ~AVCPU_ICH_LR_PENDING;
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_TRUE(test, f->d->spis[1].active);
	KUNIT_EXPECT_TRUE(test, f->d->spis[3].active);
	KUNIT_EXPECT_FALSE(test, f->d->spis[4].active);
	KUNIT_EXPECT_FALSE(test, f->d->spis[4].pending_latch);
	KUNIT_EXPECT_TRUE(test, f->d->spis[5].pending_latch);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 0);
	KUNIT_EXPECT_EQ(test, f->h.hcr, 0);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_NULL(test, f->d->spis[i].on_lr);

	/* Refill: the two active first, then 37 (0x60) and 34 (0x80). */
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 4);
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 33 | (0x20ULL << 48) |
			AVCPU_ICH_LR_GROUP | AVCPU_ICH_LR_ACTIVE);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[1]), 35);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[2]), 37);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[3]), 34);
	/* 32 (0xa0) still waits. */
	KUNIT_EXPECT_EQ(test, f->h.hcr, AVCPU_ICH_HCR_EN | AVCPU_ICH_HCR_UIE);
}

/* Nothing to show: the interface stays off; disabled ones stay out. */
static void flush_nothing(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);

	f->d->spis[0].pending_latch = true;
	f->d->spis[0].edge = true;
	f->d->spis[0].enabled = false;
	f->d->spis[1].line_level = true;
	f->d->spis[1].group = false;
	f->d->ctlr = AVCPU_GICD_CTLR_ENABLE_G1;	/* group 0 off */
	f->d->spis[2].line_level = true;
	f->d->spis[2].target = &f->cpu[1];	/* someone else's */
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 0);
	KUNIT_EXPECT_EQ(test, f->h.hcr, 0);
	KUNIT_EXPECT_TRUE(test, f->d->spis[0].pending_latch);
}

/* Level: LR.EOI; pending while the line is high, whatever the fold. */
static void level_follows_its_line(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);
	struct avcpu_vgic_irq *irq = &f->d->spis[7];

	irq->line_level = true;
	irq->group = false;
	irq->priority = 0x10;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_ASSERT_EQ(test, f->h.nr_used, 1);
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 39 | (0x10ULL << 48) |
			AVCPU_ICH_LR_PENDING | AVCPU_ICH_LR_EOI);
	KUNIT_EXPECT_EQ(test, f->h.hcr, AVCPU_ICH_HCR_EN);
	/* Acknowledged and EOIed (LR invalid), line still high: again. */
	f->h.lr[0] &= ~(AVCPU_ICH_LR_PENDING | AVCPU_ICH_LR_ACTIVE);
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_TRUE(test, avcpu_vgic_irq_pending(irq));
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 1);
	/* The line dropped while it was in the list register: gone. */
	irq->line_level = false;
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_irq_pending(irq));
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 0);
}

/* Active level interrupt, line high: in a list register active only. */
/*
 * The virtual timer's PPI, linked to the host's: LR.HW with the physical
 * INTID, no EOI maintenance (those bits are pINTID's), and never pending
 * and active at once either.
 */
static void hw_linked_timer_ppi(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);
	struct avcpu_vgic_irq *irq = &f->cpu[0].priv[27];

	irq->hwintid = 27;
	irq->enabled = true;
	irq->line_level = true;
	irq->priority = 0x20;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_ASSERT_EQ(test, f->h.nr_used, 1);
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 27 | (27ULL << 32) | (0x20ULL << 48) |
			AVCPU_ICH_LR_GROUP | AVCPU_ICH_LR_HW |
			AVCPU_ICH_LR_PENDING);
	/* Acknowledged, line still high: active only, still linked. */
	f->h.lr[0] ^= AVCPU_ICH_LR_PENDING | AVCPU_ICH_LR_ACTIVE;
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_TRUE(test, irq->active);
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_ASSERT_EQ(test, f->h.nr_used, 1);
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 27 | (27ULL << 32) | (0x20ULL << 48) |
			AVCPU_ICH_LR_GROUP | AVCPU_ICH_LR_HW |
			AVCPU_ICH_LR_ACTIVE);
	/* Deactivated by the guest (and with it the host's PPI). */
	f->h.lr[0] &= ~AVCPU_ICH_LR_ACTIVE;
	irq->line_level = false;
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_FALSE(test, irq->active);
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_irq_pending(irq));
}

static void level_never_pending_and_active(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);
	struct avcpu_vgic_irq *irq = &f->d->spis[2];

	irq->line_level = true;
	irq->active = true;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_ASSERT_EQ(test, f->h.nr_used, 1);
	KUNIT_EXPECT_EQ(test, f->h.lr[0], 34 | AVCPU_ICH_LR_GROUP |
			AVCPU_ICH_LR_ACTIVE | AVCPU_ICH_LR_EOI);
}

/* Rerouted while active: it stays on the vCPU it is active on. */
static void active_stays_where_it_is(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);
	struct avcpu_vgic_irq *irq = &f->d->spis[3];

	irq->edge = true;
	irq->pending_latch = true;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_ASSERT_EQ(test, f->h.nr_used, 1);
	/* Acknowledged on vCPU 0; IROUTER now names vCPU 1. */
	f->h.lr[0] = (f->h.lr[0] & ~AVCPU_ICH_LR_PENDING) | AVCPU_ICH_LR_ACTIVE;
	irq->target = &f->cpu[1];
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_PTR_EQ(test, irq->active_on, &f->cpu[0]);
	avcpu_vgic_flush_lrs(f->d, &f->cpu[1], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 0);
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 1);
	/* Ended there: a new edge goes to vCPU 1. */
	f->h.lr[0] &= ~AVCPU_ICH_LR_ACTIVE;
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_NULL(test, irq->active_on);
	irq->pending_latch = true;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 0);
	avcpu_vgic_flush_lrs(f->d, &f->cpu[1], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 1);
}

/* The CPU has fewer list registers than 4: never more are filled. */
static void flush_respects_nr_lr(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);

	f->h.nr_lr = 1;
	f->cpu[0].priv[3].pending_latch = true;
	f->cpu[0].priv[5].pending_latch = true;
	avcpu_vgic_flush_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_EQ(test, f->h.nr_used, 1);
	KUNIT_EXPECT_EQ(test, lr_intid(f->h.lr[0]), 3);
	KUNIT_EXPECT_EQ(test, f->h.hcr, AVCPU_ICH_HCR_EN | AVCPU_ICH_HCR_UIE);
	/* EL2 never loaded it (refused entry): the edge is not lost. */
	avcpu_vgic_fold_lrs(f->d, &f->cpu[0], &f->h);
	KUNIT_EXPECT_TRUE(test, f->cpu[0].priv[3].pending_latch);
}

/* WFI: deliverable, not active, and above the guest's priority mask. */
static void wake_needs_priority_above_pmr(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);
	struct avcpu_vgic_irq *irq = &f->d->spis[0];

	irq->edge = true;
	irq->pending_latch = true;
	irq->priority = 0xa0;
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[0], 0));
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[0], 0xa0));
	KUNIT_EXPECT_TRUE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[0], 0xa8));
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[1], 0xff));
	irq->active = true;
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[0], 0xff));
	irq->active = false;
	f->d->ctlr = 0;
	KUNIT_EXPECT_FALSE(test, avcpu_vgic_cpu_pending(f->d, &f->cpu[0], 0xff));
}

static bool sgi_pending(struct lr_fixture *f, int cpu, u32 intid)
{
	return f->cpu[cpu].priv[intid].pending_latch;
}

static void sgi_clear(struct lr_fixture *f)
{
	int i, j;

	for (i = 0; i < 3; i++)
		for (j = 0; j < AVCPU_VGIC_NR_SGIS; j++)
			f->cpu[i].priv[j].pending_latch = false;
}

/* ICC_SGI1R_EL1's forms, and group 0 from SGI0R/ASGI1R only. */
static void sgi_targets(struct kunit *test)
{
	struct lr_fixture *f = fixture(test);

	/* List: Aff1 0, targets 0b10 -> vCPU 1, SGI 5 */
	avcpu_vgic_sgi(f->d, &f->cpu[0], (5ULL << 24) | 0x2, true);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 1, 5));
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 0, 5));
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 2, 5));
	KUNIT_EXPECT_TRUE(test, f->cpu[1].kick);
	sgi_clear(f);
	/* Aff1 1, target bit 0 -> vCPU 2 */
	avcpu_vgic_sgi(f->d, &f->cpu[0], (7ULL << 24) | (1ULL << 16) | 1, true);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 2, 7));
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 0, 7));
	sgi_clear(f);
	/* To self: vCPU 1 names its own affinity */
	avcpu_vgic_sgi(f->d, &f->cpu[1], (3ULL << 24) | 0x2, true);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 1, 3));
	sgi_clear(f);
	/* IRM: all but the sender */
	avcpu_vgic_sgi(f->d, &f->cpu[1], (9ULL << 24) | BIT_ULL(40), true);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 0, 9));
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 1, 9));
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 2, 9));
	sgi_clear(f);
	/* RS 1 names Aff0 16..31: nobody */
	avcpu_vgic_sgi(f->d, &f->cpu[0], (1ULL << 24) | (1ULL << 44) | 0x3, true);
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 0, 1));
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 1, 1));
	/* SGI0R (g1 false): a group 1 SGI is not raised, a group 0 one is */
	avcpu_vgic_sgi(f->d, &f->cpu[0], (4ULL << 24) | 0x2, false);
	KUNIT_EXPECT_FALSE(test, sgi_pending(f, 1, 4));
	f->cpu[1].priv[4].group = false;
	avcpu_vgic_sgi(f->d, &f->cpu[0], (4ULL << 24) | 0x2, false);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 1, 4));
	sgi_clear(f);
	/* SGI1R raises a group 0 SGI too (GICD_CTLR.DS = 1) */
	avcpu_vgic_sgi(f->d, &f->cpu[0], (4ULL << 24) | 0x2, true);
	KUNIT_EXPECT_TRUE(test, sgi_pending(f, 1, 4));
}

static struct kunit_case vgic_lr_cases[] = {
	KUNIT_CASE(flush_orders_and_overflows),
	KUNIT_CASE(flush_nothing),
	KUNIT_CASE(level_follows_its_line),
	KUNIT_CASE(level_never_pending_and_active),
	KUNIT_CASE(hw_linked_timer_ppi),
	KUNIT_CASE(active_stays_where_it_is),
	KUNIT_CASE(flush_respects_nr_lr),
	KUNIT_CASE(wake_needs_priority_above_pmr),
	KUNIT_CASE(sgi_targets),
	{}
};

static struct kunit_suite vgic_lr_suite = {
	.name = "avcpu_vgic_lr",
	.test_cases = vgic_lr_cases,
};

kunit_test_suite(vgic_lr_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's vGIC list registers");
MODULE_LICENSE("GPL");
