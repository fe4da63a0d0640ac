// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: take EL2 from the kernel's hyp stub on every CPU and give it back.
 *
 * The EL2 image (lib/) is copied to contiguous pages and relocated to its
 * physical address; EL2's own stage-1 tables map it, and each CPU's
 * struct avcpu_hyp_percpu and stack, at VA == PA.  Each CPU enters the
 * image through the stub's HVC_SOFT_RESTART, which learns the stub's
 * vectors from VBAR_EL2: no kernel symbol, no kernel patch.
 *
 * Cache and TLB maintenance, and why each step is needed, is written next
 * to the code and summarised in Documentation/avcpu.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpu_pm.h>
#include <linux/debugfs.h>
#include <linux/elf.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmstat.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "avcpu_el2_syms.h"

extern const char avcpu_el2_image[], avcpu_el2_image_end[];

/* Stage-1 descriptors of the EL2 translation regime (4 KiB granule). */
#define EL2_PTE_VALID		BIT(0)
#define EL2_PTE_TABLE		(BIT(0) | BIT(1))	/* table or L3 page */
#define EL2_PTE_ATTR_NORMAL	0			/* MAIR_EL2 index 0 */
#define EL2_PTE_AP_RW		BIT(6)			/* AP[1] is RES1 */
#define EL2_PTE_AP_RO		(BIT(7) | BIT(6))
#define EL2_PTE_SH_INNER	(BIT(9) | BIT(8))
#define EL2_PTE_AF		BIT(10)
#define EL2_PTE_XN		BIT(54)
#define EL2_PTE_ADDR_MASK	GENMASK_ULL(47, 12)

#define EL2_PAGE_COMMON	(EL2_PTE_TABLE | EL2_PTE_ATTR_NORMAL | \
			 EL2_PTE_SH_INNER | EL2_PTE_AF)
#define EL2_PAGE_RX	(EL2_PAGE_COMMON | EL2_PTE_AP_RO)
#define EL2_PAGE_RO	(EL2_PAGE_COMMON | EL2_PTE_AP_RO | EL2_PTE_XN)
#define EL2_PAGE_RW	(EL2_PAGE_COMMON | EL2_PTE_AP_RW | EL2_PTE_XN)

/* TCR_EL2 (E2H == 0): 48-bit VA, 4 KiB granule, walks write-back. */
#define EL2_TCR_T0SZ		(64 - 48)
#define EL2_TCR_IRGN0_WBWA	BIT(8)
#define EL2_TCR_ORGN0_WBWA	BIT(10)
#define EL2_TCR_SH0_INNER	(BIT(13) | BIT(12))
#define EL2_TCR_PS_SHIFT	16
#define EL2_TCR_RES1		(BIT(31) | BIT(23))
#define EL2_VA_BITS		48

struct avcpu_el2_cpu {
	struct page *pages;		/* AVCPU_HYP_PERCPU_ORDER */
	struct avcpu_hyp_percpu *hyp;	/* kernel VA of the same memory */
	bool wanted;			/* online: should run avcpu's EL2 */
	bool pm_down;			/* given back for CPU PM */
};

static struct {
	struct page *image;
	unsigned int image_order;
	phys_addr_t image_pa;
	u64 *pgd;
	phys_addr_t pgd_pa;
	u64 tcr;
	u64 vtcr;			/* stage 2 of every VM */
	phys_addr_t pa_limit;
	struct list_head tables;	/* page-table pages, via page->lru */
	unsigned long nr_tables;	/* on that list; el2_map_lock */
	struct avcpu_el2_cpu *cpus;	/* [nr_cpu_ids] */
	int hp_state;
	bool stuck;			/* a CPU kept our EL2: never free */
	bool rebooting;			/* pins lifted for kexec/reboot */
} el2;

/*
 * pin_el2: refuse the host's hyp-stub takeover calls (HVC_SET_VECTORS,
 * HVC_SOFT_RESTART, HVC_RESET_VECTORS) even while no vCPU exists, so that
 * e.g. a KVM booted with kvm.enable_virt_at_load=0 cannot take EL2 from
 * avcpu.  The pin is lifted when the machine reboots or kexecs
 * (el2_reboot_notify()): the kernel ignores a refused HVC_SOFT_RESTART and
 * would start the next kernel with avcpu's EL2 still in its free memory.
 */
