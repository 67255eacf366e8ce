#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# warren can always be stopped: a replay that replays itself (or two that
# replay each other) ends with an error naming the file and the depth, and
# a signal is read between queued commands, so even a very long replay
# stops at once.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 9
o=$T_TMP/out
cd "$T_TMP" || exit 1

printf 'echo self\nreplay self.txt\n' >self.txt
start=$SECONDS
wb -c 'replay self.txt' >"$o" 2>&1
is "$?" 1 "a file that replays itself ends, with an error status ($((SECONDS - start)) s)"
like "$o" '^error: replay self.txt: not replayed: replays nested 8 deep already \(at most 8; does a file replay itself\?\)' "the error names the file and the depth"
is "$(grep -c '^self$' "$o")" 8 "each level ran once"

printf 'echo a\nreplay b.txt\n' >a.txt
printf 'echo b\nreplay a.txt\n' >b.txt
wb -c 'replay a.txt; echo after' >"$o" 2>&1
like "$o" '^error: replay (a|b).txt: not replayed: replays nested 8 deep' "two files that replay each other end too"
like "$o" '^after$' "and the commands after the replay still run"

# nesting within the limit is fine (a lesson that plays its parts)
printf 'echo part\n' >part.txt
printf 'replay part.txt\nreplay part.txt\n' >lesson.txt
wb -c 'replay lesson.txt' >"$o" 2>&1
is "$(grep -c '^part$' "$o")" 2 "a lesson may replay its parts"

# 100 x 100 x 1000 = 10 million commands: SIGTERM is read between them
yes 'echo x' | head -1000 >l3.txt
yes 'replay l3.txt' | head -100 >l2.txt
yes 'replay l2.txt' | head -100 >l1.txt
timeout 120 "$WARREN" --batch -c 'replay l1.txt' "$URL" >/dev/null 2>"$o" &
pid=$!
sleep 1.5
kill -0 "$pid"
ok $? "a replay of 10 million commands is running"
kill -TERM "$pid"
start=$SECONDS
wait_for 5 eval '! kill -0 '"$pid"' 2>/dev/null'
ok $? "SIGTERM stops it at once ($((SECONDS - start)) s)"
kill -KILL "$pid" 2>/dev/null
wait "$pid"
is "$?" 0 "with an orderly quit (status 0)"
done_testing
