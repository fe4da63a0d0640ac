// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: the GICv3 distributor's and redistributors' registers, as KVM's
 * arch/arm64/kvm/vgic/vgic-mmio-v3.c and vgic-mmio.c emulate them: a
 * GICv3 with one Security state (GICD_CTLR.DS = 1), affinity routing
 * always on (ARE RAO/WI), no LPIs and no ITS.
 *
 * Each frame is a table of register regions, sorted by offset: where it
 * starts, how long it is, how many bits each interrupt has in it (0: not
 * a per-interrupt register), the access widths it allows and its read
 * and write handlers.  An access is answered by the region that holds it
 * when the region allows its width and it is naturally aligned; any
 * other access reads 0 and is ignored (RAZ/WI), as is every offset no
 * region holds (STATUSR, SETSPI, ITARGETSR, SGIR, IGRPMODR, NSACR,
 * PROPBASER, PENDBASER, ...).
 *
 * The distributor looks interrupts up with no vCPU (avcpu_vgic_get_irq()
 * with c = NULL), so the words of its per-interrupt registers that would
 * cover SGIs and PPIs (banked in the redistributors under ARE) read 0
 * and ignore writes without a special case, as do INTIDs beyond the
 * VM's SPIs.
 *
 * Pure: the caller (driver/vgic.c) holds the VM's vGIC lock and kicks
 * the vCPUs marked here; built alone into a KUnit module too.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/types.h>

#include "vgic.h"

/*
 * Register offsets and fields: <linux/irqchip/arm-gic-v3.h>, the host
 * driver's own; what it lacks, and avcpu's values, here.
 */
#define GICR_SGI		SZ_64K	/* the SGI frame */

#define GICD_TYPER_IDBITS	(9 << 19)	/* 10 INTID bits: no LPIs */
#define GICD_TYPER_A3V		BIT(24)		/* IROUTER keeps Aff3 */
#define GICD_TYPER_NO1N		BIT(25)		/* IROUTER.IRM RAZ/WI */
/* Implementer 0x43b (Arm), ProductID 0xa6: avcpu's ioctl magic. */
#define AVCPU_GIC_IIDR		((0xa6U << 24) | 0x43b)
#define AVCPU_GIC_PIDR2		0x3b		/* ArchRev 3 */
/*
 * The priority bits kept: as KVM (VGIC_PRI_BITS, vgic-mmio.c), the five
 * the guest's virtual CPU interface has at least; the others are RAZ/WI.
 */
#define VGIC_PRIO_MASK		GENMASK(7, 3)

/* Access widths, by length in bytes */
#define W8			1
#define W32			4
#define W64			8

/* One access, as the region that answers it sees it */
struct vgic_access {
	struct avcpu_vgic *d;
	struct avcpu_vgic_cpu *c;	/* NULL: the distributor */
	const struct vgic_region *r;
	u32 intid;	/* the first interrupt covered (per-interrupt regions) */
	u32 off;	/* from the start of the region */
	u32 len;
};

/* What the bits of a one-bit-per-interrupt region read and a 1 does */
enum vgic_bit_op { OP_NONE, OP_GROUP, OP_SENABLE, OP_CENABLE, OP_SPEND,
		   OP_CPEND, OP_SACTIVE, OP_CACTIVE };

struct vgic_region {		/* KVM's struct vgic_register_region */
	u32 offset;
	u32 len;
	u8 bits_per_irq;	/* 0: not a per-interrupt register */
	u8 widths;		/* W8 | W32 | W64 */
	u8 op;			/* enum vgic_bit_op, for bits_read/write */
	u64 (*read)(const struct vgic_access *a);		/* NULL: RAZ */
	void (*write)(const struct vgic_access *a, u64 val);	/* NULL: WI */
};

#define REGION(off, length, bpi, w, rd, wr) \
	{ .offset = (off), .len = (length), .bits_per_irq = (bpi), \
	  .widths = (w), .read = (rd), .write = (wr) }
