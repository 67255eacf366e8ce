/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bert_test: the management API's BERT answers (Erlang's external term
 * format). A body captured from RabbitMQ 3.10 reads exactly as its JSON
 * does; every kind of term maps as the broker maps it to JSON; and broken
 * bodies (each truncation, forged counts, deep nesting, improper lists,
 * compressed or unknown terms, bytes after the end) fail cleanly and add
 * no row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt.h"
#include "mgmt_bert.h"
#include "mgmt_int.h"
#include "unit.h"

/*
 * GET /api/queues?disable_stats=true&enable_queue_totals=true&columns=name,
 * type,durable,arguments,members,online,leader,node,messages with "Accept:
 * application/bert", from a RabbitMQ 3.10.8 holding queues "bq-é" (classic),
 * bq1 (durable, x-max-priority=5, 3 messages), bq3 (stream), bq2 (quorum).
 */
static const char real_hex[] =
	"836c000000046c000000066802640009617267756d656e74737400000000680264000764757261626c6564000566616c"
	"736568026400086d65737361676573610068026400046e616d656d0000000562712dc3a968026400046e6f6465640018"
	"77617272656e2d31373731372d31406c6f63616c686f7374680264000474797065640007636c61737369636a6c000000"
	"066802640009617267756d656e747374000000016d0000000e782d6d61782d7072696f72697479610568026400076475"
	"7261626c656400047472756568026400086d65737361676573610368026400046e616d656d0000000362713168026400"
	"046e6f646564001877617272656e2d31373731372d31406c6f63616c686f7374680264000474797065640007636c6173"
	"7369636a6c000000046802640009617267756d656e747374000000016d0000000c782d71756575652d747970656d0000"
	"000673747265616d680264000764757261626c656400047472756568026400046e616d656d0000000362713368026400"
	"047479706564000673747265616d6a6c000000086802640009617267756d656e747374000000016d0000000c782d7175"
	"6575652d747970656d0000000671756f72756d680264000764757261626c656400047472756568026400066c65616465"
	"7264001877617272656e2d31373731372d31406c6f63616c686f737468026400076d656d626572736c00000001640018"
	"77617272656e2d31373731372d31406c6f63616c686f73746a68026400086d65737361676573610068026400046e616d"
	"656d0000000362713268026400066f6e6c696e656c0000000164001877617272656e2d31373731372d31406c6f63616c"
	"686f73746a68026400047479706564000671756f72756d6a6a"	;

/* Hex digits (spaces ignored) as bytes; *len is set. */
static char *unhex(const char *h, size_t *len)
{
	char *out = malloc(strlen(h) / 2 + 1);
	size_t n = 0;
	unsigned v;

	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		ck_assert(sscanf(h, "%2x", &v) == 1);
		out[n++] = (char)v;
		h += 2;
	}
	*len = n;
	return out;
}

/* One term (hex, without the version byte) as compact JSON text. */
static char *term_json(const char *hex, char *err, size_t errlen)
{
	char *body, *full, *out = NULL;
	size_t len;
	struct mgmt_bert b;
	uint32_t count;
	json_t *v;
	int list;

	full = malloc(strlen(hex) + 3);
	sprintf(full, "83%s", hex);
	body = unhex(full, &len);
	free(full);
	list = mgmt_bert_open(&b, body, len, &count);
	if (list == 0 && (v = mgmt_bert_next(&b)) != NULL) {
		if (mgmt_bert_close(&b) == 0)
			out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		json_decref(v);
	} else if (list > 0) {
		json_t *a = json_array();
		uint32_t i;

		for (i = 0; i < count && (v = mgmt_bert_next(&b)) != NULL; i++)
			json_array_append_new(a, v);
		if (i == count && mgmt_bert_close(&b) == 0)
			out = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(a);
	}
	snprintf(err, errlen, "%s", b.err);
	free(body);
	return out;
}

static void check_term(const char *hex, const char *want)
{
	char err[200];
	char *got = term_json(hex, err, sizeof err);

	ck_assert_msg(got != NULL, "%s: %s", hex, err);
	ck_assert_str_eq(got, want);
	free(got);
}

