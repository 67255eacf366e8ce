/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_test: the management API decoders against good answers and against
 * garbage (truncated, wrong types, missing fields, huge numbers, nested
 * junk), merging and rates, the default URL, and the poller itself against
 * a small fake HTTP server: errors said plainly, pages, fail-over.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mgmt.h"
#include "mgmt_fields.h"
#include "mgmt_int.h"
#include "msg.h"
#include "unit.h"

/* One answer of list l (connections: warren-42 is ours). */
static int decode_list(enum mgmt_list l, const char *json, size_t len, struct mgmt_snapshot *s,
		       char *err, size_t errlen)
{
	return mgmt_decode(l, json, len, "warren-42", s, NULL, err, errlen);
}

static int decode_conns(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
			size_t errlen)
{
	return decode_list(MGMT_CONNECTIONS, json, len, s, err, errlen);
}

static const struct {
	const char *name;
	enum mgmt_list list;
	const char *good; /* one valid answer */
} decoders[] = {
	{"queues", MGMT_QUEUES,
	 "{\"items\":[{\"name\":\"hello\",\"vhost\":\"/\",\"type\":\"classic\",\"messages\":3,"
	 "\"messages_ready\":2,\"messages_unacknowledged\":1,\"consumers\":1,\"durable\":true,"
	 "\"arguments\":{\"x-max-priority\":5},\"node\":\"rabbit@a\",\"message_stats\":{"
	 "\"publish\":10,\"publish_details\":{\"rate\":1.5}}}],\"page\":1,\"page_count\":1}"},
	{"connections", MGMT_CONNECTIONS,
	 "[{\"name\":\"127.0.0.1:5555 -> 127.0.0.1:5672\",\"peer_host\":\"127.0.0.1\","
	 "\"peer_port\":5555,\"user\":\"guest\",\"vhost\":\"/\",\"channels\":1,"
	 "\"client_properties\":{\"product\":\"Pika Python Client Library\","
	 "\"version\":\"1.2.0\"},\"state\":\"running\"}]"},
	{"consumers", MGMT_CONSUMERS,
	 "[{\"consumer_tag\":\"ctag1\",\"queue\":{\"name\":\"hello\",\"vhost\":\"/\"},"
	 "\"channel_details\":{\"name\":\"c (1)\",\"connection_name\":\"c\",\"number\":1,"
	 "\"peer_host\":\"127.0.0.1\",\"peer_port\":5555},\"ack_required\":true,"
	 "\"prefetch_count\":3,\"active\":true}]"},
	{"exchanges", MGMT_EXCHANGES,
	 "[{\"name\":\"\",\"vhost\":\"/\",\"type\":\"direct\",\"durable\":true},"
	 "{\"name\":\"logs\",\"vhost\":\"/\",\"type\":\"fanout\"}]"},
	{"bindings", MGMT_BINDINGS,
	 "[{\"source\":\"logs\",\"destination\":\"q1\",\"destination_type\":\"queue\","
	 "\"routing_key\":\"\",\"vhost\":\"/\",\"arguments\":{}}]"},
	{"nodes", MGMT_NODES,
	 "[{\"name\":\"rabbit@a\",\"running\":true,\"mem_used\":100,\"mem_limit\":1000,"
	 "\"mem_alarm\":true,\"disk_free\":5,\"disk_free_limit\":10,\"disk_free_alarm\":false,"
	 "\"uptime\":60000}]"},
	{"channels", MGMT_CHANNELS,
	 "[{\"name\":\"c (1)\",\"connection_details\":{\"name\":\"c\"},\"number\":1,"
	 "\"prefetch_count\":3,\"messages_unacknowledged\":2,\"consumer_count\":1}]"},
};
#define NDECODERS (sizeof decoders / sizeof decoders[0])

static size_t count_of(struct mgmt_snapshot *s, enum mgmt_list l)
{
	void **rows;
	size_t *n;

	mgmt_list_slot(s, l, &rows, &n);
	return *n;
}

static struct mgmt_snapshot *snap(void)
{
	return msg_alloc(sizeof(struct mgmt_snapshot));
}

/* ---- good answers ------------------------------------------------------ */

START_TEST(test_queue_fields)
{
	struct mgmt_snapshot *s = snap();
	char err[256];
	const char *body = decoders[0].good;
	struct mgmt_queue *q;

	ck_assert_int_eq(mgmt_decode_queues(body, strlen(body), s, err, sizeof err), 0);
	ck_assert_uint_eq(s->nqueues, 1);
	q = &s->queues[0];
	ck_assert_str_eq(q->name, "hello");
	ck_assert_str_eq(q->type, "classic");
	ck_assert_int_eq(q->total, 3);
	ck_assert_int_eq(q->ready, 2);
	ck_assert_int_eq(q->unacked, 1);
	ck_assert_int_eq(q->consumers, 1);
	ck_assert_int_eq(q->durable, 1);
	ck_assert_str_eq(q->arguments, "x-max-priority=5");
	ck_assert(q->publish_rate == 1.5);
	ck_assert(q->deliver_rate == -1); /* not sent: computed later */
	ck_assert_int_eq(q->published, 10);
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_quorum_leader_is_node)
{
	struct mgmt_snapshot *s = snap();
	const char *body = "[{\"name\":\"qq\",\"type\":\"quorum\",\"leader\":\"rabbit@b\","
			   "\"members\":[\"rabbit@a\",\"rabbit@b\",7],\"online\":[\"rabbit@b\"]}]";
	char err[256];

	ck_assert_int_eq(mgmt_decode_queues(body, strlen(body), s, err, sizeof err), 0);
	ck_assert_str_eq(s->queues[0].node, "rabbit@b");
	ck_assert_uint_eq(s->queues[0].nmembers, 2); /* the 7 is skipped */
	ck_assert_uint_eq(s->queues[0].nonline, 1);
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_conn_fields)
{
	struct mgmt_snapshot *s = snap();
	const char *body = "[{\"name\":\"a\",\"peer_host\":\"::1\",\"peer_port\":1,"
			   "\"client_properties\":{\"product\":\"Pika Python Client Library\","
			   "\"version\":\"1.2.0\",\"connection_name\":\"warren-42\"},"
			   "\"recv_oct_details\":{\"rate\":12.5}},"
			   "{\"name\":\"b\",\"client_properties\":{\"product\":\"warren\"}}]";
	char err[256];

	ck_assert_int_eq(decode_conns(body, strlen(body), s, err, sizeof err), 0);
	ck_assert_uint_eq(s->nconns, 2);
	ck_assert_str_eq(s->conns[0].product, "pika");
	ck_assert_str_eq(s->conns[0].version, "1.2.0");
	ck_assert_str_eq(s->conns[0].peer, "[::1]:1");
	ck_assert_int_eq(s->conns[0].mine, 1);
	ck_assert(s->conns[0].recv_rate == 12.5);
	ck_assert_int_eq(s->conns[1].mine, 0);
	ck_assert_ptr_null(s->conns[1].peer);
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_every_good_answer)
{
	size_t i;

	for (i = 0; i < NDECODERS; i++) {
		struct mgmt_snapshot *s = snap();
		char err[256] = "";
		int rc = decode_list(decoders[i].list, decoders[i].good, strlen(decoders[i].good), s, err,
					sizeof err);

		ck_assert_msg(rc == 0, "%s: %s", decoders[i].name, err);
		ck_assert_msg(count_of(s, decoders[i].list) >= 1, "%s: no rows", decoders[i].name);
		mgmt_snapshot_free(s);
	}
}
END_TEST

