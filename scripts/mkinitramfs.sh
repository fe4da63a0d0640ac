#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pack the test-bed initramfs: Debian's static arm64 busybox (downloaded
# once into the cache), the init script, the selftests and tools from
# BUILD_DIR, and the given kernel modules (built for the kernel that will
# boot it).  Usage: mkinitramfs.sh BUILD_DIR OUT.cpio MODULE.ko...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/testbed/common.sh"
build=$1
cpio_out=$2
shift 2

# busybox-static:arm64, cached by version.
bbver=$(apt-cache policy busybox-static:arm64 2>/dev/null |
	awk '/Candidate:/ { print $2 }')
[ -n "$bbver" ] && [ "$bbver" != "(none)" ] ||
	die "busybox-static:arm64 unknown to apt (run scripts/install-deps.sh)"
bb=$AVCPU_CACHE/busybox-${bbver//[^A-Za-z0-9.+-]/_}
if [ ! -x "$bb/bin/busybox" ]; then
	log "fetching busybox-static:arm64 $bbver"
	rm -rf "$bb.tmp"
	mkdir -p "$bb.tmp/deb"
	(cd "$bb.tmp/deb" && apt-get download -q "busybox-static:arm64=$bbver" >/dev/null)
	dpkg-deb -x "$bb.tmp"/deb/*.deb "$bb.tmp/root"
	mkdir -p "$bb/bin"
	cp "$bb.tmp/root/bin/busybox" "$bb/bin/busybox"
	rm -rf "$bb.tmp"
fi

root=$cpio_out.d
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,avcpu}
cp "$bb/bin/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$here/testbed/init" "$root/init"
install -m 755 "$here/testbed/demo.sh" "$root/avcpu/demo.sh"
cp "$@" "$build"/selftests/* "$build"/tools/* "$root/avcpu/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) \
	>"$cpio_out.tmp"
mv "$cpio_out.tmp" "$cpio_out"
