#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile names from a real broker: RabbitMQ accepts queue and exchange
# names, routing keys, consumer tags, client properties, arguments, headers
# and message properties with escape sequences (ESC [2J, OSC 52 that would
# set the clipboard, BEL), C1 controls (U+009B, a one-byte CSI), bidi
# overrides (U+202E) and, where it does not check UTF-8 (bodies, header
# values, message properties, a published routing key), invalid UTF-8.
# Every text line warren prints must show them escaped, and --json must
# carry them exactly.
. "$(dirname "$0")/../lib.sh"
need_broker
PY=$(pika_python) || skip_all "python3-pika is not installed"
plan 33
o=$T_TMP/out
MURL="http://guest:guest@127.0.0.1:${WS_MGMT_PORTS%%,*}/"
wv() { timeout 120 "$WARREN" --mgmt-url "$MURL" "$@" "$URL"; }

# E in warren's command syntax, and as warren shows it
E='\x1b[2J\x1b]52;c;aGk=\x07\xc2\x9b\xe2\x80\xae'
ES='\x1b[2J\x1b]52;c;aGk=\x07\u{009B}\u{202E}'
Q="wt-q$E" X="wt-x$E" K="wt-k$E" T="wt-t$E"
# a header name cannot hold '=' (--header k=v): OSC 52 without its padding
H='h\x1b[2J\x1b]52;c;aGk\x07\xc2\x9b\xe2\x80\xae' HS='h\x1b[2J\x1b]52;c;aGk\x07\u{009B}\u{202E}'
qpath=$(printf 'wt-q\033[2J\033]52;c;aGk=\007\302\233\342\200\256' | "$PY" -c \
	'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))')

# Nothing a terminal acts on: strict UTF-8, no C0 but newlines, no DEL, C1 or bidi.
inert() {
	"$PY" - "$1" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    sys.exit('invalid UTF-8 at byte %d: %r' % (e.start, data[max(0, e.start - 20):e.start + 5]))
bad = set(range(0, 0x20)) - {0x0a} | {0x7f} | set(range(0x80, 0xa0)) | \
    {0x61c, 0x200e, 0x200f, 0x2066, 0x2067, 0x2068, 0x2069} | set(range(0x202a, 0x202f))
for i, ch in enumerate(text):
    if ord(ch) in bad:
        sys.exit('U+%04X at character %d: %r' % (ord(ch), i, text[max(0, i - 20):i + 5]))
EOF
}

# A pika peer with a hostile connection name, client properties and tag,
# consuming from the hostile queue (prefetch 1, never acking) until told to stop.
cat >"$T_TMP/peer.py" <<'EOF'
import pika, sys, time
E = "\x1b[2J\x1b]52;c;aGk=\x07\u009b\u202e"
p = pika.URLParameters(sys.argv[1])
p.client_properties = {"connection_name": "wt-c" + E, "product": "wt-p" + E, "version": "v" + E}
c = pika.BlockingConnection(p)
ch = c.channel()
ch.queue_declare("wt-q" + E, arguments={"x-h" + E: "v" + E})
ch.basic_qos(prefetch_count=1)
ch.basic_consume("wt-q" + E, lambda ch, m, pr, b: None, consumer_tag="wt-pt" + E)
print("ready", flush=True)
end = time.time() + 90
while time.time() < end:
    c.process_data_events(0.2)
    try:
        open(sys.argv[2])
        break
    except OSError:
        pass
c.close()
EOF

# The peer takes the first message (and holds it); warren gets the second.
cmds="declare exchange \"$X\" --type direct; bind \"$Q\" \"$X\" \"$K\"; publish \"$Q\" for-the-peer; sleep 0.5;
	publish \"$K\" \"b$E\xff\" --exchange \"$X\" --header \"$H=v$E\xff\" --app-id \"a$E\xff\"
		--message-id \"m$E\" --correlation-id \"c$E\" --reply-to \"r$E\" --type \"t$E\";
	get \"$Q\"; show message 1; publish \"wt-none$E\xff\" x --exchange amq.direct --mandatory;
	list queues wt-q; list exchanges wt-x; list bindings \"$Q\"; list consumers; list connections;
	list channels; show queue \"$Q\"; dist; delete exchange \"$X\"; bind \"$Q\" \"wt-nox$E\" k"
