#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A private 3-node cluster from `warren --sandbox --nodes 3`: failover when
# the node warren uses is killed, quorum queue leader election with nothing
# lost, publish --retry with exact totals, a classic queue down and back,
# and every node stopped at the end.
. "$(dirname "$0")/../lib.sh"
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || skip_all "rabbitmq-server is not installed"
plan 18
o=$T_TMP/out
e=$T_TMP/err

mkfifo "$T_TMP/in"
timeout 400 "$WARREN" --sandbox --nodes 3 --batch <"$T_TMP/in" >"$o" 2>"$e" &
wpid=$!
exec 7>"$T_TMP/in"
say() { echo "$*" >&7; }
# run COMMANDS then wait for a marker line
step() {
	local mark="mark-$RANDOM$RANDOM"
	say "$1; echo $mark"
	wait_for "${2:-120}" grep -q "^$mark\$" "$o"
}

wait_for 180 grep -q '^ok: connected' "$o"
ok $? "warren --sandbox --nodes 3 starts a private cluster and connects"
dir=$(sed -n 's/.*data in \(.*\) (removed on exit)/\1/p' "$e")
like "$o" 'node warren-[0-9]+-1@' "connected to node 1"

step 'declare queue qq --type quorum; declare queue cq --durable; confirm on;
	publish cq "classic {n}" --persistent --count 5;
	publish qq "q {n}" --persistent --count 3000 --retry'
like "$o" "^ok: published 3000 messages to the default exchange key 'qq': 3000 confirmed" "3000 persistent messages confirmed in the quorum queue"

# consume slowly, then kill -9 the node warren is connected to
step 'worker add w qq --work ms:1; sleep 1; broker kill 1; sleep 1; wait 60'
like "$o" '^connection down: connection lost' "the killed node drops the connection"
like "$o" '^connection up: .*node warren-[0-9]+-[23]@' "warren fails over to another node and says which"
like "$o" '^(info|error): reconnected to .*restarted 1 consumer' "the worker is restarted there"
like "$o" "^error: after reconnecting, cannot declare queue cq again: NOT_FOUND - home node .* is down" "the classic queue on the dead node is reported down"
step 'refresh; list queues'
like "$o" '^qq +/ +quorum .* 2/3 +warren-[0-9]+-[23]@' "list queues: the quorum queue has a leader on another node, 2 of 3 members online"
like "$o" '^cq +/ +classic .* down ' "list queues: the classic queue on the dead node is down"
like "$o" '^\(from the management API, [0-9.]+ s old\)' "the list says how old its data is"

# the worker gets through all 3000 after the failover
consumed() {
	step 'worker log --csv '"$T_TMP/log.csv" 30
	got=$(awk -F, '$6 == "acked" && $4 ~ /^[0-9]+$/ { print $4 }' "$T_TMP/log.csv" | sort -un | wc -l)
	[ "$got" -ge 3000 ]
}
wait_for 120 consumed
ok $? "every confirmed message was consumed at least once across the failover ($got distinct acked)"

# publishing with --retry through another kill: totals stay exact
say 'declare queue qr --type quorum; publish qr "r {n}" --persistent --count 20000 --retry'
sleep 2
node=$(sed -n 's/^connection up: .*node warren-[0-9]*-\([0-9]\)@.*/\1/p' "$o" | tail -1)
step "broker kill $node; wait 60"
wait_for 120 grep -q "^ok: published 20000 messages to the default exchange key 'qr'" "$o"
like "$o" "^ok: published 20000 messages to the default exchange key 'qr': 20000 confirmed" "publish --retry through a failover: all 20000 confirmed"

# the classic queue lived on node 1: down while node 1 is, back with its messages
step 'broker start 1; broker start '"$node"'; sleep 2; declare queue cq --durable --passive'
like "$o" "^ok: queue cq exists \(5 messages" "the classic queue comes back with its persistent messages"
# the members rejoin the quorum queue in their own time (slower under ASan),
# its state comes back after them, and each node's API learns it apart: wait
# until every node's API says so before asking warren (a refresh while a
# node still boots may fail, and a failed command is warren's exit status)
mports=$(. <("$WARREN_SANDBOX" env "$dir") && echo "${WS_MGMT_PORTS//,/ }")
qq_online() {
	local j p
	for p in $mports; do
		j=$(curl -sf -u guest:guest "http://127.0.0.1:$p/api/queues/%2f/qq?columns=online,state") &&
			grep -Eq '"online":\["[^"]+","[^"]+","[^"]+"\]' <<<"$j" &&
			grep -q '"state":"running"' <<<"$j" || return 1
	done
}
wait_for 90 qq_online
# the list's state lags behind the queue's own page: ask until warren sees it
warren_sees() {
	step 'refresh; list queues qq' 30
	tail -5 "$o" | grep -Eq '^qq +/ +quorum .* running +3/3 '
}
wait_for 60 warren_sees
like "$o" '^qq +/ +quorum .* running +3/3 ' "the restarted nodes show as online again"

step 'worker rm w; delete queue qq; delete queue qr; delete queue cq'
say 'quit'
exec 7>&-
wait "$wpid"
st=$?
ok $st "warren exits cleanly"
[ "$st" = 0 ] || { diag "exit status $st; its errors:"; grep -E '^error' "$o" | sed 's/^/#   /' >&2; }
[ -n "$dir" ] && [ ! -e "$dir" ]
ok $? "the cluster's data directory is removed"
pgrep -f "beam.*$(basename "$dir")" >/dev/null
ok $(( ! $? )) "no node of the cluster is left running"
like "$e" 'warren: sandbox broker up: amqp://guest:guest@127.0.0.1:[0-9]+,127.0.0.1:[0-9]+,127.0.0.1:[0-9]+' "the sandbox URL names all three nodes"
done_testing