static bool pin_el2;
static DEFINE_MUTEX(el2_pin_lock);
static unsigned int el2_guests_live;	/* VMs and vCPUs; el2_pin_lock */
static DEFINE_MUTEX(el2_map_lock);	/* EL2 page-table changes */

static void el2_apply_pin(void)
{
	unsigned int cpu;

	lockdep_assert_held(&el2_pin_lock);
	if (!el2.cpus)
		return;
	/* EL2 reads the flag with its MMU on: coherent, a plain store. */
	for_each_possible_cpu(cpu)
		if (el2.cpus[cpu].hyp)
			WRITE_ONCE(el2.cpus[cpu].hyp->pinned,
				   (pin_el2 || el2_guests_live) &&
				   !el2.rebooting);
}

/*
 * EL2 is pinned while any VM or vCPU exists: a host stub call must not take
 * EL2 from under a guest, nor from a VM whose TLB entries still need
 * avcpu's flushes.
 */
void avcpu_el2_guest_live(bool live)
{
	mutex_lock(&el2_pin_lock);
	if (live)
		el2_guests_live++;
	else
		el2_guests_live--;
	el2_apply_pin();
	mutex_unlock(&el2_pin_lock);
}

/* Reboot, halt or kexec: whatever stub call comes next must be honoured. */
static int el2_reboot_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	mutex_lock(&el2_pin_lock);
	el2.rebooting = true;
	el2_apply_pin();
	mutex_unlock(&el2_pin_lock);
	return NOTIFY_DONE;
}

static struct notifier_block el2_reboot_nb = {
	.notifier_call = el2_reboot_notify,
};

static int pin_el2_set(const char *val, const struct kernel_param *kp)
{
	int ret;

	mutex_lock(&el2_pin_lock);
	ret = param_set_bool(val, kp);
	if (!ret)
		el2_apply_pin();
	mutex_unlock(&el2_pin_lock);
	return ret;
}

static const struct kernel_param_ops pin_el2_ops = {
	.set = pin_el2_set,
	.get = param_get_bool,
};
module_param_cb(pin_el2, &pin_el2_ops, &pin_el2, 0644);
MODULE_PARM_DESC(pin_el2, "Refuse host hyp-stub calls that would take EL2 from avcpu (default: N)");

/*
 * Clean and invalidate [start, start + size) to the point of coherency.
 * Used for everything EL2 reads with its MMU off, where it bypasses the
 * caches.  The kernel's dcache_clean_inval_poc() is not exported.
 */
