// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: vCPUs, the EL1 half of the seed's Aarch64VCpu: create, setup,
 * set_entry, set_ept_root, registers, power states; the run loop that
 * enters the guest through EL2 is driver/run.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/ptrace.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "el2.h"
#include "psci.h"
#include "vcpu.h"

#define AVCPU_MAX_VCPU_ID	511
#define AVCPU_MPIDR_AFF_MASK	0xff00ffffffULL	/* Aff3, Aff2..Aff0 */
#define VMPIDR_RES1		BIT_ULL(31)
/* The seed's init_vm_context: EL1h, D, A, I and F masked. */
#define GUEST_RESET_SPSR	0x3c5
#define GUEST_RESET_SCTLR	0x30c50830
#define SPSR_MODE_MASK		0x1f
/*
 * PSTATE bits a guest can reach (lib/hyp.h keeps the same lists): NZCV,
 * TCO, DIT, UAO, PAN, SS, IL, SSBS, BTYPE, DAIF, M[3:0] for AArch64; all
 * 32 bits of an AArch32 PSR (EL0 only).
 */
#define SPSR_ALLOWED		(GENMASK_ULL(31, 28) | BIT(25) | BIT(24) | \
				 BIT(23) | BIT(22) | BIT(21) | BIT(20) | \
				 BIT(12) | BIT(11) | BIT(10) | \
				 GENMASK_ULL(9, 6) | SPSR_MODE_MASK)
#define SPSR32_ALLOWED		GENMASK_ULL(31, 0)
#define PSR_ALLINT		BIT(13)	/* FEAT_NMI */
#define VTTBR_VMID_MASK		GENMASK_ULL(63, 48)

/*
 * Userspace owns the guest, never the hypervisor: EL0t/EL1t/EL1h, or
 * AArch32 User where every CPU has AArch32 EL0, with any PSTATE bit a
 * guest itself can reach (an illegal exception return sets IL; the guest
 * then takes its own Illegal Execution State exception).
 */
static bool spsr_valid(u64 spsr)
{
	u64 mode = spsr & SPSR_MODE_MASK;
	u64 el0;

	if (mode & PSR_MODE32_BIT) {
		el0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1) &
		      ID_AA64PFR0_EL1_EL0_MASK;
		return !(spsr & ~SPSR32_ALLOWED) && mode == PSR_AA32_MODE_USR &&
		       el0 == (ID_AA64PFR0_EL1_EL0_AARCH32 <<
			       ID_AA64PFR0_EL1_EL0_SHIFT);
	}
	/* ALLINT exists only with FEAT_NMI. */
	if (read_sanitised_ftr_reg(SYS_ID_AA64PFR1_EL1) &
	    ID_AA64PFR1_EL1_NMI_MASK)
		spsr &= ~PSR_ALLINT;
	if (spsr & ~SPSR_ALLOWED)
		return false;
	return mode == PSR_MODE_EL0t || mode == PSR_MODE_EL1t ||
	       mode == PSR_MODE_EL1h;
}

/* Unique over the module's life: avcpu_vcpu.uid. */
static atomic64_t vcpu_uids = ATOMIC64_INIT(0);

static long avcpu_vcpu_setup(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_vcpu_setup s;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (memchr_inv(s.pad, 0, sizeof(s.pad)) || s.reserved[0] ||
	    s.reserved[1])
		return -EINVAL;
	/* The host's interrupts and timer are never a guest's. */
	if (s.passthrough_interrupt || s.passthrough_timer)
		return -EINVAL;
	return 0;
}

static long avcpu_vcpu_set_root(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_ept_root r;
	struct avcpu_vm *vm;
	struct fd f;
	long ret = 0;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.reserved)
		return -EINVAL;
	f = fdget(r.vm_fd);
	if (!fd_file(f))
		return -EBADF;
	vm = avcpu_vm_from_file(fd_file(f));
	if (vm != vcpu->vm)
		ret = -EINVAL;
	fdput(f);
	if (ret)
		return ret;
	vcpu->hyp->vttbr_el2 = avcpu_vm_vttbr(vm);
	vcpu->root_set = true;
	return 0;
}

