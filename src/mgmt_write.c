/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_write: see mgmt_write.h. One worker thread takes the requests in
 * order; each is one HTTP exchange, tried on the URL's hosts in turn while
 * a host cannot be reached. A definitions file is read, checked and written
 * on this thread too: a big file costs the dashboard nothing. What the API
 * answers becomes one line for the user: "403 forbidden: user 'x' ... needs
 * the administrator tag", the broker's own reason for a 400, and so on.
 */
#include "config.h"

#include "mgmt_write.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mgmt_poll.h"
#include "msg.h"
#include "uri.h"

#define MW_MAX_BODY (256L << 20) /* definitions bigger than this are refused */
#define MW_CONNECT_TIMEOUT_MS 3000L

struct mgmt_writer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct mbox *events;
	struct mgmt_write_req *head, *tail; /* under lock */
	int stop;			    /* under lock; read by curl's progress callback */
};

struct mw_buf {
	char *data;
	size_t len, cap;
	int too_big;
};

void mgmt_write_req_free(struct mgmt_write_req *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->path);
	free(r->body);
	free(r->file);
	free(r->ok_text);
	free(r->what);
	free(r->missing);
	free(r);
}

/* ---- definitions -------------------------------------------------------- */

static const char *const mw_def_lists[] = {
	"users",	  "vhosts",	"permissions", "topic_permissions", "parameters",
	"global_parameters", "policies", "queues",	   "exchanges",	     "bindings",
};

int mgmt_write_check_definitions(const char *text, size_t len, char *summary, size_t sumlen,
				 char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	size_t i, k = 0, known = 0;

	if (!root) {
		snprintf(err, errlen, "not JSON (line %d, column %d: %s)", je.line, je.column,
			 je.text);
		return -1;
	}
	summary[0] = 0;
	for (i = 0; json_is_object(root) && i < sizeof mw_def_lists / sizeof *mw_def_lists; i++) {
		json_t *v = json_object_get(root, mw_def_lists[i]);

		if (!v)
			continue;
		if (!json_is_array(v)) {
			snprintf(err, errlen, "not RabbitMQ definitions: \"%s\" is not a list",
				 mw_def_lists[i]);
			json_decref(root);
			return -1;
		}
		known++;
		if (json_array_size(v) && k < sumlen)
			k += (size_t)snprintf(summary + k, sumlen - k, "%s%zu %s", k ? ", " : "",
					      json_array_size(v), mw_def_lists[i]);
	}
	if (!json_is_object(root) || !known) {
		snprintf(err, errlen, "not RabbitMQ definitions: %s", json_is_object(root)
			 ? "none of users, vhosts, permissions, parameters, policies, queues, "
			   "exchanges, bindings"
			 : "the file is JSON but not an object");
		json_decref(root);
		return -1;
	}
	if (!k)
		snprintf(summary, sumlen, "nothing: every list is empty");
	json_decref(root);
	return 0;
}

/* The whole file, at most MW_MAX_BODY bytes; NULL with err. */
static char *mw_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	char *buf;

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MW_MAX_BODY) {
		snprintf(err, errlen, "%s: %s", path,
			 S_ISREG(st.st_mode) ? "too big (more than 256 MiB)" : "not a regular file");
		fclose(f);
		return NULL;
	}
	buf = msg_alloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	return buf;
}