#define BITS(off, length, bit_op) \
	{ .offset = (off), .len = (length), .bits_per_irq = 1, \
	  .widths = W32, .op = (bit_op), .read = bits_read, .write = bits_write }

/* Bytes @off & 7 .. + @len of @v (KVM's extract_bytes()) */
static u64 extract(u64 v, u32 off, u32 len)
{
	v >>= (off & 7) * 8;
	return len == 8 ? v : v & (BIT_ULL(len * 8) - 1);
}

/* Interrupt @i of the access, or NULL (none, or banked in a redist.) */
static struct avcpu_vgic_irq *irq_of(const struct vgic_access *a, u32 i)
{
	return avcpu_vgic_get_irq(a->d, a->c, a->intid + i);
}

static bool bit_get(const struct avcpu_vgic_irq *irq, enum vgic_bit_op op)
{
	switch (op) {
	case OP_GROUP:
		return irq->group;
	case OP_SENABLE:
	case OP_CENABLE:
		return irq->enabled;
	case OP_SPEND:
	case OP_CPEND:
		return avcpu_vgic_irq_pending(irq);
	default:
		return irq->active;
	}
}

/* Bit @bit of @op's register written to @irq: true when it changed. */
static bool bit_set(struct avcpu_vgic_irq *irq, enum vgic_bit_op op, bool bit)
{
	bool *field, to = bit;

	switch (op) {
	case OP_GROUP:			/* every bit counts */
		field = &irq->group;
		break;
	case OP_SENABLE:
	case OP_CENABLE:
		field = &irq->enabled;
		to = op == OP_SENABLE;
		break;
	case OP_SPEND:
	case OP_CPEND:
		/* A level line still high keeps it pending (KVM). */
		field = &irq->pending_latch;
		to = op == OP_SPEND;
		break;
	default:
		field = &irq->active;
		to = op == OP_SACTIVE;
		break;
	}
	if ((op != OP_GROUP && !bit) || *field == to)
		return false;
	*field = to;
	return true;
}

static u64 bits_read(const struct vgic_access *a)
{
	u64 val = 0;
	int i;

	for (i = 0; i < 32; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);

		if (irq && bit_get(irq, a->r->op))
			val |= BIT(i);
	}
	return val;
}

static void bits_write(const struct vgic_access *a, u64 val)
{
	int i;

	for (i = 0; i < 32; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);

		if (irq && bit_set(irq, a->r->op, val & BIT(i)))
			avcpu_vgic_irq_changed(a->d, irq);
	}
}

/* IPRIORITYR: a byte per interrupt, byte or word accesses */
static u64 read_priority(const struct vgic_access *a)
{
	u64 val = 0;
	u32 i;

	for (i = 0; i < a->len; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);

		if (irq)
			val |= (u64)irq->priority << (i * 8);
	}
	return val;
}

static void write_priority(const struct vgic_access *a, u64 val)
{
	u32 i;

	for (i = 0; i < a->len; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);
		u8 prio = (val >> (i * 8)) & VGIC_PRIO_MASK;

		if (irq && irq->priority != prio) {
			irq->priority = prio;
			avcpu_vgic_irq_changed(a->d, irq);
		}
	}
}

/* ICFGR: two bits per interrupt, bit 2n + 1 set = edge */
static u64 read_config(const struct vgic_access *a)
{
	u64 val = 0;
	int i;

	for (i = 0; i < 16; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);

		if (irq && irq->edge)
			val |= 2U << (i * 2);
	}
	return val;
}

