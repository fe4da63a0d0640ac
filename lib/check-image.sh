#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fail the build if avcpu's EL2 image could reach anything outside itself
# or needs a relocation the driver's loader does not apply.
set -e
elf=$1
undef=$(${NM:-nm} -u "$elf")
if [ -n "$undef" ]; then
	echo "$elf: EL2 image references symbols outside itself:" >&2
	echo "$undef" >&2
	exit 1
fi
bad=$(${READELF:-readelf} -rW "$elf" | awk '/^[0-9a-f]+ / && $3 != "R_AARCH64_RELATIVE"')
if [ -n "$bad" ]; then
	echo "$elf: relocations other than R_AARCH64_RELATIVE:" >&2
	echo "$bad" >&2
	exit 1
fi
exit 0
