/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_print: every printer on hostile fields. The input's first byte picks
 * variants; the rest is split at NUL bytes into the names, tags, keys, texts,
 * header and management strings a broker could send, and what is left is a
 * body. They go through the real paths (events through model_apply, a
 * management snapshot through mgmt_merge, the list printers, show message,
 * dist lines, status) into log entries, and each entry through evfmt_line
 * as batch mode prints it, in text and in JSON.
 *
 * Promises checked: a text line holds nothing a terminal acts on (no C0 -
 * not even a newline -, DEL, C1, bidi control or invalid UTF-8), already
 * before text_guard (each field is escaped where it is placed), nor does
 * the dashboard's text_fit of any line; a JSON line is printable ASCII,
 * parses with jansson and gives back the exact input (invalid UTF-8 through
 * NAME_base64 or {"base64": ...}).
 */
#include "config.h"

#include <jansson.h>

#include "app.h"
#include "cmd.h"
#include "cmd_list.h"
#include "detail.h"
#include "dist.h"
#include "evfmt.h"
#include "fuzz.h"
#include "mgmt.h"
#include "props.h"
#include "text.h"

enum { FP_NAME, FP_KEY, FP_TAG, FP_VHOST, FP_PRODUCT, FP_VERSION, FP_CLIENT, FP_STATE,
       FP_NODE, FP_ARGS, FP_TEXT, FP_HKEY, FP_HVAL, FP_PROP, FP_NFIELDS };

/* The input: what the printers get, and what the JSON must give back. */
struct fp_in {
	/*
	 * bits 0-1: the header's form; 2: NULL for empty optional fields; 3: a
	 * basic.get; 4: the result is ok; 5: lists filtered; 6-7: which printers
	 * run (all of them on every input would cost too much per execution)
	 */
	unsigned flags;
	const char *f[FP_NFIELDS];
	const uint8_t *body;
	size_t body_len;
};

static const struct fp_in *fp_cur;

/* ---- exact round trips -------------------------------------------------- */

static FUZZ_NOCOV int fp_b64_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Standard base64 (decoded apart from jtext.c); returns the length. */
static FUZZ_NOCOV size_t fp_b64_decode(const char *s, unsigned char *out)
{
	size_t n = 0, len = strlen(s), i;

	FUZZ_CHECK(len % 4 == 0, "base64 length %zu", len);
	for (i = 0; i < len; i += 4) {
		int v[4], k;

		for (k = 0; k < 4; k++) {
			v[k] = s[i + k] == '=' ? 0 : fp_b64_val(s[i + k]);
			FUZZ_CHECK(v[k] >= 0, "bad base64 '%c'", s[i + k]);
		}
		out[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (s[i + 2] != '=')
			out[n++] = (unsigned char)(v[1] << 4 | v[2] >> 2);
		if (s[i + 3] != '=')
			out[n++] = (unsigned char)(v[2] << 6 | v[3]);
	}
	return n;
}

static FUZZ_NOCOV int fp_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p)
		if (fuzz_utf8_next(&p) < 0)
			return 0;
	return 1;
}

static FUZZ_NOCOV void fp_same_b64(const json_t *b, const void *data, size_t len, const char *what)
{
	unsigned char *buf = malloc(len + 4);
	size_t n;

	FUZZ_CHECK(json_is_string(b) && buf, "%s: no base64", what);
	FUZZ_CHECK(strlen(json_string_value(b)) <= (len + 2) / 3 * 4, "%s: base64 too long", what);
	n = fp_b64_decode(json_string_value(b), buf);
	FUZZ_CHECK(n == len && !memcmp(buf, data, len), "%s: base64 differs", what);
	free(buf);
}

/* v is a string of exactly data, or {"base64": ...} of it when that is not UTF-8. */
static FUZZ_NOCOV void fp_same_value(const json_t *v, const void *data, size_t len, const char *what)
{
	if (json_is_object(v)) {
		fp_same_b64(json_object_get(v, "base64"), data, len, what);
		return;
	}
	FUZZ_CHECK(json_is_string(v), "%s: not a string", what);
	FUZZ_CHECK(json_string_length(v) == len && !memcmp(json_string_value(v), data, len),
		   "%s: '%s' is not the input", what, json_string_value(v));
}

