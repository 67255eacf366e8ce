/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_draw: colours (or, without them, attributes) and fitted text cells.
 * Every string drawn goes through text_fit, so wide characters line up and
 * nothing overflows its cell.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "text.h"

static int tui_has_color;

/* Called by tui.c after initscr(). NO_COLOR or a monochrome terminal: attributes only. */
void tui_draw_init(int color)
{
	tui_has_color = color;
	if (!color)
		return;
	start_color();
	use_default_colors();
	init_pair(TUI_TITLE, COLOR_BLACK, COLOR_WHITE);
	init_pair(TUI_TITLE_FOCUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(TUI_OK, COLOR_GREEN, -1);
	init_pair(TUI_WARN, COLOR_YELLOW, -1);
	init_pair(TUI_ERROR, COLOR_RED, -1);
	init_pair(TUI_DIM, COLOR_BLUE, -1);
	init_pair(TUI_PENDING, COLOR_YELLOW, -1);
	init_pair(TUI_ACKED, COLOR_GREEN, -1);
	init_pair(TUI_BAD, COLOR_RED, -1);
	init_pair(TUI_REQUEUED, COLOR_MAGENTA, -1);
	init_pair(TUI_AUTO, COLOR_CYAN, -1);
	init_pair(TUI_SELECT, COLOR_BLACK, COLOR_YELLOW);
	init_pair(TUI_MINE, COLOR_CYAN, -1);
}

void tui_attr(WINDOW *w, enum tui_color c, int on)
{
	attr_t a = 0;

	if (c == TUI_NORMAL)
		return;
	if (tui_has_color) {
		a = COLOR_PAIR(c);
		if (c == TUI_ERROR || c == TUI_TITLE_FOCUS || c == TUI_BAD)
			a |= A_BOLD;
	} else {
		switch (c) {
		case TUI_TITLE: a = A_REVERSE; break;
		case TUI_TITLE_FOCUS: a = A_REVERSE | A_BOLD; break;
		case TUI_SELECT: a = A_REVERSE; break;
		case TUI_ERROR:
		case TUI_BAD: a = A_BOLD; break;
		case TUI_DIM: a = A_DIM; break;
		case TUI_PENDING:
		case TUI_WARN: a = A_UNDERLINE; break;
		default: a = 0; break;
		}
	}
	if (on)
		wattron(w, a);
	else
		wattroff(w, a);
}

void tui_put(WINDOW *w, int y, int x, int cols, const char *s)
{
	char buf[4096];

	if (cols <= 0)
		return;
	if ((size_t)cols * 4 + 1 > sizeof buf)
		cols = (int)(sizeof buf - 1) / 4;
	text_fit(buf, sizeof buf, s, (size_t)cols);
	mvwaddstr(w, y, x, buf);
}

int tui_cell(WINDOW *w, int y, int x, int cols, const char *s)
{
	return tui_cell_bytes(w, y, x, cols, s ? s : "", s ? strlen(s) : 0);
}

int tui_cell_bytes(WINDOW *w, int y, int x, int cols, const void *data, size_t len)
{
	/* no need to make safe more than a cell can show */
	size_t keep = (size_t)(cols > 0 ? cols : 1) * 4 + 16;
	char *safe = text_safe(data, len < keep ? len : keep, 0, 0);

	tui_put(w, y, x, cols, safe);
	free(safe);
	return x + cols;
}

/*
 * A count in a narrow column: as is when it fits (leaving a space before the
 * next column), else 178k, 1.2M, 3.4G, so columns never run together.
 */
int tui_num(WINDOW *w, int y, int x, int cols, unsigned long long v)
{
	char buf[32];
	int room = cols > 1 ? cols - 1 : 1;

	snprintf(buf, sizeof buf, "%llu", v);
	if ((int)strlen(buf) > room) {
		if (v < 1000000ULL)
			snprintf(buf, sizeof buf, "%lluk", v / 1000);
		else if (v < 10000000ULL)
			snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
		else if (v < 1000000000ULL)
			snprintf(buf, sizeof buf, "%lluM", v / 1000000);
		else
			snprintf(buf, sizeof buf, "%.1fG", v / 1e9);
	}
	return tui_cell(w, y, x, cols, buf);
}

int tui_cellf(WINDOW *w, int y, int x, int cols, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_cell(w, y, x, cols, buf);
}
