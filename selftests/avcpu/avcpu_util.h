/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the avcpu selftests: loading and unloading modules,
 * asking avcpu and (through the avcpu_stubcall test module) the EL2 of
 * each CPU who runs there.
 */
#ifndef _AVCPU_SELFTEST_UTIL_H
#define _AVCPU_SELFTEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/avcpu.h>

#define HYP_MAGIC	0x6176637075000001UL	/* avcpu answers its probe */
#define STUB_ERR	0xbadca11UL		/* the hyp stub's answer */
#define STUBCALL	"/sys/kernel/debug/avcpu_stubcall"

static inline const char *avcpu_moddir(void)
{
	const char *d = getenv("AVCPU_MODDIR");

	return d ? d : "/avcpu";
}

/* finit_module(); returns 0 or -errno. */
static inline int load_module(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s.ko", avcpu_moddir(), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(__NR_finit_module, fd, "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

static inline int unload_module(const char *name)
{
	return syscall(__NR_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

static inline int module_loaded(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

static inline int ensure_stubcall(void)
{
	int ret = load_module("avcpu_stubcall");

	return ret == -EEXIST ? 0 : ret;
}

static inline int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

static inline int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

/* What EL2 on @cpu answers to avcpu's probe call; 0 if not found. */
static inline unsigned long stub_probe(int cpu)
{
	char buf[4096], *p;
	char key[32];

	if (read_file(STUBCALL "/probe", buf, sizeof(buf)))
		return 0;
	snprintf(key, sizeof(key), "cpu%d ", cpu);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, strlen(key)))
			return strtoul(p + strlen(key), NULL, 16);
	return 0;
}

/* hvc #0 with x0..x4 on @cpu from the host kernel; returns x0. */
static inline unsigned long stub_call(int cpu, unsigned long x0,
				      unsigned long x1, unsigned long x2,
				      unsigned long x3, unsigned long x4)
{
	char buf[160];

	snprintf(buf, sizeof(buf), "%d %lx %lx %lx %lx %lx", cpu, x0, x1, x2,
		 x3, x4);
	if (write_file(STUBCALL "/call", buf))
		return 0;
	if (read_file(STUBCALL "/call", buf, sizeof(buf)))
		return 0;
	return strtoul(buf, NULL, 16);
}

static inline int nr_cpus_online(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static inline int nr_cpus_configured(void)
{
	return (int)sysconf(_SC_NPROCESSORS_CONF);
}

static inline int cpu_is_online(int cpu)
{
	char path[64], buf[8];

	if (cpu == 0)
		return 1;
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	if (read_file(path, buf, sizeof(buf)))
		return 0;
	return buf[0] == '1';
}

static inline int set_cpu_online(int cpu, int on)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	return write_file(path, on ? "1" : "0");
}

/* AVCPU_GET_EL2_INFO; returns 0 or -errno. */
static inline int el2_info(int fd, int cpu, struct avcpu_el2_info *info)
{
	memset(info, 0, sizeof(*info));
	info->cpu = cpu;
	return ioctl(fd, AVCPU_GET_EL2_INFO, info) ? -errno : 0;
}

/* Does every online CPU's EL2 answer the probe with @want? */
static inline int all_cpus_answer(unsigned long want)
{
	int cpu;

	for (cpu = 0; cpu < nr_cpus_configured(); cpu++)
		if (cpu_is_online(cpu) && stub_probe(cpu) != want)
			return 0;
	return 1;
}

/* Lines of the kernel log containing @needle. */
static inline int klog_contains(const char *needle)
{
	static char buf[1 << 17];
	int n = syscall(__NR_syslog, 3 /* SYSLOG_ACTION_READ_ALL */, buf,
			sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = 0;
	return !!strstr(buf, needle);
}

/*
 * Pin the calling thread to the CPU it is on (-errno, or that CPU): the
 * isolation tests run every VM of a case on one physical CPU.
 */
static inline int pin_one_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		cpu = 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : cpu;
}

#endif /* _AVCPU_SELFTEST_UTIL_H */
