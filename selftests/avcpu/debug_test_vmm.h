/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debug_test.c, continued: the VMM debugging the guest
 * (AVCPU_SET_GUEST_DEBUG), the host's registers, the ABI's errors.
 * Included once, by debug_test.c.
 */

static void guest_vmm_brk(void)
{
	dbg_brk();
	GUEST_SYNC_ARGS(h_count, h_esr, h_elr, h_spsr);
	GUEST_DONE();
}

/*
 * USE_SW_BP: the brk is an exit at the brk, the VMM moves the PC on.
 * Without it (ENABLE alone) the guest's brk is still the guest's: taken
 * to EL2 (TDE) and handed back to its vector exactly as it would have
 * been, ELR at the brk, SPSR as it ran (counted as debug_reflect).
 */
TEST_F(debug, vmm_sw_breakpoint)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_vmm_brk);
	unsigned long exits = exit_count("debug");
	unsigned long refl = exit_count("debug_reflect");
	struct vcpu_event ev;
	struct avcpu_regs r;

	ASSERT_EQ(0, set_control(v, AVCPU_GUESTDBG_ENABLE |
				 AVCPU_GUESTDBG_USE_SW_BP));
	ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_SW_BP, dbg_brk_insn, ESR_BRK, 0);
	EXPECT_EQ(MDCR_TDE | MDCR_TDA, mdcr_el2(v) & (MDCR_TDA | MDCR_TDE));
	vcpu_get_regs(v, &r);
	EXPECT_EQ((__u64)dbg_brk_insn, r.elr);
	r.elr += 4;
	vcpu_set_regs(v, &r);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);		/* the guest never saw it */
	EXPECT_EQ(exits + 1, exit_count("debug"));

	/* Again, ENABLE alone: the guest's own. */
	vcpu_set_guest_fn(v, guest_vmm_brk);
	ASSERT_EQ(0, set_control(v, AVCPU_GUESTDBG_ENABLE));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(1, ev.uc.args[0]);
	EXPECT_EQ(ESR_BRK, ev.uc.args[1]);
	EXPECT_EQ((__u64)dbg_brk_insn, ev.uc.args[2]);
	EXPECT_EQ(SPSR_EL1H_DAIF, ev.uc.args[3] & ~NZCV);
	EXPECT_EQ(refl + 1, exit_count("debug_reflect"));
	EXPECT_EQ(exits + 1, exit_count("debug"));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

/*
 * The single-step sequence of dbg_seq (debug_guest.S), one RUN each:
 * a step exit at the next instruction (ISV clear after an hvc and after
 * an instruction completed by emulation), or the instruction's own exit
 * (MMIO, ucall) first, then the step exit after it.  Nothing answered at
 * EL2 is stepped over.  (QEMU takes no interrupt between a stepped
 * instruction and its step exception; a CPU that did would give ISV 0.)
 */
enum { S_STEP, S_STEP_NOI, S_MMIO_W, S_MMIO_R, S_UCALL };

static const struct { int what, idx; } seq[] = {
	{ S_STEP, 1 }, { S_STEP, 2 }, { S_MMIO_W, 2 }, { S_STEP_NOI, 3 },
	{ S_STEP, 4 }, { S_STEP_NOI, 5 },	/* hvc #0 answered at EL2 */
	{ S_STEP, 6 }, { S_STEP, 7 }, { S_STEP, 8 },
	{ S_STEP_NOI, 9 },			/* exception.S fast path */
	{ S_STEP, 10 }, { S_STEP, 11 },
	{ S_STEP_NOI, 12 },			/* trapped smc, at EL2 */
	{ S_STEP, 13 },
	{ S_STEP_NOI, 14 },			/* mrs mdscr_el1, at EL2 */
	{ S_MMIO_R, 14 }, { S_STEP_NOI, 15 }, { S_STEP, 16 }, { S_STEP, 17 },
	{ S_UCALL, 18 },			/* an hvc's ELR is past it */
	{ S_STEP_NOI, 18 }, { S_STEP, 19 },
};

/*
 * With @writeback the VMM writes every register back after each exit, as
 * a debugger stub that syncs its view does: at the same PC that neither
 * loses a step whose instruction already ran nor a pending MMIO
 * completion.
 */
static void single_step_sequence(struct __test_metadata *_metadata,
				 struct gvm *vm, bool writeback)
{
	struct gvcpu *v = vm_vcpu_add(vm, 0, dbg_seq);
	struct vcpu_event ev;
	struct avcpu_regs r;
	unsigned int i;

