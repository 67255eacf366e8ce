/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_bert: the management API's other format, BERT (Erlang's external
 * term format, what term_to_binary writes), read into the same jansson
 * values its JSON gives, so mgmt_decode.c reads both alike.
 *
 * Asked for with "Accept: application/bert", the broker skips encoding its
 * answer as JSON: for 10,000 queues that is about half of its time. The
 * mapping is the one the broker's JSON encoder applies: a list of {Key,
 * Value} pairs (or a map) is an object, another list or a tuple an array,
 * a binary a string, the atoms true/false booleans, undefined and null
 * null, other atoms strings. Pids, ports and references (not asked for)
 * read as strings. Compressed terms and anything unknown are errors, never
 * a crash: every length is checked against what is left, and nesting is
 * bounded.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt_bert.h"
#include "msg.h"

#define MGMT_BERT_VERSION 131
#define MGMT_BERT_DEPTH 64

enum {
	BERT_NEW_FLOAT = 70,
	BERT_BIT_BINARY = 77,
	BERT_COMPRESSED = 80,
	BERT_NEW_PID = 88,
	BERT_NEW_PORT = 89,
	BERT_NEWER_REF = 90,
	BERT_SMALL_INT = 97,
	BERT_INT = 98,
	BERT_FLOAT = 99,
	BERT_ATOM = 100,
	BERT_PORT = 102,
	BERT_PID = 103,
	BERT_SMALL_TUPLE = 104,
	BERT_LARGE_TUPLE = 105,
	BERT_NIL = 106,
	BERT_STRING = 107,
	BERT_LIST = 108,
	BERT_BINARY = 109,
	BERT_SMALL_BIG = 110,
	BERT_LARGE_BIG = 111,
	BERT_NEW_REF = 114,
	BERT_SMALL_ATOM = 115,
	BERT_MAP = 116,
	BERT_ATOM_UTF8 = 118,
	BERT_SMALL_ATOM_UTF8 = 119,
	BERT_V4_PORT = 120,
};

int mgmt_bert_is(const char *body, size_t len)
{
	return len > 0 && (unsigned char)body[0] == MGMT_BERT_VERSION;
}

static int mgmt_bert_fail(struct mgmt_bert *b, const char *what)
{
	if (!b->err[0])
		snprintf(b->err, sizeof b->err, "%s at byte %zu", what, b->pos);
	return -1;
}

/* n more bytes are there, or an error. */
static int mgmt_bert_need(struct mgmt_bert *b, size_t n)
{
	if (n > b->len - b->pos)
		return mgmt_bert_fail(b, "truncated term");
	return 0;
}

