// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GICv3 distributor and redistributor registers
 * (driver/vgic_mmio_v3.c), on a VM with 64 SPIs (INTIDs 32..95) and two
 * vCPUs (vcpu_id 0 and 1, MPIDR 0 and 1): the ID registers, GICD_CTLR,
 * GICD_TYPER, GICR_TYPER, the GICR_WAKER handshake, the per-interrupt
 * registers of both frames, IROUTER, the vCPUs marked for a kick, and
 * RAZ/WI for every other offset and width.
 */
#include "../../../driver/vgic_mmio_v3.c"

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/overflow.h>

#define NR_SPIS		64
#define SGI		GICR_SGI	/* the SGI frame's offset */

struct vm {
	struct avcpu_vgic *d;
	struct avcpu_vgic_cpu *c[2];
};

static struct avcpu_vgic *new_vgic(struct kunit *test, u32 nr_spis,
				   struct avcpu_vgic_cpu **c, int nr_cpus)
{
	struct avcpu_vgic *d;
	int i;

	d = kunit_kzalloc(test, struct_size(d, spis, nr_spis), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	spin_lock_init(&d->lock);
	d->last_vcpu_id = -1;
	for (i = 0; i < nr_cpus; i++) {
		c[i] = kunit_kzalloc(test, sizeof(*c[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, c[i]);
		avcpu_vgic_cpu_init(c[i], i, i);
		d->cpus[i] = c[i];
		d->last_vcpu_id = i;
	}
	avcpu_vgic_dist_init(d, nr_spis);
	return d;
}

static void new_vm(struct kunit *test, struct vm *vm)
{
	vm->d = new_vgic(test, NR_SPIS, vm->c, 2);
}

static u64 rd(struct vm *vm, u32 off, u32 len)
{
	return avcpu_vgic_dist_read(vm->d, off, len);
}

static void wr(struct vm *vm, u32 off, u32 len, u64 val)
{
	avcpu_vgic_dist_write(vm->d, off, len, val);
}

static u64 rrd(struct vm *vm, int cpu, u32 off, u32 len)
{
	return avcpu_vgic_redist_read(vm->d, vm->c[cpu], off, len);
}

static void rwr(struct vm *vm, int cpu, u32 off, u32 len, u64 val)
{
	avcpu_vgic_redist_write(vm->d, vm->c[cpu], off, len, val);
}

static struct avcpu_vgic_irq *spi(struct vm *vm, u32 intid)
{
	return &vm->d->spis[intid - 32];
}

static void unkick(struct vm *vm)
{
	vm->c[0]->kick = false;
	vm->c[1]->kick = false;
}

static void reset_state(struct kunit *test)
{
	struct vm vm;
	int i;

	new_vm(test, &vm);
	for (i = 0; i < AVCPU_VGIC_NR_PRIVATE; i++) {
		struct avcpu_vgic_irq *irq = &vm.c[1]->priv[i];

		KUNIT_EXPECT_EQ(test, irq->intid, i);
		KUNIT_EXPECT_TRUE(test, irq->group);
		KUNIT_EXPECT_EQ(test, irq->edge, i < 16);
		KUNIT_EXPECT_EQ(test, irq->enabled, i < 16);
		KUNIT_EXPECT_EQ(test, irq->priority, 0);
		KUNIT_EXPECT_PTR_EQ(test, irq->target, vm.c[1]);
	}
	for (i = 32; i < 32 + NR_SPIS; i++) {
		struct avcpu_vgic_irq *irq = spi(&vm, i);

		KUNIT_EXPECT_EQ(test, irq->intid, i);
		KUNIT_EXPECT_TRUE(test, irq->group);
		KUNIT_EXPECT_FALSE(test, irq->edge);
		KUNIT_EXPECT_FALSE(test, irq->enabled);
		KUNIT_EXPECT_FALSE(test, irq->pending_latch);
		KUNIT_EXPECT_EQ(test, irq->mpidr, 0);
		KUNIT_EXPECT_PTR_EQ(test, irq->target, vm.c[0]);
	}
	KUNIT_EXPECT_TRUE(test, vm.c[0]->sleep);
	KUNIT_EXPECT_EQ(test, vm.d->ctlr, 0);
	KUNIT_EXPECT_EQ(test, vm.d->nr_spis, NR_SPIS);
}

static void id_registers(struct kunit *test)
{
	struct avcpu_vgic_cpu *c[1];
	struct avcpu_vgic *big;
	struct vm vm;

	new_vm(test, &vm);
	/* PIDR2: ArchRev 3, in the distributor and both GICR frames */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xffe8, 4), 0x3b);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0xffe8, 4), 0x3b);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0xffe8, 4), 0x3b);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xffd0, 4), 0);	/* PIDR4 */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xfffc, 4), 0);	/* CIDR3 */
	/* IIDR: ProductID 0xa6, Implementer Arm */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x8, 4), 0xa600043b);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x4, 4), 0xa600043b);
	/* TYPER: ITLinesNumber 2 (96 INTIDs), IDbits 9, A3V, No1N */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x4, 4), 0x03480002);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc, 4), 0);	/* TYPER2 */
	wr(&vm, 0x4, 4, 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x4, 4), 0x03480002);

	/* 988 SPIs: INTIDs up to 1019, ITLinesNumber 31 */
	big = new_vgic(test, 988, c, 1);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_dist_read(big, 0x4, 4), 0x0348001f);
	/* SPI 1019's registers, the last ones */
	avcpu_vgic_dist_write(big, 0x100 + 4 * 31, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_dist_read(big, 0x100 + 4 * 31, 4),
			0x0fffffff);
	KUNIT_EXPECT_PTR_EQ(test, big->spis[987].target, c[0]);
	avcpu_vgic_dist_write(big, 0x6000 + 8 * 1019, 8, 1);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_dist_read(big, 0x6000 + 8 * 1019, 8), 1);
	KUNIT_EXPECT_NULL(test, big->spis[987].target);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_dist_read(big, 0x6000 + 8 * 1020, 8), 0);
	/* 960 SPIs: ITLinesNumber 30 */
	big = new_vgic(test, 960, c, 1);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_dist_read(big, 0x4, 4), 0x0348001e);
}

