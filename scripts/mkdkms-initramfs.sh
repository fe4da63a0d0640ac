#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DKMS test's initramfs: the cached arm64 Debian system, then (the
# kernel unpacks concatenated archives in order) a small archive with the
# avcpu source tree as a user would have it in /usr/src, the test init,
# the selftests, tools and the test-only stubcall module built for
# Debian's kernel.
#
# Usage: mkdkms-initramfs.sh ROOTFS.cpio BUILD_DIR STUBCALL.ko OUT.cpio
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/testbed/common.sh"
rootfs=$1 build=$2 stubcall=$3 out=$4

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
over=$out.d
rm -rf "$over"
mkdir -p "$over/usr/src/avcpu-$ver" "$over/avcpu"
# What git tracks is what a user has after a clone.
(cd "$top" && git ls-files -z driver lib include Makefile dkms.conf |
	xargs -0 cp --parents -t "$over/usr/src/avcpu-$ver")
install -m 755 "$here/testbed/init-dkms" "$over/init"
cp "$build"/selftests/* "$build"/tools/* "$stubcall" "$over/avcpu/"
cp "$AVCPU_CACHE"/busybox-*/bin/busybox "$over/avcpu/busybox"
{
	cat "$rootfs"
	(cd "$over" && find . | LC_ALL=C sort | cpio -o -H newc --quiet)
} >"$out.tmp"
mv "$out.tmp" "$out"
