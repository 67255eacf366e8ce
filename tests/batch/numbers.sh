#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Numbers users type: NaN, infinities and absurd sizes are refused with the
# range, like any other bad number (a NaN timer would wedge the loop).
. "$(dirname "$0")/../lib.sh"
need_broker
plan 14
delete_queues wt-num
o=$T_TMP/out

wb --batch <<<'declare queue wt-num
sleep nan
sleep inf
wait nan
sleep -0
worker speed nan
worker speed inf
worker add wn1 wt-num --speed nan
worker add wn2 wt-num --fail nan
worker add wn3 wt-num --work ms:nan
worker add wn4 wt-num --work ms:inf
worker add wn5 wt-num --work rand:0-inf
worker add wn6 wt-num --work ms:1e300
replay /dev/null --speed nan
worker list' >"$o" 2>&1
like "$o" "^error: sleep: SECONDS is a number from 0 to 86400, not 'nan'" "sleep nan"
like "$o" "^error: sleep: SECONDS is a number from 0 to 86400, not 'inf'" "sleep inf"
like "$o" "^error: wait: SECONDS is a number from 0 to 86400, not 'nan'" "wait nan"
unlike "$o" "not '-0'" "sleep -0 is a number (0)"
like "$o" "^error: worker speed: F is a number above 0 and up to 1000, not 'nan'" "worker speed nan"
like "$o" "^error: worker speed: F is a number above 0 and up to 1000, not 'inf'" "worker speed inf"
like "$o" "^error: worker add: --speed wants a number from 0 to 1000, not 'nan'" "--speed nan"
like "$o" "^error: worker add: --fail wants a number from 0 to 1, not 'nan'" "--fail nan"
like "$o" "^error: worker add: --work is .*not 'ms:nan'" "--work ms:nan"
like "$o" "^error: worker add: --work is .*not 'ms:inf'" "--work ms:inf"
like "$o" "^error: worker add: --work is .*not 'rand:0-inf'" "--work rand:0-inf"
like "$o" "^error: worker add: --work is .*at most 86400000.*not 'ms:1e300'" "--work ms:1e300"
like "$o" "^error: replay: --speed wants a number from 0 to 1000, not 'nan'" "replay --speed nan"
unlike "$o" "consumer wn[0-9] started" "no worker started"
delete_queues wt-num
done_testing
