/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * props: see props.h. Nested tables and arrays from a broker are rendered to
 * a bounded depth so a hostile message cannot exhaust the stack.
 */
#include "config.h"

#include "props.h"

#include <inttypes.h>
#include <stddef.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "text.h"
#include "xmalloc.h"

#define PROPS_MAX_DEPTH 16
#define PROPS_MAX_STRING 1024

static amqp_bytes_t props_bytes(const char *s, amqp_pool_t *pool)
{
	amqp_bytes_t b;
	size_t n = strlen(s);

	b.len = n;
	b.bytes = amqp_pool_alloc(pool, n ? n : 1);
	if (b.bytes)
		memcpy(b.bytes, s, n);
	return b;
}

int props_table_from_kv(const struct msg_kv *kv, amqp_table_t *out, amqp_pool_t *pool)
{
	const struct msg_kv *p;
	int n = 0, i = 0;

	for (p = kv; p; p = p->next)
		n++;
	out->num_entries = n;
	out->entries = n ? amqp_pool_alloc(pool, sizeof *out->entries * n) : NULL;
	if (n && !out->entries)
		return -1;
	for (p = kv; p; p = p->next, i++) {
		amqp_table_entry_t *e = &out->entries[i];
		long long num;

		e->key = props_bytes(p->key, pool);
		switch (msg_kv_type(p->value, &num)) {
		case MSG_KV_BOOL:
			e->value.kind = AMQP_FIELD_KIND_BOOLEAN;
			e->value.value.boolean = (amqp_boolean_t)num;
			break;
		case MSG_KV_INT:
			e->value.kind = AMQP_FIELD_KIND_I64;
			e->value.value.i64 = num;
			break;
		default:
			e->value.kind = AMQP_FIELD_KIND_UTF8;
			e->value.value.bytes = props_bytes(p->value, pool);
			break;
		}
		if (!e->key.bytes)
			return -1;
	}
	return 0;
}

/* ---- rendering --------------------------------------------------------- */

struct props_buf {
	char *s;
	size_t len, cap;
};

static void props_put(struct props_buf *b, const char *s, size_t n)
{
	XGROW(b->s, b->len + n + 1, b->cap);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void props_puts(struct props_buf *b, const char *s)
{
	props_put(b, s, strlen(s));
}

static void props_put_safe(struct props_buf *b, const void *data, size_t len)
{
	char *safe = text_safe(data, len, PROPS_MAX_STRING, 0);

	props_puts(b, safe);
	free(safe);
}

static void props_value_text(struct props_buf *b, const amqp_field_value_t *v, int depth);

static void props_table_text_into(struct props_buf *b, const amqp_table_t *t, int depth)
{
	int i;

	if (depth > PROPS_MAX_DEPTH) {
		props_puts(b, "…");
		return;
	}
	for (i = 0; i < t->num_entries; i++) {
		if (i)
			props_puts(b, ", ");
		props_put_safe(b, t->entries[i].key.bytes, t->entries[i].key.len);
		props_puts(b, "=");
		props_value_text(b, &t->entries[i].value, depth + 1);
	}
}

static void props_value_text(struct props_buf *b, const amqp_field_value_t *v, int depth)
{
	char num[64];
	int i;

	num[0] = 0;
	switch (v->kind) {
	case AMQP_FIELD_KIND_BOOLEAN:
		props_puts(b, v->value.boolean ? "true" : "false");
		return;
	case AMQP_FIELD_KIND_I8: snprintf(num, sizeof num, "%d", v->value.i8); break;
	case AMQP_FIELD_KIND_U8: snprintf(num, sizeof num, "%u", v->value.u8); break;
	case AMQP_FIELD_KIND_I16: snprintf(num, sizeof num, "%d", v->value.i16); break;
	case AMQP_FIELD_KIND_U16: snprintf(num, sizeof num, "%u", v->value.u16); break;
	case AMQP_FIELD_KIND_I32: snprintf(num, sizeof num, "%" PRId32, v->value.i32); break;
	case AMQP_FIELD_KIND_U32: snprintf(num, sizeof num, "%" PRIu32, v->value.u32); break;
	case AMQP_FIELD_KIND_I64: snprintf(num, sizeof num, "%" PRId64, v->value.i64); break;
	case AMQP_FIELD_KIND_U64: snprintf(num, sizeof num, "%" PRIu64, v->value.u64); break;
	case AMQP_FIELD_KIND_F32: snprintf(num, sizeof num, "%g", (double)v->value.f32); break;
	case AMQP_FIELD_KIND_F64: snprintf(num, sizeof num, "%g", v->value.f64); break;
	case AMQP_FIELD_KIND_DECIMAL:
		snprintf(num, sizeof num, "%" PRIu32 "e-%u", v->value.decimal.value,
			 v->value.decimal.decimals);
		break;
	case AMQP_FIELD_KIND_TIMESTAMP:
		snprintf(num, sizeof num, "@%" PRIu64, v->value.u64);
		break;
	case AMQP_FIELD_KIND_VOID:
		props_puts(b, "void");
		return;
	case AMQP_FIELD_KIND_UTF8:
		props_put_safe(b, v->value.bytes.bytes, v->value.bytes.len);
		return;
	case AMQP_FIELD_KIND_BYTES:
		props_puts(b, "bytes:");
		props_put_safe(b, v->value.bytes.bytes, v->value.bytes.len);
		return;
	case AMQP_FIELD_KIND_ARRAY:
		props_puts(b, "[");
		for (i = 0; i < v->value.array.num_entries && depth <= PROPS_MAX_DEPTH; i++) {
			if (i)
				props_puts(b, ", ");
			props_value_text(b, &v->value.array.entries[i], depth + 1);
		}
		props_puts(b, "]");
		return;
	case AMQP_FIELD_KIND_TABLE:
		props_puts(b, "{");
		props_table_text_into(b, &v->value.table, depth + 1);
		props_puts(b, "}");
		return;
	default:
		snprintf(num, sizeof num, "?%c", v->kind);
		break;
	}
	props_puts(b, num);
}

char *props_table_text(const amqp_table_t *t)
{
	struct props_buf b = {0};

	props_puts(&b, "");
	props_table_text_into(&b, t, 0);
	return b.s;
}

static json_t *props_value_json(const amqp_field_value_t *v, int depth);

static json_t *props_table_json_depth(const amqp_table_t *t, int depth)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < t->num_entries && depth <= PROPS_MAX_DEPTH; i++) {
		/* the exact name; one that is not UTF-8 has U+FFFD for its bad bytes */
		json_t *key = jtext_string(t->entries[i].key.bytes, t->entries[i].key.len);

		json_object_setn_new(o, json_string_value(key), json_string_length(key),
				     props_value_json(&t->entries[i].value, depth + 1));
		json_decref(key);
	}
	return o;
}