/* o[key] is exactly data, through key_base64 when data is not UTF-8. */
static FUZZ_NOCOV void fp_same(const json_t *o, const char *key, const void *data, size_t len)
{
	char name[64];
	const json_t *b, *v = json_object_get(o, key);

	snprintf(name, sizeof name, "%s_base64", key);
	b = json_object_get(o, name);
	FUZZ_CHECK(json_is_string(v), "member %s missing", key);
	if (b)
		fp_same_b64(b, data, len, name);
	else
		fp_same_value(v, data, len, key);
}

static FUZZ_NOCOV void fp_same_str(const json_t *o, const char *key, const char *s)
{
	if (s)
		fp_same(o, key, s, strlen(s));
}

/* ---- every line ----------------------------------------------------------- */

static FUZZ_NOCOV void fp_check_json_row(const json_t *o);
static FUZZ_NOCOV void fp_check_json_event(const json_t *o, const struct log_entry *e);

static void fp_check_fit(const char *line, size_t cols)
{
	char out[4 * 64 + 1];

	text_fit(out, sizeof out, line, cols);
	fuzz_check_safe(out, 0, "text_fit of a line");
}

static FUZZ_NOCOV void fp_check_json(const char *js, const struct log_entry *e)
{
	const unsigned char *p;
	json_error_t err;
	json_t *o;

	for (p = (const unsigned char *)js; *p; p++)
		FUZZ_CHECK(*p >= 0x20 && *p < 0x7f, "JSON byte 0x%02x: %s", *p, js);
	/* a row of a text table, printed in JSON mode, is text in an "output" event */
	o = json_loads(js, JSON_ALLOW_NUL, &err); /* \u0000 is JSON */
	FUZZ_CHECK(json_is_object(o), "JSON does not parse: %s: %s", err.text, js);
	if (e->kind == LOG_ROW && e->json)
		fp_check_json_row(o);
	else
		fp_check_json_event(o, e);
	json_decref(o);
}

static void fp_entry(struct app *a, struct log_entry *e)
{
	char *text = evfmt_line(e, 0), *js = evfmt_line(e, 1), *pane = evfmt_text(e, 30);

	(void)a;
	fuzz_check_safe(text, 0, "text line");
	/* the formatters escape every field themselves: the guard is a second gate */
	fuzz_check_safe(pane, 0, "evfmt_text before the guard");
	fp_check_fit(e->text ? e->text : "", 64); /* the dashboard draws raw text too */
	fp_check_json(js, e);
	free(text);
	free(js);
	free(pane);
}

static const struct app_view fp_view = {.entry = fp_entry};

/* ---- events --------------------------------------------------------------- */

static FUZZ_NOCOV void fp_check_headers(const json_t *h)
{
	const char *k = fp_cur->f[FP_HKEY], *v = fp_cur->f[FP_HVAL];
	const json_t *x;

	if (!fp_utf8(k))
		return; /* the name is shown with U+FFFD: not exact, as documented */
	x = json_object_get(h, k);
	FUZZ_CHECK(x, "header '%s' missing", k);
	switch (fp_cur->flags & 3) {
	case 2: x = json_array_get(x, 0); break;
	case 3: x = json_object_get(x, k); break;
	default: break;
	}
	fp_same_value(x, v, strlen(v), "header value");
}

static FUZZ_NOCOV void fp_check_json_event(const json_t *o, const struct log_entry *e)
{
	const struct msg_delivery *d = e->msg;
	const json_t *p;

	if (e->kind == LOG_RESULT || e->kind == LOG_NOTICE || (e->kind == LOG_OUTPUT && !e->safe)) {
		/* free text: exact but for masked passwords; the fuzzed ones have none */
		if (!strstr(e->text ? e->text : "", "://"))
			fp_same_str(o, "text", e->text ? e->text : "");
		return;
	}
	if (e->kind == LOG_CONSUMER) {
		fp_same_str(o, "tag", fp_cur->f[FP_TAG]);
		fp_same_str(o, "queue", fp_cur->f[FP_NAME]);
		return;
	}
	if (!d)
		return;
	fp_same_str(o, "exchange", d->exchange);
	fp_same_str(o, "routing_key", d->routing_key);
	fp_same(o, "body", d->body, d->body_len);
	if (e->kind == LOG_RETURN)
		fp_same_str(o, "reply_text", d->reply_text);
	else
		fp_same_str(o, "consumer", d->consumer);
	p = json_object_get(o, "properties");
	fp_same_str(p, "app_id", d->props.app_id);
	fp_same_str(p, "type", d->props.type);
	if (d->props.headers_json)
		fp_check_headers(json_object_get(p, "headers"));
}

