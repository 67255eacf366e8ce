/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_http: the poller's URLs (the management URL, each request's path and
 * query), its curl handles, and HTTP and transport errors told plainly
 * ("401 unauthorized", "plugin not enabled?"), passwords masked.
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "mgmt_fields.h"
#include "mgmt_poll.h"
#include "msg.h"
#include "text.h"
#include "uri.h"

/* ---- URLs ---------------------------------------------------------------- */

/* u as a URL: a management URL has no vhost, and uri_format writes "/" as "/%2f". */
static char *mgmt_format_url(const struct uri *u, int mask)
{
	char *s = uri_format(u, -1, mask);
	size_t n = s ? strlen(s) : 0;

	if (n >= 4 && !strcmp(s + n - 4, "/%2f"))
		s[n - 3] = 0;
	return s;
}

char *mgmt_default_url(const char *amqp_url, char *err, size_t errlen)
{
	struct uri u;
	char *s;
	int i, k, n = 0;

	if (uri_parse(amqp_url, &u, err, errlen) < 0)
		return NULL;
	if (u.scheme == URI_HTTP || u.scheme == URI_HTTPS) {
		uri_free(&u);
		return msg_strdup(amqp_url);
	}
	u.scheme = u.scheme == URI_AMQPS ? URI_HTTPS : URI_HTTP;
	/* one management listener per host, however many AMQP ports it has */
	for (i = 0; i < u.nhosts; i++) {
		for (k = 0; k < n && strcmp(u.hosts[k].host, u.hosts[i].host); k++)
			;
		if (k < n) {
			free(u.hosts[i].host);
			continue;
		}
		u.hosts[n].host = u.hosts[i].host;
		u.hosts[n++].port = u.scheme == URI_HTTPS ? 15671 : 15672;
	}
	u.nhosts = n;
	u.heartbeat = -1;
	free(u.vhost);
	u.vhost = msg_strdup("/");
	s = mgmt_format_url(&u, 0);
	uri_free(&u);
	return s;
}

int mgmt_check_url(const char *url, struct uri *u, char *err, size_t errlen)
{
	char why[512];

	/* the scheme first: uri_parse would talk of amqp:// */
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
		char *masked = uri_mask_text(url);

		snprintf(err, errlen, "--mgmt-url wants http://HOST:15672/ (or none), not '%.200s'",
			 masked);
		free(masked);
		return -1;
	}
	if (uri_parse(url, u, why, sizeof why) < 0) {
		snprintf(err, errlen, "--mgmt-url: %s", why);
		return -1;
	}
	return 0;
}

int mgmt_parse_url(struct mgmt *m, const char *url, char *err, size_t errlen)
{
	if (mgmt_check_url(url, &m->u, err, errlen) < 0)
		return -1;
	/* a path is where a proxy puts the API (management.path_prefix) */
	m->prefix = !strcmp(m->u.vhost, "/") ? msg_strdup("")
					      : msg_printf("/%s", m->u.vhost + (m->u.vhost[0] == '/'));
	if (m->prefix[0] && m->prefix[strlen(m->prefix) - 1] == '/')
		m->prefix[strlen(m->prefix) - 1] = 0;
	m->shown = mgmt_format_url(&m->u, 1);
	return 0;
}

/* ^NAME$ as a regular expression that matches NAME literally, URL-encoded. */
static char *mgmt_name_regex(const char *name)
{
	size_t k = 0;
	char *re = msg_alloc(2 * strlen(name) + 3), *esc, *out;

	re[k++] = '^';
	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		/* PCRE: a backslash before anything but a letter or digit is that character */
		if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				  (c >= 'A' && c <= 'Z')))
			re[k++] = '\\';
		re[k++] = (char)c;
	}
	re[k++] = '$';
	esc = curl_easy_escape(NULL, re, (int)k);
	if (!esc)
		abort();
	out = msg_strdup(esc);
	curl_free(esc);
	free(re);
	return out;
}

/*
 * What follows the path: the form's parameters, then columns=: only the
 * fields warren reads (the API sends far more, and far slower, without).
 */
static char *mgmt_job_query(struct mgmt *m, const struct mgmt_job *j)
{
	char *cols = mgmt_fields_columns(j->list, j->form != MGMT_FORM_TOTALS), *re, *q;

	switch (j->form) {
	case MGMT_FORM_TOTALS:
		q = msg_printf("disable_stats=true&enable_queue_totals=true&sort=&columns=%s", cols);
		break;
	case MGMT_FORM_DETAIL:
		/* the name filter needs page=; it ignores case, mgmt_queues_detail does not */
		re = mgmt_name_regex(m->detail_name);
		q = msg_printf("page=1&page_size=%d&sort=&name=%s&use_regex=true&columns=%s",
			       MGMT_PAGE_SIZE, re, cols);
		free(re);
		break;
	default:
		/* sort= (none): the broker's sort costs more than the page; we sort anyway */
		if (j->page)
			q = msg_printf("page=%d&page_size=%d&sort=&columns=%s", j->page,
				       MGMT_PAGE_SIZE, cols);
		else
			q = msg_printf("columns=%s", cols);
		break;
	}
	free(cols);
	return q;
}

