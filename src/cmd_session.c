/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_session: commands about the session itself: connect, disconnect,
 * status, confirm, qos, wait, sleep, help, quit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "mgmt.h"
#include "profile.h"
#include "uri.h"

/* A --mgmt-url for connect: none, or what the poller can use; -1 with the error said. */
static int cmd_connect_mgmt_ok(struct app *a, const char *mgmt)
{
	struct uri u;
	char err[512];

	if (!mgmt || !strcmp(mgmt, "none"))
		return 0;
	if (mgmt_check_url(mgmt, &u, err, sizeof err) < 0) {
		app_error(a, "connect: %s", err);
		return -1;
	}
	uri_free(&u);
	return 0;
}

enum cmd_result cmd_connect_mgmt(struct job *j, const char *url, const char *mgmt)
{
	struct app *a = j->a;
	struct msg_req *r;
	struct uri u;
	char err[256];

	if (uri_parse(url, &u, err, sizeof err) < 0) {
		app_error(a, "connect: %s", err);
		return CMD_ERR;
	}
	uri_free(&u);
	if (cmd_connect_mgmt_ok(a, mgmt) < 0)
		return CMD_ERR;
	app_mgmt_follow(a, url, mgmt);
	free(a->last_url);
	a->last_url = msg_strdup(url);
	r = msg_req_new(REQ_CONNECT);
	r->u.connect.url = msg_strdup(url);
	r->u.connect.heartbeat = a->opt.heartbeat;
	r->u.connect.reconnect = a->opt.reconnect;
	r->u.connect.cacert = msg_strdup(a->opt.cacert);
	r->u.connect.cert = msg_strdup(a->opt.cert);
	r->u.connect.key = msg_strdup(a->opt.key);
	r->u.connect.insecure = a->opt.insecure;
	return job_request(j, r, NULL);
}

enum cmd_result cmd_connect_url(struct job *j, const char *url)
{
	return cmd_connect_mgmt(j, url, NULL);
}

static enum cmd_result cmd_connect_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *mgmt = cmd_arg_str(args, "mgmt-url");

	/* a plain word naming a profile is that profile, else a host name */
	if (profile_is_word(args->argv[0]) && profile_find(a->profiles, args->argv[0]))
		return cmd_profile_connect(j, args->argv[0], mgmt);
	return cmd_connect_mgmt(j, args->argv[0], mgmt);
}

static const struct cmd_flag cmd_connect_flags[] = {
	{"mgmt-url", CMD_STR, "URL", 0, 0,
	 "the management API for the broker view (http://user:pass@host:15672/, or none); "
	 "by default it follows the broker"},
	{0},
};

const struct cmd_entry cmd_connect_entry = {
	.name = "connect",
	.args = "URL|PROFILE",
	.help = "connect to a broker URL (amqp:// or amqps:// for TLS, with user, password, "
		"host, port and vhost; several nodes as host1:port1,host2:port2) or to the "
		"broker of a profile in the config file",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_connect_flags,
	.complete = "p",
	.exec = cmd_connect_exec,
};

static enum cmd_result cmd_disconnect_exec(struct job *j, const struct cmd_args *args)
{
	return job_request(j, msg_req_new(REQ_DISCONNECT), NULL);
}

const struct cmd_entry cmd_disconnect_entry = {
	.name = "disconnect",
	.help = "close the connection; unacked messages go back to their queues",
	.exec = cmd_disconnect_exec,
};

static void cmd_status_consumers(struct app *a)
{
	size_t i;

	if (!a->model.nconsumers) {
		app_out(a, LOG_INFO, "consumers: none");
		return;
	}
	app_out(a, LOG_INFO, "consumers:");
	for (i = 0; i < a->model.nconsumers; i++) {
		struct model_consumer *c = a->model.consumers[i];
		char prefetch[32];

		snprintf(prefetch, sizeof prefetch, "%d", c->prefetch);
		app_out(a, LOG_INFO,
			"  %-8s %-16s %-6s prefetch %-9s delivered %llu acked %llu nacked %llu "
			"rejected %llu requeued %llu unacked %llu redelivered %llu  %s",
			c->tag, c->queue, c->manual_ack ? "manual" : "auto",
			c->prefetch ? prefetch : "unlimited", (unsigned long long)c->delivered,
			(unsigned long long)c->acked, (unsigned long long)c->nacked,
			(unsigned long long)c->rejected, (unsigned long long)c->requeued,
			(unsigned long long)c->unacked, (unsigned long long)c->redelivered,
			model_consumer_state_name(c->state));
	}
}