static void write_config(const struct vgic_access *a, u64 val)
{
	int i;

	for (i = 0; i < 16; i++) {
		struct avcpu_vgic_irq *irq = irq_of(a, i);
		bool edge = val & (2U << (i * 2));

		/*
		 * SGIs are always edge-triggered: ICFGR0 is read-only.  So is
		 * a PPI linked to the host's (the virtual timer's), which
		 * must stay level as its physical input is (KVM keeps every
		 * PPI level for its timers).
		 */
		if (!irq || irq->intid < AVCPU_VGIC_NR_SGIS || irq->hwintid ||
		    irq->edge == edge)
			continue;
		/* A level line still high is pending again (or no more). */
		irq->edge = edge;
		avcpu_vgic_irq_changed(a->d, irq);
	}
}

/* IROUTER<n>: 64 bits per SPI, 64-bit or 32-bit accesses */
static u64 read_irouter(const struct vgic_access *a)
{
	struct avcpu_vgic_irq *irq = irq_of(a, 0);

	return irq ? extract(irq->mpidr, a->off, a->len) : 0;
}

static void write_irouter(const struct vgic_access *a, u64 val)
{
	struct avcpu_vgic_irq *irq = irq_of(a, 0);
	u64 mpidr;

	if (!irq)
		return;
	mpidr = irq->mpidr;
	if (a->len == 8)
		mpidr = val;
	else if (a->off & 4)
		mpidr = (mpidr & GENMASK_ULL(31, 0)) | (val << 32);
	else
		mpidr = (mpidr & GENMASK_ULL(63, 32)) | (u32)val;
	/* The vCPU whose list registers hold it must give it back. */
	if (irq->on_lr)
		irq->on_lr->kick = true;
	avcpu_vgic_spi_route(a->d, irq, mpidr);
}

/* GICD_CTLR, GICD_TYPER, GICD_IIDR */
static u64 read_gicd_ctlr(const struct vgic_access *a)
{
	/* RWP (bit 31) never set: every write takes effect at once. */
	return a->d->ctlr | AVCPU_GICD_CTLR_ARE | AVCPU_GICD_CTLR_DS;
}

static void write_gicd_ctlr(const struct vgic_access *a, u64 val)
{
	u32 ctlr = val & (AVCPU_GICD_CTLR_ENABLE_G0 | AVCPU_GICD_CTLR_ENABLE_G1);
	struct avcpu_vgic *d = a->d;
	u32 i, j;

	if (ctlr == d->ctlr)
		return;
	d->ctlr = ctlr;
	/* A group switched on or off: every interrupt of it may move. */
	for (i = 0; i < d->nr_spis; i++)
		avcpu_vgic_irq_changed(d, &d->spis[i]);
	for (i = 0; (int)i <= d->last_vcpu_id; i++)
		for (j = 0; d->cpus[i] && j < AVCPU_VGIC_NR_PRIVATE; j++)
			avcpu_vgic_irq_changed(d, &d->cpus[i]->priv[j]);
}

static u64 read_gicd_typer(const struct vgic_access *a)
{
	/* ITLinesNumber: 32 * (N + 1) INTIDs cover every SPI. */
	u32 lines = DIV_ROUND_UP(a->d->nr_spis + AVCPU_VGIC_NR_PRIVATE, 32) - 1;

	return lines | GICD_TYPER_IDBITS | GICD_TYPER_A3V | GICD_TYPER_NO1N;
}

static u64 read_iidr(const struct vgic_access *a)
{
	return AVCPU_GIC_IIDR;
}

/* PIDR4 .. CIDR3 of each frame: only PIDR2 (the architecture) is not 0 */
static u64 read_idregs(const struct vgic_access *a)
{
	return a->off == GICD_PIDR2 - GICD_IDREGS ? AVCPU_GIC_PIDR2 : 0;
}

/* GICR_TYPER: Affinity [63:32], Processor_Number [23:8], Last [4] */
static u64 read_gicr_typer(const struct vgic_access *a)
{
	const struct avcpu_vgic_cpu *c = a->c;
	u64 aff = ((c->mpidr >> 8) & GENMASK_ULL(31, 24)) |
		  (c->mpidr & GENMASK_ULL(23, 0));
	u64 typer = aff << 32 | (u64)(c->vcpu_id & 0xffff) << 8;

	if ((int)c->vcpu_id == a->d->last_vcpu_id)
		typer |= GICR_TYPER_LAST;
	return extract(typer, a->off, a->len);
}

