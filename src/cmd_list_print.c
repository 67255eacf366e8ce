/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_list_print: the printers of the broker view's lists. Each list is
 * printed from its field table (cmd_fields.c: a table in text mode, one
 * JSON object per row with --json); what is left here is which rows a
 * command shows and the notes under a table. They read the model's merged
 * snapshot, which cmd_list.c made sure is there. The lines of show queue
 * escape each field they place.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd_fields.h"
#include "cmd_list.h"
#include "mgmt.h"

/*
 * The management API lags the broker by seconds (and the poller by its
 * refresh), so every list says how old its data is.
 */
static void cmd_list_age(struct app *a, enum mgmt_list which)
{
	double age = cmd_fields_age(a->model.mgmt, which);

	if (!isnan(age))
		app_out(a, LOG_INFO, "(from the management API, %.1f s old)", age);
}

/* ---- which rows, and the notes ------------------------------------------- */

static int cmd_list_conn_keep(const struct cmd_list_wait *w, enum mgmt_list l, const void *row)
{
	const struct mgmt_conn *c = row;

	return cmd_list_vhost_ok(w, c->vhost) &&
	       (cmd_list_match(w, c->name) || cmd_list_match(w, c->client_name) ||
		cmd_list_match(w, c->product));
}

int cmd_list_print_connections(struct app *a, const struct cmd_list_wait *w)
{
	int n = cmd_fields_print(a, w, MGMT_CONNECTIONS, cmd_list_conn_keep);

	if (!a->opt.json && n)
		app_out(a, LOG_INFO, "(* = this warren: %s)",
			a->model.conn_name ? a->model.conn_name : "not connected");
	return n;
}

/* Queues, channels and exchanges: by name and vhost. */
static int cmd_list_named_keep(const struct cmd_list_wait *w, enum mgmt_list l, const void *row)
{
	return cmd_list_match(w, mgmt_str_at(row, mgmt_field_find(l, "name")->off)) &&
	       cmd_list_vhost_ok(w, mgmt_str_at(row, mgmt_field_find(l, "vhost")->off));
}

static void cmd_list_no_stats_note(struct app *a, size_t n)
{
	if (n)
		app_out(a, LOG_INFO,
			"(- = not known: with this many queues the broker lists them without "
			"statistics; show queue NAME has a queue's rates)");
}

int cmd_list_print_queues(struct app *a, const struct cmd_list_wait *w)
{
	const struct mgmt_snapshot *s = a->model.mgmt;
	int n = cmd_fields_print(a, w, MGMT_QUEUES, cmd_list_named_keep);
	size_t i, no_stats = 0;

	if (a->opt.json)
		return n;
	for (i = 0; i < s->nqueues; i++)
		no_stats += s->queues[i].no_stats && cmd_list_named_keep(w, MGMT_QUEUES, &s->queues[i]);
	cmd_list_no_stats_note(a, no_stats);
	cmd_list_age(a, MGMT_QUEUES);
	return n;
}

/* A consumer of the queue named (a plain word: exactly; a glob: those it matches). */
static int cmd_list_consumer_keep(const struct cmd_list_wait *w, enum mgmt_list l, const void *row)
{
	const struct mgmt_consumer *c = row;

	return cmd_list_vhost_ok(w, c->vhost) &&
	       !(w->has_arg && (strpbrk(w->arg, "*?[") ? !cmd_list_match(w, c->queue)
						      : strcmp(w->arg, c->queue)));
}

int cmd_list_print_consumers(struct app *a, const struct cmd_list_wait *w)
{
	int n = cmd_fields_print(a, w, MGMT_CONSUMERS, cmd_list_consumer_keep);

	if (!a->opt.json && n)
		app_out(a, LOG_INFO, "(* = this warren's; UNACKED counts its channel)");
	return n;
}

int cmd_list_print_channels(struct app *a, const struct cmd_list_wait *w)
{
	return cmd_fields_print(a, w, MGMT_CHANNELS, cmd_list_named_keep);
}

int cmd_list_print_exchanges(struct app *a, const struct cmd_list_wait *w)
{
	return cmd_fields_print(a, w, MGMT_EXCHANGES, cmd_list_named_keep);
}

