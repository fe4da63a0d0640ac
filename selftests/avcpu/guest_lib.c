// SPDX-License-Identifier: GPL-2.0
/*
 * The guest test library, host side (guest_lib.h): a VM running the test
 * binary's own code with the guest MMU on, its vCPUs, their threads, and
 * the decoding of the guest's ucalls.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <elf.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest_lib.h"

/* Guest data: each VM has its own copy (it is in the binary's image). */
struct guest_cpu_slot guest_cpu_slots[GUEST_MAX_VCPUS];

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAGE		4096UL
#define SZ_2M		0x200000UL
#define SZ_1G		0x40000000UL

/* Stage-1 block and table descriptors (4K granule). */
#define PTE_TABLE	3UL
#define PTE_BLOCK	1UL
#define PTE_ATTR(i)	((__u64)(i) << 2)	/* MAIR index */
#define PTE_SH_INNER	0x300UL
#define PTE_AF		0x400UL
#define PTE_PXN		0x0020000000000000UL
#define PTE_UXN		0x0040000000000000UL
#define PTE_NORMAL	(PTE_BLOCK | PTE_ATTR(0) | PTE_SH_INNER | PTE_AF | \
			 PTE_UXN)
#define PTE_DEVICE	(PTE_BLOCK | PTE_ATTR(1) | PTE_AF | PTE_PXN | PTE_UXN)

#define lib_fail(fmt, ...) do {						\
	fprintf(stderr, "# %s:%d: " fmt "\n", __FILE__, __LINE__,	\
		##__VA_ARGS__);						\
	exit(1);	/* KSFT_FAIL, from the test's process */	\
} while (0)

#define lib_ioctl(fd, cmd, arg) ({					\
	long __r = ioctl(fd, cmd, arg);					\
	if (__r < 0)							\
		lib_fail("ioctl " #cmd ": %s", strerror(errno));	\
	__r;								\
})

static void add_region(struct gvm *vm, __u64 ipa, void *host,
		       __u64 size)
{
	struct avcpu_memory_region m = {
		.guest_phys_addr = ipa,
		.size = size,
		.userspace_addr = (__u64)host,
	};

	lib_ioctl(vm->fd, AVCPU_SET_MEMORY_REGION, &m);
}

static void *anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		lib_fail("mmap %zu: %s", size, strerror(errno));
	return p;
}

/* Elf64_Phdr. */
struct phdr {
	__u32 type, flags;
	__u64 offset, vaddr, paddr, filesz, memsz, align;
};

/*
 * The binary's PT_LOAD segments, as the host has them now, into one guest
 * region at the same addresses (the holes between segments stay zero).
 */
static void copy_image(struct gvm *vm)
{
	const struct phdr *ph = (const struct phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), i;
	__u64 lo = ~0UL, hi = 0;

	for (i = 0; i < n; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		if (ph[i].vaddr < lo)
			lo = ph[i].vaddr;
		if (ph[i].vaddr + ph[i].memsz > hi)
			hi = ph[i].vaddr + ph[i].memsz;
	}
	lo &= ~(PAGE - 1);
	hi = (hi + PAGE - 1) & ~(PAGE - 1);
	/* Non-PIE static binary in GiB 0, below the library's RAM. */
	if (!n || lo < PAGE || hi > SZ_1G)
		lib_fail("binary at [%#llx, %#llx): not a static non-PIE image",
			 lo, hi);
	vm->img_start = lo;
	vm->img_size = hi - lo;
	vm->img = anon(vm->img_size);
	for (i = 0; i < n; i++) {
		__u64 s, e;

		if (ph[i].type != PT_LOAD)
			continue;
		s = ph[i].vaddr & ~(PAGE - 1);
		e = (ph[i].vaddr + ph[i].memsz + PAGE - 1) & ~(PAGE - 1);
		memcpy((char *)vm->img + (s - lo), (void *)s, e - s);
	}
	add_region(vm, vm->img_start, vm->img, vm->img_size);
}

/*
 * Identity map, TTBR0 only, starting at level 1 (T0SZ 25): GiB 0 through a
 * level-2 table (the binary's 2 MiB blocks Normal, the rest Device), the
 * library RAM's GiB as one Normal block.  Written before any vCPU runs;
 * the guest walks them cacheable (TCR IRGN0/ORGN0 write-back), as the
 * host wrote them.
 */
