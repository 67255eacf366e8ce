#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile management API: strings a real RabbitMQ never sends that way
# (queue states and types, node names, policies, quorum members, users,
# vhosts, channel and binding details) holding escape sequences, OSC 52, BEL,
# C1 and bidi controls. A small fake API in python serves them; every list
# and show queue must print them escaped in text and exactly in --json.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 13
o=$T_TMP/out

cat >"$T_TMP/api.py" <<'EOF'
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
E = "\x1b[2J\x1b]52;c;aGk=\x07\u009b\u202e"
conn = "c" + E
queue = {"name": "wt-aq" + E, "vhost": "v" + E, "type": "t" + E, "state": "s" + E,
         "policy": "p" + E, "node": "n" + E, "leader": "n" + E, "members": ["n" + E, "m" + E],
         "online": ["n" + E, "m" + E], "arguments": {"x-a" + E: "b" + E}, "durable": True,
         "messages_ready": 1, "messages_unacknowledged": 0, "messages": 1, "consumers": 1}
lists = {
    "queues": [queue],
    "consumers": [{"consumer_tag": "g" + E, "queue": {"name": "wt-aq" + E, "vhost": "v" + E},
                   "channel_details": {"connection_name": conn, "name": conn + " (1)",
                                       "number": 1, "peer_host": "h" + E, "peer_port": 1},
                   "ack_required": True, "prefetch_count": 1, "active": True}],
    "connections": [{"name": conn, "user": "u" + E, "vhost": "v" + E, "state": "s" + E,
                     "node": "n" + E, "channels": 1, "peer_host": "h" + E, "peer_port": 1,
                     "client_properties": {"product": "p" + E, "version": "r" + E,
                                           "connection_name": "k" + E}}],
    "channels": [{"name": conn + " (1)", "connection_details": {"name": conn},
                  "user": "u" + E, "vhost": "v" + E, "state": "s" + E, "number": 1}],
    "exchanges": [{"name": "x" + E, "vhost": "v" + E, "type": "t" + E}],
    "bindings": [{"source": "x" + E, "destination": "wt-aq" + E, "vhost": "v" + E,
                  "destination_type": "d" + E, "routing_key": "k" + E,
                  "arguments": {"a" + E: 1}}],
    "nodes": [{"name": "n" + E, "running": True, "uptime": 1000, "mem_used": 1, "mem_limit": 2,
               "disk_free": 3, "disk_free_limit": 1}],
}

class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        path, _, query = self.path.partition("?")
        parts = path.split("/")
        rows = lists.get(parts[2]) if len(parts) > 2 and parts[1] == "api" else None
        if rows is None:
            self.send_response(404)
            self.end_headers()
            return
        body = rows
        if "page=" in query:
            body = {"items": rows, "page": 1, "page_count": 1, "page_size": 500,
                    "item_count": len(rows), "total_count": len(rows), "filtered_count": len(rows)}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

srv = HTTPServer(("127.0.0.1", 0), Api)
print(srv.server_address[1], flush=True)
srv.serve_forever()
EOF
/usr/bin/python3 "$T_TMP/api.py" >"$T_TMP/port" 2>"$T_TMP/api.err" &
echo $! >"$T_TMP/api.pid"
wait_for 10 test -s "$T_TMP/port"
API="http://guest:guest@127.0.0.1:$(cat "$T_TMP/port")/"
cmds='list queues; list consumers; list connections; list channels; list exchanges;
	list bindings; list nodes; show queue "wt-aq\x1b[2J\x1b]52;c;aGk=\x07\xc2\x9b\xe2\x80\xae"'
cmds=${cmds//$'\n'/ }
ES='\x1b[2J\x1b]52;c;aGk=\x07\u{009B}\u{202E}'
# a cell of 32 columns: the escapes, cut with a marker
EC='\x1b[2J\x1b]52;c;aGk…[+7 bytes]'

timeout 60 "$WARREN" --mgmt-url "$API" -c "$cmds" "$URL" >"$o" 2>&1
"${PY:-/usr/bin/python3}" - "$o" >"$T_TMP/why" 2>&1 <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
text = data.decode('utf-8')
bad = set(range(0, 0x20)) - {0x0a} | {0x7f} | set(range(0x80, 0xa0)) | \
    {0x61c, 0x200e, 0x200f, 0x2066, 0x2067, 0x2068, 0x2069} | set(range(0x202a, 0x202f))
for i, ch in enumerate(text):
    if ord(ch) in bad:
        sys.exit('U+%04X at character %d: %r' % (ord(ch), i, text[max(0, i - 30):i + 5]))
EOF
ok $? "text: nothing from the API reaches the terminal raw"
sed 's/^/#   /' "$T_TMP/why" >&2
has "$o" "  s$EC  " "list queues: the state column escaped (and cut)"
has "$o" "  n$ES" "list queues: node/leader escaped"
has "$o" "n$ES  yes" "list nodes: the node name escaped"
has "$o" "  u$EC  v$EC  " "list connections and channels: user and vhost escaped"
has "$o" "  d$EC  " "list bindings: the destination type escaped"
has "$o" "queue wt-aq$ES in vhost v$ES: t$EC, durable, node n$ES, s$EC" \
	"show queue: name, vhost, type, node and state escaped"
has "$o" "  policy: p$ES" "show queue: the policy escaped"
has "$o" "  member m$ES" "show queue: a member escaped"

timeout 60 "$WARREN" --json --mgmt-url "$API" -c "$cmds" "$URL" >"$o" 2>&1
"${PY:-/usr/bin/python3}" - "$o" >"$T_TMP/py" 2>&1 <<'EOF'
import json, sys
E = "\x1b[2J\x1b]52;c;aGk=\x07\u009b\u202e"
raw = open(sys.argv[1], 'rb').read()
print("ascii", all(b == 0x0a or 0x20 <= b < 0x7f for b in raw))
rows = [e for e in map(json.loads, raw.decode().splitlines()) if "list" in e]
q = [r for r in rows if r["list"] == "queue"][0]
print("queue", q["state"] == "s" + E, q["type"] == "t" + E, q["policy"] == "p" + E,
      q["members"] == ["n" + E, "m" + E], q["arguments"] == "x-a%s=b%s" % (E, E))
n = [r for r in rows if r["list"] == "nodes"][0]
c = [r for r in rows if r["list"] == "connections"][0]
print("others", n["name"] == "n" + E, c["user"] == "u" + E, c["state"] == "s" + E,
      c["version"] == "r" + E)
EOF
ok $? "--json: every line parses"
sed 's/^/#   /' "$T_TMP/py" >&2
like "$T_TMP/py" '^ascii True$' "--json: printable ASCII only"
like "$T_TMP/py" '^queue True True True True True$' "--json show queue: state, type, policy, members, arguments exact"
like "$T_TMP/py" '^others True True True True$' "--json list nodes and connections: exact"
kill "$(cat "$T_TMP/api.pid")" 2>/dev/null
done_testing
