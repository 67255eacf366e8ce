#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line's own outputs: --version, and the bash completion that
# --completion generates, loaded into a real bash and run the way bash runs
# it (COMP_WORDS, COMP_CWORD, the function, COMPREPLY). No broker needed.
# The same scripts under interactive bash, zsh and fish: tests/tui/shells.sh.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
plan 26

# ---- --version ----------------------------------------------------------------
"$WARREN" --version >"$T_TMP/version" 2>&1
is "$?" 0 "--version exits 0"
like "$T_TMP/version" "^warren [0-9]+\.[0-9]+" "--version: warren's version"
for lib in rabbitmq-c ncurses readline libcurl jansson OpenSSL libinih; do
	like "$T_TMP/version" "^  $lib +[0-9]" "--version: $lib's version"
done
like "$T_TMP/version" "^License GPL-3\.0-or-later" "--version: the license"
like "$T_TMP/version" "There is NO WARRANTY, to the extent permitted by law\." "--version: no warranty"

# ---- bash ---------------------------------------------------------------------
"$WARREN" --completion bash >"$T_TMP/warren.bash"
is "$?" 0 "--completion bash"
is "$(bash --norc --noprofile -c '. "$1"; complete -p warren' x "$T_TMP/warren.bash")" \
	"complete -F _warren warren" "bash: the script registers _warren for warren"

# comp WORD...: what bash offers for the last word, one a line, sorted
comp() {
	bash --norc --noprofile -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_warren 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"' x "$T_TMP/warren.bash" "$@" |
		sort | tr '\n' ' '
}
is "$(comp warren --comp)" "--completion " "bash: an option from its first letters"
is "$(comp warren --completion '')" "bash fish zsh " "bash: --completion offers its choices"
is "$(comp warren --completion = z)" "zsh " "bash: --completion=z"
"$WARREN" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' ' >"$T_TMP/help-opts"
is "$(comp warren -- | tr ' ' '\n' | grep -- '^--' | sort -u | tr '\n' ' ')" "$(cat "$T_TMP/help-opts")" \
	"bash: every option --help shows, and no other"

mkdir -p "$T_TMP/cfgdir"
printf '[prod]\nurl = amqp://h1/\n[staging]\nurl = amqp://h2/\n[dev]\nurl = amqp://h3/\n' \
	>"$T_TMP/cfgdir/config"
chmod 600 "$T_TMP/cfgdir/config"
is "$(comp "$WARREN" --config "$T_TMP/cfgdir/config" -P '')" "dev prod staging " \
	"bash: -P offers the profile names of --config FILE (asked of warren --profiles --names)"
is "$(comp "$WARREN" --config "$T_TMP/cfgdir/config" --profile s)" "staging " "bash: --profile s"
is "$(comp warren --config "$T_TMP/cfgdir/con")" "$T_TMP/cfgdir/config " "bash: --config completes file names"

# -c: the commands of the command table
is "$(comp warren -c "'decl")" "declare " "bash: -c completes a command's name (inside the quote)"
is "$(comp warren -c "'declare ")" "declare exchange declare policy declare queue declare vhost " \
	"bash: -c completes the second word of a two-word command"
is "$(comp warren -c "'status; li")" "status; list " "bash: -c completes the command after a ';'"
is "$(comp warren -c "'publish q hi --exc")" "publish q hi --exchange " "bash: -c completes a command's flags"

"$WARREN" --completion ksh >"$T_TMP/ksh" 2>&1
is "$?" 2 "--completion for a shell it does not know: exit status 2"
like "$T_TMP/ksh" "no completion for 'ksh': say bash, zsh or fish" "and it says which shells it knows"
done_testing
