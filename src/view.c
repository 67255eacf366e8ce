/* SPDX-License-Identifier: GPL-3.0-or-later */
/* view: see view.h. */
#include "config.h"

#include "view.h"

#include <string.h>

static const char *const view_sort_names[VIEW_NSORTS] = {"name", "ready", "unacked",
							  "consumers", "rate"};

const char *view_sort_name(enum view_sort s)
{
	return (unsigned)s < VIEW_NSORTS ? view_sort_names[s] : "?";
}

int view_sort_parse(const char *name, enum view_sort *out)
{
	int i;

	for (i = 0; i < VIEW_NSORTS; i++)
		if (!strcmp(name, view_sort_names[i])) {
			*out = (enum view_sort)i;
			return 0;
		}
	return -1;
}
