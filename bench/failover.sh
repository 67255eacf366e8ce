#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Failover benchmark (issue: clusters). A private 3-node cluster; a warren
# publisher (confirms + --retry) feeds a quorum queue through node 2 while a
# warren consumer on node 1 drains it; node 1 is killed with kill -9 in the
# middle. Measured: the time from the kill to the consumer's first delivery
# on another node (target: under 10 s with default settings), and whether
# every confirmed message was consumed at least once.
set -eu
cd "$(dirname "$0")/.."
WARREN=${WARREN:-src/warren}
SB=src/warren-sandbox
N=${FAILOVER_MESSAGES:-100000}
[ -x "$WARREN" ] || { echo "build warren first (make)"; exit 1; }
T=$(mktemp -d /tmp/warren-failover.XXXXXX)
DIR=$T/cluster
cleanup() {
	exec 7>&- 2>/dev/null || true
	[ -n "${cpid:-}" ] && kill "$cpid" 2>/dev/null
	[ -n "${ppid_:-}" ] && kill "$ppid_" 2>/dev/null
	[ -d "$DIR" ] && "$SB" stop "$DIR" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
echo "starting a 3-node cluster..."
"$SB" start --dir "$DIR" --nodes 3 >"$T/env"
. "$T/env"
port() { echo "$WS_AMQP_PORTS" | cut -d, -f"$1"; }
URL1="amqp://guest:guest@127.0.0.1:$(port 1),127.0.0.1:$(port 2),127.0.0.1:$(port 3)/"
URL2="amqp://guest:guest@127.0.0.1:$(port 2),127.0.0.1:$(port 3),127.0.0.1:$(port 1)/"
"$WARREN" -c 'declare queue fo --type quorum' "$URL1" >/dev/null

# the consumer, on node 1, JSON lines with timestamps
mkfifo "$T/in"
"$WARREN" --json --batch "$URL1" <"$T/in" >"$T/consumer.json" 2>&1 &
cpid=$!
exec 7>"$T/in"
echo 'consume fo --prefetch 200 --ack-every 1' >&7
# the publisher, on node 2
"$WARREN" -c "confirm on; publish fo \"m {n}\" --persistent --count $N --retry" "$URL2" \
	>"$T/publisher.out" 2>&1 &
ppid_=$!
sleep 3
kill_at=$(date +%s.%N)
"$SB" kill "$DIR" 1
echo "node 1 killed at $kill_at"
wait "$ppid_" || true
ppid_=
for i in $(seq 1 120); do
	got=$(/usr/bin/python3 -c '
import json, sys
s = set()
for l in open(sys.argv[1]):
    try: e = json.loads(l)
    except ValueError: continue
    if e.get("event") == "deliver": s.add(e["body"])
print(len(s))' "$T/consumer.json")
	[ "$got" -ge "$N" ] && break
	sleep 1
done
echo quit >&7
exec 7>&-
wait "$cpid" || true
cpid=
/usr/bin/python3 - "$T/consumer.json" "$T/publisher.out" "$kill_at" "$N" <<'EOF'
import json, re, sys
path, pub, kill_at, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
bodies, before, after, node_after = set(), [], [], None
phase = 0  # 0 first connection, 1 down, 2 up again on another node
for l in open(path):
    try: e = json.loads(l)
    except ValueError: continue
    if e.get("event") == "connection":
        if e.get("state") == "down" and phase == 0:
            phase = 1
        elif e.get("state") == "up" and phase == 1:
            phase, node_after = 2, e.get("url")
    if e.get("event") == "deliver":
        bodies.add(e["body"])
        (after if phase == 2 else before).append(e["time"])
text = open(pub).read()
m = re.search(r"published (\d+) messages.*?: (\d+) confirmed", text)
confirmed = int(m.group(2)) if m else 0
missing = [i for i in range(1, n + 1) if "m %d" % i not in bodies]
gap = (min(after) - kill_at) if after else float("nan")
print("| measure | value | target |")
print("|---|---|---|")
print("| messages published / confirmed | %d / %d | all |" % (n, confirmed))
print("| deliveries before / after the failover | %d / %d | |" % (len(before), len(after)))
print("| kill -9 to first delivery on another node | %.2f s | < 10 s (%s) |" % (gap, "pass" if gap < 10 else "FAIL"))
print("| confirmed messages never consumed | %d | 0 (%s) |" % (len(missing), "pass" if not missing and confirmed == n else "FAIL"))
print("| reconnected to | %s | |" % node_after)
sys.exit(0 if gap < 10 and not missing and confirmed == n else 1)
EOF
