#!/usr/bin/env bash
# The session survives `kill -9` in the real window (eframe's own save runs only every 30 s
# and only while frames run). Under Xvfb: opens a file named on the command line, waits until
# the session file lists it, kills the app with SIGKILL, starts it again without arguments,
# waits, kills it again, and checks that the file is still in the session (the second start
# restored it and saved it back) and that no half-written session file is left.
# Usage: xvfb-run -a -s "-screen 0 1280x800x24" tools/check_session_kill.sh BINARY
set -u
# Under load the X server may still be coming up when the script starts: wait until it answers.
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
binary=${1:?usage: check_session_kill.sh BINARY}
home=$(mktemp -d)
data=$home/.local/share/chongqing-atlas
file="$home/枢纽 hubs.csv"
cp "$(dirname "$0")/../tests/fixtures/formats/hubs_gbk.csv" "$file"
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$home"' EXIT

listed() { grep -q "hubs.csv" "$data/session.json" 2>/dev/null; }

HOME=$home "$binary" "$file" >"$home/first.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do listed && break; sleep 0.25; done
listed || { echo "the session file never listed the opened file"; cat "$home/first.log"; exit 1; }
kill -9 $pid; wait $pid 2>/dev/null
echo "killed with SIGKILL once the session listed the file"

HOME=$home "$binary" >"$home/second.log" 2>&1 &
pid=$!
sleep 5
kill -0 $pid 2>/dev/null || { echo "the second start exited"; cat "$home/second.log"; exit 1; }
kill -9 $pid; wait $pid 2>/dev/null
pid=
listed || { echo "the file was lost from the session after kill -9:"; cat "$data/session.json"; exit 1; }
if ls -a "$data" | grep -q '\.partial$'; then echo "a partial file was left (removed at the next start)"; fi
echo "session kept after kill -9: $(grep -o '"path":"[^"]*"' "$data/session.json")"