	vcpu_args_set(v, 1, MMIO_VA);
	ASSERT_EQ(0, set_control(v, AVCPU_GUESTDBG_ENABLE |
				 AVCPU_GUESTDBG_SINGLESTEP));
	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		__u64 pc = (__u64)dbg_seq + 4 * seq[i].idx;

		switch (seq[i].what) {
		case S_STEP:
		case S_STEP_NOI:
			ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_STEP, pc,
					  seq[i].what == S_STEP ?
					  ESR_SS_LOW : ESR_SS_LOW_NOI, 0);
			break;
		case S_MMIO_W:
		case S_MMIO_R:
			vcpu_run(v, &ev);
			ASSERT_EQ(AVCPU_EXIT_MMIO, ev.run.exit_reason)
				TH_LOG("step %u: exit %u", i, ev.run.exit_reason);
			EXPECT_EQ(MMIO_VA, ev.run.mmio.phys_addr);
			EXPECT_EQ(seq[i].what == S_MMIO_W, ev.run.mmio.is_write);
			if (seq[i].what == S_MMIO_W)
				EXPECT_EQ(1, ev.run.mmio.data);
			v->run->mmio.data = 0x55;
			break;
		case S_UCALL:
			ASSERT_UCALL(v, UCALL_SYNC, &ev);
			break;
		}
		/* The PC, and PSTATE.SS as the guest has it (0). */
		vcpu_get_regs(v, &r);
		EXPECT_EQ(pc, r.elr) TH_LOG("step %u", i);
		EXPECT_EQ(0, r.spsr & SPSR_SS);
		if (writeback)
			vcpu_set_regs(v, &r);
		if (seq[i].idx == 5 && seq[i].what == S_STEP_NOI)
			EXPECT_EQ(0x10001, r.x[0]);	/* SMCCC_VERSION */
		if (seq[i].idx == 15)
			EXPECT_EQ(0x55, r.x[11]);
	}
	/* ret: to guest_return, which the last step exit stops at. */
	ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_STEP, guest_return, ESR_SS_LOW, 0);
	vcpu_get_regs(v, &r);
	EXPECT_EQ(1 + 0x55 + 2 * 0x10001, r.x[9]);
	EXPECT_EQ(0, r.x[13]);			/* its own MDSCR_EL1 */
	ASSERT_EQ(0, set_control(v, 0));
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

TEST_F(debug, vmm_single_step_sequence)
{
	single_step_sequence(_metadata, self->vm, false);
}

TEST_F(debug, vmm_single_step_sequence_regs_written_back)
{
	single_step_sequence(_metadata, self->vm, true);
}

/*
 * Stepping a brk the VMM did not take: the guest takes it (handed back
 * to its vector), and the step exit is at the vector's first
 * instruction, before it runs (ISV clear), as the CPU steps into an
 * exception it takes itself.
 */
TEST_F(debug, vmm_step_into_guest_brk)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, dbg_brk);
	unsigned long refl = exit_count("debug_reflect");
	struct vcpu_event ev;
	struct avcpu_regs r;

	ASSERT_EQ(0, set_control(v, AVCPU_GUESTDBG_ENABLE |
				 AVCPU_GUESTDBG_SINGLESTEP));
	ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_STEP, guest_vectors + 0x200,
			  ESR_SS_LOW_NOI, 0);
	EXPECT_EQ(refl + 1, exit_count("debug_reflect"));
	vcpu_get_regs(v, &r);
	EXPECT_EQ(0x3c5, r.spsr);		/* EL1h, DAIF: the entry's */
	ASSERT_EQ(0, set_control(v, 0));
	ASSERT_UCALL(v, UCALL_DONE, &ev);	/* handled, returned */
}

static void guest_vmm_hw(void)
{
	__u64 x;

	dbg_bp_target();
	x = dbg_load(&wp_var);
	GUEST_SYNC_ARGS(x, h_count, read_sysreg(id_aa64dfr0_el1));
	GUEST_DONE();
}

/*
 * USE_HW: the VMM's breakpoint and watchpoint, hit with PSTATE.D masked
 * (debug exceptions to EL2 ignore it), exits with PC and FAR; GET returns
 * what SET set, with the counts the guest reads in ID_AA64DFR0_EL1.
 */
