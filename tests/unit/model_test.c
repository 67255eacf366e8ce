/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model_test: the names kept for completion stay bounded, whatever the
 * management API sends: the latest snapshot's and warren's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt.h"
#include "model.h"
#include "msg.h"
#include "unit.h"

static struct model m;

static void setup(void)
{
	model_init(&m, 100);
}

static void teardown(void)
{
	model_free(&m);
}

/* A snapshot of count queues named "<prefix>-<i>", applied like the poller's. */
static void apply_queues(const char *prefix, int count)
{
	struct mgmt_snapshot *s = msg_alloc(sizeof *s);
	struct msg_ev *ev = msg_ev_new(EV_MGMT);
	struct log_entry *e;
	int i;

	s->queues = msg_alloc((size_t)count * sizeof *s->queues + 1);
	for (i = 0; i < count; i++) {
		s->queues[i].name = msg_printf("%s-%05d", prefix, i);
		s->queues[i].vhost = msg_strdup("/");
	}
	s->nqueues = (size_t)count;
	s->fresh[MGMT_QUEUES] = 1;
	ev->u.mgmt = s;
	e = model_apply(&m, ev);
	if (e)
		model_entry_done(e);
}

static int has(const struct model_names *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (!strcmp(n->v[i], name))
			return 1;
	return 0;
}

START_TEST(test_names_follow_the_latest_snapshot)
{
	char name[32];
	int poll;

	model_names_add(&m.queues, "mine");
	for (poll = 0; poll < 50; poll++) {
		snprintf(name, sizeof name, "p%d", poll);
		apply_queues(name, 1000);
	}
	ck_assert_uint_eq(m.queues.n, 1001);
	ck_assert(has(&m.queues, "p49-00999"));
	ck_assert(!has(&m.queues, "p48-00000"));
	ck_assert(has(&m.queues, "mine"));
}
END_TEST

START_TEST(test_own_names_are_capped)
{
	char name[32];
	int i;

	for (i = 0; i < MODEL_OWN_NAMES + 500; i++) {
		snprintf(name, sizeof name, "own-%d", i);
		model_names_add(&m.queues, name);
	}
	apply_queues("b", 10);
	ck_assert_uint_eq(m.queues.nown, MODEL_OWN_NAMES);
	ck_assert_uint_eq(m.queues.n, MODEL_OWN_NAMES + 10);
	ck_assert(!has(&m.queues, "own-0"));
	ck_assert(has(&m.queues, "own-1499"));
	/* one declared again is the newest: it outlives the others */
	model_names_add(&m.queues, "own-500");
	for (i = 0; i < MODEL_OWN_NAMES - 1; i++) {
		snprintf(name, sizeof name, "late-%d", i);
		model_names_add(&m.queues, name);
	}
	ck_assert(has(&m.queues, "own-500"));
	ck_assert(!has(&m.queues, "own-501"));
}
END_TEST

START_TEST(test_names_del_and_duplicates)
{
	model_names_add(&m.queues, "a");
	model_names_add(&m.queues, "a");
	apply_queues("a", 0);
	ck_assert_uint_eq(m.queues.n, 1);
	model_names_del(&m.queues, "a");
	ck_assert_uint_eq(m.queues.n, 0);
	ck_assert_uint_eq(m.queues.nown, 0);
	apply_queues("x", 3);
	apply_queues("x", 3);
	ck_assert_uint_eq(m.queues.n, 3);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("names");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_names_follow_the_latest_snapshot);
	tcase_add_test(tc, test_own_names_are_capped);
	tcase_add_test(tc, test_names_del_and_duplicates);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(model_suite)
