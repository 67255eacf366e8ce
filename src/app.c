/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * app: see app.h. Commands run strictly one after another: a command that
 * sent a request (or sleeps, or waits) holds the queue until its result
 * arrives, so a script reads top to bottom. Events keep flowing meanwhile.
 */
#include "config.h"

#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "job.h"
#include "mgmt.h"
#include "mgmt_write.h"
#include "net.h"
#include "uri.h"
#include "worker.h"
#include "xmalloc.h"

struct log_entry *app_log(struct app *a, struct log_entry *e)
{
	struct job *j = job_current(a);

	e->job = j ? j->id : 0;
	model_log_add(&a->model, e);
	if (a->view && a->view->entry)
		a->view->entry(a, e);
	return e;
}

void app_row(struct app *a, char *line, int json)
{
	struct log_entry *e = ring_entry_new(LOG_ROW, LOG_INFO, line);
	struct job *j = job_current(a);

	e->json = json;
	e->job = j ? j->id : 0;
	if (a->view && a->view->entry)
		a->view->entry(a, e);
	ring_entry_free(e);
}

static void app_vlog(struct app *a, enum log_kind kind, enum log_level level, const char *fmt,
		     va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	app_log(a, ring_entry_new(kind, level, text));
}

void app_out(struct app *a, enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vlog(a, LOG_OUTPUT, level, fmt, ap);
	va_end(ap);
}

void app_out_safe(struct app *a, const char *text)
{
	struct log_entry *e = ring_entry_new(LOG_OUTPUT, LOG_INFO, msg_strdup(text));

	e->safe = 1;
	app_log(a, e);
}

void app_result_text(struct app *a, int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vlog(a, LOG_RESULT, ok ? LOG_OK : LOG_ERROR, fmt, ap);
	va_end(ap);
}

/* ---- the command queue ------------------------------------------------- */

/* record start: each command typed, after a sleep for the pause before it */
static void app_record(struct app *a, const char *line)
{
	double now = loop_now();
	char *masked;

	if (!a->record || !strncmp(line, "record ", 7) || !strcmp(line, "record"))
		return;
	if (a->record_last > 0 && now - a->record_last >= 0.05)
		fprintf(a->record, "sleep %.2f\n", now - a->record_last);
	masked = uri_mask_text(line);
	fprintf(a->record, "%s\n", masked);
	fflush(a->record);
	free(masked);
	a->record_last = now;
}

void app_run_cmd(struct app *a, const char *name, int argc, const char *const *argv)
{
	job_queue(a, job_new_cmd(a, name, argc, argv), 0);
}

void app_submit(struct app *a, const char *line)
{
	char **cmds;
	int n = cmd_split_commands(line, &cmds), i;
	struct job *head = NULL, **tail = &head;

	for (i = 0; i < n; i++) {
		*tail = job_new_text(a, cmds[i]);
		(*tail)->user = 1;
		tail = &(*tail)->next;
		free(cmds[i]);
	}
	free(cmds);
	if (n)
		a->jobs.submitted++;
	job_queue(a, head, 0);
}

void app_queue_front(struct app *a, char **lines, size_t n)
{
	struct job *head = NULL, **tail = &head, *now = job_current(a);
	size_t i;

	for (i = 0; i < n; i++) {
		*tail = job_new_text(a, lines[i]);
		(*tail)->depth = now ? now->depth + 1 : 1;
		tail = &(*tail)->next;
	}
	job_queue(a, head, 1);
}

void app_job_started(struct app *a, struct job *j)
{
	if (a->opt.echo && j->text)
		app_log(a, ring_entry_new(LOG_OUTPUT, LOG_INFO, xasprintf("> %s", j->text)));
	if (j->user)
		app_record(a, j->text);
}

uint64_t app_request(struct app *a, struct msg_req *r)
{
	uint64_t id = ++a->next_req_id;

	/* once sent, r is the network thread's: it may be freed before we return */
	r->id = id;
	net_send(a->net, r);
	return id;
}