/* ---- garbage ------------------------------------------------------------- */

static const char *const garbage[] = {
	"", " ", "[", "{", "]", "[1,2", "null", "42", "\"text\"", "true", "{}",
	"{\"items\": 5}", "{\"items\": {}}", "[1]", "[[]]", "[null]", "[\"x\"]",
	"[{}]", "[{\"name\": 5}]", "[{\"name\": null}]", "[{\"name\": [\"a\"]}]",
	"[{\"consumer_tag\": 1, \"queue\": \"q\"}]", "[{\"source\": {}, \"destination\": 1}]",
	"[{\"name\": \"ok\"}, 17]", "[{\"name\": \"ok\"}, {\"name\": false}]",
	"[{\"name\": \"q\", \"messages\": 1e400}]",
	"[{\"name\": \"q\", \"messages\": 99999999999999999999999}]",
	"[{\"name\": \"\xff\xfe\"}]", "[{\"name\": \"a\\u0000b\"}]",
	"[{\"name\": \"q\"}] trailing", "{\"items\": [{\"name\": \"q\"}], \"page_count\": \"x\"}",
	"\x1b[31m", "[{\"name\": \"q\", \"x\": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}",
};
#define NGARBAGE (sizeof garbage / sizeof garbage[0])

/* Each decoder on each input: an answer (0, or -1 with one line of error), never a crash. */
START_TEST(test_garbage_never_crashes)
{
	size_t d, g;

	for (d = 0; d < NDECODERS; d++)
		for (g = 0; g < NGARBAGE; g++) {
			struct mgmt_snapshot *s = snap();
			char err[512] = "";
			int rc = decode_list(decoders[d].list, garbage[g], strlen(garbage[g]), s, err, sizeof err);

			if (rc < 0) {
				ck_assert_msg(err[0], "%s on garbage %zu: no error text",
					      decoders[d].name, g);
				ck_assert_ptr_null(strchr(err, '\n'));
				ck_assert_ptr_null(strchr(err, '\x1b'));
				ck_assert_uint_eq(count_of(s, decoders[d].list), 0);
			}
			mgmt_snapshot_free(s);
		}
}
END_TEST

START_TEST(test_garbage_is_rejected)
{
	static const char *const bad[] = {"", "[", "{}", "42", "[1]", "[{}]", "[{\"name\": 5}]",
					  "[{\"name\": \"q\", \"messages\": 1e400}]",
					  "[{\"name\": \"q\", \"messages\": 99999999999999999999999}]"};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct mgmt_snapshot *s = snap();
		char err[512] = "";

		ck_assert_msg(mgmt_decode_queues(bad[i], strlen(bad[i]), s, err, sizeof err) == -1,
			      "accepted '%s'", bad[i]);
		mgmt_snapshot_free(s);
	}
}
END_TEST

/* Every prefix of every good answer: truncated bodies fail cleanly. */
START_TEST(test_truncated)
{
	size_t d, len;

	for (d = 0; d < NDECODERS; d++) {
		const char *good = decoders[d].good;

		for (len = 0; len < strlen(good); len++) {
			struct mgmt_snapshot *s = snap();
			char err[512] = "";

			ck_assert_int_eq(decode_list(decoders[d].list, good, len, s, err, sizeof err), -1);
			ck_assert_uint_eq(count_of(s, decoders[d].list), 0);
			mgmt_snapshot_free(s);
		}
	}
}
END_TEST

/* Wrong types read as absent; the row stays. */
START_TEST(test_wrong_types_read_as_absent)
{
	struct mgmt_snapshot *s = snap();
	const char *body = "[{\"name\":\"q\",\"vhost\":7,\"messages\":\"lots\",\"durable\":\"yes\","
			   "\"arguments\":[1,2],\"message_stats\":7,\"members\":\"a\","
			   "\"messages_ready\":1e300,\"messages_unacknowledged\":-1e300,"
			   "\"consumers\":2.9}]";
	char err[256];

	ck_assert_int_eq(mgmt_decode_queues(body, strlen(body), s, err, sizeof err), 0);
	ck_assert_ptr_null(s->queues[0].vhost);
	ck_assert_int_eq(s->queues[0].total, 0);
	ck_assert_int_eq(s->queues[0].durable, 0);
	ck_assert_ptr_null(s->queues[0].arguments);
	ck_assert_uint_eq(s->queues[0].nmembers, 0);
	ck_assert(s->queues[0].ready == MGMT_COUNT_MAX);
	ck_assert(s->queues[0].unacked == 0);
	ck_assert_int_eq(s->queues[0].consumers, 2);
	mgmt_snapshot_free(s);
}
END_TEST

/* Counts are counts: never negative, never so big that arithmetic on them overflows. */
START_TEST(test_counts_clamped)
{
	struct mgmt_snapshot *s = snap();
	const char *body = "[{\"name\":\"q\",\"messages\":9223372036854775807,"
			   "\"messages_ready\":-9223372036854775808,\"messages_unacknowledged\":-1,"
			   "\"consumers\":9007199254740993,\"message_stats\":{\"publish\":1e308,"
			   "\"publish_details\":{\"rate\":1e308},\"ack_details\":{\"rate\":-5}}}]";
	const char *page = "{\"items\":[],\"page_count\":9223372036854775807,"
			   "\"total_count\":-4}";
	char err[256];
	int pages = 0;

	ck_assert_int_eq(mgmt_decode_queues(body, strlen(body), s, err, sizeof err), 0);
	ck_assert(s->queues[0].total == MGMT_COUNT_MAX);
	ck_assert(s->queues[0].ready == 0);
	ck_assert(s->queues[0].unacked == 0);
	ck_assert(s->queues[0].consumers == MGMT_COUNT_MAX);
	ck_assert(s->queues[0].published == MGMT_COUNT_MAX);
	ck_assert(s->queues[0].publish_rate == MGMT_RATE_MAX);
	ck_assert(s->queues[0].ack_rate == 0);
	ck_assert_int_eq(mgmt_decode(MGMT_QUEUES, page, strlen(page), NULL, s, &pages, err,
				     sizeof err), 0);
	ck_assert_int_eq(pages, INT_MAX);
	mgmt_snapshot_free(s);
}
END_TEST

