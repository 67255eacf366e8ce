/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker: see worker.h. The broker decides which worker gets which message;
 * this file only decides how long each one takes and how it is settled, and
 * keeps the timeline that `worker log` prints.
 */
#include "config.h"

#include "worker.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "xmalloc.h"

#define WORKER_MAX_LOG 100000

static void worker_next(struct worker *w);

const char *worker_state_name(enum worker_state s)
{
	static const char *const names[] = {"starting", "idle",	  "busy",
					    "paused",	"killed", "stopped"};
	return names[s];
}

int worker_parse_work(const char *s, struct worker_opts *o)
{
	char *end;

	if (!strcmp(s, "dots")) {
		o->work = WORK_DOTS;
		return 0;
	}
	if (!strncmp(s, "ms:", 3)) {
		o->ms = strtod(s + 3, &end);
		o->work = WORK_MS;
		return *end || !(o->ms >= 0 && o->ms <= WORKER_MAX_MS) || s[3] == 0 ? -1 : 0;
	}
	if (!strncmp(s, "rand:", 5)) {
		o->rand_lo = strtod(s + 5, &end);
		if (*end != '-')
			return -1;
		o->rand_hi = strtod(end + 1, &end);
		o->work = WORK_RAND;
		return *end || !(o->rand_lo >= 0 && o->rand_hi >= o->rand_lo &&
				 o->rand_hi <= WORKER_MAX_MS)
			       ? -1
			       : 0;
	}
	return -1;
}

long worker_body_number(const unsigned char *body, size_t len)
{
	size_t i;
	long n = 0;

	for (i = 0; i < len && !isdigit(body[i]); i++)
		;
	if (i == len)
		return -1;
	for (; i < len && isdigit(body[i]) && n < 100000000; i++)
		n = n * 10 + (body[i] - '0');
	return n;
}

/* ---- the list ---------------------------------------------------------- */

struct worker *worker_find(struct app *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nworkers; i++)
		if (!strcmp(a->workers[i]->name, name))
			return a->workers[i];
	return NULL;
}

static void worker_task_free(struct worker_task *t)
{
	free(t->reply_to);
	free(t->correlation_id);
}

/* Forget the first k tasks. */
static void worker_todo_shift(struct worker *w, size_t k)
{
	size_t i;

	if (k > w->ntodo)
		k = w->ntodo;
	if (!k) /* an empty list may have no array: memmove() must not get NULL */
		return;
	for (i = 0; i < k; i++)
		worker_task_free(&w->todo[i]);
	memmove(w->todo, w->todo + k, (w->ntodo - k) * sizeof *w->todo);
	w->ntodo -= k;
}

static void worker_free(struct worker *w)
{
	worker_todo_shift(w, w->ntodo);
	free(w->name);
	free(w->queue);
	free(w->todo);
	free(w->log);
	free(w);
}

/* Out of the running workers; kept among the removed (retire) or freed. */
static void worker_unlink(struct app *a, struct worker *w, int retire)
{
	size_t i;

	for (i = 0; i < a->nworkers; i++)
		if (a->workers[i] == w) {
			memmove(a->workers + i, a->workers + i + 1,
				(a->nworkers - i - 1) * sizeof *a->workers);
			a->nworkers--;
			break;
		}
	if (w->timer)
		loop_cancel(a->loop, w->timer);
	w->timer = 0;
	if (!retire) {
		worker_free(w);
		return;
	}
	if (w->state != WORKER_KILLED)
		w->state = WORKER_STOPPED;
	XGROW(a->retired, a->nretired + 1, a->retired_cap);
	a->retired[a->nretired++] = w;
}

struct worker *worker_find_retired(struct app *a, const char *name)
{
	size_t i = a->nretired;

	while (i-- > 0) /* the newest of that name */
		if (!strcmp(a->retired[i]->name, name))
			return a->retired[i];
	return NULL;
}

void worker_forget_retired(struct app *a)
{
	while (a->nretired)
		worker_free(a->retired[--a->nretired]);
}

size_t worker_clear_all(struct app *a)
{
	size_t n = a->nworkers;

	while (a->nworkers) {
		struct worker *w = a->workers[a->nworkers - 1];

		if (w->state != WORKER_KILLED && w->state != WORKER_STOPPED) {
			struct msg_req *r = msg_req_new(REQ_CANCEL);

			r->u.cancel.tag = xstrdup(w->name);
			r->u.cancel.kill = 1;
			r->quiet = 1;
			app_request(a, r);
		}
		worker_unlink(a, w, 0);
	}
	worker_forget_retired(a);
	return n;
}