uint64_t app_request_then(struct app *a, struct msg_req *r, app_result_cb cb, void *arg)
{
	struct app_cb *c = xzalloc(sizeof *c);
	uint64_t id = app_request(a, r);

	c->req_id = id;
	c->cb = cb;
	c->arg = arg;
	c->next = a->cbs;
	a->cbs = c;
	return id;
}

/* Run (and forget) the callback waiting for this request, if any. */
static void app_run_cb(struct app *a, uint64_t req_id, int ok)
{
	struct app_cb **pp, *c;

	for (pp = &a->cbs; *pp; pp = &(*pp)->next)
		if ((*pp)->req_id == req_id) {
			c = *pp;
			*pp = c->next;
			c->cb(a, ok, c->arg);
			free(c);
			return;
		}
}

/* ---- wait -------------------------------------------------------------- */

int app_waiting_for(const struct app *a, char *why, size_t whylen)
{
	size_t i, k = 0;
	int waiting = 0;

	why[0] = 0;
	if (a->model.conn_state != CONN_UP && a->model.conn_state != CONN_BLOCKED &&
	    app_reconnecting(a)) {
		waiting = 1;
		k += (size_t)snprintf(why, whylen, "the connection is not back yet");
	}
	for (i = 0; i < a->model.nconsumers; i++) {
		struct model_consumer *c = a->model.consumers[i];

		if (c->limit && model_consumer_active(c)) {
			waiting = 1;
			k += (size_t)snprintf(why + k, k < whylen ? whylen - k : 0,
					      "%s%s has %llu of %llu", k ? ", " : "", c->tag,
					      (unsigned long long)c->delivered,
					      (unsigned long long)c->limit);
		}
	}
	return waiting;
}

int app_interactive(const struct app *a)
{
	return a->view && a->view->detach_after > 0;
}

int app_view_lacks(struct app *a, const char *what)
{
	app_error(a, "%s: only in the dashboard (run warren on a terminal without --batch)", what);
	return -1;
}

/* Is the network thread trying to get the connection back? */
int app_reconnecting(const struct app *a)
{
	size_t i;

	for (i = 0; i < a->model.nconsumers; i++)
		if (a->model.consumers[i]->state == MC_SUSPENDED)
			return 1;
	return a->model.reason && strstr(a->model.reason, "next try in") != NULL;
}

/* ---- events ------------------------------------------------------------ */

static void app_result(struct app *a, struct msg_ev *ev)
{
	struct log_entry *e;
	int ok = ev->u.result.ok;

	e = ring_entry_new(LOG_RESULT, ok ? LOG_OK : LOG_ERROR, ev->u.result.text);
	ev->u.result.text = NULL;
	e->code = ev->u.result.code;
	if (ok && ev->u.result.name) {
		model_names_add(&a->model.queues, ev->u.result.name);
		free(a->model.last_queue);
		a->model.last_queue = msg_strdup(ev->u.result.name);
	}
	if (job_result_quiet(a, ev->req_id))
		ring_entry_free(e);
	else
		app_log(a, e);
	app_run_cb(a, ev->req_id, ok);
	/* the job waiting for it goes on; a result nobody waits for still counts */
	if (!job_on_result(a, ev->req_id, ok, ev) && !ok)
		a->jobs.failures++;
	msg_ev_free(ev);
}

