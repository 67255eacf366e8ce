#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""lesson_walk.py: walk a shipped lesson step by step in the dashboard under
tmux, as a teacher would (Enter at each step), and check every step on the
screen: the narration sentence is there whole (wrapped, never cut), what the
step names (a worker, a queue, a consumer's tag) shows in its pane once it
ran, and no narration or live consumer is drawn in blue.

usage: lesson_walk.py TMUX_SOCKET SIZE LESSON_FILE WARREN_COMMAND...
Prints TAP lines (one per check, numbered from $TAP_FROM, default 1) and,
last, "# checks N" with how many it printed.
"""
import os
import re
import subprocess
import sys
import time

SOCK, SIZE, LESSON = sys.argv[1], sys.argv[2], sys.argv[3]
CMD = sys.argv[4:]
num = int(os.environ.get("TAP_FROM", "1"))
printed = 0
BLUE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:34|94|38;5;4|38;5;12)m")


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), capture_output=True,
                          text=True).stdout


def screen(escapes=False):
    return tmux("capture-pane", "-p", "-t", "w", *(["-e"] if escapes else []))


def ok(good, what, diag=None):
    global num, printed
    print("%sok %d - %s" % ("" if good else "not ", num, what), flush=True)
    if not good and diag:
        for line in diag.splitlines():
            print("#   |" + line, flush=True)
    num += 1
    printed += 1


def steps(path):
    """(say, run) of each step, as the lesson file has them."""
    out, cur, last = [], None, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            last = None
            continue
        if line[0] in " \t" and last is not None and cur is not None:
            cur[last] = (cur[last] + " " + line.strip()).strip()
            continue
        key, _, val = line.partition(":")
        val = val.strip()
        last = None
        if key == "step":
            cur = {"say": val, "run": ""}
            out.append(cur)
            last = "say"
        elif key == "say" and cur is not None:
            cur["say"] = (cur["say"] + " " + val).strip()
            last = "say"
        elif key == "run" and cur is not None:
            cur["run"] = val
    return out


def box(text):
    """The narration box's lines (between its two rules), joined as prose."""
    lines = text.splitlines()
    rules = [i for i, l in enumerate(lines) if l.startswith("──") or l.startswith("─")]
    if len(rules) < 2:
        return "", -1
    top, bottom = rules[-2], rules[-1]
    title = lines[top]
    m = re.search(r"step (\d+)/(\d+)", title)
    body = " ".join(l.strip() for l in lines[top + 1:bottom])
    return re.sub(r"\s+", " ", body), int(m.group(1)) if m else -1


def names(run):
    """What a step's command names, to be seen in a pane once it ran."""
    w = run.split()
    if w[:2] == ["worker", "add"] and len(w) >= 4 and not w[3].startswith("$"):
        return [w[2]]
    if w[:2] == ["declare", "queue"] and len(w) >= 3 and not w[2].startswith("-"):
        return [w[2]]
    if w[:1] == ["consume"] and "--tag" in w:
        return [w[w.index("--tag") + 1]]
    return []


def wait_step(k, limit=60):
    end = time.time() + limit
    while time.time() < end:
        body, step = box(screen())
        if step >= k or (k > total and "end of the lesson" in screen()):
            return body, step
        time.sleep(0.1)
    return box(screen())


cols, rows = SIZE.split("x")
tmux("-f", "/dev/null", "new-session", "-d", "-s", "w", "-x", cols, "-y", rows,
     "env TERM=screen-256color " + " ".join(CMD))
tmux("set-option", "-t", "w", "remain-on-exit", "on")
end = time.time() + 30
while time.time() < end and not re.search(r"^ warren +up ", screen(), re.M):
    time.sleep(0.2)
name = os.path.basename(LESSON)
lesson_steps = steps(LESSON)
total = len(lesson_steps)
tmux("send-keys", "-t", "w", "-l", "tutorial %s --speed 10" % name[3:-len(".lesson")])
tmux("send-keys", "-t", "w", "Enter")
seen = {}
for k, st in enumerate(lesson_steps, 1):
    body, step = wait_step(k)
    if step != k:
        ok(False, "%s at %s: step %d shows" % (name, SIZE, k), screen())
        break
    # compared without blanks: a wrapped line is joined with one, Chinese has none
    want = re.sub(r"\s+", "", st["say"])
    if want:
        ok(want in re.sub(r"\s+", "", body),
           "%s at %s, step %d: the narration whole" % (name, SIZE, k), screen())
    if "FAILED" in body:
        ok(False, "%s at %s: a check of step %d failed" % (name, SIZE, k - 1), screen())
    colored = screen(escapes=True)
    boxed = [l for l in colored.splitlines()]
    ok(not BLUE.search(colored), "%s at %s, step %d: nothing drawn in blue" % (name, SIZE, k))
    if st["run"]:
        tmux("send-keys", "-t", "w", "Enter")
        for n in names(st["run"]):
            end = time.time() + 15
            while time.time() < end and n not in screen():
                time.sleep(0.1)
            ok(n in screen(), "%s at %s, step %d: %s is in its pane" % (name, SIZE, k, n),
               screen())
    else:
        tmux("send-keys", "-t", "w", "Enter")
end = time.time() + 90
while time.time() < end and "end of the lesson" not in screen():
    time.sleep(0.2)
ok("end of the lesson: " in screen() and " 0 failed" in screen(),
   "%s at %s: the lesson ends, every check passed" % (name, SIZE), screen())
tmux("send-keys", "-t", "w", "-l", "quit")
tmux("send-keys", "-t", "w", "Enter")
time.sleep(0.5)
tmux("kill-server")
print("# checks %d" % printed, flush=True)
