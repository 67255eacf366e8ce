#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What warren hands to the processes it starts, and how it stops when the
# broker hangs. With a record file open, the connection up and the
# management API polled, `broker restart` starts a new broker: it, and the
# sandbox's supervisor, must hold none of warren's files or sockets (every
# descriptor warren opens is close-on-exec). Then the broker freezes: the
# first SIGINT starts the orderly quit, which waits for it; the second ends
# warren at once and says what happens to the unacked messages.
. "$(dirname "$0")/../lib.sh"
plan 12
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || skip_all "rabbitmq-server is not installed"
o=$T_TMP/out
e=$T_TMP/err

# socket:[inode] and file paths a process holds (not pipes or anonymous inodes)
fds_of() {
	local f
	for f in /proc/"$1"/fd/*; do
		readlink "$f" 2>/dev/null
	done | grep -Ev '^(pipe:|anon_inode:|/dev/)' | sort -u
}

# run "$@" with stdin, stdout and stderr only: what make or a terminal left
# open is not warren's to close
clean_fds() {
	local f n
	for f in /proc/"$BASHPID"/fd/*; do
		n=${f##*/}
		[ "$n" -gt 2 ] && eval "exec $n>&-"
	done
	exec "$@"
}

mkfifo "$T_TMP/in"
(clean_fds "$WARREN" --sandbox --batch) <"$T_TMP/in" >"$o" 2>"$e" &
wpid=$!
echo "$wpid" >"$T_TMP/warren.pid"
exec 7>"$T_TMP/in"
echo "record start $T_TMP/rec.txt; declare queue sb-fd; publish sb-fd 'm {n}' --count 3; consume sb-fd --tag c1; list queues" >&7
wait_for 90 grep -q '^sb-fd ' "$o"
ok $? "warren --sandbox: recording, consuming 3 unacked messages, polling the API"
dir=$(sed -n 's/.*data in \(.*\) (removed on exit)/\1/p' "$e")
sup=$(cat "$dir/supervisor.pid" 2>/dev/null)
[ -n "$dir" ] && [ -n "$sup" ] || diag "no sandbox directory or supervisor in:" "$(cat "$e")"

echo "broker restart; wait 60; list queues sb-fd" >&7
wait_for 120 grep -q '^ok: node 1 restarted' "$o"
ok $? "broker restart"
wait_for 60 test "$(grep -c '^sb-fd ' "$o")" -ge 2
beam=$(pgrep -f "beam.*$dir" | head -1)
[ -n "$dir" ] && [ -n "$beam" ]
ok $? "the new broker runs (pid $beam)"

mine=$(fds_of "$wpid")
echo "$mine" | grep -q '^socket:' && echo "$mine" | grep -q 'rec.txt'
ok $? "warren holds sockets and the record file"
leaked=$(comm -12 <(echo "$mine") <(fds_of "$beam"))
is "$leaked" "" "the broker started by warren holds none of them"
leaked=$(comm -12 <(echo "$mine") <(fds_of "$sup"))
is "$leaked" "" "nor does the sandbox's supervisor"

# every descriptor of warren but stdin, stdout and stderr is close-on-exec
open=""
for f in /proc/"$wpid"/fdinfo/*; do
	n=${f##*/}
	[ "$n" -le 2 ] && continue
	flags=$(awk '/^flags:/ { print $2 }' "$f" 2>/dev/null)
	[ -n "$flags" ] && [ $((0$flags & 02000000)) = 0 ] && open="$open $n=$(readlink "/proc/$wpid/fd/$n")"
done
is "$open" "" "every descriptor warren holds is close-on-exec"

# the broker freezes; the consumer still holds 3 unacked messages
kill -STOP "$beam"
kill -INT "$wpid"
sleep 2
kill -0 "$wpid" 2>/dev/null
ok $? "the first SIGINT starts the orderly quit, which waits for the frozen broker"
start=$SECONDS
kill -INT "$wpid"
wait_for 5 eval '! kill -0 '"$wpid"' 2>/dev/null'
ok $? "the second SIGINT ends warren at once ($((SECONDS - start)) s)"
wait "$wpid"
is "$?" 130 "with the exit status of an interrupt (130)"
like "$e" 'second signal.*puts every message warren had not acked.* back in its queue when the connection closes' "it says what happens to the unacked messages"
kill -CONT "$beam" 2>/dev/null
exec 7>&-
wait_for 30 test -n "$dir" -a ! -e "$dir"
ok $? "the sandbox is removed"
done_testing
