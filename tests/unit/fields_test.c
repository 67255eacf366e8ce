/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fields_test: the field tables of the broker lists (mgmt_fields.h) and what
 * reads them. Each table is checked for rows that cannot work (an offset
 * outside its struct, a key that is not a string, two fields of one name);
 * then every list goes round trip from the table alone: an API item made
 * with a value for every field the table asks for, decoded, and printed as
 * JSON and as table cells, must give those values back. So a row added to a
 * table is tested without a line here. Absent values print "-" or null.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_fields.h"
#include "mgmt.h"
#include "mgmt_fields.h"
#include "mgmt_int.h"
#include "msg.h"
#include "unit.h"

static size_t type_size(enum mgmt_type t)
{
	switch (t) {
	case MGMT_T_STR:
	case MGMT_T_ARGS:
	case MGMT_T_PEER: return sizeof(char *);
	case MGMT_T_STRV: return sizeof(char **);
	case MGMT_T_COUNT: return sizeof(long long);
	case MGMT_T_RATE:
	case MGMT_T_DELTA: return sizeof(double);
	case MGMT_T_BOOL: return sizeof(int);
	default: return 0;
	}
}

START_TEST(test_tables_sound)
{
	int l;
	size_t i, k;

	for (l = 0; l < MGMT_NLISTS; l++) {
		const struct mgmt_list_desc *d = mgmt_list_desc((enum mgmt_list)l);
		size_t heads = 0;

		ck_assert_ptr_nonnull(d);
		ck_assert_str_eq(d->name, mgmt_list_name((enum mgmt_list)l));
		ck_assert(d->nfields > 0 && d->one && d->size);
		for (i = 0; i < d->nfields; i++) {
			const struct mgmt_field *f = &d->fields[i];

			ck_assert_msg(f->name && *f->name, "%s: field %zu has no name", d->name, i);
			ck_assert_msg(f->off + type_size(f->type) <= d->size, "%s.%s: outside its row",
				      d->name, f->name);
			ck_assert_msg(f->type != MGMT_T_STRV || f->aux + sizeof(size_t) <= d->size,
				      "%s.%s: its length outside the row", d->name, f->name);
			ck_assert_msg(!(f->flags & MGMT_F_KEY) || f->type == MGMT_T_STR,
				      "%s.%s: a key must be a string", d->name, f->name);
			ck_assert_msg(f->type != MGMT_T_NONE || !f->api, "%s.%s: fetched, not kept",
				      d->name, f->name);
			ck_assert_msg(!(f->flags & MGMT_F_MAYBE) || f->type == MGMT_T_COUNT,
				      "%s.%s: only a count may be absent", d->name, f->name);
			ck_assert_ptr_eq(mgmt_field_find((enum mgmt_list)l, f->name), f);
			for (k = 0; k < i; k++)
				ck_assert_msg(strcmp(d->fields[k].name, f->name), "%s.%s: twice",
					      d->name, f->name);
			heads += f->head != NULL;
		}
		ck_assert_msg(heads <= CMD_TAB_MAX, "%s: %zu columns", d->name, heads);
		ck_assert(d->nkeys >= 1 && d->nkeys <= MGMT_MAX_KEYS);
		for (k = 0; k < d->nkeys; k++) { /* sort keys are strings of the row */
			for (i = 0; i < d->nfields; i++)
				if (d->fields[i].off == d->keys[k] &&
				    (d->fields[i].type == MGMT_T_STR || d->fields[i].type == MGMT_T_ARGS))
					break;
			ck_assert_msg(i < d->nfields, "%s: key %zu is not a text field", d->name, k);
		}
		ck_assert_ptr_null(mgmt_field_find((enum mgmt_list)l, "no such field"));
	}
}
END_TEST

