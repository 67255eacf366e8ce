/*
 * mgmt_int: what the management modules (mgmt.c, mgmt_decode.c,
 * mgmt_data.c) share with each other and with their unit test only.
 */
#ifndef WARREN_MGMT_INT_H
#define WARREN_MGMT_INT_H

#include <stddef.h>

#include "mgmt.h"

/* Where list l lives in a snapshot: its array and its count. */
void mgmt_list_slot(struct mgmt_snapshot *s, enum mgmt_list l, void ***rows, size_t **n);
/* Free the strings of rows [from, to) of list l (not the array). */
void mgmt_rows_free(enum mgmt_list l, void *rows, size_t from, size_t to);

/*
 * Rates from successive samples. Where the broker sent no rate (the row
 * says -1), it is the change of the row's counter since the previous fresh
 * sample of the same row divided by the time between them; 0 for a new row,
 * a counter that went back (the queue was re-created) or no earlier sample.
 * Then the fresh lists of s become the previous sample.
 */
struct mgmt_samples;
void mgmt_rates(struct mgmt_samples **prev, struct mgmt_snapshot *s);
void mgmt_samples_free(struct mgmt_samples *p);

#endif
