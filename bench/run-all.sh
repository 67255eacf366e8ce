#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/run-all.sh: every benchmark, one after another (`make bench`).
#
# Each script builds what it needs, starts its own private broker and stops
# it, and prints its table on stdout (progress goes to stderr). A missed
# target is a result, not an error: this exits non-zero only when a script
# could not run. BENCH_ONLY="consume idle" runs a subset.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scripts=${BENCH_ONLY:-"consume publish typing idle memory mgmt_refresh failover"}
failed=

for s in $scripts; do
	# mgmt_refresh.sh (10,000 queues) comes from elsewhere; run it when it is there.
	[ -f "$here/$s.sh" ] || continue
	echo
	echo "==== bench/$s.sh"
	if ! bash "$here/$s.sh"; then
		echo "bench/$s.sh did not complete"
		failed="$failed $s"
	fi
done
if [ -n "$failed" ]; then
	echo
	echo "not completed:$failed"
	exit 1
fi
