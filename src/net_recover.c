/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_recover: staying up. When the connection drops (broker restart,
 * crash, missed heartbeats) and the user did not ask for it, warren tries
 * again after 1 s, doubling to 30 s, through every node of the URL; once
 * back it declares again what it declared itself (a durable queue that
 * survived just answers declare-ok), binds again, restarts its consumers
 * and workers, and says how many unacked messages went back meanwhile.
 * Server-named queues come back with new names; bindings and consumers
 * follow the rename.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "net_int.h"
#include "props.h"

#define NET_BACKOFF_MAX 30.0

static struct msg_req *net_recover_copy(const struct msg_req *r)
{
	struct msg_req *c = msg_req_new(r->type);

	if (r->type == REQ_DECLARE) {
		c->u.declare = r->u.declare;
		c->u.declare.name = msg_strdup(r->u.declare.name);
		c->u.declare.type = msg_strdup(r->u.declare.type);
		c->u.declare.args = msg_kv_dup(r->u.declare.args);
	} else {
		c->u.bind = r->u.bind;
		c->u.bind.queue = msg_strdup(r->u.bind.queue);
		c->u.bind.exchange = msg_strdup(r->u.bind.exchange);
		c->u.bind.key = msg_strdup(r->u.bind.key);
		c->u.bind.args = msg_kv_dup(r->u.bind.args);
	}
	return c;
}

static void net_owned_free(struct net_owned *o)
{
	msg_req_free(o->req);
	free(o->name);
	free(o);
}

/* Is o about the same thing as r (same declare, same binding)? */
static int net_owned_same(const struct net_owned *o, const struct msg_req *r)
{
	const struct msg_req *q = o->req;

	if (r->type == REQ_DELETE) {
		if (q->type == REQ_DECLARE)
			return q->u.declare.exchange == r->u.del.exchange &&
			       !strcmp(o->name, r->u.del.name);
		return r->u.del.exchange ? !strcmp(q->u.bind.exchange, r->u.del.name)
					 : !strcmp(q->u.bind.queue, r->u.del.name);
	}
	if (r->type == REQ_BIND && q->type == REQ_BIND)
		return !strcmp(q->u.bind.queue, r->u.bind.queue) &&
		       !strcmp(q->u.bind.exchange, r->u.bind.exchange) &&
		       !strcmp(q->u.bind.key, r->u.bind.key);
	return 0;
}

void net_owned_add(struct net *n, const struct msg_req *r, const char *name)
{
	struct net_owned *o, **end;

	if (r->type == REQ_DECLARE && r->u.declare.passive)
		return;
	/* declared twice is still one queue */
	for (end = &n->owned; *end;) {
		const struct msg_req *q = (*end)->req;
		int same = q->type == r->type &&
			   (r->type == REQ_DECLARE
				    ? q->u.declare.exchange == r->u.declare.exchange && name &&
					      !strcmp((*end)->name, name)
				    : net_owned_same(*end, r));

		if (same) {
			o = *end;
			*end = o->next;
			net_owned_free(o);
		} else {
			end = &(*end)->next;
		}
	}
	o = msg_alloc(sizeof *o);
	o->req = net_recover_copy(r);
	o->name = msg_strdup(name ? name : r->type == REQ_DECLARE ? r->u.declare.name : NULL);
	for (end = &n->owned; *end; end = &(*end)->next)
		;
	*end = o;
}

/* delete forgets a queue or exchange and its bindings; unbind one binding. */
void net_owned_forget(struct net *n, const struct msg_req *r)
{
	struct net_owned **pp = &n->owned;

	while (*pp) {
		if (net_owned_same(*pp, r)) {
			struct net_owned *o = *pp;

			*pp = o->next;
			net_owned_free(o);
		} else {
			pp = &(*pp)->next;
		}
	}
}

void net_owned_clear(struct net *n)
{
	while (n->owned) {
		struct net_owned *o = n->owned;

		n->owned = o->next;
		net_owned_free(o);
	}
}

void net_reconnect_schedule(struct net *n)
{
	if (n->backoff <= 0)
		n->backoff = 1;
	n->retry_at = net_mono() + n->backoff;
	n->backoff = n->backoff * 2 > NET_BACKOFF_MAX ? NET_BACKOFF_MAX : n->backoff * 2;
}

/* A queue was renamed by the broker: everything that named it follows. */
static void net_recover_rename(struct net *n, const char *from, const char *to)
{
	struct net_owned *o;
	struct net_consumer *k;
	struct msg_ev *e;

	for (o = n->owned; o; o = o->next)
		if (o->req->type == REQ_BIND && !strcmp(o->req->u.bind.queue, from)) {
			free(o->req->u.bind.queue);
			o->req->u.bind.queue = msg_strdup(to);
		}
	for (k = n->consumers; k; k = k->next)
		if (!strcmp(k->c.queue, from)) {
			free(k->c.queue);
			k->c.queue = msg_strdup(to);
		}
	/* a notice that also tells the UI: $queue and the consumers it shows follow */
	e = msg_ev_new(EV_NOTICE);
	e->u.notice.level = 1;
	e->u.notice.text = msg_printf("server-named queue %s is now %s", from, to);
	e->u.notice.renamed_from = msg_strdup(from);
	e->u.notice.renamed_to = msg_strdup(to);
	net_emit(n, e);
}

