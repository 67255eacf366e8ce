/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uri: AMQP and management URLs, as users type them.
 *
 * The parser follows RabbitMQ's URI spec (the authority ends at the first
 * '/' or '?', userinfo and vhost are percent-decoded) but is lenient where a
 * user cannot be misunderstood: a bare "host" or "host:port" means amqp, a
 * password with a raw '@' is split at the last '@'. Error messages are shown
 * verbatim, so whatever of the input they quote is masked (no password) and
 * passed through text_safe() (no escape sequences).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "uri.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define URI_EXPECTED "expected amqp://user:pass@host:port/vhost"

/* Columns of user input quoted in an error message. */
#define URI_QUOTE_COLS 48

static const struct uri_scheme_info {
	const char *name;
	int port;
} uri_schemes[] = {
	[URI_AMQP] = {"amqp", 5672},
	[URI_AMQPS] = {"amqps", 5671},
	[URI_HTTP] = {"http", 15672},
	[URI_HTTPS] = {"https", 15671},
};

#define URI_NSCHEMES (sizeof uri_schemes / sizeof uri_schemes[0])

struct uri_ctx {
	const char *text; /* without surrounding blanks, for messages */
	size_t textlen;
	struct uri *u;
	char *err;
	size_t errlen;
};

static void *uri_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort(); /* like text_safe(): out of memory is not recoverable */
	return p;
}

