/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest test library: guest code written in C, in the test that uses
 * it (as the kernel's KVM selftests, tools/testing/selftests/kvm).
 *
 * The guest runs the test binary's own code.  The binaries are static,
 * non-PIE executables; vm_create() copies the live image of the binary
 * (its PT_LOAD segments, page-rounded) into guest RAM at IPA == the host
 * virtual address, so a function pointer, a string literal (__FILE__) and
 * a global have the same address in the guest and in the host.  Guest
 * globals are private copies taken at vm_create() (sync_global_to_guest()
 * and sync_global_from_guest() move them later).
 *
 * Guest memory map (identity, MMU on from the first instruction):
 *   the binary        2 MiB blocks, Normal write-back
 *   rest of GiB 0     Device-nGnRE (MMIO exits, e.g. at 0x09000000)
 *   GUEST_RAM_IPA     the library's RAM: page tables, one stack per vCPU,
 *                     a scratch area for tests; its GiB Normal write-back
 *   anything else     unmapped (a translation fault, reported)
 *
 * Guest to host: "hvc #GUEST_UCALL_IMM" (an immediate other than 0 is
 * never an SMCCC call, always an AVCPU_EXIT_HYPERCALL), x0 = UCALL_*,
 * x1..x6 = arguments.  Every exception the guest takes itself (the
 * library's vectors) is reported as UCALL_UNEXPECTED.
 */
#ifndef _AVCPU_SELFTEST_GUEST_LIB_H
#define _AVCPU_SELFTEST_GUEST_LIB_H

#ifdef __ASSEMBLY__
#define _UL(x)			x
#else
#define _UL(x)			x##UL
#endif

#define GUEST_UCALL_IMM		0x7563

#define UCALL_NONE		0
#define UCALL_SYNC		1
#define UCALL_ASSERT		2
#define UCALL_DONE		3
#define UCALL_UNEXPECTED	4

#define GUEST_MAX_VCPUS		8
#define GUEST_RAM_IPA		_UL(0x80000000)
#define GUEST_RAM_SIZE		_UL(0x200000)
#define GUEST_PT_IPA		GUEST_RAM_IPA		/* level-1 table */
#define GUEST_STACK_BASE	(GUEST_RAM_IPA + 0x10000)
#define GUEST_STACK_SIZE	0x4000
#define GUEST_SCRATCH_IPA	(GUEST_RAM_IPA + 0x100000)
#define GUEST_SCRATCH_SIZE	_UL(0x100000)

/* vCPU i's create-time MPIDR (Aff0 = i); its MPIDR_EL1 adds bit 31. */
#define GUEST_MPIDR(i)		((unsigned long)(i))

/* MAIR attr 0 Normal write-back, attr 1 Device-nGnRE. */
#define GUEST_MAIR		0x04ff
/* T0SZ 25 (39 bits), WB WA inner/outer, inner shareable, 4K, EPD1, IPS 40. */
#define GUEST_TCR		(25 | (1 << 8) | (1 << 10) | (3 << 12) | \
				 (1 << 23) | (_UL(2) << 32))
#define SCTLR_EL1_RESET		_UL(0x30c50830)
#define GUEST_SCTLR		(SCTLR_EL1_RESET | (1 << 0) | (1 << 2) | \
				 (1 << 12))	/* M, C, I */
#define GUEST_CPACR		(3 << 20)	/* FPEN: FP/SIMD at EL0/EL1 */
#define SPSR_EL1H_DAIF		0x3c5

/* SMCCC and PSCI function ids, return values. */
#define SMCCC_VERSION		0x80000000
#define SMCCC_ARCH_FEATURES	0x80000001
#define SMCCC_ARCH_WORKAROUND_1	0x80008000
#define SMCCC_ARCH_WORKAROUND_2	0x80007fff
#define SMCCC_ARCH_WORKAROUND_3	0x80003fff
#define PSCI_VERSION		0x84000000
#define PSCI_CPU_SUSPEND	0x84000001
#define PSCI_CPU_SUSPEND64	0xc4000001
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0x84000003
#define PSCI_CPU_ON64		0xc4000003
#define PSCI_AFFINITY_INFO	0x84000004
#define PSCI_AFFINITY_INFO64	0xc4000004
#define PSCI_MIGRATE		0x84000005
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a
#define PSCI_SYSTEM_SUSPEND	0x8400000e
#define PSCI_SYSTEM_SUSPEND64	0xc400000e
#define PSCI_SYSTEM_RESET2	0x84000012
#define PSCI_SYSTEM_RESET2_64	0xc4000012

