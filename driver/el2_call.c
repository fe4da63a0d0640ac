// SPDX-License-Identifier: GPL-2.0
/*
 * avcpu: host calls into EL2 from the driver: on a chosen CPU (the
 * AVCPU_GET_EL2_INFO query, read at EL2 on that CPU), or on any CPU that
 * runs avcpu's EL2 (broadcast TLB maintenance).
 */
#include <linux/cpu.h>
#include <linux/smp.h>
#include <asm/sysreg.h>
#include <uapi/linux/avcpu.h>

#include "avcpu.h"
#include "el2.h"

struct el2_call {
	unsigned long fn, arg, ret;
};

static void el2_call_local(void *data)
{
	struct el2_call *c = data;
	struct avcpu_hvc_res res;

	avcpu_hvc(c->fn, c->arg, 0, 0, 0, &res);
	c->ret = res.a[0];
}

/*
 * A host call whose effect is not tied to one CPU (broadcast TLB
 * maintenance): here if this CPU runs avcpu's EL2, else on the first
 * online CPU that does.
 */
unsigned long avcpu_el2_call_any_cpu(unsigned long fn, unsigned long arg)
{
	struct el2_call c = { .fn = fn, .arg = arg, .ret = AVCPU_STUB_ERR };
	unsigned int cpu;

	el2_call_local(&c);
	if (c.ret == AVCPU_HC_OK)
		return c.ret;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (!smp_call_function_single(cpu, el2_call_local, &c, 1) &&
		    c.ret == AVCPU_HC_OK)
			break;
	}
	cpus_read_unlock();
	return c.ret;
}

/*
 * Invalidate all translations of one VMID on every CPU, completed (dsb
 * ish at EL2) before this returns: after a stage-2 entry was cleared, and
 * before a VMID is reused.
 */
void avcpu_el2_s2_flush(u64 vttbr)
{
	if (avcpu_el2_call_any_cpu(AVCPU_HC_S2_FLUSH, vttbr) != AVCPU_HC_OK)
		pr_debug("stage-2 flush: no CPU runs avcpu's EL2\n");
}

struct el2_query {
	struct avcpu_hvc_res res;
	unsigned long probe;
};

static void el2_query_local(void *arg)
{
	struct el2_query *q = arg;

	avcpu_hvc(AVCPU_HC_QUERY, 0, 0, 0, 0, &q->res);
	q->probe = avcpu_hvc0(AVCPU_HC_PROBE);
}

int avcpu_el2_query(unsigned int cpu, struct avcpu_el2_info *info, bool raw)
{
	struct avcpu_hyp_percpu *hyp;
	struct el2_query q;
	unsigned long sctlr;
	int ret;

	cpus_read_lock();
	if (!cpu_online(cpu)) {
		cpus_read_unlock();
		return -ENXIO;
	}
	ret = smp_call_function_single(cpu, el2_query_local, &q, 1);
	cpus_read_unlock();
	if (ret)
		return ret;

	hyp = avcpu_el2_percpu(cpu);
	info->host_calls = READ_ONCE(hyp->host_calls);
	info->refused_calls = READ_ONCE(hyp->refused_calls);
	if (q.probe != AVCPU_HYP_MAGIC || q.res.a[0] != AVCPU_HC_OK) {
		if (READ_ONCE(hyp->state) == AVCPU_HYP_STATE_LOST) {
			info->state = AVCPU_EL2_STATE_LOST;
			info->lost_call = READ_ONCE(hyp->lost_call);
		} else {
			info->state = q.probe == AVCPU_STUB_ERR ?
				      AVCPU_EL2_STATE_STUB :
				      AVCPU_EL2_STATE_OTHER;
		}
		return 0;
	}

	info->state = AVCPU_EL2_STATE_AVCPU;
	sctlr = q.res.a[2];
	info->sctlr_el2 = sctlr;
	info->tcr_el2 = q.res.a[4];
	if (q.res.a[5] & AVCPU_HYP_Q_VBAR_OURS)
		info->flags |= AVCPU_EL2_VBAR_OURS;
	if (sctlr & SCTLR_ELx_M)
		info->flags |= AVCPU_EL2_MMU_ON;
	if (sctlr & SCTLR_ELx_C)
		info->flags |= AVCPU_EL2_DCACHE_ON;
	if (sctlr & SCTLR_ELx_I)
		info->flags |= AVCPU_EL2_ICACHE_ON;
	if (sctlr & SCTLR_ELx_WXN)
		info->flags |= AVCPU_EL2_WXN;
	info->flags |= avcpu_spec_info_flags(q.res.a[5]);
	if (raw) {
		info->flags |= AVCPU_EL2_RAW;
		info->vbar_el2 = q.res.a[1];
		info->ttbr0_el2 = q.res.a[3];
		info->stub_vbar = READ_ONCE(hyp->stub_vbar);
	}
	return 0;
}