/* Arguments from the broker are shown: nothing a terminal obeys gets through. */
/* Raw, as the broker sent them (the printers escape them), and bounded. */
START_TEST(test_arguments_are_raw_and_bounded)
{
	struct mgmt_snapshot *s = snap();
	char *body = msg_printf("[{\"name\":\"q\",\"arguments\":{\"x-evil\":\"\\u001b]0;pwned\\u0007\","
				"\"x-deep\":%s,\"x-long\":\"%0*d\"}}]",
				"[[[[[[[[[[{\"a\":[[[[[[[[[[1]]]]]]]]]]}]]]]]]]]]]", 5000, 0);
	char err[256];

	ck_assert_int_eq(mgmt_decode_queues(body, strlen(body), s, err, sizeof err), 0);
	ck_assert_ptr_nonnull(s->queues[0].arguments);
	ck_assert_ptr_nonnull(strstr(s->queues[0].arguments, "x-evil=\x1b]0;pwned\a"));
	ck_assert_uint_le(strlen(s->queues[0].arguments), 2000);
	ck_assert_str_eq(s->queues[0].arguments + strlen(s->queues[0].arguments) - 3,
			 "\xe2\x80\xa6"); /* cut, and says so */
	free(body);
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_deep_nesting)
{
	size_t depth = 100000, i;
	char *body = msg_alloc(2 * depth + 3);
	struct mgmt_snapshot *s = snap();
	char err[256];

	for (i = 0; i < depth; i++) {
		body[i] = '[';
		body[2 * depth - 1 - i] = ']';
	}
	ck_assert_int_eq(mgmt_decode_queues(body, 2 * depth, s, err, sizeof err), -1);
	free(body);
	mgmt_snapshot_free(s);
}
END_TEST

/* A bad page after a good one: the good rows stay, nothing of the bad one is added. */
START_TEST(test_bad_page_appends_nothing)
{
	struct mgmt_snapshot *s = snap();
	const char *p1 = "[{\"name\":\"a\"},{\"name\":\"b\"}]", *p2 = "[{\"name\":\"c\"},{}]";
	char err[256];
	int pages = 0;

	ck_assert_int_eq(mgmt_decode(MGMT_QUEUES, p1, strlen(p1), NULL, s, &pages, err, sizeof err), 0);
	ck_assert_int_eq(pages, 1);
	ck_assert_int_eq(mgmt_decode_queues(p2, strlen(p2), s, err, sizeof err), -1);
	ck_assert_uint_eq(s->nqueues, 2);
	ck_assert_ptr_nonnull(strstr(err, "item 2 has no name"));
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_page_count)
{
	struct mgmt_snapshot *s = snap();
	const char *p = "{\"items\":[{\"name\":\"a\"}],\"page\":1,\"page_count\":21}";
	char err[256];
	int pages = 0;

	ck_assert_int_eq(mgmt_decode(MGMT_QUEUES, p, strlen(p), NULL, s, &pages, err, sizeof err), 0);
	ck_assert_int_eq(pages, 21);
	mgmt_snapshot_free(s);
}
END_TEST

static void add_queues(struct mgmt_snapshot *s, const char *body)
{
	char err[256];

	ck_assert_msg(mgmt_decode_queues(body, strlen(body), s, err, sizeof err) == 0, "%s", err);
}

/* A plain list is decoded an item at a time: the same rows, the same errors. */
START_TEST(test_list_item_by_item)
{
	static const struct {
		const char *body;
		long long items; /* -1: an error */
	} cases[] = {
		{"[]", 0},
		{" \n[ ]\r\n", 0},
		{"[{\"name\":\"a\"}]", 1},
		{"[ {\"name\":\"a,]\"} ,\n{\"name\":\"b\",\"members\":[\"x\",\"]\"]}\t]  ", 2},
		{"[{\"name\":\"a\"}{\"name\":\"b\"}]", -1},
		{"[{\"name\":\"a\"},]", -1},
		{"[,{\"name\":\"a\"}]", -1},
		{"[{\"name\":\"a\"}] []", -1},
		{"[{\"name\":\"a\"}", -1},
		{"[{\"name\":\"a\"},", -1},
		{"[{\"name\":\"a\"}, 1]", -1},
		{"[{\"name\":\"a\"}, \"x\"]", -1},
		{"[{\"name\":\"a\"}, [{\"name\":\"b\"}]]", -1},
		{"[{\"name\":\"a\"}, nul]", -1},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mgmt_snapshot *s = snap();
		struct mgmt_page pg = {0, 0};
		char err[512] = "";
		int rc = mgmt_decode_page(MGMT_QUEUES, cases[i].body, strlen(cases[i].body), NULL, 0,
					  s, &pg, err, sizeof err);

		if (cases[i].items < 0) {
			ck_assert_msg(rc == -1, "accepted '%s'", cases[i].body);
			ck_assert_msg(err[0] && !strchr(err, '\n'), "'%s': '%s'", cases[i].body, err);
			ck_assert_uint_eq(s->nqueues, 0);
		} else {
			ck_assert_msg(rc == 0, "'%s': %s", cases[i].body, err);
			ck_assert_int_eq(pg.total, cases[i].items);
			ck_assert_int_eq(pg.pages, 1);
			ck_assert_uint_eq(s->nqueues, (size_t)cases[i].items);
		}
		mgmt_snapshot_free(s);
	}
}
END_TEST

/* 20,000 rows in one list, after rows already there: all of them, in order. */
START_TEST(test_long_list)
{
	struct mgmt_snapshot *s = snap();
	size_t n = 20000, i, len = 0;
	char *body = msg_alloc(n * 40 + 3), err[256];

	body[len++] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(body + len, "%s{\"name\":\"q%05zu\",\"messages\":%zu}",
				       i ? "," : "", i, i);
	body[len++] = ']';
	add_queues(s, "[{\"name\":\"first\"}]");
	ck_assert_int_eq(mgmt_decode_queues(body, len, s, err, sizeof err), 0);
	ck_assert_uint_eq(s->nqueues, n + 1);
	ck_assert_str_eq(s->queues[0].name, "first");
	ck_assert_str_eq(s->queues[n].name, "q19999");
	ck_assert_int_eq(s->queues[n].total, 19999);
	free(body);
	mgmt_snapshot_free(s);
}
END_TEST

/* ---- sorting, merging, rates --------------------------------------------- */

START_TEST(test_sort_dedupes)
{
	struct mgmt_snapshot *s = snap();

	add_queues(s, "[{\"name\":\"b\",\"vhost\":\"/\"},{\"name\":\"a\",\"vhost\":\"/\"}]");
	add_queues(s, "[{\"name\":\"b\",\"vhost\":\"/\"},{\"name\":\"a\",\"vhost\":\"v2\"}]");
	mgmt_sort(s, MGMT_QUEUES);
	ck_assert_uint_eq(s->nqueues, 3);
	ck_assert_str_eq(s->queues[0].name, "a");
	ck_assert_str_eq(s->queues[1].name, "b");
	ck_assert_str_eq(s->queues[2].vhost, "v2");
	ck_assert_ptr_nonnull(mgmt_find_queue(s, "v2", "a"));
	ck_assert_ptr_null(mgmt_find_queue(s, "v2", "b"));
	ck_assert_ptr_nonnull(mgmt_find_queue(s, NULL, "b"));
	mgmt_snapshot_free(s);
}
END_TEST

START_TEST(test_merge_keeps_last_good)
{
	struct mgmt_snapshot *prev = snap(), *next = snap(), *m;
	char err[256];
	const char *c = "[{\"name\":\"c1\"}]";

	add_queues(prev, "[{\"name\":\"kept\"}]");
	prev->fresh[MGMT_QUEUES] = 1;
	prev->list_time[MGMT_QUEUES] = 100;
	ck_assert_int_eq(mgmt_decode_connections(c, strlen(c), NULL, next, err, sizeof err), 0);
	next->fresh[MGMT_CONNECTIONS] = 1;
	next->list_time[MGMT_CONNECTIONS] = 200;
	next->error = msg_strdup("management API unavailable");
	m = mgmt_merge(prev, next);
	ck_assert_ptr_eq(m, next);
	ck_assert_uint_eq(m->nqueues, 1);
	ck_assert_str_eq(m->queues[0].name, "kept");
	ck_assert(m->list_time[MGMT_QUEUES] == 100);
	ck_assert_int_eq(m->fresh[MGMT_QUEUES], 0);
	ck_assert_uint_eq(m->nconns, 1);
	ck_assert_ptr_eq(mgmt_merge(m, NULL), m);
	mgmt_snapshot_free(m);
}
END_TEST

