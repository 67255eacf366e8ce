/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson_check: see lesson_check.h. */
#include "config.h"

#include "lesson_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "job.h"
#include "lesson.h"
#include "worker.h"
#include "xmalloc.h"

#define LC_NUMS 64
#define LC_TRIES 15

static void lc_line(struct lesson_check_lines *l, int pass, const struct lesson_check *c,
		    const char *seen)
{
	XGROW(l->v, l->n + 1, l->cap);
	if (pass)
		l->v[l->n++] = xasprintf("passed: %s", c->text);
	else
		l->v[l->n++] = xasprintf("FAILED: %s (%s)", c->text, seen);
	if (pass)
		l->passed++;
	else
		l->failed++;
}

/* The step's deliveries to tag (a consumer's or a worker's): how many, redelivered, numbers. */
struct lc_seen {
	long long delivered, redelivered, lost;
	long nums[LC_NUMS];
	size_t nnums;
};

static void lc_deliveries(const struct lesson_check_ctx *x, const char *tag, struct lc_seen *s)
{
	const struct ring *r = &x->a->model.log;
	size_t i;

	memset(s, 0, sizeof *s);
	for (i = ring_lower_bound(r, x->lesson_msg + 1); i < ring_count(r); i++) {
		const struct log_entry *e = ring_at(r, i);
		const struct msg_delivery *d = e->msg;

		if (e->kind != LOG_DELIVERY || strcmp(d->consumer, tag))
			continue;
		if (d->status == MSG_LOST)
			s->lost++; /* in the whole lesson: the loss shows when the worker dies */
		if (d->id <= x->first_msg)
			continue;
		s->delivered++;
		s->redelivered += d->redelivered != 0;
		if (s->nnums < LC_NUMS)
			s->nums[s->nnums++] = worker_body_number(d->body, d->body_len);
	}
}

static int lc_cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* got TAG N...: the same numbers, in any order (round-robin order is not a promise). */
static void lc_got(struct lesson_check_lines *l, const struct lesson_check *c, struct lc_seen *s)
{
	long want[LESSON_MAX_NUMBERS];
	char seen[512] = "";
	size_t i, k = 0;
	int same = s->nnums == c->nnums;

	for (i = 0; i < c->nnums; i++)
		want[i] = (long)c->nums[i];
	qsort(want, c->nnums, sizeof *want, lc_cmp_long);
	qsort(s->nums, s->nnums, sizeof *s->nums, lc_cmp_long);
	for (i = 0; same && i < s->nnums; i++)
		same = want[i] == s->nums[i];
	for (i = 0; i < s->nnums && k < sizeof seen - 16; i++)
		k += (size_t)snprintf(seen + k, sizeof seen - k, " %ld", s->nums[i]);
	if (!same) {
		char why[600];

		snprintf(why, sizeof why, "%s got:%s", c->name, s->nnums ? seen : " nothing");
		lc_line(l, 0, c, why);
		return;
	}
	lc_line(l, 1, c, NULL);
}

static void lc_count(struct lesson_check_lines *l, const struct lesson_check *c, long long seen,
		     const char *what)
{
	char why[256];

	snprintf(why, sizeof why, "%s: %lld", what, seen);
	lc_line(l, seen == c->n, c, why);
}

/* A line of the step's output (its notes) that holds text. */
static int lc_says(const struct lesson_check_ctx *x, const char *text)
{
	const struct ring *r = &x->a->model.notes;
	size_t i;

	for (i = ring_seq_lower_bound(r, x->note_seq + 1); i < ring_count(r); i++) {
		const struct log_entry *e = ring_at(r, i);

		if (e->text && strstr(e->text, text))
			return 1;
	}
	return 0;
}

/* A check warren can answer from what it saw; 0 when it must ask the broker. */
static int lc_local(struct lesson_check_lines *l, const struct lesson_check *c)
{
	struct lc_seen s;

	switch (c->kind) {
	case LESSON_CHECK_QUEUE: return 0;
	case LESSON_CHECK_RESULT:
		lc_line(l, l->ctx.step_ok == (int)c->n, c, l->ctx.step_ok ? "it succeeded" : "it failed");
		return 1;
	case LESSON_CHECK_SAYS:
		lc_line(l, lc_says(&l->ctx, c->name), c, "no line of its output says so");
		return 1;
	default: break;
	}
	lc_deliveries(&l->ctx, c->name, &s);
	if (c->kind == LESSON_CHECK_GOT)
		lc_got(l, c, &s);
	else if (c->kind == LESSON_CHECK_DELIVERED)
		lc_count(l, c, s.delivered, "delivered");
	else if (c->kind == LESSON_CHECK_REDELIVERED)
		lc_count(l, c, s.redelivered, "redelivered");
	else
		lc_count(l, c, s.lost, "lost");
	return 1;
}

/* Go through the checks from l->next; stop at one that asks the broker. */
static void lc_next(struct lesson_check_lines *l, struct job *j)
{
	while (l->next < l->nchecks) {
		const struct lesson_check *c = &l->checks[l->next];
		struct msg_req *r;

		if (lc_local(l, c)) {
			l->next++;
			continue;
		}
		r = msg_req_new(REQ_DECLARE);
		r->u.declare.name = xstrdup(c->name);
		r->u.declare.passive = 1;
		j->quiet = 1; /* the check's line says what matters, not "ok: queue exists" */
		job_request(j, r, l->answered);
		return;
	}
	l->done(j);
}

void lesson_check_again(struct lesson_check_lines *l, struct job *j)
{
	lc_next(l, j);
}

void lesson_check_answer(struct lesson_check_lines *l, struct job *j, int ok,
			 const struct msg_ev *ev)
{
	const struct lesson_check *c = &l->checks[l->next];
	long long seen = !ok || !ev || !ev->u.result.counted ? -1
			 : !strcmp(c->field, "ready")	   ? (long long)ev->u.result.messages
							   : (long long)ev->u.result.consumers;

	/*
	 * A publish on another channel may still be on its way to the queue
	 * (AMQP orders a connection's channels apart): a count that is not
	 * there yet is asked again, for up to LC_TRIES tenths of a second.
	 */
	if (seen >= 0 && seen != c->n && ++l->tries < LC_TRIES) {
		job_wait_timer(j, 0.1, l->retry);
		return;
	}
	l->tries = 0;
	l->next++;
	if (seen < 0)
		lc_line(l, 0, c, ev && ev->u.result.text ? ev->u.result.text : "no answer");
	else
		lc_count(l, c, seen, c->field);
	lc_next(l, j);
}

void lesson_check_run(const struct lesson_check_ctx *ctx, const struct lesson_check *c, size_t n,
		      struct lesson_check_lines *out, struct job *j, void (*done)(struct job *j))
{
	out->ctx = *ctx;
	out->checks = c;
	out->nchecks = n;
	out->next = 0;
	out->done = done;
	lc_next(out, j);
}

void lesson_check_lines_free(struct lesson_check_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	l->passed = l->failed = 0;
}
