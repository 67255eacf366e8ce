/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_fields: one descriptor table per list of the broker view, in the
 * spirit of htop's Process_fields[]. A row says where a field comes from in
 * the management API (its key or dotted path), what it is (its type), where
 * it lives in the row struct of mgmt.h (offsetof), its name in `list
 * --json` and in the panes' column tables, and its column in the text table
 * of `list ...` (header, alignment, width, format).
 *
 * Everything else reads the tables: the columns= parameter of each request
 * (mgmt_fields_columns), the decoder (mgmt_decode.c, one loop for every
 * list), freeing a row (mgmt_fields_free), the text tables and JSON rows
 * (cmd_fields.c) and the panes' cells (pane_cols.c). Adding a column is one
 * line in a table below, plus its struct member.
 *
 * Absent values are decided once, by type: a count or a rate that is not
 * known holds MGMT_ABSENT (-1; counts and rates are never negative
 * otherwise), printed "-" in tables and panes and null in JSON. A rate the
 * broker did not send reads absent (mgmt_rates may then compute it); a
 * count reads 0 unless its row has MGMT_F_MAYBE.
 */
#ifndef WARREN_MGMT_FIELDS_H
#define WARREN_MGMT_FIELDS_H

#include <stddef.h>

#include "mgmt.h"

/* A count or rate that is not known (see the top). */
#define MGMT_ABSENT (-1)
#define mgmt_known(v) ((v) >= 0) /* NaN, which no decoder lets through, is not known either */

/* What a field is: how it is decoded, stored, freed and printed in JSON. */
enum mgmt_type {
	MGMT_T_NONE,  /* nothing stored: a JSON key worked out from the row (see the formats) */
	MGMT_T_STR,   /* char *, NULL when absent; JSON: the exact string or null */
	MGMT_T_ARGS,  /* char *: an arguments object as raw "k=v, ..." text, NULL when empty */
	MGMT_T_PEER,  /* char *: "host:port" from the API's <api>_host and <api>_port */
	MGMT_T_STRV,  /* char ** with its size_t length at aux; JSON: a list, left out when empty */
	MGMT_T_COUNT, /* long long, 0..MGMT_COUNT_MAX or MGMT_ABSENT; JSON: an integer */
	MGMT_T_RATE,  /* double, 0..MGMT_RATE_MAX or MGMT_ABSENT (per second); JSON: a number */
	MGMT_T_DELTA, /* double, either sign, always known (a change per second) */
	MGMT_T_BOOL,  /* int, 1 when the API says true */
};

/* How a field reads in a text table (and, for some, in JSON). */
enum mgmt_fmt {
	MGMT_FMT_PLAIN,	    /* by type: text as is, counts, rates "1.5", yes/no */
	MGMT_FMT_BYTES,	    /* a byte count or rate: 1.2kB */
	MGMT_FMT_OR,	    /* the string, or the string at aux when this one is NULL */
	MGMT_FMT_CLIENT,    /* the string or "?", then the one at aux (a version; 0: none) */
	MGMT_FMT_MARK,	    /* true: "*" (warren's own) */
	MGMT_FMT_NOT,	    /* a bool printed negated (JSON "statistics" of no_stats) */
	MGMT_FMT_ACK,	    /* true: "manual", false: "auto" */
	MGMT_FMT_PREFETCH,  /* 0: "unlimited" */
	MGMT_FMT_EXCHANGE,  /* "": "(AMQP default)" */
	MGMT_FMT_UPTIME,    /* milliseconds as "3d 4h", "2h 5m", "1m 3s" */
	MGMT_FMT_OF,	    /* bytes "used / limit", the limit at aux */
	MGMT_FMT_ALARM,	    /* true: "ALARM: publishers blocked", false: "ok" */
	MGMT_FMT_UNFETCHED, /* a count from a list not fetched yet: absent is "?" */
	/* queues: a quorum or stream queue's members (small hooks) */
	MGMT_FMT_QSTATE,   /* the state, or "NO MAJORITY: unavailable" */
	MGMT_FMT_ONLINE,   /* online/members "2/3" or "-"; JSON: a list, when it has members */
	MGMT_FMT_MAJORITY, /* JSON: more than half the members online, when it has members */
	MGMT_FMT_AGE,	   /* JSON: seconds since the list was fetched */
};