#ifndef __ASSEMBLY__

#include <stdbool.h>
#include <pthread.h>
#include <linux/avcpu.h>

#define SMCCC_RET_SUCCESS		0UL
#define SMCCC_RET_NOT_SUPPORTED		(~0UL)		/* -1 */
#define SMCCC_RET_NOT_REQUIRED		(~0UL - 1)	/* -2 */
#define PSCI_RET_SUCCESS		0UL
#define PSCI_RET_NOT_SUPPORTED		(~0UL)		/* -1 */
#define PSCI_RET_INVALID_PARAMS		(~0UL - 1)	/* -2 */
#define PSCI_RET_DENIED			(~0UL - 2)	/* -3 */
#define PSCI_RET_ALREADY_ON		(~0UL - 3)	/* -4 */
#define PSCI_RET_INTERNAL_FAILURE	(~0UL - 5)	/* -6 */
#define PSCI_RET_INVALID_ADDRESS	(~0UL - 8)	/* -9 */

/* ---------------------------------------------------------------------
 * Guest side.  Everything here runs at EL1 in the guest: no libc, no TLS
 * (TPIDR_EL0 is not the host's), no system calls.
 */

#define __guest_str(x)	#x
#define guest_str(x)	__guest_str(x)

#define read_sysreg(r) ({					\
	__u64 __v;						\
	asm volatile("mrs %0, " __guest_str(r) : "=r" (__v));	\
	__v;							\
})
#define write_sysreg(v, r) do {					\
	__u64 __w = (__u64)(v);					\
	asm volatile("msr " __guest_str(r) ", %x0" : : "rZ" (__w));	\
} while (0)

static inline void isb(void)
{
	asm volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	asm volatile("dsb ish" : : : "memory");
}

static inline void wfi(void)
{
	asm volatile("wfi" : : : "memory");
}

static inline void cpu_relax(void)
{
	asm volatile("yield" : : : "memory");
}

/* Single accesses the compiler neither tears, merges nor drops. */
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* Milliseconds of the virtual counter, for timeouts in guest loops. */
static inline __u64 guest_ms(void)
{
	isb();
	return read_sysreg(cntvct_el0) / (read_sysreg(cntfrq_el0) / 1000);
}

/* Device accesses (MMIO exits outside guest RAM). */
static inline void mmio_write32(__u64 addr, __u32 val)
{
	asm volatile("str %w0, [%1]" : : "rZ" (val), "r" (addr) : "memory");
}

