// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: guest memory objects ("VMs"): pinned user pages mapped into a
 * stage-2 table that has its own VMID.
 *
 * Cache and TLB maintenance, and why each step is needed, is written next
 * to the code and summarised in Documentation/avcpu.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "idregs.h"
#include "psci.h"
#include "region_tree.h"
#include "timer.h"
#include "vgic.h"

/* Stage-2 descriptors, 4 KiB granule (ARM DDI 0487, D8.3). */
#define S2_VALID		BIT(0)
#define S2_TABLE		(BIT(0) | BIT(1))	/* table, or L3 page */
#define S2_MEMATTR_NORMAL_WB	(0xfUL << 2)	/* outer and inner WB */
#define S2_MEMATTR_FWB_WB	(0x6UL << 2)	/* HCR_EL2.FWB: force WB */
#define S2_AP_R			BIT(6)
#define S2_AP_W			BIT(7)
#define S2_SH_INNER		(BIT(9) | BIT(8))
#define S2_AF			BIT(10)
#define S2_XN			BIT(54)
#define S2_ADDR_MASK		GENMASK_ULL(47, 12)
#define S2_START_SHIFT		30	/* level 1: 512 x 1 GiB */

/*
 * Loops over a region's pages reschedule once per this many pages (one
 * level-3 table): a 512 MiB region is 131072 pages, far more than a
 * watchdog period of work on a slow CPU.
 */
#define AVCPU_RESCHED_PAGES	512

/*
 * FEAT_S2FWB on every CPU: stage 2 then forces the guest's memory to be
 * write-back cacheable whatever its own stage 1 says, so the guest never
 * sees memory behind the host's dirty cache lines (KVM: ARM64_HAS_STAGE2_FWB
 * and MT_S2_FWB_NORMAL).  lib/vcpu.c sets HCR_EL2.FWB for these VMs.
 */
bool avcpu_s2_fwb(void)
{
	return cpus_have_final_cap(ARM64_HAS_STAGE2_FWB);
}

struct avcpu_region {
	struct avcpu_rnode node;	/* gpa = node.start, size = node.size */
	u64 uaddr;
	u32 flags;
	unsigned long npages;
	struct page **pages;
};

struct avcpu_vm {
	struct kref ref;
	struct mutex lock;		/* regions and stage-2 table */
	struct mm_struct *mm;		/* creator; memlock is charged here */
	u64 *pgd;			/* stage-2 level-1 table */
	struct list_head tables;	/* its pages, via page->lru */
	struct avcpu_rtree regions;	/* struct avcpu_region by gpa */
	atomic64_t vmid;		/* generation | VMID: vmid.c */
	struct xarray vcpu_ids;		/* vcpu_id -> in use */
	struct avcpu_vm_psci psci;	/* power states, SMCCC filter */
	struct avcpu_vm_idregs idregs;	/* the ID registers (idregs.c) */
	struct avcpu_vgic *vgic;	/* AVCPU_CREATE_IRQCHIP (vgic.c) */
	u64 cntvoff;			/* every vCPU's CNTVOFF_EL2 */
};

/* The VM's irqchip, or NULL: set once, before any vCPU runs. */
struct avcpu_vgic *avcpu_vm_vgic(struct avcpu_vm *vm)
{
	/* Pairs with avcpu_vm_set_vgic(): the irqchip is whole. */
	return smp_load_acquire(&vm->vgic);
}

void avcpu_vm_set_vgic(struct avcpu_vm *vm, struct avcpu_vgic *d)
{
	/* The irqchip's state is initialised before it can be seen. */
	smp_store_release(&vm->vgic, d);
}

/*
 * One virtual counter for the whole VM (booting.rst: CNTVOFF the same on
 * every CPU).  Loaded into each vCPU's frame at its every entry, so a
 * change made through one vCPU reaches the others at their next entry.
 */
u64 avcpu_vm_cntvoff(struct avcpu_vm *vm)
{
	return READ_ONCE(vm->cntvoff);
}

void avcpu_vm_set_cntvoff(struct avcpu_vm *vm, u64 cntvoff)
{
	WRITE_ONCE(vm->cntvoff, cntvoff);
}

