#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard in front of a class: typing reaches the command line in
# every view over the panes (a command typed in the distribution view runs
# and the view stays), Home/End edit the line as tmux sends them, and Esc
# gives the panes back.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 9
delete_queues wt-class

tui_start 80x24 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "connected at 80x24"
tui_type 'declare queue wt-class; worker speed 50; worker add quick wt-class; worker add busy wt-class'
tui_like 'busy +wt-class' "two workers"
tui_type 'dist wt-class'
tui_like 'quick +' "the distribution view is open"
# typing in it: the command runs, the view stays
tui_type 'worker kill quick'
tui_like 'quick .*\(killed\)|quick +.* killed' "a command typed in the distribution view runs" 
tui_like '^warren> *$' "and the command line is ready again"
tui_screen | grep -q 'Distribution\|got:'
ok $? "the distribution view is still open"
tui_keys Escape
tui_like 'Messages \(' "Esc gives the panes back"

# Home and End as tmux sends them (ESC [1~, ESC [4~): the line, not the inputrc
tui_keys -l 'o world'
tui_keys Home
tui_keys -l 'echo hell'
tui_keys End
tui_keys -l '!'
tui_keys Enter
tui_like '^hello world!$' "Home and End move in the command line"
tui_type 'quit'
wait_for 15 tui_dead
ok $? "quit"
tui_stop
delete_queues wt-class
