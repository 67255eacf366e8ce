/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console: all readline glue for the dashboard's command line.
 *
 * readline runs in callback mode and never touches the terminal: bytes read
 * by the UI loop are queued and fed to it (all of them at once, so
 * multibyte characters and Ctrl-R search work), rl_redisplay_function draws
 * the line into the command window, and the completion list is drawn inside
 * the screen by the dashboard. History lives in
 * $XDG_STATE_HOME/warren/history with every URL password masked.
 */
#include "config.h"

#include "console.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app.h"
#include "cmd.h"
#include "file.h"
#include "profile.h"
#include "pane.h"
#include "text.h"
#include "uri.h"
#include "xmalloc.h"

#define CONSOLE_HISTORY_MAX 1000
#define CONSOLE_MAX_MATCHES 200

static struct {
	struct app *app;
	const struct console_hooks *hooks;
	unsigned char *q; /* bytes waiting for readline */
	size_t qhead, qlen, qcap;
	char *history;
	char **matches; /* the last completion list, for the dashboard to show */
	int nmatches;
	FILE *devnull;
	/* completion context */
	const struct cmd_entry *entry;
	char complete_kind;
	const char *words;
} console;

/* ---- input ------------------------------------------------------------- */

static int console_getc(FILE *f)
{
	if (console.qhead == console.qlen)
		return EOF;
	return console.q[console.qhead++];
}

static int console_input_available(void)
{
	return console.qhead < console.qlen;
}

void console_feed(const unsigned char *buf, size_t n)
{
	if (console.qhead == console.qlen)
		console.qhead = console.qlen = 0;
	XGROW(console.q, console.qlen + n, console.qcap);
	memcpy(console.q + console.qlen, buf, n);
	console.qlen += n;
	while (console.qhead < console.qlen)
		rl_callback_read_char();
}

/* ---- the accepted line ------------------------------------------------- */

static void console_history_add(const char *line)
{
	char *masked = uri_mask_text(line);
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;

	if (!last || strcmp(last->line, masked)) {
		add_history(masked);
		if (console.history)
			append_history(1, console.history);
	}
	free(masked);
}

static void console_line(char *line)
{
	if (!line) {
		/* Ctrl-D on an empty line */
		console.hooks->eof(console.app);
		return;
	}
	if (*line)
		console_history_add(line);
	console_matches_clear();
	console.hooks->line(console.app, line);
	free(line);
}

/* ---- drawing ----------------------------------------------------------- */

/* Columns of the first n bytes of s (s is UTF-8 from text_safe). */
static size_t console_cols(const char *s)
{
	return text_width(s);
}

/* Skip skip columns of s; returns the byte offset. */
static size_t console_skip(const char *s, size_t skip)
{
	mbstate_t st;
	size_t off = 0, cols = 0;

	memset(&st, 0, sizeof st);
	while (s[off] && cols < skip) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + off, MB_CUR_MAX, &st);
		int wdt;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wdt = 1;
		} else {
			wdt = wcwidth(wc);
			if (wdt < 0)
				wdt = 1;
		}
		off += k;
		cols += (size_t)wdt;
	}
	return off;
}

void console_draw(WINDOW *w, int y, int cols)
{
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	char *before, *after, *line;
	size_t pcols, cur, skip = 0, off;
	char saved = rl_line_buffer[rl_point];

	rl_line_buffer[rl_point] = 0;
	before = text_safe(rl_line_buffer, strlen(rl_line_buffer), 0, 0);
	rl_line_buffer[rl_point] = saved;
	after = text_safe(rl_line_buffer + rl_point, strlen(rl_line_buffer + rl_point), 0, 0);
	line = msg_printf("%s%s%s", prompt, before, after);
	pcols = console_cols(prompt);
	cur = pcols + console_cols(before);
	/* scroll sideways so the cursor stays on screen */
	if (cols > 8 && cur >= (size_t)cols - 1)
		skip = cur - (size_t)cols + 8;
	off = console_skip(line, skip);
	wmove(w, y, 0);
	wclrtoeol(w);
	tui_put(w, y, 0, cols, line + off);
	wmove(w, y, (int)(cur - skip));
	free(before);
	free(after);
	free(line);
}

static void console_redisplay(void)
{
	console.hooks->redisplay(console.app);
}

/* ---- completion -------------------------------------------------------- */

void console_matches_clear(void)
{
	int i;

	for (i = 0; i < console.nmatches; i++)
		free(console.matches[i]);
	free(console.matches);
	console.matches = NULL;
	console.nmatches = 0;
}

int console_matches(const char *const **out)
{
	*out = (const char *const *)console.matches;
	return console.nmatches;
}

static void console_display_matches(char **matches, int n, int max)
{
	int i;

	console_matches_clear();
	if (n > CONSOLE_MAX_MATCHES)
		n = CONSOLE_MAX_MATCHES;
	console.matches = msg_alloc(sizeof *console.matches * (size_t)(n ? n : 1));
	for (i = 0; i < n; i++)
		console.matches[i] = msg_strdup(matches[i + 1]);
	console.nmatches = n;
	console.hooks->redisplay(console.app);
}

