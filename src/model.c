/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model: see model.h. Counters follow the events exactly: the network
 * thread says how many messages each settle covered, so the counts stay
 * right even for messages that have left the bounded log.
 */
#include "config.h"

#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "mgmt.h"
#include "xmalloc.h"

void model_init(struct model *m, size_t log_size)
{
	memset(m, 0, sizeof *m);
	ring_init(&m->log, log_size, &m->seq);
	ring_init(&m->notes, MODEL_NOTES_CAP, &m->seq);
	m->next_consumer_no = 1;
	m->conn_state = CONN_DOWN;
}

static void model_names_clear(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

void model_list_add(struct model_list *l, const char *name)
{
	if (!name || model_list_has(l, name))
		return;
	XGROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = xstrdup(name);
}

int model_list_has(const struct model_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return 1;
	return 0;
}

void model_list_clear(struct model_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

static void model_names_free(struct model_names *n)
{
	model_names_clear(n->v, n->n);
	model_names_clear(n->own, n->nown);
	free(n->v);
	free(n->own);
	memset(n, 0, sizeof *n);
}

static void model_consumer_free(struct model_consumer *c)
{
	free(c->tag);
	free(c->queue);
	free(c->reason);
	free(c);
}

void model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nconsumers; i++)
		model_consumer_free(m->consumers[i]);
	free(m->consumers);
	ring_free(&m->log);
	ring_free(&m->notes);
	model_list_clear(&m->lesson_queues);
	model_list_clear(&m->lesson_exchanges);
	free(m->lesson_queues.v);
	free(m->lesson_exchanges.v);
	model_names_free(&m->queues);
	model_names_free(&m->exchanges);
	free(m->url);
	free(m->server);
	free(m->node);
	free(m->reason);
	free(m->conn_name);
	free(m->last_queue);
	mgmt_snapshot_free(m->mgmt);
	free(m->mgmt_error);
}

/* ---- names known for completion ---------------------------------------- */

static void model_names_push(struct model_names *n, const char *name)
{
	XGROW(n->v, n->n + 1, n->cap);
	n->v[n->n++] = msg_strdup(name);
}

/* Index of name in v[0..count), or count. */
static size_t model_names_find(char *const *v, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count && strcmp(v[i], name); i++)
		;
	return i;
}

/* Take v[i] out of v[0..*count), keeping the order. */
static void model_names_take(char **v, size_t *count, size_t i)
{
	free(v[i]);
	memmove(v + i, v + i + 1, (*count - i - 1) * sizeof *v);
	(*count)--;
}

void model_names_add(struct model_names *n, const char *name)
{
	size_t i;

	if (!name || !*name)
		return;
	if (!n->own)
		n->own = msg_alloc(MODEL_OWN_NAMES * sizeof *n->own);
	/* the newest last: a full list forgets its oldest */
	if ((i = model_names_find(n->own, n->nown, name)) < n->nown)
		model_names_take(n->own, &n->nown, i);
	else if (n->nown == MODEL_OWN_NAMES) {
		/* back at the next snapshot if the broker still has it */
		if ((i = model_names_find(n->v, n->n, n->own[0])) < n->n)
			model_names_take(n->v, &n->n, i);
		model_names_take(n->own, &n->nown, 0);
	}
	n->own[n->nown++] = msg_strdup(name);
	if (model_names_find(n->v, n->n, name) == n->n)
		model_names_push(n, name);
}

static int model_names_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void model_names_set(struct model_names *n, const char **names, size_t count)
{
	size_t i, broker;

	qsort(names, count, sizeof *names, model_names_cmp);
	model_names_clear(n->v, n->n);
	n->n = 0;
	for (i = 0; i < count && n->n < MODEL_NAMES_MAX; i++)
		if (*names[i] && (i == 0 || strcmp(names[i - 1], names[i])))
			model_names_push(n, names[i]);
	broker = n->n; /* sorted */
	for (i = 0; i < n->nown; i++)
		if (!bsearch(&n->own[i], n->v, broker, sizeof *n->v, model_names_cmp))
			model_names_push(n, n->own[i]);
}

