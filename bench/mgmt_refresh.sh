#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/mgmt_refresh.sh: one refresh of the broker view with 10,000 queues.
#
# Starts a private broker (warren-sandbox), declares the queues with pika
# (bench/mkqueues.py, a few connections at once), then measures in the same
# run, three ways: as warren asks by default (above 1,000 queues, the queue
# list without statistics, in one request, as BERT: Erlang's term format,
# which spares the broker encoding JSON), the same as JSON
# (WARREN_MGMT_BERT=0: what warren did before), and with statistics, paged by
# 500 (WARREN_MGMT_MANY_QUEUES set high: what warren did before that, and
# still does for small brokers):
#   - warren: the time of one refresh (fetch every page, decode, sort, rates),
#     as warren's `refresh` command reports it, and its peak RSS. The first
#     refresh of a process is left out of the median (on a big broker it also
#     asks for page 1 with statistics to learn how many queues there are) and
#     shown apart;
#   - the baseline: plain curl fetching exactly the same URLs (the poller
#     writes them to $WARREN_MGMT_TRACE) with the same Accept header, one
#     after another and 4 at a time (warren keeps 4 requests in flight).
# It prints the figures and the ratios. A benchmark, not a test: it never fails
# on a figure.
#
#   bench/mgmt_refresh.sh [QUEUES] [RUNS]          defaults: 10000 5
#   BENCH_STATS_MS=500 bench/mgmt_refresh.sh       the broker's statistics interval
#                                                  (default 5000, as in production)
#   BENCH_MGMT_WAY=default bench/mgmt_refresh.sh   only one way (default, json or stats)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
: "${WARREN:=$top/src/warren}"
: "${WARREN_SANDBOX:=$top/src/warren-sandbox}"
QUEUES=${1:-10000}
RUNS=${2:-5}
STATS_MS=${BENCH_STATS_MS:-5000}
TARGET_S=0.5
TARGET_MB=64

die() {
	echo "mgmt_refresh: $*" >&2
	exit 1
}

only=${BENCH_MGMT_WAY:-}
case $only in
"" | default | json | stats) ;;
*) die "BENCH_MGMT_WAY is default, json or stats" ;;
esac
[ -x "$WARREN" ] || die "build warren first ($WARREN not found)"
PY=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import pika' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || die "python3-pika is needed to declare the queues"
command -v curl >/dev/null || die "curl is needed for the baseline"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for the peak RSS"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/warren-bench.XXXXXX")
broker=""
cleanup() {
	[ -n "$broker" ] && "$WARREN_SANDBOX" stop "$broker" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\\n\", $1 }"; }
met() { awk "BEGIN { print ($1) ? \"met\" : \"NOT met\" }"; }
# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "starting a private broker (statistics every $STATS_MS ms)..."
"$WARREN_SANDBOX" start --owner $$ --stats-ms "$STATS_MS" >"$tmp/env" 2>"$tmp/err" ||
	{ cat "$tmp/err" >&2; die "the broker did not start"; }
# shellcheck disable=SC1091
. "$tmp/env"
broker=$WS_DIR
URL=$WS_URL
MPORT=${WS_MGMT_PORTS%%,*}
MURL="http://guest:guest@127.0.0.1:$MPORT/"
port=${WS_AMQP_PORTS%%,*}

"$PY" "$here/mkqueues.py" "$port" "$QUEUES" bench 4 || die "declaring the queues failed"
# the API lists a queue once the broker has it; wait until all are there
start=$SECONDS
while :; do
	n=$(curl -s -u guest:guest "http://127.0.0.1:$MPORT/api/overview?columns=object_totals.queues" |
		sed -n 's/.*"queues":\([0-9]*\).*/\1/p')
	[ "${n:-0}" -ge "$QUEUES" ] && break
	[ $((SECONDS - start)) -gt 120 ] && die "the API lists ${n:-0} of $QUEUES queues after 120 s"
	sleep 1
done