static json_t *props_value_json(const amqp_field_value_t *v, int depth)
{
	json_t *a;
	int i;

	switch (v->kind) {
	case AMQP_FIELD_KIND_BOOLEAN: return json_boolean(v->value.boolean);
	case AMQP_FIELD_KIND_I8: return json_integer(v->value.i8);
	case AMQP_FIELD_KIND_U8: return json_integer(v->value.u8);
	case AMQP_FIELD_KIND_I16: return json_integer(v->value.i16);
	case AMQP_FIELD_KIND_U16: return json_integer(v->value.u16);
	case AMQP_FIELD_KIND_I32: return json_integer(v->value.i32);
	case AMQP_FIELD_KIND_U32: return json_integer(v->value.u32);
	case AMQP_FIELD_KIND_I64: return json_integer(v->value.i64);
	case AMQP_FIELD_KIND_U64:
	case AMQP_FIELD_KIND_TIMESTAMP: return json_integer((json_int_t)v->value.u64);
	case AMQP_FIELD_KIND_F32: return json_real(v->value.f32);
	case AMQP_FIELD_KIND_F64: return json_real(v->value.f64);
	case AMQP_FIELD_KIND_DECIMAL: {
		double d = v->value.decimal.value;
		unsigned k;

		for (k = 0; k < v->value.decimal.decimals && k < 32; k++)
			d /= 10;
		return json_real(d);
	}
	case AMQP_FIELD_KIND_UTF8:
	case AMQP_FIELD_KIND_BYTES:
		return jtext_value(v->value.bytes.bytes, v->value.bytes.len);
	case AMQP_FIELD_KIND_ARRAY:
		a = json_array();
		for (i = 0; i < v->value.array.num_entries && depth <= PROPS_MAX_DEPTH; i++)
			json_array_append_new(a, props_value_json(&v->value.array.entries[i],
								  depth + 1));
		return a;
	case AMQP_FIELD_KIND_TABLE:
		return props_table_json_depth(&v->value.table, depth + 1);
	default:
		return json_null();
	}
}

void *props_table_json(const amqp_table_t *t)
{
	return props_table_json_depth(t, 0);
}

/* The raw value (a C string: it ends at a NUL), made safe where it is shown. */
static char *props_str(amqp_flags_t flags, amqp_flags_t bit, amqp_bytes_t b)
{
	char *s;

	if (!(flags & bit))
		return NULL;
	s = msg_alloc(b.len + 1);
	if (b.len)
		memcpy(s, b.bytes, b.len);
	return s;
}

