/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_bert: BERT (Erlang's external term format, what the management API
 * sends for "Accept: application/bert") read into jansson values, mapped as
 * the broker maps its terms to JSON.
 */
#ifndef WARREN_MGMT_BERT_H
#define WARREN_MGMT_BERT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A reader over one body. err says what was wrong, and where. */
struct mgmt_bert {
	const unsigned char *p;
	size_t len, pos;
	int in_list; /* the body is a list whose elements are read one by one */
	char err[160];
};

/* Does the body start like BERT (the version byte 131)? */
int mgmt_bert_is(const char *body, size_t len);

/*
 * Start reading: 1 when the body is a list (then *count elements follow,
 * each read with mgmt_bert_next), 0 when it is one other term (read it with
 * one mgmt_bert_next), -1 on an error.
 */
int mgmt_bert_open(struct mgmt_bert *b, const char *body, size_t len, uint32_t *count);

/* The next term as a new jansson value; NULL with b->err set. */
json_t *mgmt_bert_next(struct mgmt_bert *b);

/* After the last element: the list must end, and the body with it. 0 or -1. */
int mgmt_bert_close(struct mgmt_bert *b);

#endif
