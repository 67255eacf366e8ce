/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text: everything a broker or a message sends is untrusted, and a terminal
 * obeys escape sequences. text_safe() is the one gate between those bytes and
 * the screen: it decodes UTF-8 itself (so a bad locale or a half-read
 * sequence cannot confuse it), passes printable characters through and turns
 * everything else into a visible escape. It runs for every message of a
 * flood, so it makes one pass with a fast path for plain ASCII and one
 * allocation in the common case.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wcwidth() */
#endif

#include "text.h"
#include "xmalloc.h"

#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

/* "…" is U+2026: 3 bytes, 1 column. */
#define TEXT_ELLIPSIS "\xe2\x80\xa6"

/* Below this width there is no room for a useful marker: just cut. */
#define TEXT_MIN_MARKER_COLS 16

/*
 * Zero-width code points in a row that are kept raw; the rest of the run is
 * escaped. They cost no column, so without a cap "zalgo" text could make a
 * narrow cell megabytes long.
 */
#define TEXT_MAX_ZERO_RUN 8

enum text_marker_style {
	TEXT_MARKER_NONE,    /* max_cols < 16: cut only */
	TEXT_MARKER_FULL,    /* "…[+N bytes]" */
	TEXT_MARKER_COMPACT, /* "…[+N]" when the full one cannot fit */
	TEXT_MARKER_BARE,    /* "…" when not even that fits */
};

struct text_buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Longest unit: "\u{10FFFF}" is 10 bytes. */
#define TEXT_UNIT_MAX 16

/*
 * One rendered piece of input, a character or an escape, written straight
 * to the end of the output and kept only if it fits.
 */
struct text_unit {
	char *s;     /* TEXT_UNIT_MAX bytes of room */
	size_t len;  /* bytes written to s */
	size_t used; /* input bytes it stands for */
	size_t cols;
	int zero; /* a zero-width character, raw or escaped */
};

struct text_render {
	const unsigned char *in;
	size_t len;
	size_t pos;
	struct text_buf out;
	size_t cols;
	size_t max_cols;
	int flags;
	int zero_run;
	enum text_marker_style style;
	size_t reserve; /* widest marker this input can need */
	size_t cut_pos; /* last point where the marker still fits */
	size_t cut_len;
};

static const char text_hex[] = "0123456789abcdef";

static void text_buf_grow(struct text_buf *b, size_t more)
{
	size_t need = b->len + more;

	if (need < b->len)
		abort(); /* the contract: callers never see NULL */
	XGROW(b->p, need, b->cap);
}

static inline void text_buf_reserve(struct text_buf *b, size_t more)
{
	if (b->cap - b->len < more)
		text_buf_grow(b, more);
}

static void text_buf_add(struct text_buf *b, const void *s, size_t n)
{
	text_buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/*
 * Decode one UTF-8 sequence at p (n > 0 bytes available) following Unicode's
 * table 3-7: overlongs, surrogates, code points above U+10FFFF and truncated
 * sequences return 0, so the caller escapes the first byte alone and looks
 * again at the next one. On a NUL-terminated string any n >= 4 is safe: the
 * NUL is not a continuation byte, so decoding never reads past it.
 */
static size_t text_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0) {
		need = 1;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		need = 2;
		v = c & 0x0f;
		lo = c == 0xe0 ? 0xa0 : lo;
		hi = c == 0xed ? 0x9f : hi;
	} else {
		need = 3;
		v = c & 0x07;
		lo = c == 0xf0 ? 0x90 : lo;
		hi = c == 0xf4 ? 0x8f : hi;
	}
	if (n <= need || p[1] < lo || p[1] > hi)
		return 0;
	v = v << 6 | (p[1] & 0x3f);
	for (i = 2; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	*cp = v;
	return need + 1;
}

/* Bidi controls reorder what follows them: they can disguise a line. */
static int text_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Width for measuring: anything a terminal might still draw counts 1. */
static size_t text_cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : (size_t)w;
}

static void text_unit_byte(struct text_unit *u, unsigned char c)
{
	u->s[0] = '\\';
	u->s[1] = 'x';
	u->s[2] = text_hex[c >> 4];
	u->s[3] = text_hex[c & 15];
	u->len = 4;
	u->used = 1;
}

/* The letter of a two-character escape such as "\\n", or 0. */
static char text_short_escape(unsigned char c)
{
	switch (c) {
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	default:
		return 0;
	}
}