void props_from_amqp(const amqp_basic_properties_t *in, struct msg_props *p)
{
	amqp_flags_t f = in->_flags;

	memset(p, 0, sizeof *p);
	p->content_type = props_str(f, AMQP_BASIC_CONTENT_TYPE_FLAG, in->content_type);
	p->content_encoding = props_str(f, AMQP_BASIC_CONTENT_ENCODING_FLAG, in->content_encoding);
	p->correlation_id = props_str(f, AMQP_BASIC_CORRELATION_ID_FLAG, in->correlation_id);
	p->reply_to = props_str(f, AMQP_BASIC_REPLY_TO_FLAG, in->reply_to);
	p->expiration = props_str(f, AMQP_BASIC_EXPIRATION_FLAG, in->expiration);
	p->message_id = props_str(f, AMQP_BASIC_MESSAGE_ID_FLAG, in->message_id);
	p->type = props_str(f, AMQP_BASIC_TYPE_FLAG, in->type);
	p->user_id = props_str(f, AMQP_BASIC_USER_ID_FLAG, in->user_id);
	p->app_id = props_str(f, AMQP_BASIC_APP_ID_FLAG, in->app_id);
	p->delivery_mode = (f & AMQP_BASIC_DELIVERY_MODE_FLAG) ? in->delivery_mode : 0;
	p->priority = (f & AMQP_BASIC_PRIORITY_FLAG) ? in->priority : -1;
	p->timestamp = (f & AMQP_BASIC_TIMESTAMP_FLAG) ? (long long)in->timestamp : -1;
	if ((f & AMQP_BASIC_HEADERS_FLAG) && in->headers.num_entries > 0) {
		p->headers = props_table_text(&in->headers);
		p->headers_json = props_table_json(&in->headers);
	}
}

static void props_set(amqp_basic_properties_t *out, amqp_flags_t bit, amqp_bytes_t *field,
		      const char *s)
{
	if (!s)
		return;
	out->_flags |= bit;
	*field = amqp_cstring_bytes(s);
}

int props_to_amqp(const struct msg_props *p, const struct msg_kv *headers, int persistent,
		  amqp_basic_properties_t *out, amqp_pool_t *pool)
{
	memset(out, 0, sizeof *out);
	props_set(out, AMQP_BASIC_CONTENT_TYPE_FLAG, &out->content_type, p->content_type);
	props_set(out, AMQP_BASIC_CONTENT_ENCODING_FLAG, &out->content_encoding,
		  p->content_encoding);
	props_set(out, AMQP_BASIC_CORRELATION_ID_FLAG, &out->correlation_id, p->correlation_id);
	props_set(out, AMQP_BASIC_REPLY_TO_FLAG, &out->reply_to, p->reply_to);
	props_set(out, AMQP_BASIC_EXPIRATION_FLAG, &out->expiration, p->expiration);
	props_set(out, AMQP_BASIC_MESSAGE_ID_FLAG, &out->message_id, p->message_id);
	props_set(out, AMQP_BASIC_TYPE_FLAG, &out->type, p->type);
	props_set(out, AMQP_BASIC_APP_ID_FLAG, &out->app_id, p->app_id);
	if (persistent || p->delivery_mode) {
		out->_flags |= AMQP_BASIC_DELIVERY_MODE_FLAG;
		out->delivery_mode = persistent ? 2 : (uint8_t)p->delivery_mode;
	}
	if (p->priority >= 0) {
		out->_flags |= AMQP_BASIC_PRIORITY_FLAG;
		out->priority = (uint8_t)p->priority;
	}
	if (p->timestamp >= 0) {
		out->_flags |= AMQP_BASIC_TIMESTAMP_FLAG;
		out->timestamp = (uint64_t)p->timestamp;
	}
	if (headers) {
		out->_flags |= AMQP_BASIC_HEADERS_FLAG;
		if (props_table_from_kv(headers, &out->headers, pool) < 0)
			return -1;
	}
	return 0;
}

#define PROPS_FIELD(f) {#f, offsetof(struct msg_props, f)}
const struct props_field props_string_fields[] = {
	PROPS_FIELD(content_type), PROPS_FIELD(content_encoding), PROPS_FIELD(correlation_id),
	PROPS_FIELD(reply_to),	   PROPS_FIELD(expiration),	  PROPS_FIELD(message_id),
	PROPS_FIELD(type),	   PROPS_FIELD(user_id),	  PROPS_FIELD(app_id),
	{NULL, 0},
};
#undef PROPS_FIELD

const char *props_string(const struct msg_props *p, const struct props_field *f)
{
	return *(char *const *)((const char *)p + f->offset);
}

char *props_summary(const struct msg_props *p)
{
	struct props_buf b = {0};
	const struct props_field *f;
	char tmp[64];

	props_puts(&b, "");
	for (f = props_string_fields; f->name; f++) {
		const char *v = props_string(p, f);

		if (!v)
			continue;
		if (b.len)
			props_puts(&b, " ");
		props_puts(&b, f->name);
		props_puts(&b, "=");
		props_put_safe(&b, v, strlen(v));
	}
	if (p->delivery_mode) {
		snprintf(tmp, sizeof tmp, "%sdelivery_mode=%d", b.len ? " " : "", p->delivery_mode);
		props_puts(&b, tmp);
	}
	if (p->priority >= 0) {
		snprintf(tmp, sizeof tmp, "%spriority=%d", b.len ? " " : "", p->priority);
		props_puts(&b, tmp);
	}
	if (p->timestamp >= 0) {
		snprintf(tmp, sizeof tmp, "%stimestamp=%lld", b.len ? " " : "", p->timestamp);
		props_puts(&b, tmp);
	}
	if (p->headers) {
		props_puts(&b, b.len ? " headers={" : "headers={");
		props_puts(&b, p->headers);
		props_puts(&b, "}");
	}
	return b.s;
}
