/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane_queues: every queue with its ready / unacked / consumer counts from
 * the management API, sorted by the key `sort` chose. Before the API has
 * answered (or without the plugin) it lists the queues warren declared.
 * The sorted order is computed once per snapshot or sort change, not per
 * frame, so 10,000 queues redraw as fast as 10. A broker with many queues
 * lists them without statistics: their rate column is then how fast the
 * message count changes ("net msg/s"), since in and out are not known.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "mgmt.h"
#include "pane.h"
#include "tui.h"

struct pane_queues {
	const struct mgmt_snapshot *snap; /* order is valid for this snapshot */
	enum view_sort sort;
	size_t *order;
	size_t n, cap;
	int no_stats; /* some rows have no statistics: see the top */
	const struct model_list *pins; /* shown first (a lesson's queues) */
	size_t npins;
};

/* How busy a queue is, for the rate sort: in + out, or the net change. */
static double pane_queues_activity(const struct mgmt_queue *q)
{
	if (q->no_stats)
		return q->change_rate < 0 ? -q->change_rate : q->change_rate;
	return q->publish_rate + q->deliver_rate;
}

static int pane_queues_cmp(const void *a, const void *b, void *arg)
{
	const struct pane_queues *d = arg;
	const struct mgmt_queue *x = &d->snap->queues[*(const size_t *)a];
	const struct mgmt_queue *y = &d->snap->queues[*(const size_t *)b];
	long long diff = 0;
	int px = model_list_has(d->pins, x->name), py = model_list_has(d->pins, y->name);

	if (px != py) /* the running lesson's queues first: the ones it talks about */
		return px ? -1 : 1;
	switch (d->sort) {
	case VIEW_SORT_READY: diff = y->ready - x->ready; break;
	case VIEW_SORT_UNACKED: diff = y->unacked - x->unacked; break;
	case VIEW_SORT_CONSUMERS: diff = y->consumers - x->consumers; break;
	case VIEW_SORT_RATE:
		diff = (long long)(pane_queues_activity(y) - pane_queues_activity(x));
		break;
	default: break;
	}
	if (diff)
		return diff < 0 ? -1 : 1;
	return strcmp(x->name, y->name);
}

static struct pane_queues *pane_queues_data(struct pane *p)
{
	if (!p->data)
		p->data = msg_alloc(sizeof(struct pane_queues));
	return p->data;
}

static void pane_queues_prepare(struct pane *p)
{
	struct pane_queues *d = pane_queues_data(p);
	const struct mgmt_snapshot *s = p->app->model.mgmt;
	enum view_sort sort = tui_sort_key(p->app);
	size_t i;

	if (!s || (d->snap == s && d->sort == sort && d->n == s->nqueues &&
		   d->npins == p->app->model.lesson_queues.n))
		return;
	d->pins = &p->app->model.lesson_queues;
	d->npins = d->pins->n;
	if (s->nqueues > d->cap) {
		d->cap = s->nqueues;
		d->order = realloc(d->order, d->cap * sizeof *d->order);
		if (!d->order)
			abort();
	}
	d->no_stats = 0;
	for (i = 0; i < s->nqueues; i++) {
		d->order[i] = i;
		d->no_stats |= s->queues[i].no_stats;
	}
	d->snap = s;
	d->sort = sort;
	d->n = s->nqueues;
	if (d->n > 1) /* no rows: order may be NULL, which qsort_r() must not get */
		qsort_r(d->order, d->n, sizeof *d->order, pane_queues_cmp, d);
}

static void pane_queues_fini(struct pane *p)
{
	free(((struct pane_queues *)p->data)->order);
}

/*
 * "D classic", "D qq 2/3" (online of members), "down" when its node is away,
 * "qq 1/3!" when a majority is offline: the queue is unavailable. Returns 1
 * for the ones to show as errors.
 */
