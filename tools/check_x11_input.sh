#!/usr/bin/env bash
# The keyboard, clipboard and wheel through the real X11 path (winit, arboard), which kittest
# bypasses. Under Xvfb: one wheel notch (X button 4) over the map zooms in one level (the
# app's debug log says the zoom); then types into the search box, copies it (Ctrl+A, Ctrl+C)
# and reads the X clipboard; then puts text on the clipboard, pastes it (Ctrl+V), adds a
# letter and copies again, which proves the paste landed in the field.
# Usage: xvfb-run -a -s "-screen 0 1280x800x24" tools/check_x11_input.sh BINARY
# Needs xdotool and xclip. Exits 1 saying what went wrong.
set -u
# Under load the X server may still be coming up when the script starts: wait until it answers.
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
binary=${1:?usage: check_x11_input.sh BINARY}
home=$(mktemp -d)
HOME=$home RUST_LOG=chongqing_atlas=debug "$binary" >"$home/app.log" 2>&1 &
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
# One notch over the map: the opening zoom plus one.
xdotool mousemove --window "$wid" 800 400
sleep 0.5
xdotool click 4
sleep 1.5
changes=$(grep -c "view change Zoom" "$home/app.log")
levels=$(grep -o "view change Zoom { levels: [-0-9.]*" "$home/app.log" | grep -o "[-0-9.]*$")
[ "$changes" = 1 ] && [ "$levels" = "1.0" ] ||
  { echo "one wheel notch asked for $changes zoom change(s) of [$levels] levels"; exit 1; }
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
echo "on X11 one notch zooms one level; copy and paste work: [$copied], [$pasted]"