static amqp_bytes_t fp_bytes(const char *s)
{
	amqp_bytes_t b = {strlen(s), (void *)s};

	return b;
}

/* One header, in the form the flags pick: a string, bytes, [v] or {k: v}. */
static void fp_headers(const struct fp_in *in, amqp_basic_properties_t *bp,
		       amqp_table_entry_t *e, amqp_field_value_t *inner, amqp_table_entry_t *ie)
{
	amqp_field_value_t v = {AMQP_FIELD_KIND_UTF8, {.bytes = fp_bytes(in->f[FP_HVAL])}};

	if ((in->flags & 3) == 1)
		v.kind = AMQP_FIELD_KIND_BYTES;
	*inner = v;
	if ((in->flags & 3) == 2) {
		v.kind = AMQP_FIELD_KIND_ARRAY;
		v.value.array = (amqp_array_t){1, inner};
	} else if ((in->flags & 3) == 3) {
		*ie = (amqp_table_entry_t){fp_bytes(in->f[FP_HKEY]), *inner};
		v.kind = AMQP_FIELD_KIND_TABLE;
		v.value.table = (amqp_table_t){1, ie};
	}
	*e = (amqp_table_entry_t){fp_bytes(in->f[FP_HKEY]), v};
	bp->_flags |= AMQP_BASIC_HEADERS_FLAG;
	bp->headers = (amqp_table_t){1, e};
}

static struct msg_delivery *fp_delivery(const struct fp_in *in, int is_return)
{
	struct msg_delivery *d = msg_alloc(sizeof *d);
	amqp_basic_properties_t bp = {0};
	amqp_table_entry_t e, ie;
	amqp_field_value_t inner;

	d->consumer = msg_strdup(is_return || (in->flags & 8) ? "" : in->f[FP_TAG]);
	d->exchange = msg_strdup(in->f[FP_NAME]);
	d->routing_key = msg_strdup(in->f[FP_KEY]);
	d->channel = 3;
	d->delivery_tag = 7;
	d->body_size = in->body_len + (in->flags & 4 ? 10 : 0); /* not all kept */
	d->body_len = in->body_len;
	d->body = msg_alloc(in->body_len + 1);
	memcpy(d->body, in->body, in->body_len);
	if (is_return) {
		d->reply_code = 312;
		d->reply_text = msg_strdup(in->f[FP_TEXT]);
	}
	bp._flags = AMQP_BASIC_APP_ID_FLAG | AMQP_BASIC_TYPE_FLAG | AMQP_BASIC_PRIORITY_FLAG;
	bp.app_id = fp_bytes(in->f[FP_PROP]);
	bp.type = fp_bytes(in->f[FP_TEXT]);
	bp.priority = 3;
	fp_headers(in, &bp, &e, &inner, &ie);
	props_from_amqp(&bp, &d->props);
	return d;
}

static void fp_apply(struct app *a, struct msg_ev *ev)
{
	struct log_entry *e = model_apply(&a->model, ev);

	if (e)
		fp_entry(a, e);
	model_entry_done(e);
}

static void fp_conn(struct app *a, const struct fp_in *in, enum msg_conn_state st)
{
	struct msg_ev *ev = msg_ev_new(EV_CONN);

	ev->u.conn.state = st;
	ev->u.conn.url = msg_strdup(in->f[FP_TEXT]);
	ev->u.conn.reason = st == CONN_UP ? NULL : msg_strdup(in->f[FP_STATE]);
	ev->u.conn.server = msg_printf("%s %s", in->f[FP_PRODUCT], in->f[FP_VERSION]);
	ev->u.conn.node = msg_strdup(in->f[FP_NODE]);
	ev->u.conn.name = msg_strdup(in->f[FP_CLIENT]);
	ev->u.conn.requeued = 2;
	fp_apply(a, ev);
}

