/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_worker: simulated workers (worker add / kill / pause / resume / rm /
 * list / log / speed), `stats reset`, and `dist QUEUE`, the distribution of
 * a queue's messages over its consumers.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "dist.h"
#include "file.h"
#include "worker.h"
#include "xmalloc.h"

static const struct cmd_flag cmd_worker_add_flags[] = {
	{"prefetch", CMD_NUM, "N", 0, 65535, "unacked messages it may hold (default: the qos setting)"},
	{"ack", CMD_CHOICE, "manual|auto", 0, 0, "ack after the work (manual, default) or on send (auto)"},
	{"work", CMD_STR, "dots|ms:N|rand:A-B", 0, 0, "how long a message takes (default dots: 1 s per '.')"},
	{"fail", CMD_FLOAT, "P", 0, 1, "share of messages that fail, 0..1"},
	{"nack-requeue", CMD_BOOL, NULL, 0, 0, "a failed message is nacked with requeue (the default)"},
	{"reject", CMD_BOOL, NULL, 0, 0, "a failed message is rejected without requeue"},
	{"speed", CMD_FLOAT, "F", 0, 1000, "work F times faster (default: the 'worker speed')"},
	{"rpc", CMD_BOOL, NULL, 0, 0, "an RPC server: answer fib(N) on each message's reply_to"},
	{0},
};

static enum cmd_result cmd_worker_add_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct worker_opts o = {0};
	const char *work = cmd_arg_str(args, "work"), *ack = cmd_arg_str(args, "ack");
	char err[256];
	uint64_t req;

	o.name = args->argc == 2 ? args->argv[0] : NULL;
	o.queue = args->argv[args->argc - 1];
	o.manual = !ack || !strcmp(ack, "manual");
	o.prefetch = (int)cmd_arg_num(args, "prefetch", a->model.prefetch);
	o.fail = cmd_arg_float(args, "fail", 0);
	o.fail_reject = cmd_arg_has(args, "reject");
	o.speed = cmd_arg_float(args, "speed", a->worker_speed);
	o.rpc = cmd_arg_has(args, "rpc");
	if (cmd_arg_has(args, "reject") && cmd_arg_has(args, "nack-requeue")) {
		app_error(a, "worker add: --nack-requeue or --reject, not both");
		return CMD_ERR;
	}
	if (o.speed <= 0) {
		app_error(a, "worker add: --speed must be above 0");
		return CMD_ERR;
	}
	if (work && worker_parse_work(work, &o) < 0) {
		app_error(a, "worker add: --work is dots, ms:N or rand:A-B (milliseconds, at most %d), "
			     "not '%s'",
			  WORKER_MAX_MS, work);
		return CMD_ERR;
	}
	if (o.fail > 0 && !o.manual) {
		app_error(a, "worker add: --fail needs --ack manual (an auto-ack worker cannot refuse)");
		return CMD_ERR;
	}
	if (!worker_add(a, &o, &req, err, sizeof err)) {
		app_error(a, "worker add: %s", err);
		return CMD_ERR;
	}
	return job_wait_result(j, req, NULL);
}

const struct cmd_entry cmd_worker_add_entry = {
	.name = "worker add",
	.args = "[NAME] QUEUE",
	.help = "start a simulated worker (like worker.py) on its own channel",
	.min_args = 1,
	.max_args = 2,
	.flags = cmd_worker_add_flags,
	.complete = "qq",
	.exec = cmd_worker_add_exec,
};

static struct worker *cmd_worker_arg(struct app *a, const struct cmd_args *args)
{
	struct worker *w = worker_find(a, args->argv[0]);

	if (!w)
		app_error(a, "%s: no worker called %s (see 'worker list')", args->entry->name,
			  args->argv[0]);
	return w;
}

static enum cmd_result cmd_worker_kill_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct worker *w = cmd_worker_arg(a, args);

	if (!w)
		return CMD_ERR;
	if (w->state == WORKER_KILLED || w->state == WORKER_STOPPED) {
		app_error(a, "worker kill: %s is not running", w->name);
		return CMD_ERR;
	}
	return job_wait_result(j, worker_kill(a, w), NULL);
}

const struct cmd_entry cmd_worker_kill_entry = {
	.name = "worker kill",
	.args = "NAME",
	.help = "kill a worker: its channel closes without acking, so its messages are redelivered",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_worker_kill_exec,
};

static enum cmd_result cmd_worker_pause_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct worker *w = cmd_worker_arg(a, args);
	int on = !strcmp(args->entry->name, "worker pause");

	if (!w)
		return CMD_ERR;
	worker_pause(a, w, on);
	app_ok(a, "worker %s %s", w->name,
	       on ? "paused: it finishes the message in hand and takes no new one"
		  : "resumed");
	return CMD_OK;
}

