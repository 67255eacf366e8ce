#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Lesson files: a lesson checks itself (a wrong expectation fails visibly,
# with what was seen), `lesson --check` says every mistake with its line and
# runs nothing, and a hostile lesson gets a clear error and never more than
# the commands it names.
. "$(dirname "$0")/../lib.sh"
need_broker
plan 30
delete_queues wt-les wt-les-victim
o=$T_TMP/out
d=$T_TMP/lessons
mkdir -p "$d"

# ---- a lesson that checks itself ---------------------------------------------------
cat >"$d/good.lesson" <<'L'
# a comment
title: Two consumers
about: round-robin, checked

step: A queue,
  and two consumers.
run: declare queue wt-les
check: result ok

step:
run: purge wt-les

step:
run: consume wt-les --tag a --ack auto

step:
run: consume wt-les --tag b --ack auto

step: Four messages, round-robin.
run: publish wt-les "m {n}" --count 4
wait: 0.5
look: a got 1 and 3, b got 2 and 4.
check: got a 1 3
check: got b 2 4
check: delivered a 2
check: queue wt-les ready 0
check: says "published 4 messages"
L
wb -c "lesson $d/good.lesson --auto; cancel a; cancel b" >"$o"
is $? 0 "a lesson whose checks hold: exit status 0"
like "$o" '^\[1/5\] A queue, and two consumers\.$' "a continuation line joins its step"
like "$o" '^   passed: got a 1 3$' "got: the numbers a consumer got"
like "$o" '^   passed: queue wt-les ready 0$' "queue: the broker's own count"
like "$o" '^   passed: says "published 4 messages"$' "says: the step's output"
like "$o" '^ok: == end of the lesson: 6 checks passed, 0 failed ==$' "and the total"

sed 's/^check: got b 2 4$/check: got b 1 2/; s/^check: queue wt-les ready 0$/check: queue wt-les ready 9/' \
	"$d/good.lesson" >"$d/wrong.lesson"
wb -c "lesson $d/wrong.lesson --auto; cancel a; cancel b" >"$o"
is $? 1 "a wrong expectation fails the run: exit status 1"
like "$o" '^   FAILED: got b 1 2 \(b got: 2 4\)$' "it says what was seen"
like "$o" '^   FAILED: queue wt-les ready 9 \(ready: 0\)$' "for a queue's count too"
like "$o" '^error: lesson .*wrong\.lesson, step 5: 2 checks failed$' "naming the file and the step"
like "$o" '^error: == end of the lesson: 4 checks passed, 2 failed ==$' "and the total"

# ---- lesson --check: every mistake, with its line ----------------------------------
cat >"$d/bad.lesson" <<'L'
about: no title
run: declare queue x
step: fine
wait: soon
frobnicate: 3
check: what ever
check: queue x ready lots
check: got
run: declare queue y; purge y
step:
run: pubish x y
  continued
step:
step: two
run: declare queue z --durible
L
printf 'title: t\nstep: \001bell\n' >"$d/ctl.lesson"
printf 'title: t\nstep: caf\351\n' >"$d/latin1.lesson"
printf 'title: t\nstep: a\000b\n' >"$d/nul.lesson"
head -c 1100000 /dev/zero | tr '\0' 'x' >"$d/big.lesson"
wb -c "lesson --check $d/bad.lesson" >"$o"
is $? 1 "lesson --check on a broken lesson: exit status 1"
like "$o" "bad\.lesson:1: no 'title:' line" "no title"
like "$o" "bad\.lesson:2: 'run:' before the first 'step:'" "a run before any step"
like "$o" "bad\.lesson:4: wait: seconds from 0 to 3600, not 'soon'" "a wait that is no number"
like "$o" "bad\.lesson:5: unknown key 'frobnicate'" "an unknown key"
like "$o" "bad\.lesson:6: check: what\? one of queue, got" "an unknown check"
like "$o" "bad\.lesson:7: check: 'lots' is not a count" "a count that is no number"
like "$o" "bad\.lesson:9: run: one command a step \(no ';'\)" "two commands in one run"
like "$o" "bad\.lesson:11: run: unknown command 'pubish': did you mean 'publish'" "a mistyped command"
like "$o" "bad\.lesson:12: a line that starts with a blank continues" "a continuation of a command"
like "$o" "bad\.lesson:13: a step with nothing to say and nothing to run" "an empty step"
like "$o" "bad\.lesson:15: run: declare queue: unknown flag --durible" "a mistyped flag"
unlike "$o" '^ok: queue|^ok: purged' "--check ran nothing"
wb -c "lesson --check $d/ctl.lesson; lesson --check $d/latin1.lesson; lesson --check $d/nul.lesson;
	lesson --check $d/big.lesson; lesson --check $d/nosuch.lesson" >"$o"
like "$o" "ctl\.lesson:2: a control character \(U\+0001\)" "a control character: refused, with its line"
like "$o" "latin1\.lesson:2: not UTF-8 \(byte 0xe9\)" "not UTF-8: refused, with its line"
like "$o" "nul\.lesson:2: a NUL byte" "a NUL byte: refused"
like "$o" "big\.lesson: bigger than 1048576 bytes" "too big: refused"
like "$o" "nosuch\.lesson: cannot read it: No such file" "a missing file"

# ---- a hostile lesson runs no more than its commands ---------------------------------
cat >"$d/hostile.lesson" <<'L'
title: hostile
step: \e[2J narration is text
run: publish wt-les-victim "x; purge wt-les-victim; echo"
L
wb -c "declare queue wt-les-victim; publish wt-les-victim keep; lesson $d/hostile.lesson --auto" >"$o"
is "$(queue_count wt-les-victim)" 2 "a ';' inside a lesson's quoted body is the body: nothing purged"
delete_queues wt-les wt-les-victim