struct avcpu_vm_psci *avcpu_vm_psci(struct avcpu_vm *vm)
{
	return &vm->psci;
}

struct avcpu_vm_idregs *avcpu_vm_idregs(struct avcpu_vm *vm)
{
	return &vm->idregs;
}

/* Claim @id for a new vCPU: -EEXIST if another vCPU has it. */
int avcpu_vm_claim_vcpu_id(struct avcpu_vm *vm, u32 id)
{
	int ret = xa_insert(&vm->vcpu_ids, id, xa_mk_value(1), GFP_KERNEL);

	return ret == -EBUSY ? -EEXIST : ret;
}

void avcpu_vm_release_vcpu_id(struct avcpu_vm *vm, u32 id)
{
	xa_erase(&vm->vcpu_ids, id);
}

static const struct file_operations avcpu_vm_fops;

struct avcpu_vm *avcpu_vm_from_file(struct file *file)
{
	return file->f_op == &avcpu_vm_fops ? file->private_data : NULL;
}

void avcpu_vm_get(struct avcpu_vm *vm)
{
	kref_get(&vm->ref);
}

/*
 * The stage-2 root with the VM's VMID as it is now: 0 before its first
 * entry, and any entry may change it (vmid.c).
 */
u64 avcpu_vm_vttbr(struct avcpu_vm *vm)
{
	return (avcpu_vmid_current(&vm->vmid) << 48) | virt_to_phys(vm->pgd);
}

/*
 * The VTTBR_EL2 for an entry on this CPU now, preemption disabled until
 * the guest exits: the VMID is of the current generation (vmid.c).
 */
u64 avcpu_vm_vttbr_update(struct avcpu_vm *vm)
{
	return (avcpu_vmid_update(&vm->vmid) << 48) | virt_to_phys(vm->pgd);
}

/*
 * Invalidate the VM's stage-1+2 translations on every CPU, completed
 * before return; the caller has cleared entries and made the stores
 * visible (dsb ishst).  vmid.c explains why the VM's present VMID is the
 * only one that can hold its entries, whatever rollovers happened; a VM
 * that never ran has none.
 */
static void s2_flush(struct avcpu_vm *vm)
{
	u64 vmid = avcpu_vmid_current(&vm->vmid);

	if (vmid)
		avcpu_el2_s2_flush((vmid << 48) | virt_to_phys(vm->pgd));
}

/* VM and vCPU fds work only in the process that created them. */
bool avcpu_vm_owned(struct avcpu_vm *vm)
{
	return current->mm == vm->mm;
}

static u64 *s2_table_alloc(struct avcpu_vm *vm)
{
	struct page *page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!page)
		return NULL;
	list_add(&page->lru, &vm->tables);
	return page_address(page);
}

/*
 * The level-3 entry for @ipa, allocating tables on the way if @alloc.
 * Tables are written through the kernel's cacheable mapping and walked
 * with VTCR_EL2 saying inner-shareable write-back: coherent.  A new table
 * entry goes from invalid to valid, which needs no TLB invalidation.
 */
static u64 *s2_pte(struct avcpu_vm *vm, u64 ipa, bool alloc)
{
	u64 *table = vm->pgd;
	int shift;

	for (shift = S2_START_SHIFT; shift > PAGE_SHIFT; shift -= 9) {
		u64 *entry = &table[(ipa >> shift) & 511];

		if (!(READ_ONCE(*entry) & S2_VALID)) {
			u64 *next;

			if (!alloc)
				return NULL;
			next = s2_table_alloc(vm);
			if (!next)
				return NULL;
			/*
			 * The zeroed table must be visible to every CPU's
			 * walker before the entry that links it: a vCPU of
			 * this VM may be walking right now.
			 */
			dsb(ishst);
			WRITE_ONCE(*entry, virt_to_phys(next) | S2_TABLE);
		}
		table = phys_to_virt(READ_ONCE(*entry) & S2_ADDR_MASK);
	}
	return &table[(ipa >> PAGE_SHIFT) & 511];
}

