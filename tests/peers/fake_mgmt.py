#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""fake_mgmt.py SCENARIO: a hostile RabbitMQ management API on 127.0.0.1.

Answers the paths warren asks for (/api/queues, /api/connections, ...,
/api/vhosts/V/connections, paged or not, JSON or BERT) with what a real
broker never sends. Prints its port on the first line of stdout, then
serves until killed. Scenarios:

  escapes    every string field holds ESC [2J, OSC 52, BEL, C1 0x9b, RLO
  huge       counters of 2^63-1, -2^63, -1, 1e308, -1e308, "NaN"; rates 1e308, -5
  overflow   a counter of 2^63 (does not fit a signed 64-bit integer)
  nantoken   a bare NaN token (not JSON)
  nul        a \u0000 inside a name
  badutf8    raw invalid UTF-8 inside JSON strings
  pages      every answer says page_count 1e9, total_count 1e18
  bigbody    an 80 MiB answer with its Content-Length
  bigstream  an endless answer without a length (until warren hangs up)
  slow       one byte a second
  slowpages  40 pages, each answered after 3 s (each in time, all too slow)
  garbage    200 OK with a terminal escape and no JSON
  http500    500 with escapes in the body
  bert       the queue list as BERT: raw escapes, invalid UTF-8, bignums
  bertnan    BERT with a NaN float
"""
import json
import socketserver
import struct
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

SCENARIO = sys.argv[1] if len(sys.argv) > 1 else "escapes"
EVIL = "\x1b[2J\x1b]52;c;aGFja2Vk\x07\x07\u009b31m\u202eend"
HUGE = [9223372036854775807, -9223372036854775808, -1, 1e308, -1e308, "NaN", 0.5]


def text(i, base):
    """A string field: hostile where the scenario is about strings."""
    if SCENARIO in ("escapes", "huge", "pages", "bigbody"):
        return "%s%d%s" % (base, i, EVIL)
    return "%s%d" % (base, i)


def num(i):
    if SCENARIO == "huge":
        return HUGE[i % len(HUGE)]
    if SCENARIO == "overflow" and i % 2:
        return "__2**63__"
    return 7 * i


def rate(i):
    if SCENARIO == "huge":
        return [1e308, -5, 0.25][i % 3]
    return 1.5


def rows(kind, n=7):
    out = []
    for i in range(n):
        t = lambda base: text(i, base)  # noqa: E731
        if kind == "queues":
            out.append({
                "name": t("q"), "vhost": "/", "type": t("classic"), "node": t("rabbit@"),
                "leader": t("rabbit@"), "members": [t("m"), t("n")] if i % 2 else [],
                "online": [t("m")] if i % 2 else [],
                "state": t("running"), "policy": t("p"), "arguments": {t("x-k"): t("v")},
                "durable": True, "exclusive": False, "auto_delete": False,
                "messages_ready": num(i), "messages_unacknowledged": num(i + 1),
                "messages": num(i + 2), "consumers": num(i + 3),
                "message_stats": {
                    "publish": num(i + 4), "publish_details": {"rate": rate(i)},
                    "deliver_get": num(i + 5), "deliver_get_details": {"rate": rate(i + 1)},
                    "ack": num(i + 6), "ack_details": {"rate": rate(i + 2)},
                    "redeliver": num(i), "redeliver_details": {"rate": rate(i)}}})
        elif kind in ("connections",):
            out.append({
                "name": t("c"), "peer_host": t("h"), "peer_port": num(i), "user": t("u"),
                "vhost": "/", "client_properties": {"product": t("pr"), "version": t("v"),
                                                    "connection_name": t("cn")},
                "state": t("running"), "node": t("rabbit@"), "channels": num(i),
                "recv_oct": num(i + 1), "send_oct": num(i + 2),
                "recv_oct_details": {"rate": rate(i)}, "send_oct_details": {"rate": rate(i)}})
        elif kind == "channels":
            out.append({
                "name": t("ch"), "connection_details": {"name": t("c")}, "vhost": "/",
                "user": t("u"), "state": t("running"), "number": num(i),
                "prefetch_count": num(i + 1), "global_prefetch_count": num(i + 2),
                "messages_unacknowledged": num(i + 3), "consumer_count": num(i + 4)})
        elif kind == "consumers":
            out.append({
                "consumer_tag": t("tag"), "queue": {"name": t("q"), "vhost": "/"},
                "channel_details": {"connection_name": t("c"), "name": t("ch"),
                                    "peer_host": t("h"), "peer_port": num(i),
                                    "number": num(i)},
                "ack_required": True, "exclusive": False, "prefetch_count": num(i),
                "active": True})
        elif kind == "exchanges":
            out.append({"name": t("x"), "vhost": "/", "type": t("direct"), "durable": True,
                        "auto_delete": False, "internal": False})
        elif kind == "bindings":
            out.append({"source": t("x"), "destination": t("q"), "destination_type": t("queue"),
                        "routing_key": t("rk"), "vhost": "/", "arguments": {t("a"): num(i)}})
        elif kind == "nodes":
            out.append({"name": t("rabbit@"), "running": True, "uptime": num(i),
                        "mem_used": num(i + 1), "mem_limit": num(i + 2), "mem_alarm": False,
                        "disk_free": num(i + 3), "disk_free_limit": num(i + 4),
                        "disk_free_alarm": False})
    if kind == "queues":
        out.append({"name": "plain", "vhost": "/", "type": "classic", "messages": num(3),
                    "messages_ready": num(4), "messages_unacknowledged": num(5)})
    return out


# ---- BERT (Erlang's external term format) ---------------------------------

def bert_term(v):
    if isinstance(v, bool):
        a = b"true" if v else b"false"
        return bytes([119, len(a)]) + a
    if isinstance(v, int):
        if 0 <= v < 256:
            return bytes([97, v])
        if -2**31 <= v < 2**31:
            return struct.pack(">bi", 98, v)
        mag = abs(v).to_bytes((abs(v).bit_length() + 7) // 8, "little")
        return bytes([110, len(mag), 1 if v < 0 else 0]) + mag
    if isinstance(v, float):
        return struct.pack(">bd", 70, v)
    if isinstance(v, (bytes, str)):
        b = v if isinstance(v, bytes) else v.encode("utf-8", "surrogateescape")
        return struct.pack(">bI", 109, len(b)) + b
    if isinstance(v, dict):
        items = [bytes([104, 2]) + bert_term(k) + bert_term(x) for k, x in v.items()]
        return bert_list(items)
    if isinstance(v, list):
        return bert_list([bert_term(x) for x in v])
    raise TypeError(v)


def bert_list(encoded):
    if not encoded:
        return bytes([106])
    return struct.pack(">bI", 108, len(encoded)) + b"".join(encoded) + bytes([106])


def bert_queues():
    out = []
    for i in range(7):
        evil = b"q%d\x1b[2J\x1b]52;c;aGFja2Vk\x07\x9b31m\xff\xfe\xc3" % i
        out.append({"name": evil, "vhost": b"/", "type": b"classic\x1b[5m",
                    "state": b"running\x07", "durable": True,
                    "messages_ready": 2**64 + i, "messages_unacknowledged": -2**40,
                    "messages": -(2**70), "consumers": 3,
                    "policy": float("nan") if SCENARIO == "bertnan" else 1e308})
    return b"\x83" + bert_term(out)


# ---- HTTP -----------------------------------------------------------------

def list_kind(path):
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        if parts[1] == "vhosts" and len(parts) >= 4:
            return parts[3]
        return parts[1]
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        q = parse_qs(url.query)
        kind = list_kind(url.path)
        if kind not in ("queues", "connections", "channels", "consumers", "exchanges",
                        "bindings", "nodes"):
            return self.send(404, b'{"error":"Object Not Found","reason":"Not Found"}')
        try:
            getattr(self, "scenario_" + SCENARIO, self.scenario_default)(kind, q)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def body(self, kind, q):
        items = rows(kind)
        if "page" in q or SCENARIO in ("pages", "slowpages"):
            page = int(q.get("page", ["1"])[0])
            obj = {"items": items, "page": page, "page_size": 500,
                   "item_count": len(items), "filtered_count": len(items),
                   "page_count": len(items) and 1, "total_count": len(items)}
            if SCENARIO == "pages":
                obj["page_count"] = 1000000000
                obj["total_count"] = 10**18
            return json.dumps(obj)
        return json.dumps(items)

    def scenario_default(self, kind, q):
        self.send(200, self.body(kind, q).encode())

    def scenario_overflow(self, kind, q):
        self.send(200, self.body(kind, q).replace('"__2**63__"', str(2**63)).encode())

    def scenario_nantoken(self, kind, q):
        self.send(200, self.body(kind, q).replace('"durable": true', '"durable": NaN')
                  .replace('"running": true', '"running": NaN')
                  .replace('"active": true', '"active": NaN')
                  .replace('"internal": false', '"internal": Infinity')
                  .replace('"vhost": "/"', '"vhost": NaN').encode())

    def scenario_nul(self, kind, q):
        self.send(200, self.body(kind, q).replace('"name": "q1"', '"name": "q\\u0000x"').encode())

    def scenario_badutf8(self, kind, q):
        self.send(200, self.body(kind, q).encode().replace(b'"/"', b'"\xff\xfe\xc3/"'))

    def scenario_bigbody(self, kind, q):
        size = 80 << 20
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b" " * (1 << 20)
        for _ in range(80):
            self.wfile.write(chunk)

    def scenario_bigstream(self, kind, q):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        one = json.dumps(rows(kind, 1)[0]).encode() + b","
        chunk = b"[" + one * ((1 << 20) // len(one))
        self.wfile.write(chunk)
        chunk = one * ((1 << 20) // len(one))
        while True:
            self.wfile.write(chunk)

    def scenario_slow(self, kind, q):
        body = self.body(kind, q).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for b in body:
            self.wfile.write(bytes([b]))
            self.wfile.flush()
            time.sleep(1)

    def scenario_slowpages(self, kind, q):
        time.sleep(3)
        obj = json.loads(self.body(kind, q))
        if isinstance(obj, dict):
            obj["page_count"] = 40
        self.send(200, json.dumps(obj).encode())

    def scenario_garbage(self, kind, q):
        self.send(200, b"<html>\x1b[2J\x1b]52;c;aGFja2Vk\x07 not json\x9b31m</html>",
                  "text/html")

    def scenario_http500(self, kind, q):
        self.send(500, b'{"error":"\x1b[2J\x1b]52;c;aGFja2Vk\x07","reason":"\xc2\x9b31m\xff"}')

    def scenario_bert(self, kind, q):
        if kind == "queues" and "application/bert" in self.headers.get("Accept", ""):
            return self.send(200, bert_queues(), "application/bert")
        self.scenario_default(kind, q)

    scenario_bertnan = scenario_bert


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    socketserver.TCPServer.allow_reuse_address = True
    main()
