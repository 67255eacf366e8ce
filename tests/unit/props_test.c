/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * props: every AMQP field type renders as safe text and as JSON; hostile
 * nesting is bounded; --arg/--header values are typed.
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "props.h"
#include "unit.h"

static amqp_table_entry_t props_test_entry(const char *key, amqp_field_value_t v)
{
	amqp_table_entry_t e;

	e.key = amqp_cstring_bytes(key);
	e.value = v;
	return e;
}

static amqp_table_t props_test_all_kinds(amqp_field_value_t *arr, amqp_table_entry_t *e,
					 amqp_table_entry_t *inner)
{
	amqp_table_t t, in;
	int n = 0;

	inner[0] = props_test_entry("deep", (amqp_field_value_t){AMQP_FIELD_KIND_I32, {.i32 = -7}});
	in.num_entries = 1;
	in.entries = inner;
	arr[0] = (amqp_field_value_t){AMQP_FIELD_KIND_U8, {.u8 = 1}};
	arr[1] = (amqp_field_value_t){AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes("two")}};
	e[n++] = props_test_entry("bool", (amqp_field_value_t){AMQP_FIELD_KIND_BOOLEAN, {.boolean = 1}});
	e[n++] = props_test_entry("i8", (amqp_field_value_t){AMQP_FIELD_KIND_I8, {.i8 = -8}});
	e[n++] = props_test_entry("u8", (amqp_field_value_t){AMQP_FIELD_KIND_U8, {.u8 = 200}});
	e[n++] = props_test_entry("i16", (amqp_field_value_t){AMQP_FIELD_KIND_I16, {.i16 = -1600}});
	e[n++] = props_test_entry("u16", (amqp_field_value_t){AMQP_FIELD_KIND_U16, {.u16 = 60000}});
	e[n++] = props_test_entry("i32", (amqp_field_value_t){AMQP_FIELD_KIND_I32, {.i32 = -320000}});
	e[n++] = props_test_entry("u32", (amqp_field_value_t){AMQP_FIELD_KIND_U32, {.u32 = 4000000000u}});
	e[n++] = props_test_entry("i64", (amqp_field_value_t){AMQP_FIELD_KIND_I64, {.i64 = -6400000000LL}});
	e[n++] = props_test_entry("u64", (amqp_field_value_t){AMQP_FIELD_KIND_U64, {.u64 = 6400000000ULL}});
	e[n++] = props_test_entry("f32", (amqp_field_value_t){AMQP_FIELD_KIND_F32, {.f32 = 1.5f}});
	e[n++] = props_test_entry("f64", (amqp_field_value_t){AMQP_FIELD_KIND_F64, {.f64 = 2.25}});
	e[n++] = props_test_entry("dec", (amqp_field_value_t){AMQP_FIELD_KIND_DECIMAL,
							    {.decimal = {2, 12345}}});
	e[n++] = props_test_entry("str", (amqp_field_value_t){AMQP_FIELD_KIND_UTF8,
							    {.bytes = amqp_cstring_bytes("hi\033[2J")}});
	e[n++] = props_test_entry("bytes", (amqp_field_value_t){AMQP_FIELD_KIND_BYTES,
							      {.bytes = {3, "\x00\xff\x01"}}});
	e[n++] = props_test_entry("ts", (amqp_field_value_t){AMQP_FIELD_KIND_TIMESTAMP, {.u64 = 1700000000}});
	e[n++] = props_test_entry("void", (amqp_field_value_t){AMQP_FIELD_KIND_VOID, {0}});
	e[n++] = props_test_entry("arr", (amqp_field_value_t){AMQP_FIELD_KIND_ARRAY,
							    {.array = {2, arr}}});
	e[n++] = props_test_entry("tab", (amqp_field_value_t){AMQP_FIELD_KIND_TABLE, {.table = in}});
	t.num_entries = n;
	t.entries = e;
	return t;
}