static void gicd_ctlr(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* DS (bit 6), ARE (bit 4) RAO/WI; RWP (bit 31) never set */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 4), 0x50);
	wr(&vm, 0x0, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 4), 0x53);
	KUNIT_EXPECT_EQ(test, vm.d->ctlr, 0x3);
	wr(&vm, 0x0, 4, 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 4), 0x50);
	wr(&vm, 0x0, 4, 0x2);		/* EnableGrp1 */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 4), 0x52);
	wr(&vm, 0x0, 4, 0x13);		/* what Linux writes */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 4), 0x53);
}

static void gicr_typer(struct kunit *test)
{
	struct avcpu_vgic_cpu *far;
	struct vm vm;

	new_vm(test, &vm);
	far = kunit_kzalloc(test, sizeof(*far), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, far);
	/* vcpu 0: Affinity 0, Processor_Number 0, not Last */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x8, 8), 0);
	/* vcpu 1: Affinity 0.0.0.1, Processor_Number 1, Last */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x8, 8), 0x0000000100000110ULL);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x8, 4), 0x110);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0xc, 4), 0x1);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x8, 4), 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0xc, 4), 0);
	/* Aff3..Aff0 into [63:32] */
	avcpu_vgic_cpu_init(far, 5, 0x1200345607ULL);
	KUNIT_EXPECT_EQ(test, avcpu_vgic_redist_read(vm.d, far, 0x8, 8),
			0x1234560700000500ULL);
	/* Read-only; no byte or 16-bit reads */
	rwr(&vm, 1, 0x8, 8, 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x8, 8), 0x0000000100000110ULL);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x8, 1), 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x8, 2), 0);
	/* GICR_CTLR: 0 (RWP never set), writes ignored */
	rwr(&vm, 1, 0x0, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x0, 4), 0);
}

