// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu_provoke: the positive control of the debug kernel's matrix entry
 * (scripts/check.sh "debug", scripts/testbed/init detectors()).  Writing a
 * word to /sys/kernel/debug/avcpu_provoke makes one deliberate report of
 * that class, so the entry shows its scan catches each class it fails on:
 *
 *   leak      kzalloc()s whose pointers are dropped (kmemleak)
 *   kasan     a read one byte past a kmalloc() object (KASAN)
 *   warn      WARN() (BUG:/WARNING:)
 *   lockdep   A then B, later B then A: a possible circular locking
 *             dependency, without ever deadlocking
 *   stall     10 s with preemption off while a grace period waits: soft
 *             lockup (watchdog_thresh=1: 2 s) and RCU stall
 *             (rcu_cpu_stall_timeout=3, plus 5 s under CONFIG_PROVE_RCU)
 *
 * Never load it anywhere else.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

static DEFINE_MUTEX(provoke_a);
static DEFINE_MUTEX(provoke_b);
static struct dentry *provoke_file;
/* Read through a pointer the compiler cannot see into. */
static size_t provoke_size = 8;

static noinline void provoke_leak(void)
{
	void *p;
	int i;

	/*
	 * Nothing refers to them any more: kmemleak reports them.  Zeroed,
	 * or a stale free-list pointer left inside one would make the next
	 * look referenced; several, as a stale copy of the last pointer may
	 * stay on this task's stack, which kmemleak scans.
	 */
	for (i = 0; i < 64; i++) {
		p = kzalloc(64, GFP_KERNEL);
		OPTIMIZER_HIDE_VAR(p);
	}
	pr_info("avcpu_provoke: leaked 64 objects\n");
}

static noinline void provoke_kasan(void)
{
	size_t size = READ_ONCE(provoke_size);
	char *p = kmalloc(size, GFP_KERNEL);

	if (!p)
		return;
	pr_info("avcpu_provoke: read past the object: %d\n",
		READ_ONCE(p[size]));
	kfree(p);
}

static noinline void provoke_lockdep(void)
{
	mutex_lock(&provoke_a);
	mutex_lock(&provoke_b);
	mutex_unlock(&provoke_b);
	mutex_unlock(&provoke_a);

	mutex_lock(&provoke_b);
	mutex_lock(&provoke_a);
	mutex_unlock(&provoke_a);
	mutex_unlock(&provoke_b);
}

static noinline void provoke_stall(void)
{
	/*
	 * An RCU stall needs a grace period waiting for this CPU: start one
	 * (an idle VM may have none in flight), then pass through no
	 * quiescent state for longer than the stall timeout, which
	 * CONFIG_PROVE_RCU lengthens by 5 s (RCU_STALL_DELAY_DELTA): 3 + 5 s.
	 */
	start_poll_synchronize_rcu();
	preempt_disable();
	mdelay(10000);
	preempt_enable();
}

static ssize_t provoke_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char buf[16];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	strim(buf);
	if (!strcmp(buf, "leak"))
		provoke_leak();
	else if (!strcmp(buf, "kasan"))
		provoke_kasan();
	else if (!strcmp(buf, "warn"))
		WARN(1, "avcpu_provoke: deliberate warning\n");
	else if (!strcmp(buf, "lockdep"))
		provoke_lockdep();
	else if (!strcmp(buf, "stall"))
		provoke_stall();
	else
		return -EINVAL;
	return len;
}

static const struct file_operations provoke_fops = {
	.owner	= THIS_MODULE,
	.write	= provoke_write,
};

static int __init provoke_init(void)
{
	provoke_file = debugfs_create_file("avcpu_provoke", 0200, NULL, NULL,
					   &provoke_fops);
	return 0;
}

static void __exit provoke_exit(void)
{
	debugfs_remove(provoke_file);
}

module_init(provoke_init);
module_exit(provoke_exit);
MODULE_DESCRIPTION("avcpu test: provoke one report of each debug-kernel detector");
MODULE_LICENSE("GPL");