static long avcpu_vcpu_set_regs(struct avcpu_vcpu *vcpu, void __user *arg)
{
	u64 old_elr = vcpu->hyp->ctx.elr, old_spsr = vcpu->hyp->ctx.spsr;
	struct avcpu_regs regs;

	BUILD_BUG_ON(sizeof(regs) != sizeof(vcpu->hyp->ctx));
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_vcpu, ctx) != 0);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_vcpu, t0.smccc) !=
		     HYP_VCPU_T0_SMCCC);
	if (copy_from_user(&regs, arg, sizeof(regs)))
		return -EFAULT;
	if (!spsr_valid(regs.spsr))
		return -EINVAL;
	memcpy(&vcpu->hyp->ctx, &regs, sizeof(regs));
	avcpu_debug_regs_set(vcpu, true, old_elr, old_spsr);
	/*
	 * A new PC supersedes any half-done MMIO, system register access or
	 * hypercall; the same PC (a VMM writing back the registers it read,
	 * e.g. for a debugger) leaves it for the next RUN to complete, as on
	 * KVM.  Either supersedes a CPU_ON reset this vCPU has not applied
	 * yet.
	 */
	if (regs.elr != old_elr)
		vcpu->pending = AVCPU_PENDING_NONE;
	avcpu_psci_reset_cancel(vcpu);
	return 0;
}

/* Guest-owned fields, in the order both structures share. */
#define SYSREGS_GUEST_WORDS	24

static void sysregs_get(struct avcpu_vcpu *vcpu, struct avcpu_sysregs *s)
{
	const struct avcpu_hyp_vcpu *h = vcpu->hyp;

	BUILD_BUG_ON(offsetof(struct avcpu_sysregs, hcr_el2) !=
		     SYSREGS_GUEST_WORDS * 8);
	BUILD_BUG_ON(offsetof(struct avcpu_hyp_sysregs, cntvoff_el2) !=
		     offsetof(struct avcpu_sysregs, cntvoff_el2));
	memset(s, 0, sizeof(*s));
	memcpy(s, &h->sys, SYSREGS_GUEST_WORDS * 8);
	/* The VM's, whatever this vCPU last entered with. */
	s->cntvoff_el2 = avcpu_vm_cntvoff(vcpu->vm);
	s->cntp_ctl_el0 = avcpu_timer_cntp_ctl(vcpu);
	s->cntp_cval_el0 = vcpu->timer.cntp_cval;
	/*
	 * What EL2 loaded for the guest at its last entry (or, before the
	 * first, what it would load: AVCPU_HC_VCPU_INIT at creation).
	 */
	s->hcr_el2 = h->ctl.hcr_el2;
	/* The VMID only: the table's physical address is not userspace's. */
	s->vttbr_el2 = h->vttbr_el2 & GENMASK_ULL(63, 48);
	s->vtcr_el2 = h->vtcr_el2;
	s->cptr_el2 = h->ctl.cptr_el2;
	s->hstr_el2 = h->ctl.hstr_el2;
	s->cnthctl_el2 = h->ctl.cnthctl_el2;
	s->mdcr_el2 = h->ctl.mdcr_el2;
	s->vmpidr_el2 = h->vmpidr_el2;
}