static void text_unit_ascii(struct text_unit *u, unsigned char c, int flags)
{
	char e = text_short_escape(c);

	u->used = 1;
	u->len = 1;
	if ((c >= 0x20 && c < 0x7f && (c != '\\' || (flags & TEXT_GUARD_ONLY))) ||
	    (c == '\n' && (flags & TEXT_KEEP_NEWLINES))) {
		u->s[0] = (char)c;
	} else if (e) {
		u->s[0] = '\\';
		u->s[1] = e;
		u->len = 2;
	} else {
		text_unit_byte(u, c);
	}
	u->cols = u->len; /* a kept newline counts one column */
}

/* "\u{XXXX}": at least 4 uppercase hex digits, like U+XXXX. */
static void text_unit_escape_cp(struct text_unit *u, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	int digits = cp > 0xfffff ? 6 : cp > 0xffff ? 5 : 4, i;
	char *o = u->s;

	*o++ = '\\';
	*o++ = 'u';
	*o++ = '{';
	for (i = digits - 1; i >= 0; i--)
		*o++ = hex[cp >> (4 * i) & 15];
	*o++ = '}';
	u->len = (size_t)(o - u->s);
	u->cols = u->len;
}

/*
 * A valid non-ASCII code point: raw when the terminal just draws it,
 * "\u{XXXX}" when it would act on it or when its width is unknown.
 */
static void text_unit_cp(struct text_unit *u, const unsigned char *p,
			 size_t n, uint32_t cp, int flags, int zero_run)
{
	int w = wcwidth((wchar_t)cp);

	u->used = n;
	u->zero = w == 0; /* escaped or not, the run goes on */
	if ((cp >= 0x80 && cp <= 0x9f) || text_is_bidi(cp) || w < 0 ||
	    (w == 0 && zero_run >= TEXT_MAX_ZERO_RUN && !(flags & TEXT_GUARD_ONLY))) {
		text_unit_escape_cp(u, cp);
		return;
	}
	memcpy(u->s, p, n);
	u->len = n;
	u->cols = (size_t)w;
}

static void text_unit_read(struct text_unit *u, const unsigned char *p,
			   size_t n, int flags, int zero_run)
{
	uint32_t cp;
	size_t k;

	u->zero = 0;
	if (p[0] < 0x80) {
		text_unit_ascii(u, p[0], flags);
		return;
	}
	k = text_decode(p, n, &cp);
	if (!k) {
		text_unit_byte(u, p[0]);
		u->cols = u->len;
		return;
	}
	text_unit_cp(u, p, k, cp, flags, zero_run);
}

