/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evfmt: log entries as text lines (batch mode, the dashboard's log) and as
 * JSON objects (--json). Everything that came from the broker or a message
 * is made safe here, and passwords in URLs are masked.
 */
#ifndef WARREN_EVFMT_H
#define WARREN_EVFMT_H

#include <stddef.h>

#include "ring.h"

#define EVFMT_BODY_COLS 256 /* body preview width in batch lines */

/* One or more lines (no trailing newline); malloc'd. */
char *evfmt_text(const struct log_entry *e, size_t body_cols);
/* One JSON object on one line; malloc'd. */
char *evfmt_json(const struct log_entry *e);
/* The safe text of a settled event ("settle #3..#5 requeued ..."). */
char *evfmt_settled(const struct log_entry *e);

#endif