void avcpu_dcache_clean_inval_poc(const void *start, size_t size)
{
	/*
	 * Step by the smallest D-cache line of any CPU (CTR_EL0.DminLine,
	 * bits [19:16]: log2 of the line in words),
	 * not cache_line_size(), which is the writeback granule and may be
	 * larger: a larger step would skip lines.
	 */
	u64 ctr = read_sanitised_ftr_reg(SYS_CTR_EL0);
	unsigned long line = 4UL << cpuid_feature_extract_unsigned_field(ctr, 16);
	unsigned long p = (unsigned long)start & ~(line - 1);
	unsigned long end = (unsigned long)start + size;

	for (; p < end; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	/* Complete the maintenance before anyone relies on it. */
	dsb(sy);
}

/*
 * A zeroed page-table page.  @gfp is GFP_KERNEL_ACCOUNT when a task causes
 * the allocation (a vCPU's page shared with EL2): the table is charged to
 * that task's memory cgroup, as KVM charges its stage-2 tables.  The
 * tables that map the image and the per-CPU pages live as long as the
 * module and are not charged to whoever ran insmod.  All are counted as
 * secondary page tables ("SecPageTables" in /proc/meminfo,
 * "sec_pagetables" in memory.stat), as KVM counts its own.
 */
static u64 *el2_table_alloc(gfp_t gfp)
{
	struct page *page = alloc_page(gfp | __GFP_ZERO);

	if (!page)
		return NULL;
	mod_lruvec_page_state(page, NR_SECONDARY_PAGETABLE, 1);
	list_add(&page->lru, &el2.tables);
	el2.nr_tables++;
	return page_address(page);
}

/* Uncounted before the page (and its memcg charge) goes. */
static void el2_table_free(struct page *page)
{
	list_del(&page->lru);
	mod_lruvec_page_state(page, NR_SECONDARY_PAGETABLE, -1);
	__free_page(page);
}

/* Index of @pa's entry in a table at @level (0 = TTBR0_EL2's table). */
static unsigned int el2_index(phys_addr_t pa, int level)
{
	return (pa >> (39 - 9 * level)) & 511;
}

/*
 * Map one page at VA == PA.  Page-table pages are written through the
 * kernel's cacheable linear map and EL2 walks them with TCR_EL2 saying
 * inner-shareable write-back, so no cache maintenance is needed, only a
 * dsb(ishst) before EL2 may walk them (el2_install_local()).
 */
static int el2_map_page(phys_addr_t pa, u64 prot, gfp_t gfp)
{
	u64 *table = el2.pgd;
	int level;

	lockdep_assert_held(&el2_map_lock);
	for (level = 0; level < 3; level++) {
		u64 *entry = &table[el2_index(pa, level)];

		if (!(READ_ONCE(*entry) & EL2_PTE_VALID)) {
			u64 *next = el2_table_alloc(gfp);

			if (!next)
				return -ENOMEM;
			/* Zeroed table visible before it is linked. */
			dsb(ishst);
			WRITE_ONCE(*entry, virt_to_phys(next) | EL2_PTE_TABLE);
		}
		table = phys_to_virt(READ_ONCE(*entry) & EL2_PTE_ADDR_MASK);
	}
	WRITE_ONCE(table[el2_index(pa, 3)], pa | prot);
	return 0;
}

/* Module-lifetime mappings (image, per-CPU pages), at init. */
static int el2_map(phys_addr_t pa, size_t size, u64 prot)
{
	phys_addr_t end = pa + size;
	int ret = 0;

	if (end > el2.pa_limit) {
		pr_err("memory at %pa is beyond EL2's %u-bit identity map\n",
		       &pa, ilog2(el2.pa_limit));
		return -ERANGE;
	}
	mutex_lock(&el2_map_lock);
	/* One 4 KiB entry per page: avcpu_check_page_size() holds. */
	for (; pa < end && !ret; pa += PAGE_SIZE)
		ret = el2_map_page(pa, prot, GFP_KERNEL);
	mutex_unlock(&el2_map_lock);
	return ret;
}

static bool el2_table_empty(const u64 *table)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		if (READ_ONCE(table[i]))
			return false;
	return true;
}

static unsigned long el2_call_any_cpu(unsigned long fn, unsigned long arg);

/*
 * Remove @pa's entry, and every table on its path that this leaves empty
 * (never the level-0 table), then free those tables.
 *
 * Freeing a table needs more than the leaf's invalidation: any CPU's walk
 * cache may hold the table descriptors that led to it (and its entries),
 * and a walk, speculative or not, through a cached descriptor would read
 * the freed page once the kernel reuses it, as page-table entries.  The
 * descriptors are cleared first, bottom up; the dsb(ishst) makes the
 * zeros visible to every walker; then EL2 issues TLBI VAE2IS for @pa
 * (hc_el2_unmap()).  A TLBI by VA, unlike its last-level form VALE2IS,
 * removes the cached entries of *every* level used to translate that VA,
 * and each freed table was reached only through the descriptors on @pa's
 * path, so this one TLBI covers them all; its dsb(ish) waits until every
 * CPU has dropped them and finished any walk that used them.  Only then
 * are the pages freed.  When no CPU runs avcpu's EL2 no walker uses these
 * tables, and a CPU that installs again starts with tlbi alle2.
 */
static void el2_unmap_page(phys_addr_t pa)
{
	u64 *path[4] = { el2.pgd };
	struct page *page, *tmp;
	LIST_HEAD(freed);
	int level;

	lockdep_assert_held(&el2_map_lock);
	for (level = 0; level < 3; level++) {
		u64 entry = READ_ONCE(path[level][el2_index(pa, level)]);

		if (!(entry & EL2_PTE_VALID))
			break;
		path[level + 1] = phys_to_virt(entry & EL2_PTE_ADDR_MASK);
	}
	if (level == 3)
		WRITE_ONCE(path[3][el2_index(pa, 3)], 0);
	for (; level > 0 && el2_table_empty(path[level]); level--) {
		WRITE_ONCE(path[level - 1][el2_index(pa, level - 1)], 0);
		list_move(&virt_to_page(path[level])->lru, &freed);
		el2.nr_tables--;
	}
	dsb(ishst);
	if (el2_call_any_cpu(AVCPU_HC_EL2_UNMAP, pa) != AVCPU_HC_OK) {
		/* No CPU runs avcpu's EL2: nobody can use the entry. */
		pr_debug("EL2 unmap of %pa: no CPU runs avcpu\n", &pa);
	}
	list_for_each_entry_safe(page, tmp, &freed, lru)
		el2_table_free(page);
}

