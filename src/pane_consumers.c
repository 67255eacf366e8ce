/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane_consumers: warren's own consumers with their counters (delivered,
 * acked, unacked against prefetch), then every other consumer the broker
 * reports through the management API.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "mgmt.h"
#include "pane.h"

/* The broker's consumers that are not warren's own (those come from the model). */
struct pane_consumers {
	size_t *others;
	size_t n, cap;
};

static struct pane_consumers *pane_consumers_data(struct pane *p)
{
	if (!p->data)
		p->data = msg_alloc(sizeof(struct pane_consumers));
	return p->data;
}

static void pane_consumers_fini(struct pane *p)
{
	free(((struct pane_consumers *)p->data)->others);
}

static void pane_consumers_prepare(struct pane *p)
{
	struct pane_consumers *d = pane_consumers_data(p);
	const struct mgmt_snapshot *s = p->app->model.mgmt;
	size_t i;

	d->n = 0;
	for (i = 0; s && i < s->nconsumers; i++) {
		if (s->consumers[i].mine)
			continue;
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 64;
			d->others = realloc(d->others, d->cap * sizeof *d->others);
			if (!d->others)
				abort();
		}
		d->others[d->n++] = i;
	}
}

/* Rows: warren's consumers first, then the broker's others. */
static size_t pane_consumers_count(struct pane *p)
{
	return p->app->model.nconsumers + pane_consumers_data(p)->n;
}

static const struct mgmt_consumer *pane_consumers_other_at(struct pane *p, size_t i)
{
	return &p->app->model.mgmt->consumers[pane_consumers_data(p)->others[i]];
}

/* warren's own consumers count what they got; the broker's others have no such counts. */
static const struct pane_col pane_consumers_cols[] = {
	{.title = "tag", .name = "tag", .width = 8},
	{.title = "queue", .name = "queue", .width = PANE_FLEX, .min = 8, .max = 20},
	{.title = "ack", .name = "ack", .own = 1, .width = 5},
	{.title = "pf", .name = "pf", .own = 1, .width = 4},
	{.title = "dlvd", .name = "dlvd", .own = 1, .width = 5},
	{.title = "ackd", .name = "ackd", .own = 1, .width = 5},
	{.title = "unack", .name = "unack", .own = 1, .width = 5},
	{.title = " state / client", .name = "state", .own = 1, .width = PANE_REST},
	{0},
};

static void pane_consumers_header(struct pane *p, WINDOW *w, int y, int cols)
{
	pane_cols_header(w, y, cols, pane_consumers_cols, 0);
}

static void pane_consumers_mine(WINDOW *w, int y, int cols, const struct model_consumer *c)
{
	int active = model_consumer_active(c);
	struct pane_cells cells;

	pane_cells_init(&cells, pane_consumers_cols, MGMT_CONSUMERS, NULL);
	pane_cell_text(&cells, "tag", TUI_NORMAL, c->tag);
	pane_cell_text(&cells, "queue", TUI_NORMAL, c->queue);
	pane_cell_text(&cells, "ack", TUI_NORMAL, c->manual_ack ? "man" : "auto");
	if (c->prefetch)
		pane_cell_printf(&cells, "pf", TUI_NORMAL, "%d", c->prefetch);
	else
		pane_cell_text(&cells, "pf", TUI_NORMAL, "∞");
	pane_cell_num(&cells, "dlvd", TUI_NORMAL, (long long)c->delivered);
	pane_cell_num(&cells, "ackd", TUI_NORMAL, (long long)c->acked);
	pane_cell_num(&cells, "unack", c->unacked ? TUI_PENDING : TUI_NORMAL, (long long)c->unacked);
	pane_cell_printf(&cells, "state", TUI_NORMAL, " %s (warren)",
			 model_consumer_state_name(c->state));
	if (!active)
		tui_attr(w, TUI_DIM, 1);
	pane_cells_draw(w, y, cols, &cells);
	if (!active)
		tui_attr(w, TUI_DIM, 0);
}

static void pane_consumers_other(WINDOW *w, int y, int cols, const struct mgmt_consumer *c)
{
	struct pane_cells cells;

	pane_cells_init(&cells, pane_consumers_cols, MGMT_CONSUMERS, c);
	pane_cell_text(&cells, "ack", TUI_NORMAL, c->ack_required ? "man" : "auto");
	if (c->prefetch)
		pane_cell_printf(&cells, "pf", TUI_NORMAL, "%lld", c->prefetch);
	else
		pane_cell_text(&cells, "pf", TUI_NORMAL, "∞");
	pane_cell_printf(&cells, "state", TUI_NORMAL, " %s%s %s", c->active ? "" : "inactive ",
			 c->product ? c->product : "?", c->peer ? c->peer : "");
	pane_cells_draw(w, y, cols, &cells);
}

static void pane_consumers_row(struct pane *p, WINDOW *w, int y, int cols, size_t i)
{
	const struct model *m = &p->app->model;

	if (i < m->nconsumers)
		pane_consumers_mine(w, y, cols, m->consumers[i]);
	else
		pane_consumers_other(w, y, cols, pane_consumers_other_at(p, i - m->nconsumers));
}

static int pane_consumers_match(struct pane *p, size_t i, const char *f)
{
	const struct model *m = &p->app->model;

	if (i < m->nconsumers)
		return strstr(m->consumers[i]->tag, f) || strstr(m->consumers[i]->queue, f);
	const struct mgmt_consumer *c = pane_consumers_other_at(p, i - m->nconsumers);

	return strstr(c->tag, f) || strstr(c->queue, f) || (c->product && strstr(c->product, f));
}

const struct pane_ops pane_consumers_ops = {
	.name = "Consumers",
	.count = pane_consumers_count,
	.header = pane_consumers_header,
	.row = pane_consumers_row,
	.match = pane_consumers_match,
	.prepare = pane_consumers_prepare,
	.fini = pane_consumers_fini,
};