void worker_free_all(struct app *a)
{
	while (a->nworkers)
		worker_unlink(a, a->workers[a->nworkers - 1], 0);
	worker_forget_retired(a);
	free(a->workers);
	free(a->retired);
	a->workers = NULL;
	a->retired = NULL;
}

uint32_t worker_body_batch(const unsigned char *body, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	for (i = 0; i < len && i < 256; i++)
		if (!isdigit(body[i]))
			h = (h ^ body[i]) * 16777619u;
	return h;
}

/* If the broker refused the consumer, the worker never existed. */
static void worker_started(struct app *a, int ok, void *arg)
{
	struct worker *w = worker_find(a, arg);

	free(arg);
	if (!w)
		return;
	if (!ok)
		worker_unlink(a, w, 0);
	else if (w->state == WORKER_STARTING)
		w->state = WORKER_IDLE;
}

struct worker *worker_add(struct app *a, const struct worker_opts *o, uint64_t *req, char *err,
			  size_t errlen)
{
	struct worker *w;
	struct msg_req *r;
	char *name;

	if (o->name && worker_find(a, o->name)) {
		snprintf(err, errlen, "there is a worker called %s already", o->name);
		return NULL;
	}
	if (o->name && model_consumer_find(&a->model, o->name) &&
	    model_consumer_active(model_consumer_find(&a->model, o->name))) {
		snprintf(err, errlen, "a consumer tagged %s is running: pick another name", o->name);
		return NULL;
	}
	name = o->name ? msg_strdup(o->name) : NULL;
	while (!name) {
		name = msg_printf("w%llu", (unsigned long long)++a->worker_no);
		if (worker_find(a, name) || model_consumer_find(&a->model, name)) {
			free(name);
			name = NULL;
		}
	}
	w = msg_alloc(sizeof *w);
	w->app = a;
	w->name = name;
	w->queue = msg_strdup(o->queue);
	w->manual = o->manual;
	w->prefetch = o->prefetch;
	w->work = o->work;
	w->ms = o->ms;
	w->rand_lo = o->rand_lo;
	w->rand_hi = o->rand_hi;
	w->fail = o->fail;
	w->fail_reject = o->fail_reject;
	w->speed = o->speed > 0 ? o->speed : 1;
	w->rpc = o->rpc;
	w->state = WORKER_STARTING;
	w->started = loop_now();
	XGROW(a->workers, a->nworkers + 1, a->workers_cap);
	a->workers[a->nworkers++] = w;

	r = msg_req_new(REQ_CONSUME);
	r->u.consume.queue = msg_strdup(o->queue);
	r->u.consume.tag = msg_strdup(name);
	r->u.consume.manual_ack = o->manual;
	r->u.consume.prefetch = o->prefetch;
	r->u.consume.qos_global = a->model.qos_global;
	*req = app_request_then(a, r, worker_started, msg_strdup(name));
	return w;
}

/* ---- the work ---------------------------------------------------------- */

static double worker_work_s(const struct worker *w, const struct msg_delivery *d)
{
	double ms = 0;
	size_t i;

	switch (w->work) {
	case WORK_DOTS:
		for (i = 0; i < d->body_len; i++)
			ms += d->body[i] == '.' ? 1000 : 0;
		break;
	case WORK_MS:
		ms = w->ms;
		break;
	case WORK_RAND:
		ms = w->rand_lo + (w->rand_hi - w->rand_lo) * (rand() / (RAND_MAX + 1.0));
		break;
	}
	return ms / 1000.0 / w->speed;
}

static struct worker_event *worker_event_of(struct worker *w, uint64_t id)
{
	size_t i = w->nlog;

	while (i-- > 0)
		if (w->log[i].id == id)
			return &w->log[i];
	return NULL;
}

static void worker_settle(struct worker *w, uint64_t id, enum msg_settle_kind kind, int requeue)
{
	struct msg_req *r = msg_req_new(REQ_SETTLE);

	r->quiet = 1;
	r->u.settle.kind = kind;
	r->u.settle.id = id;
	r->u.settle.requeue = requeue;
	app_request(w->app, r);
}

unsigned long long worker_fib(long n)
{
	unsigned long long a = 0, b = 1, t;
	long i;

	for (i = 0; i < n && i < 90; i++) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}

