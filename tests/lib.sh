# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib.sh: TAP helpers and the shared private broker for warren's tests.
#
# Every test script sources this file. The broker is started once per
# `make check` by tests/broker-up.sh and described in $BROKER_ENV; a test
# that needs it calls need_broker (and is skipped, honestly, without it).
# shellcheck shell=bash

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${WARREN:=$top_builddir/src/warren}"
: "${WARREN_SANDBOX:=$top_srcdir/src/warren-sandbox}"
export WARREN_SANDBOX
BROKER_ENV=${BROKER_ENV:-$top_builddir/tests/broker.env}
T_NUM=0
T_FAILED=0
T_NAME=$(basename "$0" .sh)
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/warren-test.XXXXXX")
# no profiles of the developer's own (~/.config/warren/config) in a test
export XDG_CONFIG_HOME="$T_TMP/xdg-config"
trap 't_cleanup' EXIT

t_cleanup() {
	local f
	[ -n "${T_CLEANUP_TMUX:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	for f in "$T_TMP"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	rm -rf "$T_TMP"
}

plan() {
	T_PLAN=$1
	echo "1..$1"
}
diag() { printf '# %s\n' "$@" >&2; }

ok() {
	local cond=$1
	shift
	T_NUM=$((T_NUM + 1))
	if [ "$cond" = 0 ]; then
		echo "ok $T_NUM - $*"
	else
		echo "not ok $T_NUM - $*"
		T_FAILED=$((T_FAILED + 1))
	fi
}

# t_match E|F FILE PATTERN DESCRIPTION: a line matches (grep -E or -F).
t_match() {
	if grep -q"$1" -- "$3" "$2"; then
		ok 0 "$4"
	else
		ok 1 "$4"
		diag "no line matching /$3/ in:"
		sed 's/^/#   /' "$2" | tail -n 40 >&2
	fi
}

# like FILE REGEX DESCRIPTION: the file has a line matching the extended regex.
like() { t_match E "$@"; }
# has FILE STRING DESCRIPTION: the file holds the fixed string (no regex:
# for warren's escapes, which are full of backslashes and brackets).
has() { t_match F "$@"; }

unlike() {
	if grep -Eq -- "$2" "$1"; then
		ok 1 "$3"
		diag "unexpected line matching /$2/:"
		grep -E -- "$2" "$1" | sed 's/^/#   /' | head -5 >&2
	else
		ok 0 "$3"
	fi
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:      '$1'" "expected: '$2'"
	fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	if [ -n "${T_PLAN:-}" ] && [ "$T_NUM" != "$T_PLAN" ]; then
		diag "planned $T_PLAN tests but ran $T_NUM"
		exit 1
	fi
	[ "$T_FAILED" = 0 ]
	exit $?
}

need_broker() {
	[ -f "$BROKER_ENV" ] || skip_all "no test broker (tests/broker-up.sh did not start one)"
	# shellcheck disable=SC1090
	. "$BROKER_ENV"
	URL=$WS_URL
	MGMT="http://127.0.0.1:${WS_MGMT_PORTS%%,*}"
	export URL MGMT
}

# The python that can import pika (Debian's python3-pika lives in /usr/bin).
pika_python() {
	local p
	for p in /usr/bin/python3 python3; do
		if "$p" -c 'import pika' 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# warren in batch mode against the test broker: wb [warren args...]
wb() { timeout 120 "$WARREN" "$@" "$URL"; }

# rabbitmqctl against the test broker node
ctl() { "$WARREN_SANDBOX" ctl "$WS_DIR" "$@"; }

# mgmt GET PATH: the management API, as JSON on stdout
mgmt() { curl -sf -u guest:guest "$MGMT$1"; }

# Delete queues left over by an earlier run of a test.
delete_queues() {
	local q
	for q in "$@"; do
		curl -sf -u guest:guest -X DELETE "$MGMT/api/queues/%2f/$q" >/dev/null 2>&1
	done
}

# queue_count Q: messages in queue Q as the broker reports it (rabbitmqctl is exact).
queue_count() {
	ctl list_queues name messages 2>/dev/null | awk -v q="$1" '$1 == q { print $2 }'
}

# wait_for SECONDS COMMAND...: poll until the command succeeds.
wait_for() {
	local limit=$1 start=$SECONDS
	shift
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# ---- the dashboard under tmux ------------------------------------------------
# A private tmux server per test (-L), so tests never touch the user's tmux.
TMUX_SOCK="warren-test-$$"
tmx() { tmux -L "$TMUX_SOCK" "$@"; }

# tui_start COLSxROWS ARGS...: run warren ARGS in a detached session "w".
tui_start() {
	local size=$1
	shift
	mkdir -p "$T_TMP/state"
	tmx -f /dev/null new-session -d -s w -x "${size%x*}" -y "${size#*x}" \
		"env XDG_STATE_HOME='$T_TMP/state' TERM=screen-256color ${TUI_ENV:-} $WARREN $*"
	tmx set-option -t w remain-on-exit on >/dev/null
	T_CLEANUP_TMUX=1
}

tui_screen() { tmx capture-pane -p -t w -S -100; }
tui_keys() { tmx send-keys -t w "$@"; }
# tui_type TEXT: type a command line and press Enter
tui_type() {
	tmx send-keys -t w -l "$1"
	tmx send-keys -t w Enter
}

# tui_wait REGEX [SECONDS]: poll the screen until a line matches.
tui_wait() {
	local limit=${2:-15} start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		tui_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# tui_like REGEX DESCRIPTION [SECONDS]: wait for it, as a test.
tui_like() {
	if tui_wait "$1" "${3:-15}"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		diag "screen never showed /$1/:"
		tui_screen | sed 's/^/#   |/' >&2
	fi
}

# tui_has STRING DESCRIPTION [SECONDS]: wait for a fixed string on the screen.
tui_has() {
	local limit=${3:-15} start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		tui_screen | grep -qF -- "$1" && { ok 0 "$2"; return; }
		sleep 0.1
	done
	ok 1 "$2"
	diag "the screen never showed '$1':"
	tui_screen | sed 's/^/#   |/' >&2
}

tui_dead() { [ "$(tmx display-message -p -t w '#{pane_dead}' 2>/dev/null)" = 1 ]; }
# The exit status. tmux may mark the pane dead (its pty closed) before it has
# reaped the process, and tmux 3.3 can miss that SIGCHLD altogether (a known
# tmux race), leaving warren a zombie with no status: nudge the server.
tui_exit_status() {
	local st i
	for i in $(seq 1 50); do
		st=$(tmx display-message -p -t w '#{pane_dead_status}#{?pane_dead_signal,signal #{pane_dead_signal},}')
		[ -n "$st" ] && break
		kill -CHLD "$(tmx display-message -p '#{pid}')" 2>/dev/null
		sleep 0.1
	done
	echo "$st"
}
tui_stop() { tmx kill-server 2>/dev/null; T_CLEANUP_TMUX=; }