static void gicr_waker(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* Reset: ProcessorSleep and ChildrenAsleep */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 4), 0x6);
	/* Linux wakes it: clear ProcessorSleep, poll ChildrenAsleep 0 */
	rwr(&vm, 0, 0x14, 4, 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 4), 0);
	KUNIT_EXPECT_FALSE(test, vm.c[0]->sleep);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->kick);
	KUNIT_EXPECT_TRUE(test, vm.c[1]->sleep);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, 0x14, 4), 0x6);
	/* ChildrenAsleep is read-only */
	rwr(&vm, 0, 0x14, 4, 0x4);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 4), 0);
	/* And to sleep again */
	rwr(&vm, 0, 0x14, 4, 0x2);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 4), 0x6);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->sleep);
}

static void spi_bits(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* IGROUPR1: group 1 at reset, each bit as written */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x84, 4), 0xffffffff);
	wr(&vm, 0x84, 4, 0x0000ffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x84, 4), 0x0000ffff);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 48)->group);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 47)->group);
	/* ISENABLER1/ICENABLER1: set and clear, both read the state */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 4), 0);
	wr(&vm, 0x104, 4, 0x5);
	wr(&vm, 0x104, 4, 0x100);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 4), 0x105);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x184, 4), 0x105);
	wr(&vm, 0x184, 4, 0x1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 4), 0x104);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 32)->enabled);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 34)->enabled);
	/* ISPENDR1/ICPENDR1: the latch; a level line high stays pending */
	wr(&vm, 0x204, 4, 0x80000001);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x204, 4), 0x80000001);
	spi(&vm, 33)->line_level = true;
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x284, 4), 0x80000003);
	wr(&vm, 0x284, 4, 0x3);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x204, 4), 0x80000002);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 32)->pending_latch);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 33)->pending_latch);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 63)->pending_latch);
	/* Edge: the line does not count */
	spi(&vm, 33)->edge = true;
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x204, 4), 0x80000000);
	/* ISACTIVER1/ICACTIVER1 */
	wr(&vm, 0x304, 4, 0x10);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x304, 4), 0x10);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x384, 4), 0x10);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 36)->active);
	wr(&vm, 0x384, 4, 0x10);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x304, 4), 0);
	/* Word 2: INTIDs 64..95, all there; word 3: none (RAZ/WI) */
	wr(&vm, 0x108, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x108, 4), 0xffffffff);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 95)->enabled);
	wr(&vm, 0x10c, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x10c, 4), 0);
	wr(&vm, 0x20c, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x20c, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x8c, 4), 0);
}

static void sgi_frame_bits(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x80, 4), 0xffffffff);
	rwr(&vm, 0, SGI + 0x80, 4, 0xfffffffe);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x80, 4), 0xfffffffe);
	KUNIT_EXPECT_FALSE(test, vm.c[0]->priv[0].group);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x80, 4), 0xffffffff);
	/* SGIs enabled at reset, PPIs not */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x100, 4), 0x0000ffff);
	rwr(&vm, 0, SGI + 0x180, 4, 0x1);
	rwr(&vm, 0, SGI + 0x100, 4, 0x80000000);	/* PPI 31 */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x100, 4), 0x8000fffe);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x180, 4), 0x8000fffe);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x100, 4), 0x0000ffff);
	/* Pending: vCPU 0's only */
	rwr(&vm, 0, SGI + 0x200, 4, 0x04000002);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x200, 4), 0x04000002);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x280, 4), 0x04000002);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x200, 4), 0);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->priv[1].pending_latch);
	rwr(&vm, 0, SGI + 0x280, 4, 0x2);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x200, 4), 0x04000000);
	/* Active */
	rwr(&vm, 1, SGI + 0x300, 4, 0x80000003);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x300, 4), 0x80000003);
	rwr(&vm, 1, SGI + 0x380, 4, 0x1);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x380, 4), 0x80000002);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x300, 4), 0);
	/* IGRPMODR0, NSACR: RAZ/WI */
	rwr(&vm, 0, SGI + 0xd00, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xd00, 4), 0);
	rwr(&vm, 0, SGI + 0xe00, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xe00, 4), 0);
	/* Only word 0 in the SGI frame */
	rwr(&vm, 0, SGI + 0x104, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x104, 4), 0);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 32)->enabled);
}

