#!/usr/bin/env bash
# A full disk never destroys the user's previous file. Mounts a small tmpfs, renders a PNG
# there, fills the disk, renders again over the same name: the second render must fail with
# a message, leave the first PNG byte for byte, and leave no temporary file behind.
# Usage: sudo tools/check_full_disk.sh BINARY   (mounting needs root)
set -u
binary=${1:?usage: check_full_disk.sh BINARY}
disk=$(mktemp -d)
if ! mount -t tmpfs -o size=2m tmpfs "$disk" 2>/dev/null; then
  # A container without CAP_SYS_ADMIN cannot mount: say so plainly rather than fail CI.
  echo "SKIPPED: this machine cannot mount a tmpfs (root with CAP_SYS_ADMIN needed)"
  rmdir "$disk"
  exit 0
fi
trap 'umount "$disk"; rmdir "$disk"' EXIT
export HOME=$disk/home
mkdir -p "$HOME"

"$binary" render --out "$disk/map.png" --size 320x240 2>"$disk/first.err" \
  || { echo "the first render failed:"; cat "$disk/first.err"; exit 1; }
before=$(sha256sum <"$disk/map.png")
# Fill the disk, leaving a few KB: too little for a 1600×1200 map.
dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null
rm -f "$disk/filler"; dd if=/dev/zero of="$disk/filler" bs=4k count=$(( $(stat -f -c %a "$disk") - 3 )) 2>/dev/null
if "$binary" render --out "$disk/map.png" --size 1600x1200 2>"$disk/second.err"; then
  echo "the render on a full disk claimed success"; exit 1
fi
echo "the render on a full disk said: $(tail -1 "$disk/second.err")"
[ "$(sha256sum <"$disk/map.png")" = "$before" ] || { echo "the previous PNG was damaged"; exit 1; }
if ls -a "$disk" | grep -q partial; then echo "a temporary file was left:"; ls -a "$disk"; exit 1; fi
echo "the previous PNG is whole and no temporary file is left"
