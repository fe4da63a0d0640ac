// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: per-exit-reason counters, summed over CPUs, in
 * /sys/kernel/debug/avcpu/exits ("name count" per line).
 */
#include <linux/debugfs.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>

#include "avcpu.h"

static const char * const avcpu_stat_names[AVCPU_STAT_NR] = {
	[AVCPU_STAT_ENTRIES]	= "entries",
	[AVCPU_STAT_IRQ]	= "host_irq",
	[AVCPU_STAT_MMIO]	= "mmio",
	[AVCPU_STAT_HYPERCALL]	= "hypercall",
	[AVCPU_STAT_EXCEPTION]	= "exception",
	[AVCPU_STAT_INTR]	= "intr",
	[AVCPU_STAT_FAIL_ENTRY]	= "fail_entry",
	[AVCPU_STAT_CACHE_OP]	= "mmio_cache_op",
	[AVCPU_STAT_SERROR]	= "serror",
	[AVCPU_STAT_WFE]	= "wfe",
	[AVCPU_STAT_FLUSH_VM]	= "flush_vm",
	/* Answered at EL2 without a switch to the host (T0). */
	[AVCPU_STAT_T0_SYSREG]	= "t0_sysreg",
	[AVCPU_STAT_T0_SETWAY]	= "t0_setway",
	[AVCPU_STAT_T0_SMCCC]	= "t0_smccc",
	/*
	 * PSCI power management in the kernel (T1): the calls that neither
	 * sleep (CPU_SUSPEND is a WFI) nor end the system (an event).
	 */
	[AVCPU_STAT_PSCI]	= "psci",
	[AVCPU_STAT_WFI]	= "wfi",
	[AVCPU_STAT_SYSTEM_EVENT] = "system_event",
	[AVCPU_STAT_INSN_ABORT]	= "insn_abort",
	[AVCPU_STAT_NISV]	= "nisv",
	/* Exceptions AVCPU_INJECT_EXCEPTION made the guest take or pend. */
	[AVCPU_STAT_INJECT]	= "inject",
	/*
	 * AVCPU_EXIT_DEBUG exits; and the guest's own brk, sent to EL2
	 * while the VMM debugs, taken back to the guest by the kernel.
	 */
	[AVCPU_STAT_DEBUG]	= "debug",
	[AVCPU_STAT_DEBUG_REFLECT] = "debug_reflect",
	/* AVCPU_EXIT_SYSREG exits: a register EL2 does not answer. */
	[AVCPU_STAT_SYSREG]	= "sysreg",
	[AVCPU_STAT_VGIC_MMIO]	= "vgic_mmio",
	[AVCPU_STAT_SGI]	= "sgi",
	[AVCPU_STAT_IRQ_LINE]	= "irq_line",
	[AVCPU_STAT_VGIC_MAINT]	= "vgic_maint",
	[AVCPU_STAT_TIMER_SYSREG] = "timer_sysreg",
	[AVCPU_STAT_TIMER_WAKE]	= "timer_wake",
	/*
	 * Every guest exit once, by who answered it: EL2 (t0), the kernel
	 * with the guest resumed (t1), userspace (t2: RUN returned an exit).
	 */
	[AVCPU_STAT_T0]		= "t0",
	[AVCPU_STAT_T1]		= "t1",
	[AVCPU_STAT_T2]		= "t2",
};

DEFINE_PER_CPU(u64[AVCPU_STAT_NR], avcpu_stats);

static struct dentry *avcpu_debugfs;

/*
 * Testing aid: vCPUs created while it is set get HCR_EL2.TID2, as on a
 * system whose CPUs disagree on CTR_EL0 (QEMU's never do).
 */
bool avcpu_force_tid2;

/*
 * Testing aid: VMs created while it is set read the host's sanitised ID
 * registers, not the narrowed guest view (driver/idregs.c), so that a
 * test can learn from inside a guest which features the CPU really has.
 */
bool avcpu_host_idregs;

static int exits_show(struct seq_file *m, void *v)
{
	unsigned int cpu;
	int i;

	for (i = 0; i < AVCPU_STAT_NR; i++) {
		u64 sum = 0;

		for_each_possible_cpu(cpu)
			sum += per_cpu(avcpu_stats, cpu)[i];
		seq_printf(m, "%s %llu\n", avcpu_stat_names[i], sum);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(exits);

void avcpu_stats_init(void)
{
	avcpu_debugfs = debugfs_create_dir("avcpu", NULL);
	debugfs_create_file("exits", 0400, avcpu_debugfs, NULL, &exits_fops);
	debugfs_create_bool("force_tid2", 0600, avcpu_debugfs,
			    &avcpu_force_tid2);
	debugfs_create_bool("host_idregs", 0600, avcpu_debugfs,
			    &avcpu_host_idregs);
}

void avcpu_stats_exit(void)
{
	debugfs_remove_recursive(avcpu_debugfs);
}
