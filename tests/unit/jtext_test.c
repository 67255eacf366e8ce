/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jtext_test: JSON that carries broker bytes exactly: strings as they are,
 * what is not UTF-8 in base64 beside a U+FFFD rendering, and lines that are
 * printable ASCII.
 */
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "unit.h"

START_TEST(test_base64_rfc4648)
{
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
					  "Zm9vYmFy"};
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *s = jtext_base64(in[i], strlen(in[i]));

		ck_assert_str_eq(s, out[i]);
		free(s);
	}
}
END_TEST

START_TEST(test_utf8_is_exact)
{
	json_t *o = json_object();
	const char nul[] = "a\0b";

	jtext_set_str(o, "k", "\x1b[2J\xc2\x9b\xe2\x80\xae");
	ck_assert_str_eq(json_string_value(json_object_get(o, "k")), "\x1b[2J\xc2\x9b\xe2\x80\xae");
	ck_assert_ptr_null(json_object_get(o, "k_base64"));
	jtext_set(o, "n", nul, 3);
	ck_assert_uint_eq(json_string_length(json_object_get(o, "n")), 3);
	json_decref(o);
}
END_TEST

START_TEST(test_invalid_utf8_in_base64)
{
	json_t *o = json_object(), *v;

	jtext_set(o, "body", "b\xff\xed\xa0\x80", 5); /* a stray byte, a surrogate */
	ck_assert_str_eq(json_string_value(json_object_get(o, "body")),
			 "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(json_string_value(json_object_get(o, "body_base64")), "Yv/toIA=");
	v = jtext_value("v\xff", 2);
	ck_assert_str_eq(json_string_value(json_object_get(v, "base64")), "dv8=");
	ck_assert_int_eq(jtext_is_utf8("\xc0\xaf", 2), 0); /* overlong */
	json_decref(v);
	json_decref(o);
}
END_TEST

START_TEST(test_dump_is_printable_ascii)
{
	json_t *o = json_object();
	char *s;
	const unsigned char *p;

	jtext_set_str(o, "k", "\x7f\x1b\t\xe4\xb8\xad\xf0\x9f\x90\x87");
	s = jtext_dump(o, 0);
	ck_assert_str_eq(s, "{\"k\":\"\\u007F\\u001B\\t\\u4E2D\\uD83D\\uDC07\"}");
	for (p = (const unsigned char *)s; *p; p++)
		ck_assert(*p >= 0x20 && *p < 0x7f);
	free(s);
	json_decref(o);
}
END_TEST

static Suite *jtext_suite(void)
{
	Suite *s = suite_create("jtext");
	TCase *tc = tcase_create("jtext");

	tcase_add_test(tc, test_base64_rfc4648);
	tcase_add_test(tc, test_utf8_is_exact);
	tcase_add_test(tc, test_invalid_utf8_in_base64);
	tcase_add_test(tc, test_dump_is_printable_ascii);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(jtext_suite)
