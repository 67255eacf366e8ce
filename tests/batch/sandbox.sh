#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# warren --sandbox: a private broker that lives exactly as long as warren,
# also when warren is interrupted or killed.
. "$(dirname "$0")/../lib.sh"
plan 9
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || skip_all "rabbitmq-server is not installed"
o=$T_TMP/out
e=$T_TMP/err

timeout 120 "$WARREN" --sandbox -c 'declare queue sb; publish sb hi; get sb --ack auto; status' >"$o" 2>"$e"
ok $? "warren --sandbox ran the commands"
like "$e" '^warren: sandbox broker up: amqp://guest:guest@127\.0\.0\.1:[0-9]+, management http://' "it says where the broker is"
like "$o" '^deliver #1 .*body="hi"' "the sandbox broker works"
dir=$(sed -n 's/.*data in \(.*\) (removed on exit)/\1/p' "$e")
[ -n "$dir" ] && [ ! -e "$dir" ]
ok $? "its data directory is gone after exit"
node=$(basename "$dir")
pgrep -f "beam.*$dir" >/dev/null
ok $(( ! $? )) "no broker process is left"

# Ctrl-C (SIGINT) while consuming: orderly shutdown, broker removed
mkfifo "$T_TMP/in"
timeout 120 "$WARREN" --sandbox --batch <"$T_TMP/in" >"$o" 2>"$e" &
pid=$!
exec 7>"$T_TMP/in"
echo 'declare queue sb; consume sb' >&7
wait_for 60 grep -q '^ok: consuming' "$o"
start=$SECONDS
kill -INT "$pid" # timeout passes it on to warren
wait "$pid"
ok $? "SIGINT ends warren with status 0 (after $((SECONDS - start)) s)"
dir=$(sed -n 's/.*data in \(.*\) (removed on exit)/\1/p' "$e")
[ -n "$dir" ] && [ ! -e "$dir" ]
ok $? "the broker is removed after SIGINT"
exec 7>&-

# kill -9 of warren: the supervisor takes the broker down
mkfifo "$T_TMP/in2"
timeout 120 "$WARREN" --sandbox --batch <"$T_TMP/in2" >"$o" 2>"$e" &
pid=$!
exec 8>"$T_TMP/in2"
echo 'status' >&8
wait_for 60 grep -q '^connection: up' "$o"
dir=$(sed -n 's/.*data in \(.*\) (removed on exit)/\1/p' "$e")
wpid=$(pgrep -P "$pid" -x warren)
kill -KILL "$wpid"
wait "$pid" 2>/dev/null
exec 8>&-
wait_for 30 test ! -e "$dir"
ok $? "after kill -9 of warren the broker's directory is removed"
sleep 1
pgrep -f "beam.*$dir" >/dev/null
ok $(( ! $? )) "and its processes are gone"
done_testing