START_TEST(test_merge_links_consumers)
{
	struct mgmt_snapshot *s = snap();
	char err[256];
	const char *conns = "[{\"name\":\"c\",\"node\":\"rabbit@a\",\"client_properties\":{"
			    "\"product\":\"Pika Python Client Library\",\"version\":\"1.2.0\","
			    "\"connection_name\":\"warren-42\"}}]";
	size_t i;

	ck_assert_int_eq(decode_conns(conns, strlen(conns), s, err, sizeof err), 0);
	for (i = 0; i < NDECODERS; i++)
		if (decoders[i].list == MGMT_CONSUMERS || decoders[i].list == MGMT_CHANNELS ||
		    decoders[i].list == MGMT_NODES)
			ck_assert_int_eq(decode_list(decoders[i].list, decoders[i].good, strlen(decoders[i].good), s,
							err, sizeof err), 0);
	add_queues(s, decoders[0].good);
	s->list_time[MGMT_QUEUES] = 1; /* fetched: a node's queues are counted */
	s = mgmt_merge(NULL, s);
	ck_assert_str_eq(s->consumers[0].product, "pika 1.2.0");
	ck_assert_int_eq(s->consumers[0].mine, 1);
	ck_assert_int_eq(s->consumers[0].unacked, 2);
	ck_assert_int_eq(s->consumers[0].prefetch, 3);
	ck_assert_int_eq(s->nodes[0].connections, 1);
	ck_assert_int_eq(s->nodes[0].leaders, 1);
	mgmt_snapshot_free(s);
}
END_TEST

/* Without the queue list, how many queues a node leads is not known: absent, not 0. */
START_TEST(test_merge_leaders_unknown)
{
	struct mgmt_snapshot *s = snap(), *next = snap();
	char err[256];
	size_t i;

	for (i = 0; i < NDECODERS; i++)
		if (decoders[i].list == MGMT_NODES)
			ck_assert_int_eq(decode_list(decoders[i].list, decoders[i].good, strlen(decoders[i].good), s,
							err, sizeof err), 0);
	s->fresh[MGMT_NODES] = 1;
	s->list_time[MGMT_NODES] = 1;
	s = mgmt_merge(NULL, s);
	ck_assert_int_eq(s->nodes[0].leaders, MGMT_ABSENT);
	/* the queue list comes (empty) with the next poll: now it is known */
	next->fresh[MGMT_QUEUES] = 1;
	next->list_time[MGMT_QUEUES] = 2;
	s = mgmt_merge(s, next);
	ck_assert_int_eq(s->nodes[0].leaders, 0);
	mgmt_snapshot_free(s);
}
END_TEST

static struct mgmt_snapshot *sample(double t, const char *body)
{
	struct mgmt_snapshot *s = snap();

	add_queues(s, body);
	mgmt_sort(s, MGMT_QUEUES);
	s->fresh[MGMT_QUEUES] = 1;
	s->list_time[MGMT_QUEUES] = t;
	return s;
}

START_TEST(test_rates_from_counters)
{
	struct mgmt_samples *prev = NULL;
	struct mgmt_snapshot *a = sample(10, "[{\"name\":\"q\",\"message_stats\":{\"publish\":100,"
					     "\"deliver_get\":50}},{\"name\":\"r\",\"message_stats\":"
					     "{\"publish\":500}}]");
	struct mgmt_snapshot *b = sample(12, "[{\"name\":\"new\",\"message_stats\":{\"publish\":9}},"
					     "{\"name\":\"q\",\"message_stats\":{\"publish\":120,"
					     "\"deliver_get\":60,\"ack_details\":{\"rate\":7}}},"
					     "{\"name\":\"r\",\"message_stats\":{\"publish\":3}}]");

	mgmt_rates(&prev, a);
	ck_assert(a->queues[0].publish_rate == 0); /* no earlier sample */
	mgmt_rates(&prev, b);
	ck_assert(b->queues[0].publish_rate == 0); /* "new" has no earlier sample */
	ck_assert(b->queues[1].publish_rate == 10);
	ck_assert(b->queues[1].deliver_rate == 5);
	ck_assert(b->queues[1].ack_rate == 7); /* the broker's own rate wins */
	ck_assert(b->queues[2].publish_rate == 0); /* counter went back: re-created */
	mgmt_samples_free(prev);
	mgmt_snapshot_free(a);
	mgmt_snapshot_free(b);
}
END_TEST

/* ---- queues listed without statistics ------------------------------------ */

/* What RabbitMQ 3.10 sends for /api/queues?disable_stats=true&enable_queue_totals=true. */
static const char totals_body[] =
	"[{\"arguments\":{},\"auto_delete\":false,\"durable\":false,\"exclusive\":false,"
	"\"messages\":4,\"messages_ready\":2,\"messages_unacknowledged\":2,\"name\":\"work\","
	"\"node\":\"rabbit@a\",\"policy\":\"pol\",\"state\":\"running\",\"type\":\"classic\","
	"\"vhost\":\"/\"},"
	"{\"arguments\":{\"x-queue-type\":\"quorum\"},\"auto_delete\":false,\"durable\":true,"
	"\"exclusive\":null,\"leader\":\"rabbit@b\",\"members\":[\"rabbit@a\",\"rabbit@b\"],"
	"\"messages\":1,\"messages_ready\":0,\"messages_unacknowledged\":1,\"name\":\"qq\","
	"\"online\":[\"rabbit@b\"],\"state\":\"running\",\"type\":\"quorum\",\"vhost\":\"/\"}]";

static void add_queues_no_stats(struct mgmt_snapshot *s, const char *body)
{
	struct mgmt_page pg;
	char err[256];

	ck_assert_msg(mgmt_decode_page(MGMT_QUEUES, body, strlen(body), NULL, MGMT_DECODE_NO_STATS,
				       s, &pg, err, sizeof err) == 0,
		      "%s", err);
}

