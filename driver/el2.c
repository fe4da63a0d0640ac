// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: take EL2 from the kernel's hyp stub on every CPU and give it back.
 *
 * The EL2 image (lib/) is copied to contiguous pages and relocated to its
 * physical address; EL2's own stage-1 tables (driver/el2_mmu.c) map it,
 * and each CPU's struct avcpu_hyp_percpu and stack, at VA == PA.  Each CPU enters the
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
#include <linux/elf.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "avcpu_el2_syms.h"
#include "el2.h"
#include "psci.h"

extern const char avcpu_el2_image[], avcpu_el2_image_end[];

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
	u64 tcr;
	u64 vtcr;			/* stage 2 of every VM */
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

	return avcpu_el2_map(el2.image_pa, AVCPU_EL2_SYM__hyp_text_end,
			     EL2_PAGE_RX) ?:
	       avcpu_el2_map(el2.image_pa + AVCPU_EL2_SYM__hyp_text_end,
			     AVCPU_EL2_SYM__hyp_ro_end -
			     AVCPU_EL2_SYM__hyp_text_end, EL2_PAGE_RO) ?:
	       avcpu_el2_map(el2.image_pa + AVCPU_EL2_SYM__hyp_ro_end,
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
	ret = avcpu_el2_map(pa, PAGE_SIZE, EL2_PAGE_RW);
	if (!ret)
		ret = avcpu_el2_map(pa + AVCPU_HYP_STACK_OFFSET,
				    AVCPU_HYP_PERCPU_SIZE -
				    AVCPU_HYP_STACK_OFFSET, EL2_PAGE_RW);
	return ret;
}

static void el2_free(void)
{
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
	avcpu_el2_mmu_free();
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
		  c->hyp->self, avcpu_el2_mmu_ttbr(), el2.tcr, &res);
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
	/* And what a guest's SMCCC_ARCH_FEATURES says (driver/smccc.c). */
	avcpu_smccc_wa_update();
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
	phys_addr_t pa_limit;
	int ret;

	/* PS: the CPUs' PA size, capped at 48 bits (4 KiB granule, no LPA2). */
	parange = cpuid_feature_extract_unsigned_field(mmfr0, ID_AA64MMFR0_EL1_PARANGE_SHIFT);
	parange = min_t(unsigned int, 5, parange);
	pa_limit = BIT_ULL(min_t(unsigned int, EL2_VA_BITS,
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
	el2.cpus = kcalloc(nr_cpu_ids, sizeof(*el2.cpus), GFP_KERNEL);
	ret = el2.cpus ? avcpu_el2_mmu_init(pa_limit) : -ENOMEM;
	if (ret)
		goto err_free;

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

/* For driver/el2_call.c: this CPU's page shared with EL2. */
struct avcpu_hyp_percpu *avcpu_el2_percpu(unsigned int cpu)
{
	return el2.cpus[cpu].hyp;
}
