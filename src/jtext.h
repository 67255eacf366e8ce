/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jtext: raw bytes into JSON exactly, and JSON into lines a terminal cannot
 * be hurt by.
 *
 * JSON strings are Unicode, and bytes from a broker need not be UTF-8. A
 * member whose bytes are valid UTF-8 is the exact string (control
 * characters in JSON escapes). One that is not gets, besides the string
 * with each bad byte replaced by U+FFFD, a member NAME_base64 with the exact
 * bytes. Inside header tables (whose names are the broker's) and arrays,
 * such a value is the object {"base64": "..."} instead.
 */
#ifndef WARREN_JTEXT_H
#define WARREN_JTEXT_H

#include <jansson.h>
#include <stddef.h>

/* Is it strict UTF-8 (NUL allowed)? */
int jtext_is_utf8(const void *data, size_t len);
/* The bytes as a JSON string, each invalid byte as U+FFFD; never NULL. */
json_t *jtext_string(const void *data, size_t len);
/* Standard base64 with padding; malloc'd. */
char *jtext_base64(const void *data, size_t len);
/* Set o[key] to the bytes exactly as described above (and key_base64). */
void jtext_set(json_t *o, const char *key, const void *data, size_t len);
/* A C string: jtext_set; nothing for NULL. */
void jtext_set_str(json_t *o, const char *key, const char *s);
/* A value inside a table or an array: a string, or {"base64": ...}. */
json_t *jtext_value(const void *data, size_t len);
/*
 * One line of JSON: compact, ASCII only (JSON_ENSURE_ASCII plus flags),
 * and DEL, which JSON allows raw, as \u007F. Malloc'd; "{}" on failure.
 */
char *jtext_dump(const json_t *j, size_t flags);

#endif
