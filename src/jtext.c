/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jtext: see jtext.h. Every JSON line warren prints is made by jtext_dump,
 * so --json output is printable ASCII: the terminal gets no raw byte from
 * the broker, and a script gets the exact data back from the escapes.
 */
#include "config.h"

#include "jtext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "text.h"

int jtext_is_utf8(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = text_utf8_char(p + i, len - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* The bytes with each one that is not UTF-8 replaced by U+FFFD. */
static json_t *jtext_replaced(const unsigned char *p, size_t len)
{
	char *out = msg_alloc(len * 3 + 1);
	size_t i = 0, o = 0, k;
	uint32_t cp;
	json_t *j;

	while (i < len) {
		k = text_utf8_char(p + i, len - i, &cp);
		if (k) {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
			continue;
		}
		memcpy(out + o, "\xef\xbf\xbd", 3);
		o += 3;
		i++;
	}
	j = json_stringn(out, o);
	free(out);
	return j ? j : json_string("");
}

json_t *jtext_string(const void *data, size_t len)
{
	json_t *j = data ? json_stringn(data, len) : json_string("");

	return j ? j : jtext_replaced(data, len);
}

char *jtext_base64(const void *data, size_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *out = msg_alloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < len) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[(p[i] & 3) << 4 | (i + 1 < len ? p[i + 1] >> 4 : 0)];
		*o++ = i + 1 < len ? b64[(p[i + 1] & 15) << 2] : '=';
		*o++ = '=';
	}
	*o = 0;
	return out;
}

void jtext_set(json_t *o, const char *key, const void *data, size_t len)
{
	char *name, *b64;

	json_object_set_new(o, key, jtext_string(data, len));
	if (!data || jtext_is_utf8(data, len))
		return;
	name = msg_printf("%s_base64", key);
	b64 = jtext_base64(data, len);
	json_object_set_new(o, name, json_string(b64));
	free(b64);
	free(name);
}

void jtext_set_str(json_t *o, const char *key, const char *s)
{
	if (s)
		jtext_set(o, key, s, strlen(s));
}

json_t *jtext_value(const void *data, size_t len)
{
	json_t *j = data ? json_stringn(data, len) : json_string("");
	char *b64;

	if (j)
		return j;
	b64 = jtext_base64(data, len);
	j = json_pack("{ss}", "base64", b64);
	free(b64);
	return j ? j : json_null();
}

char *jtext_dump(const json_t *j, size_t flags)
{
	char *s = json_dumps(j, flags | JSON_COMPACT | JSON_ENSURE_ASCII), *out, *p;
	size_t dels = 0, o = 0;

	if (!s)
		return msg_strdup("{}");
	for (p = s; *p; p++)
		dels += *p == 0x7f;
	if (!dels)
		return s;
	out = msg_alloc(strlen(s) + dels * 5 + 1);
	for (p = s; *p; p++) {
		if (*p == 0x7f) {
			memcpy(out + o, "\\u007F", 6); /* as jansson writes escapes */
			o += 6;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = 0;
	free(s);
	return out;
}