/*
 * Map one kernel page (a vCPU's EL2 state) into EL2, at VA == PA.  The
 * tables this needs are charged to the calling task's memory cgroup; they
 * are freed again when the last page they map is unshared.
 */
int avcpu_el2_share(void *va)
{
	phys_addr_t pa = virt_to_phys(va);
	int ret;

	if (pa + PAGE_SIZE > el2.pa_limit)
		return -ERANGE;
	mutex_lock(&el2_map_lock);
	ret = el2_map_page(pa, EL2_PAGE_RW, GFP_KERNEL_ACCOUNT);
	/* Tables linked before the failure may be empty: free them. */
	if (ret)
		el2_unmap_page(pa);
	mutex_unlock(&el2_map_lock);
	/* Another CPU's EL2 may walk the new entry next: complete it. */
	dsb(ishst);
	return ret;
}

/* Remove it again; the TLB invalidation at EL2 completes before return. */
void avcpu_el2_unshare(void *va)
{
	mutex_lock(&el2_map_lock);
	el2_unmap_page(virt_to_phys(va));
	mutex_unlock(&el2_map_lock);
}

/* debugfs avcpu/el2_table_pages: EL2 page-table pages in use now. */
static int el2_table_pages_get(void *data, u64 *val)
{
	mutex_lock(&el2_map_lock);
	*val = el2.nr_tables;
	mutex_unlock(&el2_map_lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(el2_table_pages_fops, el2_table_pages_get, NULL,
			 "%llu\n");

void avcpu_el2_debugfs_init(struct dentry *dir)
{
	debugfs_create_file_unsafe("el2_table_pages", 0400, dir, NULL,
				   &el2_table_pages_fops);
}

u64 avcpu_el2_vtcr(void)
{
	return el2.vtcr;
}

static int el2_load_image(void)
{
	size_t blob = avcpu_el2_image_end - avcpu_el2_image;
	size_t size = AVCPU_EL2_SYM__hyp_end;
	const struct elf64_rela *rela, *rela_end;
	void *va;

	if (blob > size)
		return -ENOEXEC;
	el2.image_order = get_order(size);
	el2.image = alloc_pages(GFP_KERNEL | __GFP_ZERO, el2.image_order);
	if (!el2.image)
		return -ENOMEM;
	va = page_address(el2.image);
	el2.image_pa = page_to_phys(el2.image);
	memcpy(va, avcpu_el2_image, blob);

	rela = va + AVCPU_EL2_SYM__hyp_rela_start;
	rela_end = va + AVCPU_EL2_SYM__hyp_rela_end;
	for (; rela < rela_end; rela++) {
		if (ELF64_R_TYPE(rela->r_info) != R_AARCH64_RELATIVE ||
		    rela->r_offset > size - sizeof(u64))
			return -ENOEXEC;
		*(u64 *)(va + rela->r_offset) = el2.image_pa + rela->r_addend;
	}

	/*
	 * The install trampoline is fetched with EL2's MMU and caches off,
	 * straight from memory: push the copy to PoC.  Then drop every
	 * I-cache line that may hold older contents of these pages, on all
	 * CPUs (ic ialluis), before any CPU executes the image.
	 */
	avcpu_dcache_clean_inval_poc(va, size);
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();

	return el2_map(el2.image_pa, AVCPU_EL2_SYM__hyp_text_end, EL2_PAGE_RX) ?:
	       el2_map(el2.image_pa + AVCPU_EL2_SYM__hyp_text_end,
		       AVCPU_EL2_SYM__hyp_ro_end - AVCPU_EL2_SYM__hyp_text_end,
		       EL2_PAGE_RO) ?:
	       el2_map(el2.image_pa + AVCPU_EL2_SYM__hyp_ro_end,
		       size - AVCPU_EL2_SYM__hyp_ro_end, EL2_PAGE_RW);
}

static int el2_alloc_cpu(unsigned int cpu)
{
	struct avcpu_el2_cpu *c = &el2.cpus[cpu];
	phys_addr_t pa;
	int ret;

	c->pages = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO,
				    AVCPU_HYP_PERCPU_ORDER);
	if (!c->pages)
		return -ENOMEM;
	c->hyp = page_address(c->pages);
	pa = page_to_phys(c->pages);
	c->hyp->self = pa;
	/* The page between the struct and the stack stays unmapped: guard. */
	ret = el2_map(pa, PAGE_SIZE, EL2_PAGE_RW);
	if (!ret)
		ret = el2_map(pa + AVCPU_HYP_STACK_OFFSET,
			      AVCPU_HYP_PERCPU_SIZE - AVCPU_HYP_STACK_OFFSET,
			      EL2_PAGE_RW);
	return ret;
}

static void el2_free(void)
{
	struct page *page, *tmp;
	unsigned int cpu;

	if (el2.stuck) {
		/*
		 * Some CPU's EL2 may still run on these pages: leaking them
		 * is the only safe thing to do.
		 */
		pr_err("EL2 not given back on every CPU; leaking its memory\n");
		return;
	}
	if (el2.cpus) {
		for_each_possible_cpu(cpu)
			if (el2.cpus[cpu].pages)
				__free_pages(el2.cpus[cpu].pages,
					     AVCPU_HYP_PERCPU_ORDER);
		kfree(el2.cpus);
		el2.cpus = NULL;
	}
	list_for_each_entry_safe(page, tmp, &el2.tables, lru)
		el2_table_free(page);
	el2.nr_tables = 0;
	if (el2.image)
		__free_pages(el2.image, el2.image_order);
	el2.image = NULL;
}

static const char *el2_owner_name(unsigned long probe)
{
	if (probe == AVCPU_STUB_ERR)
		return "the kernel's hyp stub";
	if (probe == (unsigned long)-1L)
		return "KVM";
	if (probe == AVCPU_HYP_MAGIC)
		return "avcpu";
	return "an unknown hypervisor";
}

/* On the CPU itself, with preemption off. */
static int el2_install_local(void)
{
	unsigned int cpu = smp_processor_id();
	struct avcpu_el2_cpu *c = &el2.cpus[cpu];
	struct avcpu_hvc_res res;
	unsigned long probe;

	probe = avcpu_hvc0(AVCPU_HC_PROBE);
	if (probe == AVCPU_HYP_MAGIC)
		return 0;
	if (probe != AVCPU_STUB_ERR) {
		pr_err("CPU%u: EL2 is owned by %s, not the hyp stub\n",
		       cpu, el2_owner_name(probe));
		return -EBUSY;
	}
	/*
	 * EL2 walks our page tables and uses this CPU's percpu page as soon
	 * as its MMU is on: complete the linear-map stores first.
	 */
	dsb(ishst);
	avcpu_hvc(AVCPU_STUB_SOFT_RESTART,
		  el2.image_pa + AVCPU_EL2_SYM__avcpu_hyp_install,
		  c->hyp->self, el2.pgd_pa, el2.tcr, &res);
	if (res.a[0] == (unsigned long)AVCPU_HC_EL2_FAULT) {
		pr_err("CPU%u: exception at EL2 during install (ESR %#lx at %#lx); stub restored\n",
		       cpu, res.a[1], res.a[2]);
		return -EIO;
	}
	probe = avcpu_hvc0(AVCPU_HC_PROBE);
	if (res.a[0] || probe != AVCPU_HYP_MAGIC) {
		pr_err("CPU%u: install failed (%#lx), EL2 answers as %s\n",
		       cpu, res.a[0], el2_owner_name(probe));
		return -EIO;
	}
	return 0;
}

/* On the CPU itself.  A CPU whose EL2 was taken is left alone. */
static void el2_uninstall_local(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long probe = avcpu_hvc0(AVCPU_HC_PROBE);

	if (probe != AVCPU_HYP_MAGIC) {
		pr_info("CPU%u: EL2 already left avcpu (owner: %s)\n", cpu,
			el2_owner_name(probe));
		return;
	}
	if (avcpu_hvc0(AVCPU_HC_UNINSTALL) ||
	    avcpu_hvc0(AVCPU_HC_PROBE) != AVCPU_STUB_ERR) {
		pr_err("CPU%u: EL2 not given back to the stub\n", cpu);
		WRITE_ONCE(el2.stuck, true);
	}
}

static int el2_cpu_online(unsigned int cpu)
{
	int ret;

	preempt_disable();
	/*
	 * What EL2 mitigates on this CPU, read by the install itself.  Kept
	 * in the percpu page for the reinstalls after CPU PM, which happen
	 * on idle exits and should not ask the firmware again.
	 */
	el2.cpus[cpu].hyp->spec = avcpu_spec_this_cpu();
	ret = el2_install_local();
	preempt_enable();
	if (!ret) {
		el2.cpus[cpu].wanted = true;
		avcpu_spec_describe(cpu, el2.cpus[cpu].hyp->spec);
	}
	return ret;
}

/* Going offline: leave the stub behind, as the CPU will find it on return. */
static int el2_cpu_offline(unsigned int cpu)
{
	el2.cpus[cpu].wanted = false;
	preempt_disable();
	el2_uninstall_local();
	preempt_enable();
	return 0;
}

/*
 * CPU PM: a CPU that powers down in idle or suspend comes back through the
 * kernel's EL2 entry code, which reinstalls the stub.  As KVM does, give
 * EL2 back before going down and take it again on the way up, so that a
 * power-down that did not happen and one that did end the same way.
 * Called on the CPU itself with interrupts off.
 */
static int el2_cpu_pm_notify(struct notifier_block *nb, unsigned long cmd,
			     void *v)
{
	struct avcpu_el2_cpu *c = &el2.cpus[smp_processor_id()];

	switch (cmd) {
	case CPU_PM_ENTER:
		if (c->wanted && avcpu_hvc0(AVCPU_HC_PROBE) == AVCPU_HYP_MAGIC) {
			el2_uninstall_local();
			c->pm_down = true;
		}
		return NOTIFY_OK;
	case CPU_PM_ENTER_FAILED:
	case CPU_PM_EXIT:
		if (c->pm_down) {
			c->pm_down = false;
			if (el2_install_local())
				c->wanted = false;
		}
		return NOTIFY_OK;
	}
	return NOTIFY_DONE;
}

static struct notifier_block el2_cpu_pm_nb = {
	.notifier_call = el2_cpu_pm_notify,
};

/*
 * Who owns EL2?  Refuse, without touching EL2, when it is not the stub.
 * Each refusal names the boot parameter that would fix it.
 */
int avcpu_el2_check_owner(void)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);
	unsigned long probe;

	if (is_kernel_in_hyp_mode()) {
		pr_err("kernel runs at EL2 (VHE); boot with id_aa64mmfr1.vh=0 to leave EL2 to avcpu\n");
		return -ENODEV;
	}
	/* Without EL2 an hvc is UNDEFINED: it would oops this insmod. */
	if (!cpuid_feature_extract_unsigned_field(pfr0,
						  ID_AA64PFR0_EL1_EL2_SHIFT)) {
		pr_err("CPU has no EL2; boot the kernel at EL2 (QEMU: -M virt,virtualization=on)\n");
		return -ENODEV;
	}
	/*
	 * An id outside the stub's and KVM's ranges: the stub answers
	 * HVC_STUB_ERR, KVM (nVHE or protected) answers -1, and neither
	 * changes any state.
	 */
	probe = avcpu_hvc0(AVCPU_HC_PROBE);
	if (probe == (unsigned long)-1L) {
		pr_err("KVM owns EL2; boot with kvm-arm.mode=none to use avcpu\n");
		return -EBUSY;
	}
	if (probe != AVCPU_STUB_ERR) {
		pr_err("EL2 is owned by %s (probe answered %#lx); avcpu needs the kernel's hyp stub\n",
		       el2_owner_name(probe), probe);
		return probe == AVCPU_HYP_MAGIC ? -EBUSY : -ENODEV;
	}
	return 0;
}

