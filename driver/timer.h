/* SPDX-License-Identifier: GPL-2.0 */
/*
 * avcpu: a guest's generic timers (driver/timer.c), KVM's arch_timer.c in
 * small.
 *
 *  - The virtual timer (CNTV_*) is the guest's own hardware: its
 *    registers are switched by EL2 (lib/context_frame.c) and never trap.
 *    Its interrupt is the guest's PPI 27 in the virtual GIC, through a
 *    hardware-linked list register on the host's PPI 27.
 *  - The EL1 physical timer is the nVHE host's tick, so the guest's
 *    CNTP_CTL/CVAL/TVAL trap (CNTHCTL_EL2.EL1PCEN = 0) and are emulated
 *    here, with an hrtimer and PPI 30 in the virtual GIC.
 *  - One virtual counter per VM: CNTVOFF_EL2 is the VM's (vm.c).
 */
#ifndef _AVCPU_DRIVER_TIMER_H
#define _AVCPU_DRIVER_TIMER_H

#include <linux/hrtimer.h>
#include <linux/types.h>

/* The guest's INTIDs (QEMU virt's, and KVM's defaults). */
#define AVCPU_TIMER_VTIMER_INTID	27
#define AVCPU_TIMER_PTIMER_INTID	30

/* CNT*_CTL_EL0 */
#define AVCPU_TIMER_CTL_ENABLE		BIT(0)
#define AVCPU_TIMER_CTL_IMASK		BIT(1)
#define AVCPU_TIMER_CTL_ISTATUS		BIT(2)

struct avcpu_vcpu;
struct avcpu_vgic;

/* An hrtimer that ends a vCPU's sleep or slice at a counter deadline. */
struct avcpu_timer_wake {
	struct hrtimer hrt;
	u64 deadline;			/* in the physical count */
	struct avcpu_vcpu *vcpu;
};

/* A vCPU's part (in struct avcpu_vcpu, under its mutex). */
struct avcpu_vcpu_timer {
	/* The emulated EL1 physical timer */
	u64 cntp_ctl;			/* ENABLE, IMASK */
	u64 cntp_cval;
	struct avcpu_timer_wake ptimer;	/* its deadline, while in RUN */
	struct avcpu_timer_wake vtimer;	/* the virtual one's, in WFI */
	/* The virtual timer's list register was live at the last entry. */
	bool hw_lr;
};

int avcpu_timer_init(void);		/* module load: the vtimer PPI */
void avcpu_timer_exit(void);
/* Why guests can have no irqchip, or 0 (the vtimer PPI is ours). */
int avcpu_timer_irqchip_err(void);
/* The host's hardware INTID for the vtimer PPI, for its list register. */
u32 avcpu_timer_vtimer_hwintid(void);

void avcpu_timer_vcpu_init(struct avcpu_vcpu *vcpu);
void avcpu_timer_vcpu_reset(struct avcpu_vcpu *vcpu);
void avcpu_timer_vcpu_destroy(struct avcpu_vcpu *vcpu);

/* RUN begins and ends: the physical timer's hrtimer lives in between. */
void avcpu_timer_run_begin(struct avcpu_vcpu *vcpu);
void avcpu_timer_run_end(struct avcpu_vcpu *vcpu);
/* Every entry, interrupts masked; vGIC lock held when @d. */
void avcpu_timer_update_lines(struct avcpu_vcpu *vcpu, struct avcpu_vgic *d,
			      u64 now);
void avcpu_timer_entry(struct avcpu_vcpu *vcpu);
void avcpu_timer_exit_guest(struct avcpu_vcpu *vcpu);
/* WFI: arm the hrtimers that end the sleep at a deadline, and disarm. */
void avcpu_timer_wfi_begin(struct avcpu_vcpu *vcpu);
void avcpu_timer_wfi_end(struct avcpu_vcpu *vcpu);
/* A trapped CNTP_* access: true when answered (and completed). */
bool avcpu_timer_sysreg(struct avcpu_vcpu *vcpu, u64 esr);
/* GET/SET_SYSREGS */
u64 avcpu_timer_cntp_ctl(struct avcpu_vcpu *vcpu);
void avcpu_timer_cntp_set(struct avcpu_vcpu *vcpu, u64 ctl, u64 cval);
/* The physical count, as the guest's CNTPCT_EL0 reads it. */
u64 avcpu_timer_count(void);

#endif /* _AVCPU_DRIVER_TIMER_H */