static void priorities(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* Byte access; the top five bits kept, as KVM */
	wr(&vm, 0x420, 1, 0xa0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x420, 1), 0xa0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x420, 4), 0xa0);
	wr(&vm, 0x421, 1, 0xa7);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x421, 1), 0xa0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x420, 4), 0xa0a0);
	KUNIT_EXPECT_EQ(test, spi(&vm, 33)->priority, 0xa0);
	/* Word access */
	wr(&vm, 0x424, 4, 0x10203040);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x424, 4), 0x10203040);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x425, 1), 0x30);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x427, 1), 0x10);
	KUNIT_EXPECT_EQ(test, spi(&vm, 36)->priority, 0x40);
	KUNIT_EXPECT_EQ(test, spi(&vm, 39)->priority, 0x10);
	wr(&vm, 0x45c, 4, 0xffffffff);			/* INTIDs 92..95 */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x45c, 4), 0xf8f8f8f8);
	/* Beyond the SPIs, and a byte access to one: RAZ/WI */
	wr(&vm, 0x460, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x460, 4), 0);
	/* 16-bit, 64-bit and unaligned accesses: RAZ/WI */
	wr(&vm, 0x428, 2, 0xffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x428, 2), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x428, 4), 0);
	wr(&vm, 0x428, 8, ~0ULL);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x428, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x420, 8), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x421, 4), 0);
	/* The SGI frame: IPRIORITYR0..7 */
	rwr(&vm, 1, SGI + 0x400, 4, 0xa0a0a0a0);
	rwr(&vm, 1, SGI + 0x41f, 1, 0x80);		/* PPI 31 */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x400, 4), 0xa0a0a0a0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x41c, 4), 0x80000000);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x402, 1), 0xa0);
	KUNIT_EXPECT_EQ(test, vm.c[1]->priv[3].priority, 0xa0);
	KUNIT_EXPECT_EQ(test, vm.c[1]->priv[31].priority, 0x80);
	KUNIT_EXPECT_EQ(test, vm.c[0]->priv[3].priority, 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x420, 4), 0);
}

static void config(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* ICFGR2: INTIDs 32..47, level at reset; bit 2n + 1 = edge */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 4), 0);
	wr(&vm, 0xc08, 4, 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 4), 0xaaaaaaaa);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 32)->edge);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 47)->edge);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 48)->edge);
	wr(&vm, 0xc08, 4, 0x80000002);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 4), 0x80000002);
	wr(&vm, 0xc08, 4, 0x1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 4), 0);
	KUNIT_EXPECT_FALSE(test, spi(&vm, 32)->edge);
	/* ICFGR5: INTIDs 80..95 */
	wr(&vm, 0xc14, 4, 0x80000000);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc14, 4), 0x80000000);
	KUNIT_EXPECT_TRUE(test, spi(&vm, 95)->edge);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc18, 4), 0);
	/* ICFGR0 (SGIs): always edge, read-only */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xc00, 4), 0xaaaaaaaa);
	rwr(&vm, 0, SGI + 0xc00, 4, 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xc00, 4), 0xaaaaaaaa);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->priv[0].edge);
	/* ICFGR1 (PPIs): as written */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xc04, 4), 0);
	rwr(&vm, 0, SGI + 0xc04, 4, 0x80000008);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0xc04, 4), 0x80000008);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->priv[31].edge);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->priv[17].edge);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0xc04, 4), 0);
	/* Byte accesses: RAZ/WI */
	wr(&vm, 0xc0c, 1, 0xff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc0c, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 1), 0);
}