static void check_bad(const char *hex, const char *why)
{
	char err[200];
	char *got = term_json(hex, err, sizeof err);

	ck_assert_msg(got == NULL, "%s decoded as %s", hex, got);
	ck_assert_msg(strstr(err, why) != NULL, "%s: error '%s' lacks '%s'", hex, err, why);
}

static const struct mgmt_queue *find(const struct mgmt_snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nqueues; i++)
		if (!strcmp(s->queues[i].name, name))
			return &s->queues[i];
	return NULL;
}

START_TEST(test_real_body)
{
	struct mgmt_snapshot s = {0};
	const struct mgmt_queue *q;
	char err[256];
	size_t len;
	char *body = unhex(real_hex, &len);

	ck_assert_int_eq(len, 649);
	ck_assert_msg(mgmt_decode_queues(body, len, &s, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(s.nqueues, 4);
	ck_assert_ptr_nonnull(q = find(&s, "bq-\xc3\xa9"));
	ck_assert_str_eq(q->type, "classic");
	ck_assert_int_eq(q->durable, 0);
	ck_assert_ptr_null(q->arguments);
	ck_assert_str_eq(q->node, "warren-17717-1@localhost");
	ck_assert_ptr_nonnull(q = find(&s, "bq1"));
	ck_assert_int_eq(q->durable, 1);
	ck_assert_int_eq(q->total, 3);
	ck_assert_str_eq(q->arguments, "x-max-priority=5");
	ck_assert_ptr_nonnull(q = find(&s, "bq3"));
	ck_assert_str_eq(q->type, "stream");
	ck_assert_str_eq(q->arguments, "x-queue-type=stream");
	ck_assert_ptr_nonnull(q = find(&s, "bq2"));
	ck_assert_str_eq(q->type, "quorum");
	ck_assert_str_eq(q->leader, "warren-17717-1@localhost");
	ck_assert_int_eq(q->nmembers, 1);
	ck_assert_int_eq(q->nonline, 1);
	ck_assert_str_eq(q->members[0], "warren-17717-1@localhost");
	mgmt_list_free(&s, MGMT_QUEUES);
	free(body);
}
END_TEST

/* Every prefix of the real body fails cleanly and adds no row. */
START_TEST(test_real_body_truncated)
{
	struct mgmt_snapshot s = {0};
	char err[256];
	size_t len, cut;
	char *body = unhex(real_hex, &len);

	for (cut = 0; cut < len; cut++) {
		char *part = malloc(cut + 1);

		memcpy(part, body, cut);
		ck_assert_msg(mgmt_decode_queues(part, cut, &s, err, sizeof err) < 0,
			      "a body cut at %zu decoded", cut);
		ck_assert_int_eq(s.nqueues, 0);
		free(part);
	}
	mgmt_list_free(&s, MGMT_QUEUES);
	free(body);
}
END_TEST

START_TEST(test_numbers)
{
	check_term("6105", "5");		     /* small integer */
	check_term("62ffffff85", "-123");	     /* integer */
	check_term("6e0200e803", "1000");	     /* small big */
	check_term("6e0201e803", "-1000");	     /* negative */
	check_term("6e0801 0000000000000080", "-9223372036854775808");
	check_term("6e0900000000000000000001", "1.8446744073709552e19"); /* beyond int64 */
	check_term("6f0000000200e803", "1000");	     /* large big */
	check_term("46400c000000000000", "3.5");     /* new float */
}
END_TEST

START_TEST(test_atoms_and_text)
{
	check_term("64000474727565", "true");		/* atom */
	check_term("730566616c7365", "false");		/* small atom */
	check_term("640009756e646566696e6564", "null"); /* undefined */
	check_term("77077275 6e6e696e67", "\"running\""); /* small UTF-8 atom */
	check_term("640001e9", "\"\xc3\xa9\"");		/* a Latin-1 atom */
	check_term("760002c3a9", "\"\xc3\xa9\"");	/* a UTF-8 atom */
	check_term("6d000000026869", "\"hi\"");		/* binary */
	check_term("6d00000002ff41", "\"?A\"");		/* not UTF-8: never passed on */
	check_term("6b0003616263", "\"abc\"");		/* string */
	check_term("4d000000020368ff", "\"h?\"");	/* bit binary */
}
END_TEST

START_TEST(test_containers)
{
	check_term("6a", "[]");
	check_term("6c0000000261016102 6a", "[1,2]"); /* the top list: its items */
	/* a list of {Name, Value} is an object, as in the broker's JSON */
	check_term("6801 6c00000002 6802 6400046e616d65 6d0000000178 6802 6400016e 6101 6a",
		   "[{\"n\":1,\"name\":\"x\"}]");
	/* one element that is not a pair: an array of arrays */
	check_term("6801 6c00000002 6802 640001 61 6101 6102 6a", "[[[\"a\",1],2]]");
	check_term("6803610161026103", "[1,2,3]");		       /* tuple */
	check_term("6900000002 6101 6a", "[1,[]]");		       /* large tuple */
	check_term("74000000016d000000016b64000474727565", "{\"k\":true}"); /* map */
	check_term("7400000000", "{}");
	/* pids and references read as what they are, not their numbers */
	check_term("58 770161 00000001 00000000 00000000", "\"<pid>\"");
	check_term("5a 0002 770161 00000000 0000000100000002", "\"<ref>\"");
	check_term("59 770161 00000001 00000000", "\"<port>\"");
}
END_TEST

START_TEST(test_broken)
{
	char deep[800] = "";
	int i;

	check_bad("62ff", "truncated");
	check_bad("6d0000000568", "truncated");
	check_bad("6c7fffffff6a", "count larger than the body");
	check_bad("74ffffffff", "count larger than the body");
	check_bad("6801 6c00000001 6101 6102", "improper list");
	check_bad("6c00000001 6101 6102", "improper list");
	check_bad("50000000106a", "compressed");
	check_bad("01", "unexpected term (tag 1)");
	check_bad("6101 6102", "bytes after the term");
	check_bad("74000000016101 6101", "map key that is not a name");
	check_bad("467ff8000000000000", "not a finite number");
	check_bad("", "truncated");
	for (i = 0; i < 70; i++)
		strcat(deep, "6801");
	strcat(deep, "6a");
	check_bad(deep, "nested too deep");
}
END_TEST

/* A BERT body that is well formed but not a list of objects: an error. */
START_TEST(test_wrong_shape)
{
	struct mgmt_snapshot s = {0};
	char err[256];
	size_t len;
	char *body = unhex("83 6c00000001 6101 6a", &len);

	ck_assert_int_lt(mgmt_decode_queues(body, len, &s, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "not an object") != NULL, "%s", err);
	ck_assert_int_eq(s.nqueues, 0);
	free(body);
	/* a page object: its items, its page count */
	body = unhex("83 74 00000003 6d0000000a706167655f636f756e74 6102"
		     " 6d0000000b746f74616c5f636f756e74 6103"
		     " 6d00000005 6974656d73 6c00000001 74000000016d000000046e616d65"
		     " 6d0000000171 6a",
		     &len);
	{
		int pages = 0;

		ck_assert_msg(mgmt_decode(MGMT_QUEUES, body, len, NULL, &s, &pages, err,
					  sizeof err) == 0,
			      "%s", err);
		ck_assert_int_eq(pages, 2);
		ck_assert_int_eq(s.nqueues, 1);
		ck_assert_str_eq(s.queues[0].name, "q");
	}
	mgmt_list_free(&s, MGMT_QUEUES);
	free(body);
}
END_TEST

static Suite *bert_suite(void)
{
	Suite *s = suite_create("bert");
	TCase *t = tcase_create("decode");

	tcase_add_test(t, test_real_body);
	tcase_add_test(t, test_real_body_truncated);
	tcase_add_test(t, test_numbers);
	tcase_add_test(t, test_atoms_and_text);
	tcase_add_test(t, test_containers);
	tcase_add_test(t, test_broken);
	tcase_add_test(t, test_wrong_shape);
	suite_add_tcase(s, t);
	return s;
}

UNIT_MAIN(bert_suite)
