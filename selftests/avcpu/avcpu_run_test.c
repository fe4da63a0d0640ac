// SPDX-License-Identifier: GPL-2.0
/*
 * tools/avcpu-run as a user runs it: its command line, the built-in guest
 * on 1, 4 and 8 vCPUs (PSCI CPU_ON, CPU_OFF, AFFINITY_INFO, SYSTEM_OFF
 * answered by the kernel), the system events, signals and unhandled exits,
 * each checked by the exact console output, messages and exit status
 * (Documentation/avcpu.rst, "tools/avcpu-run").  Guest images are in
 * avcpu_run_guest.S.
 *
 * Needs avcpu.ko and avcpu-run in $AVCPU_MODDIR (default /avcpu), or the
 * tool at $AVCPU_RUN.
 */
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "avcpu_util.h"

#define IMAGE(name) \
	extern const char guest_##name##_start[], guest_##name##_end[]
IMAGE(run_reset);
IMAGE(run_reset2);
IMAGE(run_hvc);
IMAGE(run_spin);
IMAGE(run_wfi);
IMAGE(run_bad_mmio);
IMAGE(run_abort_str);
IMAGE(run_abort_stp);
IMAGE(run_sysreg);
IMAGE(run_gic);
IMAGE(run_timer);
/* The store each abort guest makes (avcpu_run_guest.S). */
#define AT_LABEL(name)	extern const char name##_at[]
AT_LABEL(run_abort_str);
AT_LABEL(run_abort_stp);
AT_LABEL(run_sysreg);

/* One line of --stats (no aborts, sysregs or EINTR in these runs). */
#define STATS(who, n, mmio, hvc, ev)					\
	"avcpu-run: " who ": " n " exits (" mmio " MMIO, " hvc		\
	" hypercall, 0 abort, 0 sysreg, " ev " system event, 0 EINTR)\n"

#define GREETING "Hello from a guest at EL1, running under avcpu's stage 2!\n"
#define USAGE "usage: avcpu-run [--image FILE] [--mem MiB] [--cpus N] [--no-irqchip] [--stats]\n" \
	"(avcpu-run --help: more)\n"
/* A run never takes this long; then it is killed and the test fails. */
#define DEADLINE_S	60

struct result {
	int status;		/* exit status; 1000 + n: killed by signal n */
	char out[8192];		/* stdout */
	char err[8192];		/* stderr */
};

static const char *tool(void)
{
	static char path[PATH_MAX];
	const char *p = getenv("AVCPU_RUN");

	if (p)
		return p;
	snprintf(path, sizeof(path), "%s/avcpu-run", avcpu_moddir());
	return path;
}

/* Append what @fd has to @buf; 0 at end of file. */
static int drain(int fd, char *buf, size_t size)
{
	size_t len = strlen(buf);
	ssize_t n = read(fd, buf + len, size - 1 - len);

	if (n <= 0)
		return 0;
	buf[len + n] = 0;
	return 1;
}

/*
 * Run avcpu-run with @argv (argv[0] "avcpu-run", NULL-terminated).  With
 * @sig, send it once the guest's first line is on stdout (avcpu-run
 * blocks SIGINT and SIGTERM before any vCPU runs).
 */