/* Each list's rows in the snapshot, as mgmt.h names them. */
START_TEST(test_slots)
{
	struct mgmt_snapshot s = {0};
	char v[MGMT_NLISTS];
	size_t n;
	int l;

	s.conns = (void *)&v[MGMT_CONNECTIONS], s.nconns = 1;
	s.queues = (void *)&v[MGMT_QUEUES], s.nqueues = 2;
	s.consumers = (void *)&v[MGMT_CONSUMERS], s.nconsumers = 3;
	s.exchanges = (void *)&v[MGMT_EXCHANGES], s.nexchanges = 4;
	s.bindings = (void *)&v[MGMT_BINDINGS], s.nbindings = 5;
	s.nodes = (void *)&v[MGMT_NODES], s.nnodes = 6;
	s.channels = (void *)&v[MGMT_CHANNELS], s.nchannels = 7;
	for (l = 0; l < MGMT_NLISTS; l++) {
		ck_assert_ptr_eq(mgmt_fields_rows(&s, (enum mgmt_list)l, &n), &v[l]);
		ck_assert_uint_eq(n, (size_t)l + 1); /* the counts above, in enum order */
	}
}
END_TEST

/* Every key asked for once; the list without statistics asks for none of theirs. */
START_TEST(test_columns)
{
	char *c = mgmt_fields_columns(MGMT_EXCHANGES, 1);

	ck_assert_str_eq(c, "name,vhost,type,durable,auto_delete,internal");
	free(c);
	c = mgmt_fields_columns(MGMT_CONSUMERS, 1);
	ck_assert_ptr_nonnull(strstr(c, ",channel_details.peer_host,channel_details.peer_port,"));
	ck_assert_ptr_nonnull(strstr(c, "consumer_tag,queue.name,queue.vhost,"));
	free(c);
	c = mgmt_fields_columns(MGMT_QUEUES, 1);
	ck_assert_int_eq(strncmp(c, "name,", 5), 0);
	ck_assert_ptr_nonnull(strstr(c, ",message_stats.publish_details.rate,"));
	ck_assert_ptr_nonnull(strstr(c, ",messages_unacknowledged,"));
	free(c);
	c = mgmt_fields_columns(MGMT_QUEUES, 0);
	ck_assert_ptr_null(strstr(c, "message_stats"));
	ck_assert_ptr_nonnull(strstr(c, ",messages_unacknowledged,"));
	ck_assert_ptr_nonnull(strstr(c, ",consumers"));
	free(c);
}
END_TEST

/* ---- every list round trip, from its table ------------------------------ */

/* o[a][b]... = v for a dotted path, making the objects on the way. */
static void set_path(json_t *o, const char *path, json_t *v)
{
	const char *dot = strchr(path, '.');
	char key[64];
	json_t *in;

	if (!dot) {
		json_object_set_new(o, path, v);
		return;
	}
	snprintf(key, sizeof key, "%.*s", (int)(dot - path), path);
	if (!(in = json_object_get(o, key)))
		json_object_set_new(o, key, in = json_object());
	set_path(in, dot + 1, v);
}

