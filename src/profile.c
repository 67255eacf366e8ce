/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile: reading the config file (see profile.h). libinih splits the
 * lines; our reader counts them (so every error names its line) and refuses
 * a line too long for inih's buffer rather than letting it be cut.
 */
#include "config.h"

#include "profile.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "msg.h"
#include "uri.h"
#include "xmalloc.h"

enum profile_kind { PK_STR, PK_URL, PK_NODES, PK_PATH, PK_HEARTBEAT, PK_BOOL, PK_COLOR };

static const struct {
	const char *name;
	enum profile_kind kind;
} profile_keys[PROFILE_NKEYS] = {
	[PROFILE_URL] = {"url", PK_URL},
	[PROFILE_NODES] = {"nodes", PK_NODES},
	[PROFILE_USER] = {"user", PK_STR},
	[PROFILE_PASSWORD] = {"password", PK_STR},
	[PROFILE_PASSWORD_COMMAND] = {"password-command", PK_STR},
	[PROFILE_PASSWORD_FILE] = {"password-file", PK_PATH},
	[PROFILE_VHOST] = {"vhost", PK_STR},
	[PROFILE_MGMT_URL] = {"mgmt-url", PK_URL},
	[PROFILE_CACERT] = {"cacert", PK_PATH},
	[PROFILE_CERT] = {"cert", PK_PATH},
	[PROFILE_KEY] = {"key", PK_PATH},
	[PROFILE_HEARTBEAT] = {"heartbeat", PK_HEARTBEAT},
	[PROFILE_READONLY] = {"readonly", PK_BOOL},
	[PROFILE_COLOR] = {"color", PK_COLOR},
};

char *profile_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return msg_printf("%s/warren/config", xdg);
	return msg_printf("%s/.config/warren/config", home && *home ? home : ".");
}

/* ---- reading ------------------------------------------------------------ */

struct profile_parse {
	struct profile_set *set;
	FILE *f;
	int line;	  /* the line inih is at */
	int section_line; /* of the last [NAME] read */
	int too_long;	  /* a line did not fit */
	int err_line;	  /* where err was found */
	char err[512];	  /* the first error */
};

#define PROFILE_MAX_LINE 200 /* libinih's own buffer (INI_MAX_LINE) */

/* inih's reader: fgets that counts lines and notices one too long to fit. */
static char *profile_reader(char *str, int num, void *arg)
{
	struct profile_parse *pp = arg;
	int c;
	size_t n;

	if (num > PROFILE_MAX_LINE)
		num = PROFILE_MAX_LINE;
	if (!fgets(str, num, pp->f))
		return NULL;
	pp->line++;
	if (str[strspn(str, " \t")] == '[')
		pp->section_line = pp->line;
	n = strlen(str);
	/* a full buffer: the line fits if only its newline is left */
	if (n && str[n - 1] != '\n' && (c = getc(pp->f)) != EOF && c != '\n') {
		if (!pp->too_long)
			pp->too_long = pp->line;
		/* skip the rest: it must not become a line of its own */
		while (c != EOF && c != '\n')
			c = getc(pp->f);
	}
	return str;
}

/* Keep the first error, at line; returns 0 (inih's "stop" for a handler). */
static int profile_vfail(struct profile_parse *pp, int line, const char *fmt, va_list ap)
{
	char what[400];

	if (!pp->err[0]) {
		vsnprintf(what, sizeof what, fmt, ap);
		snprintf(pp->err, sizeof pp->err, "%s:%d: %s", pp->set->path, line, what);
		pp->err_line = line;
	}
	return 0;
}

