#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Staying up against the real broker: reconnect after a restart (consumers,
# workers, declarations put back), --no-reconnect, a blocked connection,
# a dead peer found by heartbeats, a consumer cancelled by the broker,
# confirms with exact totals, and no message lost across a restart.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 23
delete_queues wt-rel wt-rel2 wt-rel-n
o=$T_TMP/out
W="--sandbox-dir $WS_DIR"

# confirms: exact totals for a big publish
timeout 120 "$WARREN" $W -c 'declare queue wt-rel; confirm on; publish wt-rel "m {n}" --count 100000; purge wt-rel; quit' >"$o"
like "$o" "^ok: published 100000 messages to the default exchange key 'wt-rel': 100000 confirmed, 0 nacked, 0 returned" "100000 publishes with confirms: exact totals"

# a consumer cancelled by the broker (its queue deleted)
mkfifo "$T_TMP/in"
timeout 60 "$WARREN" $W --batch <"$T_TMP/in" >"$o" &
exec 7>"$T_TMP/in"
echo 'declare queue wt-rel2; consume wt-rel2 --tag doomed' >&7
wait_for 20 grep -q '^ok: consuming from wt-rel2' "$o"
amqp-delete-queue --url="$URL" -q wt-rel2 >/dev/null
wait_for 20 grep -q '^consumer doomed on wt-rel2 lost' "$o"
ok $? "a consumer cancelled by the broker is shown as lost"
like "$o" 'lost: the broker cancelled the consumer' "with the reason"
echo 'status; quit' >&7
exec 7>&-
wait
like "$o" '^  doomed .* lost$' "and no longer active"

# a restart: reconnect, declarations and consumers come back
delete_queues wt-rel
timeout 120 "$WARREN" $W -c 'declare queue wt-rel --durable; purge wt-rel; declare queue --exclusive; bind $queue amq.fanout wt;
	worker speed 50; worker add rw wt-rel; consume $queue --tag fan --ack auto;
	broker restart; wait 60; publish wt-rel "after {n}." --count 2; publish --exchange amq.fanout wt "fanned";
	publish $queue "by its new name"; sleep 1; worker log; status; quit' >"$o"
like "$o" '^connection down: the broker closed the connection: CONNECTION_FORCED .*reconnecting in 1 s' "the drop is shown with its reason"
like "$o" '^consumer rw waits for the connection to come back' "consumers wait"
like "$o" '^info: reconnected to amqp://guest:\*\*\*@.*: 0 unacked messages had gone back to the queue; declared 2 queues/exchanges and 1 binding again, restarted 2 consumers' "reconnected: what was put back is reported"
like "$o" '^warning: server-named queue amq.gen-.* is now amq.gen-' "a server-named queue comes back renamed"
like "$o" '^rw: 1 2$' "the worker works again"
like "$o" '^deliver #[0-9]+ consumer=fan .*body="fanned"' "the rebound exclusive queue gets fanout messages again"
like "$o" '^deliver #[0-9]+ consumer=fan .*body="by its new name"' "\$queue follows the rename"

# --no-reconnect: it stays down and says so
timeout 120 "$WARREN" $W --no-reconnect -c 'consume wt-rel --tag nr; broker restart; declare queue wt-rel; status; quit' >"$o"
like "$o" '^connection down: the broker closed the connection: CONNECTION_FORCED' "--no-reconnect: the drop is shown"
unlike "$o" 'reconnecting' "and no reconnect is tried"
like "$o" "^error: not connected: use 'connect URL' first" "commands fail cleanly until connect"

# a blocked connection: publishing waits, the UI does not hang
mkfifo "$T_TMP/in2"
timeout 90 "$WARREN" $W --batch <"$T_TMP/in2" >"$o" &
exec 8>"$T_TMP/in2"
echo 'purge wt-rel' >&8
wait_for 20 grep -q '^ok: purged' "$o"
ctl set_disk_free_limit 100000GB >/dev/null 2>&1
echo 'publish wt-rel "during the alarm"; publish wt-rel "second"; declare queue wt-rel-x' >&8
wait_for 30 grep -q '^connection blocked by the broker: low on disk' "$o"
ok $? "a disk alarm shows as blocked when warren publishes"
sleep 1
grep -q "^ok: published" "$o"
ok $(( ! $? )) "the publish waits, it is not lost or reported done"
ctl set_disk_free_limit 50MB >/dev/null 2>&1
wait_for 30 grep -q "^ok: published 1 message to the default exchange key 'wt-rel'" "$o"
ok $? "once the alarm clears the publish completes"
echo 'quit' >&8
exec 8>&-
wait
like "$o" '^connection unblocked' "unblocked is shown"
is "$(queue_count wt-rel)" 2 "both messages arrived"

# a dead peer: the broker stops answering; heartbeats find out
pid=$(cat "$WS_DIR/node1/pid")
mkfifo "$T_TMP/in3"
timeout 90 "$WARREN" $W --heartbeat 1 --no-reconnect --batch <"$T_TMP/in3" >"$o" &
exec 9>"$T_TMP/in3"
echo 'status' >&9
wait_for 20 grep -q '^connection: up' "$o"
kill -STOP "$pid"
wait_for 20 grep -q 'no heartbeat from the broker' "$o"
ok $? "a hung broker is detected by missed heartbeats"
kill -CONT "$pid"
echo 'quit' >&9
exec 9>&-
wait

# nothing lost: persistent messages with confirms, a restart in the middle of consuming
timeout 200 "$WARREN" $W -c 'declare queue wt-rel-n --durable; purge wt-rel-n; confirm on;
	publish wt-rel-n "n {n}" --persistent --count 2000; worker add slow wt-rel-n --work ms:2 --speed 1;
	sleep 1; broker restart; wait 60; sleep 8; worker log --csv '"$T_TMP/n.csv"'; worker list; quit' >"$o"
like "$o" "^ok: published 2000 messages to the default exchange key 'wt-rel-n': 2000 confirmed" "2000 persistent messages confirmed"
acked=$(awk -F, '$6 == "acked" { print $4 }' "$T_TMP/n.csv" | sort -un | wc -l)
is "$acked" 2000 "every message was consumed and acked at least once across the restart"
is "$(queue_count wt-rel-n)" 0 "the broker holds none back"
redelivered=$(awk -F, '$5 == "yes"' "$T_TMP/n.csv" | wc -l)
diag "redelivered after the restart: $redelivered"
delete_queues wt-rel wt-rel2 wt-rel-n
done_testing