static inline __u32 mmio_read32(__u64 addr)
{
	__u32 val;

	asm volatile("ldr %w0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

static inline __u64 mmio_read64(__u64 addr)
{
	__u64 val;

	asm volatile("ldr %0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

/* A guest entry point in a test's own assembly file. */
#define GUEST_ASM_ENTRY(name)	extern char name[]

/* The library's vectors and the entry of CPU_ON'd vCPUs (guest_lib.S). */
extern char guest_vectors[], guest_secondary_entry[], guest_return[];

/* One vCPU slot of guest_cpu_on(): read by guest_secondary_entry. */
struct guest_cpu_slot {
	__u64 fn;
	__u64 arg;
};

extern struct guest_cpu_slot guest_cpu_slots[GUEST_MAX_VCPUS];

static inline __u64 __ucall(__u64 kind, __u64 a1, __u64 a2, __u64 a3,
			    __u64 a4, __u64 a5, __u64 a6)
{
	register __u64 x0 asm("x0") = kind;
	register __u64 x1 asm("x1") = a1;
	register __u64 x2 asm("x2") = a2;
	register __u64 x3 asm("x3") = a3;
	register __u64 x4 asm("x4") = a4;
	register __u64 x5 asm("x5") = a5;
	register __u64 x6 asm("x6") = a6;

	/* The host may write x0..x3 back (avcpu_run.hypercall.ret). */
	asm volatile("hvc #" guest_str(GUEST_UCALL_IMM)
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : "r" (x4), "r" (x5), "r" (x6) : "memory");
	return x0;
}

#define __guest_sync6(a, b, c, d, e, f, ...) \
	__ucall(UCALL_SYNC, (__u64)(a), (__u64)(b), (__u64)(c), \
		(__u64)(d), (__u64)(e), (__u64)(f))
/* Up to 6 values to the host; returns the host's x0 (ret[0]). */
#define GUEST_SYNC_ARGS(...)	__guest_sync6(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define GUEST_SYNC(arg)		GUEST_SYNC_ARGS(arg)

/* These two never return: the host must not resume a finished guest. */
static inline void GUEST_DONE(void)
{
	for (;;)
		__ucall(UCALL_DONE, 0, 0, 0, 0, 0, 0);
}

static inline void __guest_assert_fail(const char *file, __u64 line,
				       const char *expr, __u64 a, __u64 b,
				       __u64 values)
{
	for (;;)
		__ucall(UCALL_ASSERT, (__u64)file, line, (__u64)expr, a,
			b, values);
}

#define GUEST_ASSERT(cond) do {						\
	if (!(cond))							\
		__guest_assert_fail(__FILE__, __LINE__,			\
				    "GUEST_ASSERT(" #cond ")", 0, 0, 0);	\
} while (0)

#define GUEST_ASSERT_EQ(a, b) do {					\
	__u64 __a = (__u64)(a), __b = (__u64)(b);		\
	if (__a != __b)							\
		__guest_assert_fail(__FILE__, __LINE__,			\
				    "GUEST_ASSERT_EQ(" #a ", " #b ")",	\
				    __a, __b, 1);			\
} while (0)

/* As GUEST_ASSERT_EQ, naming the check @what (a string literal). */
#define GUEST_ASSERT_EQ_WHAT(a, b, what) do {				\
	__u64 __a = (__u64)(a), __b = (__u64)(b);			\
	if (__a != __b)							\
		__guest_assert_fail(__FILE__, __LINE__, what, __a, __b,	\
				    1);					\
} while (0)

/* x0..x3 after an SMCCC call. */
struct smccc_res {
	__u64 a0, a1, a2, a3;
};

/*
 * SMCCC 1.1: x0..x17 may be clobbered, x18 and up are preserved.  @insn
 * is the whole instruction ("hvc #0"; tests also use other immediates).
 */
#define __smccc_call(insn, fid, arg1, arg2, arg3, res) do {		\
	struct smccc_res *__res = (res);				\
	register __u64 __x0 asm("x0") = (fid);				\
	register __u64 __x1 asm("x1") = (arg1);				\
	register __u64 __x2 asm("x2") = (arg2);				\
	register __u64 __x3 asm("x3") = (arg3);				\
	asm volatile(insn						\
		     : "+r" (__x0), "+r" (__x1), "+r" (__x2), "+r" (__x3) \
		     : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",	\
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",	\
		       "memory");					\
	__res->a0 = __x0;						\
	__res->a1 = __x1;						\
	__res->a2 = __x2;						\
	__res->a3 = __x3;						\
} while (0)

static inline void smccc_hvc(__u64 fid, __u64 a1, __u64 a2,
			     __u64 a3, struct smccc_res *res)
{
	__smccc_call("hvc #0", fid, a1, a2, a3, res);
}

static inline void smccc_smc(__u64 fid, __u64 a1, __u64 a2,
			     __u64 a3, struct smccc_res *res)
{
	__smccc_call("smc #0", fid, a1, a2, a3, res);
}

/* x0 of an hvc #0 call. */
static inline __u64 hvc0(__u64 fid, __u64 a1, __u64 a2, __u64 a3)
{
	struct smccc_res res;

	smccc_hvc(fid, a1, a2, a3, &res);
	return res.a0;
}

/* What a vCPU started by guest_cpu_on() runs; returning is GUEST_DONE. */
typedef void (*guest_cpu_fn)(__u64 arg, __u64 context_id);

/*
 * PSCI CPU_ON (64-bit) of the vCPU with create-time mpidr @mpidr, which
 * then runs fn(arg, context id) with the library's MMU, vectors and its
 * stack (slot = Aff0 = the vCPU index, passed as the context id).  The slot is written
 * here with the MMU on, and guest_secondary_entry reads it only after
 * turning its own MMU on: both sides access it as Normal cacheable
 * memory, so no cache maintenance is needed (with the target's MMU off
 * its read would be non-cacheable and could miss a line still dirty in
 * this CPU's cache).  Returns the PSCI result.
 */
static inline __u64 guest_cpu_on(__u64 mpidr, guest_cpu_fn fn, __u64 arg)
{
	__u64 slot = mpidr & 0xff;

	if (slot < GUEST_MAX_VCPUS) {
		WRITE_ONCE(guest_cpu_slots[slot].fn, (__u64)fn);
		WRITE_ONCE(guest_cpu_slots[slot].arg, arg);
	}
	dsb_ish();	/* the slot before the target can start */
	return hvc0(PSCI_CPU_ON64, mpidr, (__u64)guest_secondary_entry,
		    slot);
}

/*
 * Exception handlers (guest_handlers.c), as the KVM selftests' ones: the
 * vector index is VBAR_EL1's slot (the offset / 0x80).  A handler runs at
 * EL1h with interrupts masked, on the stack of the vCPU, and the guest
 * returns (eret) to regs->pc with regs->pstate and regs->regs[] as the
 * handler leaves them; sp is the interrupted code's SP_EL1 (changing it
 * has no effect).  Install them from the host after vm_create() and
 * before the vCPUs run.
 */
enum {
	VECTOR_SYNC_CURRENT_SP0,
	VECTOR_IRQ_CURRENT_SP0,
	VECTOR_FIQ_CURRENT_SP0,
	VECTOR_ERROR_CURRENT_SP0,
	VECTOR_SYNC_CURRENT,
	VECTOR_IRQ_CURRENT,
	VECTOR_FIQ_CURRENT,
	VECTOR_ERROR_CURRENT,
	VECTOR_SYNC_LOWER_64,
	VECTOR_IRQ_LOWER_64,
	VECTOR_FIQ_LOWER_64,
	VECTOR_ERROR_LOWER_64,
	VECTOR_SYNC_LOWER_32,
	VECTOR_IRQ_LOWER_32,
	VECTOR_FIQ_LOWER_32,
	VECTOR_ERROR_LOWER_32,
	VECTOR_NUM
};

#define ESR_EC_NUM	64

struct ex_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;			/* ELR_EL1 */
	__u64 pstate;			/* SPSR_EL1 */
};