void model_names_del(struct model_names *n, const char *name)
{
	size_t i;

	if ((i = model_names_find(n->v, n->n, name)) < n->n)
		model_names_take(n->v, &n->n, i);
	if ((i = model_names_find(n->own, n->nown, name)) < n->nown)
		model_names_take(n->own, &n->nown, i);
}

/* ---- consumers --------------------------------------------------------- */

struct model_consumer *model_consumer_add(struct model *m, const char *tag, const char *queue,
					  int manual_ack, int prefetch, uint64_t limit)
{
	struct model_consumer *c = msg_alloc(sizeof *c);

	c->tag = msg_strdup(tag);
	c->queue = msg_strdup(queue);
	c->manual_ack = manual_ack;
	c->prefetch = prefetch;
	c->limit = limit;
	c->state = MC_ACTIVE;
	c->started = loop_now();
	XGROW(m->consumers, m->nconsumers + 1, m->consumers_cap);
	m->consumers[m->nconsumers++] = c;
	return c;
}

struct model_consumer *model_consumer_find(const struct model *m, const char *tag)
{
	size_t i = m->nconsumers;

	while (i-- > 0)
		if (!strcmp(m->consumers[i]->tag, tag))
			return m->consumers[i];
	return NULL;
}

struct model_consumer *model_consumer_by_channel(const struct model *m, uint16_t ch)
{
	size_t i = m->nconsumers;

	while (i-- > 0)
		if (m->consumers[i]->channel == ch)
			return m->consumers[i];
	return NULL;
}

int model_consumer_active(const struct model_consumer *c)
{
	return c->state == MC_ACTIVE || c->state == MC_SUSPENDED;
}

const char *model_consumer_state_name(enum model_consumer_state s)
{
	static const char *const names[] = {
		[MC_ACTIVE] = "active",	      [MC_FINISHED] = "finished",
		[MC_CANCELLED] = "cancelled", [MC_LOST] = "lost",
		[MC_KILLED] = "killed",	      [MC_SUSPENDED] = "suspended",
	};
	return names[s];
}

void model_stats_reset(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nconsumers; i++) {
		struct model_consumer *c = m->consumers[i];

		c->delivered = c->acked = c->nacked = c->rejected = 0;
		c->requeued = c->redelivered = 0;
	}
	m->delivered_total = m->published_total = 0;
	m->rate_in_mark = m->rate_out_mark = 0;
}

/* ---- events ------------------------------------------------------------ */

static struct log_entry *model_push(struct model *m, enum log_kind kind, enum log_level level,
				    char *text, struct msg_ev *ev)
{
	struct log_entry *e = ring_entry_new(kind, level, text);

	e->ev = ev;
	e->time = ev && ev->type == EV_DELIVERY && ev->u.delivery ? ev->u.delivery->time : 0;
	return model_log_add(m, e);
}

static void model_set(char **field, const char *value)
{
	free(*field);
	*field = msg_strdup(value);
}

static struct log_entry *model_conn(struct model *m, struct msg_ev *ev)
{
	char *text;
	enum log_level level = LOG_INFO;

