#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A queue's name is data in the dashboard too: Enter on its row shows that
# queue and runs nothing else, whatever the name holds, and completing a
# name that needs quoting inserts it quoted, so it comes back as one word.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 8
evil="wt-evil'; purge wt-victim; echo '"
odd='wt-odd name;x'
enc() { /usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
delete_queues wt-victim "$(enc "$evil")" "$(enc "$odd")"
wb -c "declare queue wt-victim; publish wt-victim 'keep me {n}' --count 3;
	declare queue \"$evil\"; declare queue \"$odd\"" >/dev/null
is "$(queue_count wt-victim)" 3 "wt-victim holds 3 messages"

tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "connected"
tui_keys F6
tui_keys F6
tui_type 'filter wt-evil'
tui_like 'Queues \(1 of [0-9]+\)' "the Queues pane shows only the hostile queue"
tui_keys Enter
tui_like "queue wt-evil'; purge wt-victim; echo ' in vhost /" \
	"Enter on its row shows that queue"
sleep 1
is "$(queue_count wt-victim)" 3 "and purges nothing: wt-victim still holds 3 messages"
tui_keys Escape

# completion quotes a name with a space and a ';'
tui_keys F6 F6 F6
tui_keys -l 'declare queue --passive wt-odd'
tui_keys Tab
tui_like 'warren> declare queue --passive "wt-odd name;x"' "Tab inserts the name quoted"
tui_keys Enter
tui_like "^ok: queue wt-odd name;x exists" \
	"and it comes back as the one name"
tui_type 'quit'
wait_for 15 tui_dead
ok $? "quit"
tui_stop
delete_queues wt-victim "$(enc "$evil")" "$(enc "$odd")"
