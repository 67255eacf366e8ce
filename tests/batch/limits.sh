#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Big and strange input: a 128 MiB body, binary bodies, headers of many AMQP
# field types from pika, a 10,000-character command line.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 9
delete_queues wt-big
o=$T_TMP/out

head -c $((128 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$T_TMP/big"
start=$SECONDS
wb -c "declare queue wt-big; publish wt-big --body-file $T_TMP/big; consume wt-big --count 1 --ack-every 1; wait 60; status" >"$o"
ok $? "a 128 MiB message is published and consumed ($((SECONDS - start)) s)"
like "$o" '^deliver #1 .*size=134217728 body="x{100,}…' "its size is shown and the body cut"
rm -f "$T_TMP/big"

head -c 4096 /dev/urandom >"$T_TMP/bin"
wb -c "publish wt-big --body-file $T_TMP/bin --content-type application/octet-stream; get wt-big --ack auto; show message 1" >"$o"
ok $? "a random binary body"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$o"; then ok 1 "no control byte reaches the output"; else ok 0 "no control byte reaches the output"; fi
like "$o" '^00000000  [0-9a-f]{2} ' "show message gives a hex dump of a binary body"

long=$(head -c 10000 /dev/zero | tr '\0' 'L')
wb -c "publish wt-big \"$long\"; get wt-big --ack auto; publish wt-big $long $long" >"$o"
like "$o" '^deliver #1 .*size=10000 ' "a 10,000-character command line works"
like "$o" '^error: publish: unexpected argument' "and a wrong one still gets a clear error"

PY=$(pika_python) || { ok 0 "# SKIP no pika"; ok 0 "# SKIP no pika"; done_testing; }
port=${URL##*:}
cat >"$T_TMP/headers.py" <<EOF
import pika, datetime, decimal
c = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=$port))
ch = c.channel()
ch.basic_publish('', 'wt-big', b'typed', pika.BasicProperties(headers={
    'int': 7, 'long': 2**40, 'bool': True, 'str': 'text\x1b[31m',
    'bytes': b'\x00\xff', 'dec': decimal.Decimal('1.25'),
    'time': datetime.datetime(2024, 1, 2, 3, 4, 5), 'list': [1, 'a', [2]],
    'table': {'k': {'deep': 1}}, 'none': None}))
c.close()
EOF
"$PY" "$T_TMP/headers.py"
wb --json -c 'get wt-big --ack auto' >"$o"
"$PY" - "$o" >"$T_TMP/py" 2>&1 <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "deliver":
        h = e["properties"]["headers"]
        print(h["int"], h["long"], h["bool"], repr(h["str"]), h["bytes"], h["dec"], h["time"], h["list"], h["table"], h["none"])
EOF
like "$T_TMP/py" "^7 1099511627776 True 'text\\\\x1b\[31m' \{'base64': 'AP8='\} 1.25 1704164645 \[1, 'a', \[2\]\] \{'k': \{'deep': 1\}\} None" \
	"headers of every type pika can send arrive typed and exact (bytes that are not UTF-8 in base64)"
wb -c 'publish wt-big x --header a=1; get wt-big --ack auto' >"$o"
like "$o" 'headers=\{a=1\}' "and text headers render"
delete_queues wt-big
done_testing