TEST_F(debug, vmm_hw_breakpoint_watchpoint)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_vmm_hw);
	struct avcpu_guest_debug d = {
		.control = AVCPU_GUESTDBG_ENABLE | AVCPU_GUESTDBG_USE_HW,
	}, g;
	struct vcpu_event ev;
	__u64 dfr0;

	d.bcr[0] = BCR_EL1_EL0;
	d.bvr[0] = (__u64)dbg_bp_target;
	d.wcr[1] = WCR_EL1_EL0;
	d.wvr[1] = (__u64)&wp_var;
	d.nr_hw_bps = 99;			/* ignored by SET */
	ASSERT_EQ(0, set_debug(v, &d));
	ASSERT_EQ(0, ioctl(v->fd, AVCPU_GET_GUEST_DEBUG, &g));
	d.nr_hw_bps = g.nr_hw_bps;
	d.nr_hw_wps = g.nr_hw_wps;
	EXPECT_EQ(0, memcmp(&d, &g, sizeof(d)));
	ksft_print_msg("%u breakpoints, %u watchpoints\n", g.nr_hw_bps,
		       g.nr_hw_wps);

	ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_HW_BP, dbg_bp_target, ESR_BP_LOW, 0);
	d.bcr[0] = 0;
	ASSERT_EQ(0, set_debug(v, &d));
	ASSERT_DEBUG_EXIT(v, AVCPU_DEBUG_WATCHPT, dbg_load_insn,
			  ESR_WP_LOW_LD, &wp_var);
	ASSERT_EQ(0, set_control(v, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0x1234, ev.uc.args[0]);
	EXPECT_EQ(0, ev.uc.args[1]);
	/* The counts are ID_AA64DFR0_EL1's (userspace reads them as 0). */
	dfr0 = ev.uc.args[2];
	EXPECT_EQ(((dfr0 >> 12) & 0xf) + 1, g.nr_hw_bps);
	EXPECT_EQ(((dfr0 >> 20) & 0xf) + 1, g.nr_hw_wps);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

#define OWN_BVR		0x0000123456789ab0UL
#define OWN_WVR		0x0000fedcba987650UL

static void guest_given_back(void)
{
	write_sysreg(OWN_BVR, dbgbvr0_el1);
	write_sysreg(BCR_EL1 & ~1UL, dbgbcr0_el1);
	write_sysreg(OWN_WVR, dbgwvr1_el1);
	write_sysreg(WCR_EL1 & ~1UL, dbgwcr1_el1);
	write_sysreg(MDSCR_MDE | MDSCR_KDE, mdscr_el1);
	isb();
	GUEST_SYNC(1);
	/* The VMM debugs: its own values still, then new ones. */
	GUEST_SYNC_ARGS(read_sysreg(dbgbvr0_el1), read_sysreg(dbgbcr0_el1),
			read_sysreg(dbgwvr1_el1), read_sysreg(dbgwcr1_el1),
			read_sysreg(mdscr_el1));
	write_sysreg((__u64)dbg_bp_target, dbgbvr0_el1);
	write_sysreg(BCR_EL1, dbgbcr0_el1);
	isb();
	debug_unmask();
	dbg_bp_target();	/* suspended while the VMM debugs */
	debug_mask();
	GUEST_SYNC(h_count);
	/* Given back. */
	GUEST_SYNC_ARGS(read_sysreg(dbgbvr0_el1), read_sysreg(dbgbcr0_el1),
			read_sysreg(dbgwvr1_el1), read_sysreg(mdscr_el1));
	debug_unmask();
	dbg_bp_target();
	debug_mask();
	dbg_brk();
	GUEST_SYNC_ARGS(h_count, h_esr);
	GUEST_DONE();
}

/*
 * What the guest wrote before and while the VMM debugged it (with its
 * own breakpoint there) is what it reads, the VMM's registers never show
 * through; after SET_GUEST_DEBUG(0) its breakpoint and brk are its own.
 */
TEST_F(debug, vmm_off_gives_guest_its_state_back)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_given_back);
	struct avcpu_guest_debug d = {
		.control = AVCPU_GUESTDBG_ENABLE | AVCPU_GUESTDBG_USE_HW |
			   AVCPU_GUESTDBG_USE_SW_BP,
	};
	struct vcpu_event ev;

	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	d.bcr[0] = BCR_EL1_EL0;
	d.bvr[0] = (__u64)&wp_var;		/* never executed */
	d.wcr[1] = WCR_EL1_EL0;
	d.wvr[1] = 0x10000;			/* never accessed */
	ASSERT_EQ(0, set_debug(v, &d));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(OWN_BVR, ev.uc.args[0]);
	EXPECT_EQ(BCR_EL1 & ~1UL, ev.uc.args[1]);
	EXPECT_EQ(OWN_WVR, ev.uc.args[2]);
	EXPECT_EQ(WCR_EL1 & ~1UL, ev.uc.args[3]);
	EXPECT_EQ(MDSCR_MDE | MDSCR_KDE, ev.uc.args[4]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(0, ev.uc.args[0]);
	ASSERT_EQ(0, set_control(v, 0));
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ((__u64)dbg_bp_target, ev.uc.args[0]);
	EXPECT_EQ(BCR_EL1, ev.uc.args[1]);
	EXPECT_EQ(OWN_WVR, ev.uc.args[2]);
	EXPECT_EQ(MDSCR_MDE | MDSCR_KDE, ev.uc.args[3]);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	EXPECT_EQ(2, ev.uc.args[0]);		/* breakpoint, brk */
	EXPECT_EQ(ESR_BRK, ev.uc.args[1]);
	ASSERT_UCALL(v, UCALL_DONE, &ev);
}

