/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_ops: the synchronous AMQP methods on the command channel: declare,
 * bind, unbind, delete, purge and basic.get. A channel error (a redeclare
 * with other flags, a missing queue) is reported with the broker's reply
 * code and text; the channel is reopened and the connection stays.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "net_int.h"
#include "props.h"

/* Report a failed RPC of request r on the command channel: "WHAT: why". */
static void net_ops_fail(struct net *n, struct msg_req *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void net_ops_fail(struct net *n, struct msg_req *r, const char *fmt, ...)
{
	amqp_rpc_reply_t rep = amqp_get_rpc_reply(n->conn);
	int code;
	char *err = net_rpc_error(n, NET_CH_CMD, rep, &code), *what;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		abort();
	va_end(ap);
	net_result(n, r->id, 0, code, "%s: %s", what, err);
	free(what);
	free(err);
}

static int net_ops_args(struct net *n, struct msg_req *r, const struct msg_kv *kv,
			amqp_table_t *t, amqp_pool_t *pool)
{
	init_amqp_pool(pool, 1024);
	*t = amqp_empty_table;
	if (kv && props_table_from_kv(kv, t, pool) < 0) {
		net_result(n, r->id, 0, 0, "out of memory building the arguments");
		empty_amqp_pool(pool);
		return -1;
	}
	return 0;
}

static void net_declare_queue(struct net *n, struct msg_req *r)
{
	struct msg_req_declare *d = &r->u.declare;
	amqp_queue_declare_ok_t *ok;
	struct msg_kv *args = msg_kv_dup(d->args);
	amqp_pool_t pool;
	amqp_table_t t;
	char *name;
	int durable = d->durable;

	/* quorum queues and streams exist only durable */
	if (d->type && strcmp(d->type, "classic"))
		durable = 1;
	if (d->type)
		msg_kv_add(&args, "x-queue-type", d->type);
	if (net_ops_args(n, r, args, &t, &pool) < 0) {
		msg_kv_free(args);
		return;
	}
	ok = amqp_queue_declare(n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name), d->passive,
				durable, d->exclusive, d->auto_delete, t);
	msg_kv_free(args);
	empty_amqp_pool(&pool);
	if (!ok) {
		net_ops_fail(n, r, "cannot declare queue '%s'", d->name);
		return;
	}
	name = net_bytes_dup(ok->queue);
	net_owned_add(n, r, name);
	if (d->passive) {
		/* the reply does not say how the queue was declared: show what it does say */
		net_result_queue(n, r->id, name, ok->message_count, ok->consumer_count,
				 "queue %s exists (%u message%s, %u consumer%s)", name,
				 ok->message_count, ok->message_count == 1 ? "" : "s",
				 ok->consumer_count, ok->consumer_count == 1 ? "" : "s");
		free(name);
		return;
	}
	net_result_queue(n, r->id, name, ok->message_count, ok->consumer_count,
		   "queue %s %s (%s%s%s%s, %u message%s, %u consumer%s)", name,
		   d->passive ? "exists" : "declared", durable ? "durable" : "transient",
		   d->exclusive ? ", exclusive" : "", d->auto_delete ? ", auto-delete" : "",
		   d->type ? (!strcmp(d->type, "quorum")	  ? ", quorum"
			      : !strcmp(d->type, "stream") ? ", stream"
							   : ", classic")
			   : "",
		   ok->message_count, ok->message_count == 1 ? "" : "s", ok->consumer_count,
		   ok->consumer_count == 1 ? "" : "s");
	free(name);
}

static void net_declare_exchange(struct net *n, struct msg_req *r)
{
	struct msg_req_declare *d = &r->u.declare;
	amqp_pool_t pool;
	amqp_table_t t;

	if (net_ops_args(n, r, d->args, &t, &pool) < 0)
		return;
	amqp_exchange_declare(n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name),
			      amqp_cstring_bytes(d->type ? d->type : "direct"), d->passive,
			      d->durable, d->auto_delete, d->internal, t);
	empty_amqp_pool(&pool);
	if (amqp_get_rpc_reply(n->conn).reply_type != AMQP_RESPONSE_NORMAL) {
		net_ops_fail(n, r, "cannot declare exchange '%s'", d->name);
		return;
	}
	net_owned_add(n, r, d->name);
	net_result(n, r->id, 1, 0, "exchange %s %s (%s, %s%s)", d->name,
		   d->passive ? "exists" : "declared", d->type ? d->type : "direct",
		   d->durable ? "durable" : "transient", d->auto_delete ? ", auto-delete" : "");
}

void net_declare(struct net *n, struct msg_req *r)
{
	if (r->u.declare.exchange)
		net_declare_exchange(n, r);
	else
		net_declare_queue(n, r);
}