static int net_recover_declare(struct net *n, struct net_owned *o)
{
	struct msg_req_declare *d = &o->req->u.declare;
	amqp_queue_declare_ok_t *ok;
	amqp_pool_t pool;
	amqp_table_t t = amqp_empty_table;
	struct msg_kv *args = msg_kv_dup(d->args);
	int durable = d->durable || (d->type && strcmp(d->type, "classic"));
	int code;

	init_amqp_pool(&pool, 1024);
	if (!d->exchange && d->type)
		msg_kv_add(&args, "x-queue-type", d->type);
	if (args)
		props_table_from_kv(args, &t, &pool);
	msg_kv_free(args);
	if (d->exchange) {
		amqp_exchange_declare(n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name),
				      amqp_cstring_bytes(d->type ? d->type : "direct"), 0,
				      d->durable, d->auto_delete, d->internal, t);
		ok = NULL;
	} else {
		ok = amqp_queue_declare(n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name), 0,
					durable, d->exclusive, d->auto_delete, t);
	}
	empty_amqp_pool(&pool);
	if (amqp_get_rpc_reply(n->conn).reply_type != AMQP_RESPONSE_NORMAL) {
		char *err = net_rpc_error(n, NET_CH_CMD, amqp_get_rpc_reply(n->conn), &code);

		net_notice(n, 2, "after reconnecting, cannot declare %s %s again: %s",
			   d->exchange ? "exchange" : "queue", o->name, err);
		free(err);
		return -1;
	}
	if (ok && !d->name[0]) {
		char *now = net_bytes_dup(ok->queue);

		if (strcmp(now, o->name))
			net_recover_rename(n, o->name, now);
		free(o->name);
		o->name = now;
	}
	return 0;
}

static int net_recover_bind(struct net *n, struct net_owned *o)
{
	struct msg_req_bind *b = &o->req->u.bind;
	amqp_pool_t pool;
	amqp_table_t t = amqp_empty_table;
	int code;

	init_amqp_pool(&pool, 1024);
	if (b->args)
		props_table_from_kv(b->args, &t, &pool);
	amqp_queue_bind(n->conn, NET_CH_CMD, amqp_cstring_bytes(b->queue),
			amqp_cstring_bytes(b->exchange), amqp_cstring_bytes(b->key), t);
	empty_amqp_pool(&pool);
	if (amqp_get_rpc_reply(n->conn).reply_type != AMQP_RESPONSE_NORMAL) {
		char *err = net_rpc_error(n, NET_CH_CMD, amqp_get_rpc_reply(n->conn), &code);

		net_notice(n, 2, "after reconnecting, cannot bind %s to %s again: %s", b->queue,
			   b->exchange, err);
		free(err);
		return -1;
	}
	return 0;
}

/* Put back what was ours; returns the counts for the report. */
static void net_recover_all(struct net *n, int *decl, int *binds, int *cons, int *failed)
{
	struct net_owned *o;
	struct net_consumer *k;

	*decl = *binds = *cons = *failed = 0;
	for (o = n->owned; o && n->conn; o = o->next)
		if (o->req->type == REQ_DECLARE)
			net_recover_declare(n, o) == 0 ? (*decl)++ : (*failed)++;
	for (o = n->owned; o && n->conn; o = o->next)
		if (o->req->type == REQ_BIND)
			net_recover_bind(n, o) == 0 ? (*binds)++ : (*failed)++;
	for (k = n->consumers; k && n->conn;) {
		struct net_consumer *next = k->next;
		int code;
		char *err;

		if (k->suspended) {
			err = net_consumer_start(n, k, &code);
			if (err) {
				char *why = msg_printf("cannot restart it after reconnecting: %s", err);

				net_consumer_drop(n, k, why);
				free(why);
				free(err);
				(*failed)++;
			} else {
				(*cons)++;
			}
		}
		k = next;
	}
}

void net_reconnect(struct net *n)
{
	char *why, *where = NULL;
	int code, decl, binds, cons, failed;

	n->retry_at = 0;
	why = net_open(n, &code, &where);
	if (why) {
		net_reconnect_schedule(n);
		{
			char *reason = msg_printf("%s; next try in %.0f s", why,
						  n->retry_at - net_mono());

			net_conn_event(n, CONN_DOWN, reason, 0);
			free(reason);
		}
		free(why);
		return;
	}
	n->backoff = 1;
	net_conn_event(n, CONN_UP, NULL, 0);
	net_recover_all(n, &decl, &binds, &cons, &failed);
	net_notice(n, failed ? 2 : 0,
		   "reconnected to %s: %llu unacked message%s had gone back to the queue; "
		   "declared %d queue%s/exchange%s and %d binding%s again, restarted %d "
		   "consumer%s%s",
		   where, (unsigned long long)n->lost_requeued, n->lost_requeued == 1 ? "" : "s",
		   decl, decl == 1 ? "" : "s", decl == 1 ? "" : "s", binds, binds == 1 ? "" : "s",
		   cons, cons == 1 ? "" : "s", failed ? " (some failed: see above)" : "");
	n->lost_requeued = 0;
	free(where);
}