ver=""
# measure WAY ENV...: warren's refreshes, list queues and curl on the same URLs, as WAY
measure() {
	way=$1
	shift
	# a warm-up of two refreshes records the URLs of one refresh (the last)
	rm -f "$tmp/trace"
	env "$@" WARREN_MGMT_TRACE="$tmp/trace" "$WARREN" --mgmt-url "$MURL" -c 'refresh; refresh' \
		"$URL" >"$tmp/warm" 2>&1
	[ "$(grep -c '^ok: management data' "$tmp/warm")" -eq 2 ] ||
		{ cat "$tmp/warm" >&2; die "warren's refresh failed"; }
	awk '/^# refresh/ { n = 0; next } { u[++n] = $0 }
	     END { for (i = 1; i <= n; i++) print u[i] }' "$tmp/trace" >"$tmp/last"
	cut -d' ' -f1 "$tmp/last" >"$tmp/urls"
	requests=$(wc -l <"$tmp/urls")
	bytes=$(awk '{ s += $3 } END { print s }' "$tmp/last")
	if grep -q 'disable_stats=true' "$tmp/urls"; then
		form="the queue list without statistics in one request, columns= only what is shown"
	else
		form="paged by 500, with statistics, columns= only what is shown"
	fi
	case " $* " in
	*" WARREN_MGMT_BERT=0 "*) accept="" ;;
	*) accept="Accept: application/bert, application/json;q=0.5" ;;
	esac
	export accept
	ver=$(grep -o 'RabbitMQ [0-9.]*' "$tmp/warm" | head -1)
	# RUNS + 1 refreshes in one process; the first is shown apart
	cmds=$(for i in $(seq 0 "$RUNS"); do printf 'refresh; '; done)
	env "$@" /usr/bin/time -f '%M' -o "$tmp/rss" "$WARREN" --mgmt-url "$MURL" -c "$cmds" "$URL" \
		>"$tmp/runs" 2>&1
	sed -n 's/.*fetched in \([0-9.]*\) s (decoding and sorting \([0-9.]*\) s).*/\1 \2/p' \
		"$tmp/runs" >"$tmp/all"
	[ "$(wc -l <"$tmp/all")" -eq $((RUNS + 1)) ] ||
		{ cat "$tmp/runs" >&2; die "warren's refreshes failed"; }
	first=$(head -1 "$tmp/all" | cut -d' ' -f1)
	tail -n +2 "$tmp/all" >"$tmp/times"
	w_med=$(cut -d' ' -f1 "$tmp/times" | median)
	w_min=$(cut -d' ' -f1 "$tmp/times" | sort -g | head -1)
	w_max=$(cut -d' ' -f1 "$tmp/times" | sort -g | tail -1)
	d_med=$(cut -d' ' -f2 "$tmp/times" | median)
	rss_kb=$(tail -1 "$tmp/rss")

	# the same, printing every row: what `list queues` costs end to end
	t0=$(now)
	env "$@" "$WARREN" --mgmt-url "$MURL" -c 'list queues' "$URL" >"$tmp/list" 2>&1
	t1=$(now)
	rows=$(grep -c '^bench-' "$tmp/list")

	# the baseline: curl, the same URLs, in the same run
	: >"$tmp/seq"
	: >"$tmp/par"
	for i in $(seq 1 "$RUNS"); do
		t0s=$(now)
		curl_seq
		calc "$(now) - $t0s" >>"$tmp/seq"
		t0s=$(now)
		curl_par
		calc "$(now) - $t0s" >>"$tmp/par"
	done
	c_seq=$(median <"$tmp/seq")
	c_par=$(median <"$tmp/par")

	cat <<EOT

warren broker view, $way: one refresh with $QUEUES queues (${ver:-RabbitMQ}, $(nproc) cores, statistics every $STATS_MS ms)
  requests per refresh          $requests ($form), $((bytes / 1024)) KiB
  warren refresh (fetch+decode+sort), $RUNS runs:  median $w_med s  (min $w_min, max $w_max)
    of which decoding, sorting, rates (CPU)       median $d_med s
    the first refresh of the process              $first s
  warren peak RSS                               $((rss_kb / 1024)) MB ($rss_kb kB)
  warren 'list queues' end to end, $rows rows:  $(calc "$t1 - $t0") s (connect, refresh, print)
  curl, same URLs, one after another            median $c_seq s
  curl, same URLs, 4 at a time                  median $c_par s
  ratio warren / curl 4 at a time               $(calc "$w_med / $c_par")
  ratio warren / curl one after another         $(calc "$w_med / $c_seq")
  targets: refresh <= $TARGET_S s: $(met "$w_med <= $TARGET_S"); warren's own share (decode, sort) <= $TARGET_S s: $(met "$d_med <= $TARGET_S"); RSS < $TARGET_MB MB: $([ "$rss_kb" -lt $((TARGET_MB * 1024)) ] && echo met || echo NOT met)
EOT
}

# one URL as warren asks for it: BERT for the queue list without statistics
curl_one() {
	case $1 in
	*disable_stats=true*) [ -n "$accept" ] && set -- -H "$accept" "$1" ;;
	esac
	curl -s -o /dev/null -u guest:guest "$@"
}
export -f curl_one
curl_seq() { while read -r u; do curl_one "$u"; done <"$tmp/urls"; }
curl_par() { xargs -P 4 -n 1 bash -c 'curl_one "$0"' <"$tmp/urls"; }

[ -z "$only" ] || [ "$only" = default ] &&
	measure "as by default (BERT)" WARREN_MGMT_MANY_QUEUES=1000
[ -z "$only" ] || [ "$only" = json ] &&
	measure "the same as JSON (WARREN_MGMT_BERT=0, as before)" WARREN_MGMT_MANY_QUEUES=1000 WARREN_MGMT_BERT=0
[ -z "$only" ] || [ "$only" = stats ] &&
	measure "with statistics, paged (as before that)" WARREN_MGMT_MANY_QUEUES=1000000000
exit 0