static int pane_queues_type(const struct mgmt_queue *q, char *out, size_t outsz)
{
	const char *type = q->type ? q->type : "classic";

	if (q->nmembers) {
		int majority = q->nonline * 2 > q->nmembers;

		snprintf(out, outsz, "%s%s %zu/%zu%s", q->durable ? "D " : "  ",
			 !strcmp(type, "quorum") ? "qq" : type, q->nonline, q->nmembers,
			 majority ? "" : "!");
		return !majority;
	}
	if (q->state && strcmp(q->state, "running")) {
		snprintf(out, outsz, "%s%s", q->durable ? "D " : "  ", q->state);
		return 1;
	}
	snprintf(out, outsz, "%s%s", q->durable ? "D " : "  ", type);
	return 0;
}

static size_t pane_queues_count(struct pane *p)
{
	const struct model *m = &p->app->model;

	return m->mgmt ? m->mgmt->nqueues : m->queues.n;
}

/* The name takes what the others leave; rates and node only in a wide pane. */
static const struct pane_col pane_queues_cols[] = {
	{.title = "name", .name = "name", .width = PANE_FLEX, .min = 10},
	{.title = "ready", .name = "ready", .width = 7},
	{.title = "unack", .name = "unacked", .width = 7, .hot = TUI_PENDING},
	{.title = "cons", .name = "consumers", .width = 5},
	{.title = "type", .name = "kind", .own = 1, .width = 10, .from = 46},
	{.title = "in/s out/s", .name = "rates", .own = 1, .width = 11, .from = 70,
	 .alt = "net msg/s"},
	{.title = "node/leader", .name = "node", .width = PANE_REST, .min = 11, .from = 70},
	{0},
};

static void pane_queues_header(struct pane *p, WINDOW *w, int y, int cols)
{
	pane_cols_header(w, y, cols, pane_queues_cols, pane_queues_data(p)->no_stats);
}

static void pane_queues_row(struct pane *p, WINDOW *w, int y, int cols, size_t i)
{
	const struct model *m = &p->app->model;
	const struct mgmt_queue *q;
	struct pane_cells cells;
	char type[32];
	int bad;

	if (!m->mgmt) { /* a queue warren declared: nothing known of it yet */
		pane_cells_init(&cells, pane_queues_cols, MGMT_QUEUES, NULL);
		pane_cell_text(&cells, "name", TUI_NORMAL, m->queues.v[i]);
		pane_cells_draw(w, y, cols, &cells);
		return;
	}
	q = &m->mgmt->queues[pane_queues_data(p)->order[i]];
	pane_cells_init(&cells, pane_queues_cols, MGMT_QUEUES, q);
	bad = pane_queues_type(q, type, sizeof type);
	pane_cell_text(&cells, "kind", bad ? TUI_ERROR : TUI_NORMAL, type);
	if (q->no_stats)
		pane_cell_printf(&cells, "rates", TUI_NORMAL, "%+.0f", q->change_rate);
	else
		pane_cell_printf(&cells, "rates", TUI_NORMAL, "%.0f/%.0f", q->publish_rate,
				 q->deliver_rate);
	pane_cells_draw(w, y, cols, &cells);
}

static int pane_queues_match(struct pane *p, size_t i, const char *f)
{
	const struct model *m = &p->app->model;

	if (!m->mgmt)
		return strstr(m->queues.v[i], f) != NULL;
	return strstr(m->mgmt->queues[pane_queues_data(p)->order[i]].name, f) != NULL;
}

static void pane_queues_activate(struct pane *p, size_t i)
{
	const struct model *m = &p->app->model;
	const char *name = m->mgmt ? m->mgmt->queues[pane_queues_data(p)->order[i]].name
				   : m->queues.v[i];

	tui_queue_detail(p->app, name);
}

const struct pane_ops pane_queues_ops = {
	.name = "Queues",
	.count = pane_queues_count,
	.header = pane_queues_header,
	.row = pane_queues_row,
	.match = pane_queues_match,
	.activate = pane_queues_activate,
	.prepare = pane_queues_prepare,
	.fini = pane_queues_fini,
};
