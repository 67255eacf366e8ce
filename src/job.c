/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * job: see job.h. The queue runs its jobs one after another from a 0 s
 * timer (the pump), never from inside an event: a command always starts on
 * a fresh stack, after what woke the loop is done. The pump yields to the
 * loop every JOB_SLICE_COMMANDS commands or JOB_SLICE_SECONDS, so signals
 * and events are serviced between the commands of a long script.
 */
#include "config.h"

#include "job.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "net.h"
#include "xmalloc.h"

#define JOB_SLICE_COMMANDS 256
#define JOB_SLICE_SECONDS 0.02

static void job_pump(void *arg);

static struct job_queue *job_q(struct app *a)
{
	return &a->jobs;
}

static void job_schedule(struct app *a)
{
	if (!job_q(a)->pump_timer)
		job_q(a)->pump_timer = loop_timer(a->loop, 0, job_pump, a);
}

static struct job *job_new(struct app *a)
{
	struct job *j = xzalloc(sizeof *j);

	j->a = a;
	j->id = ++job_q(a)->next_id;
	return j;
}

struct job *job_new_text(struct app *a, const char *text)
{
	struct job *j = job_new(a);

	j->text = xstrdup(text);
	return j;
}

struct job *job_new_cmd(struct app *a, const char *name, int argc, const char *const *argv)
{
	struct job *j = job_new(a);
	int i;

	assert(argc >= 0 && argc <= CMD_MAX_ARGS);
	j->name = xstrdup(name);
	j->argc = argc;
	j->argv = xreallocarray(NULL, (size_t)argc + 1, sizeof *j->argv);
	for (i = 0; i < argc; i++)
		j->argv[i] = xstrdup(argv[i]);
	return j;
}

void job_free(struct job *j)
{
	int i;

	if (!j)
		return;
	if (j->timer)
		loop_cancel(j->a->loop, j->timer);
	if (j->on_cancel)
		j->on_cancel(j);
	for (i = 0; i < j->argc; i++)
		free(j->argv[i]);
	free(j->argv);
	free(j->name);
	free(j->text);
	cmd_args_free(&j->args);
	if (j->data_free)
		j->data_free(j->data);
	else
		free(j->data);
	free(j);
}

void job_queue(struct app *a, struct job *chain, int front)
{
	struct job_queue *q = job_q(a);
	struct job *last = chain;

	if (!chain)
		return;
	while (last->next)
		last = last->next;
	if (front) {
		last->next = q->head;
		q->head = chain;
		if (!q->tail)
			q->tail = last;
	} else {
		if (q->tail)
			q->tail->next = chain;
		else
			q->head = chain;
		q->tail = last;
	}
	job_schedule(a);
}

void job_resume(struct app *a)
{
	job_schedule(a);
}

int job_queue_busy(const struct app *a)
{
	return a->jobs.running || a->jobs.head;
}

/* ---- waiting ----------------------------------------------------------- */

static int job_waits(const struct job *j)
{
	return j->req || j->timer || j->cond || j->on_idle || j->on_cancel;
}

enum cmd_result job_wait_result(struct job *j, uint64_t req, job_result_fn fn)
{
	assert(req && !j->req); /* one result at a time */
	j->req = req;
	j->on_result = fn;
	return CMD_PENDING;
}

enum cmd_result job_request(struct job *j, struct msg_req *r, job_result_fn fn)
{
	return job_wait_result(j, app_request(j->a, r), fn);
}

/* Run a continuation of j (NULL: finish ok), with j as the job whose output it is. */
static void job_call(struct job *j, job_fn fn)
{
	struct job_queue *q = job_q(j->a);
	struct job *was = q->current;

	q->current = j;
	if (fn)
		fn(j);
	else
		job_finish(j, 1);
	q->current = was;
}

static void job_timer_fired(void *arg)
{
	struct job *j = arg;
	job_fn fn = j->on_timer;

	j->timer = 0;
	j->on_timer = NULL;
	job_call(j, fn);
}

