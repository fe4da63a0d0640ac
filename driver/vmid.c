// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: VMID allocation with generations, after KVM's
 * arch/arm64/kvm/vmid.c (itself the arm64 ASID allocator of
 * arch/arm64/mm/context.c).
 *
 * A VM's VMID is a 64-bit value: the generation in the bits above
 * vmid_bits, the hardware VMID ("index") below.  A VM may run only with a
 * VMID of the current generation; on entry (avcpu_vmid_update(), called
 * with preemption disabled right before the guest entry) a VM whose VMID
 * is of an older generation gets one of the current generation.  When no
 * index is left, the generation is bumped ("rollover"): every index is
 * freed except those reserved by the CPUs (the VMID each CPU runs or last
 * ran), and the TLB entries of every VMID are invalidated on every CPU
 * (tlbi alle1is at EL2) before any index is handed out again.  So the
 * number of live VMs is not bounded by the VMID width: an idle VM costs
 * no index; it gets one back when it runs.
 *
 * Invariants (Documentation/avcpu.rst, "VMIDs"):
 *  1. In one generation an index belongs to at most one VM: bits of
 *     vmid_map are only cleared at rollover, and only after the flush.
 *  2. A VM that runs, or ran last, on some CPU at a rollover keeps its
 *     index (reserved); any other VM has no TLB entry left after the
 *     rollover's flush.  Hence all TLB entries of a VM are tagged with
 *     the index its VMID holds now.
 *  3. A VMID leaves the generation check of the fast path only through
 *     active_vmids, a per-CPU value rollover sets to 0 under vmid_lock:
 *     a CPU either published its VMID before rollover read it (then it is
 *     reserved) or sees 0 and takes the lock.
 *
 * Testing: the module parameter vmid_limit caps the number of indices
 * (1..vmid_limit; at least one more than there are CPUs), so rollovers
 * can be forced with a few VMs; debugfs avcpu/vmid shows the counters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <asm/cpufeature.h>

#include "avcpu.h"

static unsigned int vmid_limit;
module_param(vmid_limit, uint, 0644);
MODULE_PARM_DESC(vmid_limit,
		 "testing: use VMIDs 1..vmid_limit only (0: all the CPU has; at least CPUs + 1); rollovers come sooner");

static u32 vmid_bits;
static DEFINE_RAW_SPINLOCK(vmid_lock);
static atomic64_t vmid_generation;
static unsigned long *vmid_map;		/* indices taken in this generation */
static u32 vmid_cur_idx = 1;		/* next index to try */
/* The TLBs still need the all-VMID flush (at load; or it failed). */
static bool vmid_flush_pending = true;
static u64 vmid_rollovers, vmid_allocs, vmid_flushes;

static DEFINE_PER_CPU(atomic64_t, active_vmids);
static DEFINE_PER_CPU(u64, reserved_vmids);

#define VMID_FIRST_VERSION	BIT_ULL(vmid_bits)
#define VMID_IDX_MASK		(VMID_FIRST_VERSION - 1)

static bool vmid_gen_match(u64 vmid)
{
	return !((vmid ^ atomic64_read(&vmid_generation)) >> vmid_bits);
}

/* Indices this generation may hand out: 1 .. nr - 1. */
static u32 vmid_nr(void)
{
	u32 nr = VMID_FIRST_VERSION;
	u32 lim = READ_ONCE(vmid_limit);

	/* avcpu_vmid_init() checked nr - 1 > CPUs. */
	if (lim) {
		lim = max_t(u32, lim, num_possible_cpus() + 1);
		if (lim < nr - 1)
			nr = lim + 1;
	}
	return nr;
}

/*
 * Invalidate the stage-1 and stage-2 TLB entries of every VMID on every
 * CPU, completed (dsb ish at EL2) when the call returns.  Under vmid_lock
 * with interrupts off: the local CPU is about to enter a guest, so its
 * EL2 is avcpu's; if it is not, the flush stays pending and the next
 * entry on any CPU retries it before it may use a fresh index.
 */
static void vmid_flush_all(void)
{
	if (avcpu_hvc0(AVCPU_HC_TLB_FLUSH_ALL) == AVCPU_HC_OK) {
		vmid_flush_pending = false;
		vmid_flushes++;
	} else {
		vmid_flush_pending = true;
	}
}

static void vmid_rollover(void)
{
	unsigned int cpu;
	u64 vmid;

	atomic64_add_return_relaxed(VMID_FIRST_VERSION, &vmid_generation);
	bitmap_zero(vmid_map, VMID_FIRST_VERSION);
	for_each_possible_cpu(cpu) {
		vmid = atomic64_xchg_relaxed(&per_cpu(active_vmids, cpu), 0);
		/* A CPU that ran nothing since the last rollover keeps its. */
		if (!vmid)
			vmid = per_cpu(reserved_vmids, cpu);
		__set_bit(vmid & VMID_IDX_MASK, vmid_map);
		per_cpu(reserved_vmids, cpu) = vmid;
	}
	vmid_rollovers++;
	vmid_flush_all();
}

/* Move reserved copies of @vmid to @newvmid; true if there was one. */
static bool vmid_update_reserved(u64 vmid, u64 newvmid)
{
	unsigned int cpu;
	bool hit = false;

	for_each_possible_cpu(cpu) {
		if (per_cpu(reserved_vmids, cpu) == vmid) {
			hit = true;
			per_cpu(reserved_vmids, cpu) = newvmid;
		}
	}
	return hit;
}

