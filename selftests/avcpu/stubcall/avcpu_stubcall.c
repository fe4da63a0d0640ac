// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper for the avcpu selftests: issues hyp-stub and avcpu host
 * calls from the host kernel on a chosen CPU, the way kexec, hibernation
 * or a late KVM would, and reports what EL2 answered.  Never loaded
 * outside tests.
 *
 * debugfs avcpu_stubcall/:
 *   probe    read: "cpuN 0x<x0>" per online CPU, x0 answered to the avcpu
 *            probe call (avcpu: AVCPU_HYP_MAGIC, stub: HVC_STUB_ERR)
 *   call     write "cpu x0 x1 x2 x3 x4": hvc #0 on that CPU;
 *            read: x0 it returned
 *   eret_pa  read: physical address of a page holding "eret", a valid
 *            HVC_SOFT_RESTART target that returns x2 of the call to EL1
 *   cpu_pm   write "cpu": cpu_pm_enter() then cpu_pm_exit() on that CPU
 *            with interrupts off; read: "<probe while entered> <after>"
 *   dbgregs  write "cpu seed": the host's breakpoint and watchpoint
 *            registers of that CPU get values made from seed (seed 0:
 *            left as they are), every one disabled (E = 0, so nothing is
 *            armed); read: that CPU's registers now, "name value" lines,
 *            MDSCR_EL1 and MDCCINT_EL1 included
 */
#include <linux/cpu.h>
#include <linux/cpu_pm.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <asm/cacheflush.h>

#include "../../../driver/avcpu.h"
#include "dbgregs.h"

static struct dentry *dir;
static DEFINE_MUTEX(lock);
static unsigned long last_result;
static unsigned long pm_mid, pm_after;
static void *eret_page;

struct call_args {
	unsigned long x[5];
	struct avcpu_hvc_res res;
};

static void do_call(void *arg)
{
	struct call_args *a = arg;

	avcpu_hvc(a->x[0], a->x[1], a->x[2], a->x[3], a->x[4], &a->res);
}

static void do_probe(void *arg)
{
	*(unsigned long *)arg = avcpu_hvc0(AVCPU_HC_PROBE);
}

static void do_cpu_pm(void *arg)
{
	if (cpu_pm_enter()) {
		pm_mid = ~0UL;
	} else {
		pm_mid = avcpu_hvc0(AVCPU_HC_PROBE);
		cpu_pm_exit();
	}
	pm_after = avcpu_hvc0(AVCPU_HC_PROBE);
}

static int probe_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		unsigned long r = 0;

		smp_call_function_single(cpu, do_probe, &r, 1);
		seq_printf(m, "cpu%u %#lx\n", cpu, r);
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(probe);

static ssize_t call_write(struct file *f, const char __user *ubuf,
			  size_t len, loff_t *off)
{
	struct call_args a = {};
	unsigned int cpu;
	char buf[160];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%u %lx %lx %lx %lx %lx", &cpu, &a.x[0], &a.x[1],
		   &a.x[2], &a.x[3], &a.x[4]) < 2)
		return -EINVAL;
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	mutex_lock(&lock);
	cpus_read_lock();
	ret = cpu_online(cpu) ?
	      smp_call_function_single(cpu, do_call, &a, 1) : -ENXIO;
	cpus_read_unlock();
	if (!ret)
		last_result = a.res.a[0];
	mutex_unlock(&lock);
	return ret ?: len;
}

static ssize_t call_read(struct file *f, char __user *ubuf, size_t len,
			 loff_t *off)
{
	char buf[32];
	int n = scnprintf(buf, sizeof(buf), "%#lx\n", last_result);

	return simple_read_from_buffer(ubuf, len, off, buf, n);
}

static const struct file_operations call_fops = {
	.write = call_write,
	.read = call_read,
};

static ssize_t eret_pa_read(struct file *f, char __user *ubuf, size_t len,
			    loff_t *off)
{
	char buf[32];
	int n = scnprintf(buf, sizeof(buf), "%#llx\n",
			  (unsigned long long)virt_to_phys(eret_page));

	return simple_read_from_buffer(ubuf, len, off, buf, n);
}

