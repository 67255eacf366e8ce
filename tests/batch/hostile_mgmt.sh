#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile management API (tests/peers/fake_mgmt.py) against the list
# commands, with the real test broker for AMQP: whatever it sends (escape
# sequences, invalid UTF-8, counts of 2^63 or -1 or 1e308, NaN, a billion
# pages, 80 MiB or endless bodies, one byte a second, garbage), warren does
# not crash, ends in bounded time and memory, says what was wrong, and
# prints no raw control byte.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 53
PY=/usr/bin/python3
FAKE=$top_srcdir/tests/peers/fake_mgmt.py
ALL='list queues; list connections; list consumers; list channels; list exchanges; list bindings; list nodes; show queue plain'

# fake SCENARIO: start the fake API; sets FPORT
fake() {
	rm -f "$T_TMP/port"
	"$PY" "$FAKE" "$1" >"$T_TMP/port" &
	echo $! >"$T_TMP/fake.pid"
	wait_for 20 test -s "$T_TMP/port"
	FPORT=$(head -1 "$T_TMP/port")
}
fake_stop() {
	kill "$(cat "$T_TMP/fake.pid")" 2>/dev/null
	wait "$(cat "$T_TMP/fake.pid")" 2>/dev/null
	rm -f "$T_TMP/fake.pid"
}

# run SCENARIO COMMANDS [warren args]: warren against it; sets O, RC, SECS, RSS_MB
run() {
	local sc=$1 cmds=$2
	shift 2
	fake "$sc"
	O=$T_TMP/$sc.out
	start=$(date +%s%N)
	/usr/bin/time -o "$T_TMP/time" -f %M timeout -k 5 90 "$WARREN" --batch "$@" \
		--mgmt-url "http://guest:guest@127.0.0.1:$FPORT/" -c "$cmds" "$URL" >"$O" 2>&1
	RC=$?
	SECS=$((($(date +%s%N) - start) / 1000000000))
	RSS_MB=$(($(tail -1 "$T_TMP/time") / 1024))
	fake_stop
}

# survived LIMIT_S: no crash, no sanitizer report, within the time limit
survived() {
	[ "$RC" -lt 124 ] && [ "$SECS" -le "$1" ] && ! grep -q 'Sanitizer\|runtime error' "$O"
	ok $? "$2 (status $RC, $SECS s, ${RSS_MB} MB)"
}

# safe_text DESCRIPTION: the output is valid UTF-8 without C0 (but tab and
# newline) or C1 controls; else the first lines that break it
safe_text() {
	"$PY" -c '
import sys
bad = 0
for n, raw in enumerate(open(sys.argv[1], "rb"), 1):
    line = raw.decode("utf-8", "replace")
    hits = [c for c in line if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f
            or c == "\ufffd"]
    if hits:
        bad += 1
        if bad <= 3:
            print("#   line %d: %r in %r" % (n, "".join(hits)[:20], line[:120]), file=sys.stderr)
sys.exit(1 if bad else 0)' "$O"
	ok $? "$1"
}

# escape sequences, OSC 52, BEL, C1, RLO in every string field
run escapes "$ALL"
survived 20 "escapes: every list and show queue"
like "$O" '^q0\\x1b\[2J\\x1b\]52;c;' "escapes: names shown, their escapes as text"
like "$O" '^7 bindings$' "escapes: every list printed"
like "$O" '^queue plain in vhost /' "escapes: show queue"
safe_text "escapes: no raw control byte in the output"
run escapes "$ALL" --json
survived 20 "escapes, JSON"
"$PY" -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$O"
ok $? "escapes, JSON: every line is a JSON object"
safe_text "escapes, JSON: no raw control byte"

