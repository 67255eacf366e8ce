/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * console: the dashboard's readline command line (see console.c).
 */
#ifndef WARREN_CONSOLE_H
#define WARREN_CONSOLE_H

#include <curses.h>
#include <stddef.h>

struct app;

#define CONSOLE_PROMPT "warren> "

struct console_hooks {
	void (*line)(struct app *a, const char *line); /* Enter */
	void (*eof)(struct app *a);		       /* Ctrl-D on an empty line */
	void (*redisplay)(struct app *a);	       /* the line changed */
	/* a bound key sequence (F-keys, arrows, ...); return 0 */
	int (*key)(struct app *a, const char *seq, int count, int key);
};

/* keys: NULL-terminated key sequences to route to hooks->key */
int console_init(struct app *a, const struct console_hooks *hooks, const char *const *keys);
void console_fini(void);
void console_feed(const unsigned char *buf, size_t n);
/* How many bytes the line being typed has (0: empty). */
int console_line_length(void);
void console_draw(WINDOW *w, int y, int cols);
void console_clear_line(void);
void console_set_line(const char *text);
const char *console_text(void);
/* Up/Down in the history (when no pane has the focus). */
int console_history_move(int up);
/* The completion list to show (until the next key), and clearing it. */
int console_matches(const char *const **out);
void console_matches_clear(void);

#endif
