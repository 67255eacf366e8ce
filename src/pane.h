/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane: one region of the dashboard. Each pane is a file (pane_*.c) that
 * fills in a struct pane_ops; tui.c knows none of them by name beyond the
 * list it lays out. Panes read the model and draw; they never change it.
 */
#ifndef WARREN_PANE_H
#define WARREN_PANE_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "mgmt.h"

struct app;
struct pane;

struct pane_ops {
	const char *name; /* "Messages" */
	/* rows the pane has now (before filtering) */
	size_t (*count)(struct pane *p);
	/* the column header line (may be NULL) */
	void (*header)(struct pane *p, WINDOW *w, int y, int cols);
	/* draw row i on line y */
	void (*row)(struct pane *p, WINDOW *w, int y, int cols, size_t i);
	/* does row i contain the filter text? */
	int (*match)(struct pane *p, size_t i, const char *filter);
	/* Enter on row i (may be NULL) */
	void (*activate)(struct pane *p, size_t i);
	/* before drawing: sort, refresh caches (may be NULL) */
	void (*prepare)(struct pane *p);
	/* free what data points to, before data itself is freed (may be NULL) */
	void (*fini)(struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	struct app *app;
	int y, x, h, w;	   /* where the layout put it (title row included) */
	size_t top;	   /* first visible row */
	size_t sel;	   /* selected row */
	int follow;	   /* keep the newest row selected (Messages) */
	char filter[128];  /* substring filter, "" none */
	int paused;	   /* Messages: the view is frozen */
	uint64_t paused_seq; /* ...at this log entry */
	size_t *rows;	   /* visible rows (after filter), rebuilt per draw */
	size_t nrows, rows_cap;
	void *data;	   /* the pane's own state */
};

extern const struct pane_ops pane_conns_ops, pane_queues_ops, pane_consumers_ops,
	pane_messages_ops;

/* Shared drawing helpers (tui_draw.c). */
void tui_draw_init(int color);
/* A window of the dashboard (derwin): the same background as the screen. */
void tui_draw_window(WINDOW *w);
enum tui_color {
	TUI_NORMAL,
	TUI_TITLE,
	TUI_TITLE_FOCUS,
	TUI_OK,
	TUI_WARN,
	TUI_ERROR,
	TUI_DIM,
	TUI_PENDING,
	TUI_ACKED,
	TUI_BAD,
	TUI_REQUEUED,
	TUI_AUTO,
	TUI_SELECT,
	TUI_MINE,
	TUI_NARRATION,
	TUI_NARRATION_KEYS,
	TUI_NCOLORS,
};
void tui_attr(WINDOW *w, enum tui_color c, int on);
/* Put s at (y, x) cut or padded to exactly cols columns. */
void tui_put(WINDOW *w, int y, int x, int cols, const char *s);
/* A table cell: text made safe and fitted; returns the next x. */
int tui_cell(WINDOW *w, int y, int x, int cols, const char *s);
int tui_num(WINDOW *w, int y, int x, int cols, unsigned long long v);
int tui_cell_bytes(WINDOW *w, int y, int x, int cols, const void *data, size_t len);
int tui_cellf(WINDOW *w, int y, int x, int cols, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * The columns of a pane (pane_cols.c): the header and every row are drawn
 * from one table, so a width is written once. A column shows a field of the
 * pane's broker list (mgmt_fields.h) by its name, or a cell the pane fills
 * itself (own). Counts are drawn by tui_num, "-" when not known.
 */
#define PANE_REST (-1) /* width: what is left of the line, keeping min for itself */
#define PANE_FLEX (-2) /* width: what the others leave, within min..max (0: no max) */
#define PANE_COLS 10
struct pane_col {
	const char *title;
	const char *name;   /* the field it shows, or the pane's name for an own cell */
	int own;	    /* filled by the pane (pane_cell_*), not from the field table */
	int width, min, max;
	int from;	    /* shown only when the pane is at least this wide */
	enum tui_color hot; /* a count that is not 0 is drawn in this colour */
	const char *alt;    /* another title (pane_cols_header's alt) */
};
/* One row's cells, before they are drawn. */
struct pane_cells {
	const struct pane_col *cols; /* ended by a NULL title */
	const char *text[PANE_COLS];
	long long num[PANE_COLS];
	int is_num[PANE_COLS];
	enum tui_color color[PANE_COLS];
	char *owned[PANE_COLS];
};
void pane_cols_header(WINDOW *w, int y, int cols, const struct pane_col *c, int alt);
/* Cells of row (list l; NULL: a row the broker has not listed, its counts "-"). */
void pane_cells_init(struct pane_cells *c, const struct pane_col *cols, enum mgmt_list l,
		     const void *row);
void pane_cell_text(struct pane_cells *c, const char *name, enum tui_color color, const char *s);
void pane_cell_num(struct pane_cells *c, const char *name, enum tui_color color, long long v);
void pane_cell_printf(struct pane_cells *c, const char *name, enum tui_color color,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Draw the cells on line y, and free them. */
void pane_cells_draw(WINDOW *w, int y, int cols, struct pane_cells *c);

#endif