enum cmd_result job_wait_timer(struct job *j, double seconds, job_fn fn)
{
	if (j->timer)
		loop_cancel(j->a->loop, j->timer);
	j->timer = loop_timer(j->a->loop, seconds, job_timer_fired, j);
	j->on_timer = fn;
	return CMD_PENDING;
}

enum cmd_result job_wait_cond(struct job *j, job_cond_fn cond, job_fn fn)
{
	j->cond = cond;
	j->on_cond = fn;
	return CMD_PENDING;
}

enum cmd_result job_wait_external(struct job *j, job_fn cancel)
{
	j->on_cancel = cancel;
	return CMD_PENDING;
}

void *job_data(struct job *j, size_t size, void (*data_free)(void *data))
{
	assert(!j->data);
	j->data = xzalloc(size);
	j->data_free = data_free;
	return j->data;
}

/* ---- finishing --------------------------------------------------------- */

static void job_unlink_bg(struct job_queue *q, struct job *j)
{
	struct job **pp;

	for (pp = &q->bg; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			j->next = NULL;
			return;
		}
}

/* Tell the background jobs that watch the others (lessons) that j started or ended. */
static void job_watchers(struct app *a, struct job *j, int done, int ok)
{
	struct job *w, *next;

	for (w = job_q(a)->bg; w; w = next) {
		next = w->next;
		if (w != j && w->on_job)
			w->on_job(w, j, done, ok);
	}
}

void job_finish(struct job *j, int ok)
{
	struct app *a = j->a;
	struct job_queue *q = job_q(a);

	job_watchers(a, j, 1, ok);
	if (!ok)
		q->failures++;
	j->on_cancel = NULL; /* it ended as it should */
	if (q->barrier == j) {
		q->barrier = NULL;
		job_schedule(a);
	}
	if (q->running == j) {
		q->running = NULL;
		if (q->detach_timer) {
			loop_cancel(a->loop, q->detach_timer);
			q->detach_timer = 0;
		}
		job_schedule(a);
	} else {
		job_unlink_bg(q, j);
	}
	job_free(j);
}

void job_to_background(struct job *j)
{
	struct job_queue *q = job_q(j->a);

	assert(q->running == j);
	q->running = NULL;
	if (q->detach_timer) {
		loop_cancel(j->a->loop, q->detach_timer);
		q->detach_timer = 0;
	}
	j->background = 1;
	j->next = q->bg;
	q->bg = j;
	job_schedule(j->a);
}

/*
 * In the dashboard a command that waits longer than the view allows (a
 * big publish, a blocked connection, a slow API) goes on in the
 * background, so the user can type the next one; its result shows up when
 * it comes.
 */
static void job_detach(void *arg)
{
	struct app *a = arg;
	struct job_queue *q = job_q(a);

	q->detach_timer = 0;
	if (q->running && !q->running->holds)
		job_to_background(q->running);
}

void job_to_background_holding(struct job *j)
{
	job_to_background(j);
	job_q(j->a)->barrier = j;
}

struct job *job_find_background(struct app *a, const struct cmd_entry *e)
{
	struct job *j;

	for (j = job_q(a)->bg; j; j = j->next)
		if (j->args.entry == e)
			return j;
	return NULL;
}

int job_background_busy(struct app *a, const struct job *except)
{
	const struct job *j;

	for (j = job_q(a)->bg; j; j = j->next)
		if (j != except && (j->req || j->timer || j->cond || j->on_cancel))
			return 1;
	return 0;
}

/* ---- running ----------------------------------------------------------- */

static void job_run(struct app *a, struct job *j)
{
	struct job_queue *q = job_q(a);
	enum cmd_result r = CMD_ERR;

	q->commands++;
	q->running = j;
	job_watchers(a, j, 0, 0);
	q->current = j;
	if (cmd_prepare(a, j) == 0)
		r = j->args.entry->exec(j, &j->args);
	q->current = NULL;
	if (q->running != j)
		return; /* it finished already (or went to the background) */
	if (r == CMD_PENDING) {
		assert(job_waits(j)); /* a pending job waits for something */
		if (app_interactive(a) && !j->holds && !q->detach_timer)
			q->detach_timer = loop_timer(a->loop, a->view->detach_after, job_detach, a);
		return;
	}
	job_finish(j, r == CMD_OK);
}

