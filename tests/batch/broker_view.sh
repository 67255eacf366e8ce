#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The broker view from the management API: clients that are not warren (a
# pika worker, amqp-tools) show up with their product, prefetch and counts;
# exchanges, bindings, nodes, one queue in detail, JSON rows; and without the
# API (wrong port, wrong password, a broker without the plugin) warren says
# why and goes on with AMQP alone.
. "$(dirname "$0")/../lib.sh"
need_broker
PY=$(pika_python) || skip_all "python3-pika is not installed"
plan 45
o=$T_TMP/out
port=${URL##*:}
port=${port%%/*}
MURL="http://guest:guest@127.0.0.1:${WS_MGMT_PORTS%%,*}/"
delete_queues wt-bv-a wt-bv-work wt-bv-mine
curl -sf -u guest:guest -X DELETE "$MGMT/api/exchanges/%2f/wt-bv-x" >/dev/null 2>&1

# wv ARGS...: warren in batch mode with the test broker's management API
wv() { timeout 120 "$WARREN" --mgmt-url "$MURL" "$@" "$URL"; }

# until_out SECONDS REGEX COMMANDS: rerun warren until its output matches
# (the broker's statistics lag by up to collect_statistics_interval)
until_out() {
	local limit=$1 re=$2 cmds=$3 start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		wv -c "$cmds" >"$o" 2>&1
		grep -Eq -- "$re" "$o" && return 0
		sleep 0.3
	done
	sed 's/^/#   /' "$o" | tail -n 20 >&2
	return 1
}

# ---- a pika worker, as in the tutorial: prefetch 3, manual ack -------------
cat >"$T_TMP/worker.py" <<EOF
import pika
c = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=$port,
    client_properties={'connection_name': 'tutorial-worker'}))
ch = c.channel()
ch.queue_declare(queue='wt-bv-work', durable=True, arguments={'x-max-priority': 5})
ch.basic_qos(prefetch_count=3)
ch.basic_consume('wt-bv-work', lambda ch, m, p, b: None, consumer_tag='pika-worker-1')
print('worker ready', flush=True)
ch.start_consuming()
EOF
"$PY" "$T_TMP/worker.py" >"$T_TMP/worker.out" 2>&1 &
echo $! >"$T_TMP/worker.pid"
wait_for 20 grep -q 'worker ready' "$T_TMP/worker.out"
ok $? "the pika worker is consuming"

until_out 30 '^ +pika-worker-1 +wt-bv-work +/ +1 +pika 1\.2\.0 +127\.0\.0\.1:[0-9]+ +manual +3 +0 +yes' 'list consumers'
ok $? "list consumers shows the pika worker: channel, product and version, manual ack, prefetch 3"
like "$o" '^ +TAG +QUEUE +VHOST +CHANNEL +CLIENT +PEER +ACK +PREFETCH +UNACKED +ACTIVE$' "the table has a header line"
like "$o" '^[0-9]+ consumers?$' "and a count"

until_out 30 '^ +127\.0\.0\.1:[0-9]+ +tutorial-worker +guest +/ +pika 1\.2\.0 +1 +running' 'list connections'
ok $? "list connections shows the pika connection with its name, product and version"
wv --json -c 'list consumers wt-bv-work' >"$o"
like "$o" '^\{"ack_required":true,"active":true,"channel":1,"client":"pika 1\.2\.0",.*"list":"consumers","mine":false,.*"prefetch":3,"queue":"wt-bv-work","tag":"pika-worker-1","unacked":0' "--json: the same consumer as an object"

# ---- queues declared by amqp-tools, with counts ------------------------------
amqp-declare-queue --url="$URL" -q wt-bv-a >/dev/null
ok $? "amqp-declare-queue made wt-bv-a"
for i in 1 2 3; do amqp-publish --url="$URL" -r wt-bv-a -b "m$i" || break; done
ok $? "amqp-publish sent three messages"
until_out 30 '^wt-bv-a +/ +classic +no +3 +0 +3 +0 ' 'list queues wt-bv-'
ok $? "list queues shows wt-bv-a: classic, transient, 3 ready, 0 unacked, 3 total, 0 consumers"
like "$o" '^wt-bv-work +/ +classic +yes +0 +0 +0 +1 ' "and the worker's durable queue with its consumer"
unlike "$o" '^amq\.|^wt-err' "a pattern keeps other queues out"

# ---- many queues: the list without statistics, asked for as BERT --------------
# (WARREN_MGMT_MANY_QUEUES=1 makes this broker count as a big one)
many() { WARREN_MGMT_MANY_QUEUES=1 WARREN_MGMT_TRACE="$T_TMP/trace" wv "$@"; }
rm -f "$T_TMP/trace"
many -c 'list queues wt-bv-' >"$T_TMP/bert"
like "$T_TMP/trace" '/api/queues\?disable_stats=true.* 200 [0-9]+ [0-9.]+ application/bert$' "many queues: the list without statistics comes as BERT"
like "$T_TMP/bert" '^wt-bv-a +/ +classic +no +3 +0 +3 +0 +- +- +running ' "its rows have the counts, rates unknown"
like "$T_TMP/bert" '^wt-bv-work +/ +classic +yes +0 +0 +0 +1 ' "and the consumers counted from the consumer list"
WARREN_MGMT_BERT=0 many -c 'list queues wt-bv-' >"$T_TMP/json"
is "$(grep -v ' s old)' "$T_TMP/bert")" "$(grep -v ' s old)' "$T_TMP/json")" "BERT and JSON give the same table"
many --json -c 'list queues wt-bv-' | sed 's/"age_s":[0-9.e-]*,//' >"$T_TMP/bert"
WARREN_MGMT_BERT=0 many --json -c 'list queues wt-bv-' | sed 's/"age_s":[0-9.e-]*,//' >"$T_TMP/json"
like "$T_TMP/bert" '"arguments":"x-max-priority=5".*"name":"wt-bv-work".*"statistics":false' "--json from BERT: the worker's queue with its arguments"
is "$(cat "$T_TMP/bert")" "$(cat "$T_TMP/json")" "and the same JSON rows as from JSON"

wv --json -c 'list queues wt-bv-a' >"$o"
like "$o" '^\{.*"list":"queues".*"name":"wt-bv-a".*"ready":3.*"total":3' "--json: one object per queue"
unlike "$o" '^(NAME|1 queue)' "--json prints no table"

# ---- a queue in detail --------------------------------------------------------
until_out 30 'pika-worker-1 +1 +pika 1\.2\.0 +127\.0\.0\.1:[0-9]+ +manual +3 +0 +yes' 'show queue wt-bv-work'
ok $? "show queue lists its consumers with prefetch and unacked"
like "$o" '^queue wt-bv-work in vhost /: classic, durable, node [^ ]+, running$' "show queue: type, durability, node, state"
like "$o" '^  arguments: x-max-priority=5$' "show queue: arguments"
like "$o" '^  messages: 0 ready, 0 unacked, 0 total$' "show queue: messages"
like "$o" '^  rates \(msg/s\): publish [0-9.]+, deliver [0-9.]+, ack [0-9.]+, redeliver [0-9.]+$' "show queue: rates"
wv -c 'show queue wt-bv-nosuch' >"$o"
like "$o" "^error: show queue: no queue 'wt-bv-nosuch' on the broker" "show queue of a missing queue says so"

# ---- warren's own connection and consumer: a session that lasts ---------------------
# (the API lists a connection once its first statistics are in)
o2=$T_TMP/session
mkfifo "$T_TMP/in"
(timeout 60 "$WARREN" --batch --mgmt-url "$MURL" "$URL" <"$T_TMP/in" >"$o2") &
session=$!
exec 7>"$T_TMP/in"
echo 'consume wt-bv-a --tag wt-bv-mine --prefetch 5 --ack manual' >&7
ask() { echo "$1" >&7; sleep 0.5; grep -Eq -- "$2" "$o2"; }
wait_for 30 ask 'list consumers wt-bv-a' '^\* +wt-bv-mine +wt-bv-a +/ +[0-9]+ +warren [0-9.]+ +127\.0\.0\.1:[0-9]+ +manual +5 +[0-9]+ +yes$'
ok $? "warren's own consumer is marked *, with its prefetch"
wait_for 30 ask 'list connections' '^\* +127\.0\.0\.1:[0-9]+ +warren-[0-9]+ +guest +/ +warren [0-9.]+ +[0-9]+ +running'
ok $? "warren's own connection is marked *"
echo 'cancel wt-bv-mine; quit' >&7
exec 7>&-
wait "$session"

# ---- exchanges, bindings, nodes -------------------------------------------------------
wv --json -c 'declare exchange wt-bv-x --type topic; bind wt-bv-a wt-bv-x "log.*";
	list exchanges wt-bv-x; list bindings wt-bv-x' >"$o"
like "$o" '"list":"exchanges".*"name":"wt-bv-x".*"type":"topic"' "list exchanges shows the new exchange"
like "$o" '"destination":"wt-bv-a".*"list":"bindings".*"routing_key":"log\.\*".*"source":"wt-bv-x"' "list bindings EXCHANGE shows its binding"
wv -c 'list bindings wt-bv-a; list nodes; refresh' >"$o"
like "$o" '^\(AMQP default\) +wt-bv-a +queue +wt-bv-a ' "list bindings QUEUE shows the default exchange's binding"
like "$o" "^${WS_NODE:-warren-}[^ ]* +yes +[0-9]+[dhm] .* ok +[0-9.]+[kMGT]?B / [0-9.]+[kMGT]?B +ok " "list nodes: running, memory and disk without alarms"
like "$o" '^ok: management data from http://guest:\*\*\*@127\.0\.0\.1:[0-9]+/: [0-9]+ connections?, .* queues?, .*fetched in [0-9.]+ s' "refresh says what it fetched"
wv -c 'list nodes --vhost /' >"$o"
like "$o" '^\(nodes serve every vhost: --vhost changes nothing in this list\)$' "list nodes --vhost says the flag changes nothing there"

# ---- no management API: say why, keep working on AMQP -------------------------------
dead=$(awk 'BEGIN{srand(); print 20000 + int(rand() * 20000)}')
while grep -q ":$(printf '%04X' "$dead") " /proc/net/tcp 2>/dev/null; do dead=$((dead + 1)); done
timeout 60 "$WARREN" --mgmt-url "http://guest:guest@127.0.0.1:$dead/" \
	-c 'list queues; declare queue wt-bv-a; get wt-bv-a --ack auto' "$URL" >"$o"
like "$o" "^error: list queues: management API unavailable at http://guest:\*\*\*@127\.0\.0\.1:$dead/: connection refused: plugin not enabled\? run rabbitmq-plugins enable rabbitmq_management" "wrong port: the clear message, password masked"
like "$o" '^deliver #1 .*body="m1"' "and AMQP still works"

timeout 60 "$WARREN" --mgmt-url "http://guest:wrong@127.0.0.1:${WS_MGMT_PORTS%%,*}/" -c 'list queues' "$URL" >"$o"
like "$o" "^error: list queues: management API unavailable at http://guest:\*\*\*@127\.0\.0\.1:[0-9]+/: 401 unauthorized" "wrong password: 401 unauthorized"
unlike "$o" 'wrong' "the password is never printed"

# a broker of its own without the management plugin
if "$WARREN_SANDBOX" start --no-mgmt >"$T_TMP/nomgmt.env" 2>"$T_TMP/nomgmt.err"; then
	nm_dir=$(sed -n "s/^WS_DIR='\(.*\)'$/\1/p" "$T_TMP/nomgmt.env")
	nm_url=$(sed -n "s/^WS_URL='\(.*\)'$/\1/p" "$T_TMP/nomgmt.env")
	nm_mgmt=$(sed -n 's/^WS_MGMT_PORTS=\([0-9]*\).*/\1/p' "$T_TMP/nomgmt.env")
	timeout 60 "$WARREN" --mgmt-url "http://guest:guest@127.0.0.1:$nm_mgmt/" \
		-c 'list consumers; declare queue wt-bv-nm; publish wt-bv-nm hello; get wt-bv-nm --ack auto' \
		"$nm_url" >"$o"
	like "$o" "^error: list consumers: management API unavailable at http://guest:\*\*\*@127\.0\.0\.1:$nm_mgmt/: connection refused: plugin not enabled\? run rabbitmq-plugins enable rabbitmq_management" "a broker without the plugin: the clear message"
	like "$o" '^deliver #1 .*body="hello"' "and AMQP still works on it"

	# connect elsewhere: the broker view follows (no --mgmt-url: the sandbox's API
	# for the sandbox's node, the default port for another host) and never shows
	# the first broker's queues as the second's
	timeout 60 "$WARREN" --sandbox-dir "$WS_DIR" -c "list queues wt-bv-a; connect $nm_url;
		list queues wt-bv-a; connect $URL; list queues wt-bv-a" >"$o" 2>&1
	like "$o" '^info: the broker view follows: management API at http://guest:\*\*\*@127\.0\.0\.1:15672/$' "connect to another broker: the broker view follows it"
	is "$(grep -c '^wt-bv-a ' "$o")" 2 "the first broker's queue shows before and after, not while on the other"
	like "$o" "^info: the broker view follows: management API at http://guest:\*\*\*@127\.0\.0\.1:${WS_MGMT_PORTS%%,*}/\$" "and back to the sandbox's own API"
	# connect --mgmt-url: the broker view uses the API given, also on reconnect
	timeout 60 "$WARREN" --sandbox-dir "$WS_DIR" -c "connect $nm_url --mgmt-url $MURL;
		list queues wt-bv-a; reconnect; list queues wt-bv-a; connect $URL --mgmt-url none;
		list queues; connect $URL --mgmt-url ftp://x" >"$o" 2>&1
	is "$(grep -c '^wt-bv-a ' "$o")" 2 "connect --mgmt-url: the broker view uses the API given, also after reconnect"
	like "$o" '^info: no broker view for this broker' "connect --mgmt-url none: no broker view, and it says so"
	like "$o" "^error: connect: --mgmt-url wants http://HOST:15672/ \(or none\), not 'ftp://x'" "a --mgmt-url that is not http(s): a clear error"
	"$WARREN_SANDBOX" stop "$nm_dir"
else
	sed 's/^/# /' "$T_TMP/nomgmt.err" >&2
	ok 1 "a broker without the plugin started"
	ok 1 "and AMQP still works on it"
	ok 1 "connect to another broker: the broker view follows it"
	ok 1 "the first broker's queue shows before and after"
	ok 1 "and back to the sandbox's own API"
	ok 1 "connect --mgmt-url: the broker view uses the API given"
	ok 1 "connect --mgmt-url none"
	ok 1 "a --mgmt-url that is not http(s)"
fi

kill "$(cat "$T_TMP/worker.pid")" 2>/dev/null
rm -f "$T_TMP/worker.pid"
delete_queues wt-bv-a wt-bv-work
curl -sf -u guest:guest -X DELETE "$MGMT/api/exchanges/%2f/wt-bv-x" >/dev/null 2>&1
done_testing