static int profile_fail_at(struct profile_parse *pp, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int profile_fail_at(struct profile_parse *pp, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	profile_vfail(pp, line, fmt, ap);
	va_end(ap);
	return 0;
}

/* The error is at the line being read. */
static int profile_fail(struct profile_parse *pp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int profile_fail(struct profile_parse *pp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	profile_vfail(pp, pp->line, fmt, ap);
	va_end(ap);
	return 0;
}

/* A name a shell, the URL parser and the flag parser all take as a plain word. */
static int profile_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > 64 || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return 0;
	return 1;
}

static struct profile *profile_section(struct profile_parse *pp, const char *section)
{
	struct profile_set *s = pp->set;
	struct profile *p;

	if (s->n && !strcmp(s->v[s->n - 1].name, section)) {
		if (s->v[s->n - 1].line == pp->section_line)
			return &s->v[s->n - 1];
		profile_fail_at(pp, pp->section_line,
				"[%s] again (it is already at line %d): one section per profile",
				section, s->v[s->n - 1].line);
		return NULL;
	}
	if (!*section) {
		profile_fail(pp, "a setting before any [profile] line: start with [NAME]");
		return NULL;
	}
	if (!profile_name_ok(section)) {
		profile_fail(pp, "the profile name [%.64s] is not a plain word: use letters, digits, "
				 "'.', '_' and '-' (not first)", section);
		return NULL;
	}
	if (profile_find(s, section)) {
		profile_fail_at(pp, pp->section_line, "[%s] again (it is already at line %d): one section per profile",
			     section, profile_find(s, section)->line);
		return NULL;
	}
	XGROW(s->v, s->n + 1, s->cap);
	p = &s->v[s->n++];
	memset(p, 0, sizeof *p);
	p->name = msg_strdup(section);
	p->line = pp->section_line;
	p->heartbeat = -1;
	return p;
}

/* ~/x is $HOME/x: paths in the file are written the way one types them. */
static char *profile_path(const char *v)
{
	const char *home = getenv("HOME");

	if (v[0] == '~' && v[1] == '/' && home && *home)
		return msg_printf("%s%s", home, v + 1);
	return msg_strdup(v);
}

static int profile_bool(const char *v)
{
	static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no",
										  "off", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]))
			return 1;
		if (!strcasecmp(v, no[i]))
			return 0;
	}
	return -1;
}

/* Check a value of kind k; 0 or profile_fail's 0 with pp->err set. */
static int profile_value(struct profile_parse *pp, struct profile *p, enum profile_key k,
			 const char *v)
{
	struct uri u;
	char why[256], *text, *end;
	long n;

	switch (profile_keys[k].kind) {
	case PK_URL:
		if (k == PROFILE_MGMT_URL && !strcmp(v, "none"))
			break;
		/* fall through */
	case PK_NODES:
		text = profile_keys[k].kind == PK_NODES ? msg_printf("amqp://%s/", v) : msg_strdup(v);
		if (uri_parse(text, &u, why, sizeof why) < 0) {
			free(text);
			return profile_fail(pp, "%s: %s", profile_keys[k].name, why);
		}
		free(text);
		if ((k == PROFILE_MGMT_URL) != (u.scheme == URI_HTTP || u.scheme == URI_HTTPS)) {
			uri_free(&u);
			return profile_fail(pp, "%s wants %s", profile_keys[k].name,
					    k == PROFILE_MGMT_URL ? "http:// or https://"
								  : "amqp:// or amqps://");
		}
		uri_free(&u);
		break;
	case PK_HEARTBEAT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < 0 || n > 3600)
			return profile_fail(pp, "heartbeat wants seconds from 0 to 3600, not '%.40s'", v);
		p->heartbeat = (int)n;
		break;
	case PK_BOOL:
		if ((p->readonly = profile_bool(v)) < 0)
			return profile_fail(pp, "%s wants true or false, not '%.40s'",
					    profile_keys[k].name, v);
		break;
	case PK_COLOR:
		if (!strcmp(v, "auto") || !strcmp(v, "on") || !strcmp(v, "off"))
			p->color = !strcmp(v, "on")    ? PROFILE_COLOR_ON
				   : !strcmp(v, "off") ? PROFILE_COLOR_OFF
						       : PROFILE_COLOR_AUTO;
		else
			return profile_fail(pp, "color wants on, off or auto, not '%.40s'", v);
		break;
	default: break;
	}
	p->value[k] = profile_keys[k].kind == PK_PATH ? profile_path(v) : msg_strdup(v);
	p->key_line[k] = pp->line;
	return 1;
}

