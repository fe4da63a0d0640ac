#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An arm64 Debian 12 system for the DKMS test, built once with debootstrap
# (arm64 binaries run through qemu-user-static) and cached as a cpio
# archive keyed by the Debian kernel release and this recipe.  It holds
# what a user installs: dkms, gcc, make, kmod, and the Debian kernel's
# headers and modules directory.  Prints the archive's path.
#
# Usage: debian-rootfs.sh DEBIAN_KERNEL_DIR   (from debian-kernel.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/testbed/common.sh"
kdir=$1
release=$(cat "$kdir/release")
recipe=1
out=$AVCPU_CACHE/debian-rootfs-$release-r$recipe.cpio
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || die "building the Debian rootfs needs root (debootstrap, chroot)"

# Run arm64 binaries in the chroot through qemu-user-static.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
	echo ':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F' \
		>/proc/sys/fs/binfmt_misc/register
fi

mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
root=$(mktemp -d "$AVCPU_CACHE/rootfs.XXXXXX")
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
log "debootstrap arm64 bookworm (about a minute)"
debootstrap --arch=arm64 --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
	{ tail -20 "$root.log" >&2; die "debootstrap failed"; }
rm -f "$root.log"
cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
rm -f "$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
log "installing dkms, gcc, headers $release in the arm64 system"
chroot "$root" apt-get update -q >/dev/null
# INITRD=No: the kernel package's hook would build an initrd, module by
# module, under user-mode emulation (many minutes); the test boots its own.
# dwarves (pahole) is what the headers' kbuild recommends for BTF.
INITRD=No DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q \
	--no-install-recommends dkms gcc make libc6-dev kmod xz-utils dwarves \
	"linux-headers-$release" >/dev/null ||
	die "apt-get install in the arm64 system failed"
umount "$root/proc"
# The kernel's own modules are not needed (the VM boots Debian's image and
# loads only avcpu), only its modules directory: keep the archive small.
rm -rf "$root/lib/modules/$release/kernel" "$root"/boot/initrd.img-*
chroot "$root" depmod "$release"
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc "$root"/usr/share/man \
	"$root"/usr/share/locale
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
