/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_keys: which key sequences mean what. Terminals disagree (xterm,
 * tmux, the Linux console), so each action lists the common sequences and
 * terminfo's own; readline is told about all of them.
 */
#include "config.h"

#include <curses.h>
#include <string.h>
#include <term.h>

#include "tui_int.h"

struct tui_key {
	const char *seq;      /* literal, or NULL */
	const char *terminfo; /* capability name, or NULL */
	enum tui_action act;
};

static const struct tui_key tui_key_table[] = {
	{"\033OP", "kf1", TUI_ACT_HELP},
	{"\033[11~", NULL, TUI_ACT_HELP},
	{"\033[[A", NULL, TUI_ACT_HELP},
	{"\033[17~", "kf6", TUI_ACT_FOCUS_NEXT},
	{"\033[17;2~", "kf18", TUI_ACT_FOCUS_PREV},
	{"\033[29~", NULL, TUI_ACT_FOCUS_PREV}, /* rxvt/tmux "shift-F6" as F16 */
	{"\033[A", "kcuu1", TUI_ACT_UP},
	{"\033OA", NULL, TUI_ACT_UP},
	{"\033[B", "kcud1", TUI_ACT_DOWN},
	{"\033OB", NULL, TUI_ACT_DOWN},
	{"\033[5~", "kpp", TUI_ACT_PGUP},
	{"\033[6~", "knp", TUI_ACT_PGDN},
	{"\033[H", "khome", TUI_ACT_HOME},
	{"\033OH", NULL, TUI_ACT_HOME},
	{"\033[1~", NULL, TUI_ACT_HOME},
	{"\033[7~", NULL, TUI_ACT_HOME},
	{"\033[F", "kend", TUI_ACT_END},
	{"\033OF", NULL, TUI_ACT_END},
	{"\033[4~", NULL, TUI_ACT_END},
	{"\033[8~", NULL, TUI_ACT_END},
	{"\033OQ", "kf2", TUI_ACT_ACK},
	{"\033[12~", NULL, TUI_ACT_ACK},
	{"\033OR", "kf3", TUI_ACT_NACK},
	{"\033[13~", NULL, TUI_ACT_NACK},
	{"\033OS", "kf4", TUI_ACT_REJECT},
	{"\033[14~", NULL, TUI_ACT_REJECT},
	{"\033[15~", "kf5", TUI_ACT_PAUSE},
	{"\033[18~", "kf7", TUI_ACT_FILTER},
	{"\033[19~", "kf8", TUI_ACT_SORT},
	{"\033[21~", "kf10", TUI_ACT_QUIT},
	{"\033[20~", "kf9", TUI_ACT_AGAIN},
	{"\033[23~", "kf11", TUI_ACT_BACK},
	{"\033[24~", "kf12", TUI_ACT_NEXT},
	{"\033[24;2~", "kf24", TUI_ACT_LAYOUT},
	{"\003", NULL, TUI_ACT_CLEAR},
	{"\014", NULL, TUI_ACT_REDRAW},
};

#define TUI_NKEYS (sizeof tui_key_table / sizeof tui_key_table[0])

static const char *tui_keys_terminfo(const char *cap)
{
	char *s = cap ? tigetstr(cap) : NULL;

	return s && s != (char *)-1 && *s ? s : NULL;
}

const char *const *tui_keys_sequences(void)
{
	static const char *seqs[2 * TUI_NKEYS + 1];
	size_t i, n = 0;

	for (i = 0; i < TUI_NKEYS; i++) {
		const char *ti = tui_keys_terminfo(tui_key_table[i].terminfo);

		seqs[n++] = tui_key_table[i].seq;
		if (ti && strcmp(ti, tui_key_table[i].seq))
			seqs[n++] = ti;
	}
	seqs[n] = NULL;
	return seqs;
}

enum tui_action tui_keys_action(struct tui *t, const char *seq)
{
	size_t i;

	for (i = 0; i < TUI_NKEYS; i++) {
		const char *ti = tui_keys_terminfo(tui_key_table[i].terminfo);

		if (!strcmp(seq, tui_key_table[i].seq) || (ti && !strcmp(seq, ti)))
			return tui_key_table[i].act;
	}
	return TUI_ACT_NONE;
}

size_t tui_keys_parse(const unsigned char *buf, size_t n, enum tui_action *act, int *ch)
{
	size_t i, best = 0;

	*act = TUI_ACT_NONE;
	*ch = 0;
	for (i = 0; i < TUI_NKEYS; i++) {
		const char *seqs[2] = {tui_key_table[i].seq,
				       tui_keys_terminfo(tui_key_table[i].terminfo)};
		int k;

		for (k = 0; k < 2; k++) {
			size_t len = seqs[k] ? strlen(seqs[k]) : 0;

			if (len > best && len <= n && !memcmp(buf, seqs[k], len)) {
				best = len;
				*act = tui_key_table[i].act;
			}
		}
	}
	if (best)
		return best;
	*ch = buf[0];
	if (buf[0] == 033) {
		/* an unknown sequence: swallow it whole; Esc alone closes */
		if (n == 1 || (buf[1] != '[' && buf[1] != 'O')) {
			*act = TUI_ACT_ESCAPE;
			return 1;
		}
		for (i = 1; i < n && i < 8; i++)
			if ((buf[i] >= 'A' && buf[i] <= 'Z') || (buf[i] >= 'a' && buf[i] <= 'z') ||
			    buf[i] == '~')
				return i + 1;
		return n;
	}
	if (buf[0] == '\t')
		*act = TUI_ACT_TAB;
	return 1;
}

const char *const tui_keys_help[] = {
	"warren keys (typing always goes to the command line)",
	"",
	"  F1            this help (Esc closes it)",
	"  F6 / Shift-F6 move the focus through Connections, Queues, Consumers, Messages",
	"                and back to the command line",
	"  Up/Down       move the selection in the focused pane (history on the command line)",
	"  PgUp/PgDn     page through the focused pane (the Messages pane otherwise)",
	"  Home/End      first / last row; End in Messages follows the newest again",
	"  Enter         on an empty line: open the selected row (message detail,",
	"                queue detail)",
	"  F2 / F3 / F4  ack / nack (requeue) / reject the selected pending message",
	"  F5            pause / resume the live log (messages keep being counted)",
	"  F7            filter the focused pane: types 'filter ' for you",
	"  F8            next sort key of the Queues pane (name, ready, unacked, ...)",
	"  F10           quit (unacked messages go back to their queues)",
	"  F9 / F11 / F12  in a lesson: this step again (its command typed in again),",
	"                the step before, the next step; Enter on an empty line: next",
	"  Shift-F12     the class layout on / off (Connections folded, Messages larger)",
	"  Tab           complete commands, flags, queue and exchange names",
	"  Ctrl-R        search the history;  Ctrl-C clears the line;  Ctrl-L redraws",
	"  Ctrl-D        on an empty line: quit",
	"",
	"In the views over the panes (help, message, distribution, lists): typing",
	"still goes to the command line; arrows, PgUp/PgDn, Home/End scroll; Esc closes.",
	"In the message detail: Tab (empty line) switches text / hex / json,",
	"F2/F3/F4 settle the message shown.",
	"",
	"Commands: type 'help'; 'help CMD' shows a command's flags.",
	NULL,
};
