#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Output nobody reads must not wedge warren: with stdout a pipe into a
# reader that sleeps, every line still arrives once it reads, and SIGTERM
# still stops warren at once, its unacked messages back in the queue.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 9
delete_queues wt-stall
o=$T_TMP/out
n=30000
body='stalled {n} ........................................................................'

wb -c "declare queue wt-stall; publish wt-stall '$body' --count $n" >"$o" 2>&1
like "$o" "^ok: published $n messages" "$n messages published (about 9 MB of output lines)"

# 1. The reader sleeps, then reads: nothing is lost, and warren ends normally.
(
	timeout 120 "$WARREN" -c "consume wt-stall --count $n --ack-every 500; wait 100" "$URL" \
		2>"$T_TMP/err1"
	echo $? >"$T_TMP/rc1"
) | (sleep 6; cat >"$o")
is "$(grep -c '^deliver ' "$o")" "$n" "a reader that starts late gets every delivery line"
is "$(cat "$T_TMP/rc1")" 0 "and warren's exit status is 0"
is "$(queue_count wt-stall)" 0 "every message was acked"

# 2. SIGTERM while nobody reads: warren stops promptly and requeues.
wb -c "publish wt-stall '$body' --count $n" >/dev/null 2>&1
(
	"$WARREN" -c "consume wt-stall" "$URL" 2>"$T_TMP/err2" &
	echo $! >"$T_TMP/pid"
	wait $!
	echo $? >"$T_TMP/rc2"
) | (
	sleep 25 &
	echo $! >"$T_TMP/sleeper"
	wait
	cat >"$o"
) &
reader=$!
wait_for 10 test -s "$T_TMP/pid"
pid=$(cat "$T_TMP/pid")
sleep 3 # the pipe and warren's buffer fill up
ok "$([ -d "/proc/$pid" ] && echo 0 || echo 1)" "warren is running with its output stalled"
start=$(date +%s%N)
kill -TERM "$pid"
wait_for 10 test ! -d "/proc/$pid"
took=$((($(date +%s%N) - start) / 1000000))
ok "$([ "$took" -lt 6000 ] && echo 0 || echo 1)" "SIGTERM stops it in ${took} ms though nobody reads its output"
like "$T_TMP/err2" 'bytes of output were not written: standard output was not read' \
	"it says on stderr how much output was left unwritten"
all_back() { [ "$(queue_count wt-stall)" = "$n" ]; }
wait_for 20 all_back
is "$(queue_count wt-stall)" "$n" "its unacked messages went back to the queue"
kill "$(cat "$T_TMP/sleeper")" 2>/dev/null # the reader reads at last
wait "$reader" 2>/dev/null

# 3. A reader that goes away: warren stops instead of consuming into the void.
timeout 60 "$WARREN" -c "consume wt-stall" "$URL" 2>"$T_TMP/err3" | head -n 5 >/dev/null
like "$T_TMP/err3" 'cannot write standard output \(it was closed\): stopping' "a closed output stops warren"
delete_queues wt-stall
done_testing
