/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_decode: the management API's JSON turned into mgmt.h rows, by one
 * loop over each list's field table (mgmt_fields.h) and a hook per list for
 * what warren works out itself (mine, a short product name, a queue's node).
 *
 * The broker is trusted to be a broker, not to be well-formed: a body that
 * is not JSON, or not a list of objects, is an error for the whole list (the
 * caller keeps its last good data); an item without its name is an error
 * too, since nothing can be shown for it. Any other field that is missing or
 * of the wrong type reads as absent (0, NULL, MGMT_ABSENT for a rate or a
 * MGMT_F_MAYBE count), because the API's fields vary
 * between versions and arrive late for new objects (statistics come every
 * collect_statistics_interval). Every count the API sends is a count:
 * negative ones read as 0 and huge ones as MGMT_COUNT_MAX, so that sums and
 * differences of them never overflow; rates are clamped to 0..MGMT_RATE_MAX.
 * The parser itself rejects integers that do not fit 64 bits (the whole
 * list is then an error).
 */
#include "config.h"

#include "mgmt.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt_bert.h"
#include "mgmt_fields.h"
#include "mgmt_int.h"
#include "msg.h"
#include "text.h"

/* Columns of an arguments summary ("x-max-priority=5, ..."). */
#define MGMT_ARGS_COLS 400

/* ---- reading fields ---------------------------------------------------- */

/* o["a"]["b"]... for a dotted path; NULL when any step is missing. */
static json_t *mgmt_jget(json_t *o, const char *path)
{
	char key[64];

	while (o && json_is_object(o)) {
		size_t k = strcspn(path, ".");

		if (k >= sizeof key)
			return NULL;
		memcpy(key, path, k);
		key[k] = 0;
		o = json_object_get(o, key);
		if (!path[k])
			return o;
		path += k + 1;
	}
	return NULL;
}

/* A count from the API, into 0..MGMT_COUNT_MAX (NaN, which JSON cannot hold, is 0). */
static long long mgmt_count(double d)
{
	if (!(d > 0))
		return 0;
	return d >= (double)MGMT_COUNT_MAX ? MGMT_COUNT_MAX : (long long)d;
}

/* A count as sent, or 0 when it is not a number. */
static long long mgmt_jnum(json_t *v)
{
	json_int_t i;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		return i < 0 ? 0 : i > MGMT_COUNT_MAX ? MGMT_COUNT_MAX : (long long)i;
	}
	if (json_is_real(v))
		return mgmt_count(json_real_value(v));
	return 0;
}

static long long mgmt_jint(json_t *o, const char *path)
{
	return mgmt_jnum(mgmt_jget(o, path));
}

/* A rate, or absent when the broker sent none (then it is computed from counters). */
static double mgmt_jrate(json_t *v)
{
	double d;

	if (!json_is_number(v))
		return MGMT_ABSENT;
	d = json_number_value(v);
	return !(d > 0) ? 0 : d > MGMT_RATE_MAX ? MGMT_RATE_MAX : d;
}

/* "host:port" from PREFIX_host and PREFIX_port, or NULL. */
static char *mgmt_jpeer(json_t *o, const char *prefix)
{
	char host[96], port[96];
	json_t *h;

	snprintf(host, sizeof host, "%s_host", prefix);
	snprintf(port, sizeof port, "%s_port", prefix);
	h = mgmt_jget(o, host);
	if (!json_is_string(h))
		return NULL;
	if (!json_is_integer(mgmt_jget(o, port)))
		return msg_strdup(json_string_value(h));
	return msg_printf(strchr(json_string_value(h), ':') ? "[%s]:%lld" : "%s:%lld",
			  json_string_value(h), mgmt_jint(o, port));
}

/* One value of an arguments table as text: scalars plain, the rest as JSON. */
static char *mgmt_jvalue_text(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return msg_strdup(json_string_value(v));
	case JSON_INTEGER: return msg_printf("%lld", (long long)json_integer_value(v));
	case JSON_REAL: return msg_printf("%g", json_real_value(v));
	case JSON_TRUE: return msg_strdup("true");
	case JSON_FALSE: return msg_strdup("false");
	case JSON_NULL: return msg_strdup("null");
	default: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		return s ? s : msg_strdup("?");
	}
	}
}

/*
 * An arguments object as raw text "k=v, k2=v2" (the printers escape it), at
 * most about 4 * MGMT_ARGS_COLS bytes, or NULL when empty.
 */
