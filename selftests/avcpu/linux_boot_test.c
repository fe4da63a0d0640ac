// SPDX-License-Identifier: GPL-2.0
/*
 * The proof of issues 10 to 12: a real arm64 Linux kernel boots as an
 * avcpu guest through the whole of its initialisation until its first
 * panic, for the root file system the machine does not have, and on the
 * way there it exits to userspace only for its console.  Everything else
 * the boot does with system registers (the OS lock, MDSCR, the ID
 * registers, the GIC SRE probe, PSCI/SMCCC probing), its GIC (issue 11)
 * and its timer (issue 12) must be answered below userspace.
 *
 * The kernel is loaded as Documentation/arch/arm64/booting.rst says: the
 * Image at text_offset from a 2 MiB aligned base of RAM, x0 = the DTB's
 * address, MMU and caches off, DAIF masked, EL1h.  The DTB, built here
 * with libfdt, describes only RAM, one PSCI CPU, PSCI over hvc, the
 * GICv3 of AVCPU_CREATE_IRQCHIP at QEMU virt's addresses (issue 11:
 * irq-gic-v3.c probes and initialises it with no exit to userspace), a
 * PL011 (emulated here just enough for earlycon: DR writes are captured,
 * every read, FR included, is 0: "transmit FIFO not full, not busy") and
 * the architected timer (issue 12: the virtual timer's PPI 27 through the
 * GIC, its WFI wake-ups) and /chosen with earlycon.  With no initrd and
 * no root=, the first panic is mount_root()'s; before it, rootdelay=1
 * makes the kernel sleep a second (ssleep(), on its timer wheel: only the
 * guest's timer interrupts can end it).
 *
 * AVCPU_LINUX_SECONDS (default 120) bounds each boot; the kernels are
 * /avcpu/Image (the test bed's own) and /avcpu/Image.debian (Debian's,
 * where the initramfs has it).
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <libfdt.h>
#include "avcpu_util.h"
#include "kselftest_harness.h"

#define LB_RAM_IPA	0x40000000UL
/* The boot to mount_root(): Debian's kernel included, it fits. */
#define LB_RAM_SIZE	(256UL << 20)
/* booting.rst: the DTB is 8-byte aligned, at most 2 MiB, in RAM. */
#define LB_DTB_OFF	(LB_RAM_SIZE - (2UL << 20))
#define LB_DTB_MAX	(64UL << 10)
#define LB_UART_IPA	0x09000000UL
#define LB_GICD_IPA	0x08000000UL
#define LB_GICR_IPA	0x080a0000UL
#define LB_GIC_PHANDLE	2
#define LB_ROOTDELAY	"1"		/* s, rootdelay= */
#define LB_BOOTARGS	"earlycon=pl011,0x09000000 console=ttyAMA0 rootdelay=" LB_ROOTDELAY
#define LB_UART_SIZE	0x1000UL
#define LB_UART_DR	0x000
#define LB_SPSR_EL1H	0x3c5		/* EL1h, D, A, I, F masked */
#define LB_OUT_MAX	(256UL << 10)
#define LB_NR_REASONS	(AVCPU_EXIT_SYSREG + 1)
#define ARM64_IMAGE_MAGIC 0x644d5241	/* "ARM\x64" */
/* Past the deadline (AVCPU_LINUX_SECONDS) with room for the report. */
#define LB_TEST_TIMEOUT	300

/* Plain "# " lines: the console is read, not the harness's source lines. */
#define LB_LOG(fmt, ...) fprintf(stderr, "# " fmt "\n", ##__VA_ARGS__)

/* booting.rst, "Call the kernel image": the Image's 64-byte header. */
struct arm64_image_header {
	__u32 code0;
	__u32 code1;
	__u64 text_offset;
	__u64 image_size;
	__u64 flags;
	__u64 res2;
	__u64 res3;
	__u64 res4;
	__u32 magic;
	__u32 res5;
};

static const char * const exit_names[LB_NR_REASONS] = {
	"none", "mmio", "hypercall", "exception", "intr", "fail_entry",
	"serror", "system_event", "insn_abort", "nisv", "debug", "sysreg",
};