static void app_on_events(void *arg, int fd, short revents)
{
	struct app *a = arg;
	struct mbox_item *it = a->held_events ? a->held_events : mbox_take_all(&a->events);
	a->held_events = NULL;
	while (it) {
		struct msg_ev *ev = (struct msg_ev *)it;
		struct log_entry *e;

		/* the view cannot take more now: keep the rest for app_hold_events(a, 0) */
		if (a->events_held) {
			a->held_events = it;
			break;
		}
		it = it->next;
		if (ev->type == EV_RESULT) {
			if (ev->req_id == a->quit_req) {
				/* the farewell: what went back to the queues, said once more at exit */
				a->quit_req = 0;
				free(a->farewell);
				a->farewell = xstrdup(ev->u.result.text);
				app_result(a, ev);
				loop_quit(a->loop, a->exit_code);
				continue;
			}
			app_result(a, ev);
			continue;
		}
		if (ev->type == EV_MGMT) {
			/* a snapshot from a poller stopped since (the view followed a connect) */
			if (!a->mgmt || strcmp(ev->u.mgmt->url ? ev->u.mgmt->url : "",
					       mgmt_url(a->mgmt))) {
				msg_ev_free(ev);
				continue;
			}
		}
		e = model_apply(&a->model, ev);
		if (e)
			worker_on_entry(a, e);
		if (e && a->view && a->view->entry)
			a->view->entry(a, e);
		model_entry_done(e);
	}
	if (a->view && a->view->changed)
		a->view->changed(a);
	/* jobs waiting for what came in go on; consumers may have finished: idle */
	job_on_events(a);
}

static void app_resume(void *arg)
{
	struct app *a = arg;

	a->resume_timer = 0;
	if (!a->events_held)
		app_on_events(a, mbox_fd(&a->events), 0);
}

void app_hold_events(struct app *a, int hold)
{
	hold = hold && !a->quitting;
	if (hold == a->events_held)
		return;
	a->events_held = hold;
	if (hold) {
		loop_del_fd(a->loop, mbox_fd(&a->events));
		return;
	}
	loop_add_fd(a->loop, mbox_fd(&a->events), app_on_events, a);
	/* what was held back goes first, at once */
	if (!a->resume_timer)
		a->resume_timer = loop_timer(a->loop, 0, app_resume, a);
	job_resume(a); /* and the commands held back */
}

static void app_tick(void *arg)
{
	struct app *a = arg;

	model_tick(&a->model, loop_now());
	a->tick_timer = loop_timer(a->loop, 1.0, app_tick, a);
	if (a->view && a->view->changed)
		a->view->changed(a);
}

/* ---- life -------------------------------------------------------------- */

/* Without the management API warren still works on AMQP: a failure here is kept, not fatal. */
static void app_mgmt_start(struct app *a)
{
	struct mgmt_opts mo = {0};
	char err[512];

	if (!a->opt.mgmt_url) {
		a->mgmt_setup_error = msg_strdup("no management API: give --mgmt-url URL");
		return;
	}
	mo.url = a->opt.mgmt_url;
	mo.vhost = a->opt.vhost;
	mo.refresh = a->opt.mgmt_lazy ? 0 : a->opt.refresh;
	mo.client_name = net_conn_name(a->net);
	mo.want = MGMT_WANT_DEFAULT;
	a->mgmt = mgmt_start(&mo, &a->events, err, sizeof err);
	if (!a->mgmt)
		a->mgmt_setup_error = msg_strdup(err);
}

/* Do two AMQP URLs name the same nodes? */
static int app_same_nodes(const char *x, const char *y)
{
	struct uri u, v;
	char err[256];
	int same, i;

	if (!x || !y || uri_parse(x, &u, err, sizeof err) < 0)
		return 0;
	if (uri_parse(y, &v, err, sizeof err) < 0) {
		uri_free(&u);
		return 0;
	}
	same = u.scheme == v.scheme && u.nhosts == v.nhosts;
	for (i = 0; same && i < u.nhosts; i++)
		same = !strcasecmp(u.hosts[i].host, v.hosts[i].host) &&
		       u.hosts[i].port == v.hosts[i].port;
	uri_free(&u);
	uri_free(&v);
	return same;
}