/* Candidate words for the current context, filtered by prefix. */
/* Where a completion left off between calls of the generator. */
static struct {
	size_t i;
	const struct cmd_entry *const *e;
	const char *p;
} console_gen;

/* The first words of the commands ("declare" once for both of its forms). */
static char *console_gen_command(const char *text, size_t len)
{
	for (; *console_gen.e; console_gen.e++) {
		const struct cmd_entry *const *e = console_gen.e, *const *prev;
		size_t k = strcspn((*e)->name, " ");
		char first[64];
		int dup = 0;

		snprintf(first, sizeof first, "%.*s", (int)k, (*e)->name);
		for (prev = cmd_table; prev < e; prev++)
			if (!strncmp((*prev)->name, first, k) &&
			    ((*prev)->name[k] == ' ' || !(*prev)->name[k]))
				dup = 1;
		if (!dup && !strncmp(first, text, len)) {
			console_gen.e++;
			return msg_strdup(first);
		}
	}
	return NULL;
}

/* The second word of a two-word command whose first word was typed. */
static char *console_gen_second(const char *text, size_t len)
{
	for (; *console_gen.e; console_gen.e++) {
		const char *name = (*console_gen.e)->name, *sp = strchr(name, ' ');

		if (sp && strlen(console.words) == (size_t)(sp - name) &&
		    !strncmp(name, console.words, (size_t)(sp - name)) && !strncmp(sp + 1, text, len)) {
			console_gen.e++;
			return msg_strdup(sp + 1);
		}
	}
	return NULL;
}

static char *console_gen_flag(const char *text, size_t len)
{
	const struct cmd_flag *f = console.entry->flags;

	for (; f && f[console_gen.i].name; console_gen.i++) {
		char *s = msg_printf("--%s", f[console_gen.i].name);

		if (!strncmp(s, text, len)) {
			console_gen.i++;
			return s;
		}
		free(s);
	}
	return NULL;
}

/* One of the words of "a|b|c" (a flag's or an argument's choices). */
static char *console_gen_choice(const char *text, size_t len)
{
	while (console_gen.p && *console_gen.p) {
		const char *w = console_gen.p;
		size_t k = strcspn(w, "|");

		console_gen.p += k + (w[k] == '|');
		if (k >= len && !strncmp(w, text, len))
			return msg_printf("%.*s", (int)k, w);
	}
	return NULL;
}

/* The i-th name of a kind the model knows (queues, exchanges, tags, profiles), or NULL. */
static const char *console_name_at(int kind, size_t i)
{
	const struct model *m = &console.app->model;
	const struct profile_set *ps = console.app->profiles;

	switch (kind) {
	case 'q': return i < m->queues.n ? m->queues.v[i] : NULL;
	case 'e': return i < m->exchanges.n ? m->exchanges.v[i] : NULL;
	case 'c': return i < m->nconsumers ? m->consumers[i]->tag : NULL;
	case 'p': return ps && i < ps->n ? ps->v[i].name : NULL;
	default: return NULL;
	}
}

/* A name that starts with text, quoted when it is not a plain word. */
static char *console_gen_name(const char *text, size_t len, int kind)
{
	const char *name;

	while ((name = console_name_at(kind, console_gen.i++)))
		if (!strncmp(name, text, len))
			return cmd_quote(name);
	return NULL;
}

static char *console_generate(const char *text, int state)
{
	size_t len = strlen(text);

	if (!state) {
		console_gen.i = 0;
		console_gen.e = cmd_table;
		console_gen.p = console.words;
	}
	switch (console.complete_kind) {
	case 'C': return console_gen_command(text, len);
	case '2': return console_gen_second(text, len);
	case '-': return console_gen_flag(text, len);
	case 'w': return console_gen_choice(text, len);
	default: return console_gen_name(text, len, console.complete_kind);
	}
}