static enum cmd_result cmd_status_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct model *m = &a->model;
	char prefetch[32];

	app_out(a, LOG_INFO, "connection: %s %s%s%s%s%s%s", msg_conn_state_name(m->conn_state),
		m->url ? m->url : "(none)", m->server ? " (" : "", m->server ? m->server : "",
		m->server ? ")" : "", m->reason && m->conn_state != CONN_UP ? ": " : "",
		m->reason && m->conn_state != CONN_UP ? m->reason : "");
	snprintf(prefetch, sizeof prefetch, "%d", m->prefetch);
	app_out(a, LOG_INFO, "confirms: %s; prefetch for new consumers: %s%s",
		m->confirm ? "on" : "off", m->prefetch ? prefetch : "unlimited",
		m->qos_global ? " (global)" : "");
	app_out(a, LOG_INFO, "messages: %llu delivered, %llu unacked now, %llu published",
		(unsigned long long)m->delivered_total, (unsigned long long)m->unacked_total,
		(unsigned long long)m->published_total);
	cmd_status_consumers(a);
	return CMD_OK;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.help = "the connection, settings, message counts and warren's consumers",
	.exec = cmd_status_exec,
};

static enum cmd_result cmd_confirm_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct msg_req *r = msg_req_new(REQ_CONFIRM);

	if (strcmp(args->argv[0], "on") && strcmp(args->argv[0], "off")) {
		app_error(a, "confirm: say 'confirm on' or 'confirm off', not '%s'",
			args->argv[0]);
		msg_req_free(r);
		return CMD_ERR;
	}
	r->u.on = !strcmp(args->argv[0], "on");
	a->model.confirm = r->u.on;
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_confirm_entry = {
	.name = "confirm",
	.args = "on|off",
	.help = "publisher confirms: every publish then reports confirmed / nacked / returned",
	.min_args = 1,
	.max_args = 1,
	.complete = "w",
	.words = "on|off",
	.exec = cmd_confirm_exec,
};

static const struct cmd_flag cmd_qos_flags[] = {
	{"global", CMD_BOOL, NULL, 0, 0, "share the prefetch between all consumers of a channel"},
	{0},
};

static enum cmd_result cmd_qos_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	unsigned long long v = strtoull(args->argv[0], NULL, 10);

	if (args->argv[0][0] < '0' || args->argv[0][0] > '9' || v > 65535) {
		app_error(a, "qos: PREFETCH is a number from 0 (unlimited) to 65535, not '%s'",
			args->argv[0]);
		return CMD_ERR;
	}
	a->model.prefetch = (int)v;
	a->model.qos_global = cmd_arg_has(args, "global");
	app_ok(a,
		"prefetch %s%s for consumers started from now on (basic.qos is sent on "
		"each consumer's channel before basic.consume, as in the tutorial)",
		v ? args->argv[0] : "unlimited", a->model.qos_global ? " (global)" : "");
	return CMD_OK;
}

const struct cmd_entry cmd_qos_entry = {
	.name = "qos",
	.alias = "prefetch",
	.args = "PREFETCH",
	.help = "set the prefetch count (basic.qos) for consumers started afterwards; 0 = unlimited",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_qos_flags,
	.exec = cmd_qos_exec,
};

/* ---- wait, sleep ------------------------------------------------------- */

static double cmd_seconds(struct app *a, const char *cmd, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || !(v >= 0 && v <= 86400)) { /* NaN fails too */
		app_error(a, "%s: SECONDS is a number from 0 to 86400, not '%s'",
			cmd, s);
		return -1;
	}
	return v;
}

