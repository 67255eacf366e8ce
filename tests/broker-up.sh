#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Start the private RabbitMQ node that the whole test run shares. Its
# supervisor watches `make` and takes the node down if the run is cut short;
# tests/broker-down.sh stops it at the end of a normal run.
. "$(dirname "$0")/lib.sh"
plan 2

owner=${BROKER_OWNER:-}
if [ -z "$owner" ]; then
	p=$PPID
	while [ -n "$p" ] && [ "$p" -gt 1 ]; do
		case "$(cat "/proc/$p/comm" 2>/dev/null)" in make | gmake) owner=$p; break ;; esac
		p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)
	done
	[ -n "$owner" ] || owner=$PPID
fi
[ -f "$BROKER_ENV" ] && . "$BROKER_ENV" && [ -d "${WS_DIR:-/nonexistent}" ] &&
	"$WARREN_SANDBOX" stop "$WS_DIR"
rm -f "$BROKER_ENV"
start=$SECONDS
if "$WARREN_SANDBOX" start --owner "$owner" >"$T_TMP/env" 2>"$T_TMP/err"; then
	mv "$T_TMP/env" "$BROKER_ENV"
	ok 0 "private broker started in $((SECONDS - start)) s"
	need_broker
	out=$(amqp-declare-queue --url="$URL" -q warren-test-ping 2>&1)
	is "$out" "warren-test-ping" "amqp-tools reach it"
	amqp-delete-queue --url="$URL" -q warren-test-ping >/dev/null 2>&1
else
	ok 1 "private broker started"
	sed 's/^/# /' "$T_TMP/err" >&2
	ok 1 "amqp-tools reach it"
fi
done_testing
