#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh: build the libFuzzer harnesses with clang and run each for a
# bounded time (`make fuzz` runs this from the top build directory).
#
#   tests/fuzz/run.sh [TARGET...]      targets: cmd uri text props mgmt print
#
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_JOBS     targets run at once (default 1)
#   FUZZ_CC       the compiler (default clang; it needs libclang-rt)
#   WARREN_CFLAGS, WARREN_LIBS   the libraries' flags (make fuzz sets them)
#
# The project's sources are compiled again with
# -fsanitize=fuzzer-no-link,address,undefined into tests/fuzz/build/; each
# fuzzer grows its corpus there from the seeds in tests/fuzz/corpus/ and the
# kept crash inputs in tests/fuzz/regress/. A crash, a leak, a sanitizer
# report or a broken promise (FUZZ_CHECK) is saved under
# tests/fuzz/build/crashes/TARGET/ and makes the run fail: fix it, then
# keep the input in tests/fuzz/regress/TARGET/ so `make check` replays it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(cd "$here/../.." && pwd)
top_builddir=$(pwd)
out=$top_builddir/tests/fuzz/build
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cc=${FUZZ_CC:-clang}

say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

[ -f "$top_builddir/config.h" ] || die "no config.h here: run ./configure, then make fuzz"
command -v "$cc" >/dev/null || die "$cc not found: apt-get install clang libclang-rt-14-dev"

targets=${*:-"cmd uri text props mgmt print"}

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# `make fuzz` passes the flags the build uses; run by hand, ask pkg-config.
pkgs="librabbitmq jansson ncursesw readline libcurl libssl libcrypto"
: "${WARREN_CFLAGS:=-pthread $(pkg-config --cflags $pkgs)}"
: "${WARREN_LIBS:=$(pkg-config --libs $pkgs) -lm}"
cflags="-g -O1 $san $WARREN_CFLAGS -DHAVE_CONFIG_H -DWARREN_LIBEXECDIR=\"/nonexistent\"
	-I$top_builddir -I$top_srcdir/src -I$here"
libs="$WARREN_LIBS -pthread"

# ---- build: every module but main.c, then one binary per target ---------
mkdir -p "$out/obj"
rm -f "$out/failed"
par=$(nproc 2>/dev/null || echo 2)
compile() {
	o=$out/obj/$(basename "$1" .c).o
	# up to date: newer than its source and every header
	if [ "$o" -nt "$1" ] && [ "$o" -nt "$top_builddir/config.h" ] &&
		[ -z "$(find "$top_srcdir/src" -name '*.h' -newer "$o")" ]; then
		return 0
	fi
	# shellcheck disable=SC2086
	$cc -fsanitize=fuzzer-no-link $cflags -c "$1" -o "$o" || { rm -f "$o"; touch "$out/failed"; }
}
say "compiling src/ with $cc -fsanitize=fuzzer-no-link,address,undefined"
n=0
for src in "$top_srcdir"/src/*.c; do
	[ "$(basename "$src")" = main.c ] && continue
	compile "$src" &
	n=$((n + 1))
	[ $((n % par)) -eq 0 ] && wait
done
wait
[ -f "$out/failed" ] && die "compiling src/ failed"
# objects of sources that were removed since
for o in "$out"/obj/*.o; do
	[ -f "$top_srcdir/src/$(basename "$o" .o).c" ] || rm -f "$o"
done
rm -f "$out/libwarren-fuzz.a"
ar rcs "$out/libwarren-fuzz.a" "$out"/obj/*.o
for t in $targets; do
	[ -f "$here/fuzz_$t.c" ] || die "unknown target $t"
	# shellcheck disable=SC2086
	$cc -fsanitize=fuzzer $cflags -DFUZZ_LIBFUZZER "$here/fuzz_$t.c" \
		"$out/libwarren-fuzz.a" $libs -o "$out/fuzz_$t" || die "linking fuzz_$t failed"
done

# ---- run -----------------------------------------------------------------
fuzz_one() {
	t=$1
	mkdir -p "$out/corpus/$t" "$out/crashes/$t" "$here/corpus/$t" "$here/regress/$t"
	dict=
	[ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
	# shellcheck disable=SC2086
	"$out/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$t/" $dict \
		"$out/corpus/$t" "$here/corpus/$t" "$here/regress/$t" >"$out/$t.log" 2>&1 || true
}

say "running $(echo $targets | wc -w) target(s), ${seconds} s each, $jobs at a time"
rm -f "$out"/*.log
n=0
for t in $targets; do
	rm -f "$out/crashes/$t"/* 2>/dev/null || true
	fuzz_one "$t" &
	n=$((n + 1))
	[ $((n % jobs)) -eq 0 ] && wait
done
wait

status=0
for t in $targets; do
	log=$out/$t.log
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	crashes=$(find "$out/crashes/$t" -type f | wc -l)
	corpus=$(find "$out/corpus/$t" -type f | wc -l)
	printf '%-6s %12s executions run, %d crash(es) found, corpus %d inputs\n' \
		"$t" "${runs:-?}" "$crashes" "$corpus"
	if [ "$crashes" -gt 0 ]; then
		status=1
		find "$out/crashes/$t" -type f | sed 's/^/         /'
		grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY|.*broken promise|.*runtime error)' "$log" |
			sed 's/^/         /'
	elif [ -z "$runs" ]; then
		status=1
		say "$t did not finish: see $log"
	fi
done
exit $status