cmds=${cmds//$'\n'/ }

peer_listed() {
	mgmt /api/consumers | grep -q '"wt-pt' && mgmt /api/connections | grep -q '"wt-c'
}

# run [warren options]: the peer up, warren's commands, the peer and the queue gone
run() {
	local up
	delete_queues "$qpath"
	rm -f "$T_TMP/stop"
	"$PY" "$T_TMP/peer.py" "$URL" "$T_TMP/stop" >"$T_TMP/peer.out" 2>&1 &
	echo $! >"$T_TMP/peer.pid"
	wait_for 20 grep -q ready "$T_TMP/peer.out"
	up=$?
	# the management API lags: wait until it lists the peer's consumer and connection
	wait_for 20 peer_listed
	wv "$@" -c "$cmds" >"$o" 2>&1
	touch "$T_TMP/stop"
	wait "$(cat "$T_TMP/peer.pid")" 2>/dev/null
	delete_queues "$qpath"
	return $up
}

run
ok $? "a pika peer with a hostile connection name, client and tag is consuming"
inert "$o" >"$T_TMP/why" 2>&1
ok $? "text: no control byte, escape sequence, C1, bidi control or invalid UTF-8 reaches the terminal"
sed 's/^/#   /' "$T_TMP/why" >&2
has "$o" "wt-q$ES  " "list queues: the name escaped in its cell"
has "$o" "wt-x$ES  " "list exchanges: the name escaped"
has "$o" "wt-x$ES  wt-q$ES  queue  wt-k$ES" "list bindings: source, destination and routing key escaped"
has "$o" "wt-pt$ES  wt-q$ES" "list consumers: the peer's tag and queue escaped"
has "$o" 'wt-c\x1b[2J\x1b]52;c' "list connections: the connection name escaped (and cut)"
has "$o" 'wt-p\x1b[2J\x1b]52;c' "list connections: the client product escaped"
has "$o" "queue wt-q$ES in vhost /" "show queue: the name escaped"
has "$o" "arguments: x-h$ES=v$ES" "show queue: arguments escaped"
has "$o" "exchange=\"wt-x$ES\" key=\"wt-k$ES\"" "get: exchange and routing key escaped"
has "$o" "body=\"b$ES\\xff\"" "get: the body escaped, invalid UTF-8 as \\xNN"
has "$o" "app_id=a$ES\\xff" "get: a property escaped, invalid UTF-8 too"
has "$o" "headers={$HS=v$ES\\xff}" "get: header name and value escaped"
has "$o" "  routing key       \"wt-k$ES\"" "show message: the routing key escaped"
has "$o" "  $HS " "show message: the header name escaped"
has "$o" "return NO_ROUTE (312) exchange=\"amq.direct\" key=\"wt-none$ES\\xff\"" \
	"a returned message: its routing key escaped"
has "$o" 'wt-pt\x1b[ ' "dist: the peer's tag escaped (and cut)"
has "$o" "NOT_FOUND - no exchange 'wt-nox$ES' in vhost" "an error quoting the broker's reply text: escaped"

# warren's own consumer tag, and the broker's cluster name (server properties)
wb -c "declare queue \"$Q\"; consume \"$Q\" --tag \"$T\" --count 1; publish \"$Q\" hi; wait 10;
	delete queue \"$Q\"" >"$o" 2>&1
has "$o" "deliver #1 consumer=wt-t$ES channel=" "deliver: the consumer tag escaped"
has "$o" "consumer wt-t$ES started on wt-q$ES" "the consumer event: tag and queue escaped"
cluster=$(mgmt /api/overview | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["cluster_name"])')
ctl set_cluster_name "$(printf 'wt-cl\033[2J\033]52;c;aGk=\007\302\233\342\200\256')" >/dev/null 2>&1
wb -c 'status' >"$T_TMP/cl" 2>&1
ctl set_cluster_name "$cluster" >/dev/null 2>&1
cat "$T_TMP/cl" >>"$o"
has "$T_TMP/cl" "node wt-cl$ES)" "connection up: the broker's cluster name escaped"
inert "$o" >"$T_TMP/why" 2>&1
ok $? "text: still nothing a terminal acts on"
sed 's/^/#   /' "$T_TMP/why" >&2

# --json: the exact data, on lines of printable ASCII
run --json
"$PY" - "$o" >"$T_TMP/py" 2>&1 <<'EOF'
import base64, json, sys
E = "\x1b[2J\x1b]52;c;aGk=\x07\u009b\u202e"
H = "h\x1b[2J\x1b]52;c;aGk\x07\u009b\u202e"
raw = open(sys.argv[1], 'rb').read()
bad = [b for b in raw if b != 0x0a and not 0x20 <= b < 0x7f]
print("ascii", "yes" if not bad else "no %r" % bad[:5])
ev = [json.loads(l) for l in raw.decode().splitlines()]
rows = lambda kind: [e for e in ev if e.get("list") == kind]
def exact(o, k):
    """The member's bytes: NAME_base64 when it is not UTF-8, else the string."""
    if k + "_base64" in o:
        return base64.b64decode(o[k + "_base64"])
    return o[k].encode("utf-8")
print("queue", len([r for r in rows("queues") if r["name"] == "wt-q" + E]))
print("exchange", len([r for r in rows("exchanges") if r["name"] == "wt-x" + E]))
print("binding", len([r for r in rows("bindings") if r["source"] == "wt-x" + E and
                      r["destination"] == "wt-q" + E and r["routing_key"] == "wt-k" + E]))
print("consumer", len([r for r in rows("consumers") if r["tag"] == "wt-pt" + E]))
print("connection", len([r for r in rows("connections") if r["client_name"] == "wt-c" + E and
                         r["product"] == "wt-p" + E and r["version"] == "v" + E]))
sq = rows("queue")[0]
print("show", sq["name"] == "wt-q" + E, sq["arguments"] == "x-h%s=v%s" % (E, E),
      sq["consumer_list"][0]["tag"] == "wt-pt" + E)
d = [e for e in ev if e.get("event") == "deliver"][0]
p = d["properties"]
print("deliver", d["exchange"] == "wt-x" + E, d["routing_key"] == "wt-k" + E,
      exact(d, "body") == ("b" + E).encode() + b"\xff",
      exact(p, "app_id") == ("a" + E).encode() + b"\xff",
      p["message_id"] == "m" + E, p["correlation_id"] == "c" + E, p["reply_to"] == "r" + E,
      p["type"] == "t" + E,
      base64.b64decode(p["headers"][H]["base64"]) == ("v" + E).encode() + b"\xff")
r = [e for e in ev if e.get("event") == "return"][0]
print("return", r["reply_text"], exact(r, "routing_key") == ("wt-none" + E).encode() + b"\xff")
EOF
ok $? "--json: every line parses"
sed 's/^/#   /' "$T_TMP/py" >&2
like "$T_TMP/py" '^ascii yes$' "--json: printable ASCII only (escapes carry the rest)"
like "$T_TMP/py" '^queue 1$' "--json list queues: the exact name"
like "$T_TMP/py" '^exchange 1$' "--json list exchanges: the exact name"
like "$T_TMP/py" '^binding 1$' "--json list bindings: exact source, destination and key"
like "$T_TMP/py" '^consumer 1$' "--json list consumers: the exact tag"
like "$T_TMP/py" '^connection 1$' "--json list connections: exact connection name, product, version"
like "$T_TMP/py" '^show True True True$' "--json show queue: exact name, arguments and consumer tag"
like "$T_TMP/py" '^deliver( True){9}$' \
	"--json deliver: exact names, body, properties and headers (invalid UTF-8 in base64)"
like "$T_TMP/py" '^return NO_ROUTE True$' "--json return: the exact routing key"
done_testing