static char *uri_strndup(const char *s, size_t n)
{
	char *p = uri_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int uri_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int uri_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int uri_is_unreserved(int c)
{
	return uri_is_alpha(c) || uri_is_digit(c) || (c && strchr("-._~", c));
}

static int uri_hex(int c)
{
	if (uri_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char *uri_rfind(const char *s, const char *e, int c)
{
	while (e > s)
		if (*--e == c)
			return e;
	return NULL;
}

static const char *uri_find_any(const char *s, const char *e, const char *set)
{
	while (s < e && !strchr(set, *s))
		s++;
	return s;
}

static const char *uri_memmem(const char *s, const char *e, const char *needle)
{
	return s < e ? memmem(s, (size_t)(e - s), needle, strlen(needle)) : NULL;
}

/* Where a word of free text ends: a URL in it ends there too. */
static int uri_word_stop(int c)
{
	return !c || strchr(" \t\r\n\"'<>`", c);
}

/* The end of the line at s, or the next "://" before it. */
static const char *uri_line_end(const char *s, const char *e)
{
	const char *nl = memchr(s, '\n', (size_t)(e - s)), *sep;

	e = nl ? nl : e;
	sep = uri_memmem(s, e, "://");
	return sep ? sep : e;
}

static char *uri_put(char *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o, s, n);
	return o + n;
}

/*
 * snprintf() may have cut err inside a UTF-8 sequence: drop the partial
 * character so that the message stays valid text.
 */
static void uri_err_trim(char *s, size_t size)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	if (n + 1 < size)
		return;
	while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (c = (unsigned char)s[i - 1]) < 0xc0)
		return;
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Error with a piece of input quoted safely: "<before>'<piece>'<after>". */
static int uri_fail_quote(struct uri_ctx *c, const char *before,
			  const char *s, size_t n, const char *after)
{
	char *q;

	if (!c->err || !c->errlen)
		return -1;
	q = text_safe(s, n, URI_QUOTE_COLS, 0);
	snprintf(c->err, c->errlen, "%s'%s'%s", before, q, after);
	uri_err_trim(c->err, c->errlen);
	free(q);
	return -1;
}

/* Where the authority starts: after "scheme://", else at s (a bare host). */
static const char *uri_skip_scheme(const char *s, const char *e)
{
	const char *p = s;

	if (p < e && uri_is_alpha(*p))
		while (p < e && (uri_is_alpha(*p) || uri_is_digit(*p) || strchr("+-.", *p)))
			p++;
	return e - p >= 3 && !memcmp(p, "://", 3) ? p + 3 : s;
}

/* s..e is a port number, or the first of a host list ("5672,h2:5673"). */
static int uri_is_port(const char *s, const char *e)
{
	const char *p = s;

	while (p < e && uri_is_digit(*p))
		p++;
	return p > s && (p == e || *p == ',');
}

/*
 * THE rule for where a password is, shared by the parser and by every mask
 * (history, records, error messages, status, JSON). The URL's authority
 * starts at s (after "scheme://", or at the start of a bare word) and the
 * URL ends at w. The password runs from the first ':' to the '@' that ends
 * the user info: the last '@' before the first '/' or '?' (RFC 3986), else
 * the last '@' before w (a raw '/' or '?' in the password: the parser
 * refuses such a URL, and must not show the password when it says so).
 * In free text after "scheme://" (text set; more is the end of its line or
 * the next "://"), a URL with no '@' but a ':' that no port follows hides
 * up to the last '@' before more (a password with a raw space or quote),
 * else up to the end of its authority ("amqp://user:secret" is a host and
 * a bad port to the parser, which does not quote it). Returns where the
 * password starts and sets *at to where it ends, or NULL (no password);
 * *at is also set when there is a user name only.
 */
static const char *uri_secret(const char *s, const char *w, const char *more, int text,
			      const char **at)
{
	const char *a = uri_find_any(s, w, "/?"), *c;

	*at = uri_rfind(s, a, '@');
	if (!*at)
		*at = uri_rfind(a, w, '@');
	if (*at)
		return (c = memchr(s, ':', (size_t)(*at - s))) ? c + 1 : NULL;
	if (!text)
		return NULL;
	c = s < a && *s == '[' ? memchr(s, ']', (size_t)(a - s)) : s;
	if (!c || !(c = memchr(c, ':', (size_t)(a - c))) || uri_is_port(c + 1, a))
		return NULL;
	/* masked already (a message quoting a URL masked by the parser) */
	if (a - c == 4 && !memcmp(c + 1, "***", 3))
		return NULL;
	*at = uri_rfind(w, more, '@');
	if (!*at)
		*at = a;
	return c + 1;
}

/* s..e with every password masked (one "***" per password). malloc'd. */
static char *uri_mask_spans(const char *s, const char *e,
			    const char *(*next)(const char *, const char *, const char *,
						const char **))
{
	size_t n = (size_t)(e - s) + 1;
	const char *p = s, *pw, *at;
	char *out, *o;

	for (pw = s; (pw = next(s, pw, e, &at)); pw = at)
		n += 3;
	o = out = uri_xmalloc(n);
	for (pw = s; (pw = next(s, pw, e, &at)); p = pw = at) {
		memcpy(o, p, (size_t)(pw - p));
		o = uri_put(o + (pw - p), "***");
	}
	memcpy(o, p, (size_t)(e - p));
	o[e - p] = '\0';
	return out;
}

/* The one password of the single URL s..e (as the parser reads it). */
static const char *uri_next_in_url(const char *s, const char *from, const char *e,
				   const char **at)
{
	const char *pw;

	if (from != s)
		return NULL;
	pw = uri_secret(uri_skip_scheme(s, e), e, e, 1, at);
	return pw;
}

/* "bad URL '<masked text>': <why>; expected amqp://..." */
static int uri_fail(struct uri_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int uri_fail(struct uri_ctx *c, const char *fmt, ...)
{
	char why[256], *masked, *q;
	va_list ap;

	if (!c->err || !c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	masked = uri_mask_spans(c->text, c->text + c->textlen, uri_next_in_url);
	q = text_safe(masked, strlen(masked), URI_QUOTE_COLS, 0);
	snprintf(c->err, c->errlen, "bad URL '%s': %s; " URI_EXPECTED, q, why);
	uri_err_trim(c->err, c->errlen);
	free(q);
	free(masked);
	return -1;
}

/* Percent-decode s..e into a new string; what names it in errors. */
static char *uri_decode(struct uri_ctx *c, const char *s, const char *e,
			const char *what)
{
	char *out = uri_xmalloc((size_t)(e - s) + 1), *o = out;
	int hi, lo;

	while (s < e) {
		if (*s != '%') {
			*o++ = *s++;
			continue;
		}
		if (e - s < 3 || (hi = uri_hex(s[1])) < 0 ||
		    (lo = uri_hex(s[2])) < 0) {
			uri_fail(c, "bad %%-escape in the %s (write '%%' as %%25)",
				 what);
			break;
		}
		if (!hi && !lo) {
			uri_fail(c, "%%00 is not allowed in the %s", what);
			break;
		}
		*o++ = (char)(hi << 4 | lo);
		s += 3;
	}
	*o = '\0';
	if (s < e) {
		free(out);
		return NULL;
	}
	return out;
}

/* Characters no URL may hold: say which and how to write it instead. */
static int uri_check_chars(struct uri_ctx *c, const char *s, const char *e)
{
	for (; s < e; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == ' ')
			return uri_fail(c, "a space must be written %%20");
		if (ch < 0x20 || ch == 0x7f)
			return uri_fail(c, "control characters are not allowed");
		if (ch == '#')
			return uri_fail(c, "'#' is not allowed (in a password "
					   "or vhost write it %%23)");
	}
	return 0;
}

/*
 * Returns where the authority starts: after "scheme://", or s itself for a
 * bare "host[:port]", which means amqp. NULL on error.
 */
static const char *uri_parse_scheme(struct uri_ctx *c, const char *s,
				    const char *e)
{
	const char *p = s;
	size_t i, n;

	if (p < e && uri_is_alpha(*p))
		while (p < e && (uri_is_alpha(*p) || uri_is_digit(*p) ||
				 strchr("+-.", *p)))
			p++;
	n = (size_t)(p - s);
	c->u->scheme = URI_AMQP;
	for (i = 0; i < URI_NSCHEMES; i++)
		if (strlen(uri_schemes[i].name) == n &&
		    !strncasecmp(s, uri_schemes[i].name, n))
			break;
	if (e - p >= 3 && !memcmp(p, "://", 3)) {
		if (i == URI_NSCHEMES) {
			uri_fail_quote(c, "unsupported scheme ", s, n,
				       " in URL (use amqp:// or amqps://)");
			return NULL;
		}
		c->u->scheme = (enum uri_scheme)i;
		return p + 3;
	}
	/* "amqp:/host" is a typo, but "amqp:5672" is a host named amqp. */
	if (i < URI_NSCHEMES && p < e && *p == ':' &&
	    (p + 1 == e || !uri_is_digit(p[1]))) {
		uri_fail(c, "missing \"//\" after \"%s:\"", uri_schemes[i].name);
		return NULL;
	}
	return s;
}

static int uri_parse_port(struct uri_ctx *c, const char *s, const char *e)
{
	long v = 0;
	const char *p;

	if (s == e)
		return uri_fail(c, "missing port number after ':'");
	for (p = s; p < e && uri_is_digit(*p) && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	/* not a number: maybe a password without its '@', never quoted */
	if (s + strspn(s, "0123456789+-") < e)
		return uri_fail(c, "a port number (1-65535) must follow ':' after the host; "
				   "a password goes before '@'");
	if (p < e || v < 1 || v > 65535)
		return uri_fail_quote(c, "bad port ", s, (size_t)(e - s),
				      " in URL (expected 1-65535)");
	return (int)v;
}

static int uri_check_host(struct uri_ctx *c, const char *s, const char *e,
			  int v6)
{
	const char *ok = v6 ? "0123456789abcdefABCDEF:." : "-._";
	const char *p;

	if (s == e)
		return uri_fail(c, v6 ? "empty IPv6 address \"[]\""
				      : "empty host name");
	if (v6 && !memchr(s, ':', (size_t)(e - s)))
		return uri_fail_quote(c, "bad host name ", s, (size_t)(e - s),
				      " in URL (only IPv6 addresses go in [])");
	for (p = s; p < e; p++)
		if (!(v6 ? strchr(ok, *p) != NULL
			 : uri_is_alpha(*p) || uri_is_digit(*p) ||
				   strchr(ok, *p)))
			return uri_fail_quote(c, "bad host name ", s,
					      (size_t)(e - s),
					      v6 ? " in URL (expected an IPv6 "
						   "address like [::1])"
						 : " in URL");
	return 0;
}

/* One "host", "host:port", "[v6]" or "[v6]:port" of the host list. */
static int uri_parse_host(struct uri_ctx *c, const char *s, const char *e)
{
	struct uri *u = c->u;
	const char *hs = s, *he, *p;
	int port = uri_schemes[u->scheme].port, v6 = s < e && *s == '[';

	if (u->nhosts == URI_MAX_HOSTS)
		return uri_fail(c, "too many hosts (at most %d)", URI_MAX_HOSTS);
	if (v6) {
		hs = s + 1;
		he = memchr(hs, ']', (size_t)(e - hs));
		if (!he)
			return uri_fail(c, "missing ']' after IPv6 address");
		p = he + 1;
		if (p < e && *p != ':')
			return uri_fail(c, "unexpected text after ']'");
	} else {
		p = memchr(s, ':', (size_t)(e - s));
		p = p ? p : e;
		he = p;
		if (p < e && memchr(p + 1, ':', (size_t)(e - p - 1)))
			return uri_fail(c, "an IPv6 address must be in brackets, "
					   "like [::1]:5672");
	}
	if (uri_check_host(c, hs, he, v6) < 0)
		return -1;
	if (p < e && (port = uri_parse_port(c, p + 1, e)) < 0)
		return -1;
	u->hosts[u->nhosts].host = uri_strndup(hs, (size_t)(he - hs));
	u->hosts[u->nhosts].port = port;
	u->nhosts++;
	return 0;
}

/* "h1:5672,h2:5673"; an empty list means localhost. */
static int uri_parse_hosts(struct uri_ctx *c, const char *s, const char *e)
{
	static const char localhost[] = "localhost";
	const char *comma;

	if (s == e)
		return uri_parse_host(c, localhost, localhost + 9);
	for (;;) {
		comma = memchr(s, ',', (size_t)(e - s));
		if (uri_parse_host(c, s, comma ? comma : e) < 0)
			return -1;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

/*
 * s..e is the authority, at the '@' that ends its user info (NULL: none).
 * The last '@' splits, so a password with a raw '@' still parses.
 */
static int uri_parse_authority(struct uri_ctx *c, const char *s, const char *e, const char *at)
{
	struct uri *u = c->u;
	const char *colon;

	if (at) {
		/* uri_mask_text() would end the URL there and show the password */
		const char *q = uri_find_any(s, at, "\"'`<>");

		if (q < at)
			return uri_fail(c, "write %c as %%%02X in a user name or password", *q,
					(unsigned char)*q);
		colon = memchr(s, ':', (size_t)(at - s));
		u->user = uri_decode(c, s, colon ? colon : at, "user name");
		if (!u->user)
			return -1;
		if (colon) {
			u->password = uri_decode(c, colon + 1, at, "password");
			if (!u->password)
				return -1;
			u->has_password = 1;
		}
		s = at + 1;
	}
	return uri_parse_hosts(c, s, e);
}

static int uri_parse_heartbeat(struct uri_ctx *c, const char *s, const char *e)
{
	long v = 0;
	const char *p;

	for (p = s; p < e && uri_is_digit(*p) && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	if (s == e || p < e || v > 65535)
		return uri_fail_quote(c, "bad heartbeat ", s, (size_t)(e - s),
				      " in URL (expected seconds, 0-65535)");
	c->u->heartbeat = (int)v;
	return 0;
}

/* "?heartbeat=N&...": other parameters are for other clients. */
static int uri_parse_query(struct uri_ctx *c, const char *s, const char *e)
{
	const char *amp;

	for (;; s = amp + 1) {
		amp = uri_find_any(s, e, "&;");
		if (amp - s >= 10 && !strncasecmp(s, "heartbeat=", 10) &&
		    uri_parse_heartbeat(c, s + 10, amp) < 0)
			return -1;
		if (amp == e)
			return 0;
	}
}

/* s..e is what follows the authority: "", "/vhost", "?query", ... */
static int uri_parse_path(struct uri_ctx *c, const char *s, const char *e)
{
	const char *q = memchr(s, '?', (size_t)(e - s));

	q = q ? q : e;
	if (q - s <= 1)
		c->u->vhost = uri_strndup("/", 1);
	else
		c->u->vhost = uri_decode(c, s + 1, q, "vhost");
	if (!c->u->vhost)
		return -1;
	return q < e ? uri_parse_query(c, q + 1, e) : 0;
}

static int uri_parse_all(struct uri_ctx *c, const char *s, const char *e)
{
	struct uri *u = c->u;
	const char *a, *at, *pw;

	u->heartbeat = -1;
	if (s == e)
		return uri_fail(c, "the URL is empty");
	if (uri_check_chars(c, s, e) < 0 || !(s = uri_parse_scheme(c, s, e)))
		return -1;
	a = uri_find_any(s, e, "/?");
	pw = uri_secret(s, e, e, 0, &at);
	if (s == c->text && at)
		return uri_fail(c, "a user name or password needs the scheme in front "
				   "(amqp://)");
	/* what uri_mask_text() takes for a password is the password, or an error */
	if (pw && at > a)
		return uri_fail(c, "an '@' after '%c': write a '/' in a password as %%2F, a "
				   "'?' as %%3F, an '@' in a vhost as %%40", *a);
	if (at && at > a)
		at = NULL; /* "amqp://h/v@x": the '@' is the vhost's */
	if (uri_parse_authority(c, s, a, at) < 0 || uri_parse_path(c, a, e) < 0)
		return -1;
	if (!u->user || !*u->user) {
		free(u->user);
		u->user = uri_strndup("guest", 5);
	}
	if (!u->password)
		u->password = uri_strndup("guest", 5);
	return 0;
}

int uri_parse(const char *text, struct uri *out, char *err, size_t errlen)
{
	struct uri_ctx c = {.u = out, .err = err, .errlen = errlen};
	const char *s = text ? text : "", *e;

	memset(out, 0, sizeof *out);
	if (err && errlen)
		err[0] = '\0';
	/* Surrounding blanks come from copy and paste, not from intent. */
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\n\r", e[-1]))
		e--;
	c.text = s;
	c.textlen = (size_t)(e - s);
	if (uri_parse_all(&c, s, e) < 0) {
		uri_free(out);
		return -1;
	}
	return 0;
}

void uri_free(struct uri *u)
{
	int i;

	if (!u)
		return;
	free(u->user);
	free(u->password);
	free(u->vhost);
	for (i = 0; i < u->nhosts && i < URI_MAX_HOSTS; i++)
		free(u->hosts[i].host);
	memset(u, 0, sizeof *u);
}

static size_t uri_encoded_len(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += uri_is_unreserved((unsigned char)*s) ? 1 : 3;
	return n;
}

static char *uri_put_encoded(char *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (uri_is_unreserved(ch)) {
			*o++ = (char)ch;
			continue;
		}
		*o++ = '%';
		*o++ = hex[ch >> 4];
		*o++ = hex[ch & 15];
	}
	return o;
}

static char *uri_put_host(char *o, const struct uri_host *h)
{
	char port[16];
	int v6 = h->host && strchr(h->host, ':');

	if (v6)
		*o++ = '[';
	o = uri_put(o, h->host ? h->host : "");
	if (v6)
		*o++ = ']';
	snprintf(port, sizeof port, ":%d", h->port);
	return uri_put(o, port);
}

static int uri_show_password(const struct uri *u)
{
	return u->has_password || (u->password && *u->password);
}

char *uri_format(const struct uri *u, int i, int mask)
{
	int first = i < 0 ? 0 : i, last = i < 0 ? u->nhosts - 1 : i, k;
	const char *vhost = u->vhost ? u->vhost : "/";
	size_t n = 64;
	char *out, *o;

	if (i >= u->nhosts || u->nhosts > URI_MAX_HOSTS)
		return NULL;
	n += uri_encoded_len(u->user) + uri_encoded_len(u->password) +
	     uri_encoded_len(vhost);
	for (k = first; k <= last; k++)
		n += (u->hosts[k].host ? strlen(u->hosts[k].host) : 0) + 16;
	o = out = uri_xmalloc(n);
	o = uri_put(o, uri_schemes[u->scheme % URI_NSCHEMES].name);
	o = uri_put(o, "://");
	o = uri_put_encoded(o, u->user);
	if (uri_show_password(u)) {
		*o++ = ':';
		o = mask ? uri_put(o, "***") : uri_put_encoded(o, u->password);
	}
	if ((u->user && *u->user) || uri_show_password(u))
		*o++ = '@';
	for (k = first; k <= last; k++) {
		if (k > first)
			*o++ = ',';
		o = uri_put_host(o, &u->hosts[k]);
	}
	*o++ = '/';
	o = strcmp(vhost, "/") ? uri_put_encoded(o, vhost) : uri_put(o, "%2f");
	if (u->heartbeat >= 0)
		o += sprintf(o, "?heartbeat=%d", u->heartbeat);
	*o = '\0';
	return out;
}

/* Free text: the next password at or after from (text is s..e). */
static const char *uri_next_in_text(const char *s, const char *from, const char *e,
				    const char **at)
{
	const char *p = from, *w, *sep, *auth, *end, *more, *pw;

	while (p < e) {
		if (uri_word_stop((unsigned char)*p)) {
			p++;
			continue;
		}
		for (w = p; w < e && !uri_word_stop((unsigned char)*w); w++)
			;
		sep = uri_memmem(p, w, "://");
		if (!sep) {
			/* a bare "user:password@host" word */
			if ((p == s || uri_word_stop((unsigned char)p[-1])) &&
			    (pw = uri_secret(p, w, w, 0, at)))
				return pw;
			p = w;
			continue;
		}
		/* "amqp://u:p@h1,amqp://v:q@h2": each URL ends where the next begins */
		auth = sep + 3;
		end = uri_memmem(auth, w, "://");
		more = end ? end : uri_line_end(w, e);
		if ((pw = uri_secret(auth, end ? end : w, more, 1, at)))
			return pw;
		p = auth;
	}
	return NULL;
}

char *uri_mask_text(const char *text)
{
	const char *s = text ? text : "";

	return uri_mask_spans(s, s + strlen(s), uri_next_in_text);
}

int uri_is_tls(const struct uri *u)
{
	return u->scheme == URI_AMQPS || u->scheme == URI_HTTPS;
}

char *uri_join(const char *a, const char *b, char *err, size_t errlen)
{
	struct uri ua, ub;
	char *out;
	int i;

	if (uri_parse(a, &ua, err, errlen) < 0)
		return NULL;
	if (uri_parse(b, &ub, err, errlen) < 0) {
		uri_free(&ua);
		return NULL;
	}
	if (uri_is_tls(&ua) != uri_is_tls(&ub)) {
		snprintf(err, errlen, "the nodes of one broker take one scheme: amqp:// or amqps://");
		uri_free(&ua);
		uri_free(&ub);
		return NULL;
	}
	for (i = 0; i < ub.nhosts; i++) {
		if (ua.nhosts == URI_MAX_HOSTS) {
			snprintf(err, errlen, "at most %d nodes", URI_MAX_HOSTS);
			uri_free(&ua);
			uri_free(&ub);
			return NULL;
		}
		ua.hosts[ua.nhosts].host = ub.hosts[i].host;
		ua.hosts[ua.nhosts++].port = ub.hosts[i].port;
		ub.hosts[i].host = NULL;
	}
	out = uri_format(&ua, -1, 0);
	uri_free(&ua);
	uri_free(&ub);
	return out;
}
