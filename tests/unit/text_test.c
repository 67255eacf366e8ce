/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text_test: text_safe() is the only thing between broker bytes and the
 * terminal, so most cases here try to get a control byte or an overlong
 * line through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* text_safe() on len bytes must give exactly want. */
static void check_safe(const char *in, size_t len, size_t cols, int flags,
		       const char *want)
{
	char *got = text_safe(in, len, cols, flags);

	ck_assert_str_eq(got, want);
	free(got);
}

static void check_str(const char *in, const char *want)
{
	check_safe(in, strlen(in), 0, 0, want);
}

/* Nothing a terminal could act on: no C0 byte, no DEL, no C1 as UTF-8. */
static void check_inert(const char *s, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (keep_newlines && *p == '\n')
			continue;
		ck_assert_msg(*p >= 0x20 && *p != 0x7f, "byte 0x%02x in '%s'",
			      *p, s);
		ck_assert_msg(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f),
			      "C1 control in '%s'", s);
	}
}

/* The count in "[+N bytes]" at the end of s, or -1. */
static long marker_count(const char *s)
{
	const char *m = strstr(s, "\xe2\x80\xa6[+");

	return m ? strtol(m + 5, NULL, 10) : -1;
}

START_TEST(test_ascii_passthrough)
{
	check_str("hello, world ~!@#$%^&*()_+{}|:<>?", "hello, world ~!@#$%^&*()_+{}|:<>?");
}
END_TEST

START_TEST(test_empty)
{
	check_safe("", 0, 0, 0, "");
	check_safe(NULL, 0, 0, 0, "");
	check_safe("", 0, 20, 0, "");
}
END_TEST

START_TEST(test_escape_sequences_neutralized)
{
	const char *in = "\x1b[2J\x1b]0;title\x07";
	char *got = text_safe(in, strlen(in), 0, 0);

	ck_assert_str_eq(got, "\\x1b[2J\\x1b]0;title\\x07");
	check_inert(got, 0);
	free(got);
}
END_TEST

START_TEST(test_every_byte_inert)
{
	char in[256], *got;
	int i;

	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	got = text_safe(in, sizeof in, 0, 0);
	check_inert(got, 0);
	free(got);
	got = text_safe(in, sizeof in, 0, TEXT_KEEP_NEWLINES);
	check_inert(got, 1);
	free(got);
}
END_TEST

START_TEST(test_newline_tab_cr)
{
	check_str("a\nb\tc\rd", "a\\nb\\tc\\rd");
	check_safe("a\nb\r", 4, 0, TEXT_KEEP_NEWLINES, "a\nb\\r");
}
END_TEST

START_TEST(test_backslash_unambiguous)
{
	/* A literal "\x1b" must not look like an escaped ESC. */
	check_str("\\x1b", "\\\\x1b");
	check_str("\\", "\\\\");
}
END_TEST

START_TEST(test_del_and_nul)
{
	check_safe("a\0b\x7f", 4, 0, 0, "a\\x00b\\x7f");
	check_safe("\0", 1, 0, 0, "\\x00");
}
END_TEST

