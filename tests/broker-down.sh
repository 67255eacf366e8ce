#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Stop the shared test broker (started by tests/broker-up.sh) by its PIDs.
. "$(dirname "$0")/lib.sh"
plan 1
if [ ! -f "$BROKER_ENV" ]; then
	ok 0 "no broker to stop # SKIP none was started"
	exit 0
fi
. "$BROKER_ENV"
"$WARREN_SANDBOX" stop "$WS_DIR"
rm -f "$BROKER_ENV"
[ ! -d "$WS_DIR" ]
ok $? "broker stopped and its directory removed"
done_testing
