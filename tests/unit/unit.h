/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unit: the shared main() of the Check unit tests. Results go out as TAP so
 * automake's tap-driver counts every test case.
 */
#ifndef WARREN_UNIT_H
#define WARREN_UNIT_H

#include <check.h>
#include <stdlib.h>

#include "text.h"

#define UNIT_MAIN(suite_fn)                                                   \
	int main(void)                                                        \
	{                                                                     \
		SRunner *sr = srunner_create(suite_fn());                     \
		int failed;                                                   \
		text_init_locale();                                           \
		srunner_set_tap(sr, "-");                                     \
		srunner_set_fork_status(sr, CK_FORK);                         \
		srunner_run_all(sr, CK_SILENT);                               \
		failed = srunner_ntests_failed(sr);                           \
		srunner_free(sr);                                             \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;                  \
	}

#endif