static void fp_consumer(struct app *a, const struct fp_in *in, enum msg_consumer_state st)
{
	struct msg_ev *ev = msg_ev_new(EV_CONSUMER);

	ev->u.consumer.state = st;
	ev->u.consumer.tag = msg_strdup(in->f[FP_TAG]);
	ev->u.consumer.queue = msg_strdup(in->f[FP_NAME]);
	ev->u.consumer.reason = st == CONSUMER_STARTED ? NULL : msg_strdup(in->f[FP_TEXT]);
	ev->u.consumer.channel = 3;
	ev->u.consumer.manual_ack = 1;
	fp_apply(a, ev);
}

static void fp_events(struct app *a, const struct fp_in *in)
{
	struct msg_ev *ev;

	fp_conn(a, in, CONN_CONNECTING);
	fp_conn(a, in, CONN_UP);
	fp_consumer(a, in, CONSUMER_STARTED);
	ev = msg_ev_new(EV_DELIVERY);
	ev->u.delivery = fp_delivery(in, 0);
	fp_apply(a, ev);
	ev = msg_ev_new(EV_RETURN);
	ev->u.delivery = fp_delivery(in, 1);
	fp_apply(a, ev);
	ev = msg_ev_new(EV_SETTLED);
	ev->u.settled.channel = 3;
	ev->u.settled.first = ev->u.settled.last = 1;
	ev->u.settled.count = 1;
	ev->u.settled.status = MSG_ACKED;
	fp_apply(a, ev);
	ev = msg_ev_new(EV_NOTICE);
	ev->u.notice.level = (int)(in->flags >> 4) % 3;
	ev->u.notice.text = msg_strdup(in->f[FP_TEXT]);
	fp_apply(a, ev);
	app_result_text(a, in->flags & 16, "%s", in->f[FP_TEXT]);
	app_out(a, LOG_INFO, "%s", in->f[FP_STATE]);
	fp_conn(a, in, CONN_BLOCKED);
}

/* ---- the broker view ------------------------------------------------------ */

static const char *fp_opt(const struct fp_in *in, int i)
{
	return (in->flags & 4) && !in->f[i][0] ? NULL : in->f[i];
}

static void fp_snapshot_rows(struct mgmt_snapshot *s, const struct fp_in *in)
{
	struct mgmt_conn *c = &s->conns[0];
	struct mgmt_queue *q = &s->queues[0];
	struct mgmt_consumer *k = &s->consumers[0];

	*c = (struct mgmt_conn){.name = msg_strdup(in->f[FP_CLIENT]), .peer = msg_strdup(fp_opt(in, FP_NODE)),
				.user = msg_strdup(in->f[FP_TAG]), .vhost = msg_strdup(in->f[FP_VHOST]),
				.product = msg_strdup(fp_opt(in, FP_PRODUCT)),
				.version = msg_strdup(fp_opt(in, FP_VERSION)),
				.client_name = msg_strdup(fp_opt(in, FP_CLIENT)),
				.state = msg_strdup(fp_opt(in, FP_STATE)), .node = msg_strdup(in->f[FP_NODE]),
				.channels = 1};
	*q = (struct mgmt_queue){.name = msg_strdup(in->f[FP_NAME]), .vhost = msg_strdup(in->f[FP_VHOST]),
				 .type = msg_strdup(in->f[FP_PRODUCT]), .node = msg_strdup(in->f[FP_NODE]),
				 .state = msg_strdup(fp_opt(in, FP_STATE)),
				 .policy = msg_strdup(fp_opt(in, FP_TEXT)),
				 .arguments = msg_strdup(fp_opt(in, FP_ARGS)),
				 .leader = msg_strdup(fp_opt(in, FP_NODE)), .ready = 1, .total = 1,
				 .publish_rate = in->flags & 8 ? -1 : 2.5, .no_stats = (in->flags & 8) != 0};
	q->nmembers = 2;
	q->members = msg_alloc(2 * sizeof *q->members);
	q->members[0] = msg_strdup(in->f[FP_NODE]);
	q->members[1] = msg_strdup(in->f[FP_KEY]);
	q->nonline = 1;
	q->online = msg_alloc(sizeof *q->online);
	q->online[0] = msg_strdup(in->f[FP_KEY]);
	*k = (struct mgmt_consumer){.tag = msg_strdup(in->f[FP_TAG]), .queue = msg_strdup(in->f[FP_NAME]),
				    .vhost = msg_strdup(in->f[FP_VHOST]),
				    .conn_name = msg_strdup(in->f[FP_CLIENT]),
				    .channel_name = msg_strdup(in->f[FP_KEY]),
				    .peer = msg_strdup(fp_opt(in, FP_NODE)),
				    .product = msg_strdup(fp_opt(in, FP_PRODUCT)), .channel = 1, .active = 1};
}

