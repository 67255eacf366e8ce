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
 * error. So that uri_mask_text() finds every password, a user name or
 * password needs the scheme in front and no raw quote, '`', '<' or '>'
 * (write them %-escaped). Functions returning strings abort on
 * out-of-memory.
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
 * Mask every password in free text: in each "scheme://user:secret@" the
 * secret becomes "***". Used before anything reaches history, logs or JSON.
 * The authority ends at '/', whitespace, a quote or '<' '>'; within it the
 * secret runs from the first ':' to the last '@'. malloc'd.
 */
char *uri_mask_text(const char *text);

int uri_is_tls(const struct uri *u);

/*
 * The nodes of b added to URL a (--url given more than once): the scheme,
 * user, password and vhost are a's. malloc'd, or NULL with err set.
 */
char *uri_join(const char *a, const char *b, char *err, size_t errlen);

#endif
