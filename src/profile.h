/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile: named brokers from an INI file, $XDG_CONFIG_HOME/warren/config
 * (~/.config/warren/config) or --config FILE, read with libinih:
 *
 *   [prod]
 *   url = amqps://ops@rabbit1.example.com,rabbit2.example.com/orders
 *   password-command = pass show rabbitmq/prod
 *   mgmt-url = https://rabbit1.example.com:15671/
 *   cacert = ~/certs/prod-ca.pem
 *
 * One section per broker; its name is a word of letters, digits, '.', '_'
 * and '-' (so it can never be taken for a URL, a flag or shell syntax).
 * Every error names the file and the line. A literal `password` is only
 * accepted in a file no one else can read, and no file that others may
 * change is read at all. Secrets are fetched (profile_resolve) only for the
 * profile used, and only ever travel inside a URL, where uri_mask_text()
 * hides them.
 */
#ifndef WARREN_PROFILE_H
#define WARREN_PROFILE_H

#include <stddef.h>
#include <stdio.h>

enum profile_key {
	PROFILE_URL,
	PROFILE_NODES,
	PROFILE_USER,
	PROFILE_PASSWORD,
	PROFILE_PASSWORD_COMMAND,
	PROFILE_PASSWORD_FILE,
	PROFILE_VHOST,
	PROFILE_MGMT_URL,
	PROFILE_CACERT,
	PROFILE_CERT,
	PROFILE_KEY,
	PROFILE_HEARTBEAT,
	PROFILE_READONLY,
	PROFILE_COLOR,
	PROFILE_NKEYS,
};

enum profile_color { PROFILE_COLOR_AUTO, PROFILE_COLOR_ON, PROFILE_COLOR_OFF };

struct profile {
	char *name;
	int line;		   /* of its [name] */
	char *value[PROFILE_NKEYS]; /* as written (paths with ~/ expanded); NULL: not set */
	int key_line[PROFILE_NKEYS];
	int heartbeat;		   /* -1: not set */
	int readonly;		   /* 0 or 1 */
	enum profile_color color;
};

struct profile_set {
	char *path; /* the file read (or looked for) */
	struct profile *v;
	size_t n, cap;
};

/* Where the config file is looked for: $XDG_CONFIG_HOME/warren/config. malloc'd. */
char *profile_default_path(void);
/*
 * Read path (NULL: the default path, which may be missing: no profiles).
 * 0, or -1 with err saying FILE:LINE: what is wrong and what to do; out is
 * then empty but still to be freed.
 */
int profile_load(const char *path, struct profile_set *out, char *err, size_t errlen);
void profile_set_free(struct profile_set *s);

/* Could this word name a profile (no "://", '@' or ':')? */
int profile_is_word(const char *w);
const struct profile *profile_find(const struct profile_set *s, const char *name);
/* "no profile 'x' in FILE; the profiles there: a, b" */
void profile_unknown(const struct profile_set *s, const char *name, char *err, size_t errlen);

/* What a profile says about connecting. */
struct profile_conn {
	char *url;	/* AMQP URL with the password in it: a secret, show it masked */
	char *mgmt_url; /* NULL: derive it from url; "none"; else with credentials */
	const char *cacert, *cert, *key; /* the profile's, or NULL */
	int heartbeat;	/* -1: not set */
};

/*
 * Build the URL of p, running its password-command or reading its
 * password-file now; with over (a URL given on the command line or in the
 * environment) none of that: c->url stays NULL and a mgmt-url without
 * credentials gets over's. A readonly profile is refused (read-only mode
 * does not exist yet). 0, or -1 with err naming the file and line.
 */
int profile_resolve(const struct profile_set *s, const struct profile *p, const char *over,
		    struct profile_conn *c, char *err, size_t errlen);
void profile_conn_free(struct profile_conn *c);

/* warren --profiles: name, URL (password masked), vhost, management URL; or names only. */
void profile_list(const struct profile_set *s, FILE *f, int names_only);

/* profile_secret.c: the first line of a command's output or of a file; -1 with err. */
char *profile_secret_command(const char *cmd, char *err, size_t errlen);
char *profile_secret_file(const char *path, char *err, size_t errlen);

#endif
