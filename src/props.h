/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * props: AMQP message properties and field tables, both ways.
 *
 * Outgoing: --header/--arg key=value lists become AMQP tables (42 is sent as
 * a long, true/false as booleans, anything else as a string). Incoming:
 * properties are kept raw; headers of every AMQP field type become safe text
 * and exact JSON.
 */
#ifndef WARREN_PROPS_H
#define WARREN_PROPS_H

#include "amqp_compat.h"
#include "msg.h"

/* Build an AMQP table from kv in pool. Returns 0 or -1 (out of memory). */
int props_table_from_kv(const struct msg_kv *kv, amqp_table_t *out, amqp_pool_t *pool);

/*
 * Render a table: text "k=v, k2=[1, 2]" (safe to print) and a json_t object
 * of the exact values (jtext.h: a string that is not UTF-8 is {"base64"}).
 */
char *props_table_text(const amqp_table_t *t);
void *props_table_json(const amqp_table_t *t);

/* Copy received properties into p: raw strings, the headers as text and JSON. */
void props_from_amqp(const amqp_basic_properties_t *in, struct msg_props *p);

/*
 * Fill out for publishing from p, headers and persistent; strings point into
 * p and headers tables are allocated in pool.
 */
int props_to_amqp(const struct msg_props *p, const struct msg_kv *headers, int persistent,
		  amqp_basic_properties_t *out, amqp_pool_t *pool);

/* The string properties by name, in the order they are shown everywhere. */
struct props_field {
	const char *name;
	size_t offset; /* of the char * in struct msg_props */
};
extern const struct props_field props_string_fields[]; /* ends with {NULL, 0} */
/* The value of field f in p (NULL when absent). */
const char *props_string(const struct msg_props *p, const struct props_field *f);

/* One line "content_type=... delivery_mode=2 ..." of the set properties, safe. */
char *props_summary(const struct msg_props *p);

#endif
