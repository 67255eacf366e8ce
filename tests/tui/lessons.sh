#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The RabbitMQ tutorials as a class sees them: each shipped lesson (1-6)
# walked step by step in the dashboard at 80x24 and at 100x30 (and the
# Chinese work-queue lesson at 80x24: wide characters wrap), on a private
# broker of its own (lesson 2 restarts it). At every step: the narration
# sentence on screen whole, what the step names in its pane, nothing in
# blue; at the end, every check of the lesson passed (tests/tui/lesson_walk.py).
# Then, mid-lesson: F9 brings the command back after Ctrl-C, a command of
# one's own runs without moving the lesson on, F11 goes back, F12 on, and
# the distribution view takes typing.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed"
py=$(pika_python) || py=/usr/bin/python3
WS_DIR=
walk_cleanup() {
	[ -n "$WS_DIR" ] && "$WARREN_SANDBOX" stop "$WS_DIR" >/dev/null 2>&1
	t_cleanup
}
trap walk_cleanup EXIT

"$WARREN_SANDBOX" start --owner $$ --dir "$T_TMP/node" >"$T_TMP/env" 2>"$T_TMP/err" ||
	{ echo "1..1"; echo "not ok 1 - a private broker"; sed 's/^/# /' "$T_TMP/err"; exit 1; }
# shellcheck disable=SC1091
. "$T_TMP/env"
n=0
for size in 80x24 100x30; do
	zh=
	[ "$size" = 80x24 ] && zh="$top_srcdir/lessons/02-work-queues-zh.lesson"
	for f in "$top_srcdir"/lessons/0[1-6]-[a-z]*[a-z].lesson $zh; do
		TAP_FROM=$((n + 1)) "$py" "$top_srcdir/tests/tui/lesson_walk.py" "wt-walk-$$" "$size" \
			"$f" env XDG_STATE_HOME="$T_TMP/state" "$WARREN" --sandbox-dir "$WS_DIR" \
			>"$T_TMP/walk" 2>&1
		grep -v '^# checks' "$T_TMP/walk"
		T_FAILED=$((T_FAILED + $(grep -c '^not ok' "$T_TMP/walk")))
		n=$((n + $(sed -n 's/^# checks //p' "$T_TMP/walk" | tail -1)))
		if grep -q '^not ok' "$T_TMP/walk"; then
			echo "# the broker's state after it:"
			timeout 20 "$WARREN_SANDBOX" ctl "$WS_DIR" status 2>&1 | head -5 | sed 's/^/#   /'
		fi
		grep -q '^# checks' "$T_TMP/walk" || {
			n=$((n + 1)) T_FAILED=$((T_FAILED + 1))
			echo "not ok $n - $(basename "$f") at $size: the walk ended early"
		}
	done
done

# ---- steering a lesson mid-scene -------------------------------------------------
T_NUM=$n
TMUX_SOCK="wt-steer-$$"
tui_start 80x24 "--sandbox-dir $WS_DIR"
tui_wait '^ warren +up ' 30
tui_type 'tutorial 2 --speed 25'
tui_wait 'step 1/33' 10
tui_keys C-c
tui_wait '^warren> *$' 5
tui_keys F9
tui_like '^warren> declare queue task_queue --durable' "after Ctrl-C, F9 types the step's command in again"
tui_keys C-c
tui_type 'status'
tui_like '^connection: up' "a command of one's own runs"
tui_screen | grep -q 'step 1/33'
ok $? "and the lesson stays at its step"
tui_keys F12
tui_like 'step 2/33' "F12 runs the step and goes on"
tui_keys F11
tui_like 'step 1/33' "F11 goes back a step"
tui_keys F12
tui_like 'step 2/33' "and on again"
tui_type 'dist task_queue'
tui_wait 'no consumers yet|got:' 10
tui_type 'echo typed-in-the-view'
tui_like '^typed-in-the-view$|typed-in-the-view' "typing in the distribution view reaches the command line"
tui_keys Escape
tui_like 'step 2/33' "closing the view, the lesson is where it was"
tui_type 'tutorial --stop'
tui_like 'lesson stopped' "tutorial --stop ends it"
tui_type quit
wait_for 15 tui_dead
tui_stop
echo "1..$T_NUM"
[ "$T_FAILED" = 0 ]
