#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the same guest loops (tools/avcpu-bench) under KVM and
# under avcpu, on the same test-bed kernel and the same QEMU options:
#   A  KVM owns EL2 (the default boot; cortex-a72 has no VHE: KVM nVHE),
#      suite bench-kvm, avcpu not loaded;
#   B  kvm-arm.mode=none, avcpu loaded, suite bench.
# A and B boot alternately, ROUNDS times each; then one table: each
# boot's rate, the spread between a backend's repeats, and avcpu/KVM.
# Not a test: the targets are reported, not asserted.  Exit status 1 if a
# boot failed or a case printed FAIL (its reason is shown).
#
# Usage: bench.sh KDIR INITRAMFS   (AVCPU_BENCH_ROUNDS, default 3;
#        AVCPU_BENCH_SECONDS per case, default 2; AVCPU_BENCH_KVM_APPEND)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1
initrd=$2
rounds=${AVCPU_BENCH_ROUNDS:-3}
secs=${AVCPU_BENCH_SECONDS:-2}
# Extra kernel parameters of the KVM boots only, e.g. kvm.halt_poll_ns=0
# (KVM polls up to 500 us in WFI before it sleeps; avcpu sleeps at once).
kvm_append=${AVCPU_BENCH_KVM_APPEND:-}
# Both boots: -smp 2 (the CPU_ON case puts its second vCPU on CPU 1).
cpu=cortex-a72
smp=2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0
echo "== QEMU TCG, -cpu $cpu -smp $smp, $rounds rounds, ${secs} s per case"
for r in $(seq 1 "$rounds"); do
	for b in kvm avcpu; do
		case $b in
		kvm) suite=bench-kvm append=$kvm_append ;;
		avcpu) suite=bench append=kvm-arm.mode=none ;;
		esac
		log=$out/$b.$r
		start=$SECONDS
		"$here/vm-run.sh" --kdir "$kdir" --initrd "$initrd" \
			--cpu $cpu --smp $smp --timeout 120 \
			--append "$append AVCPU_BENCH_SECONDS=$secs" \
			"$suite" >"$log" 2>&1
		brc=$?
		n=$(grep -c "^bench $b " "$log")
		echo "   round $r, $b: $n cases, $((SECONDS - start)) s${append:+ ($append)}"
		if [ "$n" -eq 0 ]; then
			echo "   boot failed (rc=$brc):"
			tail -n 20 "$log" | sed 's/^/   | /'
			rc=1
		fi
		grep "^avcpu-bench: " "$log" | sed 's/^/   | /'
	done
done
cat "$out"/kvm.* "$out"/avcpu.* | grep -q '^bench [a-z]* [a-z0-9_]* FAIL' && rc=1