static size_t text_digits(size_t n)
{
	size_t d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static size_t text_marker_width(enum text_marker_style style, size_t n)
{
	switch (style) {
	case TEXT_MARKER_FULL:
		return 1 + 2 + text_digits(n) + 7; /* …[+N bytes] */
	case TEXT_MARKER_COMPACT:
		return 1 + 2 + text_digits(n) + 1; /* …[+N] */
	case TEXT_MARKER_BARE:
		return 1;
	default:
		return 0;
	}
}

static size_t text_marker(char *m, size_t msz, enum text_marker_style style,
			  size_t n)
{
	switch (style) {
	case TEXT_MARKER_FULL:
		return (size_t)snprintf(m, msz, TEXT_ELLIPSIS "[+%zu bytes]", n);
	case TEXT_MARKER_COMPACT:
		return (size_t)snprintf(m, msz, TEXT_ELLIPSIS "[+%zu]", n);
	case TEXT_MARKER_BARE:
		return (size_t)snprintf(m, msz, TEXT_ELLIPSIS);
	default:
		return 0;
	}
}

/*
 * The count in the marker shrinks as more is shown, so its width depends on
 * where the cut falls. Picking the style from the whole length guarantees
 * that cutting before the first character always fits.
 */
static void text_render_init(struct text_render *r, const void *data,
			     size_t len, size_t max_cols, int flags)
{
	size_t cap;

	memset(r, 0, sizeof *r);
	r->in = data;
	r->len = data ? len : 0;
	r->max_cols = max_cols;
	r->flags = flags;
	if (max_cols >= TEXT_MIN_MARKER_COLS) {
		r->style = TEXT_MARKER_BARE;
		if (text_marker_width(TEXT_MARKER_FULL, r->len) <= max_cols)
			r->style = TEXT_MARKER_FULL;
		else if (text_marker_width(TEXT_MARKER_COMPACT, r->len) <= max_cols)
			r->style = TEXT_MARKER_COMPACT;
	}
	r->reserve = text_marker_width(r->style, r->len);
	cap = max_cols && max_cols < r->len ? max_cols : r->len;
	cap = cap < SIZE_MAX / 8 ? cap + cap / 4 + 48 : cap;
	text_buf_reserve(&r->out, cap);
}

/* Remember this point as a cut when the marker for the rest still fits. */
static void text_render_mark(struct text_render *r)
{
	if (!r->max_cols)
		return;
	if (r->cols + r->reserve <= r->max_cols ||
	    r->cols + text_marker_width(r->style, r->len - r->pos) <= r->max_cols) {
		r->cut_pos = r->pos;
		r->cut_len = r->out.len;
	}
}

/*
 * Fast path: copy a run of printable ASCII at once, as long as the marker
 * cannot be needed inside it. Returns 0 when there is no such run.
 */
static int text_render_run(struct text_render *r)
{
	const unsigned char *p = r->in + r->pos;
	size_t room = r->len - r->pos, n = 0, lim;
	int bs = r->flags & TEXT_GUARD_ONLY; /* a backslash is plain text */

	if (r->max_cols) {
		lim = r->cols + r->reserve < r->max_cols
			      ? r->max_cols - r->cols - r->reserve
			      : 0;
		room = lim < room ? lim : room;
	}
	while (n < room && p[n] >= 0x20 && p[n] < 0x7f && (p[n] != '\\' || bs))
		n++;
	if (!n)
		return 0;
	text_buf_add(&r->out, p, n);
	r->pos += n;
	r->cols += n;
	r->zero_run = 0;
	text_render_mark(r);
	return 1;
}

/* One character or escape. Returns 0 when it does not fit any more. */
static int text_render_unit(struct text_render *r)
{
	struct text_unit u;

	text_buf_reserve(&r->out, TEXT_UNIT_MAX);
	u.s = r->out.p + r->out.len;
	text_unit_read(&u, r->in + r->pos, r->len - r->pos, r->flags,
		       r->zero_run);
	if (r->max_cols && r->cols + u.cols > r->max_cols)
		return 0;
	r->out.len += u.len;
	r->pos += u.used;
	r->cols += u.cols;
	r->zero_run = u.zero ? r->zero_run + 1 : 0;
	text_render_mark(r);
	return 1;
}

static void text_render_cut(struct text_render *r)
{
	char m[64];
	size_t n;

	r->out.len = r->cut_len;
	n = text_marker(m, sizeof m, r->style, r->len - r->cut_pos);
	text_buf_add(&r->out, m, n);
}

char *text_safe(const void *data, size_t len, size_t max_cols, int flags)
{
	struct text_render r;

	text_render_init(&r, data, len, max_cols, flags);
	while (r.pos < r.len) {
		if (text_render_run(&r))
			continue;
		if (!text_render_unit(&r)) {
			text_render_cut(&r);
			break;
		}
	}
	text_buf_add(&r.out, "", 1);
	return r.out.p;
}

size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	uint32_t cp;

	if (!p)
		return 0;
	while (*p) {
		n = text_decode(p, 4, &cp);
		w += n ? text_cp_width(cp) : 1;
		p += n ? n : 1;
	}
	return w;
}

size_t text_utf8_char(const void *p, size_t n, uint32_t *cp)
{
	return n ? text_decode(p, n, cp) : 0;
}

char *text_guard(const char *s)
{
	return text_safe(s, s ? strlen(s) : 0, 0, TEXT_GUARD_ONLY);
}

/*
 * The character at p for text_fit(), rendered like text_guard() does: a
 * character a terminal only draws is itself, one it could act on (or a
 * byte that is not UTF-8) its visible escape. text_fit() feeds the screen
 * directly, so it must not trust that its input is safe.
 */
static void text_fit_char(const unsigned char *p, struct text_unit *u)
{
	/* a NUL-terminated string: 4 bytes never read past its end */
	text_unit_read(u, p, 4, TEXT_GUARD_ONLY, 0);
}

size_t text_fit(char *out, size_t outsz, const char *s, size_t cols)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = 0, used = 0, pad, room;
	char unit[TEXT_UNIT_MAX];
	struct text_unit u = {.s = unit};

	if (!outsz)
		return 0;
	/* Spaces to pad with never exceed what outsz can hold. */
	room = outsz - 1;
	pad = cols < room ? cols : room;
	while (*p && cols) {
		text_fit_char(p, &u);
		/* Stop when it overflows the cell, or leaves no room to pad. */
		if (used + u.cols > cols ||
		    len + u.len + (pad > used + u.cols ? pad - used - u.cols : 0) > room)
			break;
		memcpy(out + len, u.s, u.len);
		len += u.len;
		used += u.cols;
		p += u.used;
	}
	while (used < cols && len + 1 < outsz) {
		out[len++] = ' ';
		used++;
	}
	out[len] = '\0';
	return len;
}

