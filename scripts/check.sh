#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole avcpu test suite: kernel style, then every VM configuration of
# the matrix below; kselftest TAP from each boot is collected, prefixed with
# the configuration's name, and summed up in the last line:
#   "N passed, N failed[, N skipped]"
# Exit status is non-zero if anything failed.
#
# Usage: check.sh KDIR INITRAMFS [CONFIG...]   (default: all configurations)
# Configurations on Debian's kernel need AVCPU_DEBIAN_IMAGE and
# AVCPU_DEBIAN_INITRD, the debug entry AVCPU_DEBUG_KDIR and
# AVCPU_DEBUG_INITRD (the Makefile's run-check sets them).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kdir=$1
initrd=$2
shift 2

# name | -cpu | -smp | machine options | kernel parameters | suite
# (names starting with "debian" boot Debian's arm64 kernel; "debug" boots
# the debug test-bed kernel, scripts/testbed/debug.config, and fails on any
# report of its bug detectors: scripts/testbed/init, detectors())
matrix=(
"max-1|max|1|,virtualization=on|id_aa64mmfr1.vh=0 kvm-arm.mode=none|el2"
"max-4|max|4|,virtualization=on|id_aa64mmfr1.vh=0 kvm-arm.mode=none|el2"
"a72-1|cortex-a72|1|,virtualization=on|kvm-arm.mode=none|el2"
"a72-4|cortex-a72|4|,virtualization=on|kvm-arm.mode=none|el2"
"kvm|cortex-a72|2|,virtualization=on||refuse:kvm_owns_el2"
"kvm-late|cortex-a72|2|,virtualization=on|kvm.enable_virt_at_load=0|refuse:kvm_late_takeover"
"vhe|max|2|,virtualization=on||refuse:vhe_kernel"
"no-el2|cortex-a72|2|,virtualization=off|kvm-arm.mode=none|refuse:no_el2"
"debian|max|2|,virtualization=on|id_aa64mmfr1.vh=0 kvm-arm.mode=none|el2"
"debian-kvm|max|2|,virtualization=on|id_aa64mmfr1.vh=0|refuse:kvm_owns_el2"
"debian-dkms|max|2|,virtualization=on|id_aa64mmfr1.vh=0 kvm-arm.mode=none|dkms"
"debug|cortex-a72|2|,virtualization=on|kvm-arm.mode=none irqchip.gicv3_pseudo_nmi=1 watchdog_thresh=1 rcupdate.rcu_cpu_stall_timeout=3|debug"
)

pass=0 fail=0 skip=0
result() {	# status name [directive]
	case "$1" in
	ok) pass=$((pass + 1)); echo "ok $((pass + fail + skip)) $2" ;;
	skip) skip=$((skip + 1)); echo "ok $((pass + fail + skip)) $2 # SKIP $3" ;;
	*) fail=$((fail + 1)); echo "not ok $((pass + fail + skip)) $2" ;;
	esac
}

echo "TAP version 13"

# Kernel coding style on every C, header and assembly file we ship.
cp=$kdir/source-tree/scripts/checkpatch.pl
while read -r f; do
	out=$(cd "$top" && perl "$cp" --strict --no-tree --terse -q -f "$f" 2>&1 |
	      grep -E 'ERROR|WARNING|CHECK')
	if [ -z "$out" ]; then
		result ok "checkpatch $f"
	else
		echo "$out" | sed 's/^/# /'
		result fail "checkpatch $f"
	fi
done < <(cd "$top" && git ls-files '*.c' '*.h' '*.S' 2>/dev/null ||
	 find driver lib include selftests tools -name '*.[chS]')

# Module metadata, as `modinfo` shows it to an admin.
ko=$top/driver/avcpu.ko
for field in description author license version parm; do
	if [ -n "$(modinfo -F "$field" "$ko" 2>/dev/null)" ]; then
		result ok "modinfo avcpu.ko shows $field"
	else
		result fail "modinfo avcpu.ko shows $field"
	fi
done
modinfo -F parm "$ko" | grep -q '^pin_el2:' &&
	result ok "modinfo documents pin_el2" ||
	result fail "modinfo documents pin_el2"

