/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_fields: the broker lists printed from their field tables
 * (mgmt_fields.h): a field's text cell and its JSON value, the text table of
 * a list (its columns are the fields with a header) and a whole `list ...`
 * in text or JSON. The dashboard's panes take their cells from here too.
 */
#ifndef WARREN_CMD_FIELDS_H
#define WARREN_CMD_FIELDS_H

#include <jansson.h>

#include "cmd_list.h"
#include "mgmt.h"
#include "mgmt_fields.h"

struct app;

/* Field f of row as raw text (escaped where it is written), NULL for none; malloc'd. */
char *cmd_fields_text(const struct mgmt_field *f, const void *row);
/*
 * Row of list l as a JSON object: every field that is printed, strings
 * exact, numbers as numbers, absent ones null. age: seconds since the list
 * was fetched (NAN: not known).
 */
json_t *cmd_fields_object(enum mgmt_list l, const void *row, double age);
/* How old list l of s is, in seconds; NAN when it was never fetched. */
double cmd_fields_age(const struct mgmt_snapshot *s, enum mgmt_list l);

/* A text table of a list: its columns, the fields behind them, the cells. */
struct cmd_fields_table {
	struct cmd_tab *tab;
	struct cmd_col cols[CMD_TAB_MAX + 1];
	const struct mgmt_field *f[CMD_TAB_MAX];
};
/* The columns of list l, but for fields with a flag in skip (MGMT_F_*). */
void cmd_fields_table(struct cmd_fields_table *t, struct app *a, enum mgmt_list l, unsigned skip);
void cmd_fields_row(struct cmd_fields_table *t, const void *row);

/* Which rows a list command shows (its NAME or PATTERN, --vhost). */
typedef int (*cmd_fields_keep)(const struct cmd_list_wait *w, enum mgmt_list l, const void *row);
/*
 * Print list l of the model's snapshot: the rows keep() takes (all when
 * NULL) as a table and "N queues", or as JSON rows. Returns how many.
 */
int cmd_fields_print(struct app *a, const struct cmd_list_wait *w, enum mgmt_list l,
		     cmd_fields_keep keep);

#endif