static enum cmd_result cmd_sleep_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	double s = cmd_seconds(a, "sleep", args->argv[0]);

	if (s < 0)
		return CMD_ERR;
	j->holds = 1; /* a pause in a script: nothing runs past it */
	return job_wait_timer(j, s, NULL);
}

const struct cmd_entry cmd_sleep_entry = {
	.name = "sleep",
	.args = "SECONDS",
	.help = "pause the script; messages keep arriving meanwhile",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_sleep_exec,
};

/* What wait waits for is there: every --count consumer done, the connection back. */
static int cmd_wait_over(struct job *j)
{
	char why[16];

	return !app_waiting_for(j->a, why, sizeof why);
}

static void cmd_wait_timeout(struct job *j)
{
	char why[512];

	if (app_waiting_for(j->a, why, sizeof why)) {
		app_error(j->a, "wait: timed out: %s", why);
		job_finish(j, 0);
	} else {
		job_finish(j, 1);
	}
}

static enum cmd_result cmd_wait_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	double s = args->argc ? cmd_seconds(a, "wait", args->argv[0]) : 0;
	char why[512];

	if (s < 0)
		return CMD_ERR;
	if (!app_waiting_for(a, why, sizeof why))
		return CMD_OK;
	j->holds = 1;
	if (args->argc)
		job_wait_timer(j, s, cmd_wait_timeout);
	return job_wait_cond(j, cmd_wait_over, NULL);
}

const struct cmd_entry cmd_wait_entry = {
	.name = "wait",
	.args = "[SECONDS]",
	.help = "wait until every consumer started with --count has finished and a dropped "
		"connection is back (fails when SECONDS pass first)",
	.max_args = 1,
	.exec = cmd_wait_exec,
};

/* ---- help, quit -------------------------------------------------------- */

static void cmd_help_one(struct app *a, const struct cmd_entry *e)
{
	const struct cmd_flag *f;
	char *u = cmd_usage(e);

	app_out(a, LOG_INFO, "usage: %s", u);
	app_out(a, LOG_INFO, "  %s%s%s", e->help, e->alias ? "; alias: " : "",
		e->alias ? e->alias : "");
	for (f = e->flags; f && f->name; f++)
		app_out(a, LOG_INFO, "  --%s%s%s  %s", f->name, f->kind == CMD_BOOL ? "" : " ",
			f->kind == CMD_BOOL ? "" : (f->arg ? f->arg : "X"), f->help ? f->help : "");
	free(u);
}

static enum cmd_result cmd_help_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const struct cmd_entry *const *e;
	int found = 0;

	if (!args->argc) {
		app_out(a, LOG_INFO, "commands (help COMMAND for its flags):");
		for (e = cmd_table; *e; e++)
			app_out(a, LOG_INFO, "  %-17s %s", (*e)->name, (*e)->help);
		return CMD_OK;
	}
	for (e = cmd_table; *e; e++) {
		char name[128];

		snprintf(name, sizeof name, "%s%s%s", args->argv[0], args->argc > 1 ? " " : "",
			 args->argc > 1 ? args->argv[1] : "");
		if (!strcmp((*e)->name, name) || ((*e)->alias && !strcmp((*e)->alias, name)) ||
		    (args->argc == 1 && !strncmp((*e)->name, name, strlen(name)) &&
		     (*e)->name[strlen(name)] == ' ')) {
			cmd_help_one(a, *e);
			found = 1;
		}
	}
	if (!found) {
		const char *s = cmd_suggest(args->argv[0]);

		app_error(a, "help: no command '%s'%s%s%s", args->argv[0],
			s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
		return CMD_ERR;
	}
	return CMD_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.args = "[COMMAND]",
	.help = "list the commands, or show one command's usage and flags",
	.max_args = 2,
	.complete = "C",
	.exec = cmd_help_exec,
};

static enum cmd_result cmd_quit_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;

	/* in the dashboard quitting is not a verdict on the session */
	app_quit(a, !app_interactive(a) && a->jobs.failures ? 1 : 0);
	return CMD_OK;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.help = "leave; unacked messages are nacked with requeue and counted, never acked",
	.exec = cmd_quit_exec,
};