/* The queue ran dry: background jobs and the view may go on. */
static void job_idle(struct app *a)
{
	struct job *j, *next;

	for (j = job_q(a)->bg; j; j = next) {
		next = j->next;
		if (j->on_idle)
			job_call(j, j->on_idle);
		if (job_queue_busy(a))
			return;
	}
	if (!job_queue_busy(a) && a->view && a->view->idle)
		a->view->idle(a);
}

static void job_pump(void *arg)
{
	struct app *a = arg;
	struct job_queue *q = job_q(a);
	double until = loop_now() + JOB_SLICE_SECONDS;
	int n = 0;

	q->pump_timer = 0;
	while (!q->running && q->head && !a->quitting && !a->events_held) {
		struct job *j = q->head;

		if (q->barrier && !j->lesson)
			break; /* behind a lesson that runs on by itself */
		if (++n > JOB_SLICE_COMMANDS || loop_now() > until) {
			job_schedule(a);
			return;
		}
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		j->next = NULL;
		app_job_started(a, j);
		job_run(a, j);
	}
	if (!job_queue_busy(a) && !a->quitting)
		job_idle(a);
}

/* ---- what wakes a waiting job ------------------------------------------ */

static struct job *job_find_req(struct job_queue *q, uint64_t req)
{
	struct job *j;

	if (q->running && q->running->req == req)
		return q->running;
	for (j = q->bg; j; j = j->next)
		if (j->req == req)
			return j;
	return NULL;
}

int job_result_quiet(struct app *a, uint64_t req)
{
	struct job *j = req ? job_find_req(job_q(a), req) : NULL;

	return j && j->quiet;
}

int job_on_result(struct app *a, uint64_t req, int ok, const struct msg_ev *ev)
{
	struct job_queue *q = job_q(a);
	struct job *j = req ? job_find_req(q, req) : NULL, *was = q->current;
	job_result_fn fn;

	if (!j)
		return 0;
	fn = j->on_result;
	j->req = 0;
	j->on_result = NULL;
	q->current = j;
	if (fn)
		fn(j, ok, ev);
	else
		job_finish(j, ok);
	q->current = was;
	return 1;
}

/* Run one job's condition; 1 when it held (the job may be gone). */
static int job_check(struct job *j)
{
	job_fn fn;

	if (!j->cond || !j->cond(j))
		return 0;
	fn = j->on_cond;
	j->cond = NULL;
	j->on_cond = NULL;
	job_call(j, fn);
	return 1;
}

void job_on_events(struct app *a)
{
	struct job_queue *q = job_q(a);
	struct job *j;
	int again = 1;

	if (q->running)
		job_check(q->running);
	/* a continuation may finish any background job: start over after each */
	while (again) {
		again = 0;
		for (j = q->bg; j; j = j->next)
			if (job_check(j)) {
				again = 1;
				break;
			}
	}
	if (!job_queue_busy(a) && !a->quitting)
		job_idle(a);
}

struct job *job_current(const struct app *a)
{
	return a->jobs.current;
}

/* ---- the end ----------------------------------------------------------- */

static void job_free_chain(struct job *j)
{
	while (j) {
		struct job *next = j->next;

		job_free(j);
		j = next;
	}
}

void job_queue_clear(struct app *a)
{
	struct job_queue *q = job_q(a);

	job_free_chain(q->head);
	q->head = q->tail = NULL;
}

void job_queue_free(struct app *a)
{
	struct job_queue *q = job_q(a);

	job_queue_clear(a);
	q->barrier = NULL;
	job_free(q->running);
	q->running = NULL;
	job_free_chain(q->bg);
	q->bg = NULL;
	if (q->pump_timer)
		loop_cancel(a->loop, q->pump_timer);
	if (q->detach_timer)
		loop_cancel(a->loop, q->detach_timer);
	q->pump_timer = q->detach_timer = 0;
}
