/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app: the UI thread's core, shared by batch mode and the dashboard.
 *
 * It owns the poll loop, the model and the network thread. Command lines go
 * in (app_submit); they run one after another through the command table;
 * events come back from the network thread, update the model and become log
 * entries that the view (batch printer or dashboard) shows.
 */
#ifndef WARREN_APP_H
#define WARREN_APP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "loop.h"
#include "mbox.h"
#include "model.h"
#include "msg.h"
#include "job.h"
#include "view.h"

struct app;
struct cmd_entry;
struct mgmt;
struct mgmt_writer;
struct profile_set;
struct sandbox;
struct worker;
struct tutorial_run;

/* Called when a request's result arrives (app_request_then). */
typedef void (*app_result_cb)(struct app *a, int ok, void *arg);

struct app_cb {
	uint64_t req_id;
	app_result_cb cb;
	void *arg;
	struct app_cb *next;
};


struct app_opts {
	char *url;
	int json;
	int echo;
	int heartbeat;
	int reconnect;
	char *cacert, *cert, *key;
	int insecure;
	size_t log_size;
	int sandbox;
	int nodes;
	char *mgmt_url;	 /* management API; NULL: none */
	int mgmt_given;	 /* --mgmt-url was given: it stays whatever broker warren connects to */
	double refresh;	 /* seconds between management polls */
	char *vhost;	 /* show only this vhost's objects */
	int mgmt_lazy;	 /* poll only when a command asks (batch mode) */
};

struct app {
	struct app_opts opt;
	struct loop *loop;
	struct mbox events;
	struct net *net;
	struct model model;
	const struct app_view *view;
	void *view_data;

	struct job_queue jobs;	    /* the commands, running and waiting (job.h) */
	uint64_t tick_timer;
	uint64_t next_req_id;
	uint64_t quit_req;	    /* the REQ_QUIT whose result ends the loop */
	char *farewell;		    /* its result's text, for the terminal after the dashboard */
	int quitting;
	int exit_code;
	struct sandbox *sandbox;
	const struct profile_set *profiles; /* of the config file, for connect NAME */
	struct app_cb *cbs;
	char *last_url; /* for reconnect (never shown: it holds the password) */
	FILE *record;	/* record start: commands typed go here */
	double record_last;

	/* simulated workers (worker.c) */
	struct worker **workers;
	size_t nworkers, workers_cap;
	struct worker **retired; /* removed: their ledgers stay */
	size_t nretired, retired_cap;
	uint64_t worker_no;
	double worker_speed;

	/* the view's output is full (batch stdout not read): events wait */
	int events_held;
	struct mbox_item *held_events; /* taken from the mailbox, not shown yet */
	uint64_t resume_timer;

	struct mgmt *mgmt;	/* the management API poller, or NULL */
	struct mgmt_writer *writer; /* its writes (cmd_admin.c), started on first use */
	char *mgmt_url_own;	/* opt.mgmt_url once it followed a connect elsewhere */
	char *first_url;	/* the first broker connected to, and its management URL */
	char *first_mgmt_url;
	char *mgmt_setup_error; /* why there is none */
};

int app_init(struct app *a, const struct app_opts *opt, char *err, size_t errlen);
/*
 * A connect to the broker at url (AMQP). given (may be NULL): its
 * --mgmt-url (an http(s) URL, or "none"), which the broker view then uses.
 * Else, unless warren was started with --mgmt-url, the broker view follows
 * a connect to other nodes: the management URL warren started with for
 * the first broker's nodes (a sandbox's, say), else the default for their
 * hosts; a connect to the nodes of last_url (the broker the current one
 * was chosen for) keeps it. Call before last_url is updated. The first
 * call also notes the first broker.
 */
void app_mgmt_follow(struct app *a, const char *url, const char *given);
void app_fini(struct app *a);

/* Queue a line the user typed (one or more commands separated by ';'). */
void app_submit(struct app *a, const char *line);
/*
 * Run these lines next, before anything queued (replay); their depth is one
 * more than the running command's.
 */
void app_queue_front(struct app *a, char **lines, size_t n);
/* Run a command on data after what is queued (a key, Enter on a row). */
void app_run_cmd(struct app *a, const char *name, int argc, const char *const *argv);
/* The job queue took j to run now: echo it, record it (job.c calls this). */
void app_job_started(struct app *a, struct job *j);

/* Send a request to the network thread; returns its id (its result names it). */
uint64_t app_request(struct app *a, struct msg_req *r);
/* The same, and call cb with the outcome when the result arrives (workers). */
uint64_t app_request_then(struct app *a, struct msg_req *r, app_result_cb cb, void *arg);

/* Output for the user: a log entry of kind LOG_OUTPUT / LOG_RESULT. */
void app_out(struct app *a, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct log_entry *app_log(struct app *a, struct log_entry *e);
/*
 * A row of the running job's table (line is taken; json: it is a JSON
 * object): the view shows it (batch prints it, the dashboard's overlay
 * collects it); it never enters the log.
 */
void app_row(struct app *a, char *line, int json);
/* Output lines that are safe text already (detail views, tables of safe cells). */
void app_out_safe(struct app *a, const char *text);
/* A command's own verdict, shown as "ok: ..." or "error: ...". */
void app_result_text(struct app *a, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define app_error(a, ...) app_result_text((a), 0, __VA_ARGS__)
#define app_ok(a, ...) app_result_text((a), 1, __VA_ARGS__)

/*
 * The view cannot take more output now (hold 1): take no more events from
 * the network thread (it then stops reading the socket: back-pressure) and
 * run no more commands, until hold 0. Never while quitting: the quit's own
 * result arrives as an event.
 */
void app_hold_events(struct app *a, int hold);

/* Begin an orderly exit: requeue unacked, disconnect, stop the loop. */
void app_quit(struct app *a, int code);

/* Does the view let slow commands go on in the background (the dashboard)? */
int app_interactive(const struct app *a);
/* The view has no such operation: say so, as the command's error. Returns CMD_ERR. */
int app_view_lacks(struct app *a, const char *what);

/* Is the connection being re-established? */
int app_reconnecting(const struct app *a);
/* Is a consumer started with --count still running, or the connection
 * being re-established? (why: what) */
int app_waiting_for(const struct app *a, char *why, size_t whylen);

#endif
