/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * detail: everything about one message as lines of safe text: properties,
 * headers, and the body as text, as a hex dump, and as pretty JSON when it
 * parses. The dashboard's detail view and `show message N` share it.
 */
#ifndef WARREN_DETAIL_H
#define WARREN_DETAIL_H

#include <stddef.h>

#include "msg.h"

enum detail_body { DETAIL_TEXT, DETAIL_HEX, DETAIL_JSON, DETAIL_NMODES };

struct detail_lines {
	char **v;
	size_t n, cap;
};

/* Fill out with the message's lines; the body shown as mode. */
void detail_build(const struct msg_delivery *d, enum detail_body mode, struct detail_lines *out);
void detail_free(struct detail_lines *l);
const char *detail_mode_name(enum detail_body mode);
/* Is the body valid JSON (so the JSON view is worth offering)? */
int detail_is_json(const struct msg_delivery *d);
/* The view that suits the body: JSON when it parses, hex when it is binary. */
enum detail_body detail_default_mode(const struct msg_delivery *d);

#endif