static u64 vmid_new(atomic64_t *id)
{
	u64 vmid = atomic64_read(id);
	u64 generation = atomic64_read(&vmid_generation);
	u32 nr = vmid_nr();
	unsigned long idx;

	if (vmid) {
		u64 newvmid = generation | (vmid & VMID_IDX_MASK);

		/* Reserved at rollover: the index stays this VM's. */
		if (vmid_update_reserved(vmid, newvmid)) {
			atomic64_set(id, newvmid);
			return newvmid;
		}
		/* Its old index is still free in this generation. */
		if ((vmid & VMID_IDX_MASK) < nr &&
		    !__test_and_set_bit(vmid & VMID_IDX_MASK, vmid_map)) {
			atomic64_set(id, newvmid);
			return newvmid;
		}
	}

	idx = find_next_zero_bit(vmid_map, nr, vmid_cur_idx);
	if (idx >= nr) {
		vmid_rollover();
		generation = atomic64_read(&vmid_generation);
		/* More indices than CPUs (vmid_nr()): one is always free. */
		idx = find_next_zero_bit(vmid_map, nr, 1);
	}
	__set_bit(idx, vmid_map);
	vmid_cur_idx = idx;
	vmid_allocs++;
	vmid = generation | idx;
	atomic64_set(id, vmid);
	return vmid;
}

/*
 * The hardware VMID for the VM whose VMID lives in @id, valid for an
 * entry on this CPU now.  Preemption must be disabled from here until the
 * guest has exited: active_vmids of this CPU is what keeps the index this
 * VM's across a rollover on another CPU.
 */
u64 avcpu_vmid_update(atomic64_t *id)
{
	atomic64_t *active = this_cpu_ptr(&active_vmids);
	u64 vmid = atomic64_read(id);
	unsigned long flags;
	u64 old;

	lockdep_assert_preemption_disabled();
	/*
	 * Fast path, lock-free: this generation's VMID, published in
	 * active_vmids unless a rollover has just zeroed it (cmpxchg
	 * returns 0 then, and the lock below orders us after it).
	 */
	old = atomic64_read(active);
	if (old && vmid_gen_match(vmid) && !READ_ONCE(vmid_flush_pending) &&
	    atomic64_cmpxchg_relaxed(active, old, vmid))
		return vmid & VMID_IDX_MASK;

	raw_spin_lock_irqsave(&vmid_lock, flags);
	if (vmid_flush_pending)
		vmid_flush_all();
	vmid = atomic64_read(id);
	if (!vmid_gen_match(vmid))
		vmid = vmid_new(id);
	atomic64_set(active, vmid);
	raw_spin_unlock_irqrestore(&vmid_lock, flags);
	return vmid & VMID_IDX_MASK;
}

/*
 * The hardware VMID of the VM whose VMID lives in @id, or 0 if it never
 * had one.  For a stage-2 change, the one to invalidate (with 0, no TLB
 * holds any of its entries).  Read under vmid_lock, after the caller's dsb made the
 * table change visible: by invariant 2 every entry of the VM is tagged
 * with this index, whatever its generation; an index that moved on to
 * another VM after a rollover only costs that VM a refill.  If the VM
 * takes a new index after this read, its walks already see the change.
 */
u64 avcpu_vmid_current(atomic64_t *id)
{
	unsigned long flags;
	u64 vmid;

	raw_spin_lock_irqsave(&vmid_lock, flags);
	vmid = atomic64_read(id);
	raw_spin_unlock_irqrestore(&vmid_lock, flags);
	return vmid & VMID_IDX_MASK;
}

unsigned int avcpu_vmid_bits(void)
{
	return vmid_bits;
}

static int vmid_show(struct seq_file *m, void *v)
{
	unsigned long flags;
	u64 gen, rollovers, allocs, flushes;
	bool pending;

	raw_spin_lock_irqsave(&vmid_lock, flags);
	gen = atomic64_read(&vmid_generation) >> vmid_bits;
	rollovers = vmid_rollovers;
	allocs = vmid_allocs;
	flushes = vmid_flushes;
	pending = vmid_flush_pending;
	raw_spin_unlock_irqrestore(&vmid_lock, flags);
	seq_printf(m, "bits %u\nlimit %u\ngeneration %llu\nrollovers %llu\nallocs %llu\nflushes %llu\nflush_pending %d\n",
		   vmid_bits, vmid_nr() - 1, gen, rollovers, allocs, flushes,
		   pending);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmid);

int avcpu_vmid_init(void)
{
	u64 mmfr1 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR1_EL1);

	/* 16-bit VMIDs where every CPU has them (VTCR_EL2.VS, el2.c). */
	vmid_bits = get_vmid_bits(mmfr1);
	/* A rollover must leave an index free beside one per CPU. */
	if ((1U << vmid_bits) - 1 <= num_possible_cpus()) {
		pr_err("%u-bit VMIDs are too few for %u CPUs\n", vmid_bits,
		       num_possible_cpus());
		return -ENODEV;
	}
	atomic64_set(&vmid_generation, VMID_FIRST_VERSION);
	vmid_map = bitmap_zalloc(VMID_FIRST_VERSION, GFP_KERNEL);
	if (!vmid_map)
		return -ENOMEM;
	return 0;
}

/* After avcpu_stats_init(): the file goes in its debugfs directory. */
void avcpu_vmid_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup("avcpu", NULL);

	if (IS_ERR_OR_NULL(dir))
		return;
	debugfs_create_file("vmid", 0400, dir, NULL, &vmid_fops);
	dput(dir);
}

void avcpu_vmid_exit(void)
{
	bitmap_free(vmid_map);
	vmid_map = NULL;
}
