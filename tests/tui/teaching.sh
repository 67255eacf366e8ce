#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Teaching in the dashboard: a tutorial step by step (each command typed in
# for the user), workers, and the live distribution view.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 10
delete_queues hello wt-teach

tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "connected through --sandbox-dir"
tui_type 'tutorial 1'
tui_like 'Hello World!  ·  step 1/4' "the first step in the narration box"
tui_like '^warren> declare queue hello' "and its command typed into the command line"
tui_keys Enter
tui_like 'look: The Queues pane lists hello' "after Enter: what to look at"
tui_like '^warren> publish hello "Hello World!"' "the next command is typed in"
tui_keys Enter
tui_like '^warren> consume hello --ack auto --tag receive' "and the next"
tui_keys Enter
tui_like 'receive +auto +hello +Hello World!' "the message arrives with status auto"
tui_wait '^warren> cancel receive' 15
tui_keys Enter
tui_like '== end of the lesson: 5 checks passed, 0 failed ==' "the tutorial ends, its checks passed"

tui_type 'declare queue wt-teach; worker speed 50; worker add a wt-teach; worker add b wt-teach'
tui_type 'publish wt-teach "Task {n}.." --count 6'
tui_type 'dist wt-teach'
tui_like '^a +█+ +3  unacked 0/∞ +got: 1 3 5' "the distribution view shows a got 1 3 5" 20
tui_like '^b +█+ +3  unacked 0/∞ +got: 2 4 6' "and b got 2 4 6" 20
tui_keys Escape
tui_type quit
wait_for 15 tui_dead
tui_stop
delete_queues hello wt-teach
done_testing