	m->conn_state = ev->u.conn.state;
	model_set(&m->reason, ev->u.conn.reason);
	if (ev->u.conn.url)
		model_set(&m->url, ev->u.conn.url);
	if (ev->u.conn.name)
		model_set(&m->conn_name, ev->u.conn.name);
	switch (ev->u.conn.state) {
	case CONN_UP:
		if (ev->u.conn.server) {
			model_set(&m->server, ev->u.conn.server);
			model_set(&m->node, ev->u.conn.node);
		}
		text = ev->u.conn.reason
			       ? msg_printf("connection unblocked")
			       : msg_printf("connection up: %s (%s%s%s)", m->url,
					    m->server ? m->server : "?", m->node ? ", node " : "",
					    m->node ? m->node : "");
		level = LOG_OK;
		break;
	case CONN_CONNECTING:
		text = msg_printf("connecting to %s", m->url ? m->url : "?");
		break;
	case CONN_BLOCKED:
		text = msg_printf("connection blocked by the broker: %s (publishing waits until "
				  "the alarm clears)",
				  ev->u.conn.reason ? ev->u.conn.reason : "resource alarm");
		level = LOG_WARN;
		break;
	default:
		m->unacked_total = 0;
		if (ev->u.conn.requeued)
			text = msg_printf("connection down: %s; %llu unacked message%s went back to "
					  "the queue",
					  ev->u.conn.reason ? ev->u.conn.reason : "?",
					  (unsigned long long)ev->u.conn.requeued,
					  ev->u.conn.requeued == 1 ? "" : "s");
		else
			text = msg_printf("connection down: %s",
					  ev->u.conn.reason ? ev->u.conn.reason : "?");
		level = ev->u.conn.reason && !strcmp(ev->u.conn.reason, "disconnected") ? LOG_INFO
											 : LOG_ERROR;
		break;
	}
	return model_push(m, LOG_CONN, level, text, ev);
}

static struct log_entry *model_delivery(struct model *m, struct msg_ev *ev)
{
	struct msg_delivery *d = ev->u.delivery;
	struct model_consumer *c = d->consumer[0] ? model_consumer_by_channel(m, d->channel) : NULL;
	struct log_entry *e;

	if (d->status != MSG_REQUEUED) {
		m->delivered_total++;
		if (d->status == MSG_PENDING)
			m->unacked_total++;
	}
	if (c) {
		if (d->status == MSG_REQUEUED) {
			c->requeued++;
		} else {
			c->delivered++;
			c->redelivered += d->redelivered != 0;
			if (d->status == MSG_PENDING)
				c->unacked++;
			else if (d->status == MSG_ACKED)
				c->acked++;
		}
	}
	ev->u.delivery = NULL;
	e = ring_entry_new(LOG_DELIVERY, LOG_INFO, NULL);
	e->msg = d;
	e->time = d->time;
	msg_ev_free(ev);
	return model_log_add(m, e);
}

static struct log_entry *model_settled(struct model *m, struct msg_ev *ev)
{
	uint16_t ch = ev->u.settled.channel;
	enum msg_status st = ev->u.settled.status;
	uint64_t count = ev->u.settled.count;
	struct model_consumer *c = ch > 2 ? model_consumer_by_channel(m, ch) : NULL;
	struct log_entry *e;
	size_t i;

	for (i = ring_lower_bound(&m->log, ev->u.settled.first); i < ring_count(&m->log); i++) {
		e = ring_at(&m->log, i);
		if (e->key > ev->u.settled.last)
			break;
		if (e->kind == LOG_DELIVERY && e->msg->channel == ch &&
		    e->msg->status == MSG_PENDING)
			e->msg->status = st;
	}
	m->unacked_total -= count < m->unacked_total ? count : m->unacked_total;
	if (c) {
		c->unacked -= count < c->unacked ? count : c->unacked;
		switch (st) {
		case MSG_ACKED: c->acked += count; break;
		case MSG_NACKED: c->nacked += count; break;
		case MSG_REJECTED: c->rejected += count; break;
		case MSG_REQUEUED: c->requeued += count; break;
		default: break;
		}
	}
	/* not kept in the log: the deliveries above show the new status */
	e = ring_entry_new(LOG_SETTLED, LOG_INFO, NULL);
	e->ev = ev;
	return e;
}

static struct log_entry *model_consumer_ev(struct model *m, struct msg_ev *ev)
{
	struct model_consumer *c = model_consumer_find(m, ev->u.consumer.tag);
	const char *q = ev->u.consumer.queue;
	char *text;
	enum log_level level = LOG_INFO;