static const char *lb_exit_name(unsigned int reason)
{
	return reason < LB_NR_REASONS ? exit_names[reason] : "unknown";
}

struct lb_boot {
	char out[LB_OUT_MAX];
	size_t len;
	unsigned long exits[LB_NR_REASONS];
	unsigned long uart_reads, uart_writes;
	int timed_out;
	int panicked;		/* the panic's closing line was printed */
	char stop[512];		/* the exit the boot stopped at, if any */
};

/* Set by SIGALRM, read by the RUN loop: atomics, not volatile. */
static int lb_expired;

static void lb_alarm(int sig)
{
	__atomic_store_n(&lb_expired, 1, __ATOMIC_RELAXED);
}

/*
 * The DTB.  No block device and no initrd on purpose: the kernel's first
 * panic must be for the root file system.  The PL011 has its SPI, which
 * nothing raises (earlycon needs none, and its AMBA probe finds no
 * peripheral ID: every read of the UART is 0).
 */
static int lb_build_dtb(void *buf, int size)
{
	static const char pl011[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	fdt32_t mem[4] = {
		cpu_to_fdt32(LB_RAM_IPA >> 32), cpu_to_fdt32(LB_RAM_IPA),
		cpu_to_fdt32(LB_RAM_SIZE >> 32), cpu_to_fdt32(LB_RAM_SIZE),
	};
	fdt32_t uart[4] = {
		0, cpu_to_fdt32(LB_UART_IPA), 0, cpu_to_fdt32(LB_UART_SIZE),
	};
	fdt32_t clocks[2] = { cpu_to_fdt32(1), cpu_to_fdt32(1) };
	fdt32_t gic[8] = {
		0, cpu_to_fdt32(LB_GICD_IPA), 0, cpu_to_fdt32(AVCPU_GICD_SIZE),
		0, cpu_to_fdt32(LB_GICR_IPA), 0, cpu_to_fdt32(AVCPU_GICR_SIZE),
	};
	/* PPI 9 (INTID 25, level): the maintenance interrupt; SPI 1 */
	fdt32_t maint[3] = { cpu_to_fdt32(1), cpu_to_fdt32(9), cpu_to_fdt32(4) };
	fdt32_t uart_irq[3] = { 0, cpu_to_fdt32(1), cpu_to_fdt32(4) };
	/*
	 * The timer's PPIs as QEMU virt has them (GICv3: level-high, no CPU
	 * mask), in the binding's order: secure physical 13, non-secure
	 * physical 14, virtual 11, hypervisor 10 (INTIDs 29, 30, 27, 26).
	 */
	fdt32_t timer_irq[12] = {
		cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
		cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
		cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4),
		cpu_to_fdt32(1), cpu_to_fdt32(10), cpu_to_fdt32(4),
	};
	int err = 0;

	err |= fdt_create(buf, size);
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_u32(buf, "#address-cells", 2);
	err |= fdt_property_u32(buf, "#size-cells", 2);
	err |= fdt_property_string(buf, "compatible", "linux,dummy-virt");
	err |= fdt_property_string(buf, "model", "avcpu linux_boot_test");
	err |= fdt_property_u32(buf, "interrupt-parent", LB_GIC_PHANDLE);

	err |= fdt_begin_node(buf, "memory@40000000");
	err |= fdt_property_string(buf, "device_type", "memory");
	err |= fdt_property(buf, "reg", mem, sizeof(mem));
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "cpus");
	err |= fdt_property_u32(buf, "#address-cells", 1);
	err |= fdt_property_u32(buf, "#size-cells", 0);
	err |= fdt_begin_node(buf, "cpu@0");
	err |= fdt_property_string(buf, "device_type", "cpu");
	err |= fdt_property_string(buf, "compatible", "arm,armv8");
	err |= fdt_property_u32(buf, "reg", 0);	/* MPIDR Aff0..2 = 0 */
	err |= fdt_property_string(buf, "enable-method", "psci");
	err |= fdt_end_node(buf);
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "psci");
	err |= fdt_property_string(buf, "compatible", "arm,psci-1.0");
	err |= fdt_property_string(buf, "method", "hvc");
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "intc@8000000");
	err |= fdt_property_string(buf, "compatible", "arm,gic-v3");
	err |= fdt_property_u32(buf, "#interrupt-cells", 3);
	err |= fdt_property(buf, "interrupt-controller", NULL, 0);
	err |= fdt_property(buf, "reg", gic, sizeof(gic));
	err |= fdt_property(buf, "interrupts", maint, sizeof(maint));
	err |= fdt_property_u32(buf, "phandle", LB_GIC_PHANDLE);
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "timer");
	err |= fdt_property_string(buf, "compatible", "arm,armv8-timer");
	err |= fdt_property(buf, "interrupts", timer_irq, sizeof(timer_irq));
	err |= fdt_property(buf, "always-on", NULL, 0);
	err |= fdt_end_node(buf);

	/* The PL011's UARTCLK and APB clock: a fixed 24 MHz, as QEMU's. */
	err |= fdt_begin_node(buf, "apb-pclk");
	err |= fdt_property_string(buf, "compatible", "fixed-clock");
	err |= fdt_property_u32(buf, "#clock-cells", 0);
	err |= fdt_property_u32(buf, "clock-frequency", 24000000);
	err |= fdt_property_string(buf, "clock-output-names", "clk24mhz");
	err |= fdt_property_u32(buf, "phandle", 1);
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "pl011@9000000");
	err |= fdt_property(buf, "compatible", pl011, sizeof(pl011));
	err |= fdt_property(buf, "reg", uart, sizeof(uart));
	err |= fdt_property(buf, "interrupts", uart_irq, sizeof(uart_irq));
	err |= fdt_property(buf, "clocks", clocks, sizeof(clocks));
	err |= fdt_property(buf, "clock-names", clk_names, sizeof(clk_names));
	err |= fdt_end_node(buf);

	err |= fdt_begin_node(buf, "chosen");
	err |= fdt_property_string(buf, "bootargs",
				   LB_BOOTARGS);
	err |= fdt_property_string(buf, "stdout-path", "/pl011@9000000");
	err |= fdt_end_node(buf);

	err |= fdt_end_node(buf);
	err |= fdt_finish(buf);
	return err;
}

