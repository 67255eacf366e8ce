#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/typing.sh: typing under a flood. While bench_publish feeds a queue at
# BENCH_RATE (20000) msg/s and the dashboard consumes it, how long does a key
# take from tmux to the command line?
#
# Method: the dashboard runs in tmux (200x50). For each of BENCH_KEYS (120)
# keys: take the time, `send-keys -l` one character (each differs from the
# one before), poll `capture-pane` of the last row (the command line) every
# ~2 ms until it reads "warren> C", take the time again; then Ctrl-U clears
# the line (untimed) and a random 20-70 ms pause keeps the keys from falling
# in step with the redraw timer. The latency so includes one tmux client
# (send-keys) and part of a capture-pane: the first row, an idle dashboard,
# shows that floor of the method, the second the same with the C loop
# draining the flood (the load of the broker and the machine alone).
# pub/s is the publisher's own count over the time it ran; dlvd/s is warren's
# message numbers (#N on screen) over the time the keys took, or for the C
# loop its own count over the time the flood ran. (The management API's
# counters are too coarse under this load.)
set -eu
. "$(dirname "$0")/lib.sh"

Q=bench_flood
RATE=${BENCH_RATE:-20000}
KEYS=${BENCH_KEYS:-120}
CHARS=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789

# The command line with trailing blanks removed.
cmdline() {
	local l
	l=$(dash_last_line)
	printf '%s' "${l%"${l##*[![:space:]]}"}"
}

# The highest message number on screen (0 when none yet).
last_msg() { dash_screen | grep -o '#[0-9]\+' | tr -d '#' | sort -n | tail -1 | grep . || echo 0; }

# per_s V0 V1 T0 T1: the rate of a counter.
per_s() { awk -v a="$1" -v b="$2" -v t0="$3" -v t1="$4" 'BEGIN { printf "%.0f\n", (b - a) / (t1 - t0) }'; }

# keys NAME: type KEYS keys, record each latency in ms.
keys() {
	local name=$1 i ch t0 t1 line start
	for i in $(seq 1 "$KEYS"); do
		ch=${CHARS:$((i % ${#CHARS})):1}
		t0=$EPOCHREALTIME
		tmx send-keys -t w -l "$ch"
		start=$SECONDS
		while :; do
			line=$(cmdline)
			[ "$line" = "warren> $ch" ] && break
			[ $((SECONDS - start)) -lt 10 ] || dash_die "key '$ch' never echoed"
			snooze 0.002
		done
		t1=$EPOCHREALTIME
		record "$name" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')"
		tmx send-keys -t w C-u
		start=$SECONDS
		until [ "$(cmdline)" = "warren>" ]; do
			[ $((SECONDS - start)) -lt 10 ] || dash_die "Ctrl-U did not clear the line"
			snooze 0.002
		done
		snooze "0.0$((RANDOM % 50 + 20))"
	done
}

# phase NAME [CONSUME ARGS | c]: a fresh dashboard; with args it consumes the
# flood; with "c" the C loop consumes it and the dashboard only watches.
phase() {
	local name=$1 p0 p1 d0 d1 t0 t1
	shift
	purge $Q
	dash_start
	if [ "${1:-}" = c ]; then
		# no prefetch limit, as `consume Q --ack-every 1` with the default qos
		"$BIN/bench_consume" "$URL" $Q 0 --prefetch 0 >"$BENCH_TMP/c.out" &
		echo $! >"$BENCH_TMP/c.pid"
	elif [ $# -gt 0 ]; then
		dash_type "consume $Q $*"
		dash_wait "$Q .*active \(warren\)" 10 || dash_die "consume did not start"
	fi
	if [ $# -gt 0 ]; then
		"$BIN/bench_publish" "$URL" $Q 0 --forever --rate "$RATE" --size "$SIZE" \
			>"$BENCH_TMP/flood.out" &
		echo $! >"$BENCH_TMP/flood.pid"
		sleep 3 # steady state
	fi
	m0=$(last_msg)
	t0=$EPOCHREALTIME
	keys "$name"
	t1=$EPOCHREALTIME
	m1=$(last_msg)
	per_s "$m0" "$m1" "$t0" "$t1" >"$BENCH_TMP/dlvd.$name"
	queue_stat $Q messages >"$BENCH_TMP/backlog.$name"
	echo 0 0 >"$BENCH_TMP/flood.out.$name"
	stop_bg flood
	[ -s "$BENCH_TMP/flood.out" ] && mv "$BENCH_TMP/flood.out" "$BENCH_TMP/flood.out.$name"
	stop_bg c
	# the C loop's count, over the time the flood ran
	[ -s "$BENCH_TMP/c.out" ] &&
		awk -v s="$(cut -d' ' -f2 "$BENCH_TMP/flood.out.$name")" \
			'{ printf "%.0f\n", $1 / s }' "$BENCH_TMP/c.out" >"$BENCH_TMP/dlvd.$name"
	rm -f "$BENCH_TMP/c.out"
	awk '{ printf "%.0f\n", ($2 > 0 ? $1 / $2 : 0) }' "$BENCH_TMP/flood.out.$name" >"$BENCH_TMP/pub.$name"
	sleep 1 # what the broker still had in hand is in the queue before the next purge
	dash_stop
	say "  $name: done"
}

# stop_bg NAME: stop the background client started as NAME, if any.
stop_bg() {
	local f=$BENCH_TMP/$1.pid
	[ -f "$f" ] || return 0
	kill "$(cat "$f")" 2>/dev/null || true
	wait "$(cat "$f")" 2>/dev/null || true
	rm -f "$f"
}

# percentile NAME P: the P-th percentile (nearest rank) of NAME's latencies.
percentile() {
	sort -g "$BENCH_TMP/rec.$1" | awk -v p="$2" '{ v[NR] = $1 }
		END { r = int(p / 100 * NR + 0.999); if (r < 1) r = 1; print v[r] }'
}

bench_build
bench_broker
say "typing: $KEYS keys; flood of $RATE msg/s of $SIZE bytes"
phase idle
phase loaded c
phase ack1 --ack-every 1
phase auto --ack auto

bench_machine
backlog=
echo "typing under a flood: key (tmux send-keys) to echo on the command line, $KEYS keys each"
TABLE_FMT='%-52s %7s %7s %7s %7s %7s %8s %-5s\n'
table_head "latency in ms" "dashboard" "pub/s" "dlvd/s" p50 p95 max target result
for entry in "idle|idle dashboard, no flood (method floor)" \
	"loaded|idle dashboard, the C loop drains the flood" \
	"ack1|dashboard consumes the flood: --ack-every 1" \
	"auto|dashboard consumes the flood: --ack auto"; do
	IFS='|' read -r name label <<<"$entry"
	[ "$name" = idle ] || backlog="$backlog $name: $(cat "$BENCH_TMP/backlog.$name")"
	p95=$(percentile "$name" 95)
	if [ "$name" = idle ] || [ "$name" = loaded ]; then
		table_row "$label" "$(cat "$BENCH_TMP/pub.$name")" "$(cat "$BENCH_TMP/dlvd.$name")" \
			"$(percentile "$name" 50)" "$p95" "$(percentile "$name" 100)" - -
	else
		table_row "$label" "$(cat "$BENCH_TMP/pub.$name")" "$(cat "$BENCH_TMP/dlvd.$name")" \
			"$(percentile "$name" 50)" "$p95" \
			"$(percentile "$name" 100)" "p95<50" "$(verdict "$p95" '<=' 50)"
	fi
done
echo "pub/s: the publisher's rate; dlvd/s: what the consumer received (see bench/typing.sh)."
echo "queue backlog at the end (messages):$backlog"