static void s2_unmap_region(struct avcpu_vm *vm, struct avcpu_region *r)
{
	unsigned long i;

	for (i = 0; i < r->npages; i++) {
		u64 *pte = s2_pte(vm, r->node.start + i * PAGE_SIZE, false);

		if (pte)
			WRITE_ONCE(*pte, 0);
		if (!((i + 1) % AVCPU_RESCHED_PAGES))
			cond_resched();
	}
	/*
	 * Entries cleared: invalidate this VMID's translations on every CPU
	 * and wait for that (dsb ish at EL2) before the caller unpins a
	 * single page, so no guest access can reach a page after it was
	 * given back to the host.  (A vCPU running meanwhile may still use
	 * an old translation until the flush; the pages are pinned until
	 * then.)
	 */
	dsb(ishst);
	s2_flush(vm);
}

/* Unpin in chunks, rescheduling between them. */
static void region_unpin(struct avcpu_region *r, unsigned long npages,
			 bool dirty)
{
	unsigned long i, n;

	for (i = 0; i < npages; i += n) {
		n = min_t(unsigned long, npages - i, AVCPU_RESCHED_PAGES);
		unpin_user_pages_dirty_lock(r->pages + i, n, dirty);
		cond_resched();
	}
}

static void region_release(struct avcpu_vm *vm, struct avcpu_region *r)
{
	region_unpin(r, r->npages, !(r->flags & AVCPU_MEM_READONLY));
	account_locked_vm(vm->mm, r->npages, false);
	kvfree(r->pages);
	kfree(r);
}

static int region_add(struct avcpu_vm *vm, const struct avcpu_memory_region *m)
{
	bool writable = !(m->flags & AVCPU_MEM_READONLY);
	unsigned long npages = m->size >> PAGE_SHIFT;
	struct avcpu_region *r;
	unsigned long i;
	u64 prot;
	long got;
	int ret;

	/*
	 * More pages than the machine has can never be pinned: refuse them
	 * before anything is allocated in proportion (root is not charged
	 * RLIMIT_MEMLOCK below, and a page array beyond what kvmalloc
	 * serves would log an allocation-failure report).
	 */
	if (npages > totalram_pages())
		return -ENOMEM;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->node.start = m->guest_phys_addr;
	r->node.size = m->size;
	/* O(log n) under vm->lock; links the node only if it fits. */
	ret = avcpu_rtree_insert(&vm->regions, &r->node);
	if (ret) {
		kfree(r);
		return ret;
	}
	r->uaddr = m->userspace_addr;
	r->flags = m->flags;
	r->npages = npages;
	/* Charge RLIMIT_MEMLOCK before allocating anything in proportion. */
	ret = account_locked_vm(vm->mm, r->npages, true);
	if (ret)
		goto err_free;
	/* Failure is reported to the caller (ENOMEM), not to the log. */
	r->pages = kvmalloc_array(r->npages, sizeof(*r->pages),
				  GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	ret = -ENOMEM;
	if (!r->pages)
		goto err_unaccount;
	/*
	 * Long-term pins; for write only from a writable mapping, so a
	 * read-only mapping (of a file, say) can never become guest
	 * writable.  In chunks: the lockless part of GUP walks a whole call
	 * with interrupts off.
	 */
	for (i = 0; i < r->npages; i += got) {
		unsigned long n = min_t(unsigned long, r->npages - i,
					AVCPU_RESCHED_PAGES);

		got = pin_user_pages_fast(r->uaddr + i * PAGE_SIZE, n,
					  FOLL_LONGTERM |
					  (writable ? FOLL_WRITE : 0),
					  r->pages + i);
		if (got <= 0) {
			region_unpin(r, i, false);
			ret = got < 0 ? got : -EFAULT;
			goto err_unaccount;
		}
		cond_resched();
	}

	/*
	 * The guest may run with its MMU or caches off and then reads
	 * memory directly: push what the host wrote through its cacheable
	 * mapping to PoC before the page becomes guest-visible, then drop
	 * stale I-cache lines for it on all CPUs.
	 */
	for (i = 0; i < r->npages; i++) {
		avcpu_dcache_clean_inval_poc(page_address(r->pages[i]),
					     PAGE_SIZE);
		if (!((i + 1) % AVCPU_RESCHED_PAGES))
			cond_resched();
	}
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);

	prot = S2_TABLE | S2_AF | S2_SH_INNER | S2_AP_R |
	       (avcpu_s2_fwb() ? S2_MEMATTR_FWB_WB : S2_MEMATTR_NORMAL_WB);
	if (writable)
		prot |= S2_AP_W;
	if (m->flags & AVCPU_MEM_NOEXEC)
		prot |= S2_XN;
	for (i = 0; i < r->npages; i++) {
		u64 *pte = s2_pte(vm, r->node.start + i * PAGE_SIZE, true);

		if (!pte) {
			r->npages = i;	/* what is mapped so far */
			s2_unmap_region(vm, r);
			r->npages = npages;
			ret = -ENOMEM;
			goto err_unpin;
		}
		WRITE_ONCE(*pte, page_to_phys(r->pages[i]) | prot);
		if (!((i + 1) % AVCPU_RESCHED_PAGES))
			cond_resched();
	}
	/* New entries visible to every CPU's walker before RUN uses them. */
	dsb(ishst);
	return 0;

err_unpin:
	region_unpin(r, r->npages, false);
err_unaccount:
	account_locked_vm(vm->mm, r->npages, false);
err_free:
	avcpu_rtree_erase(&vm->regions, &r->node);
	kvfree(r->pages);
	kfree(r);
	return ret;
}