# counts of 2^63-1, -2^63, -1, 1e308, -1e308, "NaN"; rates of 1e308 and -5
run huge "$ALL"
survived 20 "huge counts"
unlike "$O" ' -[0-9]' "huge counts: nothing negative is shown"
unlike "$O" '922337203685477580[0-9]|[0-9]{20}' "huge counts: clamped (2^53 at most)"
like "$O" '^plain +/ +classic +no +0 +0 +9007199254740992 ' "huge counts: the largest is 2^53"
safe_text "huge counts: no raw control byte"
run huge "$ALL" --json
"$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    for k, v in o.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "age_s":
            assert 0 <= v <= 2**53, (k, v)' "$O"
ok $? "huge counts, JSON: every number within 0..2^53"

# a count of 2^63 does not fit: the list is refused, plainly
run overflow "$ALL"
survived 20 "2^63"
like "$O" '^error: list queues: management API at http://guest:\*\*\*@127\.0\.0\.1:[0-9]+/ sent bad data: .*too big integer.*; keeping the last good queues' "2^63: a clear error"
safe_text "2^63: no raw control byte"

# NaN and Infinity tokens, a \u0000, raw invalid UTF-8: not JSON
for sc in nantoken nul badutf8 garbage; do
	run $sc 'list queues; list nodes'
	survived 20 "$sc"
	like "$O" '^error: list queues: management API at .* sent bad data: malformed JSON for queues' "$sc: a clear error"
	safe_text "$sc: no raw control byte"
done

# an error status whose body holds escapes
run http500 'list queues'
survived 20 "HTTP 500"
like "$O" '^error: list queues: management API unavailable at .*: HTTP 500: \{"error":"\\+x1b\[2J' "HTTP 500: the body, as text"
safe_text "HTTP 500: no raw control byte"

# BERT: raw escapes and invalid UTF-8 in binaries, bignums; then a NaN float
WARREN_MGMT_MANY_QUEUES=1 run bert 'list queues'
survived 20 "BERT"
like "$O" '^q0\\x1b\[2J' "BERT: names shown, their escapes as text"
unlike "$O" ' -[0-9]' "BERT: bignums and negatives clamped"
safe_text "BERT: no raw control byte"
WARREN_MGMT_MANY_QUEUES=1 run bertnan 'list queues'
survived 20 "BERT NaN"
like "$O" '^error: list queues: management API at .* sent bad data: malformed BERT for queues: not a finite number' "BERT NaN: a clear error"

# page_count 1e9: 200 pages at most, and it says so
run pages 'list connections; list exchanges; list channels'
survived 30 "a billion pages"
like "$O" 'says there are 1000000000 pages of connections: warren reads the first 200 \(100000 rows\)' "a billion pages: capped, with a clear message"
[ "$RSS_MB" -lt 512 ]
ok $? "a billion pages: memory bounded (${RSS_MB} MB)"
safe_text "a billion pages: no raw control byte"

# 80 MiB with a Content-Length; an endless body without one
run bigbody 'list queues; list connections'
survived 30 "an 80 MiB body"
like "$O" '^error: list queues: management API at .* sent more than 64 MiB for queues: warren reads no more of it' "an 80 MiB body: refused, plainly"
[ "$RSS_MB" -lt 512 ]
ok $? "an 80 MiB body: memory bounded (${RSS_MB} MB)"
run bigstream 'list queues; list connections'
survived 30 "an endless body"
like "$O" '^error: list queues: management API at .* sent more than 64 MiB for queues' "an endless body: cut at 64 MiB, plainly"
[ "$RSS_MB" -lt 512 ]
ok $? "an endless body: memory bounded (${RSS_MB} MB)"

# pages that each come in time, but all of them too slowly
run slowpages 'list connections'
survived 40 "slow pages"
like "$O" '^error: list connections: management API at .* too slow: a refresh took more than 25 s \([0-9]+ requests unanswered\); keeping the last good data' "slow pages: the refresh gives up at 25 s, plainly"

# one byte a second: each request times out
run slow 'list queues'
survived 40 "one byte a second"
like "$O" '^error: list queues: management API unavailable at .*: timed out after 10 s' "one byte a second: a timeout, plainly"
safe_text "one byte a second: no raw control byte"
done_testing