/* Write data to path, mode 0600, all or nothing: a temporary file renamed over it. */
static int mw_write_file(const char *path, const char *data, size_t len, char *err,
			 size_t errlen)
{
	char *tmp = msg_printf("%s.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC), ok;
	size_t off = 0;

	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	while (off < len) {
		ssize_t k = write(fd, data + off, len - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	ok = off == len && fchmod(fd, 0600) == 0 && fsync(fd) == 0;
	if (close(fd) < 0 || !ok || rename(tmp, path) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* ---- HTTP --------------------------------------------------------------- */

static size_t mw_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct mw_buf *b = arg;
	size_t n = size * nmemb;

	if (b->len + n > (size_t)MW_MAX_BODY) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (!b->data)
			abort();
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = 0;
	return n;
}

/* Stop aborts a request under way (quitting warren). */
static int mw_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct mgmt_writer *w = arg;
	int stop;

	pthread_mutex_lock(&w->lock);
	stop = w->stop;
	pthread_mutex_unlock(&w->lock);
	return stop;
}

/* The URL of host i: the URL's own path is a proxy's prefix (management.path_prefix). */
static char *mw_url(const struct uri *u, int i, const char *path)
{
	const struct uri_host *h = &u->hosts[i];
	int v6 = strchr(h->host, ':') != NULL;
	char *prefix = strcmp(u->vhost, "/") ? msg_printf("/%s", u->vhost + (u->vhost[0] == '/'))
					     : msg_strdup(""),
	     *url;
	size_t n = strlen(prefix);

	if (n && prefix[n - 1] == '/')
		prefix[n - 1] = 0;
	url = msg_printf("%s://%s%s%s:%d%s%s", u->scheme == URI_HTTPS ? "https" : "http",
			 v6 ? "[" : "", h->host, v6 ? "]" : "", h->port, prefix, path);
	free(prefix);
	return url;
}

static CURLcode mw_perform(struct mgmt_writer *w, const struct mgmt_write_req *r,
			   const struct uri *u, int host, struct mw_buf *b, long *code,
			   char *errbuf)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char *url = mw_url(u, host, r->path);
	CURLcode rc;

	if (!h)
		abort();
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_USERNAME, u->user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, u->password);
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, MW_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)((r->timeout > 0 ? r->timeout : 30) * 1000));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, mw_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "warren/" VERSION);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, mw_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, w);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (strcmp(r->method, "GET"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
	if (r->body) {
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(r->body));
	}
	errbuf[0] = 0;
	rc = curl_easy_perform(h);
	*code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	free(url);
	return rc;
}

/*
 * The broker's reason in an error body {"error": ..., "reason": ...}, else
 * the body, on one line, its HTML escapes (&lt; ...) undone.
 */
