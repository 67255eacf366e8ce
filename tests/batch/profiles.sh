#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Profiles: the config file, -P/--profile, --profiles, connect PROFILE,
# precedence (command line > environment > profile > defaults), secrets
# fetched by password-command / password-file and never shown, files others
# can read or change refused, errors naming the file and line.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
need_broker
plan 40

PORT=${WS_AMQP_PORTS%%,*}
MPORT=${WS_MGMT_PORTS%%,*}
# a user of our own whose password needs escaping in a URL, and never shows
SECRET='s3cr:t@/pw'
ctl delete_user opsuser >/dev/null 2>&1
ctl add_user opsuser "$SECRET" >/dev/null
ctl set_permissions opsuser '.*' '.*' '.*' >/dev/null
ctl set_user_tags opsuser management >/dev/null
export XDG_CONFIG_HOME="$T_TMP/xdg"
mkdir -p "$XDG_CONFIG_HOME/warren"
CFG="$XDG_CONFIG_HOME/warren/config"
printf '%s\n' "$SECRET" >"$T_TMP/pwfile"
cat >"$CFG" <<EOF
# warren profiles for the test broker
[prod]
nodes = 127.0.0.1:$PORT
user = opsuser
; the command reads stdin: it must get /dev/null, not warren's script
password-command = cat >/dev/null; printf '%s\n' '$SECRET' 'second line'
mgmt-url = http://127.0.0.1:$MPORT/
heartbeat = 7

[byfile]
url = amqp://opsuser@127.0.0.1:$PORT/
password-file = $T_TMP/pwfile

[dead]
url = amqp://guest:guest@127.0.0.1:1/

[vh]
nodes = 127.0.0.1:$PORT,localhost
vhost = ops_pv

[failing]
url = amqp://127.0.0.1:$PORT/
password-command = echo 'no such entry' >&2; exit 3

[ro]
url = amqp://127.0.0.1:$PORT/
readonly = true
EOF
chmod 600 "$CFG"
unset WARREN_URL NO_COLOR

# ---- listing ----------------------------------------------------------------
"$WARREN" --profiles >"$T_TMP/list" 2>&1
is "$?" 0 "--profiles reads the default config file"
like "$T_TMP/list" "^prod +amqp://opsuser:\*\*\*@127\.0\.0\.1:$PORT/%2f +/ +http://127\.0\.0\.1:$MPORT/" \
	"--profiles: name, URL with the password masked, vhost, management URL"
unlike "$T_TMP/list" 's3cr|second line' "--profiles runs no password-command and shows no secret"
like "$T_TMP/list" "^vh +amqp://guest:\*\*\*@127\.0\.0\.1:$PORT,localhost:5672/ops_pv +ops_pv " \
	"--profiles: nodes and vhost make the URL"
is "$("$WARREN" --profiles --names | tr '\n' ' ')" "prod byfile dead vh failing ro " \
	"--profiles --names: the names, one a line"

# ---- -P: password-command, the profile's settings ----------------------------
echo 'list queues; status' | timeout 60 "$WARREN" -P prod --batch >"$T_TMP/prod" 2>&1
is "$?" 0 "-P prod connects with its password-command (and the script on stdin still runs)"
like "$T_TMP/prod" "^connection: up amqp://opsuser:\*\*\*@127\.0\.0\.1:$PORT/" \
	"the password-command's first line is the password (user opsuser logged in)"
unlike "$T_TMP/prod" 's3cr|second line|%3a' "the password shows nowhere, not even escaped"
timeout 60 "$WARREN" -P prod -c 'declare vhost pv' >"$T_TMP/prodm" 2>&1
like "$T_TMP/prodm" "user 'opsuser' may not do that \(Not administrator user\)" \
	"the profile's mgmt-url without credentials gets the profile's user and password"
timeout 60 "$WARREN" --profile byfile -c status >"$T_TMP/byfile" 2>&1
like "$T_TMP/byfile" "^connection: up amqp://opsuser:\*\*\*@" "--profile byfile: password-file's first line"

