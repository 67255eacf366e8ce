#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Tables never go through the message log: on a private broker with 10,000
# queues, `list queues` prints 10,000 rows while three pending messages keep
# their numbers, their detail and their settle keys (with the default
# --log-size of 10,000, the rows used to push every message out).
. "$(dirname "$0")/../lib.sh"
py=$(pika_python) || skip_all "python3-pika is not installed"
plan 7
o=$T_TMP/out
WS_DIR=
big_cleanup() {
	[ -n "$WS_DIR" ] && "$WARREN_SANDBOX" stop "$WS_DIR" >/dev/null 2>&1
	t_cleanup
}
trap big_cleanup EXIT

"$WARREN_SANDBOX" start --owner $$ --dir "$T_TMP/node" >"$T_TMP/env" 2>"$T_TMP/err"
ok $? "a private broker of its own (its queue list is not the shared one's)"
# shellcheck disable=SC1091
. "$T_TMP/env"
"$py" "$top_srcdir/bench/mkqueues.py" "$WS_AMQP_PORTS" 10000 wt-big 4 >"$T_TMP/mk" 2>&1
ok $? "10,000 queues declared ($(cat "$T_TMP/mk"))"

mgmt_url="http://guest:guest@127.0.0.1:${WS_MGMT_PORTS%%,*}/"
timeout 300 "$WARREN" --mgmt-url "$mgmt_url" -c 'declare queue wt-big-keep;
	publish wt-big-keep "kept {n}" --count 3;
	get wt-big-keep; get wt-big-keep; get wt-big-keep;
	list queues wt-big-;
	show message 2; ack 1; ack 2; nack 3; status' "$WS_URL" >"$o" 2>&1
is $? 0 "every command succeeded"
rows=$(grep -cE '^wt-big-[0-9]{5} ' "$o")
is "$rows" 10000 "list queues printed 10,000 rows"
like "$o" '^message #2 ' "show message 2 still finds the message after the table"
like "$o" '^ok: acked #1' "ack 1 still settles it"
like "$o" '^ok: nacked #3' "nack 3 too: every settle key is in place"
