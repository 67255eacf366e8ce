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

	if (!s || (d->snap == s && d->sort == sort && d->n == s->nqueues))
		return;
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

static void pane_queues_header(struct pane *p, WINDOW *w, int y, int cols)
{
	int x = 0, name = cols - 28 > 10 ? cols - 28 : 10;

	if (cols >= 70)
		name = cols - 28 - 22;
	x = tui_cell(w, y, x, name, "name");
	x = tui_cell(w, y, x, 7, "ready");
	x = tui_cell(w, y, x, 7, "unack");
	x = tui_cell(w, y, x, 5, "cons");
	x = tui_cell(w, y, x, 9, "type");
	if (cols >= 70) {
		x = tui_cell(w, y, x, 11,
			     pane_queues_data(p)->no_stats ? "net msg/s" : "in/s out/s");
		tui_cell(w, y, x, cols - x, "node/leader");
	}
}

static void pane_queues_row(struct pane *p, WINDOW *w, int y, int cols, size_t i)
{
	const struct model *m = &p->app->model;
	int x = 0, name = cols - 28 > 10 ? cols - 28 : 10, bad;
	const struct mgmt_queue *q;
	char type[32];

	if (cols >= 70)
		name = cols - 28 - 22;
	if (!m->mgmt) {
		x = tui_cell(w, y, x, name, m->queues.v[i]);
		tui_cell(w, y, x, cols - x, "      -      -    -");
		return;
	}
	q = &m->mgmt->queues[pane_queues_data(p)->order[i]];
	x = tui_cell(w, y, x, name, q->name);
	x = tui_num(w, y, x, 7, (unsigned long long)(q->ready > 0 ? q->ready : 0));
	if (q->unacked)
		tui_attr(w, TUI_PENDING, 1);
	x = tui_num(w, y, x, 7, (unsigned long long)(q->unacked > 0 ? q->unacked : 0));
	if (q->unacked)
		tui_attr(w, TUI_PENDING, 0);
	x = tui_num(w, y, x, 5, (unsigned long long)(q->consumers > 0 ? q->consumers : 0));
	bad = pane_queues_type(q, type, sizeof type);
	if (bad)
		tui_attr(w, TUI_ERROR, 1);
	x = tui_cell(w, y, x, 9, type);
	if (bad)
		tui_attr(w, TUI_ERROR, 0);
	if (cols >= 70) {
		if (q->no_stats)
			x = tui_cellf(w, y, x, 11, "%+.0f", q->change_rate);
		else
			x = tui_cellf(w, y, x, 11, "%.0f/%.0f", q->publish_rate, q->deliver_rate);
		tui_cell(w, y, x, cols - x, q->node ? q->node : "");
	}
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
