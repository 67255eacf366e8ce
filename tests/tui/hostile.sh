#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile names on a terminal: the dashboard shows a queue name, consumer tag,
# routing key and body holding ESC [2J, OSC 52, BEL, a C1 control and a bidi
# override as visible escapes (the screen is not cleared, nothing is obeyed);
# and batch output into a terminal stopped with Ctrl-S does not keep SIGTERM
# from stopping warren.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 10
delete_queues wt-stop

E='\x1b[2J\x1b]52;c;aGk=\x07\xc2\x9b\xe2\x80\xae'
ES='\x1b[2J\x1b]52;c;aGk=\x07\u{009B}\u{202E}'
Q="wt-th$E"
qpath=$(printf 'wt-th\033[2J\033]52;c;aGk=\007\302\233\342\200\256' | /usr/bin/python3 -c \
	'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))')
delete_queues "$qpath"

wb -c "declare queue \"$Q\"; publish \"$Q\" \"b$E\"" >"$T_TMP/setup" 2>&1
tui_start 160x40 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "the dashboard is up"
tui_has 'wt-th\x1…' "the Queues pane shows the hostile queue name escaped (and cut in the middle)"
tui_type "consume \"$Q\" --tag \"wt-tt$E\""
tui_has 'wt-tt\x1b' "the consumer's tag is escaped in the Consumers and Messages panes"
tui_has "b$ES" "the body is escaped in the Messages pane"
tui_type "list queues wt-th"
tui_has "wt-th$ES  /" "list queues in the dashboard: the name escaped in its cell"
tui_keys Escape
tui_type "show message 1"
tui_has "routing key       \"wt-th$ES\"" "the detail view: the routing key escaped"
tui_keys Escape
tui_like '^ warren +up ' "the status bar is still there: nothing cleared the screen"
tui_type 'quit'
wait_for 10 tui_dead
tmx kill-server 2>/dev/null
delete_queues "$qpath"

# Batch output to a terminal stopped with Ctrl-S (XOFF): SIGTERM still works.
wb -c 'declare queue wt-stop' >/dev/null 2>&1
tmx -f /dev/null new-session -d -s s -x 100 -y 20 \
	"stty ixon; exec $WARREN -c 'consume wt-stop' $URL"
tmx set-option -t s remain-on-exit on >/dev/null
T_CLEANUP_TMUX=1
wait_for 15 sh -c "tmux -L '$TMUX_SOCK' capture-pane -p -t s | grep -q 'consuming from wt-stop'"
tmx send-keys -t s C-s
sleep 0.5
wb -c "publish wt-stop 'stopped terminal {n} ..........................................' --count 20000" \
	>"$T_TMP/pub" 2>&1
like "$T_TMP/pub" '^ok: published 20000 messages' "20000 messages published to a consumer whose terminal is stopped"
pid=$(tmx display-message -p -t s '#{pane_pid}')
sleep 2
kill -TERM "$pid"
pane_dead() { [ "$(tmx display-message -p -t s '#{pane_dead}')" = 1 ]; }
wait_for 8 pane_dead
ok $? "SIGTERM stops warren while its terminal is stopped with Ctrl-S"
tmx send-keys -t s C-q
all_back() { [ "$(queue_count wt-stop)" = 20000 ]; }
wait_for 20 all_back
is "$(queue_count wt-stop)" 20000 "every unacked message went back to the queue"
delete_queues wt-stop
done_testing