START_TEST(test_queue_totals_fields)
{
	struct mgmt_snapshot *s = snap();
	struct mgmt_page pg;
	char err[256];
	const struct mgmt_queue *q;

	ck_assert_int_eq(mgmt_decode_page(MGMT_QUEUES, totals_body, strlen(totals_body), NULL,
					  MGMT_DECODE_NO_STATS, s, &pg, err, sizeof err),
			 0);
	ck_assert_int_eq(pg.pages, 1);
	ck_assert_int_eq(pg.total, 2); /* a plain list: its length */
	mgmt_sort(s, MGMT_QUEUES);
	q = mgmt_find_queue(s, "/", "work");
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->no_stats, 1);
	ck_assert_int_eq(q->consumers_counted, 1);
	ck_assert_int_eq(q->ready, 2);
	ck_assert_int_eq(q->unacked, 2);
	ck_assert_int_eq(q->total, 4);
	ck_assert_str_eq(q->type, "classic");
	ck_assert_str_eq(q->node, "rabbit@a");
	ck_assert_str_eq(q->state, "running");
	ck_assert_str_eq(q->policy, "pol");
	ck_assert_int_eq(q->durable, 0);
	ck_assert(q->publish_rate == -1 && q->deliver_rate == -1);
	q = mgmt_find_queue(s, "/", "qq");
	ck_assert_str_eq(q->node, "rabbit@b"); /* no node: the leader */
	ck_assert_uint_eq(q->nmembers, 2);
	ck_assert_uint_eq(q->nonline, 1);
	ck_assert_int_eq(q->durable, 1);
	mgmt_snapshot_free(s);
}
END_TEST

/* With statistics the count is the broker's; without, it is the consumer list's. */
START_TEST(test_consumers_counted)
{
	struct mgmt_snapshot *s = snap();
	const char *consumers =
		"[{\"consumer_tag\":\"a\",\"queue\":{\"name\":\"work\",\"vhost\":\"/\"}},"
		"{\"consumer_tag\":\"b\",\"queue\":{\"name\":\"work\",\"vhost\":\"/\"}},"
		"{\"consumer_tag\":\"c\",\"queue\":{\"name\":\"work\",\"vhost\":\"v2\"}},"
		"{\"consumer_tag\":\"d\",\"queue\":{\"name\":\"gone\",\"vhost\":\"/\"}},"
		"{\"consumer_tag\":\"e\",\"queue\":{\"name\":\"withstats\",\"vhost\":\"/\"}}]";
	char err[256];

	add_queues_no_stats(s, totals_body);
	add_queues_no_stats(s, "[{\"name\":\"work\",\"vhost\":\"v2\"},{\"name\":\"zz\"}]");
	add_queues(s, "[{\"name\":\"withstats\",\"vhost\":\"/\",\"consumers\":7}]");
	ck_assert_int_eq(decode_list(MGMT_CONSUMERS, consumers, strlen(consumers), s, err, sizeof err), 0);
	mgmt_sort(s, MGMT_QUEUES);
	mgmt_sort(s, MGMT_CONSUMERS);
	s = mgmt_merge(NULL, s);
	ck_assert_int_eq(mgmt_find_queue(s, "/", "work")->consumers, 2);
	ck_assert_int_eq(mgmt_find_queue(s, "v2", "work")->consumers, 1);
	ck_assert_int_eq(mgmt_find_queue(s, "/", "qq")->consumers, 0);
	ck_assert_int_eq(mgmt_find_queue(s, NULL, "zz")->consumers, 0);
	ck_assert_int_eq(mgmt_find_queue(s, "/", "withstats")->consumers, 7); /* the broker's */
	mgmt_snapshot_free(s);
}
END_TEST

/* Rates stay unknown without statistics; the change of the message count is known. */
START_TEST(test_rates_without_stats)
{
	struct mgmt_samples *prev = NULL;
	struct mgmt_snapshot *a = snap(), *b = snap(), *c;
	const struct mgmt_queue *q;

	add_queues_no_stats(a, "[{\"name\":\"q\",\"messages\":10},{\"name\":\"r\",\"messages\":5}]");
	mgmt_sort(a, MGMT_QUEUES);
	a->fresh[MGMT_QUEUES] = 1;
	a->list_time[MGMT_QUEUES] = 10;
	mgmt_rates(&prev, a);
	ck_assert(a->queues[0].publish_rate == -1);
	ck_assert(a->queues[0].change_rate == 0); /* no earlier sample */
	/* q now with statistics (show queue): its counters have no earlier sample */
	add_queues_no_stats(b, "[{\"name\":\"r\",\"messages\":1}]");
	add_queues(b, "[{\"name\":\"q\",\"messages\":30,\"message_stats\":{\"publish\":900}}]");
	mgmt_sort(b, MGMT_QUEUES);
	b->fresh[MGMT_QUEUES] = 1;
	b->list_time[MGMT_QUEUES] = 12;
	mgmt_rates(&prev, b);
	q = mgmt_find_queue(b, NULL, "q");
	ck_assert(q->change_rate == 10);
	ck_assert(q->publish_rate == 0); /* not 900 / 2 */
	q = mgmt_find_queue(b, NULL, "r");
	ck_assert(q->change_rate == -2);
	ck_assert(q->publish_rate == -1 && q->ack_rate == -1);
	c = sample(14, "[{\"name\":\"q\",\"messages\":30,\"message_stats\":{\"publish\":910}}]");
	mgmt_rates(&prev, c);
	ck_assert(c->queues[0].publish_rate == 5); /* two samples with counters */
	mgmt_samples_free(prev);
	mgmt_snapshot_free(a);
	mgmt_snapshot_free(b);
	mgmt_snapshot_free(c);
}
END_TEST

/* show queue's rows with statistics replace their twins, by exact name and vhost. */
START_TEST(test_queue_detail_replaces)
{
	struct mgmt_snapshot *s = snap(), *d = snap();
	const struct mgmt_queue *q;

	add_queues_no_stats(s, "[{\"name\":\"a\",\"vhost\":\"/\"},{\"name\":\"work\",\"vhost\":\"/\","
			       "\"messages\":9,\"state\":\"running\",\"policy\":\"new\"},"
			       "{\"name\":\"work\",\"vhost\":\"v2\"},{\"name\":\"z\",\"vhost\":\"/\"}]");
	mgmt_sort(s, MGMT_QUEUES);
	/* the broker's filter ignores case: WORK comes too, and a queue made since */
	add_queues(d, "[{\"name\":\"work\",\"vhost\":\"/\",\"consumers\":3,\"messages\":4,"
		      "\"policy\":\"old\",\"message_stats\":"
		      "{\"publish_details\":{\"rate\":2.5}}},{\"name\":\"WORK\",\"vhost\":\"/\"},"
		      "{\"name\":\"work\",\"vhost\":\"v3\"},{\"name\":\"work\",\"vhost\":\"v2\"}]");
	mgmt_queues_detail(s, d, NULL, "work");
	ck_assert_uint_eq(d->nqueues, 0);
	ck_assert_uint_eq(s->nqueues, 5);
	q = mgmt_find_queue(s, "/", "work");
	ck_assert_int_eq(q->no_stats, 0);
	ck_assert(q->publish_rate == 2.5);
	ck_assert_int_eq(q->consumers, 3);
	ck_assert_int_eq(q->total, 9); /* the list's: live */
	ck_assert_str_eq(q->state, "running");
	ck_assert_str_eq(q->policy, "new");
	ck_assert_int_eq(mgmt_find_queue(s, "v2", "work")->no_stats, 0);
	ck_assert_ptr_nonnull(mgmt_find_queue(s, "v3", "work"));
	ck_assert_ptr_null(mgmt_find_queue(s, "/", "WORK"));
	ck_assert_int_eq(mgmt_find_queue(s, "/", "a")->no_stats, 1);
	/* with a vhost, only that vhost's */
	add_queues(d, "[{\"name\":\"a\",\"vhost\":\"/\"},{\"name\":\"a\",\"vhost\":\"v9\"}]");
	mgmt_queues_detail(s, d, "/", "a");
	ck_assert_int_eq(mgmt_find_queue(s, "/", "a")->no_stats, 0);
	ck_assert_ptr_null(mgmt_find_queue(s, "v9", "a"));
	ck_assert_uint_eq(s->nqueues, 5);
	mgmt_snapshot_free(s);
	mgmt_snapshot_free(d);
}
END_TEST