typedef void (*handler_fn)(struct ex_regs *regs);

/* ---------------------------------------------------------------------
 * Host side (guest_lib.c).  Failures of the library's own ioctls end the
 * test process with a message (as KVM's TEST_ASSERT).
 */

struct ucall {
	__u64 kind;			/* UCALL_*, UCALL_NONE if none */
	__u64 args[6];
};

/* What one RUN returned. */
struct vcpu_event {
	int err;			/* 0, or RUN's errno */
	struct avcpu_run run;		/* a copy of the run structure */
	struct ucall uc;
};

#define VCPU_EVQ_LEN	64

struct gvm;

struct gvcpu {
	struct gvm *vm;
	int fd;
	__u32 id;
	__u64 mpidr;
	struct avcpu_run *run;
	/* The vCPU thread (vcpu_thread_start) and its events. */
	pthread_t thread;
	bool thread_live;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int evq_head, evq_tail;
	struct vcpu_event evq[VCPU_EVQ_LEN];
};

struct gvm {
	int dev, fd;
	__u64 img_start, img_size;	/* the binary, page-rounded */
	void *img;			/* its guest copy */
	void *ram;			/* GUEST_RAM_IPA */
	size_t run_size;
	struct gvcpu *vcpus[GUEST_MAX_VCPUS];
};