/* The RPC server's answer goes to the caller's reply_to, with its correlation id. */
static void worker_reply(struct worker *w, const struct worker_task *t)
{
	struct msg_req *r;

	if (!t->reply_to || !*t->reply_to)
		return;
	r = msg_req_new(REQ_PUBLISH);
	r->quiet = 1;
	r->u.publish.exchange = msg_strdup("");
	r->u.publish.key = msg_strdup(t->reply_to);
	r->u.publish.body = (unsigned char *)msg_printf("%llu", worker_fib(t->number));
	r->u.publish.body_len = strlen((char *)r->u.publish.body);
	r->u.publish.literal = 1;
	r->u.publish.count = 1;
	r->u.publish.props.correlation_id = msg_strdup(t->correlation_id);
	r->u.publish.props.priority = -1;
	r->u.publish.props.timestamp = -1;
	app_request(w->app, r);
}

static void worker_done(void *arg)
{
	struct worker *w = arg;
	struct worker_event *ev = worker_event_of(w, w->current);
	double now = loop_now();
	enum msg_status outcome = MSG_AUTO;

	w->timer = 0;
	w->busy_s += now - w->busy_since;
	if (w->rpc)
		worker_reply(w, &w->todo[0]);
	if (w->manual) {
		if (w->fail > 0 && rand() / (RAND_MAX + 1.0) < w->fail) {
			outcome = w->fail_reject ? MSG_REJECTED : MSG_REQUEUED;
			worker_settle(w, w->current, w->fail_reject ? SETTLE_REJECT : SETTLE_NACK,
				      !w->fail_reject);
		} else {
			outcome = MSG_ACKED;
			worker_settle(w, w->current, SETTLE_ACK, 0);
		}
	}
	if (ev)
		ev->outcome = outcome;
	w->current = 0;
	worker_todo_shift(w, 1);
	if (w->state == WORKER_BUSY)
		w->state = WORKER_IDLE;
	if (w->stop_after) {
		worker_unlink(w->app, w, 1);
		return;
	}
	worker_next(w);
	if (w->app->view && w->app->view->changed)
		w->app->view->changed(w->app);
}

static void worker_next(struct worker *w)
{
	if (w->current || !w->ntodo || w->state != WORKER_IDLE)
		return;
	w->current = w->todo[0].id;
	w->state = WORKER_BUSY;
	w->busy_since = loop_now();
	w->timer = loop_timer(w->app->loop, w->todo[0].work_s, worker_done, w);
}

static void worker_log_add(struct worker *w, const struct msg_delivery *d, double work_s)
{
	struct worker_event *ev;

	if (w->nlog == WORKER_MAX_LOG)
		return;
	XGROW(w->log, w->nlog + 1, w->caplog);
	ev = &w->log[w->nlog++];
	ev->time = d->time;
	ev->id = d->id;
	ev->number = worker_body_number(d->body, d->body_len);
	ev->batch = worker_body_batch(d->body, d->body_len);
	ev->redelivered = d->redelivered;
	ev->outcome = d->status;
	ev->work_s = work_s;
}

static void worker_take(struct worker *w, const struct msg_delivery *d)
{
	double work_s = worker_work_s(w, d);

	struct worker_task *t;

	XGROW(w->todo, w->ntodo + 1, w->captodo);
	t = &w->todo[w->ntodo++];
	t->id = d->id;
	t->work_s = work_s;
	t->number = worker_body_number(d->body, d->body_len);
	t->reply_to = msg_strdup(d->props.reply_to);
	t->correlation_id = msg_strdup(d->props.correlation_id);
	worker_log_add(w, d, work_s);
	if (w->state == WORKER_STARTING)
		w->state = WORKER_IDLE;
	worker_next(w);
}

/* Whatever the worker held went back to the queue. */
static void worker_drop_todo(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->ntodo; i++) {
		struct worker_event *ev = worker_event_of(w, w->todo[i].id);

		/* auto-acked and not worked on: the broker forgot it, and so did the worker */
		if (!w->manual)
			model_mark_lost(&w->app->model, w->todo[i].id);
		if (ev && (ev->outcome == MSG_PENDING || ev->outcome == MSG_AUTO))
			ev->outcome = w->manual ? MSG_REQUEUED : MSG_LOST;
	}
	if (w->timer) {
		loop_cancel(w->app->loop, w->timer);
		w->timer = 0;
		w->busy_s += loop_now() - w->busy_since;
	}
	worker_todo_shift(w, w->ntodo);
	w->current = 0;
}