/* exception.S addresses struct avcpu_hyp_percpu and the frame by offset. */
static void __init el2_check_layout(void)
{
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, host_frame) !=
		     HYP_PC_HOST_FRAME);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_vbar) !=
		     HYP_PC_STUB_VBAR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_sctlr) !=
		     HYP_PC_STUB_SCTLR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_tcr) !=
		     HYP_PC_STUB_TCR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_mair) !=
		     HYP_PC_STUB_MAIR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_ttbr0) !=
		     HYP_PC_STUB_TTBR0);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_tpidr) !=
		     HYP_PC_STUB_TPIDR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, stub_sp) !=
		     HYP_PC_STUB_SP);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, state) !=
		     HYP_PC_STATE);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, fault) !=
		     HYP_PC_FAULT);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, unexpected) !=
		     HYP_PC_UNEXPECTED);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_percpu, spec) != HYP_PC_SPEC);
	BUILD_BUG_ON(sizeof(struct avcpu_hyp_percpu) > AVCPU_HYP_GUARD_OFFSET);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_frame, new_vbar) !=
		     HYP_FRAME_NEW_VBAR);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_frame, elr) != HYP_FRAME_ELR);
	BUILD_BUG_ON(sizeof(struct avcpu_hyp_frame) != HYP_FRAME_SIZE);
}

