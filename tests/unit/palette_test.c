/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * palette_test: every colour pair the dashboard uses is readable on a
 * projector: at least 4.5:1 (WCAG AA) on xterm's default palette (16
 * colours) and on the Linux console's (8 colours, bold for bright), and no
 * text is blue.
 */
#include <stdio.h>

#include "palette.h"
#include "unit.h"

static void check_all(const struct palette_rgb *pal, int colors16, const char *term)
{
	const struct palette_pair *p;
	int n = 0;

	for (p = palette_pairs; p->id; p++, n++) {
		double c = palette_contrast(p, pal, colors16);

		ck_assert_msg(c >= 4.5, "%s on %s: contrast %.2f:1, below 4.5:1", p->name, term, c);
	}
	ck_assert_int_eq(n, PAL_N - 1);
}

START_TEST(test_xterm)
{
	check_all(palette_xterm, 1, "xterm (16 colours)");
}
END_TEST

START_TEST(test_linux_console)
{
	check_all(palette_linux, 0, "the Linux console (8 colours)");
}
END_TEST

START_TEST(test_no_blue_text)
{
	const struct palette_pair *p;

	for (p = palette_pairs; p->id; p++) {
		ck_assert_msg(palette_fg(p, 1) % 8 != 4, "%s is blue on 16 colours", p->name);
		ck_assert_msg(palette_fg(p, 0) % 8 != 4, "%s is blue on 8 colours", p->name);
	}
}
END_TEST

/* The formula itself, on pairs whose ratio is known. */
START_TEST(test_known_ratios)
{
	struct palette_pair white_black = {1, "w", 15, 15, 0, 0};
	struct palette_pair blue_black = {1, "b", 4, 4, 0, 0};

	ck_assert(palette_contrast(&white_black, palette_xterm, 1) > 20.9);
	ck_assert(palette_contrast(&blue_black, palette_xterm, 1) < 2.5);
	ck_assert(palette_contrast(&blue_black, palette_linux, 1) < 2.0);
}
END_TEST

static Suite *palette_suite(void)
{
	Suite *s = suite_create("palette");
	TCase *t = tcase_create("palette");

	tcase_add_test(t, test_xterm);
	tcase_add_test(t, test_linux_console);
	tcase_add_test(t, test_no_blue_text);
	tcase_add_test(t, test_known_ratios);
	suite_add_tcase(s, t);
	return s;
}

UNIT_MAIN(palette_suite)
