/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane_cols: a pane's columns from one table (see pane.h). The layout
 * (which columns a pane this wide shows, how wide the flexible one is) is
 * worked out the same way for the header and for each row; cells of
 * fields come from the field tables (cmd_fields_text), so the panes print a
 * value as `list` does, only narrower.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_fields.h"
#include "mgmt_fields.h"
#include "msg.h"
#include "pane.h"
#include "text.h"

#define PANE_HIDDEN (-3)

/* Each column's width in a pane cols wide: PANE_HIDDEN, PANE_REST or columns. */
static void pane_cols_layout(const struct pane_col *c, int cols, int *w)
{
	int i, fixed = 0, flex = -1, f;

	for (i = 0; c[i].title; i++) {
		w[i] = cols >= c[i].from ? c[i].width : PANE_HIDDEN;
		if (w[i] > 0)
			fixed += w[i];
		else if (w[i] == PANE_REST)
			fixed += c[i].min;
		else if (w[i] == PANE_FLEX)
			flex = i;
	}
	if (flex < 0)
		return;
	f = cols - fixed;
	if (c[flex].max && f > c[flex].max)
		f = c[flex].max;
	w[flex] = f < c[flex].min ? c[flex].min : f;
}

/*
 * A text cell n columns wide: the text in n - 1 of them and a space, so two
 * columns never touch; too long, cut in the middle (text_elide).
 */
static int pane_text_cell(WINDOW *w, int y, int x, int n, const char *s, int last)
{
	char *safe = text_safe(s ? s : "", s ? strlen(s) : 0, 0, 0);
	char *fit = text_elide(safe, (size_t)(n > 1 && !last ? n - 1 : n > 0 ? n : 0));

	tui_put(w, y, x, n, fit);
	free(fit);
	free(safe);
	return x + n;
}

void pane_cols_header(WINDOW *w, int y, int cols, const struct pane_col *c, int alt)
{
	int width[PANE_COLS], i, x = 0;

	pane_cols_layout(c, cols, width);
	for (i = 0; c[i].title; i++)
		if (width[i] != PANE_HIDDEN)
			/* a title is cut at its end, with a space before the next */
			x = tui_cell(w, y, x, width[i] == PANE_REST ? cols - x : width[i],
				     alt && c[i].alt ? c[i].alt : c[i].title);
}

static int pane_cell_index(const struct pane_cells *c, const char *name)
{
	int i;

	for (i = 0; c->cols[i].title; i++)
		if (!strcmp(c->cols[i].name, name))
			return i;
	abort(); /* a pane names a column its table does not have */
}

void pane_cell_text(struct pane_cells *c, const char *name, enum tui_color color, const char *s)
{
	int i = pane_cell_index(c, name);

	c->text[i] = s;
	c->color[i] = color;
}

void pane_cell_num(struct pane_cells *c, const char *name, enum tui_color color, long long v)
{
	int i = pane_cell_index(c, name);

	c->num[i] = v;
	c->is_num[i] = 1;
	c->color[i] = color;
}

void pane_cell_printf(struct pane_cells *c, const char *name, enum tui_color color,
		      const char *fmt, ...)
{
	int i = pane_cell_index(c, name);
	va_list ap;

	va_start(ap, fmt);
	free(c->owned[i]);
	if (vasprintf(&c->owned[i], fmt, ap) < 0)
		abort();
	va_end(ap);
	c->text[i] = c->owned[i];
	c->color[i] = color;
}

void pane_cells_init(struct pane_cells *c, const struct pane_col *cols, enum mgmt_list l,
		     const void *row)
{
	int i;

	memset(c, 0, sizeof *c);
	c->cols = cols;
	for (i = 0; cols[i].title; i++) {
		const struct mgmt_field *f = cols[i].own ? NULL : mgmt_field_find(l, cols[i].name);

		if (!f)
			continue;
		if (f->type == MGMT_T_COUNT) {
			c->is_num[i] = 1;
			c->num[i] = row ? mgmt_count_at(row, f->off) : MGMT_ABSENT;
			c->color[i] = c->num[i] > 0 ? cols[i].hot : TUI_NORMAL;
		} else if (row) {
			c->text[i] = c->owned[i] = cmd_fields_text(f, row);
		}
	}
}

void pane_cells_draw(WINDOW *w, int y, int cols, struct pane_cells *c)
{
	int width[PANE_COLS], i, x = 0, n;

	pane_cols_layout(c->cols, cols, width);
	for (i = 0; c->cols[i].title; i++) {
		if (width[i] == PANE_HIDDEN)
			continue;
		n = width[i] == PANE_REST ? cols - x : width[i];
		tui_attr(w, c->color[i], 1);
		if (!c->is_num[i] && width[i] == PANE_REST)
			x = tui_cell(w, y, x, n, c->text[i]); /* a description: cut at its end */
		else if (!c->is_num[i])
			x = pane_text_cell(w, y, x, n, c->text[i], 0);
		else if (mgmt_known(c->num[i]))
			x = tui_num(w, y, x, n, (unsigned long long)c->num[i]);
		else /* not known: a dash where the number ends */
			x = tui_cellf(w, y, x, n, "%*s", n, "-");
		tui_attr(w, c->color[i], 0);
	}
	for (i = 0; c->cols[i].title; i++)
		free(c->owned[i]);
}