int __init avcpu_el2_init(void)
{
	u64 mmfr0 = read_sanitised_ftr_reg(SYS_ID_AA64MMFR0_EL1);
	unsigned int parange, cpu;
	int ret;

	/* PS: the CPUs' PA size, capped at 48 bits (4 KiB granule, no LPA2). */
	parange = cpuid_feature_extract_unsigned_field(mmfr0, ID_AA64MMFR0_EL1_PARANGE_SHIFT);
	parange = min_t(unsigned int, 5, parange);
	el2.pa_limit = BIT_ULL(min_t(unsigned int, EL2_VA_BITS,
				     id_aa64mmfr0_parange_to_phys_shift(parange)));
	el2.tcr = EL2_TCR_RES1 | EL2_TCR_T0SZ | EL2_TCR_IRGN0_WBWA |
		  EL2_TCR_ORGN0_WBWA | EL2_TCR_SH0_INNER |
		  ((u64)parange << EL2_TCR_PS_SHIFT);
	/*
	 * Stage 2: a 39-bit IPA space starting at level 1 (T0SZ = 25,
	 * SL0 = 1), 4 KiB granule, walks inner-shareable write-back, PS the
	 * CPUs' PA size, and 16-bit VMIDs (VS = 1) where every CPU has them
	 * (driver/vmid.c hands out indices of that width).  A 39-bit IPA
	 * needs PS >= 40.
	 */
	if (parange < 2) {
		pr_err("PA size below 40 bits: no room for a 39-bit IPA space\n");
		return -ENODEV;
	}
	el2.vtcr = BIT(31) | (64 - AVCPU_IPA_BITS) | (1UL << 6) |
		   EL2_TCR_IRGN0_WBWA | EL2_TCR_ORGN0_WBWA | EL2_TCR_SH0_INNER |
		   ((u64)parange << EL2_TCR_PS_SHIFT);
	if (avcpu_vmid_bits() == 16)
		el2.vtcr |= BIT(19);	/* VTCR_EL2.VS */

	el2_check_layout();
	INIT_LIST_HEAD(&el2.tables);
	el2.cpus = kcalloc(nr_cpu_ids, sizeof(*el2.cpus), GFP_KERNEL);
	el2.pgd = el2.cpus ? el2_table_alloc(GFP_KERNEL) : NULL;
	if (!el2.pgd) {
		ret = -ENOMEM;
		goto err_free;
	}
	el2.pgd_pa = virt_to_phys(el2.pgd);

	ret = el2_load_image();
	if (ret)
		goto err_free;
	for_each_possible_cpu(cpu) {
		ret = el2_alloc_cpu(cpu);
		if (ret)
			goto err_free;
	}
	/*
	 * The tables and per-CPU pages were written on this CPU; EL2 walks
	 * and reads them on every CPU.  Complete the stores, inner-shareable,
	 * before any CPU is told to use them.
	 */
	dsb(ishst);

	mutex_lock(&el2_pin_lock);
	el2_apply_pin();
	mutex_unlock(&el2_pin_lock);

	ret = register_reboot_notifier(&el2_reboot_nb);
	if (ret)
		goto err_free;
	ret = cpu_pm_register_notifier(&el2_cpu_pm_nb);
	if (ret)
		goto err_reboot;

	/* Installs on every online CPU now, and on each CPU that comes up. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "avcpu/el2:online",
				el2_cpu_online, el2_cpu_offline);
	if (ret < 0)
		goto err_pm;
	el2.hp_state = ret;
	return 0;

err_pm:
	cpu_pm_unregister_notifier(&el2_cpu_pm_nb);
err_reboot:
	unregister_reboot_notifier(&el2_reboot_nb);
err_free:
	mutex_lock(&el2_pin_lock);
	el2_free();
	mutex_unlock(&el2_pin_lock);
	return ret;
}

void avcpu_el2_exit(void)
{
	cpu_pm_unregister_notifier(&el2_cpu_pm_nb);
	unregister_reboot_notifier(&el2_reboot_nb);
	/* Gives EL2 back on every online CPU (el2_cpu_offline()). */
	cpuhp_remove_state(el2.hp_state);
	mutex_lock(&el2_pin_lock);
	el2_free();
	mutex_unlock(&el2_pin_lock);
}

