/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evfmt: see evfmt.h.
 */
#include "config.h"

#include "evfmt.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "props.h"
#include "text.h"
#include "uri.h"

/* Safe, masked copy of free text (results, notices, output): escaped as a whole. */
static char *evfmt_clean(const char *s)
{
	char *masked = uri_mask_text(s ? s : "");
	char *safe = text_safe(masked, strlen(masked), 0, 0);

	free(masked);
	return safe;
}

/* A field of a line built from fields: escaped on its own, once. */
static char *evfmt_field(const char *s)
{
	return text_safe(s ? s : "", s ? strlen(s) : 0, 0, 0);
}

static char *evfmt_delivery(const struct msg_delivery *d, size_t cols, int is_return)
{
	char *body = text_safe(d->body, d->body_len, cols, 0);
	char *ex = evfmt_field(d->exchange), *key = evfmt_field(d->routing_key);
	char *props = props_summary(&d->props), *s, *more = NULL;

	if (d->body_len < d->body_size && strlen(body) < cols)
		more = msg_printf("… [+%zu bytes not kept]", d->body_size - d->body_len);
	if (is_return) {
		char *why = evfmt_field(d->reply_text);

		s = msg_printf("return %s (%d) exchange=\"%s\" key=\"%s\" size=%zu body=\"%s%s\"%s%s", why,
			       d->reply_code, ex, key, d->body_size, body, more ? more : "",
			       *props ? " props: " : "", props);
		free(why);
	} else {
		char *tag = d->consumer[0] ? evfmt_field(d->consumer) : msg_strdup("(get)");

		s = msg_printf("deliver #%llu consumer=%s channel=%u tag=%llu redelivered=%s "
			       "exchange=\"%s\" key=\"%s\" status=%s size=%zu body=\"%s%s\"%s%s",
			       (unsigned long long)d->id, tag, d->channel,
			       (unsigned long long)d->delivery_tag, d->redelivered ? "yes" : "no", ex,
			       key, msg_status_name(d->status), d->body_size, body, more ? more : "",
			       *props ? " props: " : "", props);
		free(tag);
	}
	free(more);
	free(body);
	free(ex);
	free(key);
	free(props);
	return s;
}

char *evfmt_settled(const struct log_entry *e)
{
	const struct msg_ev *ev = e->ev;
	const char *st = msg_status_name(ev->u.settled.status);
	const char *by = ev->u.settled.by_warren ? " by warren" : "";

	if (ev->u.settled.first == ev->u.settled.last && ev->u.settled.count <= 1)
		return msg_printf("settle #%llu %s%s", (unsigned long long)ev->u.settled.first, st, by);
	return msg_printf("settle #%llu..#%llu %s%s (%llu message%s, channel %u)",
			  (unsigned long long)ev->u.settled.first,
			  (unsigned long long)ev->u.settled.last, st, by,
			  (unsigned long long)ev->u.settled.count,
			  ev->u.settled.count == 1 ? "" : "s", ev->u.settled.channel);
}

static const char *evfmt_level_word(enum log_level l)
{
	return l == LOG_ERROR ? "error" : l == LOG_WARN ? "warning" : l == LOG_OK ? "ok" : "info";
}

char *evfmt_text(const struct log_entry *e, size_t body_cols)
{
	char *clean, *s;

	switch (e->kind) {
	case LOG_DELIVERY:
		return evfmt_delivery(e->msg, body_cols, 0);
	case LOG_RETURN:
		return evfmt_delivery(e->msg, body_cols, 1);
	case LOG_SETTLED:
		return evfmt_settled(e);
	case LOG_ROW:
		return msg_strdup(e->text);
	case LOG_RESULT:
	case LOG_NOTICE:
		clean = evfmt_clean(e->text);
		s = msg_printf("%s: %s", evfmt_level_word(e->level), clean);
		free(clean);
		return s;
	default:
		if (e->safe)
			return uri_mask_text(e->text ? e->text : "");
		return evfmt_clean(e->text);
	}
}

/* Printable ASCII only: nothing for the guard to do (most lines of a flood). */
static int evfmt_plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p >= 0x20 && *p < 0x7f)
		p++;
	return !*p;
}

char *evfmt_line(const struct log_entry *e, int json)
{
	char *s = json ? evfmt_json(e) : evfmt_text(e, EVFMT_BODY_COLS), *line;

	if (evfmt_plain(s))
		return s;
	line = text_guard(s);
	free(s);
	return line;
}

/* ---- JSON: raw data, exact (jtext.h) --------------------------------- */

/* Free text that may quote a URL: its password masked, the rest exact. */
static void evfmt_jset_masked(json_t *o, const char *key, const char *s)
{
	char *masked;

	if (!s)
		return;
	masked = uri_mask_text(s);
	jtext_set_str(o, key, masked);
	free(masked);
}

static json_t *evfmt_jprops(const struct msg_props *p)
{
	json_t *o = json_object();
	const struct props_field *f;

	for (f = props_string_fields; f->name; f++)
		jtext_set_str(o, f->name, props_string(p, f));
	if (p->delivery_mode)
		json_object_set_new(o, "delivery_mode", json_integer(p->delivery_mode));
	if (p->priority >= 0)
		json_object_set_new(o, "priority", json_integer(p->priority));
	if (p->timestamp >= 0)
		json_object_set_new(o, "timestamp", json_integer(p->timestamp));
	if (p->headers_json)
		json_object_set(o, "headers", (json_t *)p->headers_json);
	return o;
}

