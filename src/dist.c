/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist: see dist.h.
 */
#include "config.h"

#include "dist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "mgmt.h"
#include "text.h"
#include "worker.h"
#include "xmalloc.h"

static struct dist_row *dist_add(struct dist_row **rows, size_t *n, size_t *cap)
{
	struct dist_row *r;

	*rows = xgrow(*rows, *n + 1, cap, sizeof **rows);
	r = &(*rows)[(*n)++];
	memset(r, 0, sizeof *r);
	return r;
}

static void dist_push_number(struct dist_row *r, long number, int redelivered)
{
	if (r->nnumbers == DIST_MAX_NUMBERS) {
		memmove(r->numbers, r->numbers + 1, (DIST_MAX_NUMBERS - 1) * sizeof *r->numbers);
		memmove(r->redelivered, r->redelivered + 1,
			(DIST_MAX_NUMBERS - 1) * sizeof *r->redelivered);
		r->nnumbers--;
		r->more++;
	}
	r->numbers[r->nnumbers] = number;
	r->redelivered[r->nnumbers++] = redelivered;
}

/* The message numbers a consumer got: a worker's timeline, else the log. */
static void dist_numbers(struct app *a, struct dist_row *r, const struct model_consumer *c)
{
	struct worker *w = worker_find(a, c->tag);
	size_t i, n;

	if (!w)
		w = worker_find_retired(a, c->tag);
	if (w) {
		for (i = 0; i < w->nlog; i++) {
			int lost = w->log[i].outcome == MSG_LOST;

			r->lost += lost;
			dist_push_number(r, w->log[i].number >= 0 ? w->log[i].number
								   : -(long)w->log[i].id,
					 lost ? 2 : w->log[i].redelivered != 0);
		}
		return;
	}
	n = ring_count(&a->model.log);
	for (i = 0; i < n; i++) {
		const struct log_entry *e = ring_at(&a->model.log, i);
		long num;

		if (e->kind != LOG_DELIVERY || strcmp(e->msg->consumer, c->tag) ||
		    e->msg->status == MSG_REQUEUED)
			continue;
		num = worker_body_number(e->msg->body, e->msg->body_len);
		r->lost += e->msg->status == MSG_LOST;
		dist_push_number(r, num >= 0 ? num : -(long)e->msg->id,
				 e->msg->status == MSG_LOST ? 2 : e->msg->redelivered != 0);
	}
}

size_t dist_build(struct app *a, const char *queue, struct dist_row **out)
{
	struct dist_row *rows = NULL, *r;
	const struct mgmt_snapshot *s = a->model.mgmt;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < a->model.nconsumers; i++) {
		const struct model_consumer *c = a->model.consumers[i];
		struct worker *w = worker_find(a, c->tag);

		if (queue && strcmp(c->queue, queue))
			continue;
		/* every consumer that got messages from it, cancelled or killed too */
		if (!model_consumer_active(c) && !w && !c->delivered)
			continue;
		r = dist_add(&rows, &n, &cap);
		r->name = msg_strdup(c->tag);
		r->queue = msg_strdup(c->queue);
		r->kind = w ? "worker" : "consumer";
		r->state = w ? worker_state_name(w->state) : model_consumer_state_name(c->state);
		r->received = (long long)c->delivered;
		r->unacked = (long long)c->unacked;
		r->prefetch = c->prefetch;
		dist_numbers(a, r, c);
	}
	for (i = 0; s && i < s->nconsumers; i++) {
		const struct mgmt_consumer *c = &s->consumers[i];

		if (c->mine || (queue && strcmp(c->queue, queue)))
			continue;
		r = dist_add(&rows, &n, &cap);
		r->name = msg_strdup(c->tag);
		r->queue = msg_strdup(c->queue);
		r->kind = c->product ? c->product : "other client";
		r->state = c->active ? "active" : "inactive";
		r->received = -1; /* the API does not count per consumer */
		r->unacked = c->unacked;
		r->prefetch = c->prefetch;
	}
	*out = rows;
	return n;
}

void dist_free(struct dist_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].queue);
	}
	free(rows);
}

/* A name escaped and fitted to exactly cols columns (cut, or padded). */
static char *dist_cell(const char *s, size_t cols)
{
	char *safe = text_safe(s, strlen(s), cols, 0);
	size_t w = text_width(safe);
	char *cell = msg_printf("%s%*s", safe, (int)(w < cols ? cols - w : 0), "");

	free(safe);
	return cell;
}

char *dist_line(const struct dist_row *r, const struct dist_row *all, size_t n, int cols)
{
	long long max = 1;
	char bar[128], un[64], nums[256], *name, *line;
	size_t i, k = 0;
	int width = cols > 60 ? 20 : 12, fill, b = 0;

	for (i = 0; i < n; i++)
		if (all[i].received > max)
			max = all[i].received;
	fill = r->received > 0 ? (int)((r->received * width + max - 1) / max) : 0;
	for (i = 0; i < (size_t)width; i++)
		b += snprintf(bar + b, sizeof bar - (size_t)b, "%s", (int)i < fill ? "█" : "·");
	if (r->unacked < 0)
		snprintf(un, sizeof un, "unacked ?  prefetch %lld", r->prefetch);
	else if (r->received < 0)
		snprintf(un, sizeof un, "unacked %lld/%lld%s", r->unacked, r->prefetch,
			 r->prefetch ? "" : " (∞)");
	else if (r->prefetch)
		snprintf(un, sizeof un, "unacked %lld/%lld", r->unacked, r->prefetch);
	else
		snprintf(un, sizeof un, "unacked %lld/∞", r->unacked);
	nums[0] = 0;
	if (r->more)
		k += (size_t)snprintf(nums, sizeof nums, " …");
	for (i = 0; i < r->nnumbers && k < sizeof nums - 16; i++)
		k += (size_t)snprintf(nums + k, sizeof nums - k, r->numbers[i] < 0 ? " #%ld%s" : " %ld%s",
				      r->numbers[i] < 0 ? -r->numbers[i] : r->numbers[i],
				      r->redelivered[i] == 2 ? "(lost)" : r->redelivered[i] ? "(R)" : "");
	name = dist_cell(r->name, 10);
	if (r->received < 0) {
		char *kind = text_safe(r->kind, strlen(r->kind), 32, 0);
		char *state = text_safe(r->state, strlen(r->state), 32, 0);

		line = msg_printf("%s %s  received ?  %s  [%s, %s]", name, bar, un, kind, state);
		free(kind);
		free(state);
	} else {
		/* a consumer that is gone says how it went: cancelled, killed, lost... */
		int gone = r->state && strcmp(r->state, "active") && strcmp(r->state, "idle") &&
			   strcmp(r->state, "busy") && strcmp(r->state, "starting");

		char lost[32] = "";

		if (r->lost)
			snprintf(lost, sizeof lost, "  %lld lost", r->lost);
		line = msg_printf("%s %s %5lld  %-16s got:%s%s%s%s%s", name, bar, r->received, un,
				  r->nnumbers ? nums : " -", lost, gone ? "  (" : "",
				  gone ? r->state : "", gone ? ")" : "");
	}
	free(name);
	return line;
}
