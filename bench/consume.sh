#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/consume.sh: consume throughput. Each contender drains a queue of
# BENCH_MESSAGES pre-published BENCH_SIZE-byte messages, with manual ack
# (prefetch 100) and again with auto-ack, against a minimal rabbitmq-c loop
# and the tutorial's pika client on the same broker in the same run.
#
# Method: before every run the queue is purged and refilled with exactly N
# messages (bench_publish --fill), then the broker gets a second to settle.
# The rounds interleave the contenders (round 1 of each, then round 2...) so
# a slow spell of the machine hits them all alike; the table shows medians.
#  - batch contenders (the C loop, pika, warren -c) are whole processes that
#    connect, drain exactly N and exit: their wall time includes connecting;
#  - the dashboard runs in tmux (200x50); it is connected first, then the
#    consume command is typed and the clock runs from Enter until the Messages
#    pane shows message #N (polled every 50 ms with capture-pane).
set -eu
. "$(dirname "$0")/lib.sh"

Q=bench_consume
P=100 # prefetch

# ---- contenders: each sets SECS and CPU ----------------------------------

run_c() { timed "$BIN/bench_consume" "$URL" $Q "$N" --prefetch $P "$@"; }
run_pika() { timed "$PIKA_PYTHON" "$BENCH_DIR/pika_consume.py" "$URL" $Q "$N" --prefetch $P "$@"; }
run_batch() { timed "$WARREN" -c "consume $Q --prefetch $P $* --count $N; wait 600" "$URL" >/dev/null; }

run_dash() {
	local t0 t1 c0 c1
	dash_start
	tmx send-keys -t w -l "consume $Q --prefetch $P $*"
	c0=$(cpu_ticks "$DASH_PID")
	t0=$EPOCHREALTIME
	tmx send-keys -t w Enter
	dash_wait "#$N([^0-9]|\$)" 600 0.05 || dash_die "the dashboard never showed message #$N"
	t1=$EPOCHREALTIME
	c1=$(cpu_ticks "$DASH_PID")
	dash_stop
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	CPU=$(awk -v a="$c0" -v b="$c1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
}

# name|label|command|target ("gate" = >= 0.9x C and >= 2x pika; "-" = for information)
MANUAL=(
	"c|rabbitmq-c loop, ack each (baseline)|run_c|-"
	"pika|pika BlockingConnection, ack each|run_pika|-"
	"wb1|warren batch --ack-every 1|run_batch --ack-every 1|gate"
	"wd1|warren dashboard --ack-every 1|run_dash --ack-every 1|gate"
	"wb10|warren batch --ack-every 10|run_batch --ack-every 10|-"
	"wb100|warren batch --ack-every 100|run_batch --ack-every 100|-"
	"wd100|warren dashboard --ack-every 100|run_dash --ack-every 100|-"
	"c100|rabbitmq-c loop, multiple ack every 100|run_c --ack-every 100|-"
)
AUTO=(
	"ca|rabbitmq-c loop, no_ack (baseline)|run_c --auto|-"
	"pikaa|pika BlockingConnection, auto_ack|run_pika --auto|-"
	"wba|warren batch --ack auto --count N (*)|run_batch --ack auto|gate"
	"wda|warren dashboard --ack auto|run_dash --ack auto|gate"
)

# measure SET...: every contender of the set once per round.
measure() {
	local round entry name label cmd
	for round in $(seq 1 "$RUNS"); do
		for entry in "$@"; do
			IFS='|' read -r name label cmd _ <<<"$entry"
			fill $Q "$N"
			$cmd
			record "$name" "$SECS" "$CPU"
			say "  round $round: $label: ${SECS}s, cpu ${CPU}s"
		done
	done
}

rate_of() { awk -v n="$N" -v s="$(recorded "$1" 1 | median)" 'BEGIN { printf "%.0f", n / s }'; }

# report TITLE BASE PIKA SET...
report() {
	local title=$1 base=$2 pika=$3 entry name label cmd target rate vs_c vs_p res
	shift 3
	table_head "$title" contender msg/s "x C" "x pika" "CPU s" target result
	for entry in "$@"; do
		IFS='|' read -r name label cmd target <<<"$entry"
		rate=$(rate_of "$name")
		vs_c=$(ratio "$rate" "$(rate_of "$base")")
		vs_p=$(ratio "$rate" "$(rate_of "$pika")")
		res=-
		if [ "$target" = gate ]; then
			target=">=0.9/2x"
			res=PASS
			[ "$(verdict "$vs_c" '>=' 0.9)" = PASS ] && [ "$(verdict "$vs_p" '>=' 2)" = PASS ] ||
				res=FAIL
		fi
		table_row "$label" "$rate" "$vs_c" "$vs_p" "$(recorded "$name" 2 | median)" "$target" "$res"
	done
}

bench_build
bench_broker
say "consume: $N messages of $SIZE bytes, prefetch $P, $RUNS rounds"
measure "${MANUAL[@]}"
measure "${AUTO[@]}"
bench_machine
echo "consume throughput: $N messages of $SIZE bytes drained from one queue; median of $RUNS"
report "manual ack, prefetch $P" c pika "${MANUAL[@]}"
report "auto-ack" ca pikaa "${AUTO[@]}"
cat <<EOF
x C, x pika: msg/s over the C loop's and pika's of the same table. target >=0.9/2x:
at least 0.9x the C loop and at least 2x pika. CPU s: user+sys of the contender.
(*) with --count, warren consumes with manual ack and acks each message itself
    (so the extras beyond N can be requeued); the dashboard row is a true auto-ack.
EOF
