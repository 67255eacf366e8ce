#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Names are data, never command text: $queue expands to exactly one word
# after the line is split (never inside quotes), a name that looks like a
# flag stays an argument, a variable cannot name a command, and a record
# file keeps what was typed.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 12
delete_queues wt-var-x 'wt-var-x%20--if-empty' '--wt-var-flag' wt-var-body
o=$T_TMP/out

# a queue called "wt-var-x --if-empty": delete queue $queue must delete it, not wt-var-x
wb -c 'declare queue wt-var-x; publish wt-var-x keep; declare queue "wt-var-x --if-empty";
	delete queue $queue' >"$o"
is $? 0 "delete queue \$queue on a name with a space and a flag in it"
like "$o" "^ok: queue 'wt-var-x --if-empty' deleted|^ok: queue wt-var-x --if-empty deleted" \
	"the queue deleted is the one named 'wt-var-x --if-empty'"
is "$(queue_count wt-var-x)" 1 "wt-var-x is untouched, its message still there"
mgmt "/api/queues/%2f/wt-var-x%20--if-empty" >/dev/null
ok $(( ! $? )) "and the queue with the odd name is gone"

# a queue named like a flag: as $queue it is an argument, never the flag
wb -c 'declare queue -- --wt-var-flag; publish $queue "to the flag-named queue";
	get $queue --ack auto' >"$o"
is $? 0 "a queue named --wt-var-flag is used through \$queue"
like "$o" 'body="to the flag-named queue"' "publish and get reached it"
wb -c 'delete queue -- --wt-var-flag' >/dev/null

# inside quotes and bodies, $queue is text
wb -c 'declare queue wt-var-body; publish wt-var-body "said $queue here"; publish wt-var-body $queue;
	get wt-var-body --ack auto; get wt-var-body --ack auto' >"$o"
like "$o" 'body="said \$queue here"' "\$queue inside quotes stays as typed"
like "$o" 'body="wt-var-body"' "a whole unquoted \$queue word is the queue's name"

# a variable cannot be a command, and expands to one word even with spaces
wb -c 'declare queue "wt-var-x --if-empty"; $queue; delete queue $queue' >"$o"
like "$o" "^error: a variable cannot name a command" "a variable as the command: a clear error"
like "$o" "^ok: queue .*wt-var-x --if-empty.* deleted" "and the session goes on"
wb -c 'publish $queue x' >"$o"
like "$o" '^error: \$queue: no queue has been declared yet' "\$queue before any declare: a clear error"

# record keeps what the user typed, not the expansion
rec=$T_TMP/rec.txt
wb -c "record start $rec; declare queue wt-var-body; publish \$queue recorded; record stop" >"$o"
grep -qx 'publish $queue recorded' "$rec"
ok $? "the record file keeps 'publish \$queue recorded' as typed"
delete_queues wt-var-x wt-var-body
