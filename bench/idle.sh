#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/idle.sh: what warren costs when nothing happens.
#
# Method: the dashboard runs in tmux (200x50), connected; after BENCH_SETTLE_IDLE
# (5) seconds the CPU time of the process (utime + stime of all its threads,
# /proc/PID/stat) is read, and again BENCH_IDLE (30) seconds later. The same
# with a consumer on an empty queue, and for batch mode with a consumer on an
# empty queue (waiting, as receive.py does). Target: under 1% of one core.
set -eu
. "$(dirname "$0")/lib.sh"

Q=bench_idle
IDLE=${BENCH_IDLE:-30}
SETTLE=${BENCH_SETTLE_IDLE:-5}
HZ=$(getconf CLK_TCK)

# idle_cpu NAME PID: CPU share of one core used by PID over IDLE seconds.
idle_cpu() {
	local c0 c1 t0 t1
	sleep "$SETTLE"
	c0=$(cpu_ticks "$2")
	t0=$EPOCHREALTIME
	sleep "$IDLE"
	c1=$(cpu_ticks "$2")
	t1=$EPOCHREALTIME
	awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" \
		'BEGIN { printf "%.2f %.2f\n", (b - a) / hz, (b - a) / hz / (t1 - t0) * 100 }' \
		>"$BENCH_TMP/idle.$1"
	say "  $1: $(cat "$BENCH_TMP/idle.$1") (cpu s, %)"
}

bench_build
bench_broker
purge $Q
say "idle: ${IDLE}s each"

dash_start
idle_cpu dash "$DASH_PID"
dash_type "consume $Q"
dash_wait "$Q .*active \(warren\)" 10 || dash_die "consume did not start"
idle_cpu dashc "$DASH_PID"
dash_stop

"$WARREN" -c "consume $Q" "$URL" >/dev/null &
echo $! >"$BENCH_TMP/batch.pid"
idle_cpu batchc "$(cat "$BENCH_TMP/batch.pid")"
kill "$(cat "$BENCH_TMP/batch.pid")"
rm -f "$BENCH_TMP/batch.pid"

bench_machine
echo "idle cost: CPU used over ${IDLE}s (after ${SETTLE}s to settle), utime+stime from /proc/PID/stat"
TABLE_FMT='%-44s %10s %10s %9s %-5s\n'
table_head "idle" contender "CPU s" "% of core" target result
for entry in "dash|dashboard, connected, nothing happening" \
	"dashc|dashboard, consuming an empty queue" \
	"batchc|batch, consuming an empty queue"; do
	IFS='|' read -r name label <<<"$entry"
	read -r secs pct <"$BENCH_TMP/idle.$name"
	table_row "$label" "$secs" "$pct" "<1%" "$(verdict "$pct" '<=' 1)"
done