static void build_page_tables(struct gvm *vm)
{
	__u64 *l1 = vm->ram, *l2 = (__u64 *)((char *)vm->ram + PAGE);
	__u64 b;

	l1[0] = (GUEST_PT_IPA + PAGE) | PTE_TABLE;
	l1[GUEST_RAM_IPA / SZ_1G] = (GUEST_RAM_IPA & ~(SZ_1G - 1)) | PTE_NORMAL;
	for (b = 0; b < 512; b++)
		l2[b] = (b * SZ_2M) | PTE_DEVICE;
	for (b = vm->img_start / SZ_2M;
	     b <= (vm->img_start + vm->img_size - 1) / SZ_2M; b++)
		l2[b] = (b * SZ_2M) | PTE_NORMAL;
}

struct gvm *vm_create(void)
{
	struct gvm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		lib_fail("calloc");
	vm->dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (vm->dev < 0)
		lib_fail("/dev/avcpu: %s", strerror(errno));
	vm->fd = lib_ioctl(vm->dev, AVCPU_CREATE_VM, 0);
	vm->run_size = lib_ioctl(vm->dev, AVCPU_GET_VCPU_MMAP_SIZE, 0);
	copy_image(vm);
	vm->ram = anon(GUEST_RAM_SIZE);
	build_page_tables(vm);
	add_region(vm, GUEST_RAM_IPA, vm->ram, GUEST_RAM_SIZE);
	return vm;
}

void vm_destroy(struct gvm *vm)
{
	int i;

	if (!vm)
		return;
	/* A vCPU thread still in RUN keeps everything until process exit. */
	for (i = 0; i < GUEST_MAX_VCPUS; i++)
		if (vm->vcpus[i] && vm->vcpus[i]->thread_live)
			return;
	for (i = 0; i < GUEST_MAX_VCPUS; i++) {
		struct gvcpu *v = vm->vcpus[i];

		if (!v)
			continue;
		munmap(v->run, vm->run_size);
		close(v->fd);
		free(v);
	}
	close(vm->fd);
	close(vm->dev);
	munmap(vm->img, vm->img_size);
	munmap(vm->ram, GUEST_RAM_SIZE);
	free(vm);
}

void *addr_gva2hva(struct gvm *vm, __u64 gva)
{
	if (gva >= vm->img_start && gva - vm->img_start < vm->img_size)
		return (char *)vm->img + (gva - vm->img_start);
	if (gva >= GUEST_RAM_IPA && gva - GUEST_RAM_IPA < GUEST_RAM_SIZE)
		return (char *)vm->ram + (gva - GUEST_RAM_IPA);
	return NULL;
}

void vcpu_set_guest_fn(struct gvcpu *v, void *fn)
{
	struct avcpu_sysregs s;
	struct avcpu_regs r;
	__u64 pc = (__u64)fn;

	vcpu_get_sysregs(v, &s);
	s.sp_el1 = GUEST_STACK_BASE + (v->id + 1) * GUEST_STACK_SIZE;
	s.mair_el1 = GUEST_MAIR;
	s.tcr_el1 = GUEST_TCR;
	s.ttbr0_el1 = GUEST_PT_IPA;
	s.cpacr_el1 = GUEST_CPACR;
	s.vbar_el1 = (__u64)guest_vectors;
	s.sctlr_el1 = GUEST_SCTLR;
	vcpu_set_sysregs(v, &s);
	vcpu_set_entry(v, pc);
	vcpu_get_regs(v, &r);
	memset(r.x, 0, sizeof(r.x));
	r.x[30] = (__u64)guest_return;
	r.elr = pc;
	r.spsr = SPSR_EL1H_DAIF;
	vcpu_set_regs(v, &r);
}

struct gvcpu *vm_vcpu_add(struct gvm *vm, __u32 id, void *fn)
{
	return vm_vcpu_add_mpidr(vm, id, GUEST_MPIDR(id), fn);
}

