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
#include "worker.h"
#include "xmalloc.h"

/*
 * The rows: warren's own consumers that are running first, then those that
 * ended, newest first (none from before the lesson that runs, if one does),
 * then the broker's consumers that are not warren's.
 */
struct pane_consumers {
	size_t *mine;
	size_t nmine, mine_cap;
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
	free(((struct pane_consumers *)p->data)->mine);
}

/* Live first; then the ended ones, the newest first. */
static int pane_consumers_cmp(const void *x, const void *y, void *arg)
{
	const struct model *m = arg;
	const struct model_consumer *a = m->consumers[*(const size_t *)x];
	const struct model_consumer *b = m->consumers[*(const size_t *)y];

	if (!a->ended != !b->ended)
		return a->ended ? 1 : -1;
	if (a->ended != b->ended)
		return a->ended < b->ended ? 1 : -1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

static void pane_consumers_mine_rows(struct pane_consumers *d, const struct model *m)
{
	size_t i;

	d->nmine = 0;
	for (i = 0; i < m->nconsumers; i++) {
		const struct model_consumer *c = m->consumers[i];

		if (c->ended && c->ended < m->lesson_start)
			continue; /* an earlier lesson's */
		XGROW(d->mine, d->nmine + 1, d->mine_cap);
		d->mine[d->nmine++] = i;
	}
	if (d->nmine > 1)
		qsort_r(d->mine, d->nmine, sizeof *d->mine, pane_consumers_cmp, (void *)m);
}

static void pane_consumers_prepare(struct pane *p)
{
	struct pane_consumers *d = pane_consumers_data(p);
	const struct mgmt_snapshot *s = p->app->model.mgmt;
	size_t i;

	pane_consumers_mine_rows(d, &p->app->model);
	d->n = 0;
	for (i = 0; s && i < s->nconsumers; i++) {
		if (s->consumers[i].mine)
			continue;
		XGROW(d->others, d->n + 1, d->cap);
		d->others[d->n++] = i;
	}
}

/* Rows: warren's consumers first, then the broker's others. */
static size_t pane_consumers_count(struct pane *p)
{
	return pane_consumers_data(p)->nmine + pane_consumers_data(p)->n;
}

static const struct model_consumer *pane_consumers_mine_at(struct pane *p, size_t i)
{
	return p->app->model.consumers[pane_consumers_data(p)->mine[i]];
}

static const struct mgmt_consumer *pane_consumers_other_at(struct pane *p, size_t i)
{
	return &p->app->model.mgmt->consumers[pane_consumers_data(p)->others[i]];
}

/* warren's own consumers count what they got; the broker's others have no such counts. */
static const struct pane_col pane_consumers_cols[] = {
	{.title = "s", .name = "s", .own = 1, .width = 2},
	{.title = "tag", .name = "tag", .width = 8},
	{.title = "queue", .name = "queue", .width = PANE_FLEX, .min = 9, .max = 20},
	{.title = "ack", .name = "ack", .own = 1, .width = 5},
	{.title = "pf", .name = "pf", .own = 1, .width = 4},
	{.title = "dlvd", .name = "dlvd", .own = 1, .width = 5},
	/* the first to go when the pane narrows (a class layout at 80 columns) */
	{.title = "ackd", .name = "ackd", .own = 1, .width = 5, .from = 46},
	{.title = "unack", .name = "unack", .own = 1, .width = 6},
	{.title = " state / client", .name = "state", .own = 1, .width = PANE_REST, .from = 56},
	{0},
};

static void pane_consumers_header(struct pane *p, WINDOW *w, int y, int cols)
{
	pane_cols_header(w, y, cols, pane_consumers_cols, 0);
}

/*
 * One letter for a consumer's state, for a narrow pane (a class's
 * projector): a worker's Busy, Idle, Paused, Killed, Stopped; a consumer's
 * Active, Cancelled, Killed, Lost, Finished, Waiting for the connection.
 */
static const char *pane_consumers_letter(struct app *a, const struct model_consumer *c)
{
	static const char *const worker_letters[] = {"S", "I", "B", "P", "K", "S"};
	static const char *const consumer_letters[] = {
		[MC_ACTIVE] = "A", [MC_FINISHED] = "F", [MC_CANCELLED] = "C",
		[MC_LOST] = "L",   [MC_KILLED] = "K",	[MC_SUSPENDED] = "W",
	};
	struct worker *w = worker_find(a, c->tag);

	if (w && model_consumer_active(c) && (unsigned)w->state < 6)
		return worker_letters[w->state];
	return (unsigned)c->state <= MC_SUSPENDED ? consumer_letters[c->state] : "?";
}

static void pane_consumers_mine(struct pane *p, WINDOW *w, int y, int cols,
				const struct model_consumer *c)
{
	int active = model_consumer_active(c);
	struct pane_cells cells;

	pane_cells_init(&cells, pane_consumers_cols, MGMT_CONSUMERS, NULL);
	pane_cell_text(&cells, "s", TUI_NORMAL, pane_consumers_letter(p->app, c));
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
	pane_cell_text(&cells, "s", TUI_NORMAL, c->active ? "A" : "-");
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
	size_t mine = pane_consumers_data(p)->nmine;

	if (i < mine)
		pane_consumers_mine(p, w, y, cols, pane_consumers_mine_at(p, i));
	else
		pane_consumers_other(w, y, cols, pane_consumers_other_at(p, i - mine));
}

static int pane_consumers_match(struct pane *p, size_t i, const char *f)
{
	size_t mine = pane_consumers_data(p)->nmine;
	const struct mgmt_consumer *c;

	if (i < mine)
		return strstr(pane_consumers_mine_at(p, i)->tag, f) ||
		       strstr(pane_consumers_mine_at(p, i)->queue, f);
	c = pane_consumers_other_at(p, i - mine);

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
