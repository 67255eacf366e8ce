/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ring: see ring.h. Entries are ordered by seq; `key` never decreases along
 * the ring, so a message is found by binary search.
 */
#include "config.h"

#include "ring.h"
#include "xmalloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void ring_init(struct ring *r, size_t cap, uint64_t *seq)
{
	memset(r, 0, sizeof *r);
	r->cap = cap ? cap : RING_DEFAULT_CAP;
	r->e = msg_alloc(r->cap * sizeof *r->e);
	r->seq = seq;
	r->body_budget = RING_BODY_BUDGET;
}

struct log_entry *ring_entry_new(enum log_kind kind, enum log_level level, char *text)
{
	struct log_entry *e = msg_alloc(sizeof *e);

	e->kind = kind;
	e->level = level;
	e->text = text;
	return e;
}

void ring_entry_free(struct log_entry *e)
{
	if (!e)
		return;
	free(e->text);
	msg_delivery_free(e->msg);
	msg_ev_free(e->ev);
	free(e);
}

static size_t ring_body(const struct log_entry *e)
{
	return e->msg ? e->msg->body_len : 0;
}

/* Keep the bodies within budget by cutting the oldest to a preview. */
static void ring_trim_bodies(struct ring *r)
{
	while (r->body_bytes > r->body_budget && r->trim < r->n) {
		struct log_entry *e = r->e[(r->head + r->trim) % r->cap];
		size_t b = ring_body(e);

		if (b > RING_PREVIEW) {
			r->body_bytes -= b - RING_PREVIEW;
			e->msg->body_len = RING_PREVIEW;
			e->msg->body = xreallocarray(e->msg->body, RING_PREVIEW + 1, 1);
		}
		r->trim++;
	}
}

struct log_entry *ring_push(struct ring *r, struct log_entry *e)
{
	e->seq = ++*r->seq;
	/* the order every lookup bisects on */
	assert(!r->n || ring_at(r, r->n - 1)->seq < e->seq);
	if (e->msg && e->kind == LOG_DELIVERY && e->msg->id > r->last_key)
		r->last_key = e->msg->id;
	e->key = e->kind == LOG_DELIVERY && e->msg ? e->msg->id : r->last_key;
	if (r->n == r->cap) {
		struct log_entry *old = r->e[r->head];

		r->body_bytes -= ring_body(old);
		ring_entry_free(old);
		r->head = (r->head + 1) % r->cap;
		r->n--;
		if (r->trim)
			r->trim--;
	}
	r->e[(r->head + r->n) % r->cap] = e;
	r->n++;
	r->body_bytes += ring_body(e);
	ring_trim_bodies(r);
	return e;
}

size_t ring_count(const struct ring *r)
{
	return r->n;
}

struct log_entry *ring_at(const struct ring *r, size_t i)
{
	return i < r->n ? r->e[(r->head + i) % r->cap] : NULL;
}

/* The first entry whose key (or seq) is at least v: both never decrease along the ring. */
static size_t ring_bisect(const struct ring *r, uint64_t v, int by_seq)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct log_entry *e = ring_at(r, mid);

		if ((by_seq ? e->seq : e->key) < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ring_lower_bound(const struct ring *r, uint64_t id)
{
	return ring_bisect(r, id, 0);
}

size_t ring_seq_lower_bound(const struct ring *r, uint64_t seq)
{
	return ring_bisect(r, seq, 1);
}

struct log_entry *ring_find_msg(const struct ring *r, uint64_t id)
{
	size_t i;

	for (i = ring_lower_bound(r, id); i < r->n; i++) {
		struct log_entry *e = ring_at(r, i);

		if (e->key != id)
			return NULL;
		if (e->kind == LOG_DELIVERY && e->msg && e->msg->id == id)
			return e;
	}
	return NULL;
}

void ring_clear(struct ring *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		ring_entry_free(ring_at(r, i));
	r->n = r->head = r->trim = 0;
	r->body_bytes = 0;
}

void ring_free(struct ring *r)
{
	ring_clear(r);
	free(r->e);
	r->e = NULL;
}