# the heartbeat: the profile's, unless the command line gives one
hb_of() { # the heartbeat the broker negotiated with warren's connection
	mgmt /api/connections | /usr/bin/python3 -c '
import json, sys
print(" ".join(str(c.get("timeout")) for c in json.load(sys.stdin)
      if (c.get("client_properties") or {}).get("product") == "warren"))'
}
hb_is() { [ "$(hb_of)" = "$1" ]; }
timeout 60 "$WARREN" -P prod -c 'sleep 20' >/dev/null 2>&1 &
echo $! >"$T_TMP/w1.pid"
wait_for 20 hb_is 7
is "$(hb_of)" 7 "heartbeat = 7 in the profile is what warren asks the broker for"
kill "$(cat "$T_TMP/w1.pid")" 2>/dev/null
wait_for 20 hb_is ""
timeout 60 "$WARREN" -P prod --heartbeat 9 -c 'sleep 20' >/dev/null 2>&1 &
echo $! >"$T_TMP/w2.pid"
wait_for 20 hb_is 9
is "$(hb_of)" 9 "--heartbeat on the command line beats the profile's"
kill "$(cat "$T_TMP/w2.pid")" 2>/dev/null

# ---- precedence of the URL: command line > $WARREN_URL > profile > default -----
WARREN_URL=$URL timeout 60 "$WARREN" -P dead -c status >"$T_TMP/env" 2>&1
like "$T_TMP/env" "^connection: up amqp://guest:\*\*\*@127\.0\.0\.1:$PORT" "\$WARREN_URL beats the profile's url"
like "$T_TMP/env" "note: the URL of \\\$WARREN_URL overrides profile dead's" "and says so"
WARREN_URL=amqp://guest:guest@127.0.0.1:1/ timeout 60 "$WARREN" -P dead -c status "$URL" \
	>"$T_TMP/cl" 2>&1
like "$T_TMP/cl" "^connection: up amqp://guest:\*\*\*@127\.0\.0\.1:$PORT" \
	"a URL on the command line beats \$WARREN_URL and the profile"
timeout 60 "$WARREN" -P vh -c status >"$T_TMP/vh" 2>&1
like "$T_TMP/vh" "^connecting to amqp://guest:\*\*\*@127\.0\.0\.1:$PORT/ops_pv" "a profile's vhost is the one connected to"
timeout 60 "$WARREN" -P dead -c status >"$T_TMP/prof" 2>&1
like "$T_TMP/prof" "127\.0\.0\.1:1.*(refused|down)" "without them, the profile's url is used"

# ---- connect PROFILE at the prompt ------------------------------------------
timeout 60 "$WARREN" -c 'connect prod; status; connect nosuch; connect dead' "$URL" >"$T_TMP/conn" 2>&1
like "$T_TMP/conn" "^ok: connected to amqp://opsuser:\*\*\*@127\.0\.0\.1:$PORT" "connect prod at the prompt (batch mode)"
like "$T_TMP/conn" "^connection: up amqp://opsuser:\*\*\*@" "status shows the profile's broker"
like "$T_TMP/conn" "^error: cannot resolve host nosuch" "connect WORD that names no profile is a host, as before"
unlike "$T_TMP/conn" 's3cr|second line' "connect prod shows no secret"

# ---- errors -----------------------------------------------------------------
timeout 60 "$WARREN" -P nope -c status >"$T_TMP/unknown" 2>&1
is "$?" 2 "an unknown profile: exit status 2"
like "$T_TMP/unknown" "no profile 'nope' in $CFG; the profiles there: prod, byfile, dead, vh, failing, ro" \
	"an unknown profile: the error lists the known ones"
timeout 60 "$WARREN" -P failing -c status >"$T_TMP/failing" 2>&1
like "$T_TMP/failing" "$CFG:23: \[failing\] password-command: failed with exit status 3: no such entry" \
	"a failing password-command: file, line, exit status and what it said"