START_TEST(test_valid_utf8_passthrough)
{
	check_str("h\xc3\xa9llo", "h\xc3\xa9llo");
	check_str("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
	check_str("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"); /* U+1F600 */
	check_str("e\xcc\x81", "e\xcc\x81");		    /* combining acute */
}
END_TEST

START_TEST(test_invalid_lone_continuation)
{
	check_str("a\x80z", "a\\x80z");
	check_str("\xbf\xbf", "\\xbf\\xbf");
}
END_TEST

START_TEST(test_invalid_truncated)
{
	check_str("\xe4\xb8", "\\xe4\\xb8");
	check_str("\xe4\xb8" "A", "\\xe4\\xb8A");
	check_str("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
	check_str("\xc3", "\\xc3");
}
END_TEST

START_TEST(test_invalid_overlong)
{
	check_str("\xc0\x80", "\\xc0\\x80");
	check_str("\xc1\xbf", "\\xc1\\xbf");
	check_str("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	check_str("\xf0\x82\x82\xac", "\\xf0\\x82\\x82\\xac");
}
END_TEST

START_TEST(test_invalid_surrogate)
{
	check_str("\xed\xa0\x80", "\\xed\\xa0\\x80");
	check_str("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	check_str("\xed\x9e\xa3", "\xed\x9e\xa3"); /* U+D7A3 is fine */
}
END_TEST

START_TEST(test_invalid_above_max)
{
	check_str("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	check_str("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	check_str("\xfe\xff", "\\xfe\\xff");
}
END_TEST

START_TEST(test_c1_controls)
{
	check_str("\xc2\x85", "\\u{0085}");
	check_str("\xc2\x9b" "31m", "\\u{009B}31m"); /* 8-bit CSI */
}
END_TEST

START_TEST(test_bidi_controls)
{
	check_str("abc\xe2\x80\xae" "def", "abc\\u{202E}def");
	check_str("\xe2\x81\xa6", "\\u{2066}");
	check_str("\xe2\x80\x8f", "\\u{200F}");
}
END_TEST

START_TEST(test_unassigned_escaped)
{
	/* U+0378 is unassigned: wcwidth() < 0, its width is unknown. */
	check_str("\xcd\xb8", "\\u{0378}");
}
END_TEST

START_TEST(test_zero_width_run_capped)
{
	char in[64 * 2 + 2] = "e", *got;
	int i;

	for (i = 0; i < 64; i++)
		memcpy(in + 1 + 2 * i, "\xcc\x81", 2);
	in[sizeof in - 1] = '\0';
	got = text_safe(in, strlen(in), 0, 0);
	ck_assert_ptr_nonnull(strstr(got, "\\u{0301}"));
	ck_assert_uint_eq(strlen(got), 1 + 8 * 2 + 56 * 8);
	free(got);
}
END_TEST

START_TEST(test_width_wide_chars)
{
	ck_assert_uint_eq(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4);
	ck_assert_uint_eq(text_width("a\xe4\xb8\xad"), 3);
}
END_TEST

START_TEST(test_width_misc)
{
	ck_assert_uint_eq(text_width(""), 0);
	ck_assert_uint_eq(text_width(NULL), 0);
	ck_assert_uint_eq(text_width("abc"), 3);
	ck_assert_uint_eq(text_width("e\xcc\x81"), 1);
	ck_assert_uint_eq(text_width("\xff\xfe"), 2);
	ck_assert_uint_eq(text_width("\xe2\x80\xa6"), 1);
}
END_TEST

START_TEST(test_truncate_ascii)
{
	char in[100];

	memset(in, 'a', sizeof in);
	check_safe(in, sizeof in, 20, 0, "aaaaaaaa\xe2\x80\xa6[+92 bytes]");
}
END_TEST

START_TEST(test_truncate_counts_bytes)
{
	char in[1000], *got;
	size_t cols;

	memset(in, 'x', sizeof in);
	for (cols = 16; cols < 120; cols++) {
		got = text_safe(in, sizeof in, cols, 0);
		ck_assert_uint_eq(text_width(got), cols);
		ck_assert_int_eq(strspn(got, "x") + marker_count(got), 1000);
		free(got);
	}
}
END_TEST

START_TEST(test_no_marker_when_it_fits)
{
	check_safe("12345678901234567890", 20, 20, 0, "12345678901234567890");
	check_safe("abc", 3, 80, 0, "abc");
}
END_TEST

START_TEST(test_small_width_plain_cut)
{
	char in[100];

	memset(in, 'a', sizeof in);
	check_safe(in, sizeof in, 10, 0, "aaaaaaaaaa");
	check_safe(in, sizeof in, 1, 0, "a");
	check_safe("\x1b\x1b", 2, 6, 0, "\\x1b");
}
END_TEST

START_TEST(test_truncate_wide_chars)
{
	char in[50 * 3], *got;
	int i;

	for (i = 0; i < 50; i++)
		memcpy(in + 3 * i, "\xe4\xb8\xad", 3);
	got = text_safe(in, sizeof in, 21, 0);
	ck_assert_uint_le(text_width(got), 21);
	ck_assert_int_eq(marker_count(got) % 3, 0);
	ck_assert_int_eq((long)(strstr(got, "\xe2\x80\xa6") - got) +
				 marker_count(got),
			 (long)sizeof in);
	free(got);
}
END_TEST

START_TEST(test_truncate_never_splits_escape)
{
	char in[50];

	memset(in, 0x1b, sizeof in);
	check_safe(in, sizeof in, 20, 0, "\\x1b\\x1b\xe2\x80\xa6[+48 bytes]");
}
END_TEST

START_TEST(test_truncate_huge_compact_marker)
{
	size_t len = 10 * 1000 * 1000;
	char *in = malloc(len), *got;

	memset(in, 'a', len);
	got = text_safe(in, len, 16, 0);
	ck_assert_str_eq(got, "aaaaa\xe2\x80\xa6[+9999995]");
	free(got);
	got = text_safe(in, len, 80, 0);
	ck_assert_uint_eq(text_width(got), 80);
	ck_assert_int_eq(strspn(got, "a") + marker_count(got), (long)len);
	free(got);
	free(in);
}
END_TEST

START_TEST(test_random_bytes_bounded)
{
	unsigned char in[300];
	char *got;
	size_t i, len, cols;
	int round;

	srand(42);
	for (round = 0; round < 2000; round++) {
		len = (size_t)rand() % sizeof in;
		cols = (size_t)rand() % 100;
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)rand();
		got = text_safe(in, len, cols, 0);
		check_inert(got, 0);
		if (cols)
			ck_assert_uint_le(text_width(got), cols);
		free(got);
	}
}
END_TEST

START_TEST(test_fit_pad)
{
	char out[64];

	ck_assert_uint_eq(text_fit(out, sizeof out, "abc", 5), 5);
	ck_assert_str_eq(out, "abc  ");
	text_fit(out, sizeof out, "", 3);
	ck_assert_str_eq(out, "   ");
	text_fit(out, sizeof out, "abc", 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_fit_cut)
{
	char out[64];

	text_fit(out, sizeof out, "abcdef", 3);
	ck_assert_str_eq(out, "abc");
}
END_TEST

START_TEST(test_fit_wide_at_edge)
{
	char out[64];

	text_fit(out, sizeof out, "a\xe4\xb8\xad" "b", 2);
	ck_assert_str_eq(out, "a ");
	text_fit(out, sizeof out, "\xe4\xb8\xad\xe4\xb8\xad", 3);
	ck_assert_str_eq(out, "\xe4\xb8\xad ");
	text_fit(out, sizeof out, "\xe4\xb8\xad\xe4\xb8\xad", 4);
	ck_assert_str_eq(out, "\xe4\xb8\xad\xe4\xb8\xad");
	ck_assert_uint_eq(text_width(out), 4);
}
END_TEST

START_TEST(test_fit_keeps_combining)
{
	char out[64];

	text_fit(out, sizeof out, "ae\xcc\x81z", 2);
	ck_assert_str_eq(out, "ae\xcc\x81");
}
END_TEST

START_TEST(test_fit_small_buffer)
{
	char out[8];

	memset(out, 'X', sizeof out);
	ck_assert_uint_eq(text_fit(out, 4, "abcdef", 10), 3);
	ck_assert_str_eq(out, "abc");
	ck_assert_int_eq(out[4], 'X');
	ck_assert_uint_eq(text_fit(out, 0, "abc", 3), 0);
	ck_assert_int_eq(out[0], 'a');
}
END_TEST

START_TEST(test_fit_controls_escaped)
{
	char out[64];

	/* the dashboard shows what it must not obey, as batch output does */
	text_fit(out, sizeof out, "a\x1b[m\xff", 12);
	ck_assert_str_eq(out, "a\\x1b[m\\xff ");
	text_fit(out, sizeof out, "a\x1b[m", 6);
	ck_assert_str_eq(out, "a\\x1b[");
	/* an escape that does not fit whole is left out, never split */
	text_fit(out, sizeof out, "ab\xc2\x9b", 6);
	ck_assert_str_eq(out, "ab    ");
	text_fit(out, sizeof out, "\\x1b \xe2\x80\xae", 16);
	ck_assert_str_eq(out, "\\x1b \\u{202E}   ");
}
END_TEST

START_TEST(test_guard_escapes_raw)
{
	char *got = text_guard("a\x1b]52;c;aGk=\x07\xc2\x9b\xe2\x80\xae\xff\n\tz");

	ck_assert_str_eq(got, "a\\x1b]52;c;aGk=\\x07\\u{009B}\\u{202E}\\xff\\n\\tz");
	check_inert(got, 0);
	free(got);
	got = text_guard(NULL);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

/* Safe text passes the guard unchanged: nothing is escaped twice. */
START_TEST(test_guard_keeps_safe_text)
{
	unsigned char in[300];
	char *safe, *got;
	size_t i, len;
	int round;

	got = text_guard("\\x1b \\\\ \xe4\xb8\xad \xe2\x80\xa6[+3 bytes]");
	ck_assert_str_eq(got, "\\x1b \\\\ \xe4\xb8\xad \xe2\x80\xa6[+3 bytes]");
	free(got);
	srand(7);
	for (round = 0; round < 2000; round++) {
		len = (size_t)rand() % sizeof in;
		for (i = 0; i < len; i++)
			/* odd rounds: runs of combining marks (U+0300...) */
			in[i] = (unsigned char)(round & 1 ? (i & 1 ? 0x80 + rand() % 0x40 : 0xcc)
							  : rand());
		safe = text_safe(in, len, (size_t)rand() % 100, 0);
		got = text_guard(safe);
		ck_assert_str_eq(got, safe);
		free(got);
		free(safe);
	}
}
END_TEST

START_TEST(test_hexdump_short)
{
	char *got = text_hexdump("Hello", 5, 0);

	ck_assert_str_eq(got, "00000000  48 65 6c 6c 6f                       "
			      "             |Hello|\n");
	free(got);
}
END_TEST

START_TEST(test_hexdump_two_lines)
{
	char *got = text_hexdump("Hello world\n with\x01\xff", 19, 0);

	ck_assert_str_eq(got,
			 "00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 20 77 69 74  "
			 "|Hello world. wit|\n"
			 "00000010  68 01 ff                                          "
			 "|h..|\n");
	free(got);
}
END_TEST

START_TEST(test_hexdump_max_lines)
{
	char in[64], *got;

	memset(in, 'A', sizeof in);
	got = text_hexdump(in, sizeof in, 2);
	ck_assert_str_eq(got,
			 "00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  "
			 "|AAAAAAAAAAAAAAAA|\n"
			 "... (48 more bytes)\n");
	free(got);
	got = text_hexdump(in, 17, 1);
	ck_assert_str_eq(got, "... (17 more bytes)\n");
	free(got);
	got = text_hexdump(in, 32, 2);
	ck_assert_ptr_null(strstr(got, "more"));
	free(got);
}
END_TEST

/* Wrapping: at spaces, never over the width, nothing lost; Chinese breaks between characters. */
START_TEST(test_wrap_words)
{
	char **v;
	size_t n = text_wrap("the queue is made once, however often it is declared", 20, &v), i;
	char joined[256] = "";

	ck_assert_uint_gt(n, 2);
	for (i = 0; i < n; i++) {
		ck_assert_uint_le(text_width(v[i]), 20);
		strcat(joined, i ? " " : "");
		strcat(joined, v[i]);
		free(v[i]);
	}
	free(v);
	ck_assert_str_eq(joined, "the queue is made once, however often it is declared");
}
END_TEST

START_TEST(test_wrap_wide)
{
	char **v;
	size_t n = text_wrap("队列只会被创建一次，无论声明多少次。", 10, &v), i;

	ck_assert_uint_eq(n, 4); /* 18 characters of 2 columns, 5 a line */
	for (i = 0; i < n; i++) {
		ck_assert_uint_le(text_width(v[i]), 10);
		free(v[i]);
	}
	free(v);
}
END_TEST

START_TEST(test_elide_middle)
{
	char *s = text_elide("bars_rel_5161", 11), *t = text_elide("short", 11);

	ck_assert_uint_eq(text_width(s), 11);
	ck_assert_str_eq(s, "bar…el_5161");
	ck_assert_str_eq(t, "short");
	free(s);
	free(t);
	s = text_elide("宽字符的队列名字", 9);
	ck_assert_uint_le(text_width(s), 9);
	ck_assert(strstr(s, "…"));
	free(s);
}
END_TEST

START_TEST(test_hexdump_empty)
{
	char *got = text_hexdump("", 0, 10);

	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_ascii_passthrough);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_escape_sequences_neutralized);
	tcase_add_test(tc, test_every_byte_inert);
	tcase_add_test(tc, test_newline_tab_cr);
	tcase_add_test(tc, test_backslash_unambiguous);
	tcase_add_test(tc, test_del_and_nul);
	tcase_add_test(tc, test_valid_utf8_passthrough);
	tcase_add_test(tc, test_invalid_lone_continuation);
	tcase_add_test(tc, test_invalid_truncated);
	tcase_add_test(tc, test_invalid_overlong);
	tcase_add_test(tc, test_invalid_surrogate);
	tcase_add_test(tc, test_invalid_above_max);
	tcase_add_test(tc, test_c1_controls);
	tcase_add_test(tc, test_bidi_controls);
	tcase_add_test(tc, test_unassigned_escaped);
	tcase_add_test(tc, test_zero_width_run_capped);
	tcase_add_test(tc, test_width_wide_chars);
	tcase_add_test(tc, test_width_misc);
	tcase_add_test(tc, test_truncate_ascii);
	tcase_add_test(tc, test_truncate_counts_bytes);
	tcase_add_test(tc, test_no_marker_when_it_fits);
	tcase_add_test(tc, test_small_width_plain_cut);
	tcase_add_test(tc, test_truncate_wide_chars);
	tcase_add_test(tc, test_truncate_never_splits_escape);
	tcase_add_test(tc, test_truncate_huge_compact_marker);
	tcase_add_test(tc, test_random_bytes_bounded);
	tcase_add_test(tc, test_fit_pad);
	tcase_add_test(tc, test_fit_cut);
	tcase_add_test(tc, test_fit_wide_at_edge);
	tcase_add_test(tc, test_fit_keeps_combining);
	tcase_add_test(tc, test_fit_small_buffer);
	tcase_add_test(tc, test_fit_controls_escaped);
	tcase_add_test(tc, test_guard_escapes_raw);
	tcase_add_test(tc, test_guard_keeps_safe_text);
	tcase_add_test(tc, test_hexdump_short);
	tcase_add_test(tc, test_hexdump_two_lines);
	tcase_add_test(tc, test_hexdump_max_lines);
	tcase_add_test(tc, test_hexdump_empty);
	tcase_add_test(tc, test_wrap_words);
	tcase_add_test(tc, test_wrap_wide);
	tcase_add_test(tc, test_elide_middle);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(text_suite)
