#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package: built with dpkg-buildpackage in a scratch copy of the
# tree, checked with lintian (no error, no warning), unpacked into a scratch
# root and run from there. TAP on stdout. `make deb` runs it, and
# `QS_DEB=1 ./quickstart check` (which installs debhelper, dpkg-dev,
# fakeroot and lintian first). It is not part of make check: it takes
# minutes and needs those packages.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

for tool in dpkg-buildpackage dh fakeroot lintian; do
	command -v "$tool" >/dev/null ||
		skip_all "$tool is missing: apt-get install debhelper dpkg-dev fakeroot lintian"
done
plan 13

# a scratch copy of the sources: what git knows (and new files not ignored)
src=$T_TMP/warren-src
mkdir -p "$src"
if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$top_srcdir" ls-files -z -co --exclude-standard | (cd "$top_srcdir" &&
		tar --null --ignore-failed-read -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$top_srcdir" --exclude=.git -cf - . | tar -C "$src" -xf -
	(cd "$src" && { [ ! -f Makefile ] || make distclean >/dev/null 2>&1; })
fi

start=$SECONDS
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$T_TMP/build.log" 2>&1
ok $? "dpkg-buildpackage -us -uc -b builds the package ($((SECONDS - start)) s)"
deb=$(ls "$T_TMP"/warren_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || tail -n 30 "$T_TMP/build.log" | sed 's/^/#   /' >&2

start=$SECONDS
lintian -I --fail-on error,warning "$T_TMP"/warren_*.changes >"$T_TMP/lintian.log" 2>&1
ok $? "lintian: no error and no warning ($((SECONDS - start)) s)"
grep -E '^[IP]: ' "$T_TMP/lintian.log" | sed 's/^/# lintian: /' >&2
unlike "$T_TMP/lintian.log" '^[EW]: ' "lintian says nothing worse than info"

dpkg-deb -c "$deb" >"$T_TMP/contents" 2>&1
for f in usr/bin/warren usr/libexec/warren/warren-sandbox usr/share/man/man1/warren.1.gz \
	usr/share/bash-completion/completions/warren usr/share/zsh/vendor-completions/_warren \
	usr/share/fish/vendor_completions.d/warren.fish usr/share/doc/warren/copyright; do
	like "$T_TMP/contents" " \./$f\$" "the package installs /$f"
done
like <(dpkg-deb -f "$deb" Depends Recommends) "^Depends: .*libinih1.*" \
	"Depends (from shlibs) names the libraries, libinih1 among them"

root=$T_TMP/root
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/warren" --version >"$T_TMP/version" 2>&1
like "$T_TMP/version" "^License GPL-3\.0-or-later" "the installed warren --version runs and names its license"
"$root/usr/bin/warren" --completion bash | cmp -s - "$root/usr/share/bash-completion/completions/warren"
ok $? "the installed bash completion is what the installed program generates"
cp "$T_TMP/lintian.log" "${DEB_LINTIAN_LOG:-/dev/null}" 2>/dev/null
rm -rf "$src"
done_testing