static const struct file_operations eret_pa_fops = {
	.read = eret_pa_read,
};

static ssize_t cpu_pm_write(struct file *f, const char __user *ubuf,
			    size_t len, loff_t *off)
{
	unsigned int cpu;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &cpu);
	if (ret)
		return ret;
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	mutex_lock(&lock);
	cpus_read_lock();
	ret = cpu_online(cpu) ?
	      smp_call_function_single(cpu, do_cpu_pm, NULL, 1) : -ENXIO;
	cpus_read_unlock();
	mutex_unlock(&lock);
	return ret ?: len;
}

static ssize_t cpu_pm_read(struct file *f, char __user *ubuf, size_t len,
			   loff_t *off)
{
	char buf[64];
	int n = scnprintf(buf, sizeof(buf), "%#lx %#lx\n", pm_mid, pm_after);

	return simple_read_from_buffer(ubuf, len, off, buf, n);
}

static const struct file_operations cpu_pm_fops = {
	.write = cpu_pm_write,
	.read = cpu_pm_read,
};

static unsigned int dbg_cpu;
static u64 dbg_seed;
static char dbg_text[2048];
static int dbg_len;

static const char * const dbg_names[] = { "bvr", "bcr", "wvr", "wcr" };

/*
 * DBGBVR/DBGBCR/DBGWVR/DBGWCR<n>_EL1 by number: an mrs/msr names its
 * register in the instruction, so each has a 16-byte stub in a table,
 * idx = kind * 16 + n (kind 0 BVR, 1 BCR, 2 WVR, 3 WCR), entered by an
 * indirect branch: each starts with "bti j" (hint #36) for a kernel whose
 * module text is BTI-guarded (Debian's).
 */
asm(".pushsection .text, \"ax\"\n"
	".macro stubcall_rd r, n\n"
	"	.balign	16\n"
	"	hint	#36\n"
	"	mrs	x0, \\r\\()\\n\\()_el1\n"
	"	ret\n"
	".endm\n"
	".macro stubcall_wr r, n\n"
	"	.balign	16\n"
	"	hint	#36\n"
	"	msr	\\r\\()\\n\\()_el1, x1\n"
	"	ret\n"
	".endm\n"
	".globl stubcall_dbg_rd, stubcall_dbg_wr\n"
	"stubcall_dbg_rd:\n"
	"	adr	x1, 1f\n"
	"	add	x1, x1, x0, lsl #4\n"
	"	br	x1\n"
	"	.balign	16\n"
	"1:	.irp	r, dbgbvr, dbgbcr, dbgwvr, dbgwcr\n"
	"	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	stubcall_rd \\r, \\n\n"
	"	.endr\n"
	"	.endr\n"
	"stubcall_dbg_wr:\n"
	"	adr	x2, 1f\n"
	"	add	x2, x2, x0, lsl #4\n"
	"	br	x2\n"
	"	.balign	16\n"
	"1:	.irp	r, dbgbvr, dbgbcr, dbgwvr, dbgwcr\n"
	"	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	stubcall_wr \\r, \\n\n"
	"	.endr\n"
	"	.endr\n"
	".popsection\n");

static u64 dbg_rd(int k, int n)
{
	return stubcall_dbg_rd(k * 16 + n);
}

static void dbg_wr(int k, int n, u64 v)
{
	stubcall_dbg_wr(k * 16 + n, v);
}

/* Disabled values (E = 0) that differ per register and per seed. */
static u64 dbg_value(int k, int n, u64 seed)
{
	switch (k) {
	case 0:
		return (seed + n * 0x1000UL) & GENMASK_ULL(47, 2);
	case 1:
		return (0xfUL << 5) | ((n % 3 + 1) << 1);	/* BAS, PMC */
	case 2:
		return (seed ^ (n * 0x2000UL)) & GENMASK_ULL(47, 3);
	default:
		return ((0xffUL >> (n % 8)) << 5) | (3 << 3) | (2 << 1);
	}
}

