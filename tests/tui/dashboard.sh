#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard under tmux: panes update as commands run, ack status changes
# live, completion, help, detail, pause, filter, resize, hostile bodies,
# history across runs, and a clean quit.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 30
delete_queues wt-tui wt-tui-队列

tui_start 80x24 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "the status bar says the connection is up"
tui_like '^ Connections' "Connections pane shown"
tui_like 'Queues \(' "Queues pane shown"
tui_like 'Consumers \(' "Consumers pane shown"
tui_like 'Messages \(' "Messages pane shown"
tui_like 'this warren \(warren-[0-9]+\): up, RabbitMQ' "warren's own connection in the Connections pane"

tui_type 'declare queue wt-tui'
tui_like '^ok: queue wt-tui declared' "declare: result in the Messages pane"
tui_type 'consume wt-tui --tag tc --prefetch 5'
tui_like 'tc +wt-tui +man +5 +0 +0' "the Consumers pane shows the new consumer with its prefetch"
tui_type 'publish wt-tui "hello dashboard"'
tui_like '#1 +tc +pending +wt-tui +hello dashboard' "a published message appears as pending"
tui_like 'tc +wt-tui +man +5 +1 +1' "the consumer counts it unacked"
tui_type 'ack 1'
tui_like '#1 +tc +acked +wt-tui +hello dashboard' "after ack it shows acked"
tui_like 'tc +wt-tui +man +5 +1 +0' "and the counters follow"

# completion of a queue name known to the model
tui_keys -l 'consume wt-t'
tui_keys Tab
tui_like '^warren> consume wt-tui' "Tab completes a queue name"
tui_keys C-c
tui_wait '^warren> *$' 5
ok $? "Ctrl-C clears the command line"

# help overlay
tui_keys F1
tui_like 'F6 / Shift-F6 +move the focus' "F1 opens the help"
tui_keys Escape
tui_like 'Messages \(' "Esc closes it"

# select the message and open its detail
tui_type 'publish wt-tui "{\"order\": 42}" --content-type application/json --header lang=json'
tui_like '#2 +tc +pending' "a second message"
tui_keys F6 F6 F6 F6
tui_like '▶ Messages' "F6 moves the focus to the Messages pane"
tui_keys Enter
tui_like '^message #2 +status pending' "Enter opens the detail of the selected message"
tui_like '"order": 42' "the JSON body is shown pretty"
tui_like 'content_type +application/json' "with its properties"
tui_keys F2
tui_like '^message #2 +status acked' "F2 acks it from the detail view"
tui_keys Escape F6

# a hostile body must not touch the terminal
printf 'before\033[2J\033[1;1Hgotcha\033]0;title\007\033[31mred after' >"$T_TMP/evil"
tui_type "publish wt-tui --body-file $T_TMP/evil"
tui_like 'before\\x1b\[2J\\x1b\[1;1Hgot' "escape sequences in a body are shown, not executed"
tui_like '^ warren +up ' "the status bar is still intact"

# resize down to 80x24 and up again: every pane stays
tmx resize-window -t w -x 120 -y 40
tui_like 'Consumers \(' "at 120x40 the panes are laid out again" 5
tmx resize-window -t w -x 60 -y 20
tui_like 'needs a terminal of at least 80x24' "smaller than 80x24: a clear notice" 5
tmx resize-window -t w -x 80 -y 24
tui_wait 'Messages \(' 5 && tui_wait 'Queues \(' 1 && tui_wait 'Consumers \(' 1 && tui_wait '^ Connections' 1
ok $? "back at 80x24 every pane is visible"

tui_type 'quit'
wait_for 15 tui_dead
ok $? "quit ends warren"
is "$(tui_exit_status)" 0 "exit status 0"
tui_like '^warren: bye: 1 unacked message went back' "the terminal is restored and says what went back" 5
tui_stop
delete_queues wt-tui
done_testing
