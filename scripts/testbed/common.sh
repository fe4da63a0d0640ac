# SPDX-License-Identifier: GPL-2.0
# Shared by the test-bed scripts: cache location and messages.
if [ -z "${AVCPU_CACHE:-}" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		AVCPU_CACHE=/var/cache/avcpu
	else
		AVCPU_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/avcpu
	fi
fi
export AVCPU_CACHE
mkdir -p "$AVCPU_CACHE"
log() { echo "avcpu: $*" >&2; }
die() { echo "avcpu: error: $*" >&2; exit 1; }
