/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evfmt: log entries as text lines (batch mode, the dashboard's log) and as
 * JSON objects (--json). Entries carry raw data; it is made safe here, once,
 * and passwords in URLs are masked. Free text (results, notices, command
 * output) is escaped as a whole; a line built from fields (a delivery)
 * escapes each field; rows and detail lines (e->safe, LOG_ROW) were built
 * from escaped fields and pass as they are. JSON carries the exact data
 * (jtext.h).
 */
#ifndef WARREN_EVFMT_H
#define WARREN_EVFMT_H

#include <stddef.h>

#include "ring.h"

#define EVFMT_BODY_COLS 256 /* body preview width in batch lines */

/* One line (no trailing newline); malloc'd. */
char *evfmt_text(const struct log_entry *e, size_t body_cols);
/*
 * The line batch mode writes: evfmt_text (bodies EVFMT_BODY_COLS wide) or
 * evfmt_json, through text_guard(), the last gate before the terminal.
 */
char *evfmt_line(const struct log_entry *e, int json);
/* One JSON object on one line; malloc'd. */
char *evfmt_json(const struct log_entry *e);
/* The safe text of a settled event ("settle #3..#5 requeued ..."). */
char *evfmt_settled(const struct log_entry *e);

#endif
