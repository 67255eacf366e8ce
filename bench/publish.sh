#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/publish.sh: publish throughput. `publish Q BODY --count N` in warren's
# batch mode, without and with publisher confirms (`confirm on`), against a
# minimal rabbitmq-c publish loop doing the same (bench_publish: without
# confirms one round trip after the last message, as warren does; with
# confirms it streams and reads the acks as they come, no window, as warren).
#
# Method: each contender is a whole process that connects, publishes N
# BENCH_SIZE-byte messages to an empty queue and exits once the broker has
# them all (confirmed, or the final round trip answered); the queue is purged
# before each run (untimed). Rounds interleave the contenders; medians shown.
set -eu
. "$(dirname "$0")/lib.sh"

Q=bench_publish
BODY=$(head -c "$SIZE" /dev/zero | tr '\0' x)

run_c() { timed "$BIN/bench_publish" "$URL" $Q "$N" --size "$SIZE" "$@"; }
run_warren() { timed "$WARREN" -c "$* publish $Q $BODY --count $N" "$URL" >/dev/null; }

# name|label|command|baseline
SET=(
	"c|rabbitmq-c loop, no confirms (baseline)|run_c|c"
	"w|warren publish --count N|run_warren|c"
	"cc|rabbitmq-c loop, confirms (baseline)|run_c --confirm|cc"
	"wc|warren confirm on; publish --count N|run_warren confirm on;|cc"
)

bench_build
bench_broker
say "publish: $N messages of $SIZE bytes, $RUNS rounds"
for round in $(seq 1 "$RUNS"); do
	for entry in "${SET[@]}"; do
		IFS='|' read -r name label cmd _ <<<"$entry"
		purge $Q
		$cmd
		record "$name" "$SECS" "$CPU"
		say "  round $round: $label: ${SECS}s, cpu ${CPU}s"
	done
done
purge $Q

rate_of() { awk -v n="$N" -v s="$(recorded "$1" 1 | median)" 'BEGIN { printf "%.0f", n / s }'; }

bench_machine
echo "publish throughput: $N messages of $SIZE bytes to one queue; median of $RUNS"
table_head "publish" contender msg/s "x C" "" "CPU s" target result
for entry in "${SET[@]}"; do
	IFS='|' read -r name label cmd base <<<"$entry"
	rate=$(rate_of "$name")
	vs_c=$(ratio "$rate" "$(rate_of "$base")")
	if [ "$name" = "$base" ]; then
		table_row "$label" "$rate" "$vs_c" "" "$(recorded "$name" 2 | median)" - -
	else
		table_row "$label" "$rate" "$vs_c" "" "$(recorded "$name" 2 | median)" ">=0.9x" \
			"$(verdict "$vs_c" '>=' 0.9)"
	fi
done
echo "x C: msg/s over the C loop's in the same mode. CPU s: user+sys of the contender."