/* ---- URLs ---------------------------------------------------------------- */

static void check_default_url(const char *amqp, const char *want)
{
	char err[256] = "", *got = mgmt_default_url(amqp, err, sizeof err);

	ck_assert_msg(got != NULL, "%s: %s", amqp, err);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_default_url)
{
	char err[256];

	check_default_url("amqp://guest:guest@localhost:5672/", "http://guest:guest@localhost:15672/");
	check_default_url("amqp://u:p%40ss@h:5673/vh", "http://u:p%40ss@h:15672/");
	check_default_url("amqp://u:p@127.0.0.1:1,127.0.0.1:2,10.0.0.2:5672/",
			  "http://u:p@127.0.0.1:15672,10.0.0.2:15672/");
	check_default_url("amqps://u:p@h/", "https://u:p@h:15671/");
	check_default_url("amqp://u:p@[::1]:5672/", "http://u:p@[::1]:15672/");
	ck_assert_ptr_null(mgmt_default_url("amqp://h:notaport/", err, sizeof err));
}
END_TEST

/* ---- the poller against a fake API --------------------------------------- */

struct fake {
	int fd, port, stop;
	pthread_t thread;
	const char *(*answer)(const char *path, int *status);
	int requests;
	char last[4096];
	char log[16384]; /* every path asked for, one a line */
};

static void fake_serve(struct fake *f, int c)
{
	char req[4096], *sp, *out;
	ssize_t n = read(c, req, sizeof req - 1);
	const char *body;
	int status = 200;

	if (n <= 0)
		return;
	req[n] = 0;
	sp = strchr(req + 4, ' ');
	if (sp)
		*sp = 0;
	snprintf(f->last, sizeof f->last, "%s", req + 4);
	if (strlen(f->log) + strlen(f->last) + 2 < sizeof f->log) {
		strcat(f->log, f->last);
		strcat(f->log, "\n");
	}
	f->requests++;
	body = f->answer(req + 4, &status);
	out = msg_printf("HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: "
			 "%zu\r\nConnection: close\r\n\r\n%s",
			 status, strlen(body), body);
	if (write(c, out, strlen(out)) < 0) {
		/* the client gave up */
	}
	free(out);
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;

	while (!f->stop) {
		struct pollfd p = {.fd = f->fd, .events = POLLIN};
		int c;

		if (poll(&p, 1, 50) <= 0)
			continue;
		c = accept(f->fd, NULL, NULL);
		if (c < 0)
			continue;
		fake_serve(f, c);
		close(c);
	}
	return NULL;
}

static void fake_start(struct fake *f, const char *(*answer)(const char *, int *))
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;

	memset(f, 0, sizeof *f);
	f->answer = answer;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(f->fd, 0);
	ck_assert_int_eq(bind(f->fd, (struct sockaddr *)&sa, sizeof sa), 0);
	ck_assert_int_eq(listen(f->fd, 16), 0);
	getsockname(f->fd, (struct sockaddr *)&sa, &len);
	f->port = ntohs(sa.sin_port);
	pthread_create(&f->thread, NULL, fake_main, f);
}

static void fake_stop(struct fake *f)
{
	f->stop = 1;
	pthread_join(f->thread, NULL);
	close(f->fd);
}

/* A port nothing listens on: bound, never listened. */
static int closed_port(int *fd)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(*fd, (struct sockaddr *)&sa, sizeof sa);
	getsockname(*fd, (struct sockaddr *)&sa, &len);
	return ntohs(sa.sin_port);
}

/* The next snapshot the poller posts (waits up to 10 s). */
static struct mgmt_snapshot *next_snapshot(struct mbox *mb)
{
	int i;

	for (i = 0; i < 200; i++) {
		struct pollfd p = {.fd = mbox_fd(mb), .events = POLLIN};
		struct mbox_item *it;

		poll(&p, 1, 50);
		it = mbox_take_all(mb);
		if (it) {
			struct msg_ev *e = (struct msg_ev *)it;
			struct mgmt_snapshot *s = e->u.mgmt;

			ck_assert_ptr_null(it->next);
			ck_assert_int_eq(e->type, EV_MGMT);
			e->u.mgmt = NULL;
			msg_ev_free(e);
			return s;
		}
	}
	ck_abort_msg("no snapshot within 10 s");
	return NULL;
}

typedef const char *(*answer_fn)(const char *path, int *status);

/* A poller against a fake API (answer), behind a dead host (dead_first), or a dead host alone. */
struct session {
	struct fake f;
	int faking, dead_fd;
	struct mbox mb;
	struct mgmt *m;
};

static void session_start_many(struct session *s, answer_fn answer, int dead_first, int want,
			       long many_queues)
{
	struct mgmt_opts o = {.refresh = 0, .client_name = "warren-42", .want = want,
			      .timeout = 0.5, .many_queues = many_queues};
	char err[256], *url;
	int dead = -1;

	memset(s, 0, sizeof *s);
	s->dead_fd = -1;
	if (answer) {
		fake_start(&s->f, answer);
		s->faking = 1;
	}
	if (dead_first || !answer)
		dead = closed_port(&s->dead_fd);
	if (!answer)
		url = msg_printf("http://guest:secret@127.0.0.1:%d/", dead);
	else if (dead_first)
		url = msg_printf("http://guest:secret@127.0.0.1:%d,127.0.0.1:%d/", dead, s->f.port);
	else
		url = msg_printf("http://guest:secret@127.0.0.1:%d/", s->f.port);
	o.url = url;
	ck_assert_int_eq(mbox_init(&s->mb), 0);
	s->m = mgmt_start(&o, &s->mb, err, sizeof err);
	ck_assert_msg(s->m != NULL, "%s", err);
	free(url);
}

static void session_start(struct session *s, answer_fn answer, int dead_first, int want)
{
	session_start_many(s, answer, dead_first, want, 0);
}

/* Poll now; the snapshot that comes of it. */
static struct mgmt_snapshot *session_fetch(struct session *s)
{
	mgmt_refresh(s->m);
	return next_snapshot(&s->mb);
}

static void session_end(struct session *s)
{
	mgmt_stop(s->m);
	if (s->faking)
		fake_stop(&s->f);
	if (s->dead_fd >= 0)
		close(s->dead_fd);
	mbox_destroy(&s->mb);
}

static const char *answer_401(const char *path, int *status)
{
	*status = 401;
	return "{\"error\":\"not_authorized\",\"reason\":\"Login failed\"}";
}

START_TEST(test_poller_401)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, answer_401, 0, MGMT_BIT(MGMT_QUEUES));
	ck_assert_uint_eq(mgmt_request(ss.m, MGMT_BIT(MGMT_QUEUES)), 1);
	s = next_snapshot(&ss.mb);
	ck_assert_uint_eq(s->seq, 1);
	ck_assert_int_eq(s->fresh[MGMT_QUEUES], 0);
	ck_assert_ptr_nonnull(s->error);
	ck_assert_msg(strstr(s->error, "management API unavailable at http://guest:***@127.0.0.1:") &&
			      strstr(s->error, ": 401 unauthorized"),
		      "%s", s->error);
	ck_assert_ptr_null(strstr(s->error, "secret"));
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

