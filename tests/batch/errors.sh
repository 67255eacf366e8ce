#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad input and faults: each gets a clear one-line error and the session goes on.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 29
delete_queues wt-err wt-err-ok
o=$T_TMP/out

wb -c 'pubish x y; publish; publish wt-err x --persistant; consume wt-err --ack sometimes;
	publish wt-err x --count many; declare; declare queu x; ack foo; qos lots; status' >"$o"
is $? 1 "exit status 1 when a command failed"
like "$o" "^error: unknown command 'pubish': did you mean 'publish'\?" "unknown command suggests the nearest"
like "$o" '^error: publish: missing argument; usage: publish KEY BODY' "missing argument shows the usage"
like "$o" '^error: publish: unknown flag --persistant \(did you mean --persistent\?\); usage: publish' "wrong flag suggests the right one"
like "$o" "^error: consume: --ack wants one of auto\|manual, not 'sometimes'" "bad choice"
like "$o" "^error: publish: --count wants a whole number from 1 to [0-9]+, not 'many'" "bad number"
like "$o" '^error: declare what\? try: declare queue \[NAME\], declare exchange NAME' "declare alone lists its forms"
like "$o" "^error: declare what\? 'queu' is not one of them" "declare queu"
like "$o" "^error: ack: TAG is a message number" "ack needs a message number"
like "$o" "^error: qos: PREFETCH is a number" "qos needs a number"
like "$o" '^connection: up' "the session went on to the last command"

port=$(awk 'BEGIN{srand(); print 20000 + int(rand() * 20000)}')
while grep -q ":$(printf '%04X' "$port") " /proc/net/tcp 2>/dev/null; do port=$((port + 1)); done
timeout 30 "$WARREN" -c 'status; declare queue x' "amqp://guest:guest@127.0.0.1:$port/" >"$o"
is $? 1 "unreachable broker: exit status 1"
like "$o" "^error: cannot connect to 127\.0\.0\.1:$port: Connection refused" "unreachable broker: connection refused, with host and port"
like "$o" "^error: not connected: use 'connect URL' first" "commands fail cleanly without a connection"
like "$o" '^connection: down' "status still answers"

bad=$(echo "$URL" | sed 's#guest:guest@#guest:wrong@#')
timeout 30 "$WARREN" -c 'status' "$bad" >"$o"
like "$o" "^error: login refused: the broker refused the credentials of user 'guest' for vhost '/'" "login refused names user and vhost"
like "$o" "guest' user may only log in from localhost" "login refused gives the guest hint"
unlike "$o" 'wrong' "the password is never printed"

wb -c 'declare queue wt-err --durable; declare queue wt-err; declare queue wt-err-ok; consume wt-nosuch;
	declare queue amq.reserved; publish wt-err-ok still-works; get wt-err-ok --ack auto; delete queue wt-err' >"$o"
like "$o" "^error: cannot declare queue 'wt-err': PRECONDITION_FAILED - inequivalent arg 'durable'.*\(406\)" "redeclare with other flags: 406 with the server's text"
like "$o" "^error: cannot consume from wt-nosuch: NOT_FOUND - no queue 'wt-nosuch' in vhost '/' \(404\)" "consume from a missing queue: 404"
like "$o" "^error: cannot declare queue 'amq.reserved': ACCESS_REFUSED .*\(403\)" "reserved name: 403 ACCESS_REFUSED"
like "$o" '^ok: queue wt-err-ok declared' "the channel is reopened after an error"
like "$o" '^deliver #1 .*body="still-works"' "and the connection still works"
unlike "$o" '^connection down: the broker' "the connection was kept"

wb -c 'publish --exchange wt-no-exchange k x; publish wt-err-ok after' >"$o"
like "$o" "^error: publish failed: NOT_FOUND - no exchange 'wt-no-exchange' in vhost '/' \(404\)" "publishing to a missing exchange fails the publish"
like "$o" "^ok: published 1 message to the default exchange key 'wt-err-ok'" "the next publish works"

# the broker goes away mid-session: force-close warren's connection
mkfifo "$T_TMP/in"
(timeout 60 "$WARREN" --no-reconnect --batch "$URL" <"$T_TMP/in" >"$o") &
exec 7>"$T_TMP/in"
echo 'consume wt-err-ok --tag gone' >&7
warren_conns() {
	curl -sf -u guest:guest "$MGMT/api/connections" | /usr/bin/python3 -c '
import json, sys, urllib.parse
for c in json.load(sys.stdin):
    if c.get("client_properties", {}).get("product") == "warren":
        print(urllib.parse.quote(c["name"], safe=""))'
}
wait_for 30 sh -c "grep -q '^ok: consuming' '$o'"
has_warren_conn() { [ -n "$(warren_conns)" ]; }
wait_for 30 has_warren_conn
for n in $(warren_conns); do
	curl -sf -u guest:guest -X DELETE -H 'X-Reason: test closes it' "$MGMT/api/connections/$n"
done
wait_for 30 grep -q '^connection down' "$o"
echo 'declare queue wt-err-ok; status' >&7
exec 7>&-
wait
like "$o" '^connection down: the broker closed the connection: CONNECTION_FORCED - test closes it \(320\)' "a closed connection is reported with the broker's reason"
like "$o" '^consumer gone on wt-err-ok lost' "its consumer is reported lost"
like "$o" "^error: not connected: use 'connect URL' first" "commands fail cleanly until connect"
delete_queues wt-err-ok
done_testing
