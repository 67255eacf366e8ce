/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_list: what the list commands (cmd_list.c: waiting for data, the
 * entries) and their printers (cmd_list_print.c: one table per list) share.
 */
#ifndef WARREN_CMD_LIST_H
#define WARREN_CMD_LIST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "mgmt.h"

struct app;
struct cmd_list_wait;

struct cmd_list_kind {
	const struct cmd_entry *entry;
	int lists; /* what it needs fetched: MGMT_BIT()s */
	/* print the rows; -1 when it reported an error instead */
	int (*print)(struct app *a, const struct cmd_list_wait *w);
	int force; /* always fetch, even when the poller's data is recent */
	int detail; /* the queue named by the argument, with its statistics (show queue) */
};

/* A list command waiting for the poller: its job's data. */
struct cmd_list_wait {
	const struct cmd_list_kind *kind;
	uint64_t seq;
	int cached; /* 1: --cached; 2: the poller's data is recent enough */
	int has_arg, has_vhost;
	char arg[256];
	char vhost[256];
};

/* Consumers name their connection's client and their channel's unacked count. */
#define CMD_LIST_NEEDS_connections MGMT_BIT(MGMT_CONNECTIONS)
#define CMD_LIST_NEEDS_queues MGMT_BIT(MGMT_QUEUES)
#define CMD_LIST_NEEDS_consumers                                                          \
	(MGMT_BIT(MGMT_CONSUMERS) | MGMT_BIT(MGMT_CONNECTIONS) | MGMT_BIT(MGMT_CHANNELS))
#define CMD_LIST_NEEDS_channels MGMT_BIT(MGMT_CHANNELS)
#define CMD_LIST_NEEDS_exchanges MGMT_BIT(MGMT_EXCHANGES)
#define CMD_LIST_NEEDS_bindings MGMT_BIT(MGMT_BINDINGS)
#define CMD_LIST_NEEDS_nodes (MGMT_BIT(MGMT_NODES) | MGMT_BIT(MGMT_CONNECTIONS))
#define CMD_LIST_NEEDS_show_queue (CMD_LIST_NEEDS_consumers | MGMT_BIT(MGMT_QUEUES))

int cmd_list_print_connections(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_queues(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_consumers(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_channels(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_exchanges(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_bindings(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_nodes(struct app *a, const struct cmd_list_wait *w);
int cmd_list_print_show_queue(struct app *a, const struct cmd_list_wait *w);

/* Run a list command: print at once (--cached) or ask the poller and wait. */
enum cmd_result cmd_list_run(struct job *j, const struct cmd_args *args,
			     const struct cmd_list_kind *kind);

/* Filters: the NAME / PATTERN argument, and --vhost. */
int cmd_list_match(const struct cmd_list_wait *w, const char *name);
int cmd_list_vhost_ok(const struct cmd_list_wait *w, const char *vhost);

/*
 * Tables: columns (a title, '>' first for a right-aligned number, and the
 * widest a cell may be), rows of cells. Cells hold raw text (the broker's
 * strings as they are): cmd_tab_print escapes each one, cut to its column's
 * width with a marker.
 */
#define CMD_TAB_MAX 16
struct cmd_col {
	const char *title; /* NULL ends the list */
	size_t max;	   /* columns; 0: no limit */
};
struct cmd_tab {
	struct app *a;
	const struct cmd_col *cols;
	int ncols;
	char **cells; /* malloc'd raw text, NULL for empty */
	size_t nrows, cap;
};
struct cmd_tab *cmd_tab_new(struct app *a, const struct cmd_col *cols);
char **cmd_tab_row(struct cmd_tab *t); /* ncols cells to fill */
void cmd_tab_print(struct cmd_tab *t); /* and free it */
void cmd_tab_free(struct cmd_tab *t);

/* A ready line (text or JSON) to the log. Takes line. */
void cmd_list_emit(struct app *a, char *line);
/* Broker text made safe, at most cols columns (0: no limit); malloc'd. */
char *cmd_list_safe(const char *s, size_t cols);
char *cmd_list_rate(double r); /* "-" for an unknown rate (< 0) */
char *cmd_list_bytes(double b);
char *cmd_list_num(long long n);

/* JSON rows: exact strings (jtext_set; NULL is null); emit adds "list" and takes o. */
void cmd_json_str(json_t *o, const char *key, const char *s);
void cmd_json_emit(struct app *a, const char *list, json_t *o);

#endif