/* Reads the whole of @path into @ram + @off; returns its size or -errno. */
static long lb_read_image(const char *path, char *ram, unsigned long off,
			  unsigned long max)
{
	long n, total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, ram + off + total, max - total)) > 0)
		total += n;
	close(fd);
	if (n < 0)
		return -errno;
	return (unsigned long)total == max ? -EFBIG : total;
}

/* One "name value" line of /sys/kernel/debug/avcpu/exits. */
static unsigned long lb_stat(const char *stats, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = stats; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtoul(p + len + 1, NULL, 10);
	return 0;
}

static void lb_stats(char *buf, size_t len)
{
	if (read_file("/sys/kernel/debug/avcpu/exits", buf, len))
		buf[0] = 0;
}

/* A byte the guest wrote to UARTDR; returns 1 once the panic is over. */
static int lb_putc(struct lb_boot *b, char c)
{
	char *line;

	if (b->len < LB_OUT_MAX - 1)
		b->out[b->len++] = c;
	b->out[b->len] = 0;
	if (c != '\n')
		return 0;
	/* The line just ended: panic()'s last words, after its backtrace? */
	b->out[b->len - 1] = 0;
	line = strrchr(b->out, '\n');
	b->out[b->len - 1] = '\n';
	return !!strstr(line ? line : b->out, "---[ end Kernel panic");
}

/*
 * Runs the guest until the end of its first panic, an exit other than
 * PL011 MMIO, or the deadline.  Returns 0 or -errno of a failed ioctl.
 */