/* The management URL for a connect to url without --mgmt-url; 0 to keep the current one. */
static int app_mgmt_for(struct app *a, const char *url, char **want)
{
	char err[256];

	*want = NULL;
	if (a->opt.mgmt_given || app_same_nodes(a->last_url, url))
		return 0;
	if (app_same_nodes(a->first_url, url))
		*want = msg_strdup(a->first_mgmt_url);
	else if (!(*want = mgmt_default_url(url, err, sizeof err)))
		return 0; /* the connect itself says what is wrong with the URL */
	return 1;
}

void app_mgmt_follow(struct app *a, const char *url, const char *given)
{
	char *want;
	const char *now = a->opt.mgmt_url;

	if (!a->first_url) {
		a->first_url = msg_strdup(url);
		a->first_mgmt_url = msg_strdup(now);
		if (!given)
			return;
	}
	if (given)
		want = strcmp(given, "none") ? msg_strdup(given) : NULL;
	else if (!app_mgmt_for(a, url, &want))
		return;
	if ((!want && !now) || (want && now && !strcmp(want, now))) {
		free(want);
		return;
	}
	mgmt_stop(a->mgmt);
	a->mgmt = NULL;
	free(a->mgmt_setup_error);
	a->mgmt_setup_error = NULL;
	/* the old broker's rows must not pass for the new one's */
	mgmt_snapshot_free(a->model.mgmt);
	a->model.mgmt = NULL;
	free(a->model.mgmt_error);
	a->model.mgmt_error = NULL;
	free(a->mgmt_url_own);
	a->opt.mgmt_url = a->mgmt_url_own = want;
	app_mgmt_start(a);
	if (a->mgmt)
		app_out(a, LOG_INFO, "info: the broker view follows: management API at %s",
			mgmt_url(a->mgmt));
	else
		app_out(a, LOG_INFO, "info: no broker view for this broker (%s)",
			a->mgmt_setup_error ? a->mgmt_setup_error : "no management API");
}

int app_init(struct app *a, const struct app_opts *opt, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->opt = *opt;
	a->worker_speed = 1;
	model_init(&a->model, opt->log_size);
	a->loop = loop_new();
	if (mbox_init(&a->events) < 0) {
		snprintf(err, errlen, "cannot create an eventfd");
		return -1;
	}
	a->net = net_start(&a->events, err, errlen);
	if (!a->net)
		return -1;
	loop_add_fd(a->loop, mbox_fd(&a->events), app_on_events, a);
	a->tick_timer = loop_timer(a->loop, 1.0, app_tick, a);
	app_mgmt_start(a);
	return 0;
}

void app_quit(struct app *a, int code)
{
	if (a->quitting)
		return;
	a->quitting = 1;
	a->exit_code = code;
	app_hold_events(a, 0); /* the quit's result comes that way */
	job_queue_clear(a);
	a->quit_req = ++a->next_req_id;
	{
		struct msg_req *r = msg_req_new(REQ_QUIT);

		r->id = a->quit_req;
		net_send(a->net, r);
	}
}

static void app_free_events(struct mbox_item *it)
{
	while (it) {
		struct msg_ev *ev = (struct msg_ev *)it;

		it = it->next;
		msg_ev_free(ev);
	}
}

void app_fini(struct app *a)
{
	mgmt_writer_stop(a->writer); /* before the mailbox it posts to goes */
	a->writer = NULL;
	mgmt_stop(a->mgmt);
	a->mgmt = NULL;
	free(a->mgmt_setup_error);
	job_queue_free(a);
	net_stop(a->net);
	a->net = NULL;
	worker_free_all(a);
	while (a->cbs) {
		struct app_cb *c = a->cbs;

		a->cbs = c->next;
		free(c->arg);
		free(c);
	}
	/* events that came after the loop stopped: nobody is left to show them */
	app_free_events(a->held_events);
	app_free_events(mbox_take_all(&a->events));
	mbox_destroy(&a->events);
	free(a->mgmt_url_own);
	free(a->first_url);
	free(a->first_mgmt_url);
	free(a->last_url);
	free(a->farewell);
	if (a->record)
		fclose(a->record);
	model_free(&a->model);
	loop_free(a->loop);
}
