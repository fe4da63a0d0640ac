// SPDX-License-Identifier: GPL-2.0
/*
 * The guest test library's exception handlers (guest_lib.h), as the
 * kernel's KVM selftests have them: a test installs a C function for a
 * vector (and, for the synchronous vectors, an ESR_EL1.EC); the guest's
 * vectors (guest_lib.S) call it with the interrupted state in
 * struct ex_regs and return to what it leaves there.
 */
#include <stdlib.h>
#include <string.h>

#include "guest_lib.h"

#define ESR_EC_SHIFT	26

/* Guest data: each VM has its own copy, filled in by the host. */
handler_fn guest_handlers[VECTOR_NUM][ESR_EC_NUM];

static bool vector_is_sync(int vector)
{
	return (vector & 3) == 0;
}

/* Guest side, called by guest_lib.S's vectors with SP_EL1's frame. */
void guest_route_exception(struct ex_regs *regs, __u64 vector)
{
	__u64 ec = (read_sysreg(esr_el1) >> ESR_EC_SHIFT) & (ESR_EC_NUM - 1);
	handler_fn h;

	h = guest_handlers[vector][vector_is_sync(vector) ? ec : 0];
	if (!h) {
		/* The report takes x1 = the vector, the rest from sysregs. */
		register __u64 x1 asm("x1") = vector;

		asm volatile("b guest_unexpected" : : "r" (x1));
		__builtin_unreachable();
	}
	h(regs);
}

/* Host side: written into @vm's copy of the table before a vCPU runs. */
static void install(struct gvm *vm, int vector, int ec, handler_fn h)
{
	handler_fn (*t)[ESR_EC_NUM] = addr_gva2hva(vm, (__u64)guest_handlers);

	if (vector < 0 || vector >= VECTOR_NUM || ec < 0 || ec >= ESR_EC_NUM)
		abort();
	t[vector][ec] = h;
}

void vm_install_sync_handler(struct gvm *vm, int vector, int ec,
			     handler_fn h)
{
	if (!vector_is_sync(vector))
		abort();
	install(vm, vector, ec, h);
}

void vm_install_exception_handler(struct gvm *vm, int vector, handler_fn h)
{
	int ec;

	if (!vector_is_sync(vector)) {
		install(vm, vector, 0, h);
		return;
	}
	for (ec = 0; ec < ESR_EC_NUM; ec++)
		install(vm, vector, ec, h);
}