static json_t *evfmt_jdelivery(const struct msg_delivery *d, int is_return)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string(is_return ? "return" : "deliver"));
	if (is_return) {
		json_object_set_new(o, "reply_code", json_integer(d->reply_code));
		jtext_set_str(o, "reply_text", d->reply_text);
	} else {
		json_object_set_new(o, "id", json_integer((json_int_t)d->id));
		jtext_set_str(o, "consumer", d->consumer);
		json_object_set_new(o, "channel", json_integer(d->channel));
		json_object_set_new(o, "delivery_tag", json_integer((json_int_t)d->delivery_tag));
		json_object_set_new(o, "redelivered", json_boolean(d->redelivered));
		json_object_set_new(o, "status", json_string(msg_status_name(d->status)));
	}
	jtext_set_str(o, "exchange", d->exchange);
	jtext_set_str(o, "routing_key", d->routing_key);
	json_object_set_new(o, "size", json_integer((json_int_t)d->body_size));
	jtext_set(o, "body", d->body, d->body_len);
	if (d->body_len < d->body_size)
		json_object_set_new(o, "body_truncated", json_true());
	json_object_set_new(o, "properties", evfmt_jprops(&d->props));
	json_object_set_new(o, "time", json_real(d->time));
	return o;
}

static json_t *evfmt_jconn(const struct msg_ev *ev)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string("connection"));
	json_object_set_new(o, "state", json_string(msg_conn_state_name(ev->u.conn.state)));
	evfmt_jset_masked(o, "url", ev->u.conn.url);
	evfmt_jset_masked(o, "server", ev->u.conn.server);
	evfmt_jset_masked(o, "reason", ev->u.conn.reason);
	json_object_set_new(o, "requeued", json_integer((json_int_t)ev->u.conn.requeued));
	return o;
}

static json_t *evfmt_jconsumer(const struct msg_ev *ev)
{
	static const char *const states[] = {"started", "finished", "cancelled",
					     "lost",	"killed",   "suspended"};
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string("consumer"));
	json_object_set_new(o, "state", json_string(states[ev->u.consumer.state]));
	jtext_set_str(o, "tag", ev->u.consumer.tag ? ev->u.consumer.tag : "");
	jtext_set_str(o, "queue", ev->u.consumer.queue ? ev->u.consumer.queue : "");
	json_object_set_new(o, "channel", json_integer(ev->u.consumer.channel));
	json_object_set_new(o, "delivered", json_integer((json_int_t)ev->u.consumer.delivered));
	json_object_set_new(o, "requeued", json_integer((json_int_t)ev->u.consumer.requeued));
	evfmt_jset_masked(o, "reason", ev->u.consumer.reason);
	return o;
}

static json_t *evfmt_jsettled(const struct msg_ev *ev)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string("settle"));
	json_object_set_new(o, "first", json_integer((json_int_t)ev->u.settled.first));
	json_object_set_new(o, "last", json_integer((json_int_t)ev->u.settled.last));
	json_object_set_new(o, "count", json_integer((json_int_t)ev->u.settled.count));
	json_object_set_new(o, "channel", json_integer(ev->u.settled.channel));
	json_object_set_new(o, "status", json_string(msg_status_name(ev->u.settled.status)));
	json_object_set_new(o, "by_warren", json_boolean(ev->u.settled.by_warren));
	return o;
}

char *evfmt_json(const struct log_entry *e)
{
	json_t *o;
	char *s;

	switch (e->kind) {
	case LOG_ROW:
		if (e->json)
			return msg_strdup(e->text);
		o = json_object();
		json_object_set_new(o, "event", json_string("output"));
		json_object_set_new(o, "level", json_string("info"));
		jtext_set_str(o, "text", e->text ? e->text : "");
		break;
	case LOG_DELIVERY:
	case LOG_RETURN:
		o = evfmt_jdelivery(e->msg, e->kind == LOG_RETURN);
		break;
	case LOG_SETTLED:
		o = evfmt_jsettled(e->ev);
		break;
	case LOG_CONN:
		o = evfmt_jconn(e->ev);
		break;
	case LOG_CONSUMER:
		o = evfmt_jconsumer(e->ev);
		break;
	case LOG_RESULT:
		o = json_object();
		json_object_set_new(o, "event", json_string("result"));
		json_object_set_new(o, "ok", json_boolean(e->level != LOG_ERROR));
		if (e->code)
			json_object_set_new(o, "code", json_integer(e->code));
		evfmt_jset_masked(o, "text", e->text ? e->text : "");
		break;
	default:
		o = json_object();
		json_object_set_new(o, "event",
				    json_string(e->kind == LOG_NOTICE ? "notice" : "output"));
		json_object_set_new(o, "level", json_string(evfmt_level_word(e->level)));
		/* safe text (a detail line) stays as shown; raw text is exact */
		evfmt_jset_masked(o, "text", e->text ? e->text : "");
		break;
	}
	s = jtext_dump(o, 0);
	json_decref(o);
	return s;
}