static long avcpu_vcpu_set_sysregs(struct avcpu_vcpu *vcpu, void __user *arg)
{
	struct avcpu_sysregs s, cur;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	sysregs_get(vcpu, &cur);
	/*
	 * Hypervisor-owned fields and reserved words: unchanged or EINVAL,
	 * except what changes as the guest runs (its VMID at any entry,
	 * TVM as it turns its caches on and off, VSE as it takes an
	 * injected SError, MDCR_EL2's TDA and TDE as it and the VMM use
	 * debug), so that a GET, RUN, SET sequence works.
	 */
	s.vttbr_el2 ^= (s.vttbr_el2 ^ cur.vttbr_el2) & VTTBR_VMID_MASK;
	s.hcr_el2 ^= (s.hcr_el2 ^ cur.hcr_el2) &
		     (AVCPU_HCR_TVM | AVCPU_HCR_VSE);
	s.mdcr_el2 ^= (s.mdcr_el2 ^ cur.mdcr_el2) &
		      (AVCPU_MDCR_TDA | AVCPU_MDCR_TDE);
	/* The emulated physical timer is the guest's, past the block. */
	cur.cntp_ctl_el0 = s.cntp_ctl_el0;
	cur.cntp_cval_el0 = s.cntp_cval_el0;
	if (memcmp((u64 *)&s + SYSREGS_GUEST_WORDS,
		   (u64 *)&cur + SYSREGS_GUEST_WORDS,
		   sizeof(s) - SYSREGS_GUEST_WORDS * 8))
		return -EINVAL;
	memcpy(&vcpu->hyp->sys, &s, SYSREGS_GUEST_WORDS * 8);
	/* Every vCPU's, from its next entry (uapi). */
	if (s.cntvoff_el2 != cur.cntvoff_el2)
		avcpu_vm_set_cntvoff(vcpu->vm, s.cntvoff_el2);
	avcpu_timer_cntp_set(vcpu, s.cntp_ctl_el0, s.cntp_cval_el0);
	return 0;
}

static long avcpu_vcpu_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct avcpu_vcpu *vcpu = file->private_data;
	void __user *uarg = u64_to_user_ptr((u64)arg);
	struct avcpu_sysregs sys;
	struct avcpu_regs regs;
	u64 pc;
	long ret;

	if (!avcpu_vm_owned(vcpu->vm))
		return -EIO;
	if (cmd == AVCPU_RUN) {
		if (arg)
			return -EINVAL;
		if (atomic_cmpxchg(&vcpu->in_run, 0, 1))
			return -EBUSY;
		ret = -EINTR;
		if (!mutex_lock_interruptible(&vcpu->lock)) {
			avcpu_psci_run_begin(vcpu);
			avcpu_timer_run_begin(vcpu);
			ret = avcpu_vcpu_run(vcpu);
			/* Before the thread is gone from vcpu->task. */
			avcpu_timer_run_end(vcpu);
			avcpu_psci_run_end(vcpu);
			mutex_unlock(&vcpu->lock);
		}
		atomic_set(&vcpu->in_run, 0);
		return ret;
	}

	if (mutex_lock_interruptible(&vcpu->lock))
		return -EINTR;
	switch (cmd) {
	case AVCPU_VCPU_SETUP:
		ret = avcpu_vcpu_setup(vcpu, uarg);
		break;
	case AVCPU_SET_ENTRY:
		ret = -EFAULT;
		if (copy_from_user(&pc, uarg, sizeof(pc)))
			break;
		vcpu->hyp->ctx.elr = pc;
		avcpu_debug_regs_set(vcpu, false, 0, 0);
		vcpu->pending = AVCPU_PENDING_NONE;
		avcpu_psci_reset_cancel(vcpu);
		vcpu->entry_set = true;
		ret = 0;
		break;
	case AVCPU_SET_EPT_ROOT:
		ret = avcpu_vcpu_set_root(vcpu, uarg);
		break;
	case AVCPU_GET_REGS:
		memcpy(&regs, &vcpu->hyp->ctx, sizeof(regs));
		avcpu_debug_regs_get(vcpu, &regs);
		ret = copy_to_user(uarg, &regs, sizeof(regs)) ? -EFAULT : 0;
		break;
	case AVCPU_SET_REGS:
		ret = avcpu_vcpu_set_regs(vcpu, uarg);
		break;
	case AVCPU_GET_SYSREGS:
		sysregs_get(vcpu, &sys);
		ret = copy_to_user(uarg, &sys, sizeof(sys)) ? -EFAULT : 0;
		break;
	case AVCPU_SET_SYSREGS:
		ret = avcpu_vcpu_set_sysregs(vcpu, uarg);
		break;
	case AVCPU_GET_MP_STATE:
		ret = avcpu_psci_get_mp_state(vcpu, uarg);
		break;
	case AVCPU_SET_MP_STATE:
		ret = avcpu_psci_set_mp_state(vcpu, uarg);
		break;
	case AVCPU_INJECT_EXCEPTION:
		ret = avcpu_vcpu_inject(vcpu, uarg);
		break;
	case AVCPU_SET_GUEST_DEBUG:
		ret = avcpu_debug_set(vcpu, uarg);
		break;
	case AVCPU_GET_GUEST_DEBUG:
		ret = avcpu_debug_get(vcpu, uarg);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&vcpu->lock);
	return ret;
}