static char *mgmt_jargs(json_t *args)
{
	json_t *v;
	const char *k;
	char *out = NULL;
	size_t len = 0;

	if (!json_is_object(args) || !json_object_size(args))
		return NULL;
	json_object_foreach(args, k, v)
	{
		char *val = mgmt_jvalue_text(v), *t;

		t = msg_printf("%s%s%s=%s", out ? out : "", out ? ", " : "", k, val);
		free(val);
		free(out);
		out = t;
		len = strlen(out);
		if (len > 4 * MGMT_ARGS_COLS)
			break;
	}
	if (len > 4 * MGMT_ARGS_COLS) {
		/* cut between characters, and say so */
		len = 4 * MGMT_ARGS_COLS;
		while (len && ((unsigned char)out[len] & 0xc0) == 0x80)
			len--;
		memcpy(out + len, "\xe2\x80\xa6", 4);
	}
	return out;
}

/* An array of strings (quorum members); non-strings are skipped. */
static char **mgmt_jstrv(json_t *a, size_t *n)
{
	json_t *v;
	char **out;
	size_t i;

	*n = 0;
	if (!json_is_array(a) || !json_array_size(a))
		return NULL;
	out = msg_alloc(json_array_size(a) * sizeof *out);
	json_array_foreach(a, i, v)
	{
		if (json_is_string(v))
			out[(*n)++] = msg_strdup(json_string_value(v));
	}
	return out;
}

/* What the client calls itself, shortened where a library has a long name. */
static char *mgmt_product(char *p)
{
	static const char *const shorter[][2] = {
		{"Pika Python Client Library", "pika"},
		{"RabbitMQ .NET Client", "rabbitmq-dotnet"},
	};
	size_t i;

	for (i = 0; p && i < sizeof shorter / sizeof shorter[0]; i++)
		if (!strcmp(p, shorter[i][0])) {
			free(p);
			return msg_strdup(shorter[i][1]);
		}
	return p;
}

/* ---- rows ---------------------------------------------------------------- */

/* What a row decoder knows besides its object. */
struct mgmt_row_ctx {
	enum mgmt_list l;
	const char *client_name; /* ours, to mark connections "mine" */
	int flags;		 /* MGMT_DECODE_* */
};

int mgmt_decode_field(const struct mgmt_field *f, json_t *o, void *row)
{
	void *p = (char *)row + f->off;
	json_t *v = mgmt_jget(o, f->api);

	switch (f->type) {
	case MGMT_T_STR: *(char **)p = json_is_string(v) ? msg_strdup(json_string_value(v)) : NULL; break;
	case MGMT_T_ARGS: *(char **)p = mgmt_jargs(v); break;
	case MGMT_T_PEER: *(char **)p = mgmt_jpeer(o, f->api); break;
	case MGMT_T_STRV: *(char ***)p = mgmt_jstrv(v, (size_t *)(void *)((char *)row + f->aux)); break;
	case MGMT_T_COUNT:
		*(long long *)p = !json_is_number(v) && (f->flags & MGMT_F_MAYBE) ? MGMT_ABSENT
										  : mgmt_jnum(v);
		break;
	case MGMT_T_RATE: *(double *)p = mgmt_jrate(v); break;
	case MGMT_T_DELTA: *(double *)p = json_is_number(v) ? json_number_value(v) : 0; break;
	case MGMT_T_BOOL:
		*(int *)p = f->flags & MGMT_F_TRUE ? !json_is_false(v) : json_is_true(v);
		break;
	default: break;
	}
	return (f->flags & MGMT_F_KEY) && !*(char **)p ? -1 : 0;
}

/* The special cases, after the fields: what warren works out from them. */
static void mgmt_row_conn(json_t *o, void *row, const struct mgmt_row_ctx *ctx)
{
	struct mgmt_conn *c = row;

	c->product = mgmt_product(c->product);
	c->mine = ctx->client_name && c->client_name &&
		  !strcmp(c->client_name, ctx->client_name);
}

static void mgmt_row_queue(json_t *o, void *row, const struct mgmt_row_ctx *ctx)
{
	struct mgmt_queue *q = row;

	if (!q->node)
		q->node = msg_strdup(q->leader);
	/* absent without statistics, and for a new queue until they come */
	q->consumers_counted = !mgmt_known(q->consumers);
	if (q->consumers_counted)
		q->consumers = 0;
	q->no_stats = (ctx->flags & MGMT_DECODE_NO_STATS) != 0;
}

static void (*const mgmt_row_hooks[MGMT_NLISTS])(json_t *o, void *row,
						 const struct mgmt_row_ctx *ctx) = {
	[MGMT_CONNECTIONS] = mgmt_row_conn,
	[MGMT_QUEUES] = mgmt_row_queue,
};

/* Item i (an object) as a row: every field of the list's table, then its hook. */
static int mgmt_row(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i, char *why,
		    size_t whylen)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(ctx->l);
	size_t k;

	for (k = 0; k < d->nfields; k++) {
		if (!d->fields[k].api || mgmt_decode_field(&d->fields[k], o, row) == 0)
			continue;
		snprintf(why, whylen, "item %zu has no %s", i + 1, d->fields[k].api);
		return -1;
	}
	if (mgmt_row_hooks[ctx->l])
		mgmt_row_hooks[ctx->l](o, row, ctx);
	return 0;
}