struct el2_call {
	unsigned long fn, arg, ret;
};

static void el2_call_local(void *data)
{
	struct el2_call *c = data;
	struct avcpu_hvc_res res;

	avcpu_hvc(c->fn, c->arg, 0, 0, 0, &res);
	c->ret = res.a[0];
}

/*
 * A host call whose effect is not tied to one CPU (broadcast TLB
 * maintenance): here if this CPU runs avcpu's EL2, else on the first
 * online CPU that does.
 */
static unsigned long el2_call_any_cpu(unsigned long fn, unsigned long arg)
{
	struct el2_call c = { .fn = fn, .arg = arg, .ret = AVCPU_STUB_ERR };
	unsigned int cpu;

	el2_call_local(&c);
	if (c.ret == AVCPU_HC_OK)
		return c.ret;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (!smp_call_function_single(cpu, el2_call_local, &c, 1) &&
		    c.ret == AVCPU_HC_OK)
			break;
	}
	cpus_read_unlock();
	return c.ret;
}

/*
 * Invalidate all translations of one VMID on every CPU, completed (dsb
 * ish at EL2) before this returns: after a stage-2 entry was cleared, and
 * before a VMID is reused.
 */
void avcpu_el2_s2_flush(u64 vttbr)
{
	if (el2_call_any_cpu(AVCPU_HC_S2_FLUSH, vttbr) != AVCPU_HC_OK)
		pr_debug("stage-2 flush: no CPU runs avcpu's EL2\n");
}

