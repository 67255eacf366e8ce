#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/memory.sh: warren's memory while messages pass through the dashboard.
#
# Method: the dashboard runs in tmux (200x50) with `consume Q --ack-every 100`
# (prefetch: the default, unlimited; BENCH_MEMORY_CONSUME changes the
# options) and the default --log-size. bench_publish
# feeds Q as fast as the broker takes it, in steps up to 100,000, 250,000,
# 500,000 and 1,000,000 messages in all; after each step, once the queue is
# empty (the management API, checked twice a second apart) VmRSS is read
# from /proc/PID/status. VmHWM is the peak over the whole run, so it also
# catches what the dashboard held while it was behind. Targets: under 40 MB,
# and flat (the RSS after 1,000,000 within 10% of the RSS after 100,000).
set -eu
. "$(dirname "$0")/lib.sh"

Q=bench_memory
STEPS=${BENCH_MEMORY_STEPS:-"100000 250000 500000 1000000"}
CONSUME=${BENCH_MEMORY_CONSUME:-"--ack-every 100"}

# drained: the queue is empty, twice in a row a second apart.
drained() {
	local limit=600 start=$SECONDS
	while [ $((SECONDS - start)) -lt $limit ]; do
		if [ "$(queue_stat $Q messages)" = 0 ]; then
			sleep 1
			[ "$(queue_stat $Q messages)" = 0 ] && return 0
		fi
		sleep 0.5
	done
	return 1
}

bench_build
bench_broker
purge $Q
dash_start
dash_type "consume $Q $CONSUME"
dash_wait "$Q .*active \(warren\)" 10 || dash_die "consume did not start"
sleep 2
RSS0=$(rss_kb "$DASH_PID")
say "memory: RSS at the start ${RSS0} kB"
done_n=0
for n in $STEPS; do
	"$BIN/bench_publish" "$URL" $Q $((n - done_n)) --size "$SIZE"
	done_n=$n
	drained || dash_die "the queue did not drain after $n messages"
	rss_kb "$DASH_PID" >"$BENCH_TMP/rss.$n"
	say "  after $n messages: $(cat "$BENCH_TMP/rss.$n") kB"
done
dash_screen | grep -q 'warren>' || dash_die "the dashboard is gone"
HWM=$(hwm_kb "$DASH_PID")
dash_stop

first=${STEPS%% *}
last=${STEPS##* }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
bench_machine
echo "memory: dashboard consuming with $CONSUME while a publisher feeds the queue ($SIZE-byte messages)"
TABLE_FMT='%-44s %10s %12s %-5s\n'
table_head "memory" "dashboard RSS" "MB" target result
table_row "at the start (connected, consuming)" "$(mb "$RSS0")" - -
for n in $STEPS; do
	rss=$(cat "$BENCH_TMP/rss.$n")
	table_row "after $n messages" "$(mb "$rss")" "<40 MB" "$(verdict "$(mb "$rss")" '<=' 40)"
done
table_row "peak over the run (VmHWM)" "$(mb "$HWM")" "<40 MB" "$(verdict "$(mb "$HWM")" '<=' 40)"
growth=$(awk -v a="$(cat "$BENCH_TMP/rss.$first")" -v b="$(cat "$BENCH_TMP/rss.$last")" \
	'BEGIN { printf "%.1f", (b - a) / a * 100 }')
table_row "growth from $first to $last messages" "$growth%" "<10%" "$(verdict "$growth" '<=' 10)"