/* A VM with the binary, page tables and stacks; no vCPU yet. */
struct gvm *vm_create(void);
void vm_destroy(struct gvm *vm);
/*
 * vCPU @id (mpidr GUEST_MPIDR(id)).  With @fn: it starts at fn(args set by
 * vcpu_args_set) with the MMU on, the library's vectors, its stack, DAIF
 * masked; returning from fn reports UCALL_DONE.  Without: it is created
 * powered off (AVCPU_VCPU_POWER_OFF), for a guest CPU_ON.
 */
struct gvcpu *vm_vcpu_add(struct gvm *vm, __u32 id, void *fn);
/*
 * The same with another create-time MPIDR.  Its stack is still vCPU
 * @id's; only guest_cpu_on() goes by Aff0 (its slot and stack index), so
 * vCPUs it turns on need distinct Aff0 values below GUEST_MAX_VCPUS.
 */
struct gvcpu *vm_vcpu_add_mpidr(struct gvm *vm, __u32 id, __u64 mpidr,
				void *fn);
void vcpu_args_set(struct gvcpu *v, int n, ...);
/*
 * The next RUN starts fn() as vm_vcpu_add() sets it up (registers and
 * the library's system registers), e.g. for a vCPU created powered off
 * that the VMM turns on with AVCPU_SET_MP_STATE.
 */
void vcpu_set_guest_fn(struct gvcpu *v, void *fn);
/* @h for synchronous exceptions with ESR_EL1.EC @ec at @vector. */
void vm_install_sync_handler(struct gvm *vm, int vector, int ec,
			     handler_fn h);
/* @h for everything at @vector (every EC of a synchronous vector). */
void vm_install_exception_handler(struct gvm *vm, int vector, handler_fn h);
/* The host address of guest address @gva (NULL if not guest RAM). */
void *addr_gva2hva(struct gvm *vm, __u64 gva);

#define sync_global_to_guest(vm, g) do {				\
	__typeof__(g) *__g = &(g);					\
	memcpy(addr_gva2hva(vm, (__u64)__g), __g, sizeof(*__g));	\
} while (0)
#define sync_global_from_guest(vm, g) do {				\
	__typeof__(g) *__g = &(g);					\
	memcpy(__g, addr_gva2hva(vm, (__u64)__g), sizeof(*__g));	\
} while (0)

/* RUN once; the event it produced (err = errno or 0). */
void vcpu_run(struct gvcpu *v, struct vcpu_event *ev);
__u64 vcpu_get_ucall(struct gvcpu *v, const struct avcpu_run *run,
		     struct ucall *uc);
/* AVCPU_SET_ENTRY: the next RUN starts at @pc. */
void vcpu_set_entry(struct gvcpu *v, __u64 pc);
void vcpu_get_regs(struct gvcpu *v, struct avcpu_regs *r);
void vcpu_set_regs(struct gvcpu *v, const struct avcpu_regs *r);
void vcpu_get_sysregs(struct gvcpu *v, struct avcpu_sysregs *s);
void vcpu_set_sysregs(struct gvcpu *v, const struct avcpu_sysregs *s);
/* AVCPU_GET/SET_MP_STATE: 0 or -errno. */
int vcpu_get_mp_state(struct gvcpu *v, __u32 *state);
int vcpu_set_mp_state(struct gvcpu *v, __u32 state);

/*
 * A thread that RUNs the vCPU, queueing one event per RUN, and goes on
 * after a UCALL_SYNC; any other event (DONE, ASSERT, UNEXPECTED, another
 * exit, an error such as EINTR) ends the thread.  vcpu_thread_start()
 * again to go on.
 */