static int profile_handler(void *arg, const char *section, const char *name, const char *value)
{
	struct profile_parse *pp = arg;
	struct profile *p = profile_section(pp, section);
	int k;

	if (!p)
		return 0;
	for (k = 0; k < PROFILE_NKEYS; k++)
		if (!strcmp(name, profile_keys[k].name))
			break;
	if (k == PROFILE_NKEYS)
		return profile_fail(pp, "unknown setting '%.40s' in [%s] (settings: url, nodes, user, "
					"password, password-command, password-file, vhost, mgmt-url, "
					"cacert, cert, key, heartbeat, readonly, color)", name, p->name);
	if (p->value[k])
		return profile_fail(pp, "%s is set twice in [%s] (first at line %d)", name, p->name,
				    p->key_line[k]);
	return profile_value(pp, p, (enum profile_key)k, value);
}

/* Settings that exclude each other, said once the whole profile is read. */
static int profile_check(struct profile_parse *pp, const struct profile *p)
{
	int pw = !!p->value[PROFILE_PASSWORD] + !!p->value[PROFILE_PASSWORD_COMMAND] +
		 !!p->value[PROFILE_PASSWORD_FILE];

	if (p->value[PROFILE_URL] && p->value[PROFILE_NODES])
		return profile_fail_at(pp, p->line, "[%s] has both url and nodes: give one of them",
				       p->name);
	if (pw > 1)
		return profile_fail_at(pp, p->line, "[%s] has more than one of password, "
				       "password-command and password-file: give one of them", p->name);
	if (!!p->value[PROFILE_CERT] != !!p->value[PROFILE_KEY])
		return profile_fail_at(pp, p->line, "[%s]: cert and key go together", p->name);
	return 1;
}

/* path quoted for a shell when it needs it, for the chmod line to copy. */
static char *profile_shell_quote(const char *path)
{
	const char *p;
	char *q, *o;

	for (p = path; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/._-+,=:@%~", *p))
			break;
	if (!*p)
		return msg_strdup(path);
	q = o = msg_alloc(4 * strlen(path) + 3);
	*o++ = '\'';
	for (p = path; *p; p++) {
		if (*p == '\'')
			o += sprintf(o, "'\\''");
		else
			*o++ = *p;
	}
	*o = '\'';
	return q;
}

/* Who may read or change the file: refused when it would leak or run others' words. */
static int profile_perms(struct profile_parse *pp, const struct stat *st)
{
	char *q = profile_shell_quote(pp->set->path);
	size_t i;

	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(pp->err, sizeof pp->err,
			 "%s: other users can change this file (it says which broker to trust and "
			 "may run a password-command): run chmod go-w %s",
			 pp->set->path, q);
		free(q);
		return -1;
	}
	for (i = 0; i < pp->set->n; i++) {
		const struct profile *p = &pp->set->v[i];

		if (p->value[PROFILE_PASSWORD] && (st->st_mode & (S_IRGRP | S_IROTH))) {
			snprintf(pp->err, sizeof pp->err,
				 "%s:%d: [%s] holds a password and other users can read this file: "
				 "run chmod 600 %s (or use password-command or password-file)",
				 pp->set->path, p->key_line[PROFILE_PASSWORD], p->name, q);
			free(q);
			return -1;
		}
	}
	free(q);
	return 0;
}

