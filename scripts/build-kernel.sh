#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test-bed kernel from Debian's linux-source-6.12 into the cache.
# "build-kernel.sh debug" builds the debug variant (testbed/debug.config on
# top: KASAN, kmemleak, lockdep, ...).  Prints the build directory on stdout.  The cache key covers everything
# that changes the result: the source package version, both config fragments
# and the build recipe's revision below (bump it when the recipe changes),
# so a second run costs only the hash.
recipe=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/testbed/common.sh"

frags=("$here/testbed/kernel.config" "$top/selftests/avcpu/config")
name=kernel
took="3 to 6 minutes"
case "${1:-}" in
'') ;;
debug) frags+=("$here/testbed/debug.config"); name=kernel-debug
       took="about 10 minutes" ;;
*) die "unknown kernel variant '$1' (known: debug)" ;;
esac

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( (echo "$srcver $recipe"; cat "${frags[@]}") | sha256sum | cut -c1-16)
out=$AVCPU_CACHE/$name-$key
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

src=$AVCPU_CACHE/linux-source-6.12-$srcver
if [ ! -f "$src/.done" ]; then
	log "extracting linux-source-6.12 $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" -xJf /usr/src/linux-source-6.12.tar.xz
	mv "$src.tmp/linux-source-6.12" "$src"
	rmdir "$src.tmp"
	touch "$src/.done"
fi

log "building $name $key ($took on 2 cores)"
# Resumes an interrupted build: make is incremental.
mkdir -p "$out"
frag=$out/fragment.config
cat "${frags[@]}" >"$frag"
kmake() {
	make -s -C "$src" O="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}
kmake KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
# Every option we asked for must have survived Kconfig's dependency solver.
bad=0
while read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	grep -qx "$line" "$out/.config" || { echo "missing: $line" >&2; bad=1; }
done <"$frag"
[ $bad -eq 0 ] || die "kernel config fragment not honoured"
kmake -j"$(nproc)" Image modules >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log" >&2; die "kernel build failed"; }
kmake headers_install INSTALL_HDR_PATH="$out/usr" >/dev/null
ln -sfn "$src" "$out/source-tree"
touch "$out/.done"
echo "$out"