static int lb_run(int vcpu, struct avcpu_run *run, struct lb_boot *b)
{
	for (;;) {
		__u64 off;

		if (__atomic_load_n(&lb_expired, __ATOMIC_RELAXED)) {
			b->timed_out = 1;
			return 0;
		}
		if (ioctl(vcpu, AVCPU_RUN, 0)) {
			if (errno != EINTR)
				return -errno;
		}
		if (run->exit_reason < LB_NR_REASONS)
			b->exits[run->exit_reason]++;
		if (run->exit_reason == AVCPU_EXIT_INTR)
			continue;
		off = run->mmio.phys_addr - LB_UART_IPA;
		if (run->exit_reason == AVCPU_EXIT_MMIO && off < LB_UART_SIZE) {
			if (!run->mmio.is_write) {
				/* FR 0: TXFF and BUSY clear; the rest RAZ. */
				run->mmio.data = 0;
				b->uart_reads++;
				continue;
			}
			b->uart_writes++;
			if (off == LB_UART_DR && lb_putc(b, run->mmio.data)) {
				b->panicked = 1;
				return 0;
			}
			continue;
		}
		break;
	}
	switch (run->exit_reason) {
	case AVCPU_EXIT_MMIO:
		snprintf(b->stop, sizeof(b->stop),
			 "mmio %s ipa %#llx len %u (va %#llx)",
			 run->mmio.is_write ? "write" : "read",
			 run->mmio.phys_addr, run->mmio.len, run->mmio.far);
		break;
	case AVCPU_EXIT_HYPERCALL:
		snprintf(b->stop, sizeof(b->stop),
			 "hypercall %s #%u x0 %#llx x1 %#llx",
			 run->hypercall.is_smc ? "smc" : "hvc",
			 run->hypercall.imm, run->hypercall.nr,
			 run->hypercall.args[0]);
		break;
	case AVCPU_EXIT_SYSREG:
		snprintf(b->stop, sizeof(b->stop),
			 "sysreg %s S%u_%u_C%u_C%u_%u x%u esr %#llx pc %#llx value %#llx",
			 run->sysreg.is_write ? "msr" : "mrs", run->sysreg.op0,
			 run->sysreg.op1, run->sysreg.crn, run->sysreg.crm,
			 run->sysreg.op2, run->sysreg.reg, run->sysreg.esr,
			 run->sysreg.pc, run->sysreg.value);
		break;
	case AVCPU_EXIT_INSN_ABORT:
	case AVCPU_EXIT_NISV:
		snprintf(b->stop, sizeof(b->stop),
			 "%s ipa %#llx far %#llx esr %#llx pc %#llx",
			 lb_exit_name(run->exit_reason), run->abort.ipa,
			 run->abort.far, run->abort.esr, run->abort.pc);
		break;
	case AVCPU_EXIT_SYSTEM_EVENT:
		snprintf(b->stop, sizeof(b->stop), "system_event type %u",
			 run->system_event.type);
		break;
	default:
		/* EXCEPTION, SERROR, FAIL_ENTRY, DEBUG: the raw syndrome. */
		snprintf(b->stop, sizeof(b->stop),
			 "%s ec %#x esr %#llx far %#llx pc %#llx",
			 lb_exit_name(run->exit_reason),
			 run->exception.ec, run->exception.esr,
			 run->exception.far, run->exception.pc);
		break;
	}
	return 0;
}

/*
 * The printk time stamp ("[    1.234567] ") of the console's first line
 * holding @what, in seconds; -1 if there is none.
 */
static double lb_stamp(const char *out, const char *what)
{
	const char *p = strstr(out, what), *line;
	double t;

	if (!p)
		return -1;
	for (line = p; line > out && line[-1] != '\n'; line--)
		;
	return sscanf(line, "[ %lf]", &t) == 1 ? t : -1;
}

/* The rest of the console's first line holding @what, from @what on. */
static void lb_line(const char *out, const char *what, char *buf, size_t len)
{
	const char *p = strstr(out, what);

	buf[0] = 0;
	if (p)
		snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
}