/* ---- lists --------------------------------------------------------------- */

/* The items of a body: the array itself, or a page's "items" (pg: what the page says). */
static json_t *mgmt_items(json_t *root, struct mgmt_page *pg, char *err, size_t errlen)
{
	json_t *items = root, *pc, *tc;

	pg->pages = 1;
	pg->total = -1;
	if (json_is_object(root)) {
		items = json_object_get(root, "items");
		pc = json_object_get(root, "page_count");
		tc = json_object_get(root, "total_count");
		/* what the page says, bounded: the poller caps what it asks for */
		if (json_is_integer(pc) && json_integer_value(pc) > 1)
			pg->pages = mgmt_jint(root, "page_count");
		if (json_is_integer(tc) && json_integer_value(tc) >= 0)
			pg->total = mgmt_jint(root, "total_count");
	}
	if (!json_is_array(items)) {
		snprintf(err, errlen, "expected a list%s, got %s",
			 json_is_object(root) ? " in \"items\"" : "",
			 json_is_object(root) ? "an object without one" : "something else");
		return NULL;
	}
	if (pg->total < 0)
		pg->total = (long long)json_array_size(items);
	return items;
}

static size_t mgmt_ws(const char *p, size_t i, size_t len)
{
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

/* Item i (o) as the next row of the list; -1 with why set. The row counts either way. */
static int mgmt_item(const struct mgmt_list_desc *info, json_t *o, const struct mgmt_row_ctx *ctx,
		     size_t i, void **rows, size_t *n, size_t *cap, char *why, size_t whylen)
{
	void *row;

	if (*n + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*rows = realloc(*rows, *cap * info->size);
		if (!*rows)
			abort();
	}
	row = (char *)*rows + *n * info->size;
	memset(row, 0, info->size);
	(*n)++;
	if (!json_is_object(o)) {
		snprintf(why, whylen, "item %zu is not an object", i + 1);
		return -1;
	}
	return mgmt_row(o, row, ctx, i, why, whylen);
}

/* Malformed JSON: where, and the parser's words made safe. */
static int mgmt_malformed(const struct mgmt_list_desc *info, size_t at, const char *what,
			  char *err, size_t errlen)
{
	char *safe = text_safe(what, strlen(what), 80, 0);

	snprintf(err, errlen, "malformed JSON for %s (at byte %zu): %s", info->name, at, safe);
	free(safe);
	return -1;
}

/*
 * A body that is a plain list (from '['), decoded one item at a time: the
 * 2 MB list of 10,000 queues never becomes one tree of JSON, only rows.
 * Returns 0, or -1 with err set (malformed) or why set (unexpected).
 */
static int mgmt_decode_list(const struct mgmt_list_desc *info, const char *json, size_t len,
			    size_t pos, const struct mgmt_row_ctx *ctx, void **rows, size_t *n,
			    size_t *items, char *err, size_t errlen, char *why, size_t whylen)
{
	size_t cap = *n, i = 0;

	pos = mgmt_ws(json, pos + 1, len);
	while (!(i == 0 && pos < len && json[pos] == ']')) { /* "[]" has no item */
		json_error_t jerr;
		json_t *o = json_loadb(json + pos, len - pos,
				       JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &jerr);
		int rc;

		if (!o)
			return mgmt_malformed(info, pos + (size_t)jerr.position, jerr.text, err,
					      errlen);
		pos += (size_t)jerr.position;
		rc = mgmt_item(info, o, ctx, i++, rows, n, &cap, why, whylen);
		json_decref(o);
		if (rc < 0)
			return -1;
		pos = mgmt_ws(json, pos, len);
		if (pos < len && json[pos] == ',')
			pos = mgmt_ws(json, pos + 1, len);
		else if (pos < len && json[pos] == ']')
			break;
		else
			return mgmt_malformed(info, pos, "',' or ']' expected", err, errlen);
	}
	*items = i;
	if (mgmt_ws(json, pos + 1, len) != len)
		return mgmt_malformed(info, pos + 1, "text after the list", err, errlen);
	return 0;
}

/* The items of a decoded body (a list, or a page object holding one) as rows. */
static int mgmt_decode_root(const struct mgmt_list_desc *info, json_t *root,
			    const struct mgmt_row_ctx *ctx, void **rows, size_t *n,
			    struct mgmt_page *pg, char *why, size_t whylen)
{
	json_t *items = mgmt_items(root, pg, why, whylen), *o;
	size_t cap = *n, i;
	int rc = items ? 0 : -1;

	json_array_foreach(items, i, o)
	{
		if ((rc = mgmt_item(info, o, ctx, i, rows, n, &cap, why, whylen)) < 0)
			break;
	}
	json_decref(root);
	return rc;
}

/* A body that is a page object: small (500 rows at most), decoded as one tree. */
static int mgmt_decode_tree(const struct mgmt_list_desc *info, const char *json, size_t len,
			    const struct mgmt_row_ctx *ctx, void **rows, size_t *n,
			    struct mgmt_page *pg, char *err, size_t errlen, char *why,
			    size_t whylen)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);

	if (!root)
		return mgmt_malformed(info, (size_t)jerr.position, jerr.text, err, errlen);
	return mgmt_decode_root(info, root, ctx, rows, n, pg, why, whylen);
}

