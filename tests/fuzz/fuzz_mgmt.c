/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_mgmt: the management API's JSON decoders (src/mgmt.c). The HTTP API
 * is a peer like any other: a broker of another version, a proxy's error
 * page or a hostile server may send anything. The first byte picks the
 * list (its low bits) and whether to go through mgmt_decode() with a page
 * count (0x80); the rest is the body. Decoding must fail cleanly or give
 * a sorted list that the lookups find and merging keeps.
 */
#include "config.h"

#include "mgmt.h"
#include "fuzz.h"

static size_t fuzz_mgmt_count(const struct mgmt_snapshot *s, enum mgmt_list l)
{
	switch (l) {
	case MGMT_CONNECTIONS: return s->nconns;
	case MGMT_QUEUES: return s->nqueues;
	case MGMT_CONSUMERS: return s->nconsumers;
	case MGMT_EXCHANGES: return s->nexchanges;
	case MGMT_BINDINGS: return s->nbindings;
	case MGMT_NODES: return s->nnodes;
	case MGMT_CHANNELS: return s->nchannels;
	default: return 0;
	}
}

static int fuzz_mgmt_decode(enum mgmt_list l, int paged, const char *json, size_t len,
			    struct mgmt_snapshot *s)
{
	char err[256];
	size_t before = fuzz_mgmt_count(s, l);
	int pages = -1, rc;

	err[0] = '\0';
	if (paged) {
		rc = mgmt_decode(l, json, len, "warren-fuzz", s, &pages, err, sizeof err);
		FUZZ_CHECK(rc < 0 || pages >= 1, "%d pages", pages);
	} else {
		rc = mgmt_decode(l, json, len, "warren-fuzz", s, NULL, err, sizeof err);
	}
	if (rc < 0) {
		FUZZ_CHECK(err[0], "%s: failed without a message", mgmt_list_name(l));
		FUZZ_CHECK(fuzz_mgmt_count(s, l) == before, "%s: failed but appended",
			   mgmt_list_name(l));
	}
	return rc;
}

/*
 * What the model and the panes rely on: names in every row that has one
 * (completion takes them), sorted lists the lookups find, safe arguments.
 */
static void fuzz_mgmt_check(const struct mgmt_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nexchanges; i++)
		FUZZ_CHECK(s->exchanges[i].name, "exchange %zu without a name", i);
	for (i = 0; i < s->nnodes; i++)
		FUZZ_CHECK(s->nodes[i].name, "node %zu without a name", i);
	for (i = 0; i < s->nchannels; i++)
		FUZZ_CHECK(s->channels[i].name, "channel %zu without a name", i);
	for (i = 0; i < s->nconsumers; i++)
		FUZZ_CHECK(s->consumers[i].queue, "consumer %zu without a queue", i);
	for (i = 0; i < s->nqueues; i++) {
		const struct mgmt_queue *q = &s->queues[i];

		FUZZ_CHECK(q->name, "queue %zu without a name", i);

		if (q->arguments)
			fuzz_check_safe(q->arguments, 0, "queue arguments");
		if (q->name && q->vhost)
			FUZZ_CHECK(mgmt_find_queue(s, q->vhost, q->name),
				   "queue %zu of %zu not found", i, s->nqueues);
	}
	for (i = 0; i < s->nbindings; i++)
		if (s->bindings[i].arguments)
			fuzz_check_safe(s->bindings[i].arguments, 0, "binding arguments");
	for (i = 0; i < s->nconns; i++) {
		FUZZ_CHECK(s->conns[i].name, "connection %zu without a name", i);
		FUZZ_CHECK(mgmt_find_conn(s, s->conns[i].name), "connection %zu not found", i);
	}
}

int fuzz_mgmt(const uint8_t *data, size_t size)
{
	struct mgmt_snapshot *s, *next;
	enum mgmt_list l;
	const char *json;
	size_t len, n;

	if (size < 1)
		return 0;
	l = (enum mgmt_list)((data[0] & 0x7f) % MGMT_NLISTS);
	json = (const char *)data + 1;
	len = size - 1;
	s = calloc(1, sizeof *s);
	FUZZ_CHECK(s, "out of memory");
	if (fuzz_mgmt_decode(l, data[0] & 0x80, json, len, s) == 0) {
		s->fresh[l] = 1;
		/* a second page appends the same rows again */
		n = fuzz_mgmt_count(s, l);
		if (fuzz_mgmt_decode(l, data[0] & 0x80, json, len, s) == 0)
			FUZZ_CHECK(fuzz_mgmt_count(s, l) == 2 * n, "%s: %zu rows after twice %zu",
				   mgmt_list_name(l), fuzz_mgmt_count(s, l), n);
		mgmt_sort(s, l);
		fuzz_mgmt_check(s);
		/* the next poll keeps this list and links consumers to it */
		next = calloc(1, sizeof *next);
		FUZZ_CHECK(next, "out of memory");
		s = mgmt_merge(s, next);
		fuzz_mgmt_check(s);
	}
	mgmt_snapshot_free(s);
	return 0;
}

FUZZ_ENTRY(fuzz_mgmt)
