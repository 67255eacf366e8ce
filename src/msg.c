/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg: constructors and destructors for requests, events and deliveries.
 */
#include "config.h"

#include "msg.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt.h"

void *msg_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		fputs("warren: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *msg_strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s);
	d = msg_alloc(n + 1);
	memcpy(d, s, n);
	return d;
}

char *msg_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		fputs("warren: out of memory\n", stderr);
		abort();
	}
	va_end(ap);
	return s;
}

struct msg_kv *msg_kv_add(struct msg_kv **list, const char *key, const char *value)
{
	struct msg_kv *kv = msg_alloc(sizeof *kv), **end = list;

	kv->key = msg_strdup(key);
	kv->value = msg_strdup(value);
	while (*end)
		end = &(*end)->next;
	*end = kv;
	return kv;
}

struct msg_kv *msg_kv_dup(const struct msg_kv *list)
{
	struct msg_kv *out = NULL;

	for (; list; list = list->next)
		msg_kv_add(&out, list->key, list->value);
	return out;
}

void msg_kv_free(struct msg_kv *list)
{
	while (list) {
		struct msg_kv *next = list->next;

		free(list->key);
		free(list->value);
		free(list);
		list = next;
	}
}

enum msg_kv_type msg_kv_type(const char *value, long long *num)
{
	char *end;

	if (!strcmp(value, "true") || !strcmp(value, "false")) {
		*num = value[0] == 't';
		return MSG_KV_BOOL;
	}
	if (*value && (*value == '-' || (*value >= '0' && *value <= '9'))) {
		errno = 0;
		*num = strtoll(value, &end, 10);
		if (!*end && errno == 0 && end != value)
			return MSG_KV_INT;
	}
	return MSG_KV_STRING;
}

const char *msg_status_name(enum msg_status s)
{
	static const char *const names[] = {
		[MSG_PENDING] = "pending", [MSG_AUTO] = "auto",
		[MSG_ACKED] = "acked",	   [MSG_NACKED] = "nacked",
		[MSG_REQUEUED] = "requeued", [MSG_REJECTED] = "rejected",
		[MSG_LOST] = "lost",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *msg_conn_state_name(enum msg_conn_state s)
{
	static const char *const names[] = {
		[CONN_DOWN] = "down",
		[CONN_CONNECTING] = "connecting",
		[CONN_UP] = "up",
		[CONN_BLOCKED] = "blocked",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

void msg_props_free(struct msg_props *p)
{
	free(p->content_type);
	free(p->content_encoding);
	free(p->correlation_id);
	free(p->reply_to);
	free(p->expiration);
	free(p->message_id);
	free(p->type);
	free(p->user_id);
	free(p->app_id);
	free(p->headers);
	if (p->headers_json)
		json_decref(p->headers_json);
	memset(p, 0, sizeof *p);
}

void msg_delivery_free(struct msg_delivery *d)
{
	if (!d)
		return;
	free(d->consumer);
	free(d->exchange);
	free(d->routing_key);
	msg_props_free(&d->props);
	free(d->body);
	free(d->reply_text);
	free(d);
}

struct msg_req *msg_req_new(enum msg_req_type type)
{
	struct msg_req *r = msg_alloc(sizeof *r);

	r->type = type;
	return r;
}

void msg_req_free(struct msg_req *r)
{
	if (!r)
		return;
	switch (r->type) {
	case REQ_CONNECT:
		free(r->u.connect.url);
		free(r->u.connect.cacert);
		free(r->u.connect.cert);
		free(r->u.connect.key);
		break;
	case REQ_DECLARE:
		free(r->u.declare.name);
		free(r->u.declare.type);
		msg_kv_free(r->u.declare.args);
		break;
	case REQ_BIND:
		free(r->u.bind.queue);
		free(r->u.bind.exchange);
		free(r->u.bind.key);
		msg_kv_free(r->u.bind.args);
		break;
	case REQ_DELETE:
		free(r->u.del.name);
		break;
	case REQ_PURGE:
	case REQ_GET:
		free(r->u.queue);
		break;
	case REQ_PUBLISH:
		free(r->u.publish.exchange);
		free(r->u.publish.key);
		free(r->u.publish.body);
		msg_props_free(&r->u.publish.props);
		msg_kv_free(r->u.publish.headers);
		break;
	case REQ_CONSUME:
		free(r->u.consume.queue);
		free(r->u.consume.tag);
		break;
	case REQ_CANCEL:
		free(r->u.cancel.tag);
		break;
	default:
		break;
	}
	free(r);
}

struct msg_ev *msg_ev_new(enum msg_ev_type type)
{
	struct msg_ev *e = msg_alloc(sizeof *e);

	e->type = type;
	return e;
}

void msg_ev_free(struct msg_ev *e)
{
	if (!e)
		return;
	switch (e->type) {
	case EV_RESULT:
		free(e->u.result.text);
		free(e->u.result.name);
		break;
	case EV_CONN:
		free(e->u.conn.reason);
		free(e->u.conn.url);
		free(e->u.conn.server);
		free(e->u.conn.node);
		free(e->u.conn.name);
		break;
	case EV_DELIVERY:
	case EV_RETURN:
		msg_delivery_free(e->u.delivery);
		break;
	case EV_CONSUMER:
		free(e->u.consumer.tag);
		free(e->u.consumer.queue);
		free(e->u.consumer.reason);
		break;
	case EV_NOTICE:
		free(e->u.notice.text);
		free(e->u.notice.renamed_from);
		free(e->u.notice.renamed_to);
		break;
	case EV_MGMT:
		mgmt_snapshot_free(e->u.mgmt);
		break;
	default:
		break;
	}
	free(e);
}