static int region_remove(struct avcpu_vm *vm, u64 gpa)
{
	struct avcpu_rnode *n = avcpu_rtree_find(&vm->regions, gpa);
	struct avcpu_region *r;

	if (!n)
		return -ENOENT;
	r = container_of(n, struct avcpu_region, node);
	avcpu_rtree_erase(&vm->regions, n);
	s2_unmap_region(vm, r);
	region_release(vm, r);
	return 0;
}

static long avcpu_vm_set_region(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_memory_region m;
	int ret;

	if (copy_from_user(&m, arg, sizeof(m)))
		return -EFAULT;
	if (m.reserved || (m.flags & ~(AVCPU_MEM_READONLY | AVCPU_MEM_NOEXEC)))
		return -EINVAL;
	if (!PAGE_ALIGNED(m.guest_phys_addr) || !PAGE_ALIGNED(m.size) ||
	    !PAGE_ALIGNED(m.userspace_addr))
		return -EINVAL;
	if (m.guest_phys_addr >= BIT_ULL(AVCPU_IPA_BITS) ||
	    m.size > BIT_ULL(AVCPU_IPA_BITS) - m.guest_phys_addr)
		return -EINVAL;

	mutex_lock(&vm->lock);
	if (!m.size) {
		ret = region_remove(vm, m.guest_phys_addr);
	} else if (m.userspace_addr + m.size < m.userspace_addr ||
		   !access_ok(u64_to_user_ptr(m.userspace_addr), m.size)) {
		ret = -EFAULT;
	} else {
		ret = region_add(vm, &m);
	}
	mutex_unlock(&vm->lock);
	return ret;
}

static void avcpu_vm_free(struct kref *ref)
{
	struct avcpu_vm *vm = container_of(ref, struct avcpu_vm, ref);
	struct avcpu_region *r, *tmp;
	struct page *page, *ptmp;

	/*
	 * Nothing runs on this VM any more (every vCPU held a reference).
	 * Flush the VMID once, everywhere, before any page is unpinned and
	 * before the VMID can be handed to another VM.
	 */
	memset(vm->pgd, 0, PAGE_SIZE);
	dsb(ishst);
	s2_flush(vm);
	rbtree_postorder_for_each_entry_safe(r, tmp, &vm->regions.root,
					     node.rb)
		region_release(vm, r);
	list_for_each_entry_safe(page, ptmp, &vm->tables, lru) {
		list_del(&page->lru);
		__free_page(page);
		cond_resched();
	}
	/*
	 * The VMID is not given back: its index stays taken until the next
	 * rollover, whose flush of every VMID precedes any reuse (vmid.c).
	 */
	xa_destroy(&vm->vcpu_ids);
	if (vm->vgic)
		avcpu_vgic_destroy(vm->vgic);
	mmdrop(vm->mm);
	kfree(vm);
	avcpu_el2_guest_live(false);
	module_put(THIS_MODULE);
}

