/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * job: a command on its way, in the spirit of tmux's cmdq_item.
 *
 * Every command line (typed, from a script, a lesson step or a key) becomes
 * a job in the command queue; jobs run one after another. A job owns what
 * it runs (a line of text, parsed when it runs, or a command name with its
 * arguments as data), its parsed arguments, and what it waits for: a
 * request's result, a timer, a condition checked after each batch of
 * events, or the queue running dry. Whatever it waits for calls its
 * continuation, which finishes it (job_finish) or waits again. Nothing
 * outside a command knows what the command waits for.
 *
 * While a job waits it holds the queue, so a script reads top to bottom.
 * In the dashboard a job that waits longer than the view's detach_after
 * goes on in the background and the queue moves on; its output still goes
 * where its output goes (job_out, job_row). A job may also run in the
 * background from the start (a lesson run step by step).
 *
 * Life: queued -> running -> (waiting -> running)* -> finished (freed).
 */
#ifndef WARREN_JOB_H
#define WARREN_JOB_H

#include <stdint.h>

#include "cmd.h"
#include "ring.h"

struct app;
struct job;
struct msg_ev;
struct msg_req;

typedef void (*job_result_fn)(struct job *j, int ok, const struct msg_ev *ev);
typedef void (*job_fn)(struct job *j);
typedef int (*job_cond_fn)(struct job *j);

struct job {
	struct app *a;
	uint64_t id;
	/* what to run: text (parsed when it runs) or a command on data */
	char *text;
	char *name;
	int argc;
	char **argv;
	int user;  /* typed by the user: recorded by `record` */
	int depth; /* 0 typed; else 1 + the depth of the replay that queued it */
	/* once parsed */
	struct cmd_args args;

	/* what it waits for (any of them; the first to call job_finish ends it) */
	uint64_t req;		/* this request's result ... */
	job_result_fn on_result; /* ... goes here (NULL: finish with its ok) */
	uint64_t timer;		/* a loop timer ... */
	job_fn on_timer;	/* ... calls this (NULL: finish ok) */
	job_cond_fn cond;	/* checked after each batch of events ... */
	job_fn on_cond;		/* ... calls this once it holds (NULL: finish ok) */
	job_fn on_idle;		/* the command queue ran dry (background jobs) */
	job_fn on_cancel;	/* something else finishes it (a child process):
				   called if the job is freed first (quit) */
	/* a background job that watches the others (a lesson): another job
	   started (done 0) or finished (done 1, with ok) */
	void (*on_job)(struct job *self, struct job *other, int done, int ok);
	int lesson;		/* queued by a lesson: a step's command */
	int quiet;		/* the results it waits for are not logged (a lesson's checks) */
	int holds;		/* never goes on in the background (sleep, wait) */
	int background;		/* the queue went on without it */

	void *data; /* the command's own state ... */
	void (*data_free)(void *data); /* ... freed with the job (NULL: free()) */
	struct job *next;
};

struct job_queue {
	struct job *head, *tail; /* not started yet */
	struct job *running;	 /* holds the queue */
	struct job *bg;		 /* waiting in the background */
	struct job *current;	 /* whose continuation runs now (its output is its) */
	struct job *barrier;	 /* a lesson running on by itself: only its own jobs run */
	uint64_t next_id;
	uint64_t pump_timer;
	uint64_t detach_timer;
	int failures;		 /* commands that failed */
	unsigned long commands;	 /* commands run */
	unsigned long submitted; /* lines the user submitted */
};

/* New jobs, not queued yet: a line to parse, or a command on data. */
struct job *job_new_text(struct app *a, const char *text);
struct job *job_new_cmd(struct app *a, const char *name, int argc, const char *const *argv);
void job_free(struct job *j);

/* Queue a chain of jobs: next (front) or after everything queued (back). */
void job_queue(struct app *a, struct job *chain, int front);
/* The running job j goes on in the background now: the queue moves on. */
void job_to_background(struct job *j);
/*
 * The same, but what is queued after it waits until it ends, except the
 * jobs it queues itself (marked lesson): a lesson that runs on by itself
 * reads like a script, whatever comes after it.
 */
void job_to_background_holding(struct job *j);
/* A background job running the command e (a lesson), or NULL. */
struct job *job_find_background(struct app *a, const struct cmd_entry *e);
/* Does a background job other than except wait for something still? */
int job_background_busy(struct app *a, const struct job *except);
int job_queue_busy(const struct app *a); /* a job holds the queue or waits to run */
void job_resume(struct app *a);		 /* run what is queued, when the loop is next free */
void job_queue_clear(struct app *a);	 /* quit: drop what has not started */
void job_queue_free(struct app *a);

/* ---- for commands ------------------------------------------------------ */

/* Send r to the network thread and wait for its result (fn NULL: finish with it). */
enum cmd_result job_request(struct job *j, struct msg_req *r, job_result_fn fn);
/* Wait for the result of a request sent already. */
enum cmd_result job_wait_result(struct job *j, uint64_t req, job_result_fn fn);
/* Wait seconds (fn NULL: finish ok). */
enum cmd_result job_wait_timer(struct job *j, double seconds, job_fn fn);
/* Wait until cond holds, checked after every batch of events (fn NULL: finish ok). */
enum cmd_result job_wait_cond(struct job *j, job_cond_fn cond, job_fn fn);
/*
 * Something the command started itself (a child process, say) finishes the
 * job; cancel undoes it if the job goes first (quit).
 */
enum cmd_result job_wait_external(struct job *j, job_fn cancel);
/* Keep this job's state; freed with it by data_free (NULL: free()). */
void *job_data(struct job *j, size_t size, void (*data_free)(void *data));
/* The job is done: its waits are cancelled, it is freed, the queue goes on. */
void job_finish(struct job *j, int ok);

/* ---- for app.c --------------------------------------------------------- */

/* A request's result: run the continuation of the job waiting for it (1 if one did). */
int job_on_result(struct app *a, uint64_t req, int ok, const struct msg_ev *ev);
/* After a batch of events: run the continuation of every job whose condition holds. */
void job_on_events(struct app *a);
/* Is the job waiting for request req quiet (its result not to be logged)? */
int job_result_quiet(struct app *a, uint64_t req);
/* The job running now, whose output a command's app_out() is (NULL: none). */
struct job *job_current(const struct app *a);

#endif
