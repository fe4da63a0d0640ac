// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: /dev/avcpu and its ioctls.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"

static long avcpu_get_el2_info(struct avcpu_el2_info __user *uarg)
{
	struct avcpu_el2_info info;
	unsigned int cpu;
	int i, ret;

	if (copy_from_user(&info, uarg, sizeof(info)))
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(info.reserved); i++)
		if (info.reserved[i])
			return -EINVAL;
	cpu = info.cpu;
	if (cpu >= nr_cpu_ids)
		return -EINVAL;

	/* Every output field is written: nothing of the input leaks back. */
	memset(&info, 0, sizeof(info));
	info.cpu = cpu;
	ret = avcpu_el2_query(cpu, &info, capable(CAP_SYS_ADMIN));
	if (ret)
		return ret;
	if (copy_to_user(uarg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long avcpu_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	switch (cmd) {
	case AVCPU_GET_API_VERSION:
		if (arg)
			return -EINVAL;
		return AVCPU_API_VERSION;
	case AVCPU_GET_EL2_INFO:
		return avcpu_get_el2_info(u64_to_user_ptr((u64)arg));
	case AVCPU_CREATE_VM:
		if (arg)
			return -EINVAL;
		return avcpu_vm_create();
	case AVCPU_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		return PAGE_SIZE;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations avcpu_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= avcpu_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* Root only by default; see Documentation/avcpu.rst to open it up. */
static struct miscdevice avcpu_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "avcpu",
	.fops	= &avcpu_dev_fops,
	.mode	= 0600,
};

int avcpu_dev_init(void)
{
	return misc_register(&avcpu_dev);
}

void avcpu_dev_exit(void)
{
	misc_deregister(&avcpu_dev);
}