/* NAME is a queue or an exchange: bindings from it or to it. */
static int cmd_list_binding_keep(const struct cmd_list_wait *w, enum mgmt_list l, const void *row)
{
	const struct mgmt_binding *b = row;

	return cmd_list_vhost_ok(w, b->vhost) &&
	       !(w->has_arg && strcmp(w->arg, b->source) && strcmp(w->arg, b->destination));
}

int cmd_list_print_bindings(struct app *a, const struct cmd_list_wait *w)
{
	return cmd_fields_print(a, w, MGMT_BINDINGS, cmd_list_binding_keep);
}

/* Every leader on one node: losing that node moves them all at once. */
static void cmd_list_leaders_note(struct app *a, const struct mgmt_snapshot *s)
{
	size_t i, running = 0, with = 0;
	long long total = 0;
	const struct mgmt_node *only = NULL;

	for (i = 0; i < s->nnodes; i++) {
		if (!mgmt_known(s->nodes[i].leaders)) /* no queue list yet */
			return;
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
	const struct mgmt_snapshot *s = a->model.mgmt;
	int n = cmd_fields_print(a, w, MGMT_NODES, NULL);

	if (!a->opt.json) {
		cmd_list_leaders_note(a, s);
		if (w->has_vhost)
			app_out(a, LOG_INFO,
				"(nodes serve every vhost: --vhost changes nothing in this list)");
		cmd_list_age(a, MGMT_NODES);
	}
	return n;
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
	char *type = cmd_list_safe(q->type, MGMT_W_TEXT), *node = cmd_list_safe(q->node, 0);
	char *state = cmd_list_safe(q->state, MGMT_W_TEXT);
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

/* The queue's consumers: a table, or their JSON rows in cs. */
static size_t cmd_show_queue_consumers(struct app *a, const struct mgmt_queue *q, json_t *cs)
{
	const struct mgmt_snapshot *s = a->model.mgmt;
	struct cmd_fields_table t;
	size_t k, n = 0;

	if (!cs) /* the queue is the table's title: not a column of it */
		cmd_fields_table(&t, a, MGMT_CONSUMERS, MGMT_F_OWNER);
	for (k = 0; k < s->nconsumers; k++) {
		const struct mgmt_consumer *c = &s->consumers[k];

		if (strcmp(c->queue, q->name) || (c->vhost && q->vhost && strcmp(c->vhost, q->vhost)))
			continue;
		n++;
		if (cs)
			json_array_append_new(cs, cmd_fields_object(MGMT_CONSUMERS, c, NAN));
		else
			cmd_fields_row(&t, c);
	}
	if (cs)
		return n;
	cmd_list_line(a, "  consumers: %zu%s", n, n ? "" : " (none)");
	if (n)
		cmd_tab_print(t.tab);
	else
		cmd_tab_free(t.tab);
	return n;
}

/* Every queue of that name (one per vhost at most): detail and consumers. */
int cmd_list_print_show_queue(struct app *a, const struct cmd_list_wait *w)
{
	const struct mgmt_snapshot *s = a->model.mgmt;
	size_t i, found = 0;

	for (i = 0; i < s->nqueues; i++) {
		const struct mgmt_queue *q = &s->queues[i];
		json_t *o;

		if (strcmp(q->name, w->arg) || !cmd_list_vhost_ok(w, q->vhost))
			continue;
		found++;
		if (!a->opt.json) {
			cmd_show_queue_text(a, q);
			cmd_show_queue_consumers(a, q, NULL);
			continue;
		}
		o = cmd_fields_object(MGMT_QUEUES, q, cmd_fields_age(s, MGMT_QUEUES));
		json_object_set_new(o, "consumer_list", json_array());
		cmd_show_queue_consumers(a, q, json_object_get(o, "consumer_list"));
		cmd_json_emit(a, "queue", o);
	}
	if (!found) {
		app_error(a, "show queue: no queue '%s' on the broker%s%s", w->arg,
			  w->has_vhost ? " in vhost " : "", w->has_vhost ? w->vhost : "");
		return -1;
	}
	return (int)found;
}