	if (!c || (ev->u.consumer.state == CONSUMER_STARTED && !model_consumer_active(c) &&
		   c->state != MC_SUSPENDED))
		c = model_consumer_add(m, ev->u.consumer.tag, q, ev->u.consumer.manual_ack,
				       ev->u.consumer.prefetch, ev->u.consumer.limit);
	c->channel = ev->u.consumer.channel;
	c->prefetch = ev->u.consumer.prefetch;
	model_set(&c->reason, ev->u.consumer.reason);
	switch (ev->u.consumer.state) {
	case CONSUMER_STARTED:
		text = msg_printf("consumer %s %s on %s (%s ack)", c->tag,
				  c->state == MC_SUSPENDED ? "restarted" : "started", q,
				  c->manual_ack ? "manual" : "auto");
		c->state = MC_ACTIVE;
		free(c->queue);
		c->queue = msg_strdup(q);
		break;
	case CONSUMER_SUSPENDED:
		c->state = MC_SUSPENDED;
		c->unacked = 0;
		text = msg_printf("consumer %s waits for the connection to come back", c->tag);
		level = LOG_WARN;
		break;
	case CONSUMER_FINISHED:
		c->state = MC_FINISHED;
		text = msg_printf("consumer %s finished after %llu message%s", c->tag,
				  (unsigned long long)ev->u.consumer.delivered,
				  ev->u.consumer.delivered == 1 ? "" : "s");
		break;
	case CONSUMER_CANCELLED:
		c->state = MC_CANCELLED;
		text = msg_printf("consumer %s cancelled", c->tag);
		break;
	case CONSUMER_KILLED:
		c->state = MC_KILLED;
		text = msg_printf("consumer %s killed: %llu unacked message%s went back to %s",
				  c->tag, (unsigned long long)ev->u.consumer.requeued,
				  ev->u.consumer.requeued == 1 ? "" : "s", q);
		level = LOG_WARN;
		break;
	default:
		c->state = MC_LOST;
		text = msg_printf("consumer %s on %s lost: %s", c->tag, q,
				  ev->u.consumer.reason ? ev->u.consumer.reason : "?");
		level = LOG_WARN;
		break;
	}
	c->ended = c->state == MC_ACTIVE || c->state == MC_SUSPENDED ? 0 : loop_now();
	return model_push(m, LOG_CONSUMER, level, text, ev);
}

/*
 * A management snapshot, merged over the last one. Its error is not logged:
 * the status bar shows it while it lasts, and a command that asked for the
 * data reports it.
 */
/* Names for completion from rows whose first member is their name. */
static void model_names_from_rows(struct model_names *n, const void *rows, size_t count,
				  size_t size)
{
	const char **names = msg_alloc((count + 1) * sizeof *names);
	size_t i;

	for (i = 0; i < count; i++)
		names[i] = *(char *const *)((const char *)rows + i * size);
	model_names_set(n, names, count);
	free(names);
}

static void model_mgmt(struct model *m, struct msg_ev *ev)
{
	struct mgmt_snapshot *s = ev->u.mgmt;

	ev->u.mgmt = NULL;
	msg_ev_free(ev);
	free(m->mgmt_error);
	m->mgmt_error = msg_strdup(s->error);
	m->mgmt = mgmt_merge(m->mgmt, s);
	if (s->fresh[MGMT_QUEUES])
		model_names_from_rows(&m->queues, s->queues, s->nqueues, sizeof *s->queues);
	if (s->fresh[MGMT_EXCHANGES])
		model_names_from_rows(&m->exchanges, s->exchanges, s->nexchanges,
				      sizeof *s->exchanges);
}

/* A server-named queue came back with a new name: $queue and consumers follow. */
static void model_rename_queue(struct model *m, const char *from, const char *to)
{
	size_t i;

	if (m->last_queue && !strcmp(m->last_queue, from)) {
		free(m->last_queue);
		m->last_queue = msg_strdup(to);
	}
	for (i = 0; i < m->nconsumers; i++)
		if (m->consumers[i]->queue && !strcmp(m->consumers[i]->queue, from)) {
			free(m->consumers[i]->queue);
			m->consumers[i]->queue = msg_strdup(to);
		}
	model_names_add(&m->queues, to);
}