static void run_tool(struct result *r, int sig, const char *const argv[])
{
	int out[2], err[2], wstatus, open_fds = 2;
	time_t deadline = time(NULL) + DEADLINE_S;
	bool sent = false;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (pipe(out) || pipe(err))
		return;
	pid = fork();
	if (pid < 0)
		return;
	if (!pid) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(tool(), (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	while (open_fds && time(NULL) < deadline) {
		struct pollfd p[2] = {
			{ .fd = out[0], .events = POLLIN },
			{ .fd = err[0], .events = POLLIN },
		};

		if (poll(p, 2, 1000) < 0)
			break;
		if (p[0].revents && !drain(out[0], r->out, sizeof(r->out))) {
			close(out[0]);
			out[0] = -1;
			open_fds--;
		}
		if (p[1].revents && !drain(err[0], r->err, sizeof(r->err))) {
			close(err[0]);
			err[0] = -1;
			open_fds--;
		}
		if (sig && !sent && strchr(r->out, '\n')) {
			kill(pid, sig);
			sent = true;
		}
	}
	if (open_fds)
		kill(pid, SIGKILL);	/* past the deadline */
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	if (waitpid(pid, &wstatus, 0) != pid)
		return;
	if (WIFEXITED(wstatus))
		r->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		r->status = 1000 + WTERMSIG(wstatus);
}

/* The image between @start and @end, in a file; its path in @path. */
static int write_image(char *path, size_t size, const char *name,
		       const char *start, const char *end)
{
	int fd;

	snprintf(path, size, "/tmp/avcpu_run_%s.img", name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, start, end - start) != end - start) {
		close(fd);
		return -1;
	}
	return close(fd);
}

#define RUN_IMAGE(r, sig, name, ...) do {				\
	char img[64];							\
	const char *const argv[] = { "avcpu-run", "--image", img,	\
				     ##__VA_ARGS__, NULL };		\
	ASSERT_EQ(0, write_image(img, sizeof(img), #name,		\
				 guest_##name##_start,			\
				 guest_##name##_end));			\
	run_tool(r, sig, argv);						\
	unlink(img);							\
} while (0)

#define RUN(r, ...) do {						\
	const char *const argv[] = { "avcpu-run", ##__VA_ARGS__, NULL };\
	run_tool(r, 0, argv);						\
} while (0)

FIXTURE(avcpu_run) {
	struct result r;
};

FIXTURE_SETUP(avcpu_run)
{
	int ret = load_module("avcpu");

	ASSERT_TRUE(ret == 0 || ret == -EEXIST);
	ASSERT_EQ(0, access(tool(), X_OK)) {
		TH_LOG("%s: %s", tool(), strerror(errno));
	}
}

FIXTURE_TEARDOWN(avcpu_run)
{
}

TEST_F(avcpu_run, help)
{
	RUN(&self->r, "--help");
	EXPECT_EQ(0, self->r.status);
	EXPECT_EQ(0, strncmp(self->r.out, USAGE, strchr(USAGE, '\n') - USAGE + 1));
	EXPECT_NE(NULL, strstr(self->r.out,
			       "Exit status: 0 the guest called SYSTEM_OFF, 1 error or unhandled exit,\n"
			       "2 usage, 3 the guest called SYSTEM_RESET or SYSTEM_RESET2,\n"
			       "128+n signal n (SIGINT, SIGTERM).\n"));
	EXPECT_STREQ("", self->r.err);
}

/* Every bad --cpus: status 2, one line naming it, the usage, nothing run. */
TEST_F(avcpu_run, cpus_out_of_range_rejected)
{
	static const struct {
		const char *opt, *val, *shown;
	} bad[] = {
		{ "-c", "0", "0" },
		{ "-c", "9", "9" },
		{ "-c", "100", "100" },
		{ "-c", "x", "x" },
		{ "-c", "1x", "1x" },
		{ "-c", "-1", "-1" },
		{ "--cpus", "0", "0" },
		{ "--cpus=100", NULL, "100" },
	};
	char want[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *const argv[] = { "avcpu-run", bad[i].opt,
					     bad[i].val, NULL };

		run_tool(&self->r, 0, argv);
		snprintf(want, sizeof(want),
			 "avcpu-run: --cpus %s: not a number in 1..8\n" USAGE,
			 bad[i].shown);
		EXPECT_EQ(2, self->r.status) TH_LOG("%s %s", bad[i].opt, bad[i].val);
		EXPECT_STREQ(want, self->r.err);
		EXPECT_STREQ("", self->r.out);
	}
}

TEST_F(avcpu_run, other_bad_arguments_rejected)
{
	RUN(&self->r, "--mem", "0");
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("avcpu-run: --mem 0: not a number in 1..523264\n" USAGE,
		     self->r.err);
	RUN(&self->r, "extra");
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("avcpu-run: unexpected argument 'extra'\n" USAGE,
		     self->r.err);
	RUN(&self->r, "--bogus");
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("avcpu-run: unrecognized option '--bogus'\n" USAGE,
		     self->r.err);
	RUN(&self->r, "--image", "/nonexistent");
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("avcpu-run: /nonexistent: No such file or directory\n",
		     self->r.err);
}

/* The built-in guest on one vCPU, as before: greeting, SYSTEM_OFF, 0. */
TEST_F(avcpu_run, hello_1_cpu)
{
	RUN(&self->r);
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ(GREETING, self->r.out);
	EXPECT_STREQ("", self->r.err);
	RUN(&self->r, "-c", "1");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ(GREETING, self->r.out);
	EXPECT_STREQ("", self->r.err);
}

/* vCPU 0 turns on 1, 2, 3 in turn; each prints its line and turns off. */
TEST_F(avcpu_run, hello_4_cpus)
{
	RUN(&self->r, "--cpus", "4");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ(GREETING
		     "hello from vCPU 1\n"
		     "hello from vCPU 2\n"
		     "hello from vCPU 3\n", self->r.out);
	EXPECT_STREQ("", self->r.err);
}

TEST_F(avcpu_run, hello_8_cpus)
{
	RUN(&self->r, "-c", "8");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ(GREETING
		     "hello from vCPU 1\n"
		     "hello from vCPU 2\n"
		     "hello from vCPU 3\n"
		     "hello from vCPU 4\n"
		     "hello from vCPU 5\n"
		     "hello from vCPU 6\n"
		     "hello from vCPU 7\n", self->r.out);
	EXPECT_STREQ("", self->r.err);
}

/*
 * Exits returned to avcpu-run: one MMIO write per character (58 for the
 * greeting, 18 per secondary), no PSCI call among them, and SYSTEM_OFF's
 * event once from every vCPU.
 */
TEST_F(avcpu_run, stats_4_cpus)
{
	static const char want[] =
		"avcpu-run: the guest powered off (SYSTEM_OFF from vCPU 0)\n"
		STATS("vCPU 0", "59", "58", "0", "1")
		STATS("vCPU 1", "19", "18", "0", "1")
		STATS("vCPU 2", "19", "18", "0", "1")
		STATS("vCPU 3", "19", "18", "0", "1")
		STATS("total", "116", "112", "0", "4");

	RUN(&self->r, "-c", "4", "--stats");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ(want, self->r.err);
}

/* A non-SMCCC hvc reaches avcpu-run, which answers NOT_SUPPORTED. */
TEST_F(avcpu_run, hypercall_not_supported)
{
	static const char want[] =
		"avcpu-run: the guest powered off (SYSTEM_OFF from vCPU 0)\n"
		STATS("vCPU 0", "2", "0", "1", "1")
		STATS("total", "2", "0", "1", "1");

	RUN_IMAGE(&self->r, 0, run_hvc, "--stats");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
}

TEST_F(avcpu_run, system_reset)
{
	RUN_IMAGE(&self->r, 0, run_reset);
	EXPECT_EQ(3, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("avcpu-run: the guest asked for a reset (SYSTEM_RESET from vCPU 0)\n",
		     self->r.err);
}

/*
 * SYSTEM_RESET2 with a vendor type and a 64-bit cookie; vCPU 1, never
 * turned on, returns the event from its powered-off wait too (else
 * avcpu-run would complain after its grace period and fail).
 */
TEST_F(avcpu_run, system_reset2_2_cpus)
{
	static const char want[] =
		"avcpu-run: the guest asked for a reset (SYSTEM_RESET2 from vCPU 0, type 0x80000001, cookie 0x123456789)\n"
		STATS("vCPU 0", "1", "0", "0", "1")
		STATS("vCPU 1", "1", "0", "0", "1")
		STATS("total", "2", "0", "0", "2");

	RUN_IMAGE(&self->r, 0, run_reset2, "-c", "2", "--stats");
	EXPECT_EQ(3, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
}

/* SIGINT stops a spinning vCPU 0 and a powered-off vCPU 1: 128 + 2. */
TEST_F(avcpu_run, sigint_stops_all_cpus)
{
	RUN_IMAGE(&self->r, SIGINT, run_spin, "-c", "2");
	EXPECT_EQ(130, self->r.status);
	EXPECT_STREQ("spinning\n", self->r.out);
	EXPECT_STREQ("avcpu-run: SIGINT, stopping\n", self->r.err);
}

/* SIGTERM stops a vCPU asleep in WFI: 128 + 15. */
TEST_F(avcpu_run, sigterm_stops_wfi)
{
	RUN_IMAGE(&self->r, SIGTERM, run_wfi);
	EXPECT_EQ(143, self->r.status);
	EXPECT_STREQ("waiting\n", self->r.out);
	EXPECT_STREQ("avcpu-run: SIGTERM, stopping\n", self->r.err);
}

/*
 * A store to an address with nothing there: the guest takes a data
 * abort, said once; with no vectors mapped (VBAR_EL1 0) it cannot take
 * it, and the run ends rather than loop.
 */
/* QEMU virt's GICv3, answered in the kernel: nothing reaches avcpu-run. */
TEST_F(avcpu_run, gic_registers_in_the_kernel)
{
	static const char want[] =
		"avcpu-run: the guest powered off (SYSTEM_OFF from vCPU 0)\n"
		STATS("vCPU 0", "8", "7", "0", "1")
		STATS("vCPU 1", "1", "0", "0", "1")
		STATS("total", "9", "7", "0", "2");

	RUN_IMAGE(&self->r, 0, run_gic, "--cpus", "2", "--stats");
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("gic ok\n", self->r.out);
	/* Only the UART's 7 characters came out. */
	EXPECT_STREQ(want, self->r.err);
}

/*
 * The guest's timer interrupts reach it: three virtual-timer interrupts
 * (INTID 27) through the GIC, each ending a WFI.
 */
TEST_F(avcpu_run, timer_interrupts_the_guest)
{
	RUN_IMAGE(&self->r, 0, run_timer);
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("timer ok\n", self->r.out);
	EXPECT_STREQ("", self->r.err);
}

/* --no-irqchip: the GIC's addresses are nothing, as any other. */
TEST_F(avcpu_run, no_irqchip_gic_is_nothing)
{
	static const char want[] = {
		"avcpu-run: vCPU 0: nothing at 0x800ffe8 (4-byte read at pc 0x40000008): data abort injected\n"
	};

	RUN_IMAGE(&self->r, 0, run_gic, "--no-irqchip");
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_EQ(0, strncmp(self->r.err, want, sizeof(want) - 1))
		TH_LOG("%s", self->r.err);
}

TEST_F(avcpu_run, abort_without_vectors_fails)
{
	static const char want[] = {
		"avcpu-run: vCPU 0: nothing at 0x1000 (8-byte write at pc 0x40000008): data abort injected\n"
		"avcpu-run: vCPU 0: nothing at 0x200 (instruction fetch at pc 0x200): instruction abort injected\n"
		"avcpu-run: vCPU 0: the guest cannot take the abort at pc 0x200 (are its vectors mapped?)\n"
	};

	RUN_IMAGE(&self->r, 0, run_bad_mmio);
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
}

/*
 * The guest's own vector takes the injected abort: it reports ESR_EL1 and
 * FAR_EL1 as SYSTEM_RESET2's type and cookie.  A store with a syndrome
 * (an MMIO exit) and one without (stp: NISV) give the guest the same
 * synchronous external abort, EC 0x25 with WnR, at the address it used.
 */
#define ABORT_WANT "avcpu-run: vCPU 0: nothing at 0x1008 (%s at pc %#llx): data abort injected\n" \
	"avcpu-run: the guest asked for a reset (SYSTEM_RESET2 from vCPU 0, type 0x96000050, cookie 0x1008)\n"

TEST_F(avcpu_run, abort_taken_by_guest_vectors)
{
	char want[512];

	snprintf(want, sizeof(want), ABORT_WANT, "8-byte write",
		 0x40000000ULL +
		 (run_abort_str_at - guest_run_abort_str_start));
	RUN_IMAGE(&self->r, 0, run_abort_str);
	EXPECT_EQ(3, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
	snprintf(want, sizeof(want), ABORT_WANT, "write without a syndrome",
		 0x40000000ULL +
		 (run_abort_stp_at - guest_run_abort_stp_start));
	RUN_IMAGE(&self->r, 0, run_abort_stp);
	EXPECT_EQ(3, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
}

/*
 * A system register the kernel does not emulate is an undefined
 * instruction the guest takes at its own vector, at the mrs (ESR_EL1
 * 0x02000000: EC 0x00, IL), said once for the register although the
 * guest tries it twice.
 */
TEST_F(avcpu_run, sysreg_exit_is_undef)
{
	__u64 at = 0x40000000ULL + (run_sysreg_at - guest_run_sysreg_start);
	char want[512];

	snprintf(want, sizeof(want),
		 "avcpu-run: vCPU 0: no system register s3_0_c1_c0_1 (read at pc %#llx): undefined instruction injected\n"
		 "avcpu-run: the guest asked for a reset (SYSTEM_RESET2 from vCPU 0, type 0x82000000, cookie %#llx)\n",
		 (unsigned long long)at, (unsigned long long)at + 4);
	RUN_IMAGE(&self->r, 0, run_sysreg);
	EXPECT_EQ(3, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ(want, self->r.err);
}

TEST_HARNESS_MAIN