const struct cmd_entry cmd_worker_pause_entry = {
	.name = "worker pause",
	.args = "NAME",
	.help = "stop a worker from starting new messages (what it holds stays unacked)",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_worker_pause_exec,
};

const struct cmd_entry cmd_worker_resume_entry = {
	.name = "worker resume",
	.args = "NAME",
	.help = "let a paused worker go on",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_worker_pause_exec,
};

/* What `worker rm` says once the broker cancelled the consumer: what the worker held. */
static void cmd_worker_rm_done(struct job *j, int ok, const struct msg_ev *ev)
{
	const char *what = j->data;

	if (ok)
		app_ok(j->a, "worker %s removed: %s", j->args.argv[0], what);
	else
		app_error(j->a, "worker rm: %s", ev && ev->u.result.text ? ev->u.result.text : "failed");
	job_finish(j, ok);
}

static enum cmd_result cmd_worker_rm_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct worker *w = cmd_worker_arg(a, args);
	size_t waiting;
	int running;
	uint64_t req;

	if (!w)
		return CMD_ERR;
	running = w->state != WORKER_KILLED && w->state != WORKER_STOPPED;
	waiting = w->ntodo > (w->current ? 1u : 0u) ? w->ntodo - (w->current ? 1u : 0u) : 0;
	j->data = w->current && w->manual
			  ? xasprintf("it finishes the task in hand and acks it; %zu it had not "
				      "started went back to the queue", waiting)
		  : w->current ? xstrdup("it finishes the task in hand (auto-acked: the broker "
					 "forgot it already)")
		  : w->manual  ? xasprintf("it held nothing unacked; %zu waiting went back", waiting)
			       : xstrdup("it held no task");
	req = worker_remove(a, w);
	if (!running) {
		app_ok(a, "worker %s removed", args->argv[0]);
		return CMD_OK;
	}
	j->quiet = 1; /* the broker's "cancelled" would speak of pending messages it has not */
	return job_wait_result(j, req, cmd_worker_rm_done);
}

const struct cmd_entry cmd_worker_rm_entry = {
	.name = "worker rm",
	.args = "NAME",
	.help = "stop a worker cleanly: it finishes the message in hand; with manual ack the "
		"rest go back to the queue",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_worker_rm_exec,
};

/* "[###   ] 3/5": unacked against prefetch. */
static void cmd_worker_bar(char *out, size_t outsz, uint64_t n, int prefetch)
{
	char bar[16];
	int i, width = 6, fill;

	if (prefetch <= 0) {
		snprintf(out, outsz, "%llu/∞", (unsigned long long)n);
		return;
	}
	fill = (int)((n * (uint64_t)width + (uint64_t)prefetch - 1) / (uint64_t)prefetch);
	if (fill > width)
		fill = width;
	for (i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[width] = 0;
	snprintf(out, outsz, "[%s] %llu/%d", bar, (unsigned long long)n, prefetch);
}

static enum cmd_result cmd_worker_list_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	double now = loop_now();
	size_t i;

	if (!a->nworkers && !a->nretired) {
		app_out(a, LOG_INFO, "no workers: start one with 'worker add QUEUE'");
		return CMD_OK;
	}
	app_out(a, LOG_INFO, "%-8s %-14s %-8s %-4s %5s %5s %5s %-14s %5s %5s", "worker", "queue",
		"state", "ack", "dlvd", "acked", "nackd", "unacked", "redlv", "busy");
	for (i = 0; i < a->nworkers + a->nretired; i++) {
		const struct worker *w = i < a->nworkers ? a->workers[i] : a->retired[i - a->nworkers];
		const struct model_consumer *c = model_consumer_find(&a->model, w->name);
		char bar[64];

		cmd_worker_bar(bar, sizeof bar, c ? c->unacked : 0, c ? c->prefetch : w->prefetch);
		app_out(a, LOG_INFO, "%-8s %-14s %-8s %-4s %5llu %5llu %5llu %-14s %5llu %4.0f%%",
			w->name, w->queue, worker_state_name(w->state), w->manual ? "man" : "auto",
			(unsigned long long)(c ? c->delivered : 0),
			(unsigned long long)(c ? c->acked : 0),
			(unsigned long long)(c ? c->nacked + c->rejected : 0), bar,
			(unsigned long long)(c ? c->redelivered : 0),
			100 * worker_busy_share(w, now));
	}
	return CMD_OK;
}

const struct cmd_entry cmd_worker_list_entry = {
	.name = "worker list",
	.help = "each worker: state, delivered, acked, nacked, unacked against prefetch, busy share",
	.exec = cmd_worker_list_exec,
};

static const struct cmd_flag cmd_worker_log_flags[] = {
	{"csv", CMD_STR, "FILE", 0, 0, "write the timeline as CSV to FILE instead"},
	{0},
};

/*
 * A worker's ledger: the numbers in the bodies it got, in order, (R) when
 * redelivered, (lost) when auto-acked to it and lost with it, (requeued)
 * when it went back; a | where another publish's messages start (a body
 * with other words around a number counted from the start again); removed
 * workers say so.
 */
