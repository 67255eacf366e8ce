/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_list_print: one printer per list of the broker view, each a table in
 * text mode or one JSON object per row with --json. They read the model's
 * merged snapshot, which cmd_list.c made sure is there. Table cells are raw
 * (cmd_tab_print escapes them); the lines of show queue escape each field.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "app.h"
#include "cmd_list.h"
#include "jtext.h"
#include "mgmt.h"

#define CMD_LIST_NAME_COLS 48 /* a name wider than this is cut, with a marker */
#define CMD_LIST_COLS 32      /* any other text */

/* The table, then "N queues"; nothing more in JSON mode. */
static int cmd_list_done(struct app *a, struct cmd_tab *t, size_t n, const char *one,
			 const char *many)
{
	if (t) {
		cmd_tab_print(t);
		app_out(a, LOG_INFO, "%zu %s", n, n == 1 ? one : many);
	}
	return (int)(n > (size_t)2147483647 ? 2147483647 : n);
}

static char *cmd_list_client(const char *product, const char *version)
{
	return msg_printf("%s%s%s", product ? product : "?", version ? " " : "",
			  version ? version : "");
}

static const char *cmd_list_yes(int b)
{
	return b ? "yes" : "no";
}

static char *cmd_list_exchange_name(const char *name)
{
	return name && !*name ? msg_strdup("(AMQP default)") : msg_strdup(name);
}

/* ---- connections --------------------------------------------------------- */

static void cmd_list_conn_json(struct app *a, const struct mgmt_conn *c)
{
	json_t *o = json_object();

	cmd_json_str(o, "name", c->name);
	cmd_json_str(o, "peer", c->peer);
	cmd_json_str(o, "user", c->user);
	cmd_json_str(o, "vhost", c->vhost);
	cmd_json_str(o, "product", c->product);
	cmd_json_str(o, "version", c->version);
	cmd_json_str(o, "client_name", c->client_name);
	cmd_json_str(o, "state", c->state);
	cmd_json_str(o, "node", c->node);
	json_object_set_new(o, "channels", json_integer(c->channels));
	json_object_set_new(o, "recv_rate", json_real(c->recv_rate));
	json_object_set_new(o, "send_rate", json_real(c->send_rate));
	json_object_set_new(o, "mine", json_boolean(c->mine));
	cmd_json_emit(a, "connections", o);
}