struct el2_query {
	struct avcpu_hvc_res res;
	unsigned long probe;
};

static void el2_query_local(void *arg)
{
	struct el2_query *q = arg;

	avcpu_hvc(AVCPU_HC_QUERY, 0, 0, 0, 0, &q->res);
	q->probe = avcpu_hvc0(AVCPU_HC_PROBE);
}

int avcpu_el2_query(unsigned int cpu, struct avcpu_el2_info *info, bool raw)
{
	struct avcpu_hyp_percpu *hyp;
	struct el2_query q;
	unsigned long sctlr;
	int ret;

	cpus_read_lock();
	if (!cpu_online(cpu)) {
		cpus_read_unlock();
		return -ENXIO;
	}
	ret = smp_call_function_single(cpu, el2_query_local, &q, 1);
	cpus_read_unlock();
	if (ret)
		return ret;

	hyp = el2.cpus[cpu].hyp;
	info->host_calls = READ_ONCE(hyp->host_calls);
	info->refused_calls = READ_ONCE(hyp->refused_calls);
	if (q.probe != AVCPU_HYP_MAGIC || q.res.a[0] != AVCPU_HC_OK) {
		if (READ_ONCE(hyp->state) == AVCPU_HYP_STATE_LOST) {
			info->state = AVCPU_EL2_STATE_LOST;
			info->lost_call = READ_ONCE(hyp->lost_call);
		} else {
			info->state = q.probe == AVCPU_STUB_ERR ?
				      AVCPU_EL2_STATE_STUB :
				      AVCPU_EL2_STATE_OTHER;
		}
		return 0;
	}

	info->state = AVCPU_EL2_STATE_AVCPU;
	sctlr = q.res.a[2];
	info->sctlr_el2 = sctlr;
	info->tcr_el2 = q.res.a[4];
	if (q.res.a[5] & AVCPU_HYP_Q_VBAR_OURS)
		info->flags |= AVCPU_EL2_VBAR_OURS;
	if (sctlr & SCTLR_ELx_M)
		info->flags |= AVCPU_EL2_MMU_ON;
	if (sctlr & SCTLR_ELx_C)
		info->flags |= AVCPU_EL2_DCACHE_ON;
	if (sctlr & SCTLR_ELx_I)
		info->flags |= AVCPU_EL2_ICACHE_ON;
	if (sctlr & SCTLR_ELx_WXN)
		info->flags |= AVCPU_EL2_WXN;
	info->flags |= avcpu_spec_info_flags(q.res.a[5]);
	if (raw) {
		info->flags |= AVCPU_EL2_RAW;
		info->vbar_el2 = q.res.a[1];
		info->ttbr0_el2 = q.res.a[3];
		info->stub_vbar = READ_ONCE(hyp->stub_vbar);
	}
	return 0;
}
