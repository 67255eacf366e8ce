#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# More of the dashboard: history across runs (passwords masked), pause and
# resume, filtering, wide characters lining up, NO_COLOR, Ctrl-D.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 21
delete_queues wt-feat 'wt-宽字符'

tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "connected"
tui_type 'declare queue wt-feat'
tui_like '^ok: queue wt-feat declared' "declared"
tui_type "connect $URL"
tui_like '^ok: connected to' "connect with a password in the URL"
tui_type 'consume wt-feat --tag f1 --ack-every 1'
tui_like '^ok: consuming from wt-feat' "consuming"

# pause: the view freezes, messages are still counted
tui_type 'pause'
tui_like 'Messages \([0-9]+( of [0-9]+)?\) +PAUSED' "pause freezes the Messages pane"
tui_type 'publish wt-feat "while paused {n}" --count 3'
tui_like 'PAUSED, [0-9]+ new' "new entries are counted while paused"
tui_screen | grep -q 'while paused'
ok $(( ! $? )) "but not shown"
tui_like 'f1 +wt-feat +man .* 3 +3 +0' "the consumer counters keep moving"
tui_type 'resume'
tui_like 'while paused 3' "resume shows them"

# filter the Messages pane
tui_type 'publish wt-feat "other"'
tui_type 'filter paused 2'
tui_like 'Messages \(2 of [0-9]+\) +filter: paused 2' "filter keeps matching rows only"
tui_screen | grep -q ' other$'
ok $(( ! $? )) "the others are hidden"
tui_type 'filter'
tui_like ' other *$' "an empty filter shows everything"

# a list of the broker view opens over the panes
tui_type 'refresh; list queues wt-feat'
tui_like '^ Broker view' "list opens the broker view over the panes"
tui_like '^wt-feat +/ +classic' "with the queue's row"
tui_keys Escape
tui_like 'Messages \(' "Esc goes back to the panes"

# wide characters line up
tui_type 'declare queue wt-宽字符'
tui_type 'consume wt-宽字符 --tag 宽 --ack auto'
tui_type 'publish wt-宽字符 "中文消息 body"'
tui_type 'publish wt-宽字符 "plain body"'
tui_wait 'plain body' 10
col_wide=$(tui_screen | grep '中文消息' | tail -1 | sed 's/中文消息.*//' | wc -L)
col_ascii=$(tui_screen | grep 'plain body$' | tail -1 | sed 's/plain body.*//' | wc -L)
is "$col_wide" "$col_ascii" "a body after wide-character names starts in the same column"

tui_keys C-d
wait_for 15 tui_dead
ok $? "Ctrl-D on an empty line quits"
tui_stop

# the history survives a restart, with the password masked
grep -q 'connect amqp://guest:\*\*\*@' "$T_TMP/state/warren/history"
ok $? "history file holds the connect command, masked"
grep -q 'guest:guest' "$T_TMP/state/warren/history"
ok $(( ! $? )) "and never the password"
tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_wait '^ warren +up ' 15
tui_keys Up
tui_like '^warren> publish wt-宽字符 "plain body"' "Up recalls the last command of the previous run"
tui_keys C-c
tui_type quit
wait_for 15 tui_dead
tui_stop

# NO_COLOR: no colour escapes at all
TUI_ENV="NO_COLOR=1" tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_wait '^ warren +up ' 15
colors=$(tmx capture-pane -p -e -t w | grep -c $'\033\\[[0-9;]*3[0-7]m')
is "$colors" 0 "NO_COLOR: the screen uses no colours"
tui_type quit
wait_for 15 tui_dead
tui_stop
delete_queues wt-feat 'wt-宽字符'
done_testing
