#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Simulated workers against the real broker: round-robin, fair dispatch with
# qos 1, killing manual- and auto-ack workers, failures, pause, the timeline
# and its CSV, the distribution view, record and replay.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 29
delete_queues wt-work
o=$T_TMP/out
W="--sandbox-dir $WS_DIR"

timeout 60 "$WARREN" $W -c 'declare queue wt-work; worker speed 20;
	worker add w1 wt-work; worker add w2 wt-work;
	publish wt-work "Task {n}...." --count 6; sleep 1; worker list; worker log; dist wt-work; quit' >"$o"
ok $? "six dotted tasks to two manual-ack workers"
like "$o" '^w1: 1 3 5$' "worker 1 got 1, 3, 5 (round-robin)"
like "$o" '^w2: 2 4 6$' "worker 2 got 2, 4, 6"
like "$o" '^w1 +wt-work +idle +man +3 +3 +0 ' "worker list: w1 delivered 3, acked 3"
like "$o" '^w1 +█+ +3  unacked 0/∞ +got: 1 3 5' "dist shows a bar, the counts and the numbers"

timeout 60 "$WARREN" $W -c 'purge wt-work; qos 1; worker speed 20; worker add w1 wt-work; worker add w2 wt-work;
	publish wt-work "long.........."; publish wt-work "short {n}." --count 5; sleep 1; worker log; worker list; quit' >"$o"
w1=$(sed -n 's/^w1: //p' "$o" | wc -w)
w2=$(sed -n 's/^w2: //p' "$o" | wc -w)
is "$w1 $w2" "1 5" "qos 1: the worker with the long task got 1, the other all 5 short ones"
like "$o" '^w1 +wt-work .* \[###### \] 0/1|^w1 +wt-work +idle +man +1 +1 ' "prefetch shown against unacked"

timeout 60 "$WARREN" $W -c 'purge wt-work; worker speed 20; worker add w1 wt-work; worker add w2 wt-work;
	publish wt-work "Job {n}...." --count 4; sleep 0.05; worker kill w1; sleep 1; worker log; worker list; quit' >"$o"
like "$o" '^ok: w1 killed: its channel closed without acking; 2 unacked messages went back' "killing a manual-ack worker requeues what it held"
like "$o" '^w2: 2 4 1\(R\) 3\(R\)$' "the other worker gets them, flagged redelivered"
like "$o" '^w2 +wt-work +idle +man +4 +4 +0 .* 2 ' "w2 counts 4 acked, 2 redelivered"
is "$(queue_count wt-work)" 0 "nothing lost"

timeout 60 "$WARREN" $W -c 'purge wt-work; worker speed 20; worker add w1 wt-work --ack auto; worker add w2 wt-work --ack auto;
	publish wt-work "Job {n}...." --count 4; sleep 0.05; worker kill w1; sleep 1; worker log; worker list; quit' >"$o"
like "$o" '^ok: w1 killed: .*0 unacked messages went back' "auto-ack: nothing goes back"
like "$o" '^w1 +wt-work +killed +auto +2 ' "the killed auto-ack worker had been sent 2"
like "$o" '^w2: 2 4$' "and they are not redelivered: lost"
is "$(queue_count wt-work)" 0 "the queue is empty all the same"

timeout 60 "$WARREN" $W -c 'purge wt-work; worker add flaky wt-work --work ms:1 --fail 1 --reject;
	publish wt-work "bad {n}" --count 3; sleep 0.5; worker list; worker log --csv '"$T_TMP/log.csv"'; quit' >"$o"
like "$o" '^flaky +wt-work +idle +man +3 +0 +3 ' "--fail 1 --reject rejects every message"
is "$(queue_count wt-work)" 0 "rejected without requeue: gone"
like "$T_TMP/log.csv" '^time,worker,message,number,redelivered,outcome,work_seconds$' "CSV header"
is "$(grep -c ',flaky,.*,rejected,' "$T_TMP/log.csv")" 3 "CSV has the three rejections"

timeout 60 "$WARREN" $W -c 'purge wt-work; worker add p wt-work --work ms:1; worker pause p;
	publish wt-work "held {n}" --count 2; sleep 0.3; worker list; worker resume p; sleep 0.3; worker list; stats reset; worker list; worker rm p; worker list; quit' >"$o"
like "$o" '^p +wt-work +paused +man +2 +0 +0 +2/∞' "a paused worker holds its messages unacked"
like "$o" '^p +wt-work +idle +man +2 +2 +0 ' "resumed, it acks them"
like "$o" '^p +wt-work +idle +man +0 +0 +0 ' "stats reset zeroes the counters"
like "$o" '^p +wt-work +stopped ' "worker rm stops it, and worker list keeps its ledger"

timeout 60 "$WARREN" -c 'worker kill nobody; worker add; broker kill 1; worker add x wt-work --work slow' "$URL" >"$o"
like "$o" "^error: worker kill: no worker called nobody" "unknown worker"
like "$o" "^error: broker kill: only for warren's own sandbox broker" "broker commands need a sandbox"
like "$o" "^error: worker add: --work is dots, ms:N or rand:A-B" "bad --work"

# record a session, then replay it faster
timeout 60 "$WARREN" $W --batch >"$o" <<EOF
record start $T_TMP/lesson.warren
purge wt-work
publish wt-work "recorded {n}" --count 2
record stop
EOF
grep -q '^publish wt-work "recorded {n}" --count 2$' "$T_TMP/lesson.warren"
ok $? "the recording holds the commands"
timeout 60 "$WARREN" $W -c "replay $T_TMP/lesson.warren --speed 10; get wt-work --ack auto; get wt-work --ack auto; get wt-work; quit" >"$o"
is "$(grep -c '^deliver .*body="recorded [12]"' "$o")" 2 "replay ran them again"

# the distribution view keeps a consumer that was cancelled after it got messages
timeout 60 "$WARREN" $W -c 'purge wt-work; consume wt-work --tag cx --ack auto;
	publish wt-work "m {n}" --count 3; sleep 0.5; cancel cx; consume wt-work --tag cy --ack auto;
	publish wt-work "n {n}" --count 2; sleep 0.5; dist wt-work; quit' >"$o"
like "$o" '^cx +█+ +3 .*got: 1 2 3  \(cancelled\)' "dist shows a cancelled consumer that got messages, with its state"
delete_queues wt-work
done_testing