START_TEST(test_poller_refused)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, NULL, 0, 0);
	s = session_fetch(&ss);
	ck_assert_msg(s->error && strstr(s->error, "connection refused") &&
			      strstr(s->error, "rabbitmq-plugins enable rabbitmq_management"),
		      "%s", s->error ? s->error : "(none)");
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

/*
 * Pages: the first poll's list without statistics says there are few; page
 * 1 says there are 3 pages; "page_out_of_range" past the end is no error.
 */
static const char *answer_pages(const char *path, int *status)
{
	if (strstr(path, "/api/queues?disable_stats=true&"))
		return "[{\"name\":\"q1\"},{\"name\":\"q2\"},{\"name\":\"q3\"}]";
	if (strstr(path, "/api/queues?page=1&"))
		return "{\"items\":[{\"name\":\"q1\"}],\"page\":1,\"page_count\":3}";
	if (strstr(path, "/api/queues?page=2&"))
		return "{\"items\":[{\"name\":\"q2\"}],\"page\":2,\"page_count\":3}";
	if (strstr(path, "/api/queues?page=3&"))
		return "{\"items\":[{\"name\":\"q3\"},{\"name\":\"q1\"}],\"page\":3,\"page_count\":3}";
	*status = 400;
	return "{\"error\":\"page_out_of_range\"}";
}

START_TEST(test_poller_pages)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, answer_pages, 0, MGMT_BIT(MGMT_QUEUES));
	s = session_fetch(&ss);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_int_eq(s->fresh[MGMT_QUEUES], 1);
	ck_assert_uint_eq(s->nqueues, 3); /* q1 twice: once */
	ck_assert_str_eq(s->queues[2].name, "q3");
	ck_assert_ptr_nonnull(strstr(ss.f.last, "columns=name,"));
	ck_assert_ptr_nonnull(strstr(ss.f.last, "page_size=500"));
	mgmt_snapshot_free(s);
	/* the second refresh asks for the 3 pages at once */
	ss.f.requests = 0;
	s = session_fetch(&ss);
	ck_assert_uint_eq(s->nqueues, 3);
	ck_assert_int_eq(ss.f.requests, 3);
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

static const char *answer_bad_json(const char *path, int *status)
{
	if (strstr(path, "/api/nodes"))
		return "[{\"name\":\"rabbit@a\",\"running\":true}]";
	return "[{\"name\":\"q1\"},";
}

START_TEST(test_poller_bad_json_keeps_other_lists)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, answer_bad_json, 0, MGMT_BIT(MGMT_QUEUES) | MGMT_BIT(MGMT_NODES));
	s = session_fetch(&ss);
	ck_assert_int_eq(s->fresh[MGMT_QUEUES], 0);
	ck_assert_uint_eq(s->nqueues, 0);
	ck_assert_int_eq(s->fresh[MGMT_NODES], 1);
	ck_assert_uint_eq(s->nnodes, 1);
	ck_assert_msg(s->error && strstr(s->error, "malformed JSON for queues"), "%s",
		      s->error ? s->error : "(none)");
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

static const char *answer_nodes(const char *path, int *status)
{
	return "[{\"name\":\"rabbit@b\",\"running\":true}]";
}

/* The first host refuses: the second one answers, in the same refresh. */
START_TEST(test_poller_fail_over)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, answer_nodes, 1, MGMT_BIT(MGMT_NODES));
	s = session_fetch(&ss);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_uint_eq(s->nnodes, 1);
	ck_assert_str_eq(s->nodes[0].name, "rabbit@b");
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

static const char *answer_slowly(const char *path, int *status)
{
	usleep(1500 * 1000);
	return "[]";
}

