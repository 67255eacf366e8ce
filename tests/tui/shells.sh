#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The generated completions in the shells themselves, typed under tmux: bash
# (always), zsh and fish when they are installed (skipped otherwise: the
# suite does not install them). Tab on options, their choices, profile
# names (asked of warren at completion time) and the commands of -c.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
plan 12

mkdir -p "$T_TMP/bin" "$T_TMP/zsh" "$T_TMP/cfg"
ln -s "$WARREN" "$T_TMP/bin/warren"
"$WARREN" --completion bash >"$T_TMP/warren.bash"
"$WARREN" --completion zsh >"$T_TMP/zsh/_warren"
"$WARREN" --completion fish >"$T_TMP/warren.fish"
printf '[prod]\nurl = amqp://h1/\n[staging]\nurl = amqp://h2/\n' >"$T_TMP/cfg/config"
chmod 600 "$T_TMP/cfg/config"
CFG=$T_TMP/cfg/config
T_CLEANUP_TMUX=1

# shell_start NAME COMMAND...: an interactive shell in tmux session NAME, with warren on PATH
shell_start() {
	local name=$1
	shift
	tmx -f /dev/null new-session -d -s "$name" -x 150 -y 30 \
		"env -i HOME='$T_TMP' TERM=screen PATH='$T_TMP/bin:/usr/bin:/bin' $*"
	sleep 0.5
}
# tab NAME TEXT: clear the line, type TEXT and Tab twice (a list shows on the second)
tab() {
	tmx send-keys -t "$1" C-u
	tmx send-keys -t "$1" -l "$2"
	tmx send-keys -t "$1" Tab
	sleep 0.5
	tmx send-keys -t "$1" Tab
}
# shows NAME REGEX DESCRIPTION: the screen of NAME shows a line matching REGEX (within 10 s)
shows() {
	local start=$SECONDS
	while [ $((SECONDS - start)) -lt 10 ]; do
		tmx capture-pane -p -t "$1" | grep -Eq -- "$2" && {
			ok 0 "$3"
			return
		}
		sleep 0.2
	done
	ok 1 "$3"
	tmx capture-pane -p -t "$1" | sed 's/^/#   |/' >&2
}
skip() { # skip N REASON
	local i
	for i in $(seq "$1"); do
		T_NUM=$((T_NUM + 1))
		echo "ok $T_NUM # SKIP $2"
	done
}

# ---- bash, with readline ----------------------------------------------------
shell_start b bash --norc --noprofile
tmx send-keys -t b -l ". '$T_TMP/warren.bash'; PS1='$ '"
tmx send-keys -t b Enter
tab b 'warren --completion '
shows b "^bash +fish +zsh" "bash: Tab after --completion lists bash, fish, zsh"
tab b "warren --config $CFG -P "
shows b "^prod +staging" "bash: Tab after -P lists the profiles of --config FILE"
tab b "warren --config $CFG --profile st"
shows b "--profile staging" "bash: --profile st completes to staging"
tab b "warren -c 'worker a"
shows b "warren -c 'worker add" "bash: -c completes warren's own commands"

# ---- zsh --------------------------------------------------------------------
if command -v zsh >/dev/null; then
	shell_start z zsh -f
	tmx send-keys -t z -l "fpath=('$T_TMP/zsh' \$fpath); autoload -U compinit; compinit -u; PS1='%% '"
	tmx send-keys -t z Enter
	tab z 'warren --completion '
	shows z "^bash +fish +zsh" "zsh: Tab after --completion lists bash, fish, zsh"
	tab z "warren --config $CFG -P "
	shows z "^prod +staging" "zsh: Tab after -P lists the profiles of --config FILE"
	tab z 'warren -c de'
	shows z "^declare +-- declare queue exchange" "zsh: -c lists warren's commands with their help"
	tab z 'warren --sandbox-d'
	shows z "warren --sandbox-dir" "zsh: an option from its first letters"
else
	skip 4 "zsh is not installed"
fi

# ---- fish ---------------------------------------------------------------------
if command -v fish >/dev/null; then
	shell_start f fish --no-config
	tmx send-keys -t f -l "source '$T_TMP/warren.fish'; function fish_prompt; echo '> '; end"
	tmx send-keys -t f Enter
	tab f 'warren --completion '
	shows f "zsh +\(print the shell completion script\)" "fish: Tab after --completion lists the shells"
	tab f "warren --config $CFG -P "
	shows f "staging +\(connect to the broker of profile" "fish: Tab after -P lists the profiles"
	tab f 'warren -c tut'
	shows f "warren -c tutorial" "fish: -c completes warren's own commands"
	tab f 'warren --scr'
	shows f "warren --script" "fish: an option from its first letters"
else
	skip 4 "fish is not installed"
fi
# the shells write history into HOME as they go: let them finish before it is removed
tmx kill-server 2>/dev/null
T_CLEANUP_TMUX=
sleep 0.5
done_testing