struct gvcpu *vm_vcpu_add_mpidr(struct gvm *vm, __u32 id, __u64 mpidr,
				void *fn)
{
	struct avcpu_vcpu_create c = {
		.vcpu_id = id,
		.flags = fn ? 0 : AVCPU_VCPU_POWER_OFF,
		.mpidr = mpidr,
	};
	struct avcpu_vcpu_setup setup = { 0 };
	struct avcpu_ept_root root = { .vm_fd = vm->fd };
	struct gvcpu *v;

	if (id >= GUEST_MAX_VCPUS || vm->vcpus[id])
		lib_fail("vCPU %u: id out of range or in use", id);
	v = calloc(1, sizeof(*v));
	if (!v)
		lib_fail("calloc");
	v->vm = vm;
	v->id = id;
	v->mpidr = c.mpidr;
	v->fd = lib_ioctl(vm->fd, AVCPU_CREATE_VCPU, &c);
	lib_ioctl(v->fd, AVCPU_VCPU_SETUP, &setup);
	lib_ioctl(v->fd, AVCPU_SET_EPT_ROOT, &root);
	v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED)
		lib_fail("mmap run: %s", strerror(errno));
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->cond, NULL);
	if (fn)
		vcpu_set_guest_fn(v, fn);
	vm->vcpus[id] = v;
	return v;
}

void vcpu_args_set(struct gvcpu *v, int n, ...)
{
	struct avcpu_regs r;
	va_list ap;
	int i;

	if (n > 8)
		lib_fail("%s: %d arguments", __func__, n);
	vcpu_get_regs(v, &r);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		r.x[i] = va_arg(ap, __u64);
	va_end(ap);
	vcpu_set_regs(v, &r);
}

void vcpu_set_entry(struct gvcpu *v, __u64 pc)
{
	lib_ioctl(v->fd, AVCPU_SET_ENTRY, &pc);
}

void vcpu_get_regs(struct gvcpu *v, struct avcpu_regs *r)
{
	lib_ioctl(v->fd, AVCPU_GET_REGS, r);
}

void vcpu_set_regs(struct gvcpu *v, const struct avcpu_regs *r)
{
	lib_ioctl(v->fd, AVCPU_SET_REGS, r);
}

void vcpu_get_sysregs(struct gvcpu *v, struct avcpu_sysregs *s)
{
	lib_ioctl(v->fd, AVCPU_GET_SYSREGS, s);
}

void vcpu_set_sysregs(struct gvcpu *v, const struct avcpu_sysregs *s)
{
	lib_ioctl(v->fd, AVCPU_SET_SYSREGS, s);
}

int vcpu_get_mp_state(struct gvcpu *v, __u32 *state)
{
	struct avcpu_mp_state mp = { 0 };

	if (ioctl(v->fd, AVCPU_GET_MP_STATE, &mp))
		return -errno;
	*state = mp.mp_state;
	return 0;
}

int vcpu_set_mp_state(struct gvcpu *v, __u32 state)
{
	struct avcpu_mp_state mp = { .mp_state = state };

	return ioctl(v->fd, AVCPU_SET_MP_STATE, &mp) ? -errno : 0;
}

__u64 vcpu_get_ucall(struct gvcpu *v, const struct avcpu_run *run,
		     struct ucall *uc)
{
	memset(uc, 0, sizeof(*uc));
	if (run->exit_reason != AVCPU_EXIT_HYPERCALL ||
	    run->hypercall.imm != GUEST_UCALL_IMM || run->hypercall.is_smc)
		return UCALL_NONE;
	uc->kind = run->hypercall.nr;
	memcpy(uc->args, run->hypercall.args, sizeof(uc->args));
	return uc->kind;
}

void vcpu_run(struct gvcpu *v, struct vcpu_event *ev)
{
	ev->err = ioctl(v->fd, AVCPU_RUN, 0) ? errno : 0;
	ev->run = *v->run;
	vcpu_get_ucall(v, &ev->run, &ev->uc);
}

/* A guest string, read from the host's own image (same addresses). */
static const char *guest_string(struct gvcpu *v, __u64 gva)
{
	struct gvm *vm = v->vm;
	const char *s = (const char *)gva;

	if (gva < vm->img_start || gva - vm->img_start >= vm->img_size ||
	    !memchr(s, 0, vm->img_start + vm->img_size - gva))
		return "(bad guest string)";
	return s;
}