static char *mw_reason(const struct mw_buf *b)
{
	static const char *const ent[][2] = {
		{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
	json_t *root = b->data ? json_loadb(b->data, b->len, 0, NULL) : NULL;
	const char *reason = json_string_value(json_object_get(root, "reason")), *p;
	char *s = msg_alloc(512), *o = s;
	size_t i;

	p = reason ? reason : b->data ? b->data : "(no answer)";
	while (*p && o < s + 300) {
		for (i = 0; i < sizeof ent / sizeof *ent; i++)
			if (!strncmp(p, ent[i][0], strlen(ent[i][0])))
				break;
		if (i < sizeof ent / sizeof *ent) {
			*o++ = ent[i][1][0];
			p += strlen(ent[i][0]);
		} else if (*p == '\n' || *p == '\r') {
			if (o > s && o[-1] != ' ')
				*o++ = ' ';
			p++;
		} else {
			*o++ = *p++;
		}
	}
	while (o > s && o[-1] == ' ')
		o--;
	*o = 0;
	json_decref(root);
	return s;
}

/*
 * RabbitMQ answers 401 both for a wrong password ("Login failed") and for a
 * user without the tag it takes ("Not administrator user"): say which.
 */
static char *mw_http_error(const struct mgmt_write_req *r, const struct uri *u, long code,
			   const struct mw_buf *b)
{
	char *why = mw_reason(b), *s;

	if ((code == 401 && strstr(why, "Login failed")) || (code == 401 && !b->len))
		s = msg_printf("%s: 401 unauthorized: the broker refused user '%s' on the "
			       "management API (check the user and password)", r->what, u->user);
	else if (code == 401 || code == 403)
		s = msg_printf("%s: %ld: user '%s' may not do that (%s): it needs the %s tag%s", r->what,
			       code, u->user, why, r->tag,
			       strcmp(r->tag, "administrator") ? " and permissions on the vhost" : "");
	else if (code == 404 && r->missing)
		s = msg_printf("%s: %s", r->what, r->missing);
	else if (code == 404)
		s = msg_printf("%s: 404 not found: no management API there (check the port and "
			       "path of the management URL)", r->what);
	else
		s = msg_printf("%s: HTTP %ld: %s", r->what, code, why);
	free(why);
	return s;
}

/* ---- one request -------------------------------------------------------- */

/* After a 2xx: the export's file, or the text of the result. */
static char *mw_done(const struct mgmt_write_req *r, const struct mw_buf *b, int *ok)
{
	char summary[512], err[512];

	*ok = 1;
	if (r->kind != MW_EXPORT)
		return msg_strdup(r->ok_text);
	if (mgmt_write_check_definitions(b->data ? b->data : "", b->len, summary, sizeof summary,
					 err, sizeof err) < 0 ||
	    mw_write_file(r->file, b->data, b->len, err, sizeof err) < 0) {
		*ok = 0;
		return msg_printf("%s: %s", r->what, err);
	}
	return msg_printf("exported the definitions (%s) to %s (mode 0600)", summary, r->file);
}

/* Run r on the hosts of its URL in turn; the text of its result. */
static char *mw_run(struct mgmt_writer *w, struct mgmt_write_req *r, int *ok)
{
	char errbuf[CURL_ERROR_SIZE], why[512], *text = NULL;
	struct mw_buf b = {0};
	struct uri u;
	CURLcode rc = CURLE_OK;
	long code = 0;
	int i;

	*ok = 0;
	if (uri_parse(r->url, &u, why, sizeof why) < 0)
		return msg_printf("%s: %s", r->what, why);
	for (i = 0; i < u.nhosts; i++) {
		free(b.data);
		memset(&b, 0, sizeof b);
		rc = mw_perform(w, r, &u, i, &b, &code, errbuf);
		if (!mgmt_transport_error(rc))
			break;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		text = msg_printf("%s: stopped: warren is quitting", r->what);
	else if (b.too_big)
		text = msg_printf("%s: the answer is bigger than 256 MiB", r->what);
	else if (rc == CURLE_COULDNT_CONNECT)
		text = msg_printf("%s: no management API at %s: connection refused (is the "
				  "rabbitmq_management plugin enabled? or give --mgmt-url)",
				  r->what, u.hosts[u.nhosts - 1].host);
	else if (rc != CURLE_OK)
		text = msg_printf("%s: management API: %s", r->what,
				  errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (code < 200 || code > 299)
		text = mw_http_error(r, &u, code, &b);
	else
		text = mw_done(r, &b, ok);
	free(b.data);
	uri_free(&u);
	return text;
}

/* An import: read and check the file here, then POST it as it is. */
static char *mw_import(struct mgmt_writer *w, struct mgmt_write_req *r, int *ok)
{
	char summary[512], err[512], *text;
	size_t len = 0;

	*ok = 0;
	if (!(r->body = mw_read_file(r->file, &len, err, sizeof err)))
		return msg_printf("%s: %s", r->what, err);
	if (strlen(r->body) != len)
		return msg_printf("%s: %s: not JSON (it holds a NUL byte)", r->what, r->file);
	if (mgmt_write_check_definitions(r->body, len, summary, sizeof summary, err, sizeof err) < 0)
		return msg_printf("%s: %s: %s", r->what, r->file, err);
	text = mw_run(w, r, ok);
	if (!*ok)
		return text;
	free(text);
	return msg_printf("imported the definitions of %s (%s)", r->file, summary);
}

/* ---- the thread --------------------------------------------------------- */

static void *mw_main(void *arg)
{
	struct mgmt_writer *w = arg;

	for (;;) {
		struct mgmt_write_req *r;
		struct msg_ev *e;
		int ok;

		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->stop) {
			pthread_mutex_unlock(&w->lock);
			return NULL;
		}
		r = w->head;
		w->head = r->next;
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		e = msg_ev_new(EV_RESULT);
		e->req_id = r->id;
		e->u.result.text = r->kind == MW_IMPORT ? mw_import(w, r, &ok) : mw_run(w, r, &ok);
		e->u.result.ok = ok;
		mgmt_write_req_free(r);
		mbox_push(w->events, &e->link);
	}
}

struct mgmt_writer *mgmt_writer_new(struct mbox *events)
{
	struct mgmt_writer *w = msg_alloc(sizeof *w);
	sigset_t all, old;
	int r;

	w->events = events;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* signals are the UI thread's business (signalfd) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	r = pthread_create(&w->thread, NULL, mw_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		free(w);
		return NULL;
	}
	return w;
}

void mgmt_writer_send(struct mgmt_writer *w, struct mgmt_write_req *r)
{
	r->next = NULL;
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = r;
	else
		w->head = r;
	w->tail = r;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void mgmt_writer_stop(struct mgmt_writer *w)
{
	struct mgmt_write_req *r;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while ((r = w->head)) {
		w->head = r->next;
		mgmt_write_req_free(r);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	curl_global_cleanup();
	free(w);
}