static uint64_t mgmt_bert_be(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* An unsigned big-endian field of n bytes (1, 2, 4); -1 when truncated. */
static int mgmt_bert_uint(struct mgmt_bert *b, unsigned n, uint32_t *v)
{
	if (mgmt_bert_need(b, n) < 0)
		return -1;
	*v = (uint32_t)mgmt_bert_be(b->p + b->pos, n);
	b->pos += n;
	return 0;
}

/*
 * A count of elements that take at least min bytes each: more than the
 * bytes left could hold is an error (a forged count cannot make us loop or
 * allocate beyond the body).
 */
static int mgmt_bert_count(struct mgmt_bert *b, unsigned width, size_t min, uint32_t *n)
{
	if (mgmt_bert_uint(b, width, n) < 0)
		return -1;
	if ((size_t)*n > (b->len - b->pos) / min)
		return mgmt_bert_fail(b, "count larger than the body");
	return 0;
}

/* Bytes as a JSON string: UTF-8 as is, anything else byte by byte. */
static json_t *mgmt_bert_text(const unsigned char *p, size_t n, int latin1)
{
	json_t *s = latin1 ? NULL : json_stringn((const char *)p, n);
	char *u;
	size_t i, k = 0;

	if (s)
		return s;
	u = malloc(n * 2 + 1);
	if (!u)
		abort();
	for (i = 0; i < n; i++) {
		if (p[i] < 0x80) {
			u[k++] = (char)p[i];
		} else if (latin1) {
			u[k++] = (char)(0xc0 | p[i] >> 6);
			u[k++] = (char)(0x80 | (p[i] & 0x3f));
		} else {
			u[k++] = '?';
		}
	}
	s = json_stringn(u, k);
	free(u);
	return s;
}

static json_t *mgmt_bert_atom(struct mgmt_bert *b, unsigned width, int latin1)
{
	uint32_t n;
	const unsigned char *p;

	if (mgmt_bert_uint(b, width, &n) < 0 || mgmt_bert_need(b, n) < 0)
		return NULL;
	p = b->p + b->pos;
	b->pos += n;
	if (n == 4 && !memcmp(p, "true", 4))
		return json_true();
	if (n == 5 && !memcmp(p, "false", 5))
		return json_false();
	if ((n == 9 && !memcmp(p, "undefined", 9)) || (n == 4 && !memcmp(p, "null", 4)))
		return json_null();
	return mgmt_bert_text(p, n, latin1);
}

/* A bignum: n little-endian digit bytes after the sign. */
static json_t *mgmt_bert_big(struct mgmt_bert *b, unsigned width)
{
	uint32_t n, sign, i;
	const unsigned char *p;
	double d = 0;

	if (mgmt_bert_uint(b, width, &n) < 0 || mgmt_bert_uint(b, 1, &sign) < 0 ||
	    mgmt_bert_need(b, n) < 0)
		return NULL;
	p = b->p + b->pos;
	b->pos += n;
	if (n <= 8) {
		uint64_t v = 0;

		for (i = n; i > 0; i--)
			v = v << 8 | p[i - 1];
		if (v <= (uint64_t)INT64_MAX)
			return json_integer(sign ? -(json_int_t)v : (json_int_t)v);
		if (sign && v == (uint64_t)INT64_MAX + 1)
			return json_integer(INT64_MIN);
	}
	for (i = n; i > 0; i--)
		d = d * 256 + p[i - 1];
	if (!isfinite(d))
		return mgmt_bert_fail(b, "integer too large"), NULL;
	return json_real(sign ? -d : d);
}

static json_t *mgmt_bert_float(struct mgmt_bert *b, int old)
{
	char s[32];
	double d;

	if (mgmt_bert_need(b, old ? 31 : 8) < 0)
		return NULL;
	if (old) {
		memcpy(s, b->p + b->pos, 31);
		s[31] = 0;
		d = strtod(s, NULL);
		b->pos += 31;
	} else {
		uint64_t v = mgmt_bert_be(b->p + b->pos, 8);

		memcpy(&d, &v, sizeof d);
		b->pos += 8;
	}
	if (!isfinite(d))
		return mgmt_bert_fail(b, "not a finite number"), NULL;
	return json_real(d);
}

static json_t *mgmt_bert_value(struct mgmt_bert *b, int depth, int *pair);

/*
 * Pids, ports and references: the node (an atom term), then fixed-size
 * fields (refs: n words). They read as "<pid>", "<port>", "<ref>".
 */
static json_t *mgmt_bert_opaque(struct mgmt_bert *b, int tag, int depth)
{
	uint32_t words = 0;
	size_t after = 0;
	json_t *node;
	const char *what = tag == BERT_PID || tag == BERT_NEW_PID ? "<pid>"
			   : tag == BERT_NEW_REF || tag == BERT_NEWER_REF ? "<ref>"
									  : "<port>";

	if ((tag == BERT_NEW_REF || tag == BERT_NEWER_REF) && mgmt_bert_uint(b, 2, &words) < 0)
		return NULL;
	if (!(node = mgmt_bert_value(b, depth + 1, NULL)))
		return NULL;
	json_decref(node);
	switch (tag) {
	case BERT_PID: after = 9; break;
	case BERT_NEW_PID: after = 12; break;
	case BERT_PORT: after = 5; break;
	case BERT_NEW_PORT: after = 8; break;
	case BERT_V4_PORT: after = 12; break;
	case BERT_NEW_REF: after = 1 + 4 * (size_t)words; break;
	default: after = 4 + 4 * (size_t)words; break;
	}
	if (mgmt_bert_need(b, after) < 0)
		return NULL;
	b->pos += after;
	return json_string(what);
}

/* n elements into an array; pairs counts the {Key, Value} ones. */
static json_t *mgmt_bert_elements(struct mgmt_bert *b, uint32_t n, int depth, uint32_t *pairs)
{
	json_t *a = json_array(), *v;
	uint32_t i;
	int pair;

	*pairs = 0;
	for (i = 0; i < n; i++) {
		pair = 0;
		if (!(v = mgmt_bert_value(b, depth + 1, &pair))) {
			json_decref(a);
			return NULL;
		}
		*pairs += pair != 0;
		json_array_append_new(a, v);
	}
	return a;
}

/* [[k, v], ...] (every element a pair with a string key) as {k: v, ...}. */
static json_t *mgmt_bert_object(json_t *a)
{
	json_t *o = json_object(), *kv;
	size_t i;

	json_array_foreach(a, i, kv)
	{
		json_object_set(o, json_string_value(json_array_get(kv, 0)), json_array_get(kv, 1));
	}
	json_decref(a);
	return o;
}

static json_t *mgmt_bert_list(struct mgmt_bert *b, int depth)
{
	uint32_t n, pairs;
	json_t *a, *tail;

	if (mgmt_bert_count(b, 4, 1, &n) < 0 || !(a = mgmt_bert_elements(b, n, depth, &pairs)))
		return NULL;
	/* an improper list's tail would be lost: only [] may end it */
	if (!(tail = mgmt_bert_value(b, depth + 1, NULL))) {
		json_decref(a);
		return NULL;
	}
	if (!json_is_array(tail) || json_array_size(tail)) {
		json_decref(tail);
		json_decref(a);
		return mgmt_bert_fail(b, "improper list"), NULL;
	}
	json_decref(tail);
	return n > 0 && pairs == n ? mgmt_bert_object(a) : a;
}

static json_t *mgmt_bert_map(struct mgmt_bert *b, int depth)
{
	uint32_t n, i;
	json_t *o = json_object(), *k, *v;

	if (mgmt_bert_count(b, 4, 2, &n) < 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (!(k = mgmt_bert_value(b, depth + 1, NULL)))
			break;
		if (!json_is_string(k)) {
			json_decref(k);
			mgmt_bert_fail(b, "map key that is not a name");
			break;
		}
		if (!(v = mgmt_bert_value(b, depth + 1, NULL))) {
			json_decref(k);
			break;
		}
		json_object_set_new(o, json_string_value(k), v);
		json_decref(k);
	}
	if (i < n) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *mgmt_bert_tuple(struct mgmt_bert *b, unsigned width, int depth, int *pair)
{
	uint32_t n, pairs;
	json_t *a;

	if (mgmt_bert_count(b, width, 1, &n) < 0 || !(a = mgmt_bert_elements(b, n, depth, &pairs)))
		return NULL;
	if (pair)
		*pair = n == 2 && json_is_string(json_array_get(a, 0));
	return a;
}

/* A string of bytes (STRING_EXT, BINARY_EXT, BIT_BINARY_EXT). */
static json_t *mgmt_bert_bytes(struct mgmt_bert *b, unsigned width, int bits)
{
	uint32_t n, unused;
	const unsigned char *p;

	if (mgmt_bert_uint(b, width, &n) < 0 || (bits && mgmt_bert_uint(b, 1, &unused) < 0) ||
	    mgmt_bert_need(b, n) < 0)
		return NULL;
	p = b->p + b->pos;
	b->pos += n;
	return mgmt_bert_text(p, n, 0);
}

/* One term. pair (may be NULL) is set when it is a {Name, Value} tuple. */
static json_t *mgmt_bert_value(struct mgmt_bert *b, int depth, int *pair)
{
	uint32_t tag, v;

	if (depth > MGMT_BERT_DEPTH)
		return mgmt_bert_fail(b, "nested too deep"), NULL;
	if (mgmt_bert_uint(b, 1, &tag) < 0)
		return NULL;
	switch (tag) {
	case BERT_SMALL_INT:
		return mgmt_bert_uint(b, 1, &v) < 0 ? NULL : json_integer(v);
	case BERT_INT:
		return mgmt_bert_uint(b, 4, &v) < 0 ? NULL : json_integer((int32_t)v);
	case BERT_SMALL_BIG: return mgmt_bert_big(b, 1);
	case BERT_LARGE_BIG: return mgmt_bert_big(b, 4);
	case BERT_NEW_FLOAT: return mgmt_bert_float(b, 0);
	case BERT_FLOAT: return mgmt_bert_float(b, 1);
	case BERT_ATOM: return mgmt_bert_atom(b, 2, 1);
	case BERT_SMALL_ATOM: return mgmt_bert_atom(b, 1, 1);
	case BERT_ATOM_UTF8: return mgmt_bert_atom(b, 2, 0);
	case BERT_SMALL_ATOM_UTF8: return mgmt_bert_atom(b, 1, 0);
	case BERT_BINARY: return mgmt_bert_bytes(b, 4, 0);
	case BERT_BIT_BINARY: return mgmt_bert_bytes(b, 4, 1);
	case BERT_STRING: return mgmt_bert_bytes(b, 2, 0);
	case BERT_NIL: return json_array();
	case BERT_LIST: return mgmt_bert_list(b, depth);
	case BERT_MAP: return mgmt_bert_map(b, depth);
	case BERT_SMALL_TUPLE: return mgmt_bert_tuple(b, 1, depth, pair);
	case BERT_LARGE_TUPLE: return mgmt_bert_tuple(b, 4, depth, pair);
	case BERT_PID:
	case BERT_NEW_PID:
	case BERT_PORT:
	case BERT_NEW_PORT:
	case BERT_V4_PORT:
	case BERT_NEW_REF:
	case BERT_NEWER_REF: return mgmt_bert_opaque(b, (int)tag, depth);
	case BERT_COMPRESSED:
		b->pos--;
		return mgmt_bert_fail(b, "compressed term (not asked for)"), NULL;
	default:
		b->pos--;
		snprintf(b->err, sizeof b->err, "unexpected term (tag %u) at byte %zu", tag, b->pos);
		return NULL;
	}
}

int mgmt_bert_open(struct mgmt_bert *b, const char *body, size_t len, uint32_t *count)
{
	uint32_t tag;

	memset(b, 0, sizeof *b);
	b->p = (const unsigned char *)body;
	b->len = len;
	if (!mgmt_bert_is(body, len))
		return mgmt_bert_fail(b, "not a BERT body");
	b->pos = 1;
	if (mgmt_bert_need(b, 1) < 0)
		return -1;
	tag = b->p[b->pos];
	if (tag == BERT_NIL) {
		*count = 0;
		b->pos++;
		b->in_list = 0;
		return 1;
	}
	if (tag != BERT_LIST)
		return 0;
	b->pos++;
	if (mgmt_bert_count(b, 4, 1, count) < 0)
		return -1;
	b->in_list = 1;
	return 1;
}

json_t *mgmt_bert_next(struct mgmt_bert *b)
{
	return mgmt_bert_value(b, 1, NULL);
}

int mgmt_bert_close(struct mgmt_bert *b)
{
	if (b->in_list) {
		if (mgmt_bert_need(b, 1) < 0)
			return -1;
		if (b->p[b->pos] != BERT_NIL)
			return mgmt_bert_fail(b, "improper list");
		b->pos++;
	}
	if (b->pos != b->len)
		return mgmt_bert_fail(b, "bytes after the term");
	return 0;
}
