/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker: simulated workers, like the tutorial's worker.py.
 *
 * A worker is a consumer on its own channel that takes its deliveries one at
 * a time and "works" on each for a while (a second per '.' in the body with
 * --work dots, scaled by --speed), then acks it (or nacks / rejects a share
 * of them with --fail). The work is a timer in the UI loop, never a sleep,
 * so any number of workers run at once. Killing a worker closes its channel
 * without acking, exactly like killing worker.py.
 */
#ifndef WARREN_WORKER_H
#define WARREN_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"

struct app;
struct log_entry;

enum worker_work { WORK_DOTS, WORK_MS, WORK_RAND };
enum worker_state { WORKER_STARTING, WORKER_IDLE, WORKER_BUSY, WORKER_PAUSED, WORKER_KILLED,
		    WORKER_STOPPED };

/* One line of a worker's timeline: which message it got and what became of it. */
struct worker_event {
	double time;
	uint64_t id;
	long number; /* the first number in the body ("Task 3" -> 3), or -1 */
	uint32_t batch; /* the body without its digits, hashed: one publish's messages share it */
	int redelivered;
	enum msg_status outcome;
	double work_s;
};

/* A delivery the worker holds: what it needs once the message itself may be gone. */
struct worker_task {
	uint64_t id;
	double work_s;
	long number;	  /* the number in the body (fib(n) for the RPC server) */
	char *reply_to;	  /* RPC */
	char *correlation_id;
};

struct worker {
	struct app *app;
	char *name;
	char *queue;
	int manual;
	int prefetch;
	enum worker_work work;
	double ms, rand_lo, rand_hi;
	double fail;	/* share of messages that fail, 0..1 */
	int fail_reject; /* fail by reject (default: nack with requeue) */
	double speed;
	enum worker_state state;
	double started;
	double busy_s, busy_since;
	uint64_t timer;
	/* deliveries waiting for the worker, oldest first */
	struct worker_task *todo;
	size_t ntodo, captodo;
	int rpc; /* answer each message on its reply_to queue (RPC server) */
	uint64_t current;
	size_t current_event;
	struct worker_event *log;
	size_t nlog, caplog;
	int stop_after; /* rm: stop once the current task is done */
};

struct worker_opts {
	const char *name; /* NULL: w1, w2, ... */
	const char *queue;
	int manual;
	int prefetch;
	enum worker_work work;
	double ms, rand_lo, rand_hi;
	double fail;
	int fail_reject;
	double speed;
	int rpc;
};

/* Parse "dots", "ms:N" or "rand:A-B". 0 ok, -1 bad. */
/* The longest work --work may ask for: a day, in milliseconds. */
#define WORKER_MAX_MS 86400000
int worker_parse_work(const char *s, struct worker_opts *o);

/* Start a worker; *req is the request whose result says it consumes. */
struct worker *worker_add(struct app *a, const struct worker_opts *o, uint64_t *req, char *err,
			  size_t errlen);
struct worker *worker_find(struct app *a, const char *name);
/* Removed workers, whose ledger `worker log`, `worker list` and `dist` still show. */
struct worker *worker_find_retired(struct app *a, const char *name);
/* Forget the removed workers (a lesson starting clean). */
void worker_forget_retired(struct app *a);
/* A clean slate: every worker stopped at once (what it held goes back) and forgotten. */
size_t worker_clear_all(struct app *a);
/* The hash of a body without its digits ("Task 3...." and "Task 5...." share it). */
uint32_t worker_body_batch(const unsigned char *body, size_t len);
/* Kill / remove a worker; returns the id of the request whose result says it is done. */
uint64_t worker_kill(struct app *a, struct worker *w);
void worker_pause(struct app *a, struct worker *w, int on);
uint64_t worker_remove(struct app *a, struct worker *w);
void worker_set_speed(struct app *a, double speed);
void worker_stats_reset(struct app *a);
void worker_free_all(struct app *a);

/* Feed every new log entry: deliveries to a worker's tag start work. */
void worker_on_entry(struct app *a, const struct log_entry *e);

const char *worker_state_name(enum worker_state s);
/* Busy share since the worker started, 0..1. */
double worker_busy_share(const struct worker *w, double now);
/* Write a timeline as CSV (all workers when w is NULL). */
int worker_write_csv(struct app *a, const struct worker *w, FILE *f);

/* fib(n) as the RPC tutorial's server computes it (n capped at 90). */
unsigned long long worker_fib(long n);

/* The first decimal number in a body ("Task 12..." -> 12), or -1. */
long worker_body_number(const unsigned char *body, size_t len);

#endif