timeout 60 "$WARREN" -P ro -c status >"$T_TMP/ro" 2>&1
is "$?" 2 "a readonly profile is refused"
like "$T_TMP/ro" "$CFG:27: \[ro\] sets readonly, but read-only mode is not implemented" \
	"readonly: says read-only mode is not implemented rather than connecting with full rights"

# a literal password: only in a file no one else can read
cat >"$T_TMP/lit" <<EOF
[lit]
url = amqp://opsuser@127.0.0.1:$PORT/
password = $SECRET
EOF
chmod 644 "$T_TMP/lit"
timeout 60 "$WARREN" --config "$T_TMP/lit" -P lit -c status >"$T_TMP/lit.out" 2>&1
is "$?" 2 "a config file others can read is refused when it holds a password"
like "$T_TMP/lit.out" "$T_TMP/lit:3: \[lit\] holds a password and other users can read this file: run chmod 600 $T_TMP/lit" \
	"the refusal names the line and the exact chmod to run"
chmod 600 "$T_TMP/lit"
timeout 60 "$WARREN" --config "$T_TMP/lit" -P lit -c status >"$T_TMP/lit.out" 2>&1
like "$T_TMP/lit.out" "^connection: up amqp://opsuser:\*\*\*@" "the same file at mode 600: a literal password works"
chmod 620 "$T_TMP/lit"
timeout 60 "$WARREN" --config "$T_TMP/lit" --profiles >"$T_TMP/gw" 2>&1
like "$T_TMP/gw" "other users can change this file .*run chmod go-w $T_TMP/lit" \
	"a config file others can change is refused (it may run a password-command)"
chmod 600 "$T_TMP/lit"

bad() { # bad NAME CONTENT: $T_TMP/NAME.out, the error for a config file holding CONTENT
	printf '%b' "$2" >"$T_TMP/$1"
	chmod 600 "$T_TMP/$1"
	timeout 30 "$WARREN" --config "$T_TMP/$1" --profiles >"$T_TMP/$1.out" 2>&1
}
bad syntax '[a]\nurl = amqp://h/\nthis is not a setting\n'
like "$T_TMP/syntax.out" "syntax:3: not an INI line" "a line that is not INI: file and line"
bad key '# c\n[a]\nurl = amqp://h/\ncolour = on\n'
like "$T_TMP/key.out" "key:4: unknown setting 'colour' in \[a\] \(settings: url, nodes" \
	"an unknown setting: file, line and the known ones"
bad twice '[a]\nurl = amqp://h/\nurl = amqp://g/\n'
like "$T_TMP/twice.out" "twice:3: url is set twice in \[a\] \(first at line 2\)" "a setting given twice"
bad both '[a]\n\nurl = amqp://h/\nnodes = h1,h2\n'
like "$T_TMP/both.out" "both:1: \[a\] has both url and nodes" "url and nodes together: the section's line"
bad name '[a b]\nurl = amqp://h/\n'
like "$T_TMP/name.out" "name:2: the profile name \[a b\] is not a plain word" \
	"a profile name that is not a plain word"
bad hb '[a]\nheartbeat = often\n'
like "$T_TMP/hb.out" "hb:2: heartbeat wants seconds" "a bad heartbeat"
bad long "[a]\nurl = amqp://h/$(printf 'x%.0s' $(seq 300))\n"
like "$T_TMP/long.out" "long:2: line longer than 199 characters" "a line too long for the parser is refused, not cut"
bad fits "[a]\nurl=amqp://h/$(printf 'x%.0s' $(seq 186))\n[b]\nurl = amqp://g/\n"
like "$T_TMP/fits.out" "^b +amqp://" "a line of 199 characters fits"
bad again '[a]\nurl = amqp://h/\n[a]\nuser = x\n'
like "$T_TMP/again.out" "again:3: \[a\] again \(it is already at line 1\)" "a profile's section given twice"
timeout 30 "$WARREN" --config "$T_TMP/missing" --profiles >"$T_TMP/missing.out" 2>&1
like "$T_TMP/missing.out" "cannot read the config file $T_TMP/missing" "--config FILE that is missing"
done_testing