START_TEST(props_every_kind_as_text)
{
	amqp_field_value_t arr[2];
	amqp_table_entry_t e[32], inner[1];
	amqp_table_t t = props_test_all_kinds(arr, e, inner);
	char *s = props_table_text(&t);
	const char *want[] = {"bool=true", "i8=-8", "u8=200", "i16=-1600", "u16=60000",
			      "i32=-320000", "u32=4000000000", "i64=-6400000000", "u64=6400000000",
			      "f32=1.5", "f64=2.25", "dec=12345e-2", "str=hi\\x1b[2J",
			      "bytes=bytes:\\x00\\xff\\x01", "ts=@1700000000", "void=void",
			      "arr=[1, two]", "tab={deep=-7}"};
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_msg(strstr(s, want[i]), "'%s' not in '%s'", want[i], s);
	ck_assert_ptr_null(strchr(s, '\033'));
	free(s);
}
END_TEST

START_TEST(props_every_kind_as_json)
{
	amqp_field_value_t arr[2];
	amqp_table_entry_t e[32], inner[1];
	amqp_table_t t = props_test_all_kinds(arr, e, inner);
	json_t *j = props_table_json(&t);

	ck_assert(json_is_true(json_object_get(j, "bool")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "i64")), -6400000000LL);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "u32")), 4000000000LL);
	ck_assert(json_real_value(json_object_get(j, "f64")) == 2.25);
	ck_assert(json_real_value(json_object_get(j, "dec")) > 123.44 &&
		  json_real_value(json_object_get(j, "dec")) < 123.46);
	/* JSON carries the exact bytes: jansson escapes the ESC when it is dumped */
	ck_assert_str_eq(json_string_value(json_object_get(j, "str")), "hi\033[2J");
	/* not UTF-8: {"base64": ...} with the exact bytes */
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "bytes"), "base64")),
			 "AP8B");
	ck_assert(json_is_null(json_object_get(j, "void")));
	ck_assert_int_eq(json_array_size(json_object_get(j, "arr")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "tab"), "deep")), -7);
	json_decref(j);
}
END_TEST

START_TEST(props_hostile_nesting_is_bounded)
{
	/* a table nested 10,000 deep must not exhaust the stack */
	enum { DEPTH = 10000 };
	amqp_table_entry_t *e = calloc(DEPTH, sizeof *e);
	amqp_table_t t;
	char *s;
	json_t *j;
	int i;

	for (i = 0; i < DEPTH; i++) {
		e[i].key = amqp_cstring_bytes("n");
		e[i].value.kind = AMQP_FIELD_KIND_TABLE;
		e[i].value.value.table.num_entries = i + 1 < DEPTH ? 1 : 0;
		e[i].value.value.table.entries = i + 1 < DEPTH ? &e[i + 1] : NULL;
	}
	t.num_entries = 1;
	t.entries = e;
	s = props_table_text(&t);
	ck_assert(strlen(s) < 1000);
	j = props_table_json(&t);
	ck_assert_ptr_nonnull(j);
	json_decref(j);
	free(s);
	free(e);
}
END_TEST

START_TEST(props_kv_values_are_typed)
{
	struct msg_kv *kv = NULL;
	amqp_pool_t pool;
	amqp_table_t t;

	msg_kv_add(&kv, "x-message-ttl", "60000");
	msg_kv_add(&kv, "flag", "true");
	msg_kv_add(&kv, "name", "dlx");
	msg_kv_add(&kv, "neg", "-3");
	init_amqp_pool(&pool, 1024);
	ck_assert_int_eq(props_table_from_kv(kv, &t, &pool), 0);
	ck_assert_int_eq(t.num_entries, 4);
	ck_assert_int_eq(t.entries[0].value.kind, AMQP_FIELD_KIND_I64);
	ck_assert_int_eq(t.entries[0].value.value.i64, 60000);
	ck_assert_int_eq(t.entries[1].value.kind, AMQP_FIELD_KIND_BOOLEAN);
	ck_assert_int_eq(t.entries[2].value.kind, AMQP_FIELD_KIND_UTF8);
	ck_assert_int_eq(t.entries[3].value.value.i64, -3);
	empty_amqp_pool(&pool);
	msg_kv_free(kv);
}
END_TEST

static Suite *props_suite(void)
{
	Suite *s = suite_create("props");
	TCase *tc = tcase_create("props");

	tcase_add_test(tc, props_every_kind_as_text);
	tcase_add_test(tc, props_every_kind_as_json);
	tcase_add_test(tc, props_hostile_nesting_is_bounded);
	tcase_add_test(tc, props_kv_values_are_typed);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(props_suite)