static vm_fault_t avcpu_vcpu_fault(struct vm_fault *vmf)
{
	struct avcpu_vcpu *vcpu = vmf->vma->vm_file->private_data;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(vcpu->run);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct avcpu_vcpu_vm_ops = {
	.fault = avcpu_vcpu_fault,
};

/* Only the run page is mapped: it holds exit payload and nothing else. */
static int avcpu_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct avcpu_vcpu *vcpu = file->private_data;

	if (!avcpu_vm_owned(vcpu->vm))
		return -EIO;
	if (vma->vm_pgoff || vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	vma->vm_ops = &avcpu_vcpu_vm_ops;
	return 0;
}

static void avcpu_vcpu_free(struct avcpu_vcpu *vcpu)
{
	avcpu_timer_vcpu_destroy(vcpu);
	avcpu_psci_vcpu_remove(vcpu);
	avcpu_vgic_vcpu_remove(vcpu);
	avcpu_el2_unshare(vcpu->hyp);
	free_page((unsigned long)vcpu->hyp);
	free_page((unsigned long)vcpu->run);
	avcpu_vm_release_vcpu_id(vcpu->vm, vcpu->vcpu_id);
	avcpu_vm_put(vcpu->vm);
	avcpu_el2_guest_live(false);
	kfree(vcpu);
}

static int avcpu_vcpu_release(struct inode *inode, struct file *file)
{
	avcpu_vcpu_free(file->private_data);
	return 0;
}

static const struct file_operations avcpu_vcpu_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= avcpu_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= avcpu_vcpu_mmap,
	.release	= avcpu_vcpu_release,
	.llseek		= noop_llseek,
};

/*
 * The guest-owned state a vCPU starts with: EL1h with DAIF masked, MMU and
 * caches off, every other register 0; and the stage-2 attribute controls
 * that go with caches off.
 */
static void vcpu_reset_state(struct avcpu_vcpu *vcpu)
{
	struct avcpu_hyp_vcpu *h = vcpu->hyp;

	memset(&h->ctx, 0, sizeof(h->ctx));
	h->ctx.spsr = GUEST_RESET_SPSR;
	h->sys.sctlr_el1 = GUEST_RESET_SCTLR;
	/*
	 * Stage-2 memory attributes: forced write-back where every CPU has
	 * FEAT_S2FWB (the VM's tables use that encoding, driver/vm.c);
	 * elsewhere the guest's memory must be cleaned to PoC when it turns
	 * its caches on or off, which TVM lets EL2 see.
	 */
	h->hcr_dyn &= ~(AVCPU_HCR_FWB | AVCPU_HCR_TVM);
	h->hcr_dyn |= avcpu_s2_fwb() ? AVCPU_HCR_FWB : AVCPU_HCR_TVM;
	vcpu->pending = AVCPU_PENDING_NONE;
	/* A reset (PSCI CPU_ON) drops what the VMM injected. */
	h->hcr_dyn &= ~AVCPU_HCR_VSE;
	vcpu->inject_pending = false;
	avcpu_debug_reset(vcpu);
}

/*
 * PSCI CPU_ON (driver/psci.c), on the target's own RUN: a warm reset to
 * @pc with x0 = @x0 and the caller's endianness (KVM's kvm_reset_vcpu()).
 * Everything the guest owns goes back to its reset value, but CNTVOFF:
 * the VM's virtual counter is one for all its vCPUs.
 */