static void text_hexdump_line(struct text_buf *b, size_t off,
			      const unsigned char *p, size_t n)
{
	char line[128];
	size_t k = (size_t)snprintf(line, 32, "%08zx ", off), i;

	for (i = 0; i < 16; i++) {
		if (i == 8)
			line[k++] = ' ';
		line[k++] = ' ';
		line[k++] = i < n ? text_hex[p[i] >> 4] : ' ';
		line[k++] = i < n ? text_hex[p[i] & 15] : ' ';
	}
	memcpy(line + k, "  |", 3);
	k += 3;
	for (i = 0; i < n; i++)
		line[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
	memcpy(line + k, "|\n", 2);
	text_buf_add(b, line, k + 2);
}

char *text_hexdump(const void *data, size_t len, size_t max_lines)
{
	const unsigned char *p = data;
	size_t lines = len / 16 + (len % 16 != 0), shown = lines, i;
	struct text_buf b = {0};
	char more[64];

	if (!p)
		lines = shown = len = 0;
	if (max_lines && lines > max_lines)
		shown = max_lines - 1;
	text_buf_reserve(&b, shown < SIZE_MAX / 128 ? shown * 80 + 64 : 64);
	for (i = 0; i < shown; i++)
		text_hexdump_line(&b, i * 16, p + i * 16,
				  len - i * 16 < 16 ? len - i * 16 : 16);
	if (shown < lines) {
		size_t rest = len - shown * 16;

		text_buf_add(&b, more,
			     (size_t)snprintf(more, sizeof more,
					      "... (%zu more byte%s)\n", rest,
					      rest == 1 ? "" : "s"));
	}
	text_buf_add(&b, "", 1);
	return b.p;
}

void text_init_locale(void)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8")))
		return;
	/*
	 * In a C or Latin-1 locale wcwidth() rejects every non-ASCII
	 * character, so all text would come out as \u{...} escapes.
	 */
	setlocale(LC_CTYPE, "C.UTF-8");
}

/* The character at s: its byte length, its code point in *cp and its width in *cw. */
static size_t text_next_char(const char *s, uint32_t *cp, size_t *cw)
{
	size_t k = text_utf8_char(s, strlen(s), cp);

	if (!k)
		k = 1, *cp = '?';
	*cw = text_cp_width(*cp);
	return k;
}

/* Where the line that starts at s must end to fit cols; *next: where the next one starts. */
static size_t text_wrap_end(const char *s, size_t cols, const char **next)
{
	size_t i = 0, w = 0, cut = 0, k, cw;
	uint32_t cp;

	while (s[i]) {
		k = text_next_char(s + i, &cp, &cw);
		if (w + cw > cols && i) {
			if (cut) { /* at the last space */
				*next = s + cut + 1;
				return cut;
			}
			*next = s + i;
			return i;
		}
		if (cp == ' ')
			cut = i;
		w += cw;
		i += k;
	}
	*next = s + i;
	return i;
}

size_t text_wrap(const char *s, size_t cols, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0, len;
	const char *next;

	if (!cols)
		cols = 1;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		len = text_wrap_end(s, cols, &next);
		while (len && s[len - 1] == ' ')
			len--;
		XGROW(v, n + 1, cap);
		v[n++] = xstrndup(s, len);
		s = next;
	}
	*out = v;
	return n;
}

/* The byte length of the longest start of s within cols columns. */
static size_t text_cols_prefix(const char *s, size_t cols)
{
	size_t i = 0, w = 0, k, cw;
	uint32_t cp;

	while (s[i]) {
		k = text_next_char(s + i, &cp, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	return i;
}

char *text_elide(const char *s, size_t cols)
{
	size_t width = text_width(s), head, tail, skip, hb, tb;

	if (width <= cols)
		return xstrdup(s);
	if (cols < 2)
		return xstrndup(s, text_cols_prefix(s, cols));
	head = (cols - 1) / 3;
	tail = cols - 1 - head;
	hb = text_cols_prefix(s, head);
	/* the end: skip what leaves at most tail columns */
	skip = text_cols_prefix(s, width - tail);
	while (s[skip] && text_width(s + skip) > tail)
		skip += text_utf8_char(s + skip, strlen(s + skip), &(uint32_t){0}) ?: 1;
	tb = strlen(s + skip);
	return xasprintf("%.*s…%.*s", (int)hb, s, (int)tb, s + skip);
}

size_t text_width_cp(uint32_t cp)
{
	return text_cp_width(cp);
}
