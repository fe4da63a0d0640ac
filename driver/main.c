// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: hardware-virtualized vCPUs for arm64 without KVM.
 *
 * Module init and exit: decide whether EL2 can be ours, take it on every
 * CPU, expose /dev/avcpu; on exit give EL2 back to the kernel's hyp stub.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sizes.h>
#include <linux/suspend.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "timer.h"
#include "vgic.h"

/*
 * Hibernation resumes the saved kernel through the hyp stub's
 * HVC_SOFT_RESTART/SET_VECTORS dance on a CPU whose EL2 state the image
 * knows nothing about.  Until avcpu saves and restores its EL2 across an
 * image, hibernation is refused while the module is loaded.  Suspend to
 * RAM is fine: CPUs go through hotplug and CPU PM, both handled.
 */
static int avcpu_pm_notify(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	if (action != PM_HIBERNATION_PREPARE && action != PM_RESTORE_PREPARE)
		return NOTIFY_DONE;
	pr_err("hibernation refused while avcpu owns EL2; unload avcpu first\n");
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block avcpu_pm_nb = {
	.notifier_call = avcpu_pm_notify,
};

/*
 * EL2's tables use the 4 KiB granule and map one 4 KiB entry per kernel
 * page (el2.c), and stage 2 does the same for guest memory: with 16 KiB or
 * 64 KiB kernel pages most of each page, the EL2 stack top included,
 * would be unmapped and the first call into EL2 would hang the CPU.
 * driver/Kbuild refuses to build for such a kernel; this refuses to load
 * a module built some other way.
 */
static int avcpu_check_page_size(void)
{
	if (PAGE_SIZE == SZ_4K)
		return 0;
	pr_err("kernel uses %lu KiB pages; avcpu needs 4 KiB pages: use a kernel built with CONFIG_ARM64_4K_PAGES=y\n",
	       PAGE_SIZE / SZ_1K);
	return -ENODEV;
}

/* /sys/kernel/debug/avcpu/ is made by stats.c; el2.c adds its files. */
static void avcpu_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup("avcpu", NULL);

	if (!dir)
		return;
	avcpu_el2_debugfs_init(dir);
	dput(dir);
}

static int __init avcpu_init(void)
{
	int ret;

	ret = avcpu_check_page_size();
	if (ret)
		return ret;
	ret = avcpu_el2_check_owner();
	if (ret)
		return ret;
	/* VMID width first: it is part of VTCR_EL2 (avcpu_el2_init()). */
	ret = avcpu_vmid_init();
	if (ret)
		return ret;
	ret = register_pm_notifier(&avcpu_pm_nb);
	if (ret)
		goto err_vmid;
	ret = avcpu_el2_init();
	if (ret)
		goto err_pm;
	ret = avcpu_timer_init();
	if (ret)
		goto err_el2;
	ret = avcpu_vgic_init();
	if (ret)
		goto err_timer;
	ret = avcpu_dev_init();
	if (ret)
		goto err_vgic;
	avcpu_stats_init();
	avcpu_vmid_debugfs_init();
	avcpu_debugfs_init();
	pr_info("EL2 taken on %u CPUs, /dev/avcpu ready (API %d)\n",
		num_online_cpus(), AVCPU_API_VERSION);
	return 0;

err_vgic:
	avcpu_vgic_exit();
err_timer:
	avcpu_timer_exit();
err_el2:
	avcpu_el2_exit();
err_pm:
	unregister_pm_notifier(&avcpu_pm_nb);
err_vmid:
	avcpu_vmid_exit();
	return ret;
}

static void __exit avcpu_exit(void)
{
	avcpu_dev_exit();
	avcpu_stats_exit();
	avcpu_vgic_exit();
	avcpu_timer_exit();
	avcpu_el2_exit();
	unregister_pm_notifier(&avcpu_pm_nb);
	avcpu_vmid_exit();
	pr_info("EL2 given back to the hyp stub\n");
}

module_init(avcpu_init);
module_exit(avcpu_exit);

MODULE_DESCRIPTION("avcpu: arm64 vCPUs at EL2 without KVM (nVHE hosts)");
MODULE_AUTHOR("The avcpu developers");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