void avcpu_vcpu_reset_regs(struct avcpu_vcpu *vcpu, u64 pc, u64 x0, bool be)
{
	struct avcpu_hyp_vcpu *h = vcpu->hyp;

	memset(&h->sys, 0, sizeof(h->sys));
	memset(&h->feat, 0, sizeof(h->feat));
	memset(&vcpu->fp, 0, sizeof(vcpu->fp));
	h->sys.cntvoff_el2 = avcpu_vm_cntvoff(vcpu->vm);
	avcpu_timer_vcpu_reset(vcpu);
	vcpu_reset_state(vcpu);
	if (be)
		h->sys.sctlr_el1 |= SCTLR_EL1_EE;
	h->ctx.elr = pc;
	h->ctx.x[0] = x0;
	vcpu->entry_set = true;
}

/* The seed's new() + init_vm_context(). */
static void vcpu_reset(struct avcpu_vcpu *vcpu,
		       const struct avcpu_vcpu_create *c)
{
	struct avcpu_hyp_vcpu *h = vcpu->hyp;

	vcpu_reset_state(vcpu);
	h->ctx.x[0] = c->dtb_addr;
	h->vtcr_el2 = avcpu_el2_vtcr();
	h->vmpidr_el2 = c->mpidr | VMPIDR_RES1;
	vcpu->mpidr = c->mpidr;
	/*
	 * CTR_EL0 differs between CPUs (big.LITTLE): the guest must see
	 * one value wherever it runs, the one safe on all of them.
	 */
	h->ctr_el0 = read_sanitised_ftr_reg(SYS_CTR_EL0);
	if (cpus_have_final_cap(ARM64_MISMATCHED_CACHE_TYPE) ||
	    READ_ONCE(avcpu_force_tid2))
		h->hcr_dyn |= AVCPU_HCR_TID2;
	vcpu->uid = atomic64_inc_return(&vcpu_uids);
}

int avcpu_vcpu_create(struct avcpu_vm *vm, void __user *arg)
{
	struct avcpu_vcpu_create c;
	struct avcpu_vcpu *vcpu;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	if ((c.flags & ~AVCPU_VCPU_POWER_OFF) || c.reserved[0] || c.reserved[1] ||
	    c.vcpu_id > AVCPU_MAX_VCPU_ID || (c.mpidr & ~AVCPU_MPIDR_AFF_MASK))
		return -EINVAL;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	mutex_init(&vcpu->lock);
	vcpu->vcpu_id = c.vcpu_id;
	vcpu->hyp = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	ret = -ENOMEM;
	if (!vcpu->hyp || !vcpu->run)
		goto err_free;
	ret = avcpu_vm_claim_vcpu_id(vm, c.vcpu_id);
	if (ret)
		goto err_free;
	ret = avcpu_el2_share(vcpu->hyp);
	if (ret)
		goto err_id;
	vcpu_reset(vcpu, &c);
	/* EL2's controls for GET_SYSREGS before the first RUN. */
	if (avcpu_hvc0_arg(AVCPU_HC_VCPU_INIT, virt_to_phys(vcpu->hyp))) {
		ret = -EIO;
		avcpu_el2_unshare(vcpu->hyp);
		goto err_id;
	}
	avcpu_vm_get(vm);
	vcpu->vm = vm;
	vcpu->hyp->sys.cntvoff_el2 = avcpu_vm_cntvoff(vm);
	avcpu_timer_vcpu_init(vcpu);
	avcpu_el2_guest_live(true);
	avcpu_psci_vcpu_add(vcpu, c.flags & AVCPU_VCPU_POWER_OFF);
	/* Its redistributor, if the VM has an irqchip. */
	ret = avcpu_vgic_vcpu_add(vcpu);
	if (ret) {
		avcpu_vcpu_free(vcpu);
		return ret;
	}

	ret = anon_inode_getfd("avcpu-vcpu", &avcpu_vcpu_fops, vcpu,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0)
		avcpu_vcpu_free(vcpu);
	return ret;

err_id:
	avcpu_vm_release_vcpu_id(vm, c.vcpu_id);
err_free:
	free_page((unsigned long)vcpu->hyp);
	free_page((unsigned long)vcpu->run);
	kfree(vcpu);
	return ret;
}