/* The console as "# " lines, and how far the kernel got. */
static void lb_report(struct lb_boot *b, const char *before,
		      const char *after)
{
	static const char * const t0[] = { "t0", "t0_smccc", "t0_sysreg",
		"t1", "t2", "mmio", "hypercall", "exception", "vgic_mmio",
		"wfi", "timer_wake", "host_irq", "timer_sysreg" };
	char *p, *nl, *last = NULL;
	unsigned int i;

	for (p = b->out; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			LB_LOG("| %s", p);
			last = p;
			break;
		}
		*nl = 0;
		LB_LOG("| %s", p);
		if (*p)
			last = p;
		*nl = '\n';
		if (!nl[1])
			break;
	}
	for (i = 0; i < LB_NR_REASONS; i++)
		if (b->exits[i])
			LB_LOG("exits: %s %lu", lb_exit_name(i), b->exits[i]);
	LB_LOG("pl011: %lu reads, %lu writes, %zu bytes of console",
	       b->uart_reads, b->uart_writes, b->len);
	if (before[0] && after[0])
		for (i = 0; i < ARRAY_SIZE(t0); i++)
			LB_LOG("avcpu exits counted: %s +%lu", t0[i],
			       lb_stat(after, t0[i]) - lb_stat(before, t0[i]));
	if (b->timed_out)
		LB_LOG("stopped: deadline reached");
	if (b->stop[0])
		LB_LOG("stopped at: %s", b->stop);
	if (last) {
		nl = strchr(last, '\n');
		LB_LOG("last line: %.*s", nl ? (int)(nl - last) : (int)strlen(last),
		       last);
	}
}

