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

/* The queue column takes what the fixed columns leave, within reason. */
#define PANE_CONSUMERS_QW(cols) ((cols) - 32 < 8 ? 8 : (cols) - 32 > 20 ? 20 : (cols) - 32)

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

static void pane_consumers_header(struct pane *p, WINDOW *w, int y, int cols)
{
	int x = 0;

	x = tui_cell(w, y, x, 8, "tag");
	x = tui_cell(w, y, x, PANE_CONSUMERS_QW(cols), "queue");
	x = tui_cell(w, y, x, 5, "ack");
	x = tui_cell(w, y, x, 4, "pf");
	x = tui_cell(w, y, x, 5, "dlvd");
	x = tui_cell(w, y, x, 5, "ackd");
	x = tui_cell(w, y, x, 5, "unack");
	if (cols > x)
		tui_cell(w, y, x, cols - x, " state / client");
}

static void pane_consumers_mine(WINDOW *w, int y, int cols, const struct model_consumer *c)
{
	int x = 0, active = model_consumer_active(c);

	if (!active)
		tui_attr(w, TUI_DIM, 1);
	x = tui_cell(w, y, x, 8, c->tag);
	x = tui_cell(w, y, x, PANE_CONSUMERS_QW(cols), c->queue);
	x = tui_cell(w, y, x, 5, c->manual_ack ? "man" : "auto");
	x = c->prefetch ? tui_cellf(w, y, x, 4, "%d", c->prefetch) : tui_cell(w, y, x, 4, "∞");
	x = tui_num(w, y, x, 5, c->delivered);
	x = tui_num(w, y, x, 5, c->acked);
	if (c->unacked)
		tui_attr(w, TUI_PENDING, 1);
	x = tui_num(w, y, x, 5, c->unacked);
	if (c->unacked)
		tui_attr(w, TUI_PENDING, 0);
	if (cols > x)
		tui_cellf(w, y, x, cols - x, " %s (warren)", model_consumer_state_name(c->state));
	if (!active)
		tui_attr(w, TUI_DIM, 0);
}

static void pane_consumers_other(WINDOW *w, int y, int cols, const struct mgmt_consumer *c)
{
	int x = 0;

	x = tui_cell(w, y, x, 8, c->tag);
	x = tui_cell(w, y, x, PANE_CONSUMERS_QW(cols), c->queue);
	x = tui_cell(w, y, x, 5, c->ack_required ? "man" : "auto");
	x = c->prefetch ? tui_cellf(w, y, x, 4, "%lld", c->prefetch) : tui_cell(w, y, x, 4, "∞");
	x = tui_cell(w, y, x, 15, "");
	if (cols > x)
		tui_cellf(w, y, x, cols - x, " %s%s %s", c->active ? "" : "inactive ",
			  c->product ? c->product : "?", c->peer ? c->peer : "");
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
