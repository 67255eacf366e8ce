#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Definitions, policies and vhosts through the management API: export and
# import (a round trip, compared on the broker), policies applied to a queue
# (typed values) and removed, vhosts, and the error paths: a file that is not
# definitions, no API, a wrong password, a user without the tag it takes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
need_broker
plan 33

MG="http://guest:guest@127.0.0.1:${WS_MGMT_PORTS%%,*}/"
wa() { timeout 120 "$WARREN" --mgmt-url "$MG" "$@" "$URL"; }
py() { /usr/bin/python3 -c "$1"; }
delete_queues adm_q adm_other pol_q
curl -sf -u guest:guest -X DELETE "$MGMT/api/policies/%2f/adm_p" >/dev/null 2>&1
curl -sf -u guest:guest -X DELETE "$MGMT/api/policies/%2f/pol_p" >/dev/null 2>&1
curl -sf -u guest:guest -X DELETE "$MGMT/api/exchanges/%2f/adm_x" >/dev/null 2>&1
curl -sf -u guest:guest -X DELETE "$MGMT/api/vhosts/adm_vh" >/dev/null 2>&1

# what the broker holds of ours, one line each, sorted: the state to compare
state() {
	{
		mgmt /api/queues | py 'import json,sys
for q in json.load(sys.stdin):
    if q["name"].startswith("adm_"): print("queue", q["name"], q["durable"], q["arguments"])'
		mgmt /api/exchanges | py 'import json,sys
for x in json.load(sys.stdin):
    if x["name"].startswith("adm_"): print("exchange", x["name"], x["type"], x["durable"])'
		mgmt /api/bindings | py 'import json,sys
for b in json.load(sys.stdin):
    if b["source"].startswith("adm_"): print("binding", b["source"], b["destination"], b["routing_key"])'
		mgmt /api/policies | py 'import json,sys
for p in json.load(sys.stdin):
    if p["name"].startswith("adm_"): print("policy", p["name"], p["pattern"], p["apply-to"], p["priority"], sorted(p["definition"].items()))'
	} | sort
}

# ---- export, delete, import: the same broker again -------------------------------
wa -c 'declare queue adm_q --durable --arg x-max-priority=5; declare exchange adm_x --type topic --durable; bind adm_q adm_x "a.#"; declare policy adm_p "^adm_other$" max-length=5 --apply-to queues --priority 2; export definitions '"$T_TMP/defs.json" >"$T_TMP/export" 2>&1
is "$?" 0 "declare, then export definitions"
like "$T_TMP/export" "^ok: exported the definitions \(.*queues.*\) to $T_TMP/defs.json \(mode 0600" \
	"export says what it saved and where"
is "$(stat -c %a "$T_TMP/defs.json")" 600 "the export is written mode 0600 (it holds password hashes)"
before=$(state)
is "$(echo "$before" | grep -c .)" 4 "the broker has our queue, exchange, binding and policy"
wa -c 'delete queue adm_q; delete exchange adm_x; delete policy adm_p' >"$T_TMP/del" 2>&1
like "$T_TMP/del" "^ok: deleted policy adm_p from vhost /" "delete policy"
is "$(state)" "" "deleted: none of them is left"
wa -c "import definitions $T_TMP/defs.json" >"$T_TMP/import" 2>&1
is "$?" 0 "import definitions"
like "$T_TMP/import" "^ok: imported the definitions of $T_TMP/defs.json \(.*queues" "import says what it loaded"
is "$(state)" "$before" "after the round trip the broker holds the same queue, exchange, binding and policy"

# one vhost's definitions: no users in them; into a vhost that does not exist: said so
wa -c "export definitions $T_TMP/vh.json --vhost /; import definitions $T_TMP/vh.json --vhost adm_nosuch" \
	>"$T_TMP/vhdefs" 2>&1
ok "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit("users" in d or not d.get("queues"))' "$T_TMP/vh.json" 2>/dev/null; echo $?)" \
	"export definitions --vhost /: that vhost's queues, no users"
like "$T_TMP/vhdefs" "^error: import definitions: no vhost 'adm_nosuch' on the broker" \
	"import definitions into a vhost that does not exist"

# ---- an untrusted file is checked before anything is sent --------------------
wa -c 'delete queue adm_q' >/dev/null 2>&1
printf '{"queues": [{"name": "adm_q", "vhost": "/"' >"$T_TMP/broken.json"
printf '{"hello": "world"}' >"$T_TMP/other.json"
printf '[1, 2, 3]' >"$T_TMP/list.json"
printf '{"queues": {"name": "adm_q"}}' >"$T_TMP/shape.json"
wa -c "import definitions $T_TMP/broken.json; import definitions $T_TMP/other.json; import definitions $T_TMP/list.json; import definitions $T_TMP/shape.json; import definitions $T_TMP/nosuch.json; status" >"$T_TMP/bad" 2>&1
is "$?" 1 "bad definition files: exit status 1"
like "$T_TMP/bad" "^error: import definitions: $T_TMP/broken.json: not JSON \(line 1, column [0-9]+: " \
	"a file that is not JSON: where it breaks"
like "$T_TMP/bad" "^error: import definitions: $T_TMP/other.json: not RabbitMQ definitions: none of users" \
	"JSON that holds no definitions"
like "$T_TMP/bad" "$T_TMP/list.json: not RabbitMQ definitions: the file is JSON but not an object" \
	"a JSON list is not definitions"
