#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the avcpu test bed needs.  Idempotent: when
# everything is already there it only runs dpkg-query and returns.
set -euo pipefail

pkgs=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
      qemu-system-arm
      linux-source-6.12 bc flex bison libssl-dev libelf-dev cpio make
      xz-utils perl python3 dwarves rsync kmod
      debootstrap qemu-user-static)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
arm64_ok=1
dpkg --print-foreign-architectures | grep -qx arm64 || arm64_ok=0

if [ ${#missing[@]} -eq 0 ] && [ $arm64_ok -eq 1 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
[ $arm64_ok -eq 1 ] || dpkg --add-architecture arm64
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
