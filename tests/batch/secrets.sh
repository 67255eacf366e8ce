#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Secrets stay secret: a password in a URL that does not parse (a raw '/',
# no scheme, a raw space, no '@') is masked in the output, the JSON and the
# record file; the files warren writes (record, worker CSV, the management
# trace) are the user's alone (0600).
. "$(dirname "$0")/../lib.sh"
need_broker
plan 18
delete_queues wt-sec
o=$T_TMP/out
umask 022

# the password fragments below must never show up anywhere
leaks='pa/ss|s3cr3t|pa ss|hunter2|pw0rd'
cmds="record start $T_TMP/rec.txt
connect amqp://user:pa/ss@host/
connect guest:s3cr3t@localhost
connect \"amqp://user:pa ss@host/\"
connect amqp://user:hunter2
connect amqp://user:pw0rd?x@host/
record stop"
wb --batch <<<"$cmds" >"$o" 2>&1
unlike "$o" "$leaks" "no password in the output"
like "$o" "^error: connect: bad URL 'amqp://user:\*\*\*@host/': .*%2F" "a raw '/' in a password: masked, and how to write it"
like "$o" "^error: connect: bad URL 'guest:\*\*\*@localhost': a user name or password needs the scheme" "no scheme: masked"
like "$o" "^error: connect: bad URL 'amqp://user:\*\*\*': a port number .* must follow" "no '@': the bad port is not quoted"
unlike "$T_TMP/rec.txt" "$leaks" "no password in the record file"
like "$T_TMP/rec.txt" '^connect amqp://user:\*\*\*@host/$' "the record keeps the command, masked"
like "$T_TMP/rec.txt" '^connect guest:\*\*\*@localhost$' "also without a scheme"
is "$(stat -c %a "$T_TMP/rec.txt")" 600 "the record file is created 0600"

wb --batch --json <<<"$cmds" >"$o" 2>&1
unlike "$o" "$leaks" "no password in the JSON output"

# an old, world-readable record file is narrowed when warren writes it again
chmod 644 "$T_TMP/rec.txt"
wb -c "record start $T_TMP/rec.txt; echo x; record stop" >"$o" 2>&1
is "$(stat -c %a "$T_TMP/rec.txt")" 600 "an existing record file becomes 0600"

# worker CSV and the management trace
WARREN_MGMT_TRACE=$T_TMP/trace wb -c "declare queue wt-sec; worker add w1 wt-sec
publish wt-sec 'job {n}' --count 3; sleep 1; worker log --csv $T_TMP/w.csv; list queues wt-sec" >"$o" 2>&1
like "$T_TMP/w.csv" '^time,worker,message' "the CSV is written"
is "$(stat -c %a "$T_TMP/w.csv")" 600 "the worker CSV is created 0600"
like "$T_TMP/trace" 'api/queues' "the trace is written"
is "$(stat -c %a "$T_TMP/trace")" 600 "the management trace is created 0600"
unlike "$T_TMP/trace" 'guest:guest' "and shows no password"
mkdir "$T_TMP/d"
wb -c "worker log --csv $T_TMP/d" >"$o" 2>&1
like "$o" "^error: worker log: cannot write $T_TMP/d: Is a directory" "a CSV path that cannot be written: a clear error"

# a password with a raw space splits the URL in two words: the error shows neither half
wb -c 'connect amqp://guest:s3cr et99@127.0.0.1:1/' >"$o" 2>&1
like "$o" '^error: this line does not parse, and it holds a password, which is not shown' \
	"a URL split by a space in its password: a clear error"
grep -q 'et99' "$o"
ok $(( ! $? )) "that names no piece of the password"
delete_queues wt-sec
done_testing
