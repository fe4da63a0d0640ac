#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows inside the VM.
set -e
probe() {
	# Ask each CPU's EL2 directly, from the host kernel, without avcpu.
	sed -e 's/0x6176637075000001/avcpu answers/' \
	    -e 's/0xbadca11/kernel hyp stub answers/' \
	    /sys/kernel/debug/avcpu_stubcall/probe | sed 's/^/    /'
}
insmod /avcpu/avcpu_stubcall.ko
echo "== Before: EL2 on each CPU"
probe
echo "== insmod avcpu.ko"
insmod /avcpu/avcpu.ko
dmesg | grep 'avcpu:' | tail -n 1 | sed 's/^/    /'
echo "== avcpu-info (read at EL2 on each CPU)"
avcpu-info | sed 's/^/    /'
echo "== avcpu-run --cpus 4: guest vCPU 0 turns on vCPUs 1-3 with PSCI CPU_ON;"
echo "   each prints through MMIO writes; SYSTEM_OFF ends it"
avcpu-run --cpus 4 --stats 2>&1 | sed 's/^/    /'
echo "== rmmod avcpu"
rmmod avcpu
dmesg | grep 'avcpu:' | tail -n 1 | sed 's/^/    /'
echo "== After: EL2 on each CPU"
probe