void vcpu_thread_start(struct gvcpu *v);
/* Next event within @timeout_ms: 0, or -ETIMEDOUT. */
int vcpu_event_wait(struct gvcpu *v, struct vcpu_event *ev, int timeout_ms);
/* Wait for the thread to end (after its last event). */
void vcpu_thread_join(struct gvcpu *v);
/*
 * SIGUSR1 to the thread every 20 ms until it queues an event (a signal
 * that lands before its RUN starts is lost): 0, or -ETIMEDOUT.
 */
int vcpu_kick_until_event(struct gvcpu *v, struct vcpu_event *ev,
			  int timeout_ms);
/* A no-op SIGUSR1 handler, without SA_RESTART. */
void install_sigusr1_noop(void);

/*
 * 0 if @ev is the ucall @kind; otherwise -1 and @msg says what it was
 * instead: "file.c:123: GUEST_ASSERT_EQ(a, b) failed: 0x1 != 0x2" for a
 * guest assertion, the vector, ESR_EL1, ELR_EL1 and FAR_EL1 of an
 * unexpected guest exception, or the exit.
 */
int vcpu_event_check(struct gvcpu *v, const struct vcpu_event *ev,
		     __u64 kind, char *msg, size_t len);
/* What @ev was, in words. */
void vcpu_event_str(struct gvcpu *v, const struct vcpu_event *ev, char *msg,
		    size_t len);

/*
 * For kselftest_harness.h tests (need _metadata).  A mismatch prints
 * "# <what it was>" and fails the test as an ASSERT_* does.
 */
#define __UCALL_FAIL(msg) do {						\
	fprintf(TH_LOG_STREAM, "# %s\n", msg);				\
	_metadata->exit_code = KSFT_FAIL;				\
	__bail(1, _metadata);						\
} while (0)

#define ASSERT_EVENT_UCALL(v, ev, kind) do {				\
	char __msg[512];						\
	if (vcpu_event_check(v, ev, kind, __msg, sizeof(__msg)))	\
		__UCALL_FAIL(__msg);					\
} while (0)

/* RUN @v (on this thread) once: it must make the ucall @kind. */
#define ASSERT_UCALL(v, kind, ev) do {					\
	struct gvcpu *__v = (v);					\
	struct vcpu_event *__ev = (ev);					\
	vcpu_run(__v, __ev);						\
	ASSERT_EVENT_UCALL(__v, __ev, kind);				\
} while (0)

/* The next event of @v's thread must be the ucall @kind. */
#define ASSERT_THREAD_UCALL(v, kind, ev) do {				\
	struct gvcpu *__v = (v);					\
	struct vcpu_event *__ev = (ev);					\
	if (vcpu_event_wait(__v, __ev, 20000)) {			\
		char __m[64];						\
		snprintf(__m, sizeof(__m), "vCPU %u: no event in 20 s",	\
			 __v->id);					\
		__UCALL_FAIL(__m);					\
	}								\
	ASSERT_EVENT_UCALL(__v, __ev, kind);				\
} while (0)

#ifdef __KSELFTEST_HARNESS_H
/* No event from the vCPU's thread for this long: its RUN is waiting. */
#define QUIET_MS	300

static inline void expect_waiting(struct __test_metadata *_metadata,
				  struct gvcpu *v)
{
	struct vcpu_event ev;
	char msg[400];

	if (!vcpu_event_wait(v, &ev, QUIET_MS)) {
		vcpu_event_str(v, &ev, msg, sizeof(msg));
		TH_LOG("vCPU %u did not wait: %s", v->id, msg);
		EXPECT_TRUE(0);
	}
}

/* Signal the waiting thread: its RUN returns EINTR (exit INTR). */
static inline void expect_kick_eintr(struct __test_metadata *_metadata,
				     struct gvcpu *v)
{
	struct vcpu_event ev;

	ASSERT_EQ(0, vcpu_kick_until_event(v, &ev, 5000));
	EXPECT_EQ(EINTR, ev.err);
	EXPECT_EQ(AVCPU_EXIT_INTR, ev.run.exit_reason);
	vcpu_thread_join(v);
}
#endif /* __KSELFTEST_HARNESS_H */

#endif /* __ASSEMBLY__ */
#endif /* _AVCPU_SELFTEST_GUEST_LIB_H */