static void irouter(struct kunit *test)
{
	struct vm vm;

	new_vm(test, &vm);
	/* IROUTER32 at 0x6100: 0 at reset, the vCPU with MPIDR 0 */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6100, 8), 0);
	wr(&vm, 0x6100, 8, 1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6100, 8), 1);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 32)->target, vm.c[1]);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 33)->target, vm.c[0]);
	/* Aff3 kept, IRM (bit 31) and RES0 bits not: no such vCPU */
	wr(&vm, 0x6100, 8, 0xffffffffff000001ULL);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6100, 8), 0xff00000001ULL);
	KUNIT_EXPECT_EQ(test, spi(&vm, 32)->mpidr, 0xff00000001ULL);
	KUNIT_EXPECT_NULL(test, spi(&vm, 32)->target);
	/* 32-bit halves of IROUTER33 */
	wr(&vm, 0x6108, 4, 0x1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6108, 8), 1);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 33)->target, vm.c[1]);
	wr(&vm, 0x610c, 4, 0x12);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6108, 8), 0x1200000001ULL);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6108, 4), 1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x610c, 4), 0x12);
	KUNIT_EXPECT_NULL(test, spi(&vm, 33)->target);
	wr(&vm, 0x610c, 4, 0);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 33)->target, vm.c[1]);
	wr(&vm, 0x6108, 4, 0);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 33)->target, vm.c[0]);
	/* The last SPI (95) */
	wr(&vm, 0x6000 + 8 * 95, 8, 1);
	KUNIT_EXPECT_PTR_EQ(test, spi(&vm, 95)->target, vm.c[1]);
	/* Byte accesses, private INTIDs, beyond the SPIs: RAZ/WI */
	wr(&vm, 0x6110, 1, 1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6110, 8), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6108, 1), 0);
	wr(&vm, 0x6000 + 8 * 31, 8, 1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6000 + 8 * 31, 8), 0);
	wr(&vm, 0x6000 + 8 * 96, 8, 1);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6000 + 8 * 96, 8), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6104, 8), 0);	/* unaligned */
}

