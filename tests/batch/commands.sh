#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every console command against the real broker, in batch mode.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 39
delete_queues wt-cmd wt-cmd2 wt-cmd-dl
curl -sf -u guest:guest -X DELETE "$MGMT/api/exchanges/%2f/wt-cmd-x" >/dev/null 2>&1
o=$T_TMP/out

wb -c 'status; help; help publish; help declare' >"$o"
ok $? "status and help succeed"
like "$o" '^connection up: amqp://guest:\*\*\*@127\.0\.0\.1:[0-9]+/' "connects, password masked"
like "$o" '^connection: up ' "status shows the connection"
like "$o" '^  publish +publish a message' "help lists publish"
like "$o" '^usage: publish KEY BODY .*\[--persistent\].*\[--count N\]' "help publish shows the usage from the table"
like "$o" '^usage: declare queue \[NAME\]' "help declare lists declare queue"
like "$o" '^usage: declare exchange NAME' "help declare lists declare exchange"

wb -c 'declare queue wt-cmd --durable --arg x-max-priority=5; declare queue wt-cmd --passive;
	declare exchange wt-cmd-x --type direct --durable; bind wt-cmd wt-cmd-x rk; 
	publish --exchange wt-cmd-x rk "via exchange" --priority 3 --header app=test --header n=42 --content-type text/plain --correlation-id c-1 --reply-to wt-cmd2 --expiration 60000;
	publish wt-cmd "second {n}" --count 2 --persistent' >"$o"
ok $? "declare, bind, publish succeed"
like "$o" '^ok: queue wt-cmd declared \(durable, 0 messages' "declare queue"
like "$o" '^ok: queue wt-cmd exists \(.*0 messages' "declare --passive"
like "$o" '^ok: exchange wt-cmd-x declared \(direct, durable\)' "declare exchange"
like "$o" "^ok: bound queue wt-cmd to exchange wt-cmd-x with key 'rk'" "bind"
like "$o" "^ok: published 1 message to exchange 'wt-cmd-x' key 'rk'" "publish to an exchange"
like "$o" "^ok: published 2 messages to the default exchange key 'wt-cmd'" "publish --count"
is "$(queue_count wt-cmd)" 3 "the broker holds the 3 messages"

wb -c 'get wt-cmd; ack 1; get wt-cmd --ack auto; get wt-cmd; nack 3 --no-requeue; get wt-cmd' >"$o"
ok $? "get and ack succeed"
like "$o" '^deliver #1 consumer=\(get\) .*key="rk" status=pending .*body="via exchange".*priority=3' "get shows the message with its priority"
like "$o" 'props: content_type=text/plain correlation_id=c-1 reply_to=wt-cmd2 expiration=60000' "properties shown"
like "$o" 'headers=\{app=test, n=42\}' "headers shown"
like "$o" '^settle #1 acked' "ack settles #1"
like "$o" '^deliver #2 .*status=auto .*body="second 1".*delivery_mode=2' "get --ack auto, {n} expanded, persistent"
like "$o" '^settle #3 nacked' "nack --no-requeue"
like "$o" '^ok: queue wt-cmd is empty' "get on an empty queue says so"
is "$(queue_count wt-cmd)" 0 "nothing left in the queue"

wb -c 'publish wt-cmd a --count 5; purge wt-cmd; unbind wt-cmd wt-cmd-x rk; delete exchange wt-cmd-x --if-unused; delete queue wt-cmd --if-empty' >"$o"
ok $? "purge, unbind, delete succeed"
like "$o" '^ok: purged 5 messages from wt-cmd' "purge counts"
like "$o" '^ok: unbound queue wt-cmd from exchange wt-cmd-x' "unbind"
like "$o" '^ok: exchange wt-cmd-x deleted' "delete exchange"
like "$o" '^ok: queue wt-cmd deleted' "delete queue"

wb -c 'declare queue wt-cmd2; publish wt-cmd2 x --count 3; consume wt-cmd2 --tag mine --prefetch 2; sleep 0.5; status; ack 2 --multiple; sleep 0.5; cancel mine; quit' >"$o"
ok $? "consume, multiple ack, cancel, quit succeed"
like "$o" '^ok: consuming from wt-cmd2 as mine \(manual ack, prefetch 2\)' "consume with a tag and prefetch"
like "$o" '^  mine +wt-cmd2 +manual prefetch 2 +delivered 2 .*unacked 2' "status shows prefetch holding two unacked"
like "$o" '^settle #1..#2 acked \(2 messages' "ack --multiple"
like "$o" '^deliver #3 consumer=mine' "the third arrives after the ack"
like "$o" '^ok: bye: 1 unacked message went back to the queue' "quit requeues what is left and says so"
is "$(queue_count wt-cmd2)" 1 "the broker has it back"

wb -c 'disconnect; status; connect '"$URL"'; delete queue wt-cmd2' >"$o"
ok $? "disconnect and connect again"
like "$o" '^connection: down' "status after disconnect"
like "$o" '^ok: queue wt-cmd2 deleted' "commands work after connect"
done_testing