/* An API item with a value for every field the table asks for. */
static char *full_item(const struct mgmt_list_desc *d)
{
	json_t *o = json_object(), *a = json_array();
	char key[96], *s;
	size_t i;

	for (i = 0; i < d->nfields; i++) {
		const struct mgmt_field *f = &d->fields[i];

		if (!f->api)
			continue;
		switch (f->type) {
		case MGMT_T_STR: set_path(o, f->api, json_string(f->name)); break;
		case MGMT_T_ARGS: set_path(o, f->api, json_pack("{s:i}", "k", 1)); break;
		case MGMT_T_STRV: set_path(o, f->api, json_pack("[s,s]", "a", "b")); break;
		case MGMT_T_COUNT: set_path(o, f->api, json_integer(7)); break;
		case MGMT_T_RATE:
		case MGMT_T_DELTA: set_path(o, f->api, json_real(2.5)); break;
		case MGMT_T_BOOL: set_path(o, f->api, json_true()); break;
		case MGMT_T_PEER:
			snprintf(key, sizeof key, "%s_host", f->api);
			set_path(o, key, json_string("h"));
			snprintf(key, sizeof key, "%s_port", f->api);
			set_path(o, key, json_integer(1));
			break;
		default: break;
		}
	}
	json_array_append_new(a, o);
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* What the JSON row says of a field that came from the API with its value above. */
static void check_json(const struct mgmt_list_desc *d, const struct mgmt_field *f, json_t *o)
{
	json_t *v = json_object_get(o, f->name);

	ck_assert_msg(v, "%s.%s: not in the JSON row", d->name, f->name);
	if (!f->api || f->fmt != MGMT_FMT_PLAIN)
		return;
	switch (f->type) {
	case MGMT_T_STR: ck_assert_str_eq(json_string_value(v), f->name); break;
	case MGMT_T_ARGS: ck_assert_str_eq(json_string_value(v), "k=1"); break;
	case MGMT_T_PEER: ck_assert_str_eq(json_string_value(v), "h:1"); break;
	case MGMT_T_STRV: ck_assert_str_eq(json_string_value(json_array_get(v, 1)), "b"); break;
	case MGMT_T_COUNT: ck_assert_int_eq(json_integer_value(v), 7); break;
	case MGMT_T_RATE: ck_assert(json_real_value(v) == 2.5); break;
	case MGMT_T_BOOL: ck_assert(json_is_true(v)); break;
	default: break;
	}
}

/* A table cell of a plain field: the value as `list` prints it. */
static void check_cell(const struct mgmt_list_desc *d, const struct mgmt_field *f,
		       const void *row)
{
	static const char *const want[] = {
		[MGMT_T_COUNT] = "7", [MGMT_T_RATE] = "2.5", [MGMT_T_BOOL] = "yes",
		[MGMT_T_ARGS] = "k=1", [MGMT_T_PEER] = "h:1",
	};
	char *cell = cmd_fields_text(f, row);

	if (f->api && f->fmt == MGMT_FMT_PLAIN && f->type == MGMT_T_STR)
		ck_assert_str_eq(cell, f->name);
	else if (f->api && f->fmt == MGMT_FMT_PLAIN && f->type < sizeof want / sizeof want[0] &&
		 want[f->type])
		ck_assert_msg(!strcmp(cell, want[f->type]), "%s.%s: '%s'", d->name, f->name, cell);
	free(cell);
}

START_TEST(test_round_trip)
{
	int l;

	for (l = 0; l < MGMT_NLISTS; l++) {
		const struct mgmt_list_desc *d = mgmt_list_desc((enum mgmt_list)l);
		struct mgmt_snapshot *s = msg_alloc(sizeof *s);
		char *body = full_item(d), err[256];
		const void *row;
		size_t i, n;
		json_t *o;

		ck_assert_msg(mgmt_decode((enum mgmt_list)l, body, strlen(body), NULL, s, NULL, err,
					  sizeof err) == 0,
			      "%s: %s", d->name, err);
		row = mgmt_fields_rows(s, (enum mgmt_list)l, &n);
		ck_assert_uint_eq(n, 1);
		o = cmd_fields_object((enum mgmt_list)l, row, 1.5);
		for (i = 0; i < d->nfields; i++) {
			const struct mgmt_field *f = &d->fields[i];

			if (f->flags & MGMT_F_INTERNAL)
				ck_assert_ptr_null(json_object_get(o, f->name));
			else
				check_json(d, f, o);
			if (f->head)
				check_cell(d, f, row);
		}
		json_decref(o);
		mgmt_snapshot_free(s);
		free(body);
	}
}
END_TEST

/* ---- absent values ------------------------------------------------------- */

struct probe {
	char *name, *peer;
	long long n, maybe;
	double rate;
	int b, t;
};

#define P(m) offsetof(struct probe, m)
static const struct mgmt_field probe_fields[] = {
	{"name", "name", MGMT_T_STR, P(name), MGMT_F_KEY, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"peer", "x.peer", MGMT_T_PEER, P(peer), 0, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"n", "n", MGMT_T_COUNT, P(n), 0, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"maybe", "maybe", MGMT_T_COUNT, P(maybe), MGMT_F_MAYBE, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"rate", "rate", MGMT_T_RATE, P(rate), 0, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"b", "b", MGMT_T_BOOL, P(b), 0, NULL, 0, MGMT_FMT_PLAIN, 0},
	{"t", "t", MGMT_T_BOOL, P(t), MGMT_F_TRUE, NULL, 0, MGMT_FMT_PLAIN, 0},
};

static void probe_decode(const char *json, struct probe *p, int want)
{
	json_t *o = json_loads(json, 0, NULL);
	size_t i;
	int rc = 0;

	memset(p, 0, sizeof *p);
	for (i = 0; i < sizeof probe_fields / sizeof probe_fields[0]; i++)
		rc |= mgmt_decode_field(&probe_fields[i], o, p);
	ck_assert_int_eq(rc, want);
	json_decref(o);
}

/* A count the API leaves out is 0, unless the field may be absent; a rate is absent. */
START_TEST(test_decode_absent)
{
	struct probe p;

	probe_decode("{\"name\":\"a\",\"x\":{\"peer_host\":\"::1\",\"peer_port\":5}}", &p, 0);
	ck_assert_str_eq(p.peer, "[::1]:5");
	ck_assert_int_eq(p.n, 0);
	ck_assert_int_eq(p.maybe, MGMT_ABSENT);
	ck_assert(!mgmt_known(p.maybe) && !mgmt_known(p.rate));
	ck_assert_int_eq(p.b, 0);
	ck_assert_int_eq(p.t, 1); /* true unless it says false */
	free(p.name), free(p.peer);
	probe_decode("{\"name\":\"a\",\"n\":-3,\"maybe\":4,\"rate\":-1,\"b\":true,\"t\":false}", &p,
		     0);
	ck_assert(p.n == 0 && p.maybe == 4 && p.rate == 0 && p.b == 1 && p.t == 0);
	free(p.name);
	probe_decode("{\"n\":1}", &p, -1); /* no key: the item is an error */
	ck_assert_ptr_null(p.name);
}
END_TEST

/* Not known: "-" in a table (a node's queues before the queue list: "?"), null in JSON. */
START_TEST(test_print_absent)
{
	struct mgmt_channel ch = {.name = "c", .unacked = MGMT_ABSENT, .consumers = 2};
	struct mgmt_queue q = {.name = "q", .publish_rate = MGMT_ABSENT, .deliver_rate = 0.25};
	struct mgmt_node node = {.name = "n", .leaders = MGMT_ABSENT};
	const struct mgmt_field *f = mgmt_field_find(MGMT_CHANNELS, "unacked");
	char *cell = cmd_fields_text(f, &ch);
	json_t *o = cmd_fields_object(MGMT_CHANNELS, &ch, NAN);

	ck_assert_str_eq(cell, "-");
	ck_assert(json_is_null(json_object_get(o, "unacked")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "consumers")), 2);
	free(cell);
	json_decref(o);
	cell = cmd_fields_text(mgmt_field_find(MGMT_QUEUES, "publish_rate"), &q);
	ck_assert_str_eq(cell, "-");
	free(cell);
	o = cmd_fields_object(MGMT_QUEUES, &q, NAN);
	ck_assert(json_is_null(json_object_get(o, "publish_rate")));
	ck_assert(json_real_value(json_object_get(o, "deliver_rate")) == 0.25);
	ck_assert_ptr_null(json_object_get(o, "age_s")); /* never fetched */
	ck_assert_ptr_null(json_object_get(o, "members"));
	json_decref(o);
	cell = cmd_fields_text(mgmt_field_find(MGMT_NODES, "queues"), &node);
	ck_assert_str_eq(cell, "?");
	free(cell);
	o = cmd_fields_object(MGMT_NODES, &node, NAN);
	ck_assert(json_is_null(json_object_get(o, "queues")));
	json_decref(o);
}
END_TEST

static Suite *fields_suite(void)
{
	Suite *s = suite_create("fields");
	TCase *t = tcase_create("fields");

	tcase_add_test(t, test_tables_sound);
	tcase_add_test(t, test_slots);
	tcase_add_test(t, test_columns);
	tcase_add_test(t, test_round_trip);
	tcase_add_test(t, test_decode_absent);
	tcase_add_test(t, test_print_absent);
	suite_add_tcase(s, t);
	return s;
}

UNIT_MAIN(fields_suite)
