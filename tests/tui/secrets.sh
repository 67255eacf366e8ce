#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard's history file: private to the user (0600, also when an
# older one was world-readable), and no password in it, also from URLs that
# do not parse.
. "$(dirname "$0")/../lib.sh"
need_broker
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 8
umask 022
hist=$T_TMP/state/warren/history

# a history file left world-readable by an older warren
mkdir -p "$T_TMP/state/warren"
echo 'status' >"$hist"
chmod 644 "$hist"
tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_like '^ warren +up ' "connected"
is "$(stat -c %a "$hist")" 600 "an existing history file is narrowed to 0600"
tui_type 'connect amqp://user:pa/ss@host/'
tui_like "^error: connect: bad URL 'amqp://user:\*\*\*@host/'" "a raw '/' in a password: masked on the screen"
tui_type 'connect guest:s3cr3t@localhost'
tui_like "^error: connect: bad URL 'guest:\*\*\*@localhost'" "no scheme: masked on the screen"
tui_type 'connect amqp://user:hunter2'
tui_wait "a port number" 10
tui_type quit
wait_for 15 tui_dead
tui_stop
grep -Eq 'pa/ss|s3cr3t|hunter2' "$hist"
ok $(( ! $? )) "no password in the history file"
like "$hist" '^connect amqp://user:\*\*\*@host/$' "the history keeps the command, masked"
like "$hist" '^connect guest:\*\*\*@localhost$' "also without a scheme"

# a new history file
rm -rf "$T_TMP/state"
tui_start 100x30 "--sandbox-dir $WS_DIR"
tui_wait '^ warren +up ' 15
tui_type quit
wait_for 15 tui_dead
tui_stop
is "$(stat -c %a "$hist")" 600 "a new history file is created 0600"
done_testing