void net_bind(struct net *n, struct msg_req *r)
{
	struct msg_req_bind *b = &r->u.bind;
	amqp_pool_t pool;
	amqp_table_t t;

	if (net_ops_args(n, r, b->args, &t, &pool) < 0)
		return;
	if (b->unbind)
		amqp_queue_unbind(n->conn, NET_CH_CMD, amqp_cstring_bytes(b->queue),
				  amqp_cstring_bytes(b->exchange), amqp_cstring_bytes(b->key), t);
	else
		amqp_queue_bind(n->conn, NET_CH_CMD, amqp_cstring_bytes(b->queue),
				amqp_cstring_bytes(b->exchange), amqp_cstring_bytes(b->key), t);
	empty_amqp_pool(&pool);
	if (amqp_get_rpc_reply(n->conn).reply_type != AMQP_RESPONSE_NORMAL) {
		net_ops_fail(n, r, "cannot %s queue '%s' %s exchange '%s'",
				  b->unbind ? "unbind" : "bind", b->queue,
				  b->unbind ? "from" : "to", b->exchange);
		return;
	}
	if (b->unbind)
		net_owned_forget(n, r);
	else
		net_owned_add(n, r, NULL);
	net_result(n, r->id, 1, 0, "%s queue %s %s exchange %s with key '%s'",
		   b->unbind ? "unbound" : "bound", b->queue, b->unbind ? "from" : "to",
		   b->exchange, b->key);
}

void net_delete(struct net *n, struct msg_req *r)
{
	struct msg_req_delete *d = &r->u.del;

	if (d->exchange) {
		amqp_exchange_delete(n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name),
				     d->if_unused);
		if (amqp_get_rpc_reply(n->conn).reply_type != AMQP_RESPONSE_NORMAL) {
			net_ops_fail(n, r, "cannot delete exchange '%s'", d->name);
			return;
		}
		net_owned_forget(n, r);
		net_result(n, r->id, 1, 0, "exchange %s deleted", d->name);
		return;
	}
	amqp_queue_delete_ok_t *ok = amqp_queue_delete(
		n->conn, NET_CH_CMD, amqp_cstring_bytes(d->name), d->if_unused, d->if_empty);
	if (!ok) {
		net_ops_fail(n, r, "cannot delete queue '%s'", d->name);
		return;
	}
	net_owned_forget(n, r);
	net_result(n, r->id, 1, 0, "queue %s deleted (%u message%s dropped)", d->name,
		   ok->message_count, ok->message_count == 1 ? "" : "s");
}

void net_purge(struct net *n, struct msg_req *r)
{
	amqp_queue_purge_ok_t *ok =
		amqp_queue_purge(n->conn, NET_CH_CMD, amqp_cstring_bytes(r->u.queue));

	if (!ok) {
		net_ops_fail(n, r, "cannot purge queue '%s'", r->u.queue);
		return;
	}
	net_result(n, r->id, 1, 0, "purged %u message%s from %s", ok->message_count,
		   ok->message_count == 1 ? "" : "s", r->u.queue);
}

void net_get(struct net *n, struct msg_req *r)
{
	amqp_rpc_reply_t rep;
	amqp_basic_get_ok_t *ok;
	struct msg_delivery *d;
	struct msg_ev *e;
	char *err = NULL;

	rep = amqp_basic_get(n->conn, NET_CH_CMD, amqp_cstring_bytes(r->u.queue), !r->manual_ack);
	if (rep.reply_type != AMQP_RESPONSE_NORMAL) {
		net_ops_fail(n, r, "cannot get from queue '%s'", r->u.queue);
		return;
	}
	if (rep.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) {
		net_result(n, r->id, 1, 0, "queue %s is empty", r->u.queue);
		return;
	}
	ok = rep.reply.decoded;
	uint64_t dtag = ok->delivery_tag;
	int redelivered = ok->redelivered;
	uint32_t left = ok->message_count;
	char *exchange = net_bytes_dup(ok->exchange), *key = net_bytes_dup(ok->routing_key);

	d = net_read_delivery(n, NET_CH_CMD, &err);
	if (!d) {
		net_result(n, r->id, 0, 0, "cannot read the message: %s", err);
		free(err);
		free(exchange);
		free(key);
		return;
	}
	d->id = n->next_msg_id++;
	d->consumer = msg_strdup("");
	d->channel = NET_CH_CMD;
	d->delivery_tag = dtag;
	d->redelivered = redelivered;
	d->exchange = exchange;
	d->routing_key = key;
	d->message_count = left;
	d->status = r->manual_ack ? MSG_PENDING : MSG_AUTO;
	if (r->manual_ack)
		net_pend_push(&n->ch[NET_CH_CMD], d->id, dtag);
	e = msg_ev_new(EV_DELIVERY);
	e->u.delivery = d;
	net_emit(n, e);
	net_result(n, r->id, 1, 0, "got #%llu from %s (%u more in the queue)%s",
		   (unsigned long long)d->id, r->u.queue, left,
		   r->manual_ack ? "; ack, nack or reject it by its number" : "");
}
