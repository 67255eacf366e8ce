/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_uri: the URL parser (src/uri.c). Besides not crashing, it holds
 * uri.h to its word: a parsed URL formats back to a URL that parses to the
 * same thing, a masked one never shows the password, and an error message
 * is one line of safe text.
 */
#include "config.h"

#include "uri.h"
#include "fuzz.h"

static int fuzz_uri_streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* b was parsed from the formatting of host i of a (all hosts when i < 0). */
static void fuzz_uri_same(const struct uri *a, const struct uri *b, int i, const char *url)
{
	int k, first = i < 0 ? 0 : i, n = i < 0 ? a->nhosts : 1;

	FUZZ_CHECK(a->scheme == b->scheme, "scheme changed in %s", url);
	FUZZ_CHECK(fuzz_uri_streq(a->user, b->user), "user changed in %s", url);
	FUZZ_CHECK(fuzz_uri_streq(a->password, b->password), "password changed in %s", url);
	FUZZ_CHECK(fuzz_uri_streq(a->vhost, b->vhost), "vhost changed in %s", url);
	FUZZ_CHECK(a->heartbeat == b->heartbeat, "heartbeat changed in %s", url);
	FUZZ_CHECK(b->nhosts == n, "%d hosts instead of %d in %s", b->nhosts, n, url);
	for (k = 0; k < n; k++) {
		FUZZ_CHECK(fuzz_uri_streq(a->hosts[first + k].host, b->hosts[k].host),
			   "host %d changed in %s", k, url);
		FUZZ_CHECK(a->hosts[first + k].port == b->hosts[k].port,
			   "port %d changed in %s", k, url);
	}
}

static void fuzz_uri_format(const struct uri *u, int i)
{
	char *url = uri_format(u, i, 0), *masked = uri_format(u, i, 1), err[512];
	struct uri back;

	FUZZ_CHECK(url && masked, "uri_format(%d) returned NULL", i);
	FUZZ_CHECK(uri_parse(url, &back, err, sizeof err) == 0, "%s does not parse: %s", url,
		   err);
	fuzz_uri_same(u, &back, i, url);
	uri_free(&back);
	FUZZ_CHECK(uri_parse(masked, &back, err, sizeof err) == 0, "%s does not parse: %s",
		   masked, err);
	/* uri_format() shows a password that was written or is not empty */
	FUZZ_CHECK(!(u->has_password || *u->password) || !strcmp(back.password, "***"),
		   "password not masked in %s", masked);
	uri_free(&back);
	free(url);
	free(masked);
}

/*
 * An error message must not show the password, as the parser would read it
 * from text: in the authority (after "scheme://" if any, up to '/' or '?'),
 * from the first ':' to the last '@'; with no '@' there, to the last '@' of
 * the text (a raw '/' or '?' in the password). Checked on each run of 8 or more
 * letters and digits in it that has both and is found once in the text:
 * nothing else an error rightly shows can hold such a run.
 */
static void fuzz_uri_hidden(const char *text, const char *err)
{
	static const char alnum[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *s = text + strspn(text, " \t\n\r"), *p = s, *a, *at = NULL, *colon;
	size_t n;

	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		p += strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	s = strncmp(p, "://", 3) ? s : p + 3;
	for (a = s; *a && *a != '/' && *a != '?'; a++)
		if (*a == '@')
			at = a;
	for (; !at && *a; a++)
		if (*a == '@' && !strchr(a + 1, '@'))
			at = a;
	colon = at ? memchr(s, ':', (size_t)(at - s)) : NULL;
	for (p = colon ? colon + 1 : at; p && p < at; p += n ? n : 1) {
		char *run;

		n = strspn(p, alnum);
		if (p + n > at)
			n = (size_t)(at - p);
		if (n < 8)
			continue;
		run = fuzz_str((const uint8_t *)p, n);
		if (strpbrk(run, "0123456789") && strspn(run, "0123456789") < n &&
		    strstr(text, run) == p && !strstr(p + 1, run))
			FUZZ_CHECK(!strstr(err, run), "password '%s' shown in '%s'", run, err);
		free(run);
	}
}

/* Two URLs joined into one with the hosts of both (several --url). */
static void fuzz_uri_join(const char *a, const char *b)
{
	struct uri ua, ub, j;
	char err[256], *joined = uri_join(a, b, err, sizeof err);

	if (!joined) {
		fuzz_check_safe(err, 0, "uri_join error");
		return;
	}
	FUZZ_CHECK(uri_parse(a, &ua, err, sizeof err) == 0 && uri_parse(b, &ub, err, sizeof err) == 0,
		   "joined URLs that do not parse");
	FUZZ_CHECK(uri_parse(joined, &j, err, sizeof err) == 0, "%s does not parse: %s", joined,
		   err);
	FUZZ_CHECK(j.nhosts == ua.nhosts + ub.nhosts, "%d hosts joined from %d and %d",
		   j.nhosts, ua.nhosts, ub.nhosts);
	uri_free(&ua);
	uri_free(&ub);
	uri_free(&j);
	free(joined);
}

int fuzz_uri(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), err[256], *masked;
	struct uri u;
	int i;

	if (uri_parse(text, &u, err, sizeof err) == 0) {
		FUZZ_CHECK(u.nhosts >= 1 && u.nhosts <= URI_MAX_HOSTS, "%d hosts", u.nhosts);
		FUZZ_CHECK(u.user && u.password && u.vhost, "a part left NULL");
		for (i = -1; i < u.nhosts; i++)
			fuzz_uri_format(&u, i);
		FUZZ_CHECK(!uri_format(&u, u.nhosts, 0), "host %d formatted", u.nhosts);
		(void)uri_is_tls(&u);
		uri_free(&u);
	} else {
		static const struct uri zero;

		FUZZ_CHECK(err[0], "failed without a message");
		FUZZ_CHECK(!memcmp(&u, &zero, sizeof u), "failed but left data");
		fuzz_check_safe(err, 0, "error message");
		fuzz_uri_hidden(text, err);
	}
	/* A small buffer: the message is cut, still whole characters. */
	if (uri_parse(text, &u, err, 40) == 0)
		uri_free(&u);
	else
		fuzz_check_safe(err, 0, "cut error message");
	/* What history, logs and records keep of a URL with a password. */
	masked = uri_mask_text(text);
	FUZZ_CHECK(masked, "uri_mask_text returned NULL");
	if (uri_parse(text, &u, err, sizeof err) == 0) {
		struct uri m;

		if (u.has_password && uri_parse(masked, &m, err, sizeof err) == 0) {
			FUZZ_CHECK(!strcmp(m.password, "***"), "password '%s' left in '%s'",
				   m.password, masked);
			uri_free(&m);
		}
		uri_free(&u);
	}
	free(masked);
	/* after a NUL: a second URL to join to the first */
	if (strlen(text) < size) {
		char *second = fuzz_str(data + strlen(text) + 1, size - strlen(text) - 1);

		fuzz_uri_join(text, second);
		free(second);
	}
	free(text);
	return 0;
}

FUZZ_ENTRY(fuzz_uri)