/*
 * A BERT body (asked for with the 10,000-queue list): a list is read one
 * element at a time, like a JSON list; anything else as one tree.
 */
static int mgmt_decode_bert(const struct mgmt_list_desc *info, const char *body, size_t len,
			    const struct mgmt_row_ctx *ctx, void **rows, size_t *n,
			    struct mgmt_page *pg, char *err, size_t errlen, char *why,
			    size_t whylen)
{
	struct mgmt_bert b;
	uint32_t count, i;
	size_t cap = *n;
	json_t *o;
	int list = mgmt_bert_open(&b, body, len, &count), rc = 0;

	if (list == 0) {
		if (!(o = mgmt_bert_next(&b)) || mgmt_bert_close(&b) < 0) {
			json_decref(o);
			snprintf(err, errlen, "malformed BERT for %s: %s", info->name, b.err);
			return -1;
		}
		return mgmt_decode_root(info, o, ctx, rows, n, pg, why, whylen);
	}
	for (i = 0; list > 0 && i < count && rc == 0; i++) {
		if (!(o = mgmt_bert_next(&b)))
			break;
		rc = mgmt_item(info, o, ctx, i, rows, n, &cap, why, whylen);
		json_decref(o);
	}
	if (rc < 0)
		return -1;
	if (list < 0 || i < count || mgmt_bert_close(&b) < 0) {
		snprintf(err, errlen, "malformed BERT for %s: %s", info->name, b.err);
		return -1;
	}
	pg->pages = 1;
	pg->total = (long long)count;
	return 0;
}

int mgmt_decode_page(enum mgmt_list l, const char *json, size_t len, const char *client_name,
		     int flags, struct mgmt_snapshot *s, struct mgmt_page *pg, char *err,
		     size_t errlen)
{
	const struct mgmt_row_ctx ctx = {l, client_name, flags};
	const struct mgmt_list_desc *info;
	struct mgmt_page own;
	void **rows;
	size_t *n, old, items = 0, start;
	char why[256] = "";
	int rc;

	if ((unsigned)l >= MGMT_NLISTS) {
		snprintf(err, errlen, "no such list");
		return -1;
	}
	info = mgmt_list_desc(l);
	if (!pg)
		pg = &own;
	if (!json)
		json = "", len = 0;
	err[0] = 0;
	mgmt_list_slot(s, l, &rows, &n);
	old = *n;
	start = mgmt_ws(json, 0, len);
	if (mgmt_bert_is(json, len)) {
		rc = mgmt_decode_bert(info, json, len, &ctx, rows, n, pg, err, errlen, why,
				      sizeof why);
	} else if (start < len && json[start] == '[') {
		rc = mgmt_decode_list(info, json, len, start, &ctx, rows, n, &items, err, errlen,
				      why, sizeof why);
		pg->pages = 1;
		pg->total = (long long)items;
	} else {
		rc = mgmt_decode_tree(info, json, len, &ctx, rows, n, pg, err, errlen, why,
				      sizeof why);
	}
	if (rc == 0)
		return 0;
	if (!err[0])
		snprintf(err, errlen, "unexpected JSON for %s: %s", info->name, why);
	mgmt_rows_free(l, *rows, old, *n);
	*n = old;
	return -1;
}

int mgmt_decode(enum mgmt_list l, const char *json, size_t len, const char *client_name,
		struct mgmt_snapshot *s, int *pages, char *err, size_t errlen)
{
	struct mgmt_page pg;
	int rc = mgmt_decode_page(l, json, len, client_name, 0, s, &pg, err, errlen);

	if (pages)
		*pages = rc != 0 ? 1 : pg.pages > INT_MAX ? INT_MAX : (int)pg.pages;
	return rc;
}

int mgmt_decode_queues(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
		       size_t errlen)
{
	return mgmt_decode(MGMT_QUEUES, json, len, NULL, s, NULL, err, errlen);
}

int mgmt_decode_connections(const char *json, size_t len, const char *client_name,
			    struct mgmt_snapshot *s, char *err, size_t errlen)
{
	return mgmt_decode(MGMT_CONNECTIONS, json, len, client_name, s, NULL, err, errlen);
}
