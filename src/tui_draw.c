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

#include "palette.h"
#include "pane.h"
#include "text.h"

static int tui_has_color, tui_colors16;

/* Which pair of the palette each colour of the dashboard is. */
static const enum palette_id tui_pair[TUI_NCOLORS] = {
	[TUI_NORMAL] = PAL_NORMAL,	 [TUI_TITLE] = PAL_TITLE,
	[TUI_TITLE_FOCUS] = PAL_TITLE_FOCUS, [TUI_OK] = PAL_OK,
	[TUI_WARN] = PAL_WARN,		 [TUI_ERROR] = PAL_ERROR,
	[TUI_DIM] = PAL_DIM,		 [TUI_PENDING] = PAL_PENDING,
	[TUI_ACKED] = PAL_ACKED,	 [TUI_BAD] = PAL_BAD,
	[TUI_REQUEUED] = PAL_REQUEUED,	 [TUI_AUTO] = PAL_AUTO,
	[TUI_SELECT] = PAL_SELECT,	 [TUI_MINE] = PAL_MINE,
	[TUI_NARRATION] = PAL_NARRATION, [TUI_NARRATION_KEYS] = PAL_NARRATION_KEYS,
};

/*
 * Called by tui.c after initscr(). NO_COLOR or a monochrome terminal:
 * attributes only. Else the palette's pairs (palette.h), on a black
 * background painted by warren itself, so each pair's contrast is known.
 */
void tui_draw_init(int color)
{
	const struct palette_pair *p;

	tui_has_color = color;
	if (!color)
		return;
	start_color();
	tui_colors16 = COLORS >= 16;
	for (p = palette_pairs; p->id; p++)
		init_pair((short)p->id, (short)(tui_colors16 ? p->fg16 : p->fg8), (short)p->bg);
	bkgd(COLOR_PAIR(PAL_NORMAL) | ' ');
}

/* A window of the dashboard: the same background as the screen. */
void tui_draw_window(WINDOW *w)
{
	if (tui_has_color)
		wbkgdset(w, COLOR_PAIR(PAL_NORMAL) | ' ');
}

static attr_t tui_color_attr(enum tui_color c)
{
	const struct palette_pair *p = &palette_pairs[tui_pair[c] - 1];
	attr_t a = COLOR_PAIR(p->id);

	if (!tui_colors16 && p->bold8)
		a |= A_BOLD; /* 8 colours: bold is how the bright variant shows */
	if (c == TUI_ERROR || c == TUI_TITLE_FOCUS || c == TUI_BAD || c == TUI_NARRATION)
		a |= A_BOLD;
	return a;
}

static attr_t tui_mono_attr(enum tui_color c)
{
	switch (c) {
	case TUI_TITLE:
	case TUI_SELECT: return A_REVERSE;
	case TUI_TITLE_FOCUS: return A_REVERSE | A_BOLD;
	case TUI_ERROR:
	case TUI_BAD:
	case TUI_NARRATION: return A_BOLD;
	case TUI_DIM: return A_DIM;
	case TUI_PENDING:
	case TUI_WARN: return A_UNDERLINE;
	default: return 0;
	}
}

void tui_attr(WINDOW *w, enum tui_color c, int on)
{
	attr_t a;

	if (c == TUI_NORMAL || (unsigned)c >= TUI_NCOLORS)
		return;
	a = tui_has_color ? tui_color_attr(c) : tui_mono_attr(c);
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
