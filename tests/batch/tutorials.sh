#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every tutorial scene runs to its end in batch mode, with its results.
# Scene 2 restarts the (shared) test broker through --sandbox-dir.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 24
delete_queues hello task_queue transient_demo rpc_queue
o=$T_TMP/out
run() { timeout 120 "$WARREN" --sandbox-dir "$WS_DIR" -c "tutorial $1 --auto --speed 25; quit" >"$o"; }

timeout 30 "$WARREN" -c 'tutorial' "$URL" >"$o"
like "$o" '^  1  hello world$' "tutorial lists the scenes"
like "$o" '^  6  RPC$' "all six"

run 1
ok $? "scene 1 (hello world) runs to its end"
like "$o" '^deliver #1 consumer=receive .*status=auto .*body="Hello World!"' "receive.py got Hello World! with auto-ack"
like "$o" '^== end of the tutorial ==' "scene 1 ends"

run 2
ok $? "scene 2 (work queues) runs to its end"
like "$o" '^w1: 1 3 5$' "round-robin: w1 got 1 3 5"
like "$o" '^w2: 2 4 6$' "round-robin: w2 got 2 4 6"
like "$o" '^ok: w1 killed: .*0 unacked messages went back' "an auto-ack worker killed gives nothing back"
like "$o" '^ok: w3 killed: .*2 unacked messages went back' "a manual-ack worker killed gives its tasks back"
like "$o" '^w4: 2 4 1\(R\) 3\(R\)$' "and w4 gets them redelivered"
like "$o" '^ok: node 1 restarted' "the broker restarted"
like "$o" '^ok: queue task_queue exists \(3 messages' "persistent messages in the durable queue survived"
like "$o" '^ok: queue transient_demo declared \(transient, 0 messages' "the transient queue did not"
like "$o" '^w5: 1$' "fair dispatch: the busy worker took only the long task"
like "$o" '^w6: 1 2 3 4 5$' "and the other every short one"

run 3
like "$o" '^logger1: 1 2 3$' "pub/sub: logger1 got every message"
like "$o" '^logger2: 1 2 3$' "pub/sub: logger2 too"
run 4
like "$o" '^errors: 3$' "routing: errors got only the error"
like "$o" '^all: 1 2 3$' "routing: all got every severity"
run 5
like "$o" '^orange: 1 2 3$' "topics: *.orange.*"
like "$o" '^lazy: 1 2 4 5$' "topics: *.*.rabbit and lazy.#, once each"
run 6
like "$o" '^deliver #2 consumer=rpcclient .*body="832040".*correlation_id=call-1' "RPC: the client got fib(30) with its correlation id"
like "$o" '^== end of the tutorial ==' "scene 6 ends"
delete_queues hello task_queue transient_demo rpc_queue
done_testing