/* Work out what the word at start is: a command, a flag, a flag's value, an argument. */
static void console_context(int start)
{
	char *upto = msg_printf("%.*s", start, rl_line_buffer), *semi = strrchr(upto, ';');
	char **w = NULL, err[128];
	int n = cmd_split_words(semi ? semi + 1 : upto, &w, err, sizeof err), used = 0, i, pos = 0;

	console.complete_kind = 0;
	console.entry = NULL;
	console.words = NULL;
	if (n <= 0) {
		console.complete_kind = n == 0 ? 'C' : 0;
		goto out;
	}
	console.entry = cmd_lookup(w, n, &used);
	if (!console.entry) {
		if (n == 1) {
			static char first[64];

			snprintf(first, sizeof first, "%s", w[0]);
			console.complete_kind = '2';
			console.words = first;
		}
		goto out;
	}
	if (n == 1 && used == 1) {
		/* "delete" is also the start of "delete queue" */
		static char first[64];
		const struct cmd_entry *const *e;

		snprintf(first, sizeof first, "%s", w[0]);
		for (e = cmd_table; *e; e++)
			if (!strncmp((*e)->name, first, strlen(first)) &&
			    (*e)->name[strlen(first)] == ' ') {
				console.complete_kind = '2';
				console.words = first;
				goto out;
			}
	}
	/* count positionals; a flag with a value takes the next word */
	for (i = used; i < n; i++) {
		if (!strncmp(w[i], "--", 2)) {
			const struct cmd_flag *f;

			for (f = console.entry->flags; f && f->name; f++)
				if (!strcmp(f->name, w[i] + 2))
					break;
			if (f && f->name && f->kind != CMD_BOOL && !strchr(w[i], '=')) {
				if (i == n - 1) {
					console.complete_kind =
						f->kind == CMD_CHOICE			 ? 'w'
						: !strcmp(f->name, "exchange")		 ? 'e'
						: !strcmp(f->name, "reply-to")		 ? 'q'
						: !strcmp(f->name, "body-file")		 ? 'f'
											 : 0;
					console.words = f->arg;
					goto out;
				}
				i++;
			}
			continue;
		}
		pos++;
	}
	if (console.entry->complete && pos < (int)strlen(console.entry->complete)) {
		console.complete_kind = console.entry->complete[pos];
		console.words = console.entry->words;
	}
out:
	cmd_free_words(w, n > 0 ? n : 0);
	free(upto);
}

static char **console_complete(const char *text, int start, int end)
{
	console_context(start);
	rl_attempted_completion_over = 1;
	if (!strncmp(text, "--", 2) && console.entry && console.complete_kind != 'w')
		console.complete_kind = '-';
	if (console.complete_kind == 'f') {
		rl_attempted_completion_over = 0;
		return NULL;
	}
	if (!console.complete_kind)
		return NULL;
	return rl_completion_matches(text, console_generate);
}

/* ---- keys -------------------------------------------------------------- */

static int console_key(int count, int key)
{
	const char *seq = rl_executing_keyseq;

	return console.hooks->key(console.app, seq ? seq : "", count, key);
}

static void console_bind(const char *seq)
{
	if (seq && *seq)
		rl_bind_keyseq(seq, console_key);
}

/* ---- life -------------------------------------------------------------- */

static char *console_history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir, *parent;

	if (state && *state)
		dir = msg_printf("%s/warren", state);
	else if (home && *home)
		dir = msg_printf("%s/.local/state/warren", home);
	else
		return NULL;
	parent = msg_strdup(dir);
	*strrchr(parent, '/') = 0;
	if (!state || !*state) {
		char *local = msg_printf("%s/.local", home);

		mkdir(local, 0700);
		free(local);
	}
	mkdir(parent, 0700);
	mkdir(dir, 0700);
	free(parent);
	parent = msg_printf("%s/history", dir);
	free(dir);
	return parent;
}

int console_init(struct app *a, const struct console_hooks *hooks, const char *const *keys)
{
	FILE *f;

	console.app = a;
	console.hooks = hooks;
	console.devnull = fopen("/dev/null", "we");
	rl_readline_name = "warren";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = console_getc;
	rl_input_available_hook = console_input_available;
	rl_redisplay_function = console_redisplay;
	rl_completion_display_matches_hook = console_display_matches;
	rl_attempted_completion_function = console_complete;
	rl_completer_word_break_characters = " \t;";
	rl_outstream = console.devnull;
	rl_instream = stdin;
	rl_bind_key('\t', rl_complete);
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_variable_bind("completion-query-items", "1000");
	rl_variable_bind("horizontal-scroll-mode", "on");
	rl_variable_bind("enable-bracketed-paste", "off");
	using_history();
	stifle_history(CONSOLE_HISTORY_MAX);
	console.history = console_history_path();
	if (console.history) {
		f = file_open_private(console.history, "a");
		if (f)
			fclose(f);
		read_history(console.history);
	}
	rl_callback_handler_install(CONSOLE_PROMPT, console_line);
	/* after the handler is installed readline has read the inputrc: our
	   keys win over its bindings (Debian binds ESC [1~ and ESC [4~) */
	for (; keys && *keys; keys++)
		console_bind(*keys);
	return 0;
}

int console_line_length(void)
{
	return rl_end;
}

void console_clear_line(void)
{
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	console_matches_clear();
	console_redisplay();
}

void console_set_line(const char *text)
{
	rl_replace_line(text, 0);
	rl_point = rl_end;
	console_redisplay();
}

const char *console_text(void)
{
	return rl_line_buffer ? rl_line_buffer : "";
}

int console_history_move(int up)
{
	return up ? rl_get_previous_history(1, 0) : rl_get_next_history(1, 0);
}

void console_fini(void)
{
	rl_callback_handler_remove();
	if (console.history)
		history_truncate_file(console.history, CONSOLE_HISTORY_MAX);
	free(console.history);
	console.history = NULL;
	console_matches_clear();
	free(console.q);
	console.q = NULL;
	if (console.devnull)
		fclose(console.devnull);
	console.devnull = NULL;
	clear_history();
}