START_TEST(test_poller_timeout)
{
	struct session ss;
	struct mgmt_snapshot *s;

	session_start(&ss, answer_slowly, 0, MGMT_BIT(MGMT_NODES));
	s = session_fetch(&ss);
	ck_assert_msg(s->error && strstr(s->error, ": timed out after 0.5 s"), "%s",
		      s->error ? s->error : "(none)");
	ck_assert_int_eq(s->fresh[MGMT_NODES], 0);
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

/*
 * A broker with 3 queues, "many" above 2: the list comes without statistics
 * (and the consumers, for the counts); queue "q-2" in detail has them.
 */
static int many_queues_now = 3;

static const char *answer_many(const char *path, int *status)
{
	if (strstr(path, "page=1&page_size=500&sort=&name=%5Eq%5C-2%24&use_regex=true&"))
		return "{\"items\":[{\"name\":\"q-2\",\"vhost\":\"/\",\"messages\":5,"
		       "\"consumers\":1,\"message_stats\":{\"publish\":50,\"publish_details\":"
		       "{\"rate\":4.0}}},{\"name\":\"Q-2\",\"vhost\":\"/\"}],\"page\":1,"
		       "\"page_count\":1,\"total_count\":3}";
	if (strstr(path, "/api/queues?page=1&"))
		return many_queues_now == 3
			       ? "{\"items\":[{\"name\":\"q-1\",\"vhost\":\"/\",\"consumers\":0}],"
				 "\"page\":1,\"page_count\":1,\"total_count\":3}"
			       : "{\"items\":[{\"name\":\"q-1\",\"vhost\":\"/\",\"consumers\":0}],"
				 "\"page\":1,\"page_count\":1,\"total_count\":1}";
	if (strstr(path, "/api/queues?disable_stats=true&enable_queue_totals=true&sort=&columns="))
		return many_queues_now == 3
			       ? "[{\"name\":\"q-1\",\"vhost\":\"/\",\"messages\":1},"
				 "{\"name\":\"q-2\",\"vhost\":\"/\",\"messages\":2},"
				 "{\"name\":\"q-3\",\"vhost\":\"/\",\"messages\":3}]"
			       : "[{\"name\":\"q-1\",\"vhost\":\"/\",\"messages\":1}]";
	if (strstr(path, "/api/consumers?"))
		return "[{\"consumer_tag\":\"c\",\"queue\":{\"name\":\"q-2\",\"vhost\":\"/\"}}]";
	*status = 404;
	return "{\"error\":\"not found\"}";
}

static int count_of_str(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

START_TEST(test_poller_many_queues)
{
	struct session ss;
	struct mgmt_snapshot *s;
	const struct mgmt_queue *q;

	many_queues_now = 3;
	session_start_many(&ss, answer_many, 0, MGMT_BIT(MGMT_QUEUES), 2);
	s = session_fetch(&ss);
	ck_assert_msg(!s->error, "%s", s->error);
	/* not known yet: asked without statistics, which says there are many */
	ck_assert_int_eq(count_of_str(ss.f.log, "/api/queues?page=1&"), 0);
	ck_assert_int_eq(count_of_str(ss.f.log, "disable_stats=true&enable_queue_totals=true"), 1);
	ck_assert_int_eq(count_of_str(ss.f.log, "/api/consumers?"), 1);
	ck_assert_int_eq(s->fresh[MGMT_QUEUES], 1);
	ck_assert_uint_eq(s->nqueues, 3);
	s = mgmt_merge(NULL, s);
	q = mgmt_find_queue(s, "/", "q-2");
	ck_assert_int_eq(q->no_stats, 1);
	ck_assert_int_eq(q->total, 2);
	ck_assert_int_eq(q->consumers, 1); /* from the consumer list */
	ck_assert(q->publish_rate == -1);
	mgmt_snapshot_free(s);

	/* the next refresh knows: no page with statistics; show queue q-2 has them */
	ss.f.log[0] = 0;
	mgmt_request_queue(ss.m, MGMT_BIT(MGMT_QUEUES), NULL, "q-2");
	s = next_snapshot(&ss.mb);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_msg(!strstr(ss.f.log, "/api/queues?page=1&page_size=500&sort=&columns="), "%s",
		      ss.f.log);
	ck_assert_int_eq(count_of_str(ss.f.log, "disable_stats=true"), 1);
	ck_assert_int_eq(count_of_str(ss.f.log, "name=%5Eq%5C-2%24&use_regex=true"), 1);
	ck_assert_uint_eq(s->nqueues, 3); /* Q-2 is another queue: not added */
	q = mgmt_find_queue(s, "/", "q-2");
	ck_assert_int_eq(q->no_stats, 0);
	ck_assert(q->publish_rate == 4.0);
	ck_assert_int_eq(q->total, 2); /* the list's count: statistics lag */
	ck_assert_int_eq(mgmt_find_queue(s, "/", "q-1")->no_stats, 1);
	mgmt_snapshot_free(s);

	/* it shrank to 1: the next refresh asks with statistics again */
	many_queues_now = 1;
	s = session_fetch(&ss);
	mgmt_snapshot_free(s);
	ss.f.log[0] = 0;
	s = session_fetch(&ss);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_msg(!strstr(ss.f.log, "disable_stats") && strstr(ss.f.log, "/api/queues?page=1&"),
		      "%s", ss.f.log);
	ck_assert_uint_eq(s->nqueues, 1);
	ck_assert_int_eq(s->queues[0].no_stats, 0);
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

/* show queue as the first poll: the detail follows the list that says there are many. */
START_TEST(test_poller_first_show_queue)
{
	struct session ss;
	struct mgmt_snapshot *s;
	const struct mgmt_queue *q;

	many_queues_now = 3;
	session_start_many(&ss, answer_many, 0, MGMT_BIT(MGMT_QUEUES), 2);
	mgmt_request_queue(ss.m, MGMT_BIT(MGMT_QUEUES), "/", "q-2");
	s = next_snapshot(&ss.mb);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_msg(strstr(ss.f.log, "/api/queues/%2F?page=1&page_size=500&sort=&name=%5Eq%5C-2%24"),
		      "%s", ss.f.log);
	q = mgmt_find_queue(s, "/", "q-2");
	ck_assert_int_eq(q->no_stats, 0);
	ck_assert(q->publish_rate == 4.0);
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

/*
 * Few queues: the first poll, which cannot know, asks again with statistics;
 * then show queue needs no request of its own, the list has them.
 */
START_TEST(test_poller_few_queues)
{
	struct session ss;
	struct mgmt_snapshot *s;
	size_t i;

	many_queues_now = 3;
	session_start_many(&ss, answer_many, 0, MGMT_BIT(MGMT_QUEUES), 0);
	s = session_fetch(&ss);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_msg(strstr(ss.f.log, "disable_stats=true") &&
			      strstr(ss.f.log, "/api/queues?page=1&page_size=500&sort=&columns="),
		      "%s", ss.f.log);
	ck_assert_uint_eq(s->nqueues, 1); /* page 1's, not the 3 without statistics */
	ck_assert_int_eq(s->queues[0].no_stats, 0);
	mgmt_snapshot_free(s);
	ss.f.log[0] = 0;
	mgmt_request_queue(ss.m, MGMT_BIT(MGMT_QUEUES), NULL, "q-1");
	s = next_snapshot(&ss.mb);
	ck_assert_msg(!s->error, "%s", s->error);
	ck_assert_msg(!strstr(ss.f.log, "disable_stats") && !strstr(ss.f.log, "name="), "%s",
		      ss.f.log);
	for (i = 0; i < s->nqueues; i++)
		ck_assert_int_eq(s->queues[i].no_stats, 0);
	mgmt_snapshot_free(s);
	session_end(&ss);
}
END_TEST

START_TEST(test_poller_bad_url)
{
	struct mgmt_opts o = {.url = "amqp://guest:secret@h/", .refresh = 1};
	struct mbox mb;
	char err[256];

	ck_assert_int_eq(mbox_init(&mb), 0);
	ck_assert_ptr_null(mgmt_start(&o, &mb, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "--mgmt-url wants http://"));
	ck_assert_ptr_null(strstr(err, "secret"));
	mbox_destroy(&mb);
}
END_TEST

static Suite *mgmt_suite(void)
{
	Suite *s = suite_create("mgmt");
	TCase *t = tcase_create("decode");
	TCase *p = tcase_create("poller");

	tcase_add_test(t, test_queue_fields);
	tcase_add_test(t, test_quorum_leader_is_node);
	tcase_add_test(t, test_conn_fields);
	tcase_add_test(t, test_every_good_answer);
	tcase_add_test(t, test_garbage_never_crashes);
	tcase_add_test(t, test_garbage_is_rejected);
	tcase_add_test(t, test_truncated);
	tcase_add_test(t, test_wrong_types_read_as_absent);
	tcase_add_test(t, test_counts_clamped);
	tcase_add_test(t, test_arguments_are_raw_and_bounded);
	tcase_add_test(t, test_deep_nesting);
	tcase_add_test(t, test_bad_page_appends_nothing);
	tcase_add_test(t, test_page_count);
	tcase_add_test(t, test_list_item_by_item);
	tcase_add_test(t, test_long_list);
	tcase_add_test(t, test_sort_dedupes);
	tcase_add_test(t, test_merge_keeps_last_good);
	tcase_add_test(t, test_merge_links_consumers);
	tcase_add_test(t, test_merge_leaders_unknown);
	tcase_add_test(t, test_rates_from_counters);
	tcase_add_test(t, test_queue_totals_fields);
	tcase_add_test(t, test_consumers_counted);
	tcase_add_test(t, test_rates_without_stats);
	tcase_add_test(t, test_queue_detail_replaces);
	tcase_add_test(t, test_default_url);
	suite_add_tcase(s, t);
	tcase_set_timeout(p, 30);
	tcase_add_test(p, test_poller_401);
	tcase_add_test(p, test_poller_refused);
	tcase_add_test(p, test_poller_pages);
	tcase_add_test(p, test_poller_bad_json_keeps_other_lists);
	tcase_add_test(p, test_poller_fail_over);
	tcase_add_test(p, test_poller_timeout);
	tcase_add_test(p, test_poller_many_queues);
	tcase_add_test(p, test_poller_first_show_queue);
	tcase_add_test(p, test_poller_few_queues);
	tcase_add_test(p, test_poller_bad_url);
	suite_add_tcase(s, p);
	return s;
}

UNIT_MAIN(mgmt_suite)
