# SPDX-License-Identifier: GPL-3.0-or-later
# bench/lib.sh: what every benchmark script shares: building the clients,
# the private broker, timing, medians, the dashboard under tmux, the table.
#
# Knobs (environment): BENCH_RUNS (3) runs per contender, BENCH_MESSAGES
# (200000) messages per consume/publish run, BENCH_SIZE (256) body bytes,
# WARREN (a warren binary; default: make src/warren in the build tree),
# PIKA_PYTHON (/usr/bin/python3, the one that sees Debian's python3-pika).
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$BENCH_DIR/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${WARREN_SANDBOX:=$top_srcdir/src/warren-sandbox}"
: "${PIKA_PYTHON:=/usr/bin/python3}"
RUNS=${BENCH_RUNS:-3}
N=${BENCH_MESSAGES:-200000}
SIZE=${BENCH_SIZE:-256}
BIN=$BENCH_DIR/bin
# Dashboard size: wide enough for every column, tall enough for the panes.
TUI_COLS=200
TUI_ROWS=50
BENCH_LOAD0=$(cut -d' ' -f1-3 /proc/loadavg) # the machine is shared: say how busy it was
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/warren-bench.XXXXXX")
TMUX_SOCK="warren-bench-$$"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_cleanup() {
	local f
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	for f in "$BENCH_TMP"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
	done
	[ -f "$BENCH_TMP/broker/state" ] && "$WARREN_SANDBOX" stop "$BENCH_TMP/broker" || true
	rm -rf "$BENCH_TMP"
}

say() { printf '%s\n' "$*" >&2; }
die() {
	say "bench: $*"
	exit 1
}

# ---- building --------------------------------------------------------------

# bench_build: warren (unless $WARREN names one) and the C clients in bench/bin.
bench_build() {
	local t
	if [ -z "${WARREN:-}" ]; then
		make -s -C "$top_builddir" src/warren >&2 || die "cannot build src/warren"
		WARREN=$top_builddir/src/warren
	fi
	[ -x "$WARREN" ] || die "no warren at $WARREN"
	mkdir -p "$BIN"
	for t in bench_consume bench_publish; do
		if [ ! -x "$BIN/$t" ] || [ "$BENCH_DIR/$t.c" -nt "$BIN/$t" ] ||
			[ "$BENCH_DIR/bench_amqp.h" -nt "$BIN/$t" ]; then
			# shellcheck disable=SC2046
			cc -O2 -Wall -o "$BIN/$t" "$BENCH_DIR/$t.c" \
				$(pkg-config --cflags --libs librabbitmq) || die "cannot build $t"
		fi
	done
}

# ---- the broker ------------------------------------------------------------

# bench_broker: start a private broker for this script; stopped on exit.
bench_broker() {
	"$WARREN_SANDBOX" start --dir "$BENCH_TMP/broker" --owner $$ >"$BENCH_TMP/broker.env" ||
		die "the private broker did not start"
	# shellcheck disable=SC1091
	. "$BENCH_TMP/broker.env"
	URL=$WS_URL
	MGMT="http://127.0.0.1:${WS_MGMT_PORTS%%,*}"
}

# queue_stat Q FIELD [COLUMN]: a counter from the management API, 0 when it has
# none yet (stats lag up to 500 ms); COLUMN e.g. message_stats.publish.
queue_stat() {
	curl -sf -u guest:guest "$MGMT/api/queues/%2f/$1?columns=${3:-$2}" |
		sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" | grep . || echo 0
}

# fill Q COUNT: declare Q, purge it, publish COUNT messages, wait until they are all in.
fill() {
	"$BIN/bench_publish" "$URL" "$1" "$2" --size "$SIZE" --declare --purge --fill
	sleep "${BENCH_SETTLE:-1}"
}

# purge Q: declare and empty Q.
purge() {
	"$BIN/bench_publish" "$URL" "$1" 0 --declare --purge
	sleep "${BENCH_SETTLE:-1}"
}

# ---- measuring -------------------------------------------------------------