void avcpu_vm_put(struct avcpu_vm *vm)
{
	kref_put(&vm->ref, avcpu_vm_free);
}

static long avcpu_vm_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct avcpu_vm *vm = file->private_data;
	void __user *uarg = u64_to_user_ptr((u64)arg);

	if (!avcpu_vm_owned(vm))
		return -EIO;
	switch (cmd) {
	case AVCPU_SET_MEMORY_REGION:
		return avcpu_vm_set_region(vm, uarg);
	case AVCPU_CREATE_VCPU:
		return avcpu_vcpu_create(vm, uarg);
	case AVCPU_SET_SMCCC_FILTER:
		return avcpu_smccc_set_filter(vm, uarg);
	case AVCPU_GET_ID_REGS:
		return avcpu_idregs_get(vm, uarg);
	case AVCPU_SET_ID_REGS:
		return avcpu_idregs_set(vm, uarg);
	case AVCPU_CREATE_IRQCHIP:
		return avcpu_vgic_create(vm, uarg);
	case AVCPU_IRQ_LINE:
		return avcpu_vgic_irq_line(vm, uarg);
	default:
		return -ENOTTY;
	}
}

static int avcpu_vm_release(struct inode *inode, struct file *file)
{
	avcpu_vm_put(file->private_data);
	return 0;
}

static const struct file_operations avcpu_vm_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= avcpu_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= avcpu_vm_release,
	.llseek		= noop_llseek,
};

int avcpu_vm_create(void)
{
	struct avcpu_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->tables);
	vm->regions = AVCPU_RTREE_INIT;
	xa_init(&vm->vcpu_ids);
	avcpu_psci_vm_init(&vm->psci);
	avcpu_idregs_vm_init(&vm->idregs);
	/* The guest's virtual counter starts at zero, now. */
	vm->cntvoff = avcpu_timer_count();
	/* No VMID yet: the first entry allocates one (vmid.c). */
	atomic64_set(&vm->vmid, 0);
	vm->pgd = s2_table_alloc(vm);
	if (!vm->pgd) {
		kfree(vm);
		return -ENOMEM;
	}
	vm->mm = current->mm;
	mmgrab(vm->mm);
	/*
	 * EL2 stays pinned while any VM exists: its stage-2 flushes need a
	 * CPU that runs avcpu's EL2, and no other owner may inherit TLB
	 * entries of its VMID.
	 */
	avcpu_el2_guest_live(true);
	/* The VM's memory outlives its fd while vCPUs hold it: pin us. */
	__module_get(THIS_MODULE);

	ret = anon_inode_getfd("avcpu-vm", &avcpu_vm_fops, vm,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		avcpu_vm_put(vm);
	return ret;
}

/*
 * Clean and invalidate all of a VM's memory to PoC: the guest turned its
 * MMU and caches on or off, or cleaned by set/way, with no FEAT_S2FWB
 * (KVM's stage2_flush_vm()).  Before the switch, lines the guest wrote
 * with caches on must reach memory it will read uncached; after it, no
 * stale line may hide what it wrote uncached.
 */
void avcpu_vm_flush_dcache(struct avcpu_vm *vm)
{
	struct avcpu_region *r;
	struct rb_node *n;
	unsigned long i;

	mutex_lock(&vm->lock);
	for (n = rb_first(&vm->regions.root); n; n = rb_next(n)) {
		r = container_of(n, struct avcpu_region, node.rb);
		for (i = 0; i < r->npages; i++) {
			avcpu_dcache_clean_inval_poc(page_address(r->pages[i]),
						     PAGE_SIZE);
			cond_resched();
		}
	}
	mutex_unlock(&vm->lock);
}
