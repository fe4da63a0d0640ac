/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu driver internals shared between its files.
 */
#ifndef _AVCPU_DRIVER_H
#define _AVCPU_DRIVER_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <avcpu/hyp_abi.h>

struct avcpu_el2_info;

/* Results of a host call: x0..x5 as EL2 left them. */
struct avcpu_hvc_res {
	unsigned long a[6];
};

/*
 * Issue "hvc #0" with x0..x4 and collect x0..x5.  Everything an SMCCC
 * call may clobber (x6..x17) is declared clobbered, since the hyp stub's
 * HVC_SOFT_RESTART path into our install trampoline uses them freely.
 */
static inline void avcpu_hvc(unsigned long fn, unsigned long a1,
			     unsigned long a2, unsigned long a3,
			     unsigned long a4, struct avcpu_hvc_res *res)
{
	register unsigned long x0 asm("x0") = fn;
	register unsigned long x1 asm("x1") = a1;
	register unsigned long x2 asm("x2") = a2;
	register unsigned long x3 asm("x3") = a3;
	register unsigned long x4 asm("x4") = a4;
	register unsigned long x5 asm("x5");

	asm volatile("hvc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4),
		       "=r" (x5)
		     :
		     : "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
		       "x14", "x15", "x16", "x17", "memory");
	res->a[0] = x0;
	res->a[1] = x1;
	res->a[2] = x2;
	res->a[3] = x3;
	res->a[4] = x4;
	res->a[5] = x5;
}

static inline unsigned long avcpu_hvc0(unsigned long fn)
{
	struct avcpu_hvc_res res;

	avcpu_hvc(fn, 0, 0, 0, 0, &res);
	return res.a[0];
}

/* One argument; returns x0. */
static inline unsigned long avcpu_hvc0_arg(unsigned long fn, unsigned long a1)
{
	struct avcpu_hvc_res res;

	avcpu_hvc(fn, a1, 0, 0, 0, &res);
	return res.a[0];
}

/* spectre.c: the speculation mitigations EL2 applies */
u64 avcpu_spec_this_cpu(void);
void avcpu_spec_guest_wa(long wa[AVCPU_WA_NR]);
void avcpu_spec_describe(unsigned int cpu, u64 spec);
u32 avcpu_spec_info_flags(unsigned long q);

/* el2.c: avcpu's EL2 on every CPU */
int avcpu_el2_check_owner(void);
int avcpu_el2_init(void);
void avcpu_el2_exit(void);
int avcpu_el2_query(unsigned int cpu, struct avcpu_el2_info *info, bool raw);
int avcpu_el2_share(void *va);
void avcpu_el2_unshare(void *va);
struct dentry;
void avcpu_el2_debugfs_init(struct dentry *dir);
void avcpu_el2_s2_flush(u64 vttbr);
void avcpu_el2_guest_live(bool live);
u64 avcpu_el2_vtcr(void);
void avcpu_dcache_clean_inval_poc(const void *start, size_t size);

/* vm.c: guest memory objects */
struct avcpu_vm;
int avcpu_vm_create(void);
struct avcpu_vm *avcpu_vm_from_file(struct file *file);
void avcpu_vm_get(struct avcpu_vm *vm);
void avcpu_vm_put(struct avcpu_vm *vm);
u64 avcpu_vm_vttbr(struct avcpu_vm *vm);
u64 avcpu_vm_vttbr_update(struct avcpu_vm *vm);
bool avcpu_vm_owned(struct avcpu_vm *vm);
int avcpu_vm_claim_vcpu_id(struct avcpu_vm *vm, u32 id);
void avcpu_vm_release_vcpu_id(struct avcpu_vm *vm, u32 id);
bool avcpu_s2_fwb(void);
struct avcpu_vgic;
struct avcpu_vgic *avcpu_vm_vgic(struct avcpu_vm *vm);
void avcpu_vm_set_vgic(struct avcpu_vm *vm, struct avcpu_vgic *d);
void avcpu_vm_flush_dcache(struct avcpu_vm *vm);
u64 avcpu_vm_cntvoff(struct avcpu_vm *vm);
void avcpu_vm_set_cntvoff(struct avcpu_vm *vm, u64 cntvoff);

/* vmid.c: VMIDs with generations (KVM's allocator) */
int avcpu_vmid_init(void);
void avcpu_vmid_debugfs_init(void);
void avcpu_vmid_exit(void);
unsigned int avcpu_vmid_bits(void);
u64 avcpu_vmid_update(atomic64_t *id);
u64 avcpu_vmid_current(atomic64_t *id);

/* fpsimd.S: a guest's FP/SIMD registers, inside kernel_neon_begin/end */
struct user_fpsimd_state;
void avcpu_fpsimd_load(struct user_fpsimd_state *s);
void avcpu_fpsimd_save(struct user_fpsimd_state *s);

/* stats.c: per-exit-reason counters (debugfs avcpu/exits) */
enum avcpu_stat {
	AVCPU_STAT_ENTRIES,
	AVCPU_STAT_IRQ,
	AVCPU_STAT_MMIO,
	AVCPU_STAT_HYPERCALL,
	AVCPU_STAT_EXCEPTION,
	AVCPU_STAT_INTR,
	AVCPU_STAT_FAIL_ENTRY,
	AVCPU_STAT_CACHE_OP,
	AVCPU_STAT_SERROR,
	AVCPU_STAT_WFE,
	AVCPU_STAT_FLUSH_VM,
	AVCPU_STAT_T0_SYSREG,
	AVCPU_STAT_T0_SETWAY,
	AVCPU_STAT_T0_SMCCC,
	AVCPU_STAT_PSCI,
	AVCPU_STAT_WFI,
	AVCPU_STAT_SYSTEM_EVENT,
	AVCPU_STAT_INSN_ABORT,
	AVCPU_STAT_NISV,
	AVCPU_STAT_INJECT,
	AVCPU_STAT_DEBUG,
	AVCPU_STAT_DEBUG_REFLECT,
	AVCPU_STAT_SYSREG,
	AVCPU_STAT_VGIC_MMIO,
	AVCPU_STAT_SGI,
	AVCPU_STAT_IRQ_LINE,
	AVCPU_STAT_VGIC_MAINT,
	AVCPU_STAT_TIMER_SYSREG,
	AVCPU_STAT_TIMER_WAKE,
	/* Every exit by tier: EL2, the kernel, userspace. */
	AVCPU_STAT_T0,
	AVCPU_STAT_T1,
	AVCPU_STAT_T2,
	AVCPU_STAT_NR
};

DECLARE_PER_CPU(u64[AVCPU_STAT_NR], avcpu_stats);
#define avcpu_stat_inc(s)	this_cpu_inc(avcpu_stats[s])
void avcpu_stats_init(void);
/* debugfs avcpu/force_tid2: trap cache ID registers as big.LITTLE needs */
extern bool avcpu_force_tid2;
extern bool avcpu_host_idregs;
void avcpu_stats_exit(void);

/* vcpu.c: vCPUs */
int avcpu_vcpu_create(struct avcpu_vm *vm, void __user *arg);

/* dev.c: /dev/avcpu */
int avcpu_dev_init(void);
void avcpu_dev_exit(void);

#endif /* _AVCPU_DRIVER_H */
