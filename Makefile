# SPDX-License-Identifier: GPL-2.0
#
# avcpu: top-level build and test entry points.
#
#   make demo     install what is missing, build everything, boot the arm64
#                 VM and show avcpu taking EL2 on every CPU and giving it back
#   make check    the whole test suite over the QEMU matrix (the debug
#                 kernel's entry included); last line "N passed, N failed"
#   make bench    exit costs, avcpu against KVM, in the VM (rates, no verdict)
#   make module   just avcpu.ko (KDIR=<kernel build dir> to choose a kernel)
#
# Kernel builds and initramfs images are cached in $(AVCPU_CACHE)
# (default /var/cache/avcpu for root, ~/.cache/avcpu otherwise).

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build
EL2_DIR := $(BUILD)/el2
ARCH := arm64
CROSS_COMPILE ?= $(if $(filter aarch64 arm64,$(shell uname -m)),,aarch64-linux-gnu-)
export CROSS_COMPILE

# The test-bed kernel, unless KDIR names another one; worked out once, and
# only when a recipe needs it (after `deps` has installed the tools).
KDIR ?= $(eval KDIR := $(shell $(TOP)/scripts/build-kernel.sh))$(KDIR)

KMAKE = $(MAKE) -C $(KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE)

# Debian's current 6.12 arm64 kernel (image + headers), for the host run of
# the matrix; fetched into the cache on first use.
DEBIAN_DIR ?= $(eval DEBIAN_DIR := $(shell $(TOP)/scripts/debian-kernel.sh))$(DEBIAN_DIR)
DEB_SRC := $(BUILD)/debian/src

# The debug test-bed kernel (scripts/testbed/debug.config: KASAN, kmemleak,
# lockdep, ...), for check's "debug" entry; built into the cache on first
# use, like the test-bed kernel.
DEBUG_KDIR ?= $(eval DEBUG_KDIR := $(shell $(TOP)/scripts/build-kernel.sh debug))$(DEBUG_KDIR)
DBG_SRC := $(BUILD)/debug/src
# Build products stay out of the copies (and survive their --delete).
KBUILD_OUT := --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order \
	--exclude=Module.symvers
# The debug entry needs its kernel only when it is part of the run.
CHECK_DEBUG := $(if $(CONFIGS),$(filter debug,$(CONFIGS)),debug)

all: module

deps:
	@$(TOP)/scripts/install-deps.sh

kernel:
	@test -n "$(KDIR)" || { echo "avcpu: no kernel to build against" >&2; exit 1; }

el2:
	@mkdir -p $(EL2_DIR)
	$(MAKE) -s -C $(TOP)/lib O=$(EL2_DIR)

module: kernel el2
	$(KMAKE) M=$(TOP)/driver AVCPU_EL2_DIR=$(EL2_DIR) modules

selftests: module
	$(KMAKE) M=$(TOP)/selftests/avcpu/stubcall modules
	$(KMAKE) M=$(TOP)/selftests/avcpu/kunit modules
	$(MAKE) -C $(TOP)/selftests/avcpu OUTPUT=$(BUILD)/selftests \
		KDIR=$(KDIR) CC=$(CROSS_COMPILE)gcc

tools:
	@mkdir -p $(BUILD)/tools
	$(MAKE) -C $(TOP)/tools/avcpu-info OUTPUT=$(BUILD)/tools \
		CC=$(CROSS_COMPILE)gcc
	$(MAKE) -C $(TOP)/tools/avcpu-run OUTPUT=$(BUILD)/tools \
		CC=$(CROSS_COMPILE)gcc
	$(MAKE) -C $(TOP)/tools/avcpu-bench OUTPUT=$(BUILD)/tools \
		KDIR=$(KDIR) CC=$(CROSS_COMPILE)gcc

# The KUnit suites (selftests/avcpu/kunit), in every test-bed initramfs.
KUNIT_KOS := avcpu_decode_kunit.ko avcpu_abort_kunit.ko avcpu_region_kunit.ko avcpu_spec_kunit.ko \
	avcpu_smccc_kunit.ko avcpu_inject_kunit.ko avcpu_idregs_kunit.ko \
	avcpu_sysreg_kunit.ko avcpu_vgic_lr_kunit.ko avcpu_vgic_mmio_kunit.ko

