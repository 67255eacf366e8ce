#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What warren prints: bodies made safe (no escape sequence or control byte
# reaches the terminal, invalid UTF-8 as \xNN, long bodies cut with a
# marker), --json with one parseable object per event, passwords masked.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 16
delete_queues wt-out
o=$T_TMP/out

printf 'evil \033[2J\033]0;pwned\007 tail\r\n\001\377\376 中文 ok' >"$T_TMP/evil"
head -c 5000 /dev/zero | tr '\0' 'a' >"$T_TMP/long"
wb -c "declare queue wt-out; publish wt-out --body-file $T_TMP/evil; publish wt-out --body-file $T_TMP/long;
	consume wt-out --count 2 --ack-every 1; wait 10" >"$o"
ok $? "published and consumed"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$o"; then ok 1 "no control byte or ESC in the output"; else ok 0 "no control byte or ESC in the output"; fi
like "$o" 'body="evil \\x1b\[2J\\x1b\]0;pwned\\x07 tail\\r\\n\\x01\\xff\\xfe 中文 ok"' "escapes, CR/LF and invalid UTF-8 shown as text; UTF-8 kept"
like "$o" 'size=5000 body="a{100,}…\[\+[0-9]+ bytes\]"' "a long body is cut with a marker and the count of what was left out"

wb --json -c 'publish wt-out "{\"k\": 1}" --header n=5 --content-type application/json; consume wt-out --count 1; wait 5; ack 1; status; nosuch' >"$o"
is $? 1 "--json: exit status reflects the failed command"
"${PY:-/usr/bin/python3}" - "$o" >"$T_TMP/py" 2>&1 <<'EOF'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
kinds = [e["event"] for e in events]
d = [e for e in events if e["event"] == "deliver"][0]
print("kinds", " ".join(sorted(set(kinds))))
print("deliver", d["id"], d["consumer"], d["status"], d["body"], d["properties"]["headers"]["n"], d["properties"]["content_type"])
s = [e for e in events if e["event"] == "settle"][0]
print("settle", s["first"], s["status"])
r = [e for e in events if e["event"] == "result" and not e["ok"]][0]
print("error", r["text"])
EOF
ok $? "every line is a JSON object"
like "$T_TMP/py" '^kinds .*connection.*consumer.*deliver.*output.*result.*settle' "connection, consumer, deliver, output, result and settle events"
like "$T_TMP/py" '^deliver 1 c1 pending \{"k": 1\} 5 application/json' "the delivery carries status, body, typed header and properties"
like "$T_TMP/py" '^settle 1 acked' "the ack is an event"
like "$T_TMP/py" "^error unknown command 'nosuch'" "errors are result events with ok false"
unlike "$o" 'guest:guest' "no password in JSON output"

wb --echo -c "connect $URL; status" >"$o"
unlike "$o" 'guest:guest' "no password in echoed commands"
like "$o" '^> connect amqp://guest:\*\*\*@' "the echoed connect command is masked"

wb -c 'confirm on; publish wt-out "c {n}" --count 1000; publish --exchange amq.direct nowhere x --mandatory; purge wt-out; confirm off' >"$o"
like "$o" "^ok: published 1000 messages to the default exchange key 'wt-out': 1000 confirmed, 0 nacked, 0 returned" "confirms: exact totals"
like "$o" '^return NO_ROUTE \(312\) exchange="amq.direct" key="nowhere"' "an unroutable mandatory message is returned"
like "$o" "^ok: published 1 message to exchange 'amq.direct' key 'nowhere': 1 confirmed, 0 nacked, 1 returned" "and counted as returned"
delete_queues wt-out
done_testing
