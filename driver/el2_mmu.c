// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: EL2's own stage-1 page tables.  Everything EL2 touches is mapped
 * at VA == PA: the image and each CPU's page and stack for the module's
 * life, each vCPU's page while the vCPU exists.  The tables a vCPU needs
 * are charged to its creator and freed when they empty.
 *
 * Cache and TLB maintenance, and why each step is needed, is written next
 * to the code and summarised in Documentation/avcpu.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/vmstat.h>
#include <asm/barrier.h>

#include "avcpu.h"
#include "el2.h"

static struct {
	u64 *pgd;			/* TTBR0_EL2's table */
	phys_addr_t pa_limit;		/* what the identity map can reach */
	struct list_head tables;	/* page-table pages, via page->lru */
	unsigned long nr_tables;	/* on that list; el2_map_lock */
} el2_mmu = { .tables = LIST_HEAD_INIT(el2_mmu.tables) };

static DEFINE_MUTEX(el2_map_lock);	/* EL2 page-table changes */

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
	list_add(&page->lru, &el2_mmu.tables);
	el2_mmu.nr_tables++;
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
	u64 *table = el2_mmu.pgd;
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
int avcpu_el2_map(phys_addr_t pa, size_t size, u64 prot)
{
	phys_addr_t end = pa + size;
	int ret = 0;

	if (end > el2_mmu.pa_limit) {
		pr_err("memory at %pa is beyond EL2's %u-bit identity map\n",
		       &pa, ilog2(el2_mmu.pa_limit));
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
	u64 *path[4] = { el2_mmu.pgd };
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
		el2_mmu.nr_tables--;
	}
	dsb(ishst);
	if (avcpu_el2_call_any_cpu(AVCPU_HC_EL2_UNMAP, pa) != AVCPU_HC_OK) {
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

	if (pa + PAGE_SIZE > el2_mmu.pa_limit)
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
	*val = el2_mmu.nr_tables;
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

/* The level-0 table, for PAs below @pa_limit. */
int avcpu_el2_mmu_init(phys_addr_t pa_limit)
{
	el2_mmu.pa_limit = pa_limit;
	el2_mmu.pgd = el2_table_alloc(GFP_KERNEL);
	return el2_mmu.pgd ? 0 : -ENOMEM;
}

phys_addr_t avcpu_el2_mmu_ttbr(void)
{
	return virt_to_phys(el2_mmu.pgd);
}

/* Every table, once no CPU runs avcpu's EL2 any more. */
void avcpu_el2_mmu_free(void)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &el2_mmu.tables, lru)
		el2_table_free(page);
	el2_mmu.nr_tables = 0;
	el2_mmu.pgd = NULL;
}