/* GICR_WAKER: ChildrenAsleep follows ProcessorSleep at once */
static u64 read_waker(const struct vgic_access *a)
{
	return a->c->sleep ? GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep : 0;
}

static void write_waker(const struct vgic_access *a, u64 val)
{
	bool sleep = val & GICR_WAKER_ProcessorSleep;

	if (a->c->sleep != sleep) {
		a->c->sleep = sleep;
		a->c->kick = true;	/* its interrupts may be forwarded */
	}
}

/*
 * The distributor: the per-interrupt registers cover INTIDs 0..1023
 * (bits_per_irq * 1024 / 8 bytes); IROUTER<n> is at 0x6000 + 8n.
 */
static const struct vgic_region dist_regions[] = {
	REGION(GICD_CTLR, 4, 0, W32, read_gicd_ctlr, write_gicd_ctlr),
	REGION(GICD_TYPER, 4, 0, W32, read_gicd_typer, NULL),
	REGION(GICD_IIDR, 4, 0, W32, read_iidr, NULL),
	REGION(GICD_TYPER2, 4, 0, W32, NULL, NULL),
	BITS(GICD_IGROUPR, 0x80, OP_GROUP),
	BITS(GICD_ISENABLER, 0x80, OP_SENABLE),
	BITS(GICD_ICENABLER, 0x80, OP_CENABLE),
	BITS(GICD_ISPENDR, 0x80, OP_SPEND),
	BITS(GICD_ICPENDR, 0x80, OP_CPEND),
	BITS(GICD_ISACTIVER, 0x80, OP_SACTIVE),
	BITS(GICD_ICACTIVER, 0x80, OP_CACTIVE),
	REGION(GICD_IPRIORITYR, 0x400, 8, W8 | W32, read_priority, write_priority),
	REGION(GICD_ICFGR, 0x100, 2, W32, read_config, write_config),
	REGION(GICD_IROUTER, 0x2000, 64, W32 | W64, read_irouter, write_irouter),
	REGION(GICD_IDREGS, 48, 0, W32, read_idregs, NULL),
};

/* A redistributor: RD frame, then the SGI frame (the 32 private INTIDs) */
static const struct vgic_region redist_regions[] = {
	/* GICR_CTLR reads 0: no LPIs, RWP never set */
	REGION(GICR_CTLR, 4, 0, W32, NULL, NULL),
	REGION(GICR_IIDR, 4, 0, W32, read_iidr, NULL),
	REGION(GICR_TYPER, 8, 0, W32 | W64, read_gicr_typer, NULL),
	REGION(GICR_WAKER, 4, 0, W32, read_waker, write_waker),
	REGION(GICD_IDREGS, 48, 0, W32, read_idregs, NULL),
	BITS(GICR_SGI + GICD_IGROUPR, 4, OP_GROUP),
	BITS(GICR_SGI + GICD_ISENABLER, 4, OP_SENABLE),
	BITS(GICR_SGI + GICD_ICENABLER, 4, OP_CENABLE),
	BITS(GICR_SGI + GICD_ISPENDR, 4, OP_SPEND),
	BITS(GICR_SGI + GICD_ICPENDR, 4, OP_CPEND),
	BITS(GICR_SGI + GICD_ISACTIVER, 4, OP_SACTIVE),
	BITS(GICR_SGI + GICD_ICACTIVER, 4, OP_CACTIVE),
	REGION(GICR_SGI + GICD_IPRIORITYR, 32, 8, W8 | W32, read_priority,
	       write_priority),
	REGION(GICR_SGI + GICD_ICFGR, 8, 2, W32, read_config, write_config),
	REGION(GICR_SGI + GICD_IDREGS, 48, 0, W32, read_idregs, NULL),
};