static struct mgmt_snapshot *fp_snapshot(const struct fp_in *in)
{
	struct mgmt_snapshot *s = msg_alloc(sizeof *s);
	int l;

	s->nconns = s->nqueues = s->nconsumers = s->nchannels = 1;
	s->nexchanges = s->nbindings = s->nnodes = 1;
	s->conns = msg_alloc(sizeof *s->conns);
	s->queues = msg_alloc(sizeof *s->queues);
	s->consumers = msg_alloc(sizeof *s->consumers);
	s->channels = msg_alloc(sizeof *s->channels);
	s->exchanges = msg_alloc(sizeof *s->exchanges);
	s->bindings = msg_alloc(sizeof *s->bindings);
	s->nodes = msg_alloc(sizeof *s->nodes);
	fp_snapshot_rows(s, in);
	s->channels[0] = (struct mgmt_channel){.name = msg_strdup(in->f[FP_KEY]),
					       .conn_name = msg_strdup(in->f[FP_CLIENT]),
					       .vhost = msg_strdup(in->f[FP_VHOST]),
					       .user = msg_strdup(in->f[FP_TAG]),
					       .state = msg_strdup(fp_opt(in, FP_STATE)), .number = 1};
	s->exchanges[0] = (struct mgmt_exchange){.name = msg_strdup(in->f[FP_KEY]),
						 .vhost = msg_strdup(in->f[FP_VHOST]),
						 .type = msg_strdup(in->f[FP_STATE])};
	s->bindings[0] = (struct mgmt_binding){.source = msg_strdup(in->f[FP_KEY]),
					       .destination = msg_strdup(in->f[FP_NAME]),
					       .destination_type = msg_strdup(in->f[FP_STATE]),
					       .routing_key = msg_strdup(in->f[FP_TAG]),
					       .vhost = msg_strdup(in->f[FP_VHOST]),
					       .arguments = msg_strdup(fp_opt(in, FP_ARGS))};
	s->nodes[0] = (struct mgmt_node){.name = msg_strdup(in->f[FP_NODE]), .running = 1,
					 .leaders = 2, .connections = 1};
	for (l = 0; l < MGMT_NLISTS; l++) {
		s->fresh[l] = 1;
		s->list_time[l] = 1.0;
	}
	s->error = msg_strdup(fp_opt(in, FP_TEXT));
	return s;
}

static FUZZ_NOCOV void fp_check_json_row(const json_t *o)
{
	const char *list = json_string_value(json_object_get(o, "list"));
	const struct fp_in *in = fp_cur;

	FUZZ_CHECK(list, "a row without \"list\"");
	if (!strcmp(list, "queues") || !strcmp(list, "queue")) {
		fp_same_str(o, "name", in->f[FP_NAME]);
		fp_same_str(o, "vhost", in->f[FP_VHOST]);
		if (fp_opt(in, FP_ARGS))
			fp_same_str(o, "arguments", in->f[FP_ARGS]);
		fp_same_value(json_array_get(json_object_get(o, "members"), 1), in->f[FP_KEY],
			      strlen(in->f[FP_KEY]), "member");
	} else if (!strcmp(list, "consumers")) {
		fp_same_str(o, "tag", in->f[FP_TAG]);
		fp_same_str(o, "queue", in->f[FP_NAME]);
	} else if (!strcmp(list, "connections")) {
		if (fp_opt(in, FP_CLIENT))
			fp_same_str(o, "client_name", in->f[FP_CLIENT]);
		if (fp_opt(in, FP_VERSION))
			fp_same_str(o, "version", in->f[FP_VERSION]);
	} else if (!strcmp(list, "exchanges") || !strcmp(list, "nodes") ||
		   !strcmp(list, "channels")) {
		fp_same_str(o, "name", in->f[!strcmp(list, "nodes") ? FP_NODE : FP_KEY]);
	} else if (!strcmp(list, "bindings")) {
		fp_same_str(o, "source", in->f[FP_KEY]);
		fp_same_str(o, "routing_key", in->f[FP_TAG]);
	}
}

