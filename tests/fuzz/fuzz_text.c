/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_text: the one gate between untrusted bytes and the terminal
 * (src/text.c). Whatever the bytes, text_safe() must give valid UTF-8
 * without control bytes, DEL, C1 or bidi controls, fit the width asked for,
 * and lose nothing but what its cut marker counts: undoing its escapes gives
 * the input back (or, when cut, a prefix of it of the length the marker
 * says). text_fit() must fill its cell exactly and text_hexdump() keep to
 * its line count.
 */
#include "config.h"

#include "text.h"
#include "fuzz.h"

#define FUZZ_ELLIPSIS "\xe2\x80\xa6"

static const size_t fuzz_text_widths[] = {0, 1, 2, 15, 16, 17, 20, 80};
#define FUZZ_TEXT_NWIDTHS (sizeof fuzz_text_widths / sizeof fuzz_text_widths[0])

static int fuzz_text_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t fuzz_text_put_utf8(unsigned char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Undo text_safe()'s escapes in s[0..n); out has room for n bytes. */
static size_t fuzz_text_unescape(const char *s, size_t n, unsigned char *out)
{
	const char *e = s + n;
	size_t k = 0;
	int h1, h2;

	while (s < e) {
		if (*s != '\\') {
			out[k++] = (unsigned char)*s++;
			continue;
		}
		FUZZ_CHECK(s + 1 < e, "a lone backslash at the end");
		switch (s[1]) {
		case '\\': out[k++] = '\\'; s += 2; break;
		case 'n': out[k++] = '\n'; s += 2; break;
		case 'r': out[k++] = '\r'; s += 2; break;
		case 't': out[k++] = '\t'; s += 2; break;
		case 'x':
			FUZZ_CHECK(e - s >= 4, "a cut \\x escape");
			h1 = fuzz_text_hex(s[2]);
			h2 = fuzz_text_hex(s[3]);
			FUZZ_CHECK(h1 >= 0 && h2 >= 0, "a bad \\x escape");
			out[k++] = (unsigned char)(h1 << 4 | h2);
			s += 4;
			break;
		case 'u': {
			unsigned long cp = 0;
			int digits = 0;

			FUZZ_CHECK(e - s >= 4 && s[2] == '{', "a bad \\u escape");
			for (s += 3; s < e && *s != '}'; s++, digits++)
				cp = cp << 4 | (unsigned long)fuzz_text_hex(*s);
			FUZZ_CHECK(s < e && digits >= 4 && digits <= 6 && cp <= 0x10ffff,
				   "a bad \\u{} escape");
			s++;
			k += fuzz_text_put_utf8(out + k, cp);
			break;
		}
		default:
			FUZZ_CHECK(0, "unknown escape \\%c", s[1]);
		}
	}
	return k;
}

/*
 * The cut marker m (after the "…"; NULL when none was found) agrees with
 * the rest bytes not shown: "[+N bytes]", "[+N]", or a bare "…" that does
 * not count; no marker at all only below 16 columns.
 */
static int fuzz_text_marker_ok(const char *m, size_t max_cols, size_t rest)
{
	unsigned long long n;
	char tail[16];

	if (!m)
		return max_cols < 16;
	if (!*m)
		return 1;
	return sscanf(m, "[+%llu%15s", &n, tail) == 2 && n == rest &&
	       (!strcmp(tail, "bytes]") || !strcmp(tail, "]"));
}

static void fuzz_text_safe(const uint8_t *data, size_t size, size_t max_cols, int flags)
{
	char *out = text_safe(data, size, max_cols, flags), *cut;
	size_t len = strlen(out), n, w = text_width(out);
	unsigned char *back = malloc(len + 1);

	fuzz_check_safe(out, flags & TEXT_KEEP_NEWLINES, "text_safe output");
	FUZZ_CHECK(!max_cols || w <= max_cols, "%zu columns wide, asked for %zu", w, max_cols);
	n = fuzz_text_unescape(out, len, back);
	if (n != size || (size && memcmp(back, data, size))) {
		/* cut: what is shown is a prefix, and the marker counts the rest */
		FUZZ_CHECK(max_cols, "text lost without a width limit");
		cut = max_cols >= 16 ? strstr(out, FUZZ_ELLIPSIS) : NULL;
		while (cut && strstr(cut + 3, FUZZ_ELLIPSIS))
			cut = strstr(cut + 3, FUZZ_ELLIPSIS);
		n = fuzz_text_unescape(out, cut ? (size_t)(cut - out) : len, back);
		FUZZ_CHECK(n <= size && (!n || !memcmp(back, data, n)),
			   "shown text is not a prefix of the input (%zu columns)", max_cols);
		FUZZ_CHECK(fuzz_text_marker_ok(cut ? cut + 3 : NULL, max_cols, size - n),
			   "marker '%s' for %zu bytes not shown", cut ? cut : "", size - n);
	}
	free(back);
	free(out);
}

/* text_fit() into a buffer of exactly outsz bytes, so ASan sees overruns. */
static void fuzz_text_fit(const char *s, size_t cols, size_t outsz)
{
	char *out = malloc(outsz ? outsz : 1);
	size_t n = text_fit(out, outsz, s, cols);

	if (outsz) {
		FUZZ_CHECK(n == strlen(out) && n < outsz, "returned %zu for %zu bytes", n,
			   strlen(out));
		fuzz_check_safe(out, 0, "text_fit output");
		if (outsz >= 4 * cols + 1)
			FUZZ_CHECK(text_width(out) == cols, "%zu columns instead of %zu",
				   text_width(out), cols);
	}
	free(out);
}

static void fuzz_text_hexdump(const uint8_t *data, size_t size, size_t max_lines)
{
	char *out = text_hexdump(data, size, max_lines), *p;
	size_t lines = size / 16 + (size % 16 != 0), want, got = 0;

	want = max_lines && lines > max_lines ? max_lines : lines;
	fuzz_check_safe(out, 1, "hexdump");
	for (p = out; (p = strchr(p, '\n')); p++)
		got++;
	FUZZ_CHECK(got == want, "%zu lines instead of %zu", got, want);
	free(out);
}

int fuzz_text(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *safe;
	size_t i;

	for (i = 0; i < FUZZ_TEXT_NWIDTHS; i++) {
		fuzz_text_safe(data, size, fuzz_text_widths[i], 0);
		fuzz_text_safe(data, size, fuzz_text_widths[i], TEXT_KEEP_NEWLINES);
	}
	(void)text_width(s);
	safe = text_safe(data, size, 0, 0);
	for (i = 0; i < FUZZ_TEXT_NWIDTHS; i++) {
		size_t cols = fuzz_text_widths[i];

		fuzz_text_fit(safe, cols, 4 * cols + 1);
		fuzz_text_fit(s, cols, 4 * cols + 1);
		fuzz_text_fit(s, cols, cols / 2 + i);
	}
	fuzz_text_hexdump(data, size, 0);
	fuzz_text_hexdump(data, size, 1);
	fuzz_text_hexdump(data, size, 3);
	free(safe);
	free(s);
	return 0;
}

FUZZ_ENTRY(fuzz_text)
