/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * detail: see detail.h.
 */
#include "config.h"

#include "detail.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "props.h"
#include "text.h"
#include "xmalloc.h"

#define DETAIL_HEX_LINES 4096

static void detail_add(struct detail_lines *l, char *line)
{
	XGROW(l->v, l->n + 1, l->cap);
	l->v[l->n++] = line;
}

/* Split a multi-line text into lines. */
static void detail_add_text(struct detail_lines *l, const char *text)
{
	const char *p = text, *nl;

	while ((nl = strchr(p, '\n'))) {
		detail_add(l, msg_printf("%.*s", (int)(nl - p), p));
		p = nl + 1;
	}
	if (*p)
		detail_add(l, msg_strdup(p));
}

/* "  name  value": the name is warren's or escaped already, the value raw. */
static void detail_field(struct detail_lines *l, const char *name, const char *v, int quoted)
{
	char *safe;

	if (!v)
		return;
	safe = text_safe(v, strlen(v), 0, 0);
	detail_add(l, msg_printf(quoted ? "  %-17s \"%s\"" : "  %-17s %s", name, safe));
	free(safe);
}

const char *detail_mode_name(enum detail_body mode)
{
	static const char *const names[] = {"text", "hex", "json"};

	return names[mode];
}

static json_t *detail_json(const struct msg_delivery *d)
{
	json_error_t err;

	if (!d->body_len || d->body_len < d->body_size)
		return NULL;
	return json_loadb((const char *)d->body, d->body_len, JSON_DECODE_ANY, &err);
}

int detail_is_json(const struct msg_delivery *d)
{
	json_t *j = detail_json(d);

	if (!j)
		return 0;
	json_decref(j);
	return 1;
}

enum detail_body detail_default_mode(const struct msg_delivery *d)
{
	size_t i, odd = 0, n = d->body_len < 4096 ? d->body_len : 4096;

	if (detail_is_json(d))
		return DETAIL_JSON;
	for (i = 0; i < n; i++)
		odd += (d->body[i] < 0x20 && d->body[i] != '\n' && d->body[i] != '\t' &&
			d->body[i] != '\r') ||
		       d->body[i] == 0x7f;
	return n && odd * 10 > n ? DETAIL_HEX : DETAIL_TEXT;
}

static void detail_body(const struct msg_delivery *d, enum detail_body mode,
			struct detail_lines *l)
{
	char *s;
	json_t *j;

	switch (mode) {
	case DETAIL_HEX:
		s = text_hexdump(d->body, d->body_len, DETAIL_HEX_LINES);
		detail_add_text(l, s);
		free(s);
		break;
	case DETAIL_JSON:
		j = detail_json(d);
		if (!j) {
			detail_add(l, msg_strdup("(the body is not JSON: showing it as text)"));
			detail_body(d, DETAIL_TEXT, l);
			break;
		}
		s = json_dumps(j, JSON_INDENT(2) | JSON_ENCODE_ANY);
		json_decref(j);
		if (s) {
			/* JSON escapes are its own text: only what jansson left raw is escaped */
			char *safe = text_safe(s, strlen(s), 0, TEXT_KEEP_NEWLINES | TEXT_GUARD_ONLY);

			detail_add_text(l, safe);
			free(safe);
			free(s);
		}
		break;
	default:
		s = text_safe(d->body, d->body_len, 0, TEXT_KEEP_NEWLINES);
		detail_add_text(l, s);
		free(s);
		break;
	}
	if (d->body_len < d->body_size)
		detail_add(l, msg_printf("… %zu more bytes were received but not kept",
					 d->body_size - d->body_len));
}

static void detail_headers(const struct msg_props *p, struct detail_lines *l)
{
	const char *k;
	json_t *v;

	detail_add(l, msg_strdup("headers"));
	json_object_foreach((json_t *)p->headers_json, k, v) {
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		char *key = text_safe(k, strlen(k), 0, 0);
		char *val = text_guard(s ? s : "?");

		detail_add(l, msg_printf("  %-17s %s", key, val));
		free(val);
		free(key);
		free(s);
	}
}

/* The lines are safe text: every field from the broker is escaped here. */
void detail_build(const struct msg_delivery *d, enum detail_body mode, struct detail_lines *l)
{
	const struct msg_props *p = &d->props;
	const struct props_field *f;
	char when[64];
	time_t t = (time_t)d->time;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	if (d->reply_code) {
		char *why = text_safe(d->reply_text ? d->reply_text : "",
				      d->reply_text ? strlen(d->reply_text) : 0, 0, 0);

		detail_add(l, msg_printf("returned message: %d %s", d->reply_code, why));
		free(why);
	} else {
		detail_add(l, msg_printf("message #%llu  status %s%s", (unsigned long long)d->id,
					 msg_status_name(d->status),
					 d->redelivered ? "  (redelivered)" : ""));
	}
	detail_add(l, msg_printf("  %-17s %s", "received", when));
	if (d->consumer[0])
		detail_field(l, "consumer", d->consumer, 0);
	else
		detail_add(l, msg_printf("  %-17s %s", "consumer", "(basic.get)"));
	detail_add(l, msg_printf("  %-17s %u, delivery tag %llu", "channel", d->channel,
				 (unsigned long long)d->delivery_tag));
	detail_field(l, "exchange", d->exchange, 1);
	detail_field(l, "routing key", d->routing_key, 1);
	detail_add(l, msg_printf("  %-17s %zu bytes", "body size", d->body_size));
	detail_add(l, msg_strdup("properties"));
	for (f = props_string_fields; f->name; f++)
		detail_field(l, f->name, props_string(p, f), 0);
	if (p->delivery_mode)
		detail_add(l, msg_printf("  %-17s %d (%s)", "delivery_mode", p->delivery_mode,
					 p->delivery_mode == 2 ? "persistent" : "transient"));
	if (p->priority >= 0)
		detail_add(l, msg_printf("  %-17s %d", "priority", p->priority));
	if (p->timestamp >= 0)
		detail_add(l, msg_printf("  %-17s %lld", "timestamp", p->timestamp));
	if (p->headers_json)
		detail_headers(p, l);
	detail_add(l, msg_printf("body (%s)", detail_mode_name(mode)));
	detail_body(d, mode, l);
}

void detail_free(struct detail_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}
