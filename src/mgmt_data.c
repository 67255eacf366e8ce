/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_data: snapshots once decoded: freeing, sorting, merging the last
 * good lists into a new snapshot, linking consumers to their connections,
 * and rates computed from counters when the broker sends none.
 *
 * Every list is kept sorted by its key so that a lookup (a consumer's
 * connection, a queue by name, a row's previous sample) bisects or walks
 * two lists side by side: with 10,000 queues nothing here is quadratic.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mgmt.h"
#include "mgmt_fields.h"
#include "mgmt_int.h"
#include "msg.h"

/* ---- freeing ------------------------------------------------------------- */

void mgmt_rows_free(enum mgmt_list l, void *rows, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		mgmt_fields_free(l, (char *)rows + i * mgmt_list_desc(l)->size);
}

void mgmt_list_free(struct mgmt_snapshot *s, enum mgmt_list l)
{
	void **rows;
	size_t *n;

	mgmt_list_slot(s, l, &rows, &n);
	mgmt_rows_free(l, *rows, 0, *n);
	free(*rows);
	*rows = NULL;
	*n = 0;
}

void mgmt_snapshot_free(struct mgmt_snapshot *s)
{
	int l;

	if (!s)
		return;
	for (l = 0; l < MGMT_NLISTS; l++)
		mgmt_list_free(s, (enum mgmt_list)l);
	free(s->error);
	free(s->url);
	free(s);
}

/* ---- sorting ------------------------------------------------------------- */

static int mgmt_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* The lists looked up by key (bsearch() takes no list). */
static int mgmt_cmp_conn(const void *a, const void *b)
{
	return mgmt_fields_cmp(MGMT_CONNECTIONS, a, b);
}

static int mgmt_cmp_queue(const void *a, const void *b)
{
	return mgmt_fields_cmp(MGMT_QUEUES, a, b);
}

static int mgmt_cmp_channel(const void *a, const void *b)
{
	return mgmt_fields_cmp(MGMT_CHANNELS, a, b);
}

static int mgmt_cmp_list(const void *a, const void *b, void *l)
{
	return mgmt_fields_cmp(*(const enum mgmt_list *)l, a, b);
}

/*
 * Sort, then drop repeated rows: a list fetched page by page while objects
 * come and go can hold one twice.
 */
void mgmt_sort(struct mgmt_snapshot *s, enum mgmt_list l)
{
	size_t size = mgmt_list_desc(l)->size, *n, i, k;
	void **rows;
	char *v;

	mgmt_list_slot(s, l, &rows, &n);
	if (*n < 2)
		return;
	v = *rows;
	qsort_r(v, *n, size, mgmt_cmp_list, &l);
	for (i = 1, k = 1; i < *n; i++) {
		if (!mgmt_fields_cmp(l, v + (k - 1) * size, v + i * size)) {
			mgmt_fields_free(l, v + i * size);
			continue;
		}
		if (k != i)
			memcpy(v + k * size, v + i * size, size);
		k++;
	}
	*n = k;
}

/* ---- lookups ------------------------------------------------------------- */

const struct mgmt_queue *mgmt_find_queue(const struct mgmt_snapshot *s, const char *vhost,
					 const char *name)
{
	struct mgmt_queue key = {.name = (char *)name, .vhost = (char *)vhost};
	size_t i;

	/* bsearch() wants a base even for no rows: an empty list has NULL */
	if (!s || !name || !s->nqueues)
		return NULL;
	if (vhost)
		return bsearch(&key, s->queues, s->nqueues, sizeof key, mgmt_cmp_queue);
	for (i = 0; i < s->nqueues; i++)
		if (!strcmp(s->queues[i].name, name))
			return &s->queues[i];
	return NULL;
}

const struct mgmt_conn *mgmt_find_conn(const struct mgmt_snapshot *s, const char *name)
{
	struct mgmt_conn key = {.name = (char *)name};

	if (!s || !name || !s->nconns)
		return NULL;
	return bsearch(&key, s->conns, s->nconns, sizeof key, mgmt_cmp_conn);
}

static const struct mgmt_channel *mgmt_find_channel(const struct mgmt_snapshot *s,
						    const char *name)
{
	struct mgmt_channel key = {.name = (char *)name};

	if (!name || !s->nchannels)
		return NULL;
	return bsearch(&key, s->channels, s->nchannels, sizeof key, mgmt_cmp_channel);
}

/* ---- merging ------------------------------------------------------------- */

/*
 * Consumers per queue, where the broker gave no count (a queue listed
 * without statistics): both lists are sorted by vhost and queue, so one walk.
 */
static void mgmt_count_consumers(struct mgmt_snapshot *s)
{
	size_t i, j = 0;

	for (i = 0; i < s->nqueues; i++) {
		struct mgmt_queue *q = &s->queues[i];
		long long n = 0;
		int d = -1;

		for (; j < s->nconsumers; j++) {
			const struct mgmt_consumer *c = &s->consumers[j];

			d = mgmt_cmp(c->vhost, q->vhost);
			if (!d)
				d = mgmt_cmp(c->queue, q->name);
			if (d > 0)
				break;
			n += !d;
		}
		if (q->consumers_counted)
			q->consumers = n;
	}
}

/* What the consumer list cannot say itself: who is behind each consumer. */
static void mgmt_link(struct mgmt_snapshot *s)
{
	size_t i, j;

	mgmt_count_consumers(s);

	for (i = 0; i < s->nconsumers; i++) {
		struct mgmt_consumer *c = &s->consumers[i];
		const struct mgmt_conn *conn = mgmt_find_conn(s, c->conn_name);
		const struct mgmt_channel *ch = mgmt_find_channel(s, c->channel_name);

		free(c->product);
		c->product = NULL;
		c->mine = 0;
		if (conn) {
			if (conn->product)
				c->product = msg_printf("%s%s%s", conn->product,
							conn->version ? " " : "",
							conn->version ? conn->version : "");
			if (!c->peer)
				c->peer = msg_strdup(conn->peer);
			c->mine = conn->mine;
		}
		c->unacked = ch ? ch->unacked : 0;
	}
	for (j = 0; j < s->nnodes; j++) {
		struct mgmt_node *n = &s->nodes[j];

		n->connections = n->leaders = 0;
		for (i = 0; i < s->nconns; i++)
			n->connections += !mgmt_cmp(s->conns[i].node, n->name);
		/* without the queue list, what a node leads is not known */
		if (!s->list_time[MGMT_QUEUES])
			n->leaders = MGMT_ABSENT;
		for (i = 0; s->list_time[MGMT_QUEUES] && i < s->nqueues; i++)
			n->leaders += !mgmt_cmp(s->queues[i].node, n->name);
	}
}

struct mgmt_snapshot *mgmt_merge(struct mgmt_snapshot *prev, struct mgmt_snapshot *next)
{
	int l;

	if (!next)
		return prev;
	for (l = 0; prev && l < MGMT_NLISTS; l++) {
		void **pr, **nr;
		size_t *pn, *nn, tn;
		void *tr;

		if (next->fresh[l])
			continue;
		mgmt_list_slot(prev, (enum mgmt_list)l, &pr, &pn);
		mgmt_list_slot(next, (enum mgmt_list)l, &nr, &nn);
		/* swap: next's (empty or failed) rows go with prev */
		tr = *nr, *nr = *pr, *pr = tr;
		tn = *nn, *nn = *pn, *pn = tn;
		next->list_time[l] = prev->list_time[l];
	}
	mgmt_snapshot_free(prev);
	mgmt_link(next);
	return next;
}

/* ---- one queue in detail ------------------------------------------------ */

void mgmt_queues_detail(struct mgmt_snapshot *s, struct mgmt_snapshot *d, const char *vhost,
			const char *name)
{
	size_t i, added = 0;

	s->queues = realloc(s->queues, (s->nqueues + d->nqueues + 1) * sizeof *s->queues);
	if (!s->queues)
		abort();
	for (i = 0; i < d->nqueues; i++) {
		struct mgmt_queue *q = &d->queues[i], *twin;

		/* the broker's name filter ignores case; a regex could match more */
		if (!name || mgmt_cmp(q->name, name) || (vhost && mgmt_cmp(q->vhost, vhost))) {
			mgmt_fields_free(MGMT_QUEUES, q);
			continue;
		}
		twin = bsearch(q, s->queues, s->nqueues, sizeof *q, mgmt_cmp_queue);
		if (twin) {
			/* the list's counts, state and policy are live; statistics lag */
			char *state = q->state, *policy = q->policy;

			q->ready = twin->ready, q->unacked = twin->unacked, q->total = twin->total;
			q->state = twin->state ? twin->state : state;
			q->policy = twin->policy;
			twin->state = twin->state ? state : NULL;
			twin->policy = policy;
			mgmt_fields_free(MGMT_QUEUES, twin);
			*twin = *q;
		} else {
			s->queues[s->nqueues + added++] = *q;
		}
	}
	d->nqueues = 0;
	if (added) {
		s->nqueues += added;
		mgmt_sort(s, MGMT_QUEUES);
	}
}

/* ---- rates from counters ------------------------------------------------- */

struct mgmt_sample {
	char *vhost, *name;
	long long c[4];
	long long total;
	int counters; /* c holds the broker's counters (not a queue without statistics) */
};

struct mgmt_series {
	struct mgmt_sample *v;
	size_t n;
	double t;
};

struct mgmt_samples {
	struct mgmt_series queues, conns;
};

static void mgmt_series_free(struct mgmt_series *sr)
{
	size_t i;

	for (i = 0; i < sr->n; i++) {
		free(sr->v[i].vhost);
		free(sr->v[i].name);
	}
	free(sr->v);
	memset(sr, 0, sizeof *sr);
}

void mgmt_samples_free(struct mgmt_samples *p)
{
	if (!p)
		return;
	mgmt_series_free(&p->queues);
	mgmt_series_free(&p->conns);
	free(p);
}

static double mgmt_rate_of(double rate, long long now, long long before, double dt, int found)
{
	if (rate >= 0)
		return rate;
	if (!found || dt <= 0 || now < before)
		return 0;
	return (double)(now - before) / dt;
}

/* A queue's rates against its previous sample p (NULL: none). */
static void mgmt_rates_queue(struct mgmt_queue *q, const struct mgmt_sample *p, double dt)
{
	int found = p && p->counters;

	q->change_rate = p && dt > 0 ? (double)(q->total - p->total) / dt : 0;
	if (q->no_stats) {
		q->publish_rate = q->deliver_rate = q->ack_rate = q->redeliver_rate = -1;
		return;
	}
	const long long *c = found ? p->c : (const long long[4]){0};

	q->publish_rate = mgmt_rate_of(q->publish_rate, q->published, c[0], dt, found);
	q->deliver_rate = mgmt_rate_of(q->deliver_rate, q->delivered, c[1], dt, found);
	q->ack_rate = mgmt_rate_of(q->ack_rate, q->acked, c[2], dt, found);
	q->redeliver_rate = mgmt_rate_of(q->redeliver_rate, q->redelivered, c[3], dt, found);
}

/* Rates of the queue list against the previous sample, walking both in order. */
static void mgmt_rates_queues(struct mgmt_series *sr, struct mgmt_snapshot *s)
{
	double dt = s->list_time[MGMT_QUEUES] - sr->t;
	size_t i, j = 0;

	for (i = 0; i < s->nqueues; i++) {
		struct mgmt_queue *q = &s->queues[i];
		int d = 1;

		while (j < sr->n) {
			struct mgmt_queue key = {.vhost = sr->v[j].vhost, .name = sr->v[j].name};

			d = mgmt_cmp_queue(&key, q);
			if (d >= 0)
				break;
			j++;
		}
		mgmt_rates_queue(q, d ? NULL : &sr->v[j], dt);
	}
	mgmt_series_free(sr);
	sr->v = msg_alloc((s->nqueues + 1) * sizeof *sr->v);
	for (i = 0; i < s->nqueues; i++) {
		struct mgmt_queue *q = &s->queues[i];

		sr->v[i] = (struct mgmt_sample){
			.vhost = msg_strdup(q->vhost),
			.name = msg_strdup(q->name),
			.c = {q->published, q->delivered, q->acked, q->redelivered},
			.total = q->total,
			.counters = !q->no_stats,
		};
	}
	sr->n = s->nqueues;
	sr->t = s->list_time[MGMT_QUEUES];
}

static void mgmt_rates_conns(struct mgmt_series *sr, struct mgmt_snapshot *s)
{
	double dt = s->list_time[MGMT_CONNECTIONS] - sr->t;
	size_t i, j = 0;

	for (i = 0; i < s->nconns; i++) {
		struct mgmt_conn *c = &s->conns[i];
		int d = 1;

		while (j < sr->n && (d = mgmt_cmp(sr->v[j].name, c->name)) < 0)
			j++;
		if (j == sr->n)
			d = 1;
		c->recv_rate = mgmt_rate_of(c->recv_rate, c->recv_oct, d ? 0 : sr->v[j].c[0], dt, !d);
		c->send_rate = mgmt_rate_of(c->send_rate, c->send_oct, d ? 0 : sr->v[j].c[1], dt, !d);
	}
	mgmt_series_free(sr);
	sr->v = msg_alloc((s->nconns + 1) * sizeof *sr->v);
	for (i = 0; i < s->nconns; i++)
		sr->v[i] = (struct mgmt_sample){.name = msg_strdup(s->conns[i].name),
						.c = {s->conns[i].recv_oct, s->conns[i].send_oct}};
	sr->n = s->nconns;
	sr->t = s->list_time[MGMT_CONNECTIONS];
}

void mgmt_rates(struct mgmt_samples **prev, struct mgmt_snapshot *s)
{
	if (!*prev)
		*prev = msg_alloc(sizeof **prev);
	if (s->fresh[MGMT_QUEUES])
		mgmt_rates_queues(&(*prev)->queues, s);
	if (s->fresh[MGMT_CONNECTIONS])
		mgmt_rates_conns(&(*prev)->conns, s);
}