static int profile_parse_file(struct profile_parse *pp)
{
	struct stat st;
	size_t i;
	int r;

	if (fstat(fileno(pp->f), &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(pp->err, sizeof pp->err, "%s: not a regular file", pp->set->path);
		return -1;
	}
	r = ini_parse_stream(profile_reader, pp, profile_handler, pp);
	/* the first of: a line too long, a line inih could not read, a bad setting */
	if (pp->too_long && (!pp->err_line || pp->too_long <= pp->err_line) &&
	    (r <= 0 || pp->too_long <= r)) {
		snprintf(pp->err, sizeof pp->err, "%s:%d: line longer than %d characters",
			 pp->set->path, pp->too_long, PROFILE_MAX_LINE - 1);
		return -1;
	}
	if (r > 0 && (!pp->err_line || r < pp->err_line))
		snprintf(pp->err, sizeof pp->err,
			 "%s:%d: not an INI line: write [NAME] or key = value (# starts a comment)",
			 pp->set->path, r);
	if (r != 0)
		return -1;
	for (i = 0; i < pp->set->n; i++)
		if (!profile_check(pp, &pp->set->v[i]))
			return -1;
	return profile_perms(pp, &st);
}

int profile_load(const char *path, struct profile_set *out, char *err, size_t errlen)
{
	struct profile_parse pp = {.set = out};
	int r;

	memset(out, 0, sizeof *out);
	out->path = path ? msg_strdup(path) : profile_default_path();
	pp.f = fopen(out->path, "re");
	if (!pp.f) {
		if (!path && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read the config file %s: %s", out->path,
			 strerror(errno));
		return -1;
	}
	r = profile_parse_file(&pp);
	fclose(pp.f);
	if (r < 0) {
		snprintf(err, errlen, "%s", pp.err);
		profile_set_free(out);
		out->path = path ? msg_strdup(path) : profile_default_path();
	}
	return r;
}

void profile_set_free(struct profile_set *s)
{
	size_t i;
	int k;

	for (i = 0; i < s->n; i++) {
		for (k = 0; k < PROFILE_NKEYS; k++)
			free(s->v[i].value[k]);
		free(s->v[i].name);
	}
	free(s->v);
	free(s->path);
	memset(s, 0, sizeof *s);
}

/* ---- using it ----------------------------------------------------------- */

int profile_is_word(const char *w)
{
	return *w && !strstr(w, "://") && !strchr(w, '@') && !strchr(w, ':');
}

const struct profile *profile_find(const struct profile_set *s, const char *name)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

void profile_unknown(const struct profile_set *s, const char *name, char *err, size_t errlen)
{
	size_t i, k;

	k = (size_t)snprintf(err, errlen, "no profile '%.64s' in %s", name,
			     s && s->path ? s->path : "the config file");
	if (!s || !s->n) {
		snprintf(err + k, k < errlen ? errlen - k : 0,
			 " (there is none: add a [%.64s] section with its url)", name);
		return;
	}
	for (i = 0; i < s->n && k < errlen; i++)
		k += (size_t)snprintf(err + k, errlen - k, "%s%s", i ? ", " : "; the profiles there: ",
				      s->v[i].name);
}

/* The profile's AMQP URL as a struct uri: url or nodes, then user and vhost. */
static int profile_uri(const struct profile *p, struct uri *u, char *why, size_t whylen)
{
	char *text = p->value[PROFILE_URL]     ? msg_strdup(p->value[PROFILE_URL])
		     : p->value[PROFILE_NODES] ? msg_printf("amqp://%s/", p->value[PROFILE_NODES])
					       : msg_strdup("amqp://localhost/");
	int r = uri_parse(text, u, why, whylen);

	free(text);
	if (r < 0)
		return -1;
	if (p->value[PROFILE_USER]) {
		free(u->user);
		u->user = msg_strdup(p->value[PROFILE_USER]);
	}
	if (p->value[PROFILE_VHOST]) {
		free(u->vhost);
		u->vhost = msg_strdup(p->value[PROFILE_VHOST]);
	}
	return 0;
}

/* The password from the profile, fetched now; NULL with *err empty when it has none. */
static char *profile_password(const struct profile_set *s, const struct profile *p, char *err,
			      size_t errlen)
{
	char why[400], *pw = NULL;
	int k = p->value[PROFILE_PASSWORD_COMMAND] ? PROFILE_PASSWORD_COMMAND
		: p->value[PROFILE_PASSWORD_FILE]  ? PROFILE_PASSWORD_FILE
						   : PROFILE_PASSWORD;

	err[0] = 0;
	if (!p->value[k])
		return NULL;
	if (k == PROFILE_PASSWORD)
		return msg_strdup(p->value[k]);
	pw = k == PROFILE_PASSWORD_COMMAND ? profile_secret_command(p->value[k], why, sizeof why)
					   : profile_secret_file(p->value[k], why, sizeof why);
	if (!pw)
		snprintf(err, errlen, "%s:%d: [%s] %s: %s", s->path, p->key_line[k], p->name,
			 profile_keys[k].name, why);
	return pw;
}

/* "http://h:15672/" gets the broker's user and password; "http://u@h/" its password. */
static char *profile_mgmt(const struct profile *p, const struct uri *amqp)
{
	const char *v = p->value[PROFILE_MGMT_URL], *auth = strstr(v, "://") + 3;
	size_t alen = strcspn(auth, "/?#");
	struct uri u;
	char why[256], *s;
	size_t n;

	if (!strcmp(v, "none"))
		return msg_strdup("none");
	if (uri_parse(v, &u, why, sizeof why) < 0) /* checked when read */
		return msg_strdup(v);
	if (!memchr(auth, '@', alen)) {
		free(u.user);
		u.user = msg_strdup(amqp->user);
	}
	if (!u.has_password) {
		free(u.password);
		u.password = msg_strdup(amqp->password);
		u.has_password = 1;
	}
	s = uri_format(&u, -1, 0);
	uri_free(&u);
	/* the management URL's path is a proxy prefix: "/" stays "/" */
	n = strlen(s);
	if (n >= 4 && !strcmp(s + n - 4, "/%2f"))
		s[n - 3] = 0;
	return s;
}

int profile_resolve(const struct profile_set *s, const struct profile *p, const char *over,
		    struct profile_conn *c, char *err, size_t errlen)
{
	struct uri u;
	char why[256], *pw;
	int r;

	memset(c, 0, sizeof *c);
	if (p->readonly) {
		snprintf(err, errlen,
			 "%s:%d: [%s] sets readonly, but read-only mode is not implemented in this "
			 "version of warren: it will not connect with full rights instead (remove "
			 "the readonly line to connect)",
			 s->path, p->key_line[PROFILE_READONLY], p->name);
		return -1;
	}
	r = over ? uri_parse(over, &u, why, sizeof why) : profile_uri(p, &u, why, sizeof why);
	if (r < 0 && over) { /* connect says what is wrong with that URL */
		memset(&u, 0, sizeof u);
		u.user = msg_strdup("guest");
		u.password = msg_strdup("guest");
	} else if (r < 0) {
		snprintf(err, errlen, "%s:%d: [%s]: %s", s->path, p->line, p->name, why);
		return -1;
	}
	pw = over ? NULL : profile_password(s, p, err, errlen);
	if (!pw && !over && err[0]) {
		uri_free(&u);
		return -1;
	}
	if (pw) {
		free(u.password);
		u.password = pw;
		u.has_password = 1;
	}
	c->url = over ? NULL : uri_format(&u, -1, 0);
	c->mgmt_url = p->value[PROFILE_MGMT_URL] ? profile_mgmt(p, &u) : NULL;
	c->cacert = p->value[PROFILE_CACERT];
	c->cert = p->value[PROFILE_CERT];
	c->key = p->value[PROFILE_KEY];
	c->heartbeat = p->heartbeat;
	uri_free(&u);
	return 0;
}

void profile_conn_free(struct profile_conn *c)
{
	free(c->url);
	free(c->mgmt_url);
	memset(c, 0, sizeof *c);
}

void profile_list(const struct profile_set *s, FILE *f, int names_only)
{
	size_t i;

	if (!names_only)
		fprintf(f, "%-12s %-44s %-10s %s\n", "PROFILE", "URL", "VHOST", "MGMT-URL");
	if (!names_only && !s->n)
		fprintf(f, "(none: %s has no [NAME] section)\n", s->path);
	for (i = 0; i < s->n; i++) {
		const struct profile *p = &s->v[i];
		struct uri u;
		char why[256], *url, *mgmt;

		if (names_only) {
			fprintf(f, "%s\n", p->name);
			continue;
		}
		if (profile_uri(p, &u, why, sizeof why) < 0) /* checked when read */
			continue;
		url = uri_format(&u, -1, 1);
		mgmt = uri_mask_text(p->value[PROFILE_MGMT_URL] ? p->value[PROFILE_MGMT_URL]
								: "(from url)");
		fprintf(f, "%-12s %-44s %-10s %s%s\n", p->name, url, u.vhost, mgmt,
			p->readonly ? "  (readonly: refused)" : "");
		free(url);
		free(mgmt);
		uri_free(&u);
	}
}