# A kernel with 16 or 64 KiB pages: driver/Kbuild refuses, naming the
# fix, before anything is compiled (the page size is faked on the command
# line, which overrides the kernel's auto.conf).
ko_before=$(stat -c %Y "$ko" 2>/dev/null)
out=$(make -s -C "$kdir" ARCH=arm64 CROSS_COMPILE="${CROSS_COMPILE-aarch64-linux-gnu-}" \
	M="$top/driver" CONFIG_ARM64_4K_PAGES= CONFIG_ARM64_16K_PAGES=y \
	modules 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q 'CONFIG_ARM64_4K_PAGES=y' &&
   [ "$(stat -c %Y "$ko" 2>/dev/null)" = "$ko_before" ]; then
	result ok "Kbuild refuses a 16K-page kernel, naming CONFIG_ARM64_4K_PAGES=y"
else
	echo "$out" | tail -5 | sed 's/^/# /'
	result fail "Kbuild refuses a 16K-page kernel, naming CONFIG_ARM64_4K_PAGES=y"
fi

# `make install` into a staging directory: module, header, inactive rules.
stage=$(mktemp -d)
if make -s -C "$top" install KDIR="$kdir" DESTDIR="$stage" \
	INSTALL_MOD_PATH="$stage" >/dev/null 2>&1 &&
   ls "$stage"/lib/modules/*/extra/avcpu.ko >/dev/null 2>&1 &&
   [ -f "$stage/usr/include/linux/avcpu.h" ] &&
   [ -f "$stage/usr/share/avcpu/60-avcpu.rules" ] &&
   [ ! -e "$stage/etc/udev/rules.d/60-avcpu.rules" ]; then
	result ok "make install stages module, header, inactive udev rule"
else
	result fail "make install stages module, header, inactive udev rule"
fi
rm -rf "$stage"

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
for entry in "${matrix[@]}"; do
	IFS='|' read -r name cpu smp mopts params suite <<<"$entry"
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	echo "# === $name: -cpu $cpu -smp $smp $params ($suite)"
	log=$logdir/$name.log
	start=$SECONDS
	boot=(--kdir "$kdir" --initrd "$initrd")
	tmo=600
	case "$name" in
	debian-dkms) boot=(--kernel "${AVCPU_DEBIAN_IMAGE:?}"
			   --initrd "${AVCPU_DKMS_INITRD:?}" --mem 2048) ;;
	# Its initramfs carries Debian's 44 MB Image, which linux_boot_test
	# boots in a 256 MiB guest: beyond the default 512 MiB.
	debian*) boot=(--kernel "${AVCPU_DEBIAN_IMAGE:?}"
		       --initrd "${AVCPU_DEBIAN_INITRD:?}" --mem 1024) ;;
	# KASAN's shadow (1/8 of RAM) and a 512 MiB guest region need room;
	# KASAN, lockdep and kmemleak make the suite several times slower.
	debug) boot=(--kdir "${AVCPU_DEBUG_KDIR:?}"
		     --initrd "${AVCPU_DEBUG_INITRD:?}" --mem 1536)
	       tmo=2400 ;;
	esac
	"$here/vm-run.sh" "${boot[@]}" --cpu "$cpu" \
		--smp "$smp" --machine-opts "$mopts" --append "$params" \
		--timeout "$tmo" "$suite" >"$log" 2>&1
	rc=$?
	n=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*"# SKIP"*)
			t=${line#ok * }
			result skip "$name: ${t%% # SKIP*}" "${t#*# SKIP }"; n=$((n + 1)) ;;
		"ok "*)
			result ok "$name: ${line#ok * }"; n=$((n + 1)) ;;
		"not ok "*)
			result fail "$name: ${line#not ok * }"; n=$((n + 1)) ;;
		"#"*) echo "$line" ;;
		esac
	done < <(sed -n '/^AVCPU-BEGIN/,/^AVCPU-END/p' "$log" | grep -E '^(ok |not ok |# )')
	if [ $rc -ne 0 ] || [ $n -eq 0 ]; then
		# The boot itself failed: show its console and count it.
		tail -n 40 "$log" | sed 's/^/# | /'
		result fail "$name: VM run completed (rc=$rc)"
	fi
	echo "# $name: $((SECONDS - start)) s"
done

echo "1..$((pass + fail + skip))"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
