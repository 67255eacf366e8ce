/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_decode: the management API's JSON turned into mgmt.h rows.
 *
 * The broker is trusted to be a broker, not to be well-formed: a body that
 * is not JSON, or not a list of objects, is an error for the whole list (the
 * caller keeps its last good data); an item without its name is an error
 * too, since nothing can be shown for it. Any other field that is missing or
 * of the wrong type reads as absent (0, NULL), because the API's fields vary
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

static char *mgmt_jstr(json_t *o, const char *path)
{
	json_t *v = mgmt_jget(o, path);

	return json_is_string(v) ? msg_strdup(json_string_value(v)) : NULL;
}

/* A count from the API, into 0..MGMT_COUNT_MAX (NaN, which JSON cannot hold, is 0). */
static long long mgmt_count(double d)
{
	if (!(d > 0))
		return 0;
	return d >= (double)MGMT_COUNT_MAX ? MGMT_COUNT_MAX : (long long)d;
}

static long long mgmt_jint(json_t *o, const char *path)
{
	json_t *v = mgmt_jget(o, path);
	json_int_t i;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		return i < 0 ? 0 : i > MGMT_COUNT_MAX ? MGMT_COUNT_MAX : (long long)i;
	}
	if (json_is_real(v))
		return mgmt_count(json_real_value(v));
	return 0;
}

/* A rate, or -1 when the broker sent none (then it is computed from counters). */
static double mgmt_jrate(json_t *o, const char *path)
{
	json_t *v = mgmt_jget(o, path);
	double d;

	if (!json_is_number(v))
		return -1;
	d = json_number_value(v);
	return !(d > 0) ? 0 : d > MGMT_RATE_MAX ? MGMT_RATE_MAX : d;
}

static int mgmt_jbool(json_t *o, const char *path)
{
	return json_is_true(mgmt_jget(o, path));
}

