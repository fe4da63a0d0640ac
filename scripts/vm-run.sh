#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one configuration of the test-bed VM and print its console.
#
#   vm-run.sh --kdir DIR | --kernel IMAGE --initrd FILE [--cpu MODEL] [--smp N]
#             [--machine-opts ,virtualization=off] [--append "..."]
#             [--mem MiB] [--timeout SECONDS] SUITE
#
# SUITE is handed to the VM's /init (el2, debug, test:<selftest>,
# kunit:<suite>, refuse:<test>, demo, bench, bench-kvm, shell).
# Exit status: 0 if the suite ran and reported rc=0; 124 on timeout.
set -euo pipefail
kdir= kernel= initrd= mem=512 cpu=cortex-a72 smp=2 mopts=,virtualization=on append= tmo=300
while [ $# -gt 1 ]; do
	case "$1" in
	--kdir) kdir=$2 ;;
	--kernel) kernel=$2 ;;
	--mem) mem=$2 ;;
	--initrd) initrd=$2 ;;
	--cpu) cpu=$2 ;;
	--smp) smp=$2 ;;
	--machine-opts) mopts=$2 ;;
	--append) append=$2 ;;
	--timeout) tmo=$2 ;;
	*) echo "vm-run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done
suite=${1:?suite}
[ -n "$kernel" ] || kernel=$kdir/arch/arm64/boot/Image
# -cpu max emulates pointer authentication with QARMA by default, which is
# three times slower under TCG than the IMPDEF algorithm.
case "$cpu" in max) cpu=max,pauth-impdef=on ;; esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
timeout --foreground -k 5 "$tmo" qemu-system-aarch64 \
	-M "virt,gic-version=3$mopts" -cpu "$cpu" -smp "$smp" -m "$mem" \
	-nographic -no-reboot -monitor none -serial stdio -nic none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyAMA0 panic=-1 loglevel=3 AVCPU_SUITE=$suite $append" \
	</dev/null | tr -d '\r' | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 124 ] && { echo "vm-run.sh: timed out after ${tmo}s"; exit 124; }
grep -q '^AVCPU-END rc=0$' "$log"