static void do_dbgregs(void *arg)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	int count[4], k, n;

	count[0] = ((dfr0 >> 12) & 0xf) + 1;		/* BRPs */
	count[1] = count[0];
	count[2] = ((dfr0 >> 20) & 0xf) + 1;		/* WRPs */
	count[3] = count[2];
	if (dbg_seed) {
		for (k = 0; k < 4; k++)
			for (n = 0; n < count[k]; n++)
				dbg_wr(k, n, dbg_value(k, n, dbg_seed));
	}
	dbg_len = 0;
	for (k = 0; k < 4; k++)
		for (n = 0; n < count[k]; n++)
			dbg_len += scnprintf(dbg_text + dbg_len,
					     sizeof(dbg_text) - dbg_len,
					     "%s%d %#llx\n", dbg_names[k], n,
					     dbg_rd(k, n));
	dbg_len += scnprintf(dbg_text + dbg_len, sizeof(dbg_text) - dbg_len,
			     "mdscr %#llx\nmdccint %#llx\n",
			     read_sysreg(mdscr_el1), read_sysreg(mdccint_el1));
}

static int dbgregs_run(void)
{
	int ret;

	cpus_read_lock();
	ret = cpu_online(dbg_cpu) ?
	      smp_call_function_single(dbg_cpu, do_dbgregs, NULL, 1) : -ENXIO;
	cpus_read_unlock();
	return ret;
}

static ssize_t dbgregs_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *off)
{
	unsigned long long seed;
	unsigned int cpu;
	char buf[64];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%u %llx", &cpu, &seed) != 2 || cpu >= nr_cpu_ids)
		return -EINVAL;
	mutex_lock(&lock);
	dbg_cpu = cpu;
	dbg_seed = seed;
	ret = dbgregs_run();
	dbg_seed = 0;
	mutex_unlock(&lock);
	return ret ?: len;
}

static ssize_t dbgregs_read(struct file *f, char __user *ubuf, size_t len,
			    loff_t *off)
{
	ssize_t ret;

	mutex_lock(&lock);
	ret = *off ? 0 : dbgregs_run();
	if (!ret)
		ret = simple_read_from_buffer(ubuf, len, off, dbg_text,
					      dbg_len);
	mutex_unlock(&lock);
	return ret;
}

static const struct file_operations dbgregs_fops = {
	.write = dbgregs_write,
	.read = dbgregs_read,
};

static int __init stubcall_init(void)
{
	eret_page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!eret_page)
		return -ENOMEM;
	*(u32 *)eret_page = 0xd69f03e0;		/* eret */
	/*
	 * EL2 fetches this with its MMU off, straight from memory: clean the
	 * line to PoC, then drop stale I-cache lines for it.
	 */
	asm volatile("dc civac, %0\n\tdsb sy" : : "r" (eret_page) : "memory");
	caches_clean_inval_pou((unsigned long)eret_page,
			       (unsigned long)eret_page + 4);
	dir = debugfs_create_dir("avcpu_stubcall", NULL);
	debugfs_create_file("probe", 0400, dir, NULL, &probe_fops);
	debugfs_create_file("call", 0600, dir, NULL, &call_fops);
	debugfs_create_file("eret_pa", 0400, dir, NULL, &eret_pa_fops);
	debugfs_create_file("cpu_pm", 0600, dir, NULL, &cpu_pm_fops);
	debugfs_create_file("dbgregs", 0600, dir, NULL, &dbgregs_fops);
	return 0;
}

static void __exit stubcall_exit(void)
{
	debugfs_remove_recursive(dir);
	free_page((unsigned long)eret_page);
}

module_init(stubcall_init);
module_exit(stubcall_exit);
MODULE_DESCRIPTION("avcpu selftest helper: host-side hyp-stub calls");
MODULE_LICENSE("GPL");
