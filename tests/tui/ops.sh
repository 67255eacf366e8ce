#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The operator's features in the dashboard: Tab completes profile names
# after connect, connect PROFILE, a profile's color = off, and delete vhost
# asking first (--yes, or the command typed again).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
need_broker
plan 14

PORT=${WS_AMQP_PORTS%%,*}
MPORT=${WS_MGMT_PORTS%%,*}
CFG=$T_TMP/config
cat >"$CFG" <<EOF
[prod]
url = amqp://127.0.0.1:$PORT/
password-command = echo guest
mgmt-url = http://127.0.0.1:$MPORT/

[mono]
url = amqp://guest@127.0.0.1:$PORT/
password-file = $T_TMP/pw
mgmt-url = http://127.0.0.1:$MPORT/
color = off
EOF
chmod 600 "$CFG"
echo guest >"$T_TMP/pw"
unset NO_COLOR
vhost_there() { mgmt /api/vhosts | grep -q "\"name\":\"$1\""; }
curl -sf -u guest:guest -X DELETE "$MGMT/api/vhosts/ops_vh" >/dev/null 2>&1

tui_start 120x30 "--config $CFG -P prod"
tui_like '^ warren +up ' "-P prod: the dashboard connects with the profile" 15
colors=$(tmx capture-pane -p -e -t w | grep -c $'\033\\[[0-9;]*3[0-7]m')
ok "$([ "$colors" -gt 0 ] && echo 0 || echo 1)" "a profile without color = off: colours"

# Tab after connect offers the profiles
tmx send-keys -t w -l 'connect mo'
tui_keys Tab
tui_like '^warren> connect mono' "Tab after connect completes a profile's name"
tui_keys Enter
tui_like 'connected to amqp://guest:\*\*\*@127\.0\.0\.1' "connect PROFILE in the dashboard"

# delete vhost asks first
tui_type 'declare vhost ops_vh'
wait_for 15 vhost_there ops_vh
ok $? "declare vhost in the dashboard"
tui_type 'delete vhost ops_vh'
tui_like 'delete vhost ops_vh deletes every queue, exchange, binding, policy and message in it: type the command again' \
	"delete vhost in the dashboard asks first"
sleep 1
ok "$(vhost_there ops_vh && echo 0 || echo 1)" "asking deleted nothing"
tui_type 'delete vhost ops_vh'
wait_for 15 sh -c "! curl -sf -u guest:guest '$MGMT/api/vhosts' | grep -q '\"name\":\"ops_vh\"'"
ok $? "the same command again deletes it"
tui_type 'declare vhost ops_vh'
wait_for 15 vhost_there ops_vh
tui_type 'delete vhost ops_vh --yes'
wait_for 15 sh -c "! curl -sf -u guest:guest '$MGMT/api/vhosts' | grep -q '\"name\":\"ops_vh\"'"
ok $? "delete vhost --yes deletes without asking"
tui_type quit
wait_for 15 tui_dead
tui_stop

# a management API that accepts and never answers: the dashboard goes on, quit does not wait
/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(300)' >"$T_TMP/silent.port" &
echo $! >"$T_TMP/silent.pid"
wait_for 10 test -s "$T_TMP/silent.port"
tui_start 120x30 "--mgmt-url http://guest:guest@127.0.0.1:$(cat "$T_TMP/silent.port")/ $URL"
tui_wait '^ warren +up ' 15
tui_type 'declare vhost ops_slow'
tui_type 'echo typed while the API says nothing'
tui_like '^typed while the API says nothing' "a management write never blocks the dashboard" 5
start=$SECONDS
tui_type quit
wait_for 15 tui_dead
ok $? "quit while a write hangs: warren ends (the write is aborted)"
ok "$([ $((SECONDS - start)) -lt 8 ] && echo 0 || echo 1)" "and does not wait for it to time out ($((SECONDS - start)) s)"
tui_stop

# color = off: like NO_COLOR
tui_start 120x30 "--config $CFG -P mono"
tui_like '^ warren +up ' "-P mono connects (password-file)" 15
colors=$(tmx capture-pane -p -e -t w | grep -c $'\033\\[[0-9;]*3[0-7]m')
is "$colors" 0 "color = off in the profile: the screen uses no colours"
tui_type quit
wait_for 15 tui_dead
tui_stop
done_testing