like "$T_TMP/bad" "$T_TMP/shape.json: not RabbitMQ definitions: \"queues\" is not a list" \
	"a list that is not a list"
like "$T_TMP/bad" "^error: import definitions: cannot read $T_TMP/nosuch.json" "a missing file"
like "$T_TMP/bad" "^connection: up" "warren goes on after them"
is "$(state | grep -c '^queue')" 0 "nothing of the bad files reached the broker"

# ---- a policy applies, with typed values -------------------------------------
wa -c 'declare queue pol_q; declare policy pol_p "^pol_" max-length=10 message-ttl=60000 dead-letter-exchange=dlx --apply-to queues --priority 3' \
	>"$T_TMP/pol" 2>&1
like "$T_TMP/pol" '^ok: policy pol_p on vhost /: pattern \^pol_, apply-to queues, priority 3: \{"dead-letter-exchange":"dlx","max-length":10,"message-ttl":60000\}' \
	"declare policy says what it set"
effective() {
	mgmt /api/queues/%2f/pol_q | py 'import json,sys
q = json.load(sys.stdin); d = q.get("effective_policy_definition") or {}
print(q.get("policy"), json.dumps(d, sort_keys=True))'
}
applied() { effective | grep -q '^pol_p '; }
wait_for 20 applied
is "$(effective)" 'pol_p {"dead-letter-exchange": "dlx", "max-length": 10, "message-ttl": 60000}' \
	"the queue gets the policy; numbers are numbers, names strings"
wa -c 'delete policy pol_p; delete policy pol_p' >"$T_TMP/poldel" 2>&1
like "$T_TMP/poldel" "^error: delete policy pol_p: no policy 'pol_p' in vhost '/'" "deleting a missing policy"
unapplied() { ! applied; }
wait_for 20 unapplied
ok "$(applied && echo 1 || echo 0)" "the policy is gone from the queue"
wa -c 'declare policy pol_p x nosuch-setting=1; declare policy pol_p x max-length=1 --vhost nosuchvh; declare policy pol_p x max-length --priority 1' >"$T_TMP/polbad" 2>&1
like "$T_TMP/polbad" "^error: declare policy pol_p: HTTP 400: Validation failed \[\{<<\"nosuch-setting\">>,1\}\] are not recognised policy settings" \
	"a setting RabbitMQ does not know: the broker's reason"
like "$T_TMP/polbad" "^error: declare policy pol_p: no vhost 'nosuchvh' on the broker" "a missing vhost"
like "$T_TMP/polbad" "^error: declare policy: 'max-length' is not KEY=VALUE" "a word that is not KEY=VALUE"

# ---- vhosts ------------------------------------------------------------------
vhost_there() { mgmt /api/vhosts | grep -q '"name":"adm_vh"'; }
wa -c 'declare vhost adm_vh' >"$T_TMP/vh" 2>&1
ok "$(vhost_there && echo 0 || echo 1)" "declare vhost: the broker has it"
wa -c 'delete vhost adm_vh' >"$T_TMP/vh" 2>&1
ok "$(vhost_there && echo 1 || echo 0)" "delete vhost (batch mode does not ask): it is gone"

# ---- no API, a wrong password, a missing tag ------------------------------------
timeout 60 "$WARREN" --mgmt-url none -c 'declare vhost adm_vh' "$URL" >"$T_TMP/none" 2>&1
like "$T_TMP/none" "^error: declare vhost: no management API" "without a management API: said plainly"
timeout 60 "$WARREN" --mgmt-url "http://guest:wrong@127.0.0.1:${WS_MGMT_PORTS%%,*}/" \
	-c 'export definitions '"$T_TMP/x.json" "$URL" >"$T_TMP/401" 2>&1
like "$T_TMP/401" "^error: export definitions: 401 unauthorized: the broker refused user 'guest'" \
	"a wrong password: 401, the user named"
ctl delete_user adm_mon >/dev/null 2>&1
ctl add_user adm_mon pw >/dev/null
ctl set_user_tags adm_mon monitoring >/dev/null
ctl set_permissions adm_mon '.*' '.*' '.*' >/dev/null
timeout 60 "$WARREN" --mgmt-url "http://adm_mon:pw@127.0.0.1:${WS_MGMT_PORTS%%,*}/" \
	-c "export definitions $T_TMP/y.json; declare policy adm_p x max-length=1" "$URL" >"$T_TMP/403" 2>&1
like "$T_TMP/403" "^error: export definitions: 401: user 'adm_mon' may not do that \(Not administrator user\): it needs the administrator tag" \
	"export without the administrator tag: the tag it needs"
like "$T_TMP/403" "^error: declare policy adm_p: 401: user 'adm_mon' may not do that .*: it needs the policymaker tag" \
	"a policy without the policymaker tag: the tag it needs"
ok "$([ ! -e "$T_TMP/y.json" ] && echo 0 || echo 1)" "a refused export writes no file"
ctl delete_user adm_mon >/dev/null 2>&1
delete_queues adm_q pol_q
curl -sf -u guest:guest -X DELETE "$MGMT/api/policies/%2f/adm_p" >/dev/null 2>&1
curl -sf -u guest:guest -X DELETE "$MGMT/api/exchanges/%2f/adm_x" >/dev/null 2>&1
done_testing