static void kicks(struct kunit *test)
{
	struct avcpu_vgic_irq *irq;
	struct vm vm;

	new_vm(test, &vm);
	irq = spi(&vm, 40);
	wr(&vm, 0x6000 + 8 * 40, 8, 1);		/* to vCPU 1 */
	unkick(&vm);
	/* Pending, enabled, but group 1 is off: nobody */
	wr(&vm, 0x104, 4, BIT(8));
	wr(&vm, 0x204, 4, BIT(8));
	KUNIT_EXPECT_FALSE(test, vm.c[1]->kick);
	/* GICD_CTLR.EnableGrp1: the target */
	wr(&vm, 0x0, 4, 0x2);
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	KUNIT_EXPECT_FALSE(test, vm.c[0]->kick);
	/* Not deliverable any more, and in no list register: nobody */
	unkick(&vm);
	wr(&vm, 0x184, 4, BIT(8));
	KUNIT_EXPECT_FALSE(test, vm.c[1]->kick);
	/* Enable with the group on */
	wr(&vm, 0x104, 4, BIT(8));
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	/* Pending set on an enabled one */
	wr(&vm, 0x284, 4, BIT(8));
	unkick(&vm);
	wr(&vm, 0x204, 4, BIT(8));
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	/* Group 0 (disabled): not deliverable; EnableGrp0 makes it so */
	unkick(&vm);
	wr(&vm, 0x84, 4, ~BIT(8));
	KUNIT_EXPECT_FALSE(test, vm.c[1]->kick);
	wr(&vm, 0x0, 4, 0x3);
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	/* Priority */
	unkick(&vm);
	wr(&vm, 0x428, 1, 0x80);
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	/* IROUTER: the new target */
	unkick(&vm);
	wr(&vm, 0x6000 + 8 * 40, 4, 0);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->kick);
	KUNIT_EXPECT_FALSE(test, vm.c[1]->kick);
	/* ...and the vCPU whose list registers hold it */
	irq->on_lr = vm.c[0];
	unkick(&vm);
	wr(&vm, 0x6000 + 8 * 40, 4, 1);
	KUNIT_EXPECT_TRUE(test, vm.c[0]->kick);
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	/* Disabled while in a list register: its holder gives it back */
	irq->on_lr = vm.c[1];
	unkick(&vm);
	wr(&vm, 0x184, 4, BIT(8));
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	irq->on_lr = NULL;
	/* Writing the same state again: nobody */
	unkick(&vm);
	wr(&vm, 0x184, 4, BIT(8));
	wr(&vm, 0x0, 4, 0x3);
	KUNIT_EXPECT_FALSE(test, vm.c[1]->kick);
	/* An SGI made pending in vCPU 1's SGI frame: vCPU 1 */
	rwr(&vm, 1, SGI + 0x200, 4, BIT(3));
	KUNIT_EXPECT_TRUE(test, vm.c[1]->kick);
	KUNIT_EXPECT_FALSE(test, vm.c[0]->kick);
	/* A level line: edge to level with the line high */
	unkick(&vm);
	irq = spi(&vm, 41);
	irq->edge = true;
	irq->line_level = true;
	wr(&vm, 0x104, 4, BIT(9));
	KUNIT_EXPECT_FALSE(test, vm.c[0]->kick);
	wr(&vm, 0xc0c, 4, 0);			/* INTIDs 48..63 */
	KUNIT_EXPECT_FALSE(test, vm.c[0]->kick);
	wr(&vm, 0xc08, 4, 0);			/* INTIDs 32..47 */
	KUNIT_EXPECT_TRUE(test, vm.c[0]->kick);
}

static void raz_wi(struct kunit *test)
{
	static const u32 dist_raz[] = {
		0x0010, 0x0040, 0x0048, 0x0050, 0x0058, 0x0800, 0x0820,
		0x0d04, 0x0e08, 0x0f00, 0x0f10, 0x0f20, 0x1000, 0x2000,
		0x5ffc, 0x8000, 0xc000, 0xffcc,
	};
	static const u32 redist_raz[] = {
		0x0010, 0x0040, 0x0048, 0x0070, 0x0078, 0x00a0, 0x00b0,
		0x00c0, 0x1000, 0xffcc, SGI + 0x0, SGI + 0x0d00,
		SGI + 0x0e00, SGI + 0x0c08, SGI + 0x0420, SGI + 0x8000,
	};
	struct vm vm;
	int i;

	new_vm(test, &vm);
	for (i = 0; i < ARRAY_SIZE(dist_raz); i++) {
		wr(&vm, dist_raz[i], 4, 0xffffffff);
		KUNIT_EXPECT_EQ_MSG(test, rd(&vm, dist_raz[i], 4), 0,
				    "GICD +%#x", dist_raz[i]);
	}
	for (i = 0; i < ARRAY_SIZE(redist_raz); i++) {
		rwr(&vm, 0, redist_raz[i], 4, 0xffffffff);
		rwr(&vm, 0, redist_raz[i], 8, ~0ULL);
		KUNIT_EXPECT_EQ_MSG(test, rrd(&vm, 0, redist_raz[i], 4), 0,
				    "GICR +%#x", redist_raz[i]);
	}
	/* GICD_SGIR (0xf00) wrote no SGI; SETSPI (0x40) no SPI */
	KUNIT_EXPECT_EQ(test, rrd(&vm, 1, SGI + 0x200, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x204, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x208, 4), 0);
	/* Bad widths of word registers */
	wr(&vm, 0x0, 8, 0x3);
	wr(&vm, 0x0, 1, 0x3);
	wr(&vm, 0x0, 2, 0x3);
	KUNIT_EXPECT_EQ(test, vm.d->ctlr, 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 8), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x0, 1), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x4, 2), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xffe8, 1), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xffe8, 8), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x4, 3), 0);
	wr(&vm, 0x104, 1, 0xff);
	wr(&vm, 0x104, 8, ~0ULL);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 8), 0);
	rwr(&vm, 0, 0x14, 8, 0);
	rwr(&vm, 0, 0x14, 1, 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 4), 0x6);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0x14, 1), 0);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, 0xa, 4), 0);	/* unaligned */
	rwr(&vm, 0, SGI + 0x100, 8, ~0ULL);
	KUNIT_EXPECT_EQ(test, rrd(&vm, 0, SGI + 0x100, 4), 0x0000ffff);
}

