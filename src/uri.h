/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uri: AMQP and management URLs.
 *
 *   amqp://user:pass@host:port/vhost          amqps://...  (TLS)
 *   amqp://user:pass@h1:5672,h2:5673/vhost    several nodes of one cluster
 *   http://user:pass@host:15672/              management API (http, https)
 *
 * Userinfo and vhost are percent-decoded. An empty path or "/" means vhost
 * "/"; "/%2f" is "/" too. Hosts may be [IPv6]. Missing parts get defaults:
 * user guest, password guest, host localhost, port 5672 (amqp), 5671 (amqps),
 * 15672 (http), 15671 (https). A bare "host" or "host:port" means amqp.
 * "?heartbeat=N" is read, other query parameters are ignored; a '#' is an
 * error. So that uri_mask_text() finds every password by the parser's own
 * rule, a user name or password needs the scheme in front and no raw quote,
 * '`', '<' or '>', and a URL whose '@' comes after a '/' or '?' while a ':'
 * comes before them is refused (write '/' %2F, '?' %3F, '@' in a vhost %40).
 * Functions returning strings abort on out-of-memory.
 */
#ifndef WARREN_URI_H
#define WARREN_URI_H

#include <stddef.h>

#define URI_MAX_HOSTS 16

enum uri_scheme { URI_AMQP, URI_AMQPS, URI_HTTP, URI_HTTPS };

struct uri_host {
	char *host; /* without brackets */
	int port;
};

struct uri {
	enum uri_scheme scheme;
	char *user;
	char *password;
	char *vhost;
	struct uri_host hosts[URI_MAX_HOSTS];
	int nhosts;
	int heartbeat;	   /* ?heartbeat=N, -1 when absent */
	int has_password;  /* a password was written in the URL */
};

/*
 * Parse text. Returns 0, or -1 with a one-line message for the user in err
 * (safe to show: passwords masked, control bytes escaped) and out zeroed,
 * with nothing to free.
 */
int uri_parse(const char *text, struct uri *out, char *err, size_t errlen);
/* Free what uri_parse() allocated and zero *u. */
void uri_free(struct uri *u);

/*
 * Format host number i (or all hosts joined by ',' when i < 0) back to a
 * URL that uri_parse() reads back the same, "?heartbeat=N" included when
 * set. With mask set, the password is shown as "***". malloc'd; NULL only
 * when i >= nhosts.
 */
char *uri_format(const struct uri *u, int i, int mask);

/*
 * Mask every password in free text, also in URLs that do not parse: the
 * secret becomes "***". Used before anything reaches the history, a record
 * file, the output or JSON, and by uri_parse() for its own messages. A URL
 * starts after "scheme://" (or at a word without one, for a bare
 * "user:password@host") and ends at whitespace, a quote, '<', '>' or '`';
 * its password runs from the first ':' to the last '@' before the first '/'
 * or '?', else to its last '@' (a raw '/' or '?'). A URL with a ':', no
 * '@' and no port after the ':' hides up to the next '@' on the line (a
 * raw space) or else to the end of its host part ("amqp://user:secret").
 * Masking masked text changes nothing. malloc'd.
 */
char *uri_mask_text(const char *text);

int uri_is_tls(const struct uri *u);

/*
 * The nodes of b added to URL a (--url given more than once): the scheme,
 * user, password and vhost are a's. malloc'd, or NULL with err set.
 */
char *uri_join(const char *a, const char *b, char *err, size_t errlen);

#endif