static void guest_all_regs(__u64 seed)
{
	__u64 dfr0 = read_sysreg(id_aa64dfr0_el1), sum = 0;
	int nb = ((dfr0 >> 12) & 0xf) + 1, nw = ((dfr0 >> 20) & 0xf) + 1;

	/* Two of each (every CPU has at least two), armed: EL1 only. */
	write_sysreg(seed, dbgbvr0_el1);
	write_sysreg(seed + 0x1000, dbgbvr1_el1);
	write_sysreg(BCR_EL1, dbgbcr0_el1);
	write_sysreg(BCR_EL1, dbgbcr1_el1);
	write_sysreg(seed + 0x2000, dbgwvr0_el1);
	write_sysreg(seed + 0x3000, dbgwvr1_el1);
	write_sysreg(WCR_EL1, dbgwcr0_el1);
	write_sysreg(WCR_EL1, dbgwcr1_el1);
	write_sysreg(MDSCR_MDE | MDSCR_KDE, mdscr_el1);
	isb();
	GUEST_SYNC_ARGS(nb, nw);
	sum = read_sysreg(dbgbvr0_el1) + read_sysreg(dbgbvr1_el1) +
	      read_sysreg(dbgwvr0_el1) + read_sysreg(dbgwvr1_el1);
	GUEST_ASSERT_EQ(sum, 4 * seed + 0x6000);
	GUEST_ASSERT_EQ(read_sysreg(dbgbcr1_el1), BCR_EL1);
	GUEST_ASSERT_EQ(read_sysreg(dbgwcr1_el1), WCR_EL1);
	GUEST_DONE();
}

static int read_dbgregs(char *buf, size_t len)
{
	return read_file(STUBCALL "/dbgregs", buf, len);
}

/*
 * The host's breakpoint and watchpoint registers (set on CPU 0 by the
 * stubcall module, all disabled) are exactly what they were after a guest
 * used its own on that CPU, and after a VMM's USE_HW run; the guest's
 * survive the switches.
 */