struct log_entry *model_apply(struct model *m, struct msg_ev *ev)
{
	struct log_entry *e;

	switch (ev->type) {
	case EV_CONN:
		return model_conn(m, ev);
	case EV_DELIVERY:
		return model_delivery(m, ev);
	case EV_RETURN:
		e = ring_entry_new(LOG_RETURN, LOG_WARN, NULL);
		e->msg = ev->u.delivery;
		e->time = e->msg->time;
		ev->u.delivery = NULL;
		msg_ev_free(ev);
		return model_log_add(m, e);
	case EV_SETTLED:
		return model_settled(m, ev);
	case EV_CONSUMER:
		return model_consumer_ev(m, ev);
	case EV_PUBLISHED:
		m->published_total += ev->u.published.sent;
		msg_ev_free(ev);
		return NULL;
	case EV_NOTICE:
		if (ev->u.notice.renamed_from)
			model_rename_queue(m, ev->u.notice.renamed_from, ev->u.notice.renamed_to);
		e = model_push(m, LOG_NOTICE,
			       ev->u.notice.level >= 2   ? LOG_ERROR
			       : ev->u.notice.level == 1 ? LOG_WARN
							 : LOG_INFO,
			       ev->u.notice.text, NULL);
		ev->u.notice.text = NULL;
		msg_ev_free(ev);
		return e;
	case EV_MGMT:
		model_mgmt(m, ev);
		return NULL;
	default:
		msg_ev_free(ev);
		return NULL;
	}
}

struct log_entry *model_log_add(struct model *m, struct log_entry *e)
{
	return ring_push(e->msg ? &m->log : &m->notes, e);
}

void model_mark_lost(struct model *m, uint64_t id)
{
	struct log_entry *e = ring_find_msg(&m->log, id);

	if (e && e->msg->status == MSG_AUTO)
		e->msg->status = MSG_LOST;
}

size_t model_log_count(const struct model *m)
{
	return ring_count(&m->log) + ring_count(&m->notes);
}

/*
 * The i-th entry of both stores in seq order: the k-th smallest of two
 * sorted runs, by bisecting how many of the k come from the messages.
 */
struct log_entry *model_log_at(const struct model *m, size_t i)
{
	size_t na = ring_count(&m->log), nb = ring_count(&m->notes), k = i + 1, lo, hi, a, b;
	struct log_entry *x, *y;

	if (i >= na + nb)
		return NULL;
	lo = k > nb ? k - nb : 0;
	hi = k < na ? k : na;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		/* taking mid+1 messages is right if message mid comes before note k-mid-1 */
		if (ring_at(&m->log, mid)->seq < ring_at(&m->notes, k - mid - 1)->seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	a = lo;
	b = k - a;
	assert(a <= na && b <= nb);
	x = a ? ring_at(&m->log, a - 1) : NULL;
	y = b ? ring_at(&m->notes, b - 1) : NULL;
	return !y || (x && x->seq > y->seq) ? x : y;
}

size_t model_log_seq_index(const struct model *m, uint64_t seq)
{
	return ring_seq_lower_bound(&m->log, seq) + ring_seq_lower_bound(&m->notes, seq);
}

void model_entry_done(struct log_entry *e)
{
	if (e && e->kind == LOG_SETTLED)
		ring_entry_free(e);
}

void model_tick(struct model *m, double now)
{
	double dt = now - m->rate_t;

	if (m->rate_t == 0 || dt <= 0) {
		m->rate_t = now;
		m->rate_in_mark = m->delivered_total;
		m->rate_out_mark = m->published_total;
		return;
	}
	m->rate_in = (double)(m->delivered_total - m->rate_in_mark) / dt;
	m->rate_out = (double)(m->published_total - m->rate_out_mark) / dt;
	m->rate_t = now;
	m->rate_in_mark = m->delivered_total;
	m->rate_out_mark = m->published_total;
}
