#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tutorial's own client as a peer: pika publishes and warren consumes,
# warren publishes and pika consumes, and a pika worker that dies with an
# unacked task hands it to warren, flagged redelivered.
. "$(dirname "$0")/../lib.sh"
need_broker
PY=$(pika_python) || skip_all "python3-pika is not installed"
plan 10
delete_queues wt-pika wt-pika2
o=$T_TMP/out
port=${URL##*:}
port=${port%%/*}

cat >"$T_TMP/send.py" <<EOF
import pika, sys
c = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=$port))
ch = c.channel()
ch.queue_declare(queue='wt-pika')
for i in range(1, 4):
    ch.basic_publish(exchange='', routing_key='wt-pika', body='from pika %d' % i,
                     properties=pika.BasicProperties(delivery_mode=2, headers={'lang': 'python'}))
c.close()
EOF
"$PY" "$T_TMP/send.py"
ok $? "pika published three messages"
wb -c 'consume wt-pika --count 3 --ack-every 1; wait 10' >"$o"
is "$(grep -c '^deliver .*body="from pika [123]".*headers={lang=python}' "$o")" 3 "warren consumed all three with their headers"

wb -c 'declare queue wt-pika2; publish wt-pika2 "from warren {n}" --count 2 --header src=warren --persistent' >"$o"
cat >"$T_TMP/receive.py" <<EOF
import pika
c = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=$port))
ch = c.channel()
got = []
for method, props, body in ch.consume('wt-pika2', inactivity_timeout=5):
    if method is None:
        break
    got.append((body.decode(), props.headers.get('src'), props.delivery_mode))
    ch.basic_ack(method.delivery_tag)
    if len(got) == 2:
        break
for g in got:
    print('%s|%s|%s' % g)
c.close()
EOF
out=$("$PY" "$T_TMP/receive.py")
is "$out" "from warren 1|warren|2
from warren 2|warren|2" "pika received warren's messages with header and persistence"

# a pika worker takes a task with manual ack and dies without acking
cat >"$T_TMP/worker.py" <<EOF
import pika, os
c = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=$port))
ch = c.channel()
ch.basic_qos(prefetch_count=1)
print('worker ready', flush=True)
for method, props, body in ch.consume('wt-pika', inactivity_timeout=10):
    if method is None:
        continue
    print('worker got', body.decode(), flush=True)
    os._exit(0)  # killed mid-work: no ack, no clean close
EOF
mkfifo "$T_TMP/in"
(timeout 60 "$WARREN" --batch "$URL" <"$T_TMP/in" >"$o") &
exec 7>"$T_TMP/in"
echo 'declare queue wt-pika' >&7
wait_for 20 grep -q '^ok: queue wt-pika declared' "$o"
"$PY" "$T_TMP/worker.py" >"$T_TMP/worker.out" &
echo $! >"$T_TMP/worker.pid"
wait_for 20 grep -q 'worker ready' "$T_TMP/worker.out"
echo 'publish wt-pika "task for pika"' >&7
wait_for 20 grep -q 'worker got task for pika' "$T_TMP/worker.out"
ok $? "the pika worker took the task"
echo 'consume wt-pika --tag rescuer --count 1 --ack-every 1; wait 20; status; quit' >&7
exec 7>&-
wait
like "$o" '^deliver #1 consumer=rescuer .*redelivered=yes .*body="task for pika"' "warren got the dead worker's task, redelivered=yes"
like "$o" '^  rescuer .*delivered 1 acked 1 .*redelivered 1' "counted as a redelivery"
is "$(queue_count wt-pika)" 0 "nothing left behind"

# the broker sees warren's consumer with its prefetch
mkfifo "$T_TMP/in2"
(timeout 60 "$WARREN" --batch "$URL" <"$T_TMP/in2" >"$o") &
exec 7>"$T_TMP/in2"
echo 'consume wt-pika --tag seen --prefetch 7' >&7
wait_for 20 grep -q '^ok: consuming' "$o"
ctl list_consumers queue_name consumer_tag prefetch_count >"$T_TMP/cons" 2>/dev/null
like "$T_TMP/cons" 'wt-pika[[:space:]]+seen[[:space:]]+7' "the broker lists warren's consumer with its prefetch"
echo 'quit' >&7
exec 7>&-
wait
like "$o" '^ok: bye' "quit"
like "$o" '^connection down: disconnected' "disconnected cleanly"
delete_queues wt-pika wt-pika2
done_testing