void worker_on_entry(struct app *a, const struct log_entry *e)
{
	struct worker *w;

	if (!a->nworkers)
		return;
	if (e->kind == LOG_DELIVERY && e->msg->consumer[0]) {
		w = worker_find(a, e->msg->consumer);
		if (w && e->msg->status != MSG_REQUEUED && w->state != WORKER_KILLED &&
		    w->state != WORKER_STOPPED)
			worker_take(w, e->msg);
		return;
	}
	if (e->kind == LOG_CONSUMER && e->ev) {
		w = worker_find(a, e->ev->u.consumer.tag);
		if (!w)
			return;
		switch (e->ev->u.consumer.state) {
		case CONSUMER_STARTED:
			if (w->state == WORKER_STARTING) {
				w->state = WORKER_IDLE;
				worker_next(w);
			}
			break;
		case CONSUMER_KILLED:
			worker_drop_todo(w);
			w->state = WORKER_KILLED;
			break;
		case CONSUMER_LOST:
			worker_drop_todo(w);
			w->state = WORKER_STOPPED;
			break;
		case CONSUMER_SUSPENDED:
			/* what it held went back with the connection */
			worker_drop_todo(w);
			w->state = WORKER_STARTING;
			break;
		default:
			break;
		}
	}
}

/* ---- control ----------------------------------------------------------- */

uint64_t worker_kill(struct app *a, struct worker *w)
{
	struct msg_req *r = msg_req_new(REQ_CANCEL);

	r->u.cancel.tag = msg_strdup(w->name);
	r->u.cancel.kill = 1;
	worker_drop_todo(w);
	w->state = WORKER_KILLED;
	return app_request(a, r);
}

void worker_pause(struct app *a, struct worker *w, int on)
{
	if (on && (w->state == WORKER_IDLE || w->state == WORKER_BUSY)) {
		/* the task in hand is finished; no new one starts */
		w->state = WORKER_PAUSED;
	} else if (!on && w->state == WORKER_PAUSED) {
		w->state = w->current ? WORKER_BUSY : WORKER_IDLE;
		worker_next(w);
	}
}

uint64_t worker_remove(struct app *a, struct worker *w)
{
	struct msg_req *r;
	uint64_t id;
	size_t i;

	if (w->state == WORKER_KILLED || w->state == WORKER_STOPPED) {
		worker_unlink(a, w, 1);
		return 0;
	}
	r = msg_req_new(REQ_CANCEL);
	r->u.cancel.tag = msg_strdup(w->name);
	id = app_request(a, r);
	/* what it has not started goes back; the task in hand is finished */
	for (i = w->current ? 1 : 0; i < w->ntodo; i++)
		if (w->manual)
			worker_settle(w, w->todo[i].id, SETTLE_NACK, 1);
	if (w->ntodo > (w->current ? 1u : 0u)) {
		for (i = w->current ? 1 : 0; i < w->ntodo; i++)
			worker_task_free(&w->todo[i]);
		w->ntodo = w->current ? 1 : 0;
	}
	if (w->current)
		w->stop_after = 1;
	else
		worker_unlink(a, w, 1);
	return id;
}

void worker_set_speed(struct app *a, double speed)
{
	size_t i;

	for (i = 0; i < a->nworkers; i++)
		a->workers[i]->speed = speed;
	a->worker_speed = speed;
}

void worker_stats_reset(struct app *a)
{
	size_t i;
	double now = loop_now();

	for (i = 0; i < a->nworkers; i++) {
		struct worker *w = a->workers[i];

		w->nlog = 0;
		w->busy_s = 0;
		w->started = now;
		if (w->state == WORKER_BUSY)
			w->busy_since = now;
	}
}

double worker_busy_share(const struct worker *w, double now)
{
	double busy = w->busy_s + (w->state == WORKER_BUSY && w->timer ? now - w->busy_since : 0);
	double life = now - w->started;

	return life > 0 ? busy / life : 0;
}

int worker_write_csv(struct app *a, const struct worker *only, FILE *f)
{
	size_t i, k;

	fprintf(f, "time,worker,message,number,redelivered,outcome,work_seconds\n");
	for (i = 0; i < a->nworkers; i++) {
		const struct worker *w = a->workers[i];

		if (only && w != only)
			continue;
		for (k = 0; k < w->nlog; k++) {
			const struct worker_event *ev = &w->log[k];

			fprintf(f, "%.3f,%s,%llu,%ld,%s,%s,%.3f\n", ev->time, w->name,
				(unsigned long long)ev->id, ev->number, ev->redelivered ? "yes" : "no",
				msg_status_name(ev->outcome), ev->work_s);
		}
	}
	return ferror(f) ? -1 : 0;
}
