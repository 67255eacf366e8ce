/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson_run: see lesson_run.h. A step goes through these phases:
 *
 *   SAY ──(autorun: queue its command; else type it in: WAIT_USER)──► RUNNING
 *   RUNNING ──its job ended, queue dry──► WAITING (the step's wait, scaled)
 *   WAITING ──► REFRESH (fresh broker view, at most LR_REFRESH_S) ──► CHECKS
 *   CHECKS ──(queue checks ask the broker)──► LOOK ──► the next step's SAY
 *
 * A step without a command waits for `next` (Enter on an empty line) in the
 * dashboard. The lesson knows its step's command by the job that runs it:
 * the one it queued, or a typed line equal to the command it typed in. Any
 * other typed command runs and the step stays where it was.
 */
#include "config.h"

#include "lesson_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "job.h"
#include "lesson.h"
#include "lesson_check.h"
#include "mgmt.h"
#include "sandbox.h"
#include "worker.h"
#include "xmalloc.h"

#define LR_REFRESH_S 5.0 /* how long the look waits for the broker view */

enum lr_phase { LR_SAY, LR_WAIT_USER, LR_RUNNING, LR_AFTER_RUN, LR_WAITING, LR_REFRESH, LR_CHECKS };

struct lesson_run {
	struct lesson l;
	size_t step;
	enum lr_phase phase;
	int autorun;
	double speed;
	uint64_t step_job;  /* the job running the step's command */
	int step_ok;	    /* how it ended */
	uint64_t first_msg; /* messages numbered above this came in this step */
	uint64_t note_seq;  /* notes after this seq were said in this step */
	uint64_t lesson_msg; /* ... and above this, in this lesson */
	uint64_t refresh_seq;
	struct lesson_check_lines lines;
	/* the step before, in the box until this step's command runs (the dashboard) */
	const char *prev_look;
	struct lesson_check_lines prev;
	unsigned passed, failed;
	const char *status;
};

static void lr_step_begin(struct job *j);
static void lr_after_run(struct job *j);
static void lr_on_job(struct job *self, struct job *other, int done, int ok);

static struct lesson_run *lr_of(struct job *j)
{
	return j->data;
}

static const struct lesson_step *lr_step(struct lesson_run *r)
{
	return r->step < r->l.nsteps ? &r->l.steps[r->step] : NULL;
}

/* What the lesson says now: the view's box, or lines in batch mode. */
static void lr_narrate(struct job *j)
{
	struct app *a = j->a;
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s = lr_step(r);
	struct view_narration n = {0};

	if (!s || !a->view->narrate)
		return;
	n.title = r->l.title;
	n.step = r->step + 1;
	n.nsteps = r->l.nsteps;
	n.say = s->say;
	n.run = s->run;
	n.status = r->status;
	if (r->phase == LR_WAIT_USER) { /* what the step before showed, still there */
		n.look_first = 1;
		n.look = r->prev_look;
		n.checks = (const char *const *)r->prev.v;
		n.nchecks = r->prev.n;
		n.failed = r->prev.failed;
	} else if (r->phase != LR_SAY && r->phase != LR_RUNNING) {
		n.look = s->look;
		n.checks = (const char *const *)r->lines.v;
		n.nchecks = r->lines.n;
		n.failed = r->lines.failed;
	}
	a->view->narrate(a, &n);
}

/* ---- the clean slate ----------------------------------------------------- */

static void lr_quiet(struct app *a, struct msg_req *r)
{
	r->quiet = 1; /* an error still says so */
	app_request(a, r);
}

/* Delete what earlier lessons made; stop the workers and consumers left running. */
static void lr_clean(struct app *a)
{
	struct model *m = &a->model;
	size_t i, workers, consumers = 0, queues = m->lesson_queues.n,
		  exchanges = m->lesson_exchanges.n;

	for (i = 0; i < m->nconsumers; i++)
		if (model_consumer_active(m->consumers[i]) && !worker_find(a, m->consumers[i]->tag)) {
			struct msg_req *r = msg_req_new(REQ_CANCEL);

			r->u.cancel.tag = xstrdup(m->consumers[i]->tag);
			lr_quiet(a, r);
			consumers++;
		}
	workers = worker_clear_all(a);
	for (i = 0; i < queues + exchanges; i++) {
		struct msg_req *r = msg_req_new(REQ_DELETE);

		r->u.del.exchange = i >= queues;
		r->u.del.name = xstrdup(i < queues ? m->lesson_queues.v[i]
						   : m->lesson_exchanges.v[i - queues]);
		lr_quiet(a, r);
	}
	model_list_clear(&m->lesson_queues);
	model_list_clear(&m->lesson_exchanges);
	m->lesson_start = loop_now();
	if (workers + consumers + queues + exchanges)
		app_out(a, LOG_INFO,
			"a clean slate: removed %zu worker%s, cancelled %zu consumer%s, deleted %zu "
			"queue%s and %zu exchange%s left by earlier lessons",
			workers, workers == 1 ? "" : "s", consumers, consumers == 1 ? "" : "s", queues,
			queues == 1 ? "" : "s", exchanges, exchanges == 1 ? "" : "s");
}

/* ---- the end ------------------------------------------------------------- */

static void lr_free(void *data)
{
	struct lesson_run *r = data;

	lesson_free(&r->l);
	lesson_check_lines_free(&r->lines);
	lesson_check_lines_free(&r->prev);
	free(r);
}

static void lr_end(struct job *j)
{
	struct app *a = j->a;
	struct lesson_run *r = lr_of(j);

	if (a->view->narrate)
		a->view->narrate(a, NULL);
	if (r->passed + r->failed)
		app_result_text(a, !r->failed, "== end of the lesson: %u check%s passed, %u failed ==",
				r->passed, r->passed == 1 ? "" : "s", r->failed);
	else
		app_ok(a, "== end of the lesson ==");
	job_finish(j, !r->failed);
}

/* ---- a step -------------------------------------------------------------- */

/* Why a step cannot run here, or NULL. */
static const char *lr_skip(const struct app *a, int needs)
{
	if ((needs & LESSON_NEEDS_CLUSTER) && (!a->sandbox || a->sandbox->nodes < 3))
		return "(skipped: this step needs a sandbox cluster: warren --sandbox --nodes 3)";
	if ((needs & LESSON_NEEDS_SANDBOX) && !a->sandbox)
		return "(skipped: this step needs warren --sandbox, whose broker it restarts)";
	return NULL;
}

/* Run the step's command now, as the lesson's own job. */
static void lr_run_command(struct job *j)
{
	struct lesson_run *r = lr_of(j);
	struct job *c = job_new_text(j->a, lr_step(r)->run);

	c->lesson = 1;
	r->step_job = c->id;
	r->phase = LR_RUNNING;
	r->status = "running it...";
	job_queue(j->a, c, 1); /* next: before whatever a script has after the lesson */
}

static void lr_say(struct job *j)
{
	struct app *a = j->a;
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s = lr_step(r);

	if (a->view->narrate) {
		lr_narrate(j);
		return;
	}
	if (s->say)
		app_out(a, LOG_INFO, "[%zu/%zu] %s", r->step + 1, r->l.nsteps, s->say);
}

static void lr_step_begin(struct job *j)
{
	struct app *a = j->a;
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s;
	const char *why;

	while ((s = lr_step(r)) && (why = lr_skip(a, s->needs | r->l.needs))) {
		app_out(a, LOG_INFO, "[%zu/%zu] %s", r->step + 1, r->l.nsteps, why);
		r->step++;
	}
	if (!s) {
		lr_end(j);
		return;
	}
	lesson_check_lines_free(&r->lines);
	r->first_msg = a->model.log.last_key;
	r->note_seq = a->model.seq;
	r->step_job = 0;
	r->step_ok = 1;
	r->phase = LR_SAY;
	if (r->autorun) {
		r->status = NULL;
		lr_say(j);
		if (s->run) {
			lr_run_command(j);
		} else {
			r->phase = LR_AFTER_RUN;
			job_wait_timer(j, 0, lr_after_run);
		}
		return;
	}
	r->phase = LR_WAIT_USER;
	r->status = s->run ? "Enter: run it  ·  F9 again  ·  F11 back  ·  F12 next"
			   : "Enter or F12: next  ·  F11 back";
	if (s->run)
		a->view->prefill(a, s->run);
	lr_say(j);
}

/* The step's checks are done: say what to look at, and go on. */
static void lr_look(struct job *j)
{
	struct app *a = j->a;
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s = lr_step(r);
	size_t i;

	r->passed += r->lines.passed;
	r->failed += r->lines.failed;
	if (a->view->narrate) {
		/* the box keeps this step's look and checks over the next step */
		lesson_check_lines_free(&r->prev);
		r->prev = r->lines;
		memset(&r->lines, 0, sizeof r->lines);
		r->prev_look = s->look;
	} else {
		if (s->look)
			app_out(a, LOG_INFO, "   look: %s", s->look);
		for (i = 0; i < r->lines.n; i++)
			app_out(a, LOG_INFO, "   %s", r->lines.v[i]);
	}
	if (r->lines.failed)
		app_error(a, "lesson %s, step %zu: %u check%s failed", r->l.file, r->step + 1,
			  r->lines.failed, r->lines.failed == 1 ? "" : "s");
	r->step++;
	lr_step_begin(j);
}

static void lr_answered(struct job *j, int ok, const struct msg_ev *ev)
{
	lesson_check_answer(&lr_of(j)->lines, j, ok, ev);
}

static void lr_retry(struct job *j)
{
	lesson_check_again(&lr_of(j)->lines, j);
}

static void lr_checks(struct job *j)
{
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s = lr_step(r);
	struct lesson_check_ctx ctx = {j->a, r->first_msg, r->lesson_msg, r->note_seq, r->step_ok};

	r->phase = LR_CHECKS;
	r->lines.answered = lr_answered;
	r->lines.retry = lr_retry;
	lesson_check_run(&ctx, s->checks, s->nchecks, &r->lines, j, lr_look);
}

/* The broker view caught up with the step (or took too long): check. */
static int lr_refreshed(struct job *j)
{
	const struct mgmt_snapshot *s = j->a->model.mgmt;

	return s && s->seq >= lr_of(j)->refresh_seq;
}

static void lr_refresh_late(struct job *j)
{
	j->cond = NULL; /* the panes say how old their data is */
	lr_checks(j);
}

static void lr_refresh(struct job *j)
{
	struct lesson_run *r = lr_of(j);

	if (!j->a->mgmt || !r->step_job) {
		lr_checks(j);
		return;
	}
	/* the step changed the broker: the panes get fresh data; a step that says
	   what to look at waits for it, the others go on at once */
	if (!lr_step(r)->look) {
		mgmt_request(j->a->mgmt, MGMT_WANT_DEFAULT);
		lr_checks(j);
		return;
	}
	r->phase = LR_REFRESH;
	r->refresh_seq = mgmt_request(j->a->mgmt, MGMT_WANT_DEFAULT);
	job_wait_timer(j, LR_REFRESH_S, lr_refresh_late);
	job_wait_cond(j, lr_refreshed, lr_checks);
}

/* The step's command ended: its simulated work, then on. */
static void lr_after_run(struct job *j)
{
	struct lesson_run *r = lr_of(j);
	const struct lesson_step *s = lr_step(r);

	r->phase = LR_WAITING;
	if (s->wait > 0) {
		r->status = "the workers are working...";
		lr_narrate(j);
		job_wait_timer(j, s->wait / r->speed, lr_refresh);
	} else {
		lr_refresh(j);
	}
}

/* Note what a lesson made, so the next lesson can start from a clean slate. */
static void lr_note_made(struct app *a, struct job *other)
{
	const struct cmd_entry *e = other->args.entry;

	if (!e)
		return;
	if (!strcmp(e->name, "declare queue") && a->model.last_queue)
		model_list_add(&a->model.lesson_queues, a->model.last_queue);
	else if (!strcmp(e->name, "declare exchange") && other->args.argc)
		model_list_add(&a->model.lesson_exchanges, other->args.argv[0]);
}

static void lr_on_job(struct job *self, struct job *other, int done, int ok)
{
	struct lesson_run *r = lr_of(self);
	const struct lesson_step *s = lr_step(r);

	if (!done) {
		/* the user ran the command typed in for them: that is the step's */
		if (r->phase == LR_WAIT_USER && s && s->run && other->user && other->text &&
		    !strcmp(other->text, s->run)) {
			r->step_job = other->id;
			other->lesson = 1;
			r->phase = LR_RUNNING;
			r->status = "running it...";
			lr_narrate(self);
		}
		return;
	}
	if (ok && (other->lesson || other->user))
		lr_note_made(self->a, other);
	if (other->id == r->step_job && r->phase == LR_RUNNING) {
		/* on from the loop, not from inside the job that ends */
		r->step_ok = ok;
		r->phase = LR_AFTER_RUN;
		job_wait_timer(self, 0, lr_after_run);
	}
}

/* ---- public -------------------------------------------------------------- */

void lesson_run_start(struct job *j, struct lesson *l, int autorun, double speed)
{
	struct app *a = j->a;
	struct lesson_run *r;
	struct job *old = lesson_run_find(a);

	if (old)
		job_finish(old, 1);
	r = job_data(j, sizeof *r, lr_free);
	r->l = *l;
	memset(l, 0, sizeof *l);
	r->autorun = autorun || !a->view->prefill;
	r->speed = speed > 0 ? speed : 1;
	worker_set_speed(a, r->speed);
	lr_clean(a);
	r->lesson_msg = a->model.log.last_key;
	app_out(a, LOG_OK, "== %s ==", r->l.title);
	j->on_job = lr_on_job;
	if (r->autorun)
		job_to_background_holding(j);
	else
		job_to_background(j);
	lr_step_begin(j);
}

struct job *lesson_run_find(struct app *a)
{
	struct job *j;

	for (j = a->jobs.bg; j; j = j->next)
		if (j->on_job == lr_on_job)
			return j;
	return NULL;
}

int lesson_run_control(struct app *a, const char *verb)
{
	struct job *j = lesson_run_find(a);
	struct lesson_run *r;

	if (!j)
		return -1;
	r = lr_of(j);
	if (!strcmp(verb, "stop")) {
		if (a->view->narrate)
			a->view->narrate(a, NULL);
		job_finish(j, 1);
		return 0;
	}
	if (!strcmp(verb, "again")) {
		/* the step once more: its command typed in again (after Ctrl-C, say) */
		if (lr_step(r)->run && a->view->prefill)
			a->view->prefill(a, lr_step(r)->run);
		lr_narrate(j);
		return 0;
	}
	if (r->phase != LR_WAIT_USER)
		return 1; /* the step is under way: let it end */
	if (!strcmp(verb, "next") && lr_step(r)->run) {
		lr_run_command(j);
		lr_narrate(j);
		return 0;
	}
	if (!strcmp(verb, "next") || !strcmp(verb, "skip"))
		r->step++;
	else if (!strcmp(verb, "back") && r->step)
		r->step--;
	lr_step_begin(j);
	return 0;
}