/*
 * The access of @len bytes at @offset as its region sees it; false when
 * no region answers it (RAZ/WI).
 */
static bool find_region(const struct vgic_region *r, int n, u32 offset,
			u32 len, struct vgic_access *a)
{
	int i;

	/* No register takes 16-bit accesses. */
	if ((len != W8 && len != W32 && len != W64) || !IS_ALIGNED(offset, len))
		return false;
	for (i = 0; i < n; i++, r++) {
		if (offset < r->offset)
			return false;		/* sorted: nobody further on */
		if (offset - r->offset >= r->len)
			continue;
		if (!(r->widths & len))
			return false;
		a->r = r;
		a->off = offset - r->offset;
		a->len = len;
		a->intid = r->bits_per_irq ? a->off * 8 / r->bits_per_irq : 0;
		return true;
	}
	return false;
}

u64 avcpu_vgic_dist_read(struct avcpu_vgic *d, u32 offset, u32 len)
{
	struct vgic_access a = { .d = d };

	if (!find_region(dist_regions, ARRAY_SIZE(dist_regions), offset, len,
			 &a) || !a.r->read)
		return 0;
	return a.r->read(&a);
}

void avcpu_vgic_dist_write(struct avcpu_vgic *d, u32 offset, u32 len, u64 val)
{
	struct vgic_access a = { .d = d };

	if (find_region(dist_regions, ARRAY_SIZE(dist_regions), offset, len,
			&a) && a.r->write)
		a.r->write(&a, val);
}

u64 avcpu_vgic_redist_read(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			   u32 offset, u32 len)
{
	struct vgic_access a = { .d = d, .c = c };

	if (!find_region(redist_regions, ARRAY_SIZE(redist_regions), offset,
			 len, &a) || !a.r->read)
		return 0;
	return a.r->read(&a);
}

void avcpu_vgic_redist_write(struct avcpu_vgic *d, struct avcpu_vgic_cpu *c,
			     u32 offset, u32 len, u64 val)
{
	struct vgic_access a = { .d = d, .c = c };

	if (find_region(redist_regions, ARRAY_SIZE(redist_regions), offset,
			len, &a) && a.r->write)
		a.r->write(&a, val);
}

/* Reset (KVM's vgic_init()): group 1, priority 0, disabled, level... */
static void irq_reset(struct avcpu_vgic_irq *irq, u32 intid,
		      struct avcpu_vgic_cpu *target)
{
	*irq = (struct avcpu_vgic_irq) {
		.intid = intid,
		.group = true,
		/* ...but SGIs are edge-triggered and enabled. */
		.edge = intid < AVCPU_VGIC_NR_SGIS,
		.enabled = intid < AVCPU_VGIC_NR_SGIS,
		.target = target,
	};
}

void avcpu_vgic_cpu_init(struct avcpu_vgic_cpu *c, u32 vcpu_id, u64 mpidr)
{
	int i;

	c->vcpu_id = vcpu_id;
	c->mpidr = mpidr & AVCPU_VGIC_AFF_MASK;
	c->sleep = true;		/* GICR_WAKER.ProcessorSleep */
	c->kick = false;
	for (i = 0; i < AVCPU_VGIC_NR_PRIVATE; i++)
		irq_reset(&c->priv[i], i, c);
	memset(c->lr_irq, 0, sizeof(c->lr_irq));
	c->nr_lr_used = 0;
}

void avcpu_vgic_dist_init(struct avcpu_vgic *d, u32 nr_spis)
{
	u32 i;

	d->nr_spis = nr_spis;
	d->ctlr = 0;
	/* IROUTER 0: the vCPU with MPIDR 0, once it exists. */
	for (i = 0; i < nr_spis; i++)
		irq_reset(&d->spis[i], AVCPU_VGIC_NR_PRIVATE + i,
			  avcpu_vgic_mpidr_to_cpu(d, 0));
}