char *mgmt_job_url(struct mgmt *m, const struct mgmt_job *j)
{
	const char *path = mgmt_list_name(j->list); /* the API's path is the list's name */
	const struct uri_host *h = &m->u.hosts[j->host];
	int v6 = strchr(h->host, ':') != NULL;
	char *vhost = m->vhost, *where, *query, *url;

	if (j->form == MGMT_FORM_DETAIL && m->detail_vhost)
		vhost = curl_easy_escape(NULL, m->detail_vhost, 0);
	if (!vhost || j->list == MGMT_NODES)
		where = msg_printf("/api/%s", path);
	else if (j->list == MGMT_CONNECTIONS || j->list == MGMT_CHANNELS)
		where = msg_printf("/api/vhosts/%s/%s", vhost, path);
	else
		where = msg_printf("/api/%s/%s", path, vhost);
	if (vhost != m->vhost)
		curl_free(vhost);
	query = mgmt_job_query(m, j);
	url = msg_printf("%s://%s%s%s:%d%s%s?%s", m->u.scheme == URI_HTTPS ? "https" : "http",
			 v6 ? "[" : "", h->host, v6 ? "]" : "", h->port, m->prefix, where, query);
	free(where);
	free(query);
	return url;
}

/* ---- HTTP ---------------------------------------------------------------- */

static size_t mgmt_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct mgmt_buf *b = arg;
	size_t n = size * nmemb;

	/* no Content-Length, or a false one: count as it comes (0 ends the transfer) */
	if (n > MGMT_MAX_BODY - b->len) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if (b->cap > MGMT_MAX_BODY + 1)
			b->cap = MGMT_MAX_BODY + 1;
		b->data = realloc(b->data, b->cap);
		if (!b->data)
			abort();
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = 0;
	return n;
}

/* libcurl's sockets are not close-on-exec by themselves: a child would hold them. */
static curl_socket_t mgmt_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)arg;
	(void)purpose;
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

CURL *mgmt_easy_new(struct mgmt *m)
{
	CURL *h = curl_easy_init();

	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_USERNAME, m->u.user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, m->u.password);
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, MGMT_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(m->timeout * 1000));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, mgmt_write);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "warren/" VERSION);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, mgmt_open_socket);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MGMT_MAX_BODY);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	return h;
}

/* The first error of a refresh wins: it is the cause, the rest follow from it. */
void mgmt_fail(struct mgmt *m, const char *fmt, ...)
{
	va_list ap;

	if (m->error)
		return;
	va_start(ap, fmt);
	if (vasprintf(&m->error, fmt, ap) < 0)
		abort();
	va_end(ap);
}

/* Why the API answered with an error status, for the user. */
char *mgmt_http_reason(struct mgmt *m, long code, const struct mgmt_buf *body)
{
	char *user = text_safe(m->u.user, strlen(m->u.user), 64, 0), *s;

	switch (code) {
	case 401:
		s = msg_printf("401 unauthorized: the broker refused user '%s' (check the user and "
			       "password in --mgmt-url)",
			       user);
		break;
	case 403:
		s = msg_printf("403 forbidden: user '%s' may not use the management API (it needs "
			       "the management or monitoring tag)",
			       user);
		break;
	case 404:
		s = msg_strdup("404 not found: no management API there (check the port and path "
			       "in --mgmt-url)");
		break;
	default: {
		char *safe = text_safe(body->data ? body->data : "", body->len, 120, 0);

		s = msg_printf("HTTP %ld: %s", code, safe);
		free(safe);
		break;
	}
	}
	free(user);
	return s;
}

/* A transport failure (nothing answered): worth trying the next host. */
char *mgmt_transport_reason(struct mgmt *m, struct mgmt_job *j, CURLcode rc)
{
	const struct uri_host *h = &m->u.hosts[j->host];
	char *where = m->u.nhosts > 1 ? msg_printf(" (%s:%d)", h->host, h->port) : msg_strdup("");
	char *s;
	long oserr = 0;

	curl_easy_getinfo(j->h, CURLINFO_OS_ERRNO, &oserr);
	if (rc == CURLE_COULDNT_CONNECT && oserr == ECONNREFUSED)
		s = msg_printf("connection refused%s: plugin not enabled? run rabbitmq-plugins "
			       "enable rabbitmq_management (or give the right --mgmt-url)",
			       where);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		s = msg_printf("timed out after %g s%s", m->timeout, where);
	else if (rc == CURLE_COULDNT_RESOLVE_HOST)
		s = msg_printf("cannot resolve host %s", h->host);
	else
		s = msg_printf("%s%s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc), where);
	free(where);
	return s;
}

int mgmt_transport_error(CURLcode rc)
{
	return rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT ||
	       rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_GOT_NOTHING ||
	       rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_SSL_CONNECT_ERROR;
}

