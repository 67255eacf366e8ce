/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_props: AMQP field tables and message properties as a broker or a
 * peer sends them (src/props.c). rabbitmq-c decodes the wire format
 * (amqp_decode_table and amqp_decode_properties are exported since 0.1);
 * warren renders what it decoded, which is where nesting, odd kinds and
 * hostile strings meet our code. The first byte picks the decoder.
 */
#include "config.h"

#include <jansson.h>

#include "props.h"
#include "fuzz.h"

static void fuzz_props_table(const amqp_table_t *t)
{
	char *text = props_table_text(t), *dump;
	json_t *j = props_table_json(t);

	fuzz_check_safe(text, 0, "table text");
	FUZZ_CHECK(json_is_object(j), "table JSON is not an object");
	dump = json_dumps(j, JSON_COMPACT);
	FUZZ_CHECK(dump, "table JSON does not serialise");
	free(dump);
	json_decref(j);
	free(text);
}

static void fuzz_props_basic(amqp_pool_t *pool, amqp_bytes_t b)
{
	amqp_basic_properties_t *in = NULL;
	struct msg_props p;
	char *summary;

	if (amqp_decode_properties(AMQP_BASIC_CLASS, pool, b, (void **)&in) != AMQP_STATUS_OK ||
	    !in)
		return;
	props_from_amqp(in, &p);
	summary = props_summary(&p);
	fuzz_check_safe(summary, 0, "properties summary");
	free(summary);
	msg_props_free(&p);
}

int fuzz_props(const uint8_t *data, size_t size)
{
	amqp_pool_t pool;
	amqp_table_t t;
	amqp_bytes_t b;
	size_t off = 0;

	if (size < 1)
		return 0;
	b.bytes = (void *)(data + 1);
	b.len = size - 1;
	init_amqp_pool(&pool, 4096);
	if (data[0] & 1)
		fuzz_props_basic(&pool, b);
	else if (amqp_decode_table(b, &pool, &t, &off) == AMQP_STATUS_OK)
		fuzz_props_table(&t);
	empty_amqp_pool(&pool);
	return 0;
}

FUZZ_ENTRY(fuzz_props)
