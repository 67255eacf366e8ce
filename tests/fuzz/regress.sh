#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Replay the fuzzers' seed corpora and the inputs of fixed crashes through
# the harnesses, built by the normal compiler (see tests/unit/regress_main.c).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/unit/fuzz-regress" "$top_srcdir/tests/fuzz"