/* The distributor's words for INTIDs 0..31 (banked under ARE): RAZ/WI */
static void dist_banked_raz_wi(struct kunit *test)
{
	static const u32 word0[] = {
		0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380,
		0x400, 0x404, 0x41c, 0xc00, 0xc04,
	};
	struct vm vm;
	int i;

	new_vm(test, &vm);
	for (i = 0; i < ARRAY_SIZE(word0); i++) {
		wr(&vm, word0[i], 4, 0xffffffff);
		KUNIT_EXPECT_EQ_MSG(test, rd(&vm, word0[i], 4), 0,
				    "GICD +%#x", word0[i]);
	}
	wr(&vm, 0x41f, 1, 0xff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x41f, 1), 0);
	for (i = 0; i < 32; i++) {
		wr(&vm, 0x6000 + 8 * i, 8, 1);
		KUNIT_EXPECT_EQ(test, rd(&vm, 0x6000 + 8 * i, 8), 0);
	}
	/* Nothing of either vCPU changed */
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x080, 4), 0xffffffff);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x100, 4), 0x0000ffff);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x200, 4), 0);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x300, 4), 0);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x400, 4), 0);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0x41c, 4), 0);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0xc00, 4), 0xaaaaaaaa);
		KUNIT_EXPECT_EQ(test, rrd(&vm, i, SGI + 0xc04, 4), 0);
		KUNIT_EXPECT_FALSE(test, vm.c[i]->kick);
	}
	/* The SPIs' words next to them did not move either */
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x084, 4), 0xffffffff);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x104, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x420, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0xc08, 4), 0);
	KUNIT_EXPECT_EQ(test, rd(&vm, 0x6100, 8), 0);
}

static struct kunit_case avcpu_vgic_mmio_cases[] = {
	KUNIT_CASE(reset_state),
	KUNIT_CASE(id_registers),
	KUNIT_CASE(gicd_ctlr),
	KUNIT_CASE(gicr_typer),
	KUNIT_CASE(gicr_waker),
	KUNIT_CASE(spi_bits),
	KUNIT_CASE(sgi_frame_bits),
	KUNIT_CASE(priorities),
	KUNIT_CASE(config),
	KUNIT_CASE(irouter),
	KUNIT_CASE(kicks),
	KUNIT_CASE(raz_wi),
	KUNIT_CASE(dist_banked_raz_wi),
	{}
};

static struct kunit_suite avcpu_vgic_mmio_suite = {
	.name = "avcpu_vgic_mmio",
	.test_cases = avcpu_vgic_mmio_cases,
};

kunit_test_suite(avcpu_vgic_mmio_suite);

MODULE_DESCRIPTION("KUnit tests of avcpu's GICv3 distributor and redistributor registers");
MODULE_LICENSE("GPL");
