#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every lesson shipped with warren runs to its end in batch mode, and each
# proves what it claims through its own checks (round-robin order, the loss
# of auto-acked tasks, redelivery, durability, fair dispatch, routing...).
# Lesson 2 restarts the (shared) test broker through --sandbox-dir.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 22
delete_queues hello task_queue transient_demo rpc_queue
o=$T_TMP/out
run() { timeout 180 "$WARREN" --sandbox-dir "$WS_DIR" -c "tutorial $1 --auto --speed 10; quit" >"$o"; }

timeout 30 "$WARREN" -c 'tutorial' "$URL" >"$o"
like "$o" '^ +1  Hello World! +one producer, one queue, one consumer$' "tutorial lists the lessons"
like "$o" '^ +6  RPC ' "all six of the RabbitMQ tutorials"

run 1
ok $? "lesson 1 (hello world) runs to its end, every check passed"
like "$o" '^deliver #1 consumer=receive .*status=auto .*body="Hello World!"' "receive.py got Hello World! with auto-ack"
like "$o" '^ok: == end of the lesson: 5 checks passed, 0 failed ==' "its checks: 5 passed"

run 2
ok $? "lesson 2 (work queues) runs to its end, every check passed"
like "$o" '^   passed: got w1 1 3 5$' "round-robin: w1 got 1 3 5"
like "$o" '^   passed: got w2 2 4 6$' "round-robin: w2 got 2 4 6"
like "$o" '^   passed: lost w1 2$' "an auto-ack worker killed: its two tasks lost"
like "$o" '^w1: 1 3 5 \| 1\(lost\) 3\(lost\)$' "worker log: marked lost, the second publish apart"
like "$o" '^   passed: redelivered w4 2$' "a manual-ack worker killed: w4 gets its tasks redelivered"
like "$o" '^w2: 2 4 6 \| 2 4  \(removed\)$' "worker log keeps removed workers"
like "$o" '^ok: node 1 restarted' "the broker restarted"
like "$o" '^   passed: queue task_queue ready 3$' "persistent messages in the durable queue survived"
like "$o" '^   passed: queue transient_demo ready 0$' "the transient queue lost its messages"
like "$o" '^   passed: got w6 1 2 3 4 5$' "fair dispatch: the other worker took every short task"
like "$o" '^ok: == end of the lesson: 18 checks passed, 0 failed ==' "its checks: 18 passed"

run 3
ok $? "lesson 3 (publish/subscribe): both loggers got every message"
run 4
ok $? "lesson 4 (routing): errors got only the error, all got everything"
run 5
ok $? "lesson 5 (topics): *.orange.*, *.*.rabbit and lazy.#"
run 6
ok $? "lesson 6 (RPC): the client got fib(30)"
like "$o" '^deliver #[0-9]+ consumer=rpcclient .*body="832040".*correlation_id=call-1' "with its correlation id"
delete_queues hello task_queue transient_demo rpc_queue
done_testing