# Everything the VM needs, packed into one initramfs; the kernel's own
# Image too, as the guest linux_boot_test boots (/avcpu/Image).
initramfs: selftests tools
	@$(TOP)/scripts/mkinitramfs.sh $(BUILD) $(BUILD)/initramfs.cpio \
		$(KDIR)/arch/arm64/boot/Image \
		$(TOP)/driver/avcpu.ko \
		$(TOP)/selftests/avcpu/stubcall/avcpu_stubcall.ko \
		$(addprefix $(TOP)/selftests/avcpu/kunit/,$(KUNIT_KOS)) \
		$(KDIR)/lib/kunit/kunit.ko

# The same for Debian's kernel: modules built against Debian's headers,
# from a copy of the sources (Kbuild builds in the source directory), and
# Debian's Image (uncompressed, 44 MB), linux_boot_test's second guest.
debian-initramfs: el2 selftests tools
	@test -n "$(DEBIAN_DIR)" || { echo "avcpu: no Debian kernel" >&2; exit 1; }
	@mkdir -p $(DEB_SRC)
	@rsync -aR --delete driver include lib selftests/avcpu/stubcall $(DEB_SRC)/
	$(MAKE) -C $(DEBIAN_DIR)/headers M=$(DEB_SRC)/driver \
		AVCPU_EL2_DIR=$(EL2_DIR) modules
	$(MAKE) -C $(DEBIAN_DIR)/headers \
		M=$(DEB_SRC)/selftests/avcpu/stubcall modules
	@cp -L $(DEBIAN_DIR)/Image $(BUILD)/debian/Image.debian
	@$(TOP)/scripts/mkinitramfs.sh $(BUILD) $(BUILD)/debian/initramfs.cpio \
		$(BUILD)/debian/Image.debian \
		$(DEB_SRC)/driver/avcpu.ko \
		$(DEB_SRC)/selftests/avcpu/stubcall/avcpu_stubcall.ko

# The same for the debug kernel: the el2 suite's modules (KASAN-
# instrumented, as the kernel's own), from a copy of the sources, the
# detectors' positive control (selftests/avcpu/provoke), and the test
# bed's Image for linux_boot_test's guest.
debug-initramfs: el2 selftests tools
	@test -n "$(DEBUG_KDIR)" || { echo "avcpu: no debug kernel" >&2; exit 1; }
	@mkdir -p $(DBG_SRC)
	@cd $(TOP) && rsync -aR --delete $(KBUILD_OUT) driver include lib \
		selftests/avcpu/stubcall selftests/avcpu/kunit \
		selftests/avcpu/provoke $(DBG_SRC)/
	$(MAKE) -C $(DEBUG_KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) \
		M=$(DBG_SRC)/driver AVCPU_EL2_DIR=$(EL2_DIR) modules
	$(MAKE) -C $(DEBUG_KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) \
		M=$(DBG_SRC)/selftests/avcpu/stubcall modules
	$(MAKE) -C $(DEBUG_KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) \
		M=$(DBG_SRC)/selftests/avcpu/kunit modules
	$(MAKE) -C $(DEBUG_KDIR) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) \
		M=$(DBG_SRC)/selftests/avcpu/provoke modules
	@$(TOP)/scripts/mkinitramfs.sh $(BUILD) $(BUILD)/debug/initramfs.cpio \
		$(KDIR)/arch/arm64/boot/Image \
		$(DBG_SRC)/driver/avcpu.ko \
		$(DBG_SRC)/selftests/avcpu/stubcall/avcpu_stubcall.ko \
		$(addprefix $(DBG_SRC)/selftests/avcpu/kunit/,$(KUNIT_KOS)) \
		$(DBG_SRC)/selftests/avcpu/provoke/avcpu_provoke.ko \
		$(DEBUG_KDIR)/lib/kunit/kunit.ko

# The DKMS test: Debian's kernel boots a cached arm64 Debian system that
# builds and installs avcpu with dkms from the tracked sources.
dkms-initramfs: debian-initramfs
	@rootfs=$$($(TOP)/scripts/debian-rootfs.sh $(DEBIAN_DIR)) && \
	$(TOP)/scripts/mkdkms-initramfs.sh $$rootfs $(BUILD) \
		$(DEB_SRC)/selftests/avcpu/stubcall/avcpu_stubcall.ko \
		$(BUILD)/debian/dkms.cpio