/* Flags of a field. */
#define MGMT_F_KEY 1u	   /* an item without it is an error: nothing can show it */
#define MGMT_F_STATS 2u	   /* only with statistics: not asked for in the list without them */
#define MGMT_F_MAYBE 4u	   /* a count the API may leave out: then absent, not 0 */
#define MGMT_F_TRUE 8u	   /* a bool that is true unless the API says false */
#define MGMT_F_INTERNAL 16u /* not printed: kept for rates and links */
#define MGMT_F_OWNER 32u   /* says whose row it is (a consumer's queue): not in show queue */

/* Widths of text table cells: a name, any other text (0: no limit). */
#define MGMT_W_NAME 48
#define MGMT_W_TEXT 32

struct mgmt_field {
	const char *name;    /* in JSON rows and pane tables ("unacked") */
	const char *api;     /* key or dotted path in the API; NULL: worked out by warren */
	enum mgmt_type type;
	size_t off;	     /* offsetof() in the row struct */
	unsigned flags;	     /* MGMT_F_* */
	const char *head;    /* text table header, '>' first: right-aligned; NULL: no column */
	unsigned width;	     /* text table: the widest cell, cut with a marker; 0: no limit */
	enum mgmt_fmt fmt;
	size_t aux;	     /* STRV: its length; OR, CLIENT, OF: the other field */
};

#define MGMT_MAX_KEYS 6
struct mgmt_list_desc {
	const char *name; /* "queues": the API path, and the "list" key of JSON rows */
	const char *one;  /* "queue" */
	size_t size;	  /* of a row */
	const struct mgmt_field *fields;
	size_t nfields;
	size_t rows, count;	       /* offsetof() its array and its length in mgmt_snapshot */
	size_t keys[MGMT_MAX_KEYS]; /* the text fields a list is sorted by, and rows told apart */
	size_t nkeys;
};

const struct mgmt_list_desc *mgmt_list_desc(enum mgmt_list l);
/* The field of list l of that name, or NULL. */
const struct mgmt_field *mgmt_field_find(enum mgmt_list l, const char *name);

/*
 * The columns= parameter for list l: every field the API sends (without
 * the MGMT_F_STATS ones when stats is 0). malloc'd.
 */
char *mgmt_fields_columns(enum mgmt_list l, int stats);

/* Rows of list l in the order of its keys (NULL is ""): <0, 0, >0. */
int mgmt_fields_cmp(enum mgmt_list l, const void *a, const void *b);

/* The rows of list l in s, and how many. */
const void *mgmt_fields_rows(const struct mgmt_snapshot *s, enum mgmt_list l, size_t *n);

/* Free what a row of list l holds (not the row). */
void mgmt_fields_free(enum mgmt_list l, void *row);

/* A row's value at an offset (a field's off or aux). */
static inline const char *mgmt_str_at(const void *row, size_t off)
{
	return *(char *const *)(const void *)((const char *)row + off);
}
static inline char *const *mgmt_strv_at(const void *row, size_t off)
{
	return *(char **const *)(const void *)((const char *)row + off);
}
static inline long long mgmt_count_at(const void *row, size_t off)
{
	return *(const long long *)(const void *)((const char *)row + off);
}
static inline double mgmt_rate_at(const void *row, size_t off)
{
	return *(const double *)(const void *)((const char *)row + off);
}
static inline int mgmt_bool_at(const void *row, size_t off)
{
	return *(const int *)(const void *)((const char *)row + off);
}
static inline size_t mgmt_size_at(const void *row, size_t off)
{
	return *(const size_t *)(const void *)((const char *)row + off);
}

#endif