static void lb_boot_image(struct __test_metadata *_metadata, const char *path)
{
	struct avcpu_vcpu_create c = { .vcpu_id = 0, .mpidr = 0,
				       .dtb_addr = LB_RAM_IPA + LB_DTB_OFF };
	struct avcpu_irqchip ic = { .dist_base = LB_GICD_IPA,
				    .redist_base = LB_GICR_IPA };
	struct avcpu_vcpu_setup s = { 0 };
	static char before[8192], after[8192];
	struct arm64_image_header *h;
	struct avcpu_ept_root root = { 0 };
	struct sigaction sa = { .sa_handler = lb_alarm };
	struct itimerval it = { { 1, 0 }, { 120, 0 } };
	struct avcpu_memory_region m;
	struct avcpu_run *run;
	struct avcpu_regs regs;
	struct lb_boot *b;
	static const char lb_rdist_found[] = {
		"GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000" };
	/*
	 * mount_root_generic(), with no root= (ROOT_DEV 0, the name "") and
	 * no initrd, for no block device: 'on "" or unknown-block(0,0)' where
	 * the kernel has no block file system to try (the test bed's),
	 * 'on unknown-block(0,0)' where one failed (Debian's: fuseblk).
	 */
	static const char lb_root_panic[] = {
		"Kernel panic - not syncing: VFS: Unable to mount root fs on " };
	char lb_panic_line[256];
	static const char lb_rootdelay[] = {
		"Waiting " LB_ROOTDELAY " sec before mounting root device..." };
	char lb_timer_banner[128];
	unsigned long wfi;
	double slept;
	__u64 freq;
	const char *secs = getenv("AVCPU_LINUX_SECONDS");
	unsigned long gic_mmio;
	long size;
	__u64 entry;
	char *ram;
	int dev, vm, vcpu, i;

	dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	if (dev < 0 && load_module("avcpu") == 0)
		dev = open("/dev/avcpu", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, dev) TH_LOG("/dev/avcpu: %s", strerror(errno));
	b = calloc(1, sizeof(*b));
	ASSERT_NE(NULL, b);
	ram = mmap(NULL, LB_RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ram);

	/*
	 * booting.rst: text_offset from a 2 MiB aligned base, here the
	 * base of RAM (LB_RAM_IPA is 2 MiB aligned), and image_size bytes
	 * from there (bss and the early page tables included) free.
	 */
	size = lb_read_image(path, ram, 0, LB_DTB_OFF);
	ASSERT_LT(0, size) TH_LOG("%s: %s", path, strerror(-size));
	h = (struct arm64_image_header *)ram;
	ASSERT_EQ(ARM64_IMAGE_MAGIC, h->magic)
		TH_LOG("%s: not an arm64 Image (compressed?)", path);
	ASSERT_NE(0, h->image_size) TH_LOG("pre-3.17 Image: no image_size");
	TH_LOG("%s: %ld bytes, text_offset %#llx, image_size %#llx, flags %#llx",
	       path, size, h->text_offset, h->image_size, h->flags);
	ASSERT_LE(h->text_offset + h->image_size, LB_DTB_OFF);
	if (h->text_offset) {
		memmove(ram + h->text_offset, ram, size);
		memset(ram, 0, h->text_offset);
	}
	entry = LB_RAM_IPA + h->text_offset;
	ASSERT_EQ(0, lb_build_dtb(ram + LB_DTB_OFF, LB_DTB_MAX));

	vm = ioctl(dev, AVCPU_CREATE_VM, 0);
	ASSERT_LE(0, vm);
	m = (struct avcpu_memory_region){ .guest_phys_addr = LB_RAM_IPA,
		.size = LB_RAM_SIZE, .userspace_addr = (unsigned long)ram };
	ASSERT_EQ(0, ioctl(vm, AVCPU_SET_MEMORY_REGION, &m))
		TH_LOG("SET_MEMORY_REGION: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(vm, AVCPU_CREATE_IRQCHIP, &ic))
		TH_LOG("CREATE_IRQCHIP: %s", strerror(errno));
	vcpu = ioctl(vm, AVCPU_CREATE_VCPU, &c);
	ASSERT_LE(0, vcpu);
	root.vm_fd = vm;
	ASSERT_EQ(0, ioctl(vcpu, AVCPU_VCPU_SETUP, &s));
	ASSERT_EQ(0, ioctl(vcpu, AVCPU_SET_ENTRY, &entry));
	ASSERT_EQ(0, ioctl(vcpu, AVCPU_SET_EPT_ROOT, &root));
	run = mmap(NULL, ioctl(dev, AVCPU_GET_VCPU_MMAP_SIZE, 0),
		   PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	ASSERT_NE(MAP_FAILED, run);

	/* booting.rst: x0 = DTB, x1..x3 = 0, EL1h with DAIF masked. */
	ASSERT_EQ(0, ioctl(vcpu, AVCPU_GET_REGS, &regs));
	for (i = 0; i < 31; i++)
		regs.x[i] = 0;
	regs.x[0] = c.dtb_addr;
	regs.elr = entry;
	regs.spsr = LB_SPSR_EL1H;
	ASSERT_EQ(0, ioctl(vcpu, AVCPU_SET_REGS, &regs));

	/*
	 * A periodic timer, not a single alarm: a signal landing between
	 * the deadline check and the RUN would otherwise be lost, and RUN
	 * would run on until the guest's next exit.
	 */
	if (secs)
		it.it_value.tv_sec = strtol(secs, NULL, 0);
	__atomic_store_n(&lb_expired, 0, __ATOMIC_RELAXED);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	lb_stats(before, sizeof(before));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	ASSERT_EQ(0, lb_run(vcpu, run, b)) TH_LOG("RUN: %s", strerror(errno));
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	lb_stats(after, sizeof(after));
	lb_report(b, before, after);

	EXPECT_NE(NULL, strstr(b->out, "Booting Linux on physical CPU"));
	/*
	 * smp_prepare_boot_cpu(): init_cpu_features() reads every ID
	 * register, the boot CPU's capabilities are detected (the GIC SRE
	 * probe among them: "CPU features: detected: ..." lines, which
	 * depend on the CPU) and patched in ("applying boot alternatives");
	 * "Kernel command line:" comes right after it in start_kernel().
	 */
	EXPECT_NE(NULL, strstr(b->out, "alternatives: applying boot alternatives"));
	EXPECT_NE(NULL, strstr(b->out, "Kernel command line:"));
	EXPECT_NE(NULL, strstr(b->out, "psci: PSCIv1.1 detected in firmware"));
	EXPECT_NE(NULL, strstr(b->out, "psci: SMC Calling Convention v1.1"));
	/*
	 * irq-gic-v3.c found the distributor (ITLinesNumber), walked the
	 * redistributors to this CPU's (GICR_TYPER's affinity), woke it and
	 * set the CPU interface up; every RWP poll read 0 at once (a stuck
	 * one would have cost ~10^6 distributor accesses).
	 */
	EXPECT_NE(NULL, strstr(b->out, "GICv3: 256 SPIs implemented"));
	EXPECT_NE(NULL, strstr(b->out, lb_rdist_found));
	EXPECT_EQ(NULL, strstr(b->out, "GICv3: GIC: unable to set SRE"));
	EXPECT_EQ(NULL, strstr(b->out, "RWP timeout"));
	gic_mmio = lb_stat(after, "vgic_mmio") - lb_stat(before, "vgic_mmio");
	EXPECT_LT(300, gic_mmio);
	EXPECT_GT(2000, gic_mmio);
	/*
	 * The timer (issue 12): arch_timer_banner() with the counter
	 * frequency the guest reads in CNTFRQ_EL0, the host's, and the
	 * virtual timer (the guest is not at EL2).
	 */
	asm volatile("mrs %0, cntfrq_el0" : "=r" (freq));
	snprintf(lb_timer_banner, sizeof(lb_timer_banner),
		 "arch_timer: cp15 timer(s) running at %llu.%02lluMHz (virt).",
		 freq / 1000000, freq / 10000 % 100);
	EXPECT_NE(NULL, strstr(b->out, lb_timer_banner))
		TH_LOG("no \"%s\"", lb_timer_banner);
	EXPECT_EQ(NULL, strstr(b->out, "Unable to initialise architected timer"));
	/*
	 * ssleep(rootdelay) ended: a timer-wheel timeout, which only the
	 * guest's timer interrupt (its tick) runs; by the guest's own clock
	 * it took at least that long.  The guest idled in WFI meanwhile, and
	 * nothing but its timer can end a WFI here (no device raises an
	 * interrupt, one vCPU: no IPIs; the deadline's SIGALRM ends the
	 * boot instead).
	 */
	EXPECT_NE(NULL, strstr(b->out, lb_rootdelay));
	EXPECT_FALSE(b->timed_out)
		TH_LOG("no panic by the deadline (the guest's timer interrupt lost?)");
	slept = lb_stamp(b->out, lb_root_panic) - lb_stamp(b->out, lb_rootdelay);
	EXPECT_LE(strtod(LB_ROOTDELAY, NULL), slept)
		TH_LOG("\"%s\" to the panic: %.6f s by the guest's clock",
		       lb_rootdelay, slept);
	wfi = lb_stat(after, "wfi") - lb_stat(before, "wfi");
	EXPECT_LE(1, wfi) TH_LOG("no WFI exit: the guest never idled?");
	lb_line(b->out, lb_root_panic, lb_panic_line, sizeof(lb_panic_line));
	EXPECT_NE(NULL, strstr(lb_panic_line, "unknown-block(0,0)"))
		TH_LOG("the first panic is not for the missing root fs");
	EXPECT_TRUE(b->panicked);
	EXPECT_EQ(0, b->stop[0]) TH_LOG("an exit other than PL011 MMIO");
	/* Braces: EXPECT_EQ() is two statements, its TH_LOG() the second's. */
	for (i = 0; i < LB_NR_REASONS; i++) {
		if (i != AVCPU_EXIT_MMIO) {
			EXPECT_EQ(0, b->exits[i])
				TH_LOG("%s exits", lb_exit_name(i));
		}
	}

	munmap(run, 4096);
	close(vcpu);
	close(vm);
	close(dev);
	munmap(ram, LB_RAM_SIZE);
	free(b);
}

/* No shared state: a fixture only for TEST_F_TIMEOUT. */
FIXTURE(boot) {
};

FIXTURE_SETUP(boot)
{
}

FIXTURE_TEARDOWN(boot)
{
}

/*
 * Every kernel this initramfs carries: the test bed's own (make initramfs
 * packs it as /avcpu/Image, the debug entry too) and, on the Debian entry
 * of the matrix, Debian's arm64 kernel.  Each entry has at least one.
 */
TEST_F_TIMEOUT(boot, every_image, 2 * LB_TEST_TIMEOUT)
{
	static const char * const images[] = {
		"/avcpu/Image", "/avcpu/Image.debian",
	};
	unsigned int i, booted = 0;

	for (i = 0; i < ARRAY_SIZE(images); i++) {
		if (access(images[i], R_OK))
			continue;
		TH_LOG("booting %s", images[i]);
		lb_boot_image(_metadata, images[i]);
		if (!__test_passed(_metadata))
			return;
		booted++;
	}
	if (!booted)
		SKIP(return, "no kernel Image in this initramfs");
}

TEST_HARNESS_MAIN