# timed CMD...: run CMD; sets SECS (wall) and CPU (user+sys seconds).
timed() {
	local t0 t1
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%U %S' -o "$BENCH_TMP/time" "$@"
	t1=$EPOCHREALTIME
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	CPU=$(awk '{ printf "%.2f", $1 + $2 }' "$BENCH_TMP/time")
}

# cpu_ticks PID: utime + stime of a process (all its threads), in clock ticks.
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# rss_kb PID: resident set size in kB (VmRSS).
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# record NAME VALUE...: append values to NAME's list (one file per contender).
record() {
	local name=$1
	shift
	echo "$*" >>"$BENCH_TMP/rec.$name"
}
# recorded NAME COLUMN: the values of one column for NAME, space-separated.
recorded() { awk -v c="$2" '{ printf "%s ", $c }' "$BENCH_TMP/rec.$1"; }

# ---- the dashboard under tmux ----------------------------------------------

tmx() { tmux -L "$TMUX_SOCK" "$@"; }

# dash_start [WARREN ARGS...]: the dashboard in a detached tmux session "w",
# connected to the broker, its broker view live (the management API, polled
# every 2 s by default); sets DASH_PID.
dash_start() {
	mkdir -p "$BENCH_TMP/state"
	tmx -f /dev/null new-session -d -s w -x "$TUI_COLS" -y "$TUI_ROWS" \
		"env XDG_STATE_HOME='$BENCH_TMP/state' TERM=screen-256color $WARREN --mgmt-url '$WS_MGMT_URL' $* $URL"
	tmx set-option -t w remain-on-exit on >/dev/null
	dash_wait ' up ' 30 || dash_die "the dashboard did not connect"
	dash_wait 'warren>' 10 || dash_die "no prompt in the dashboard"
	DASH_PID=$(tmx display-message -p -t w '#{pane_pid}')
}

dash_stop() { tmx kill-server 2>/dev/null || true; }
# dash_die MESSAGE: show the screen, then die.
dash_die() {
	dash_screen 2>/dev/null | sed 's/^/  | /' >&2 || true
	die "$*"
}
dash_screen() { tmx capture-pane -p -t w; }
# The command line: the last row of the pane.
dash_last_line() { tmx capture-pane -p -t w -S $((TUI_ROWS - 1)) -E $((TUI_ROWS - 1)); }

# dash_type TEXT: type a command and press Enter.
dash_type() {
	tmx send-keys -t w -l "$1"
	tmx send-keys -t w Enter
}

# dash_wait REGEX SECONDS [INTERVAL]: poll the screen until a line matches.
dash_wait() {
	local limit=$2 every=${3:-0.1} start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		dash_screen | grep -Eq -- "$1" && return 0
		snooze "$every"
	done
	return 1
}

# snooze SECONDS: sleep without a fork (read times out on a pipe that stays empty).
exec {SNOOZE_FD}<> <(:)
snooze() { read -r -t "$1" -u "$SNOOZE_FD" || true; }

# ---- the table -------------------------------------------------------------

# table_head TITLE COLUMNS...: table_row VALUES... print a fixed-width table.
TABLE_FMT='%-44s %10s %8s %9s %9s %9s %-5s\n'
table_head() {
	printf '\n%s\n' "$1"
	shift
	# shellcheck disable=SC2059
	printf "$TABLE_FMT" "$@"
}
table_row() {
	# shellcheck disable=SC2059
	printf "$TABLE_FMT" "$@"
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# verdict VALUE OP LIMIT: PASS or FAIL (OP is >= or <=).
verdict() {
	awk -v v="$1" -v op="$2" -v l="$3" \
		'BEGIN { ok = op == ">=" ? v + 0 >= l + 0 : v + 0 <= l + 0; print ok ? "PASS" : "FAIL" }'
}

bench_machine() {
	echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
		"$(date -u '+%Y-%m-%d %H:%M UTC'); load average before $BENCH_LOAD0;" \
		"warren $WARREN ($(git -C "$top_srcdir" describe --always --dirty 2>/dev/null || echo '?'))"
}