# Sub-makes, so that KDIR is worked out after `deps` has run.
demo: deps
	@$(MAKE) -s initramfs run-demo

check: deps
	@$(MAKE) -s initramfs dkms-initramfs \
		$(if $(CHECK_DEBUG),debug-initramfs) run-check

# Exit costs (tools/avcpu-bench): the same guest loops under KVM and under
# avcpu, on the same kernel and QEMU options, alternating boots; prints
# one table (scripts/bench.sh).  Not a test.  AVCPU_BENCH_ROUNDS (3) and
# AVCPU_BENCH_SECONDS (per case, 2) from the environment.
bench: deps
	@$(MAKE) -s initramfs run-bench

run-bench:
	@$(TOP)/scripts/bench.sh $(KDIR) $(BUILD)/initramfs.cpio

run-demo:
	@$(TOP)/scripts/vm-run.sh --kdir $(KDIR) --initrd $(BUILD)/initramfs.cpio \
		--cpu cortex-a72 --smp 4 --append kvm-arm.mode=none demo

# CONFIGS="a72-4 kvm" runs part of the matrix (names in scripts/check.sh).
run-check:
	@AVCPU_DEBIAN_IMAGE=$(DEBIAN_DIR)/Image \
	 AVCPU_DEBIAN_INITRD=$(BUILD)/debian/initramfs.cpio \
	 AVCPU_DKMS_INITRD=$(BUILD)/debian/dkms.cpio \
	 $(if $(CHECK_DEBUG),AVCPU_DEBUG_KDIR=$(DEBUG_KDIR) \
	 AVCPU_DEBUG_INITRD=$(BUILD)/debug/initramfs.cpio) \
		$(TOP)/scripts/check.sh $(KDIR) $(BUILD)/initramfs.cpio $(CONFIGS)

# Install the module (under extra/, where modprobe finds it), the uapi
# header and, inactive, the opt-in udev rule and a modprobe.d example.
# DESTDIR and INSTALL_MOD_PATH stage an install elsewhere.
PREFIX ?= /usr
modules_install: module
	$(KMAKE) M=$(TOP)/driver AVCPU_EL2_DIR=$(EL2_DIR) INSTALL_MOD_DIR=extra \
		modules_install

install: modules_install
	install -D -m 644 $(TOP)/include/uapi/linux/avcpu.h \
		$(DESTDIR)$(PREFIX)/include/linux/avcpu.h
	install -D -m 644 $(TOP)/packaging/udev/60-avcpu.rules \
		$(DESTDIR)$(PREFIX)/share/avcpu/60-avcpu.rules
	install -D -m 644 $(TOP)/packaging/modprobe.d/avcpu.conf \
		$(DESTDIR)$(PREFIX)/share/avcpu/modprobe.d/avcpu.conf

# On an arm64 machine: copy the tree to /usr/src/avcpu-VERSION and do what
# a DKMS user does (the module is then rebuilt for every new kernel).
AVCPU_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(TOP)/dkms.conf)
dkms-install:
	rm -rf /usr/src/avcpu-$(AVCPU_VERSION)
	mkdir -p /usr/src/avcpu-$(AVCPU_VERSION)
	cd $(TOP) && git ls-files -z driver lib include Makefile dkms.conf | \
		xargs -0 cp --parents -t /usr/src/avcpu-$(AVCPU_VERSION)
	dkms add avcpu/$(AVCPU_VERSION)
	dkms install avcpu/$(AVCPU_VERSION)

clean:
	$(MAKE) -s -C $(TOP)/lib O=$(EL2_DIR) clean
	-$(KMAKE) M=$(TOP)/driver clean
	-$(KMAKE) M=$(TOP)/selftests/avcpu/stubcall clean
	-$(KMAKE) M=$(TOP)/selftests/avcpu/kunit clean
	rm -rf $(BUILD)

.PHONY: all deps kernel el2 module debug-initramfs dkms-initramfs dkms-install modules_install install debian-initramfs run-demo run-check bench run-bench selftests tools initramfs demo check clean