TEST_F(debug, host_registers_unchanged)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_all_regs);
	char before[2048], after[2048];
	struct vcpu_event ev;
	cpu_set_t cpu0;
	int i;

	ASSERT_EQ(0, ensure_stubcall());
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpu0), &cpu0));
	ASSERT_EQ(0, write_file(STUBCALL "/dbgregs", "0 0x00005a5a5a5a0000"));
	ASSERT_EQ(0, read_dbgregs(before, sizeof(before)));
	ksft_print_msg("host CPU 0:\n%s", before);
	ASSERT_NE(NULL, strstr(before, "bvr0 0x5a5a5a5a0000\n"));

	vcpu_args_set(v, 1, 0x0000777777770000UL);
	ASSERT_UCALL(v, UCALL_SYNC, &ev);
	ASSERT_EQ(0, read_dbgregs(after, sizeof(after)));
	EXPECT_STREQ(before, after);
	ASSERT_UCALL(v, UCALL_DONE, &ev);

	for (i = 0; i < 2; i++) {
		struct gvcpu *w = vm_vcpu_add(self->vm, 1 + i, guest_vmm_hw);
		struct avcpu_guest_debug d = {
			.control = AVCPU_GUESTDBG_ENABLE |
				   AVCPU_GUESTDBG_USE_HW,
		};

		d.bcr[0] = BCR_EL1_EL0;
		d.bvr[0] = (__u64)dbg_bp_target;
		ASSERT_EQ(0, set_debug(w, &d));
		ASSERT_DEBUG_EXIT(w, AVCPU_DEBUG_HW_BP, dbg_bp_target,
				  ESR_BP_LOW, 0);
		ASSERT_EQ(0, read_dbgregs(after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
}

/* Every EINVAL of AVCPU_SET_GUEST_DEBUG, and EFAULT. */
TEST_F(debug, set_guest_debug_einval)
{
	struct gvcpu *v = vm_vcpu_add(self->vm, 0, guest_vmm_brk);
	struct avcpu_guest_debug d, g;
	__u32 on = AVCPU_GUESTDBG_ENABLE | AVCPU_GUESTDBG_USE_HW;
	unsigned int i;
	static const struct { int wp; __u64 bits; } refused[] = {
		{ 0, BIT(13) }, { 0, 1UL << 14 }, { 0, 2UL << 14 },
		{ 0, 1UL << 16 }, { 0, 0xfUL << 16 }, { 0, 1UL << 20 },
		{ 0, 2UL << 20 }, { 0, 0x8UL << 20 },
		{ 1, BIT(13) }, { 1, 1UL << 14 }, { 1, 1UL << 16 },
		{ 1, 0x8UL << 16 }, { 1, BIT(20) },
	};

	ASSERT_EQ(0, ioctl(v->fd, AVCPU_GET_GUEST_DEBUG, &g));
	EXPECT_EQ(0, g.control);		/* the default: off */
	EXPECT_EQ(-EINVAL, set_control(v, 1U << 4));
	EXPECT_EQ(-EINVAL, set_control(v, AVCPU_GUESTDBG_ENABLE | 1U << 31));
	EXPECT_EQ(-EINVAL, set_control(v, AVCPU_GUESTDBG_SINGLESTEP));
	EXPECT_EQ(-EINVAL, set_control(v, AVCPU_GUESTDBG_USE_SW_BP));
	EXPECT_EQ(-EINVAL, set_control(v, AVCPU_GUESTDBG_USE_HW));
	memset(&d, 0, sizeof(d));
	d.pad[1] = 1;
	EXPECT_EQ(-EINVAL, set_debug(v, &d));
	memset(&d, 0, sizeof(d));
	d.reserved[3] = 1;
	EXPECT_EQ(-EINVAL, set_debug(v, &d));
	/* A register above the count, with or without USE_HW. */
	for (i = 0; i < 8; i++) {
		__u64 *r[4] = { d.bvr, d.bcr, d.wvr, d.wcr };
		unsigned int nr = i % 4 < 2 ? g.nr_hw_bps : g.nr_hw_wps;

		if (nr >= 16)
			continue;
		memset(&d, 0, sizeof(d));
		d.control = i < 4 ? on : 0;
		r[i % 4][i % 2 ? 15 : nr] = 4;
		EXPECT_EQ(-EINVAL, set_debug(v, &d)) TH_LOG("case %u", i);
	}
	/* HMC, SSC, LBN, BT / WT: EL2, Secure, linked or context. */
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		memset(&d, 0, sizeof(d));
		d.control = on;
		if (refused[i].wp)
			d.wcr[0] = WCR_EL1 | refused[i].bits;
		else
			d.bcr[0] = BCR_EL1 | refused[i].bits;
		EXPECT_EQ(-EINVAL, set_debug(v, &d)) TH_LOG("case %u", i);
	}
	/* Nothing of it was taken; the last register of each is allowed. */
	ASSERT_EQ(0, ioctl(v->fd, AVCPU_GET_GUEST_DEBUG, &d));
	EXPECT_EQ(0, memcmp(&d, &g, sizeof(d)));
	memset(&d, 0, sizeof(d));
	d.control = on;
	d.bcr[g.nr_hw_bps - 1] = BCR_EL1;
	d.wcr[g.nr_hw_wps - 1] = WCR_EL1;
	EXPECT_EQ(0, set_debug(v, &d));
	EXPECT_EQ(-EFAULT, set_debug(v, (void *)8));
	EXPECT_EQ(-1, ioctl(v->fd, AVCPU_GET_GUEST_DEBUG, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}