/* "host:port" from two fields, or NULL. */
static char *mgmt_jpeer(json_t *o, const char *host, const char *port)
{
	json_t *h = mgmt_jget(o, host);

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
static char *mgmt_jargs(json_t *o, const char *path)
{
	json_t *args = mgmt_jget(o, path), *v;
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
static char **mgmt_jstrv(json_t *o, const char *path, size_t *n)
{
	json_t *a = mgmt_jget(o, path), *v;
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
static char *mgmt_product(json_t *o)
{
	static const char *const shorter[][2] = {
		{"Pika Python Client Library", "pika"},
		{"RabbitMQ .NET Client", "rabbitmq-dotnet"},
	};
	char *p = mgmt_jstr(o, "client_properties.product");
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
	const char *client_name; /* ours, to mark connections "mine" */
	int flags;		 /* MGMT_DECODE_* */
};

static int mgmt_missing(char *err, size_t errlen, size_t i, const char *what)
{
	snprintf(err, errlen, "item %zu has no %s", i + 1, what);
	return -1;
}

static int mgmt_row_conn(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i, char *err,
			 size_t errlen)
{
	struct mgmt_conn *c = row;

	if (!(c->name = mgmt_jstr(o, "name")))
		return mgmt_missing(err, errlen, i, "name");
	c->peer = mgmt_jpeer(o, "peer_host", "peer_port");
	c->user = mgmt_jstr(o, "user");
	c->vhost = mgmt_jstr(o, "vhost");
	c->product = mgmt_product(o);
	c->version = mgmt_jstr(o, "client_properties.version");
	c->client_name = mgmt_jstr(o, "client_properties.connection_name");
	c->state = mgmt_jstr(o, "state");
	c->node = mgmt_jstr(o, "node");
	c->channels = mgmt_jint(o, "channels");
	c->recv_rate = mgmt_jrate(o, "recv_oct_details.rate");
	c->send_rate = mgmt_jrate(o, "send_oct_details.rate");
	c->recv_oct = mgmt_jint(o, "recv_oct");
	c->send_oct = mgmt_jint(o, "send_oct");
	c->mine = ctx->client_name && c->client_name &&
		  !strcmp(c->client_name, ctx->client_name);
	return 0;
}

static int mgmt_row_queue(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i, char *err,
			  size_t errlen)
{
	struct mgmt_queue *q = row;

	if (!(q->name = mgmt_jstr(o, "name")))
		return mgmt_missing(err, errlen, i, "name");
	q->vhost = mgmt_jstr(o, "vhost");
	q->type = mgmt_jstr(o, "type");
	q->state = mgmt_jstr(o, "state");
	q->policy = mgmt_jstr(o, "policy");
	q->arguments = mgmt_jargs(o, "arguments");
	q->leader = mgmt_jstr(o, "leader");
	q->node = mgmt_jstr(o, "node");
	if (!q->node)
		q->node = msg_strdup(q->leader);
	q->members = mgmt_jstrv(o, "members", &q->nmembers);
	q->online = mgmt_jstrv(o, "online", &q->nonline);
	q->durable = mgmt_jbool(o, "durable");
	q->exclusive = mgmt_jbool(o, "exclusive");
	q->auto_delete = mgmt_jbool(o, "auto_delete");
	q->ready = mgmt_jint(o, "messages_ready");
	q->unacked = mgmt_jint(o, "messages_unacknowledged");
	q->total = mgmt_jint(o, "messages");
	q->consumers = mgmt_jint(o, "consumers");
	/* absent without statistics, and for a new queue until they come */
	q->consumers_counted = !json_is_number(mgmt_jget(o, "consumers"));
	q->no_stats = (ctx->flags & MGMT_DECODE_NO_STATS) != 0;
	q->publish_rate = mgmt_jrate(o, "message_stats.publish_details.rate");
	q->deliver_rate = mgmt_jrate(o, "message_stats.deliver_get_details.rate");
	q->ack_rate = mgmt_jrate(o, "message_stats.ack_details.rate");
	q->redeliver_rate = mgmt_jrate(o, "message_stats.redeliver_details.rate");
	q->published = mgmt_jint(o, "message_stats.publish");
	q->delivered = mgmt_jint(o, "message_stats.deliver_get");
	q->acked = mgmt_jint(o, "message_stats.ack");
	q->redelivered = mgmt_jint(o, "message_stats.redeliver");
	return 0;
}

static int mgmt_row_consumer(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i,
			     char *err, size_t errlen)
{
	struct mgmt_consumer *c = row;

	if (!(c->tag = mgmt_jstr(o, "consumer_tag")))
		return mgmt_missing(err, errlen, i, "consumer_tag");
	if (!(c->queue = mgmt_jstr(o, "queue.name")))
		return mgmt_missing(err, errlen, i, "queue.name");
	c->vhost = mgmt_jstr(o, "queue.vhost");
	c->conn_name = mgmt_jstr(o, "channel_details.connection_name");
	c->channel_name = mgmt_jstr(o, "channel_details.name");
	c->peer = mgmt_jpeer(o, "channel_details.peer_host", "channel_details.peer_port");
	c->channel = mgmt_jint(o, "channel_details.number");
	c->ack_required = mgmt_jbool(o, "ack_required");
	c->exclusive = mgmt_jbool(o, "exclusive");
	c->prefetch = mgmt_jint(o, "prefetch_count");
	/* absent on old brokers, where every consumer is active */
	c->active = !json_is_false(mgmt_jget(o, "active"));
	return 0;
}

static int mgmt_row_exchange(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i,
			     char *err, size_t errlen)
{
	struct mgmt_exchange *x = row;

	if (!(x->name = mgmt_jstr(o, "name")))
		return mgmt_missing(err, errlen, i, "name");
	x->vhost = mgmt_jstr(o, "vhost");
	x->type = mgmt_jstr(o, "type");
	x->durable = mgmt_jbool(o, "durable");
	x->auto_delete = mgmt_jbool(o, "auto_delete");
	x->internal = mgmt_jbool(o, "internal");
	return 0;
}

static int mgmt_row_binding(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i,
			    char *err, size_t errlen)
{
	struct mgmt_binding *b = row;

	if (!(b->source = mgmt_jstr(o, "source")))
		return mgmt_missing(err, errlen, i, "source");
	if (!(b->destination = mgmt_jstr(o, "destination")))
		return mgmt_missing(err, errlen, i, "destination");
	b->destination_type = mgmt_jstr(o, "destination_type");
	b->routing_key = mgmt_jstr(o, "routing_key");
	b->vhost = mgmt_jstr(o, "vhost");
	b->arguments = mgmt_jargs(o, "arguments");
	return 0;
}

static int mgmt_row_node(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i, char *err,
			 size_t errlen)
{
	struct mgmt_node *n = row;

	if (!(n->name = mgmt_jstr(o, "name")))
		return mgmt_missing(err, errlen, i, "name");
	n->running = mgmt_jbool(o, "running");
	n->uptime_ms = mgmt_jint(o, "uptime");
	n->mem_used = mgmt_jint(o, "mem_used");
	n->mem_limit = mgmt_jint(o, "mem_limit");
	n->mem_alarm = mgmt_jbool(o, "mem_alarm");
	n->disk_free = mgmt_jint(o, "disk_free");
	n->disk_free_limit = mgmt_jint(o, "disk_free_limit");
	n->disk_alarm = mgmt_jbool(o, "disk_free_alarm");
	return 0;
}

static int mgmt_row_channel(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i,
			    char *err, size_t errlen)
{
	struct mgmt_channel *c = row;

	if (!(c->name = mgmt_jstr(o, "name")))
		return mgmt_missing(err, errlen, i, "name");
	c->conn_name = mgmt_jstr(o, "connection_details.name");
	c->vhost = mgmt_jstr(o, "vhost");
	c->user = mgmt_jstr(o, "user");
	c->state = mgmt_jstr(o, "state");
	c->number = mgmt_jint(o, "number");
	c->prefetch = mgmt_jint(o, "prefetch_count");
	c->global_prefetch = mgmt_jint(o, "global_prefetch_count");
	c->unacked = mgmt_jint(o, "messages_unacknowledged");
	c->consumers = mgmt_jint(o, "consumer_count");
	return 0;
}

/* ---- lists --------------------------------------------------------------- */

typedef int (*mgmt_row_fn)(json_t *o, void *row, const struct mgmt_row_ctx *ctx, size_t i,
			   char *err, size_t errlen);

static const struct mgmt_list_info {
	const char *name;
	size_t size;
	mgmt_row_fn row;
} mgmt_lists[MGMT_NLISTS] = {
	[MGMT_CONNECTIONS] = {"connections", sizeof(struct mgmt_conn), mgmt_row_conn},
	[MGMT_QUEUES] = {"queues", sizeof(struct mgmt_queue), mgmt_row_queue},
	[MGMT_CONSUMERS] = {"consumers", sizeof(struct mgmt_consumer), mgmt_row_consumer},
	[MGMT_EXCHANGES] = {"exchanges", sizeof(struct mgmt_exchange), mgmt_row_exchange},
	[MGMT_BINDINGS] = {"bindings", sizeof(struct mgmt_binding), mgmt_row_binding},
	[MGMT_NODES] = {"nodes", sizeof(struct mgmt_node), mgmt_row_node},
	[MGMT_CHANNELS] = {"channels", sizeof(struct mgmt_channel), mgmt_row_channel},
};

const char *mgmt_list_name(enum mgmt_list l)
{
	return (unsigned)l < MGMT_NLISTS ? mgmt_lists[l].name : "?";
}

void mgmt_list_slot(struct mgmt_snapshot *s, enum mgmt_list l, void ***rows, size_t **n)
{
	switch (l) {
	case MGMT_CONNECTIONS: *rows = (void **)&s->conns; *n = &s->nconns; break;
	case MGMT_QUEUES: *rows = (void **)&s->queues; *n = &s->nqueues; break;
	case MGMT_CONSUMERS: *rows = (void **)&s->consumers; *n = &s->nconsumers; break;
	case MGMT_EXCHANGES: *rows = (void **)&s->exchanges; *n = &s->nexchanges; break;
	case MGMT_BINDINGS: *rows = (void **)&s->bindings; *n = &s->nbindings; break;
	case MGMT_NODES: *rows = (void **)&s->nodes; *n = &s->nnodes; break;
	default: *rows = (void **)&s->channels; *n = &s->nchannels; break;
	}
}

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
static int mgmt_item(const struct mgmt_list_info *info, json_t *o, const struct mgmt_row_ctx *ctx,
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
	return info->row(o, row, ctx, i, why, whylen);
}

/* Malformed JSON: where, and the parser's words made safe. */
static int mgmt_malformed(const struct mgmt_list_info *info, size_t at, const char *what,
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
static int mgmt_decode_list(const struct mgmt_list_info *info, const char *json, size_t len,
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
static int mgmt_decode_root(const struct mgmt_list_info *info, json_t *root,
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
static int mgmt_decode_tree(const struct mgmt_list_info *info, const char *json, size_t len,
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
static int mgmt_decode_bert(const struct mgmt_list_info *info, const char *body, size_t len,
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
	const struct mgmt_row_ctx ctx = {client_name, flags};
	const struct mgmt_list_info *info;
	struct mgmt_page own;
	void **rows;
	size_t *n, old, items = 0, start;
	char why[256] = "";
	int rc;

	if ((unsigned)l >= MGMT_NLISTS) {
		snprintf(err, errlen, "no such list");
		return -1;
	}
	info = &mgmt_lists[l];
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

int mgmt_decode_consumers(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
			  size_t errlen)
{
	return mgmt_decode(MGMT_CONSUMERS, json, len, NULL, s, NULL, err, errlen);
}

int mgmt_decode_exchanges(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
			  size_t errlen)
{
	return mgmt_decode(MGMT_EXCHANGES, json, len, NULL, s, NULL, err, errlen);
}

int mgmt_decode_bindings(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
			 size_t errlen)
{
	return mgmt_decode(MGMT_BINDINGS, json, len, NULL, s, NULL, err, errlen);
}

int mgmt_decode_nodes(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
		      size_t errlen)
{
	return mgmt_decode(MGMT_NODES, json, len, NULL, s, NULL, err, errlen);
}

int mgmt_decode_channels(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
			 size_t errlen)
{
	return mgmt_decode(MGMT_CHANNELS, json, len, NULL, s, NULL, err, errlen);
}