static void fp_lists(struct app *a, const struct fp_in *in, int json)
{
	static int (*const print[])(struct app *, const struct cmd_list_wait *) = {
		cmd_list_print_connections, cmd_list_print_queues,    cmd_list_print_consumers,
		cmd_list_print_channels,    cmd_list_print_exchanges, cmd_list_print_bindings,
		cmd_list_print_nodes,	    cmd_list_print_show_queue};
	struct cmd_list_wait w = {0};
	size_t i;

	w.has_arg = 1;
	snprintf(w.arg, sizeof w.arg, "%s", in->f[FP_NAME]);
	a->opt.json = json;
	for (i = 0; i < sizeof print / sizeof print[0]; i++) {
		w.has_arg = print[i] == cmd_list_print_show_queue || (in->flags & 0x20);
		print[i](a, &w);
	}
	a->opt.json = 0;
}

/* ---- detail, dist, status ----------------------------------------------- */

static void fp_views(struct app *a)
{
	const struct log_entry *e = ring_find_msg(&a->model.log, 1);
	struct dist_row *rows;
	struct cmd_args args = {0};
	size_t n, i;
	int mode;

	for (mode = 0; e && mode < DETAIL_NMODES; mode++) {
		struct detail_lines l = {0};

		detail_build(e->msg, (enum detail_body)mode, &l);
		for (i = 0; i < l.n; i++) {
			fuzz_check_safe(l.v[i], 0, "detail line");
			app_out_safe(a, l.v[i]);
		}
		detail_free(&l);
	}
	n = dist_build(a, NULL, &rows);
	for (i = 0; i < n; i++) {
		char *line = dist_line(&rows[i], rows, n, i & 1 ? 60 : 200);

		fuzz_check_safe(line, 0, "dist line");
		app_out_safe(a, line);
		free(line);
	}
	dist_free(rows, n);
	struct job j = {.a = a};

	cmd_status_entry.exec(&j, &args);
}

/* ---- the input -------------------------------------------------------------- */

static void fp_split(struct fp_in *in, const uint8_t *data, size_t size)
{
	size_t pos = 1, k;

	in->flags = data[0];
	for (k = 0; k < FP_NFIELDS; k++) {
		const uint8_t *nul = pos < size ? memchr(data + pos, 0, size - pos) : NULL;

		in->f[k] = pos < size && nul ? (const char *)data + pos : "";
		pos = nul ? (size_t)(nul - data) + 1 : size;
	}
	in->body = data + (pos < size ? pos : size);
	in->body_len = pos < size ? size - pos : 0;
}

int fuzz_print(const uint8_t *data, size_t size)
{
	struct fp_in in;
	struct app a;
	struct msg_ev *ev;
	uint8_t *copy;

	if (size < 1)
		return 0;
	/* keep one execution affordable: a body of 1 KiB is cut in every view already */
	if (size > 1024)
		size = 1024;
	/* fields end at a NUL: a copy that ends with one holds them all */
	copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = 0;
	fp_split(&in, copy, size + 1);
	in.body_len -= in.body_len > 0; /* not the NUL added */
	fp_cur = &in;
	memset(&a, 0, sizeof a);
	model_init(&a.model, 64);
	a.view = &fp_view;
	if (!(in.flags & 0x40))
		fp_events(&a, &in);
	ev = msg_ev_new(EV_MGMT);
	ev->u.mgmt = fp_snapshot(&in);
	fp_apply(&a, ev);
	switch (in.flags >> 6) {
	case 1: fp_lists(&a, &in, 0); break;
	case 2: fp_lists(&a, &in, 1); break;
	case 3: fp_consumer(&a, &in, CONSUMER_STARTED); fp_views(&a); break;
	default: fp_views(&a); break;
	}
	model_free(&a.model);
	free(copy);
	return 0;
}

FUZZ_ENTRY(fuzz_print)