int cmd_list_print_connections(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"", 0},      {"PEER", CMD_LIST_NAME_COLS},	{"NAME", CMD_LIST_COLS},	{"USER", CMD_LIST_COLS},
		{"VHOST", CMD_LIST_COLS}, {"CLIENT", CMD_LIST_COLS},	{">CHANNELS", 0}, {"STATE", CMD_LIST_COLS},
		{">RECV/s", 0}, {">SEND/s", 0}, {"NODE", CMD_LIST_NAME_COLS},	{NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0;

	for (i = 0; i < s->nconns; i++) {
		const struct mgmt_conn *c = &s->conns[i];
		char **r;

		if (!cmd_list_vhost_ok(w, c->vhost) ||
		    !(cmd_list_match(w, c->name) || cmd_list_match(w, c->client_name) ||
		      cmd_list_match(w, c->product)))
			continue;
		n++;
		if (!t) {
			cmd_list_conn_json(a, c);
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = msg_strdup(c->mine ? "*" : "");
		r[1] = msg_strdup(c->peer ? c->peer : c->name);
		r[2] = msg_strdup(c->client_name);
		r[3] = msg_strdup(c->user);
		r[4] = msg_strdup(c->vhost);
		r[5] = cmd_list_client(c->product, c->version);
		r[6] = cmd_list_num(c->channels);
		r[7] = msg_strdup(c->state);
		r[8] = cmd_list_bytes(c->recv_rate);
		r[9] = cmd_list_bytes(c->send_rate);
		r[10] = msg_strdup(c->node);
	}
	n = (size_t)cmd_list_done(a, t, n, "connection", "connections");
	if (t && n)
		app_out(a, LOG_INFO, "(* = this warren: %s)",
			a->model.conn_name ? a->model.conn_name : "not connected");
	return (int)n;
}

/* ---- queues -------------------------------------------------------------- */

/* A rate, or null when it is not known (a queue listed without statistics). */
static json_t *cmd_list_rate_json(double r)
{
	return r < 0 ? json_null() : json_real(r);
}

/* Why some rates are "-", once under the table. */
/*
 * The management API lags the broker by seconds (and the poller by its
 * refresh), so every list says how old its data is.
 */
static void cmd_list_age(struct app *a, enum mgmt_list which)
{
	double t = a->model.mgmt->list_time[which];
	struct timespec now;

	if (t <= 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	app_out(a, LOG_INFO, "(from the management API, %.1f s old)",
		now.tv_sec + now.tv_nsec / 1e9 - t);
}

/* A quorum or stream queue's members: online/all, or "-". */
static int cmd_list_majority(const struct mgmt_queue *q)
{
	return !q->nmembers || q->nonline * 2 > q->nmembers;
}

/* running, down (its node is away), or NO MAJORITY (quorum: unavailable). */
static const char *cmd_list_qstate(const struct mgmt_queue *q)
{
	if (!cmd_list_majority(q))
		return "NO MAJORITY: unavailable";
	return q->state ? q->state : "-";
}

static void cmd_list_no_stats_note(struct app *a, size_t n)
{
	if (n)
		app_out(a, LOG_INFO,
			"(- = not known: with this many queues the broker lists them without "
			"statistics; show queue NAME has a queue's rates)");
}

static void cmd_list_queue_json(struct app *a, const char *list, const struct mgmt_queue *q,
				json_t *o)
{
	size_t i;

	cmd_json_str(o, "name", q->name);
	cmd_json_str(o, "vhost", q->vhost);
	cmd_json_str(o, "type", q->type);
	cmd_json_str(o, "node", q->node);
	cmd_json_str(o, "state", q->state);
	cmd_json_str(o, "leader", q->leader);
	if (q->nmembers) {
		json_t *on = json_array();

		for (i = 0; i < q->nonline; i++)
			json_array_append_new(on, jtext_value(q->online[i], strlen(q->online[i])));
		json_object_set_new(o, "online", on);
		json_object_set_new(o, "majority_online", json_boolean(cmd_list_majority(q)));
	}
	if (a->model.mgmt->list_time[MGMT_QUEUES] > 0) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		json_object_set_new(o, "age_s",
				    json_real(now.tv_sec + now.tv_nsec / 1e9 -
					      a->model.mgmt->list_time[MGMT_QUEUES]));
	}
	cmd_json_str(o, "policy", q->policy);
	cmd_json_str(o, "arguments", q->arguments);
	json_object_set_new(o, "durable", json_boolean(q->durable));
	json_object_set_new(o, "exclusive", json_boolean(q->exclusive));
	json_object_set_new(o, "auto_delete", json_boolean(q->auto_delete));
	json_object_set_new(o, "ready", json_integer(q->ready));
	json_object_set_new(o, "unacked", json_integer(q->unacked));
	json_object_set_new(o, "total", json_integer(q->total));
	json_object_set_new(o, "consumers", json_integer(q->consumers));
	json_object_set_new(o, "statistics", json_boolean(!q->no_stats));
	json_object_set_new(o, "publish_rate", cmd_list_rate_json(q->publish_rate));
	json_object_set_new(o, "deliver_rate", cmd_list_rate_json(q->deliver_rate));
	json_object_set_new(o, "ack_rate", cmd_list_rate_json(q->ack_rate));
	json_object_set_new(o, "redeliver_rate", cmd_list_rate_json(q->redeliver_rate));
	json_object_set_new(o, "change_rate", json_real(q->change_rate));
	if (q->nmembers) {
		json_t *m = json_array();

		for (i = 0; i < q->nmembers; i++)
			json_array_append_new(m, jtext_value(q->members[i], strlen(q->members[i])));
		json_object_set_new(o, "members", m);
	}
	cmd_json_emit(a, list, o);
}

int cmd_list_print_queues(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"NAME", CMD_LIST_NAME_COLS},	   {"VHOST", CMD_LIST_COLS},      {"TYPE", CMD_LIST_COLS},	 {"DURABLE", 0},
		{">READY", 0},	   {">UNACKED", 0},   {">TOTAL", 0},	 {">CONSUMERS", 0},
		{">PUBLISH/s", 0}, {">DELIVER/s", 0}, {"STATE", CMD_LIST_COLS},	 {">ONLINE", 0},
		{"NODE/LEADER", CMD_LIST_NAME_COLS}, {NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0, no_stats = 0;

	for (i = 0; i < s->nqueues; i++) {
		const struct mgmt_queue *q = &s->queues[i];
		char **r;

		if (!cmd_list_match(w, q->name) || !cmd_list_vhost_ok(w, q->vhost))
			continue;
		n++;
		no_stats += q->no_stats;
		if (!t) {
			cmd_list_queue_json(a, "queues", q, json_object());
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = msg_strdup(q->name);
		r[1] = msg_strdup(q->vhost);
		r[2] = msg_strdup(q->type);
		r[3] = msg_strdup(cmd_list_yes(q->durable));
		r[4] = cmd_list_num(q->ready);
		r[5] = cmd_list_num(q->unacked);
		r[6] = cmd_list_num(q->total);
		r[7] = cmd_list_num(q->consumers);
		r[8] = cmd_list_rate(q->publish_rate);
		r[9] = cmd_list_rate(q->deliver_rate);
		r[10] = msg_strdup(cmd_list_qstate(q));
		r[11] = q->nmembers ? msg_printf("%zu/%zu", q->nonline, q->nmembers) : msg_strdup("-");
		r[12] = msg_strdup(q->leader ? q->leader : q->node);
	}
	n = (size_t)cmd_list_done(a, t, n, "queue", "queues");
	if (t) {
		cmd_list_no_stats_note(a, no_stats);
		cmd_list_age(a, MGMT_QUEUES);
	}
	return (int)n;
}

/* ---- consumers ----------------------------------------------------------- */

static json_t *cmd_list_consumer_json(const struct mgmt_consumer *c)
{
	json_t *o = json_object();

	cmd_json_str(o, "tag", c->tag);
	cmd_json_str(o, "queue", c->queue);
	cmd_json_str(o, "vhost", c->vhost);
	cmd_json_str(o, "connection", c->conn_name);
	cmd_json_str(o, "peer", c->peer);
	cmd_json_str(o, "client", c->product);
	json_object_set_new(o, "channel", json_integer(c->channel));
	json_object_set_new(o, "ack_required", json_boolean(c->ack_required));
	json_object_set_new(o, "prefetch", json_integer(c->prefetch));
	json_object_set_new(o, "unacked", json_integer(c->unacked));
	json_object_set_new(o, "active", json_boolean(c->active));
	json_object_set_new(o, "exclusive", json_boolean(c->exclusive));
	json_object_set_new(o, "mine", json_boolean(c->mine));
	return o;
}

static void cmd_list_consumer_row(struct cmd_tab *t, const struct mgmt_consumer *c,
				  int with_queue)
{
	char **r = cmd_tab_row(t);
	int k = 0;

	r[k++] = msg_strdup(c->mine ? "*" : "");
	r[k++] = msg_strdup(c->tag);
	if (with_queue) {
		r[k++] = msg_strdup(c->queue);
		r[k++] = msg_strdup(c->vhost);
	}
	r[k++] = cmd_list_num(c->channel);
	r[k++] = msg_strdup(c->product ? c->product : "?");
	r[k++] = msg_strdup(c->peer);
	r[k++] = msg_strdup(c->ack_required ? "manual" : "auto");
	r[k++] = c->prefetch ? cmd_list_num(c->prefetch) : msg_strdup("unlimited");
	r[k++] = cmd_list_num(c->unacked);
	r[k] = msg_strdup(cmd_list_yes(c->active));
}

int cmd_list_print_consumers(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"", 0},	 {"TAG", CMD_LIST_NAME_COLS},	   {"QUEUE", CMD_LIST_NAME_COLS},     {"VHOST", CMD_LIST_COLS},
		{">CHANNEL", 0}, {"CLIENT", CMD_LIST_COLS},	   {"PEER", CMD_LIST_NAME_COLS},	     {"ACK", 0},
		{">PREFETCH", 0}, {">UNACKED", 0}, {"ACTIVE", 0},    {NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0;

	for (i = 0; i < s->nconsumers; i++) {
		const struct mgmt_consumer *c = &s->consumers[i];

		/* a plain word names the queue exactly; a glob matches queues */
		if (!cmd_list_vhost_ok(w, c->vhost) ||
		    (w->has_arg && (strpbrk(w->arg, "*?[") ? !cmd_list_match(w, c->queue)
							   : strcmp(w->arg, c->queue))))
			continue;
		n++;
		if (t)
			cmd_list_consumer_row(t, c, 1);
		else
			cmd_json_emit(a, "consumers", cmd_list_consumer_json(c));
	}
	n = (size_t)cmd_list_done(a, t, n, "consumer", "consumers");
	if (t && n)
		app_out(a, LOG_INFO, "(* = this warren's; UNACKED counts its channel)");
	return (int)n;
}

/* ---- channels ------------------------------------------------------------ */

int cmd_list_print_channels(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"CHANNEL", 2 * CMD_LIST_NAME_COLS}, {"USER", CMD_LIST_COLS},	  {"VHOST", CMD_LIST_COLS},	       {">PREFETCH", 0},
		{">GLOBAL", 0},	    {">UNACKED", 0}, {">CONSUMERS", 0}, {"STATE", CMD_LIST_COLS},
		{NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0;

	for (i = 0; i < s->nchannels; i++) {
		const struct mgmt_channel *c = &s->channels[i];
		char **r;

		if (!cmd_list_match(w, c->name) || !cmd_list_vhost_ok(w, c->vhost))
			continue;
		n++;
		if (!t) {
			json_t *o = json_object();

			cmd_json_str(o, "name", c->name);
			cmd_json_str(o, "connection", c->conn_name);
			cmd_json_str(o, "user", c->user);
			cmd_json_str(o, "vhost", c->vhost);
			cmd_json_str(o, "state", c->state);
			json_object_set_new(o, "number", json_integer(c->number));
			json_object_set_new(o, "prefetch", json_integer(c->prefetch));
			json_object_set_new(o, "global_prefetch", json_integer(c->global_prefetch));
			json_object_set_new(o, "unacked", json_integer(c->unacked));
			json_object_set_new(o, "consumers", json_integer(c->consumers));
			cmd_json_emit(a, "channels", o);
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = msg_strdup(c->name);
		r[1] = msg_strdup(c->user);
		r[2] = msg_strdup(c->vhost);
		r[3] = cmd_list_num(c->prefetch);
		r[4] = cmd_list_num(c->global_prefetch);
		r[5] = cmd_list_num(c->unacked);
		r[6] = cmd_list_num(c->consumers);
		r[7] = msg_strdup(c->state);
	}
	return cmd_list_done(a, t, n, "channel", "channels");
}

/* ---- exchanges and bindings ---------------------------------------------- */

int cmd_list_print_exchanges(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"NAME", CMD_LIST_NAME_COLS},	    {"VHOST", CMD_LIST_COLS},    {"TYPE", CMD_LIST_COLS}, {"DURABLE", 0},
		{"AUTO-DELETE", 0}, {"INTERNAL", 0}, {NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0;

	for (i = 0; i < s->nexchanges; i++) {
		const struct mgmt_exchange *x = &s->exchanges[i];
		char **r;

		if (!cmd_list_match(w, x->name) || !cmd_list_vhost_ok(w, x->vhost))
			continue;
		n++;
		if (!t) {
			json_t *o = json_object();

			cmd_json_str(o, "name", x->name);
			cmd_json_str(o, "vhost", x->vhost);
			cmd_json_str(o, "type", x->type);
			json_object_set_new(o, "durable", json_boolean(x->durable));
			json_object_set_new(o, "auto_delete", json_boolean(x->auto_delete));
			json_object_set_new(o, "internal", json_boolean(x->internal));
			cmd_json_emit(a, "exchanges", o);
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = cmd_list_exchange_name(x->name);
		r[1] = msg_strdup(x->vhost);
		r[2] = msg_strdup(x->type);
		r[3] = msg_strdup(cmd_list_yes(x->durable));
		r[4] = msg_strdup(cmd_list_yes(x->auto_delete));
		r[5] = msg_strdup(cmd_list_yes(x->internal));
	}
	return cmd_list_done(a, t, n, "exchange", "exchanges");
}

int cmd_list_print_bindings(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"SOURCE", CMD_LIST_NAME_COLS},	  {"DESTINATION", CMD_LIST_NAME_COLS}, {"TYPE", CMD_LIST_COLS}, {"ROUTING KEY", CMD_LIST_NAME_COLS},
		{"ARGUMENTS", CMD_LIST_NAME_COLS}, {"VHOST", CMD_LIST_COLS},	      {NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	size_t i, n = 0;

	for (i = 0; i < s->nbindings; i++) {
		const struct mgmt_binding *b = &s->bindings[i];
		char **r;

		/* NAME is a queue or an exchange: bindings from it or to it */
		if (!cmd_list_vhost_ok(w, b->vhost) ||
		    (w->has_arg && strcmp(w->arg, b->source) && strcmp(w->arg, b->destination)))
			continue;
		n++;
		if (!t) {
			json_t *o = json_object();

			cmd_json_str(o, "source", b->source);
			cmd_json_str(o, "destination", b->destination);
			cmd_json_str(o, "destination_type", b->destination_type);
			cmd_json_str(o, "routing_key", b->routing_key);
			cmd_json_str(o, "arguments", b->arguments);
			cmd_json_str(o, "vhost", b->vhost);
			cmd_json_emit(a, "bindings", o);
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = cmd_list_exchange_name(b->source);
		r[1] = msg_strdup(b->destination);
		r[2] = msg_strdup(b->destination_type);
		r[3] = msg_strdup(b->routing_key);
		r[4] = msg_strdup(b->arguments);
		r[5] = msg_strdup(b->vhost);
	}
	return cmd_list_done(a, t, n, "binding", "bindings");
}

/* ---- nodes --------------------------------------------------------------- */

static char *cmd_list_uptime(long long ms)
{
	long long s = ms / 1000;

	if (s >= 86400)
		return msg_printf("%lldd %lldh", s / 86400, s % 86400 / 3600);
	if (s >= 3600)
		return msg_printf("%lldh %lldm", s / 3600, s % 3600 / 60);
	return msg_printf("%lldm %llds", s / 60, s % 60);
}

static char *cmd_list_of(double used, double limit)
{
	char *u = cmd_list_bytes(used), *l = cmd_list_bytes(limit), *s;

	s = msg_printf("%s / %s", u, l);
	free(u);
	free(l);
	return s;
}

/* Every leader on one node: losing that node moves them all at once. */
static void cmd_list_leaders_note(struct app *a, const struct mgmt_snapshot *s, int known)
{
	size_t i, running = 0, with = 0;
	long long total = 0;
	const struct mgmt_node *only = NULL;

	if (!known)
		return;
	for (i = 0; i < s->nnodes; i++) {
		running += s->nodes[i].running != 0;
		total += s->nodes[i].leaders;
		if (s->nodes[i].leaders > 0) {
			with++;
			only = &s->nodes[i];
		}
	}
	if (running >= 2 && with == 1 && total >= 2)
		app_out(a, LOG_WARN,
			"warning: every queue leader (%lld) is on %s: if it fails they all move at "
			"once (rabbitmq-queues rebalance all spreads them)",
			total, only->name ? only->name : "?");
}

int cmd_list_print_nodes(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"NAME", CMD_LIST_NAME_COLS},	     {"RUNNING", 0},	{"UPTIME", 0},	      {"MEMORY", 0},
		{"MEMORY ALARM", 0}, {"DISK FREE / LIMIT", 0}, {"DISK ALARM", 0},
		{">CONNECTIONS", 0}, {">QUEUES", 0},	{NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_tab *t = a->opt.json ? NULL : cmd_tab_new(a, head);
	int queues_known = s->list_time[MGMT_QUEUES] > 0;
	size_t i, n = 0;

	for (i = 0; i < s->nnodes; i++) {
		const struct mgmt_node *d = &s->nodes[i];
		char **r;

		n++;
		if (!t) {
			json_t *o = json_object();

			cmd_json_str(o, "name", d->name);
			json_object_set_new(o, "running", json_boolean(d->running));
			json_object_set_new(o, "uptime_ms", json_integer(d->uptime_ms));
			json_object_set_new(o, "mem_used", json_integer(d->mem_used));
			json_object_set_new(o, "mem_limit", json_integer(d->mem_limit));
			json_object_set_new(o, "mem_alarm", json_boolean(d->mem_alarm));
			json_object_set_new(o, "disk_free", json_integer(d->disk_free));
			json_object_set_new(o, "disk_free_limit", json_integer(d->disk_free_limit));
			json_object_set_new(o, "disk_alarm", json_boolean(d->disk_alarm));
			json_object_set_new(o, "connections", json_integer(d->connections));
			json_object_set_new(o, "queues",
					    queues_known ? json_integer(d->leaders) : json_null());
			cmd_json_emit(a, "nodes", o);
			continue;
		}
		r = cmd_tab_row(t);
		r[0] = msg_strdup(d->name);
		r[1] = msg_strdup(cmd_list_yes(d->running));
		r[2] = cmd_list_uptime(d->uptime_ms);
		r[3] = cmd_list_of((double)d->mem_used, (double)d->mem_limit);
		r[4] = msg_strdup(d->mem_alarm ? "ALARM: publishers blocked" : "ok");
		r[5] = cmd_list_of((double)d->disk_free, (double)d->disk_free_limit);
		r[6] = msg_strdup(d->disk_alarm ? "ALARM: publishers blocked" : "ok");
		r[7] = cmd_list_num(d->connections);
		r[8] = queues_known ? cmd_list_num(d->leaders) : msg_strdup("?");
	}
	n = (size_t)cmd_list_done(a, t, n, "node", "nodes");
	if (t) {
		cmd_list_leaders_note(a, s, queues_known);
		if (w->has_vhost)
			app_out(a, LOG_INFO,
				"(nodes serve every vhost: --vhost changes nothing in this list)");
		cmd_list_age(a, MGMT_NODES);
	}
	return (int)n;
}

/* ---- one queue ----------------------------------------------------------- */

static void cmd_list_line(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line of safe text (no second escaping as app_out would do). */
static void cmd_list_line(struct app *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	cmd_list_emit(a, s);
}

static void cmd_show_queue_text(struct app *a, const struct mgmt_queue *q)
{
	char *name = cmd_list_safe(q->name, 0), *vhost = cmd_list_safe(q->vhost, 0);
	char *type = cmd_list_safe(q->type, CMD_LIST_COLS), *node = cmd_list_safe(q->node, 0);
	char *state = cmd_list_safe(q->state, CMD_LIST_COLS);
	char *policy = cmd_list_safe(q->policy, 0), *args = cmd_list_safe(q->arguments, 0);
	char *rates[4] = {cmd_list_rate(q->publish_rate), cmd_list_rate(q->deliver_rate),
			  cmd_list_rate(q->ack_rate), cmd_list_rate(q->redeliver_rate)};
	size_t i;

	cmd_list_line(a, "queue %s in vhost %s: %s, %s%s%s, node %s, %s", name, vhost, type,
		      q->durable ? "durable" : "transient", q->exclusive ? ", exclusive" : "",
		      q->auto_delete ? ", auto-delete" : "", *node ? node : "?",
		      *state ? state : "state unknown");
	cmd_list_line(a, "  arguments: %s", q->arguments ? args : "(none)");
	cmd_list_line(a, "  policy: %s", *policy ? policy : "(none)");
	cmd_list_line(a, "  messages: %lld ready, %lld unacked, %lld total", q->ready, q->unacked,
		      q->total);
	if (q->no_stats)
		cmd_list_line(a, "  rates (msg/s): not known (the broker sent no statistics); "
			      "messages changing by %+.1f/s", q->change_rate);
	else
		cmd_list_line(a, "  rates (msg/s): publish %s, deliver %s, ack %s, redeliver %s",
			      rates[0], rates[1], rates[2], rates[3]);
	for (i = 0; i < q->nmembers; i++) {
		char *m = cmd_list_safe(q->members[i], 0);
		int online = 0;
		size_t k;

		for (k = 0; k < q->nonline; k++)
			online |= !strcmp(q->online[k], q->members[i]);
		cmd_list_line(a, "  member %s%s%s", m, q->leader && !strcmp(q->leader, q->members[i])
							       ? " (leader)" : "",
			      online ? "" : " (offline)");
		free(m);
	}
	for (i = 0; i < 4; i++)
		free(rates[i]);
	free(name), free(vhost), free(type), free(node), free(state), free(policy), free(args);
}

/* Every queue of that name (one per vhost at most): detail and consumers. */
int cmd_list_print_show_queue(struct app *a, const struct cmd_list_wait *w)
{
	static const struct cmd_col head[] = {
		{"", 0},	  {"TAG", CMD_LIST_NAME_COLS},	    {">CHANNEL", 0}, {"CLIENT", CMD_LIST_COLS}, {"PEER", CMD_LIST_NAME_COLS},
		{"ACK", 0},	  {">PREFETCH", 0}, {">UNACKED", 0}, {"ACTIVE", 0}, {NULL, 0}};
	const struct mgmt_snapshot *s = a->model.mgmt;
	size_t i, k, found = 0;

	for (i = 0; i < s->nqueues; i++) {
		const struct mgmt_queue *q = &s->queues[i];
		struct cmd_tab *t;
		json_t *cs;
		size_t n = 0;

		if (strcmp(q->name, w->arg) || !cmd_list_vhost_ok(w, q->vhost))
			continue;
		found++;
		t = a->opt.json ? NULL : cmd_tab_new(a, head);
		cs = t ? NULL : json_array();
		if (t)
			cmd_show_queue_text(a, q);
		for (k = 0; k < s->nconsumers; k++) {
			const struct mgmt_consumer *c = &s->consumers[k];

			if (strcmp(c->queue, q->name) || (c->vhost && q->vhost && strcmp(c->vhost, q->vhost)))
				continue;
			n++;
			if (t)
				cmd_list_consumer_row(t, c, 0);
			else
				json_array_append_new(cs, cmd_list_consumer_json(c));
		}
		if (!t) {
			json_t *o = json_object();

			json_object_set_new(o, "consumer_list", cs);
			cmd_list_queue_json(a, "queue", q, o);
			continue;
		}
		cmd_list_line(a, "  consumers: %zu%s", n, n ? "" : " (none)");
		if (n)
			cmd_tab_print(t);
		else
			cmd_tab_free(t);
	}
	if (!found) {
		app_error(a, "show queue: no queue '%s' on the broker%s%s", w->arg,
			  w->has_vhost ? " in vhost " : "", w->has_vhost ? w->vhost : "");
		return -1;
	}
	return (int)found;
}
