#!/usr/bin/env bash
# Copy and paste through the real X11 path (winit, arboard), which kittest bypasses: under
# Xvfb, types into the search box, copies it (Ctrl+A, Ctrl+C) and reads the X clipboard; then
# puts text on the clipboard, pastes it (Ctrl+V), adds a letter and copies again, which proves
# the paste landed in the field. Usage: xvfb-run -a tools/check_x11_clipboard.sh BINARY
# Needs xdotool and xclip. Exits 1 with what the clipboard held when either way fails.
set -u
binary=${1:?usage: check_x11_clipboard.sh BINARY}
home=$(mktemp -d)
HOME=$home "$binary" >"$home/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$home"' EXIT
for _ in $(seq 1 40); do
  wid=$(xdotool search --name "Chongqing Atlas" 2>/dev/null | head -1)
  [ -n "$wid" ] && break
  sleep 0.5
done
[ -n "${wid:-}" ] || { echo "no window"; cat "$home/app.log"; exit 1; }
sleep 2
xdotool windowfocus --sync "$wid"
# The search box sits at the top of the layers panel.
xdotool mousemove --window "$wid" 150 55 click 1
sleep 0.5
xdotool type --delay 60 "wanzhou"
sleep 0.3
xdotool key ctrl+a ctrl+c
sleep 0.8
copied=$(timeout 3 xclip -o -selection clipboard 2>&1)
[ "$copied" = "wanzhou" ] || { echo "copy failed: the clipboard holds [$copied]"; exit 1; }
printf 'Fuling' | xclip -selection clipboard
sleep 0.3
xdotool key ctrl+a BackSpace ctrl+v
sleep 0.5
xdotool type --delay 60 "x"
xdotool key ctrl+a ctrl+c
sleep 0.8
pasted=$(timeout 3 xclip -o -selection clipboard 2>&1)
[ "$pasted" = "Fulingx" ] || { echo "paste failed: the field held [$pasted]"; exit 1; }
echo "copy and paste work on X11: [$copied], [$pasted]"