static const char * const exit_names[] = {
	[AVCPU_EXIT_NONE] = "NONE",
	[AVCPU_EXIT_MMIO] = "MMIO",
	[AVCPU_EXIT_HYPERCALL] = "HYPERCALL",
	[AVCPU_EXIT_EXCEPTION] = "EXCEPTION",
	[AVCPU_EXIT_INTR] = "INTR",
	[AVCPU_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
	[AVCPU_EXIT_SERROR] = "SERROR",
	[AVCPU_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
	[AVCPU_EXIT_INSN_ABORT] = "INSN_ABORT",
	[AVCPU_EXIT_NISV] = "NISV",
	[AVCPU_EXIT_DEBUG] = "DEBUG",
};

static const char * const vector_names[] = {
	"sync EL1t", "irq EL1t", "fiq EL1t", "serror EL1t",
	"sync EL1h", "irq EL1h", "fiq EL1h", "serror EL1h",
	"sync EL0 64", "irq EL0 64", "fiq EL0 64", "serror EL0 64",
	"sync EL0 32", "irq EL0 32", "fiq EL0 32", "serror EL0 32",
};

void vcpu_event_str(struct gvcpu *v, const struct vcpu_event *ev, char *msg,
		    size_t len)
{
	const struct avcpu_run *run = &ev->run;
	const __u64 *a = ev->uc.args;
	__u32 r = run->exit_reason;

	if (ev->err && ev->err != EINTR) {
		snprintf(msg, len, "vCPU %u: RUN failed: %s", v->id,
			 strerror(ev->err));
		return;
	}
	switch (ev->uc.kind) {
	case UCALL_SYNC:
		snprintf(msg, len,
			 "vCPU %u: GUEST_SYNC %#llx %#llx %#llx %#llx %#llx %#llx",
			 v->id, a[0], a[1], a[2], a[3], a[4], a[5]);
		return;
	case UCALL_DONE:
		snprintf(msg, len, "vCPU %u: GUEST_DONE", v->id);
		return;
	case UCALL_ASSERT:
		if (a[5])
			snprintf(msg, len, "%s:%llu: %s failed: %#llx != %#llx",
				 guest_string(v, a[0]), a[1],
				 guest_string(v, a[2]), a[3], a[4]);
		else
			snprintf(msg, len, "%s:%llu: %s failed",
				 guest_string(v, a[0]), a[1],
				 guest_string(v, a[2]));
		return;
	case UCALL_UNEXPECTED:
		snprintf(msg, len,
			 "vCPU %u: unexpected guest exception: vector %llu (%s), ESR_EL1 %#llx (EC %#llx), ELR_EL1 %#llx, FAR_EL1 %#llx",
			 v->id, a[0], a[0] < 16 ? vector_names[a[0]] :
			 "bad CPU_ON context id", a[1], a[1] >> 26, a[2],
			 a[3]);
		return;
	case UCALL_NONE:
		break;
	default:
		snprintf(msg, len, "vCPU %u: unknown ucall %#llx", v->id,
			 ev->uc.kind);
		return;
	}
	switch (r) {
	case AVCPU_EXIT_MMIO:
		snprintf(msg, len, "vCPU %u: exit MMIO %s %#llx len %u",
			 v->id, run->mmio.is_write ? "write" : "read",
			 (unsigned long long)run->mmio.phys_addr,
			 run->mmio.len);
		break;
	case AVCPU_EXIT_HYPERCALL:
		snprintf(msg, len,
			 "vCPU %u: exit HYPERCALL %s #%#x nr %#llx args %#llx %#llx %#llx",
			 v->id, run->hypercall.is_smc ? "smc" : "hvc",
			 run->hypercall.imm,
			 (unsigned long long)run->hypercall.nr,
			 (unsigned long long)run->hypercall.args[0],
			 (unsigned long long)run->hypercall.args[1],
			 (unsigned long long)run->hypercall.args[2]);
		break;
	case AVCPU_EXIT_SYSTEM_EVENT:
		snprintf(msg, len,
			 "vCPU %u: exit SYSTEM_EVENT type %u flags %#x reset_type %#x cookie %#llx source %u",
			 v->id, run->system_event.type,
			 run->system_event.flags,
			 run->system_event.reset_type,
			 (unsigned long long)run->system_event.cookie,
			 run->system_event.source_vcpu);
		break;
	case AVCPU_EXIT_INSN_ABORT:
	case AVCPU_EXIT_NISV:
		snprintf(msg, len,
			 "vCPU %u: exit %s ipa %#llx far %#llx pc %#llx esr %#llx fault %u flags %#x",
			 v->id, exit_names[r],
			 (unsigned long long)run->abort.ipa,
			 (unsigned long long)run->abort.far,
			 (unsigned long long)run->abort.pc,
			 (unsigned long long)run->abort.esr, run->abort.fault,
			 run->abort.flags);
		break;
	default:
		snprintf(msg, len,
			 "vCPU %u: %sexit %u (%s) esr %#llx (EC %#x) far %#llx pc %#llx",
			 v->id, ev->err ? "EINTR, " : "", r,
			 r < ARRAY_SIZE(exit_names) &&
			 exit_names[r] ? exit_names[r] : "?",
			 (unsigned long long)run->exception.esr,
			 run->exception.ec,
			 (unsigned long long)run->exception.far,
			 (unsigned long long)run->exception.pc);
		break;
	}
}

int vcpu_event_check(struct gvcpu *v, const struct vcpu_event *ev,
		     __u64 kind, char *msg, size_t len)
{
	char what[400];

	if (!ev->err && ev->uc.kind == kind)
		return 0;
	vcpu_event_str(v, ev, what, sizeof(what));
	if (ev->uc.kind == UCALL_ASSERT || ev->uc.kind == UCALL_UNEXPECTED)
		snprintf(msg, len, "%s", what);
	else
		snprintf(msg, len, "vCPU %u: expected ucall %llu, got: %s",
			 v->id, kind, what);
	return -1;
}

static void *vcpu_thread(void *arg)
{
	struct gvcpu *v = arg;
	struct vcpu_event ev;
	bool more;

	do {
		vcpu_run(v, &ev);
		more = !ev.err && ev.uc.kind == UCALL_SYNC;
		pthread_mutex_lock(&v->lock);
		if (v->evq_tail - v->evq_head == VCPU_EVQ_LEN)
			lib_fail("vCPU %u: event queue full", v->id);
		v->evq[v->evq_tail++ % VCPU_EVQ_LEN] = ev;
		pthread_cond_broadcast(&v->cond);
		pthread_mutex_unlock(&v->lock);
	} while (more);
	return NULL;
}

void vcpu_thread_start(struct gvcpu *v)
{
	if (v->thread_live)
		vcpu_thread_join(v);
	v->thread_live = true;
	if (pthread_create(&v->thread, NULL, vcpu_thread, v))
		lib_fail("pthread_create");
}

void vcpu_thread_join(struct gvcpu *v)
{
	if (!v->thread_live)
		return;
	pthread_join(v->thread, NULL);
	v->thread_live = false;
}

int vcpu_event_wait(struct gvcpu *v, struct vcpu_event *ev, int timeout_ms)
{
	struct timespec ts;
	int ret = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&v->lock);
	while (v->evq_head == v->evq_tail && !ret)
		ret = pthread_cond_timedwait(&v->cond, &v->lock, &ts);
	if (v->evq_head != v->evq_tail) {
		*ev = v->evq[v->evq_head++ % VCPU_EVQ_LEN];
		ret = 0;
	} else {
		ret = -ETIMEDOUT;
	}
	pthread_mutex_unlock(&v->lock);
	return ret;
}

int vcpu_kick_until_event(struct gvcpu *v, struct vcpu_event *ev,
			  int timeout_ms)
{
	int t;

	for (t = 0; t < timeout_ms; t += 20) {
		pthread_kill(v->thread, SIGUSR1);
		if (!vcpu_event_wait(v, ev, 20))
			return 0;
	}
	return -ETIMEDOUT;
}

static void sigusr1_noop(int sig)
{
	(void)sig;
}

void install_sigusr1_noop(void)
{
	struct sigaction sa = { .sa_handler = sigusr1_noop };

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: RUN returns EINTR */
	if (sigaction(SIGUSR1, &sa, NULL))
		lib_fail("sigaction: %s", strerror(errno));
}