# The table: one row per case, in avcpu-bench's order.
cat "$out"/kvm.* "$out"/avcpu.* | grep "^bench " | awk '
# Thousands per second; below 1000/s (vtimer_wfi) with three decimals.
function k(x) { return sprintf(x < 1000 ? "%.3f" : "%.1f", x / 1000) }
function dash(s) { return s == "" ? "-" : s }
function times(r) { return r == "-" ? "no ratio (a FAIL below)" : r "x" }
function cell(b, c,    i, s) {
	s = ""
	for (i = 1; i <= cnt[b, c]; i++)
		s = s (i > 1 ? " " : "") (val[b, c, i] == "FAIL" ? "FAIL" : k(val[b, c, i]))
	return s == "" ? "-" : s
}
# Mean, and spread = (max - min) / mean, of the rates; "" if any failed.
function stats(b, c,    i, v, sum, lo, hi) {
	mean[b, c] = ""
	spread[b, c] = ""
	if (cnt[b, c] == 0 || bad[b, c])
		return
	for (i = 1; i <= cnt[b, c]; i++) {
		v = val[b, c, i]
		sum += v
		if (i == 1 || v < lo) lo = v
		if (i == 1 || v > hi) hi = v
	}
	mean[b, c] = sum / cnt[b, c]
	spread[b, c] = sprintf("%.0f%%", 100 * (hi - lo) / mean[b, c])
}
{
	b = $2; c = $3
	if (!((c) in seen)) { seen[c] = 1; order[++ncase] = c }
	i = ++cnt[b, c]
	if ($4 == "FAIL") {
		val[b, c, i] = "FAIL"
		bad[b, c] = 1
		$1 = $2 = $3 = $4 = ""
		sub(/^ +/, "")
		why[b, c] = $0
	} else {
		val[b, c, i] = $4
	}
}
END {
	cmp["psci_version"] = "KVM in its kernel vs avcpu T0 (EL2)"
	cmp["smccc_wa1"] = "EL2 vs EL2 (KVM hyp-entry fast path)"
	cmp["mmio_write"] = "userspace vs userspace (T2)"
	cmp["mmio_read"] = "userspace vs userspace (T2)"
	cmp["hvc_user"] = "userspace vs userspace (T2)"
	cmp["cpu_on"] = "kernel vs kernel (T1), 2 threads"
	cmp["idreg_read"] = "KVM in its kernel vs avcpu T0 (EL2)"
	cmp["sgi_rtt"] = "kernel vs kernel (T1), vGIC, 2 vCPUs"
	cmp["spi_latency"] = "IRQ_LINE to handler: T1 + T2, vGIC"
	cmp["vtimer_rtt"] = "vtimer PPI 27 round trip, vGIC (T1)"
	cmp["vtimer_wfi"] = "WFI to vtimer 1 ms ahead (host tick)"
	w = 18
	for (n = 1; n <= ncase; n++) {
		c = order[n]
		stats("kvm", c)
		stats("avcpu", c)
		ck[c] = cell("kvm", c)
		ca[c] = cell("avcpu", c)
		if (length(ck[c]) > w) w = length(ck[c])
		if (length(ca[c]) > w) w = length(ca[c])
		ratio[c] = "-"
		if (mean["kvm", c] != "" && mean["avcpu", c] != "")
			ratio[c] = sprintf("%.2f", mean["avcpu", c] / mean["kvm", c])
	}
	fmt = "%-13s %-37s %-" w "s %6s  %-" w "s %6s  %s\n"
	printf "\n" fmt, "case (k/s)", "compares", "KVM", "spread",
	       "avcpu", "spread", "avcpu/KVM"
	for (n = 1; n <= ncase; n++) {
		c = order[n]
		printf fmt, c, cmp[c], ck[c], dash(spread["kvm", c]),
		       ca[c], dash(spread["avcpu", c]), ratio[c]
	}
	print ""
	print "Targets (reported, not asserted):"
	printf "  T0 PSCI_VERSION >= 10x KVM in-kernel: %s\n",
	       times(ratio["psci_version"])
	printf "  T0 ID register read vs KVM in-kernel: %s (no target)\n",
	       times(ratio["idreg_read"])
	printf "  T2 >= 1.5x KVM T2: mmio_write %s, mmio_read %s, hvc_user %s\n",
	       times(ratio["mmio_write"]), times(ratio["mmio_read"]),
	       times(ratio["hvc_user"])
	printf "  vGIC vs KVM in-kernel vGICv3: sgi_rtt %s, spi_latency %s (no target)\n",
	       times(ratio["sgi_rtt"]), times(ratio["spi_latency"])
	printf "  virtual timer vs KVM arch timer: vtimer_rtt %s, vtimer_wfi %s (no target;\n",
	       times(ratio["vtimer_rtt"]), times(ratio["vtimer_wfi"])
	print "    vtimer_wfi is bound by the host tick on both: HZ=250, no high-res timers)"
	for (n = 1; n <= ncase; n++) {
		c = order[n]
		if (bad["kvm", c])
			printf "FAIL kvm %s: %s\n", c, why["kvm", c]
		if (bad["avcpu", c])
			printf "FAIL avcpu %s: %s\n", c, why["avcpu", c]
	}
}'
# vtimer_wfi's mean lateness (the guest's CNTVCT in its handler - the
# deadline), per boot: the host tick's granularity, on both backends.
for b in kvm avcpu; do
	l=$(cat "$out"/$b.* |
		sed -n 's/^bench '$b' vtimer_wfi .*mean lateness \([0-9]*\) us.*/\1/p' |
		tr '\n' ' ')
	[ -n "$l" ] && echo "vtimer_wfi mean lateness, $b: ${l}us (a host tick is 4000 us)"
done
# Where avcpu answered each case's exits (its counters, last boot).
last=$out/avcpu.$rounds
if grep -q 'exits per op' "$last" 2>/dev/null; then
	echo "avcpu's exits per operation by tier, round $rounds:"
	sed -n 's/^bench avcpu \([a-z0-9_]*\) .*exits per op: \(.*\)/  \1: \2/p' "$last"
fi
exit $rc
