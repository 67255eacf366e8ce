#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The seed tutorial, scene by scene, in batch mode against the real broker:
# hello world, round-robin work queues, acks and redelivery, durability
# across a broker restart, and fair dispatch with prefetch.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 24
delete_queues hello task_queue wt-transient
o=$T_TMP/out

# -- hello world: send.py, then receive.py (auto-ack consumer)
wb -c 'declare queue hello; publish hello "Hello World!"' >"$o"
like "$o" "^ok: published 1 message to the default exchange key 'hello'" "send.py: one message to hello"
wb -c 'declare queue hello; consume hello --ack auto --count 1; wait 10' >"$o"
ok $? "receive.py: consumer ran"
like "$o" '^deliver #1 consumer=c1 .*key="hello" status=auto .*body="Hello World!"' "receive.py: [x] Received 'Hello World!' with auto-ack"

# -- work queues: six dotted tasks to two consumers, round-robin
wb -c 'declare queue task_queue --durable;
	consume task_queue --tag w1 --count 3 --ack-every 1;
	consume task_queue --tag w2 --count 3 --ack-every 1;
	publish task_queue "Task {n}...." --persistent --count 6; wait 10' >"$o"
ok $? "new_task.py and two workers"
w1=$(sed -n 's/^deliver .*consumer=w1 .*body="Task \([0-9]\).*/\1/p' "$o" | tr '\n' ' ')
w2=$(sed -n 's/^deliver .*consumer=w2 .*body="Task \([0-9]\).*/\1/p' "$o" | tr '\n' ' ')
is "$w1" "1 3 5 " "worker 1 gets tasks 1, 3, 5"
is "$w2" "2 4 6 " "worker 2 gets tasks 2, 4, 6"
like "$o" 'status=acked .*delivery_mode=2' "tasks are persistent and acked"

# -- message acknowledgement: a worker dies mid-task; its task goes to the other
wb -c 'purge task_queue; consume task_queue --tag w1 --prefetch 1; consume task_queue --tag w2 --prefetch 1;
	publish task_queue "First." ; publish task_queue "Second..";
	sleep 0.5; cancel w1 --kill; sleep 0.3; status; ack 2; sleep 0.5; ack 3; sleep 0.3; status; quit' >"$o"
ok $? "kill a manual-ack worker with an unacked task"
like "$o" '^deliver #1 consumer=w1 .*redelivered=no .*status=pending .*body="First\."' "w1 holds First. unacked"
like "$o" '^ok: w1 killed: its channel closed without acking; 1 unacked message went back to the queue' "killing w1 says its task went back"
like "$o" '^settle #1 requeued' "First. is marked requeued"
like "$o" '^deliver #3 consumer=w2 .*redelivered=yes .*body="First\."' "w2 gets First. again, flagged redelivered"
like "$o" '^  w2 .*delivered 2 acked 2 .*redelivered 1' "w2 counts the redelivery"
is "$(queue_count task_queue)" 0 "nothing lost, nothing left"

# -- auto-ack: killing the worker loses what it was sent
wb -c 'purge task_queue; publish task_queue "Lost {n}" --count 3; consume task_queue --tag fast --ack auto; sleep 0.5; cancel fast --kill; status; quit' >"$o"
like "$o" '^ok: fast killed: .*0 unacked messages went back' "an auto-ack worker has nothing to give back"
like "$o" '^  fast .*auto .*delivered 3 ' "it had been sent all three"
is "$(queue_count task_queue)" 0 "with auto-ack the messages are gone from the queue"

# -- durability: durable queue + persistent messages survive a broker restart
wb -c 'declare queue task_queue --durable; publish task_queue "durable {n}" --persistent --count 3;
	declare queue wt-transient; publish wt-transient "transient" --count 2' >"$o"
is "$(queue_count task_queue)" 3 "three persistent messages before the restart"
"$WARREN_SANDBOX" restart "$WS_DIR" >/dev/null 2>&1
ok $? "the broker restarted"
wb -c 'declare queue wt-transient --passive; consume task_queue --count 3 --ack-every 1; wait 10' >"$o"
like "$o" "^error: cannot declare queue 'wt-transient': NOT_FOUND" "the transient queue is gone"
is "$(grep -c '^deliver .*body="durable [123]"' "$o")" 3 "the persistent messages survived"

# -- fair dispatch: a busy worker (never acks) and a fast one (acks at once)
wb -c 'purge task_queue; consume task_queue --tag busy; consume task_queue --tag quick --ack-every 1;
	publish task_queue "job {n}" --count 4; sleep 0.5; status; quit' >"$o"
like "$o" '^  busy .*delivered 2 ' "without prefetch: round-robin, the busy worker is sent 2 of 4"
wb -c 'purge task_queue; qos 1; consume task_queue --tag busy; consume task_queue --tag quick --ack-every 1;
	publish task_queue "job {n}" --count 4; sleep 0.5; status; quit' >"$o"
like "$o" '^  busy .*prefetch 1 .*delivered 1 ' "qos 1: the busy worker gets one"
like "$o" '^  quick .*prefetch 1 .*delivered 3 ' "qos 1: the quick worker gets the rest"
delete_queues hello task_queue
done_testing
