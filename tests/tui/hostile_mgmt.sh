#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard against a hostile management API (tests/peers/fake_mgmt.py):
# names full of escape sequences (clear screen, OSC 52 clipboard, BEL, C1)
# and counts of 2^63 or -1 are drawn as text and numbers; nothing reaches
# the terminal as a command, and warren still quits cleanly.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 7

for sc in escapes huge; do
	rm -f "$T_TMP/port"
	/usr/bin/python3 "$top_srcdir/tests/peers/fake_mgmt.py" $sc >"$T_TMP/port" &
	echo $! >"$T_TMP/fake.pid"
	wait_for 20 test -s "$T_TMP/port"
	port=$(head -1 "$T_TMP/port")
	tui_start 200x40 "--refresh 1 --mgmt-url http://guest:guest@127.0.0.1:$port/ $URL"
	# an OSC 52 that got through would make a tmux paste buffer
	tmx set-option -g set-clipboard on
	if [ $sc = escapes ]; then
		tui_like 'q1\\x1b\[2J\\x1b\]5' "escapes: the Queues pane shows the names, escapes as text"
		tui_type 'list queues'
		tui_like '^ Broker view' "escapes: list queues opens over the panes"
		tui_like 'running0' "escapes: with its rows"
		is "$(tmx list-buffers 2>/dev/null | wc -l)" 0 "escapes: no OSC 52 reached the terminal (no clipboard buffer)"
		tui_keys Escape
	else
		tui_wait '^q0' 15
		tui_screen >"$T_TMP/screen"
		grep -q 9007 "$T_TMP/screen" && ! grep -Eq "9223| -[0-9]" "$T_TMP/screen"
		ok $? "huge: counts of 2^63, -2^63 and -1 are drawn clamped (0..2^53)" ||
			grep -E "9223| -[0-9]" "$T_TMP/screen" | sed 's/^/#   /' >&2
	fi
	tui_type quit
	wait_for 15 tui_dead
	ok $? "$sc: quit ends warren"
	tui_stop
	kill "$(cat "$T_TMP/fake.pid")" 2>/dev/null
	rm -f "$T_TMP/fake.pid"
done
done_testing
