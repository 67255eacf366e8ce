/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_int: what the management modules (mgmt.c, mgmt_decode.c,
 * mgmt_data.c) share with each other and with their unit test only.
 */
#ifndef WARREN_MGMT_INT_H
#define WARREN_MGMT_INT_H

#include <stddef.h>

#include "mgmt.h"

/*
 * One field of an API object o into row (mgmt_fields.h): -1 when it is a
 * key (MGMT_F_KEY, a string) and o has none. Exposed for the unit test.
 */
struct json_t;
struct mgmt_field;
int mgmt_decode_field(const struct mgmt_field *f, struct json_t *o, void *row);

/* Where list l lives in a snapshot: its array and its count. */
void mgmt_list_slot(struct mgmt_snapshot *s, enum mgmt_list l, void ***rows, size_t **n);
/* Free the strings of rows [from, to) of list l (not the array). */
void mgmt_rows_free(enum mgmt_list l, void *rows, size_t from, size_t to);

/* What a body says besides its rows. */
struct mgmt_page {
	long long pages; /* page_count of a paged answer (as sent: the poller caps it), 1 otherwise */
	long long total; /* total_count of a paged answer, the number of items otherwise */
};

/* Queues asked for with disable_stats: rows marked no_stats. */
#define MGMT_DECODE_NO_STATS 1

/* mgmt_decode with flags, and what the body said of itself (pg may be NULL). */
int mgmt_decode_page(enum mgmt_list l, const char *json, size_t len, const char *client_name,
		     int flags, struct mgmt_snapshot *s, struct mgmt_page *pg, char *err,
		     size_t errlen);

/*
 * One queue's detail (d: its rows with statistics, as fetched by name) put
 * into the sorted queue list of s: each row of d named exactly name (and in
 * vhost, when given) replaces its twin in s, keeping the twin's message
 * counts, state and policy (live, where statistics lag), or is added. d is
 * emptied.
 */
void mgmt_queues_detail(struct mgmt_snapshot *s, struct mgmt_snapshot *d, const char *vhost,
			const char *name);

/*
 * Rates from successive samples. Where the broker sent no rate (the row
 * says -1), it is the change of the row's counter since the previous fresh
 * sample of the same row divided by the time between them; 0 for a new row,
 * a counter that went back (the queue was re-created) or no earlier sample
 * with counters. A queue listed without statistics keeps -1 (unknown). Every
 * queue's change_rate is the change of its total the same way. Then the
 * fresh lists of s become the previous sample.
 */
struct mgmt_samples;
void mgmt_rates(struct mgmt_samples **prev, struct mgmt_snapshot *s);
void mgmt_samples_free(struct mgmt_samples *p);

#endif