static void cmd_worker_log_line(const struct worker *w, int removed, char *line, size_t size)
{
	size_t n = 0, k;

	n += (size_t)snprintf(line, size, "%s:", w->name);
	for (k = 0; k < w->nlog && n < size - 64; k++) {
		const struct worker_event *ev = &w->log[k];
		const char *mark = ev->outcome == MSG_LOST	  ? "(lost)"
				   : ev->outcome == MSG_REQUEUED ? "(requeued)"
				   : ev->redelivered		  ? "(R)"
								  : "";

		/* another publish's messages: other words, and numbering from the start */
		if (k && ev->batch != w->log[k - 1].batch && ev->number <= w->log[k - 1].number)
			n += (size_t)snprintf(line + n, size - n, " |");
		if (ev->number >= 0)
			n += (size_t)snprintf(line + n, size - n, " %ld%s", ev->number, mark);
		else
			n += (size_t)snprintf(line + n, size - n, " #%llu%s",
					      (unsigned long long)ev->id, mark);
	}
	if (removed && n < size - 16)
		snprintf(line + n, size - n, "  (removed)");
}

static enum cmd_result cmd_worker_log_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *csv = cmd_arg_str(args, "csv");
	struct worker *only = NULL;
	size_t i;

	if (args->argc && !(only = worker_find(a, args->argv[0])) &&
	    !(only = worker_find_retired(a, args->argv[0])) && !cmd_worker_arg(a, args))
		return CMD_ERR;
	if (csv) {
		FILE *f = file_open_private(csv, "w");

		if (!f || worker_write_csv(a, only, f) < 0) {
			app_error(a, "worker log: cannot write %s: %s", csv, strerror(errno));
			if (f)
				fclose(f);
			return CMD_ERR;
		}
		fclose(f);
		app_ok(a, "timeline written to %s", csv);
		return CMD_OK;
	}
	for (i = 0; i < a->nworkers + a->nretired; i++) {
		const struct worker *w = i < a->nworkers ? a->workers[i] : a->retired[i - a->nworkers];
		char line[4096];

		if (only && w != only)
			continue;
		cmd_worker_log_line(w, i >= a->nworkers, line, sizeof line);
		app_out(a, LOG_INFO, "%s", line);
	}
	return CMD_OK;
}

const struct cmd_entry cmd_worker_log_entry = {
	.name = "worker log",
	.args = "[NAME]",
	.help = "which message numbers each worker got, in order ((R) = redelivered)",
	.max_args = 1,
	.flags = cmd_worker_log_flags,
	.exec = cmd_worker_log_exec,
};

static enum cmd_result cmd_worker_speed_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	char *end;
	double f = strtod(args->argv[0], &end);

	if (!*args->argv[0] || *end || !(f > 0 && f <= 1000)) { /* NaN fails too */
		app_error(a, "worker speed: F is a number above 0 and up to 1000, not '%s'", args->argv[0]);
		return CMD_ERR;
	}
	worker_set_speed(a, f);
	app_ok(a, "workers now work %gx as fast (a '.' takes %.3g s)", f, 1 / f);
	return CMD_OK;
}

const struct cmd_entry cmd_worker_speed_entry = {
	.name = "worker speed",
	.args = "F",
	.help = "make every worker (and new ones) work F times faster, for a class",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_worker_speed_exec,
};

static enum cmd_result cmd_stats_reset_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;

	model_stats_reset(&a->model);
	worker_stats_reset(a);
	app_ok(a, "counters and timelines zeroed");
	return CMD_OK;
}

const struct cmd_entry cmd_stats_reset_entry = {
	.name = "stats reset",
	.help = "zero the delivered / acked / ... counters and the workers' timelines",
	.exec = cmd_stats_reset_exec,
};

static enum cmd_result cmd_dist_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct dist_row *rows;
	size_t n, i;
	const char *queue = args->argc ? args->argv[0] : NULL;

	if (a->view->dist && a->view->dist(a, queue) == 0)
		return CMD_OK;
	n = dist_build(a, queue, &rows);
	if (!n) {
		app_out(a, LOG_INFO, "no consumers%s%s", queue ? " on " : "", queue ? queue : "");
		return CMD_OK;
	}
	for (i = 0; i < n; i++) {
		char *line = dist_line(&rows[i], rows, n, 60);

		app_out_safe(a, line); /* its names are escaped already */
		free(line);
	}
	dist_free(rows, n);
	return CMD_OK;
}

const struct cmd_entry cmd_dist_entry = {
	.name = "dist",
	.args = "[QUEUE]",
	.help = "how a queue's messages are spread over its consumers: a bar each, unacked/prefetch",
	.max_args = 1,
	.complete = "q",
	.exec = cmd_dist_exec,
};
