#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's current 6.12 arm64 kernel (image, headers, the amd64
# kbuild tools) into the cache and print its directory.  The version is
# resolved from the linux-headers-6.12-arm64 meta package, so a newer 6.12
# from Debian is picked up by itself; image, headers and kbuild must be of
# one package version or this fails.
#
# Layout of the printed directory:
#   Image      the kernel to boot
#   headers    the directory to build modules against (make -C headers)
#   release    the kernel release (uname -r)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/testbed/common.sh"

abi=$(apt-cache depends linux-headers-6.12-arm64:arm64 2>/dev/null |
      awk '/Depends: linux-headers-/ { print $2; exit }' |
      sed 's/^linux-headers-//; s/:arm64$//')
[ -n "$abi" ] || die "cannot resolve linux-headers-6.12-arm64 (apt-get update?)"
base=${abi%-arm64}
pkgver=$(apt-cache policy "linux-headers-6.12-arm64:arm64" |
	 awk '/Candidate:/ { print $2 }')
out=$AVCPU_CACHE/debian-$abi-$pkgver
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log "fetching Debian kernel $abi ($pkgver)"
rm -rf "$out"
mkdir -p "$out/debs" "$out/root"
pkgs=("linux-image-$abi:arm64" "linux-headers-$abi:arm64"
      "linux-headers-$base-common" "linux-kbuild-$base:amd64")
(cd "$out/debs" && apt-get download -q "${pkgs[@]}" >/dev/null 2>&1) ||
	die "apt-get download ${pkgs[*]} failed"
for deb in "$out"/debs/*.deb; do
	v=$(dpkg-deb -f "$deb" Version)
	[ "$v" = "$pkgver" ] ||
		die "$(basename "$deb") is version $v, not $pkgver: image, headers and kbuild disagree"
	dpkg-deb -x "$deb" "$out/root"
done
rm -rf "$out/debs"

headers=$out/root/usr/src/linux-headers-$abi
# The arm64 headers include the -common ones by absolute path.
sed -i "s|include /usr/src/|include $out/root/usr/src/|" "$headers/Makefile"
ln -s "root/usr/src/linux-headers-$abi" "$out/headers"
ln -s "root/boot/vmlinuz-$abi" "$out/Image"
echo "$abi" >"$out/release"
touch "$out/.done"
echo "$out"
