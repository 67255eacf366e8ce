/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt: the poller thread (see mgmt.h).
 *
 * The thread sleeps in poll() on an eventfd until the next refresh is due or
 * somebody asks (mgmt_request, mgmt_stop). A refresh is a set of HTTP GETs,
 * one per list and page, run a few at a time on one curl multi handle so
 * that the broker serves pages on both cores while this thread decodes the
 * pages already in; connections are kept alive between refreshes. A paged
 * list asks at once for as many pages as it had last time (page 1 says how
 * many there are now: more are asked for then, and a page past the end is
 * answered "page_out_of_range", which only means the list shrank).
 *
 * A broker with many queues (more than many_queues, 1000 by default) is
 * asked for its queue list without statistics (disable_stats and
 * enable_queue_totals: the message counts, not the consumer counts nor the
 * rates), in one request: the broker builds the whole list for every
 * request, page or not, and with statistics that costs it about as much per
 * page of 500 as the whole list does without (RabbitMQ 3.10, 10,000 queues:
 * 21 pages with statistics 1.4 s or more, the list without them 0.5 s).
 * Consumer counts then come from the consumer list, which such a poll
 * fetches too; the rates are unknown, and `show queue` fetches its queue
 * with statistics (by name, which is cheap). How many queues there are is
 * known from the last poll; the first one asks without statistics (cheap
 * for few queues too) and asks again with them when there are few.
 *
 * Several hosts in the URL are tried in turn: a request that cannot reach
 * its host is retried on the next one, which then serves the following
 * requests too. Whatever fails becomes one error line in the snapshot; the
 * lists that failed are left out (not fresh) so the model keeps their last
 * good rows.
 */
#include "config.h"

#include "mgmt.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "mgmt_int.h"
#include "msg.h"
#include "text.h"
#include "uri.h"

#include "mgmt_poll.h"

/* The API pages these lists (the vhost-scoped connection and channel lists do not). */
int mgmt_paged(enum mgmt_list l)
{
	return l == MGMT_QUEUES || l == MGMT_EXCHANGES || l == MGMT_CONNECTIONS ||
	       l == MGMT_CHANNELS;
}

static double mgmt_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- one refresh --------------------------------------------------------- */

static struct mgmt_job *mgmt_job_add(struct mgmt *m, enum mgmt_list l, enum mgmt_form form,
				     int page, int tries)
{
	struct mgmt_job *j;

	if (m->njobs == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->jobs = realloc(m->jobs, m->cap * sizeof *m->jobs);
		if (!m->jobs)
			abort();
	}
	j = &m->jobs[m->njobs++];
	memset(j, 0, sizeof *j);
	j->list = l;
	j->form = form;
	j->page = page;
	j->tries = tries;
	return j;
}

/* What goes with the queue list without statistics: show queue's, and the consumer counts. */
static void mgmt_plan_many(struct mgmt *m)
{
	if (m->detail_name)
		mgmt_job_add(m, MGMT_QUEUES, MGMT_FORM_DETAIL, 1, 0);
	if (!(m->lists & MGMT_BIT(MGMT_CONSUMERS))) {
		m->lists |= MGMT_BIT(MGMT_CONSUMERS);
		mgmt_job_add(m, MGMT_CONSUMERS, MGMT_FORM_LIST, 0, 0);
	}
}

/* The first requests for the queue list: see the top of this file. */
static void mgmt_plan_queues(struct mgmt *m)
{
	if (m->queues_many == 0) {
		mgmt_job_add(m, MGMT_QUEUES, MGMT_FORM_LIST, 1, 0);
		return;
	}
	mgmt_job_add(m, MGMT_QUEUES, MGMT_FORM_TOTALS, 0, 0);
	if (m->queues_many == 1)
		mgmt_plan_many(m);
}

/*
 * The number of queues, from page 1 of the list or from the list without
 * statistics; a little below the threshold is still many, so that a broker
 * near it does not switch at every poll. Returns 1 when the first poll
 * learns that there are few: the rows without statistics are dropped and
 * the list is asked for again with them.
 */
static int mgmt_queues_counted(struct mgmt *m, long long n, struct mgmt_snapshot *s)
{
	int was = m->queues_many;

	if (n > m->many_queues)
		m->queues_many = 1;
	else if (was != 1 || n <= m->many_queues - m->many_queues / 10)
		m->queues_many = 0;
	if (m->queues_many == 1) /* the pages to ask for at once if it shrinks */
		m->pages[MGMT_QUEUES] = n / MGMT_PAGE_SIZE >= MGMT_MAX_PAGES
						? MGMT_MAX_PAGES
						: (int)((n + MGMT_PAGE_SIZE - 1) / MGMT_PAGE_SIZE);
	if (was >= 0)
		return 0;
	if (m->queues_many == 1) {
		mgmt_plan_many(m);
		return 0;
	}
	mgmt_list_free(s, MGMT_QUEUES);
	mgmt_plan_queues(m);
	return 1;
}

static int mgmt_job_start(struct mgmt *m, struct mgmt_job *j)
{
	int i;
	char *url;

	for (i = 0; i < MGMT_PARALLEL && !m->easy[i]; i++)
		;
	if (i == MGMT_PARALLEL)
		return -1;
	j->h = m->easy[i];
	m->easy[i] = NULL;
	j->host = m->host;
	j->tries++;
	url = mgmt_job_url(m, j);
	curl_easy_setopt(j->h, CURLOPT_URL, url);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, &j->body);
	curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->form == MGMT_FORM_TOTALS ? m->bert : NULL);
	curl_easy_setopt(j->h, CURLOPT_ERRORBUFFER, j->errbuf);
	free(url);
	curl_multi_add_handle(m->multi, j->h);
	return 0;
}

static void mgmt_job_release(struct mgmt *m, struct mgmt_job *j)
{
	int i;

	curl_multi_remove_handle(m->multi, j->h);
	for (i = 0; i < MGMT_PARALLEL && m->easy[i]; i++)
		;
	m->easy[i] = j->h;
	j->h = NULL;
	free(j->body.data);
	j->body = (struct mgmt_buf){0};
}

/* A list failed: its last good rows stay. A queue's detail failing fails no list. */
static void mgmt_job_failed(const struct mgmt_job *j, int *failed)
{
	if (j->form != MGMT_FORM_DETAIL)
		failed[j->list] = 1;
}

static void mgmt_job_trace(struct mgmt *m, struct mgmt_job *j)
{
	char *url = NULL, *type = NULL;
	double total = 0;
	long code = 0;

	curl_easy_getinfo(j->h, CURLINFO_EFFECTIVE_URL, &url);
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(j->h, CURLINFO_TOTAL_TIME, &total);
	curl_easy_getinfo(j->h, CURLINFO_CONTENT_TYPE, &type);
	fprintf(m->trace, "%s %ld %zu %.6f %s\n", url ? url : "?", code, j->body.len, total,
		type ? type : "-");
	fflush(m->trace);
}

/*
 * A body that came back 200: decode it, release j (adding jobs may move
 * m->jobs), then queue the pages it announces.
 */
static void mgmt_job_decode(struct mgmt *m, struct mgmt_job *j, struct mgmt_snapshot *s,
			    int *failed)
{
	enum mgmt_list l = j->list;
	enum mgmt_form form = j->form;
	int page = j->page, p, rc;
	struct mgmt_page pg;
	char err[512];
	double t0 = mgmt_clock(CLOCK_THREAD_CPUTIME_ID);

	rc = mgmt_decode_page(l, j->body.data, j->body.len, m->client_name,
			      form == MGMT_FORM_TOTALS ? MGMT_DECODE_NO_STATS : 0,
			      form == MGMT_FORM_DETAIL ? &m->detail : s, &pg, err, sizeof err);
	s->decode_s += mgmt_clock(CLOCK_THREAD_CPUTIME_ID) - t0;
	if (rc < 0) {
		mgmt_fail(m, "management API at %s sent bad data: %s; keeping the last good %s",
			  m->shown, err, mgmt_list_name(l));
		mgmt_job_failed(j, failed);
	}
	mgmt_job_release(m, j);
	if (rc < 0 || form == MGMT_FORM_DETAIL || (form == MGMT_FORM_LIST && page != 1))
		return;
	if (l == MGMT_QUEUES && mgmt_queues_counted(m, pg.total, s))
		return;
	if (form == MGMT_FORM_LIST) {
		if (pg.pages > MGMT_MAX_PAGES) {
			mgmt_fail(m, "management API at %s says there are %lld pages of %s: "
				     "warren reads the first %d (%d rows)",
				  m->shown, pg.pages, mgmt_list_name(l), MGMT_MAX_PAGES,
				  MGMT_MAX_PAGES * MGMT_PAGE_SIZE);
			pg.pages = MGMT_MAX_PAGES;
		}
		for (p = m->pages[l] + 1; p <= pg.pages; p++)
			mgmt_job_add(m, l, MGMT_FORM_LIST, p, 0);
		m->pages[l] = (int)pg.pages;
	}
}

/* A finished request: decode it, queue the pages it announces, or fail over. */
static void mgmt_job_done(struct mgmt *m, size_t ji, CURLcode rc, struct mgmt_snapshot *s,
			  int *failed)
{
	struct mgmt_job *j = &m->jobs[ji];
	long code = 0;
	char *why;

	if (m->trace)
		mgmt_job_trace(m, j);
	if (rc == CURLE_FILESIZE_EXCEEDED || (rc == CURLE_WRITE_ERROR && j->body.too_big)) {
		mgmt_fail(m, "management API at %s sent more than %d MiB for %s: warren reads no "
			     "more of it; keeping the last good %s",
			  m->shown, MGMT_MAX_BODY >> 20, mgmt_list_name(j->list),
			  mgmt_list_name(j->list));
		mgmt_job_failed(j, failed);
		mgmt_job_release(m, j);
		return;
	}
	if (rc != CURLE_OK) {
		why = mgmt_transport_reason(m, j, rc);
		if (mgmt_transport_error(rc) && j->tries < m->u.nhosts) {
			struct mgmt_job again = *j;

			if (j->host == m->host)
				m->host = (m->host + 1) % m->u.nhosts;
			mgmt_job_release(m, j);
			/* may move m->jobs */
			mgmt_job_add(m, again.list, again.form, again.page, again.tries);
		} else {
			mgmt_fail(m, "management API unavailable at %s: %s", m->shown, why);
			mgmt_job_failed(j, failed);
			mgmt_job_release(m, j);
		}
		free(why);
		return;
	}
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &code);
	if (code == 400 && j->page > 1 && j->body.data && strstr(j->body.data, "page_out_of_range")) {
		/* asked for more pages than there are now: nothing is missing */
	} else if (code != 200) {
		why = mgmt_http_reason(m, code, &j->body);
		mgmt_fail(m, "management API unavailable at %s: %s", m->shown, why);
		free(why);
		mgmt_job_failed(j, failed);
	} else if (!failed[j->list]) {
		mgmt_job_decode(m, j, s, failed);
		return;
	}
	mgmt_job_release(m, j);
}

static int mgmt_stopping(struct mgmt *m)
{
	int stop;

	pthread_mutex_lock(&m->lock);
	stop = m->stop;
	pthread_mutex_unlock(&m->lock);
	return stop;
}

/*
 * A refresh that takes too long (an API that answers every request just
 * before its timeout, page after page) ends: what is not in yet fails.
 */
static void mgmt_give_up(struct mgmt *m, size_t next, int *failed)
{
	size_t i, left = 0;

	for (i = 0; i < m->njobs; i++)
		if (i >= next || m->jobs[i].h) {
			left++;
			mgmt_job_failed(&m->jobs[i], failed);
			if (m->jobs[i].h)
				mgmt_job_release(m, &m->jobs[i]);
		}
	mgmt_fail(m, "management API at %s too slow: a refresh took more than %g s (%zu "
		     "requests unanswered); keeping the last good data",
		  m->shown, MGMT_MAX_REFRESH_S, left);
}

/* Run every job; returns -1 when stopped half-way. */
static int mgmt_run_jobs(struct mgmt *m, struct mgmt_snapshot *s, int *failed)
{
	double deadline = mgmt_clock(CLOCK_MONOTONIC) + MGMT_MAX_REFRESH_S;
	size_t next = 0;
	int running = 0, still;

	for (;;) {
		struct curl_waitfd wake = {.fd = m->efd, .events = POLLIN};
		CURLMsg *msg;
		int left;

		while (next < m->njobs && mgmt_job_start(m, &m->jobs[next]) == 0) {
			next++;
			running++;
		}
		if (!running)
			return 0;
		curl_multi_perform(m->multi, &still);
		while ((msg = curl_multi_info_read(m->multi, &left))) {
			size_t i;

			if (msg->msg != CURLMSG_DONE)
				continue;
			for (i = 0; i < m->njobs && m->jobs[i].h != msg->easy_handle; i++)
				;
			running--;
			mgmt_job_done(m, i, msg->data.result, s, failed);
		}
		if (mgmt_stopping(m))
			return -1;
		if ((running || next < m->njobs) && mgmt_clock(CLOCK_MONOTONIC) > deadline) {
			mgmt_give_up(m, next, failed);
			return 0;
		}
		if (running) {
			uint64_t n;

			curl_multi_poll(m->multi, &wake, 1, 200, NULL);
			/* requests wait for the next refresh: their flags are kept */
			if ((wake.revents & POLLIN) && read(m->efd, &n, sizeof n) < 0) {
				/* EAGAIN */
			}
		}
	}
}

/* The queue list, sorted, takes in the queue fetched in detail. */
static void mgmt_fetch_detail(struct mgmt *m, struct mgmt_snapshot *s, int failed)
{
	if (!failed && m->detail.nqueues)
		mgmt_queues_detail(s, &m->detail, m->detail_vhost, m->detail_name);
	mgmt_list_free(&m->detail, MGMT_QUEUES);
}

/* Fetch the lists in the mask; NULL when stopped. */
static struct mgmt_snapshot *mgmt_fetch(struct mgmt *m, int lists)
{
	struct mgmt_snapshot *s = msg_alloc(sizeof *s);
	int failed[MGMT_NLISTS] = {0}, l;
	double start = mgmt_clock(CLOCK_MONOTONIC), t0;
	size_t i;

	s->time = mgmt_clock(CLOCK_REALTIME);
	s->url = msg_strdup(m->shown);
	if (m->trace)
		fprintf(m->trace, "# refresh\n");
	m->njobs = 0;
	m->lists = lists;
	for (l = 0; l < MGMT_NLISTS; l++) {
		if (!(lists & MGMT_BIT(l)))
			continue;
		if (l == MGMT_QUEUES)
			mgmt_plan_queues(m);
		else
			mgmt_job_add(m, (enum mgmt_list)l, MGMT_FORM_LIST,
				     mgmt_paged((enum mgmt_list)l), 0);
	}
	/* the small lists first, then the pages a big one had last time */
	for (l = 0; l < MGMT_NLISTS; l++) {
		int p;

		if (!(lists & MGMT_BIT(l)) || !mgmt_paged((enum mgmt_list)l) ||
		    (l == MGMT_QUEUES && m->queues_many != 0))
			continue;
		if (m->pages[l] < 1)
			m->pages[l] = 1;
		for (p = 2; p <= m->pages[l]; p++)
			mgmt_job_add(m, (enum mgmt_list)l, MGMT_FORM_LIST, p, 0);
	}
	if (mgmt_run_jobs(m, s, failed) < 0) {
		for (i = 0; i < m->njobs; i++)
			if (m->jobs[i].h)
				mgmt_job_release(m, &m->jobs[i]);
		mgmt_list_free(&m->detail, MGMT_QUEUES);
		mgmt_snapshot_free(s);
		free(m->error);
		m->error = NULL;
		return NULL;
	}
	t0 = mgmt_clock(CLOCK_THREAD_CPUTIME_ID);
	for (l = 0; l < MGMT_NLISTS; l++) {
		if (!(m->lists & MGMT_BIT(l)) || failed[l]) {
			mgmt_list_free(s, (enum mgmt_list)l);
			continue;
		}
		s->fresh[l] = 1;
		s->list_time[l] = s->time;
		mgmt_sort(s, (enum mgmt_list)l);
	}
	mgmt_fetch_detail(m, s, failed[MGMT_QUEUES] || !(m->lists & MGMT_BIT(MGMT_QUEUES)));
	mgmt_rates(&m->samples, s);
	s->decode_s += mgmt_clock(CLOCK_THREAD_CPUTIME_ID) - t0;
	s->error = m->error;
	m->error = NULL;
	s->fetch_s = mgmt_clock(CLOCK_MONOTONIC) - start;
	return s;
}

/* ---- the thread ---------------------------------------------------------- */

static void mgmt_post(struct mgmt *m, struct mgmt_snapshot *s)
{
	struct msg_ev *e = msg_ev_new(EV_MGMT);

	e->u.mgmt = s;
	mbox_push(m->events, &e->link);
}

/*
 * Wait until a refresh is due or asked for; returns the lists to fetch and
 * the request number it answers, or -1 to stop.
 */
static int mgmt_wait(struct mgmt *m, double due, uint64_t *seq)
{
	for (;;) {
		double left = due - mgmt_clock(CLOCK_MONOTONIC);
		struct pollfd p = {.fd = m->efd, .events = POLLIN};
		uint64_t n;
		int lists = -1;

		pthread_mutex_lock(&m->lock);
		if (m->stop) {
			pthread_mutex_unlock(&m->lock);
			return -1;
		}
		if (m->req_lists || (due > 0 && left <= 0)) {
			/* polling fetches what is watched; a request adds what it asks for */
			lists = (m->refresh > 0 ? m->want : 0) | m->req_lists;
			*seq = m->req_seq;
			m->req_lists = 0;
			free(m->detail_name);
			free(m->detail_vhost);
			m->detail_name = m->req_name;
			m->detail_vhost = m->req_vhost;
			m->req_name = m->req_vhost = NULL;
		}
		pthread_mutex_unlock(&m->lock);
		if (lists >= 0)
			return lists;
		if (poll(&p, 1, due > 0 ? (int)(left * 1000) + 1 : -1) > 0 &&
		    read(m->efd, &n, sizeof n) < 0) {
			/* EAGAIN: another reader took it; the flags say what to do */
		}
	}
}

static void *mgmt_main(void *arg)
{
	struct mgmt *m = arg;
	double due = m->refresh > 0 ? mgmt_clock(CLOCK_MONOTONIC) : 0;
	uint64_t seq = 0;
	int lists;

	while ((lists = mgmt_wait(m, due, &seq)) >= 0) {
		struct mgmt_snapshot *s = mgmt_fetch(m, lists);

		if (!s)
			break;
		s->seq = seq;
		mgmt_post(m, s);
		if (m->refresh > 0)
			due = mgmt_clock(CLOCK_MONOTONIC) + m->refresh;
	}
	return NULL;
}

/* ---- the UI side --------------------------------------------------------- */

static void mgmt_wake(struct mgmt *m)
{
	uint64_t one = 1;

	if (write(m->efd, &one, sizeof one) < 0) {
		/* EAGAIN: already awake */
	}
}

uint64_t mgmt_request(struct mgmt *m, int lists)
{
	uint64_t seq;

	pthread_mutex_lock(&m->lock);
	seq = ++m->req_seq;
	/* a bit that is not a list still asks for a refresh */
	m->req_lists |= lists | (1 << MGMT_NLISTS);
	pthread_mutex_unlock(&m->lock);
	mgmt_wake(m);
	return seq;
}

uint64_t mgmt_request_queue(struct mgmt *m, int lists, const char *vhost, const char *name)
{
	pthread_mutex_lock(&m->lock);
	free(m->req_name);
	free(m->req_vhost);
	m->req_name = msg_strdup(name);
	m->req_vhost = vhost ? msg_strdup(vhost) : NULL;
	pthread_mutex_unlock(&m->lock);
	return mgmt_request(m, lists);
}

uint64_t mgmt_refresh(struct mgmt *m)
{
	int want;

	pthread_mutex_lock(&m->lock);
	want = m->want;
	pthread_mutex_unlock(&m->lock);
	return mgmt_request(m, want);
}

const char *mgmt_url(const struct mgmt *m)
{
	return m->shown;
}

void mgmt_set_want(struct mgmt *m, int want)
{
	pthread_mutex_lock(&m->lock);
	m->want = want ? want : (1 << MGMT_NLISTS) - 1;
	pthread_mutex_unlock(&m->lock);
	mgmt_wake(m);
}

static void mgmt_free(struct mgmt *m)
{
	int i;

	for (i = 0; i < MGMT_PARALLEL; i++)
		if (m->easy[i])
			curl_easy_cleanup(m->easy[i]);
	if (m->multi)
		curl_multi_cleanup(m->multi);
	if (m->efd >= 0)
		close(m->efd);
	pthread_mutex_destroy(&m->lock);
	uri_free(&m->u);
	free(m->prefix);
	free(m->vhost);
	free(m->client_name);
	free(m->shown);
	free(m->jobs);
	free(m->error);
	free(m->req_name), free(m->req_vhost);
	free(m->detail_name), free(m->detail_vhost);
	mgmt_list_free(&m->detail, MGMT_QUEUES);
	mgmt_samples_free(m->samples);
	if (m->trace)
		fclose(m->trace);
	curl_slist_free_all(m->bert); /* after the handles that used it */
	free(m);
	curl_global_cleanup();
}

struct mgmt *mgmt_start(const struct mgmt_opts *opt, struct mbox *events, char *err,
			size_t errlen)
{
	struct mgmt *m = msg_alloc(sizeof *m);
	sigset_t all, old;
	int i;

	m->efd = -1;
	pthread_mutex_init(&m->lock, NULL);
	/* thread-safe in libcurl >= 7.84; before that, this early call is what makes it safe */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (mgmt_parse_url(m, opt->url, err, errlen) < 0) {
		mgmt_free(m);
		return NULL;
	}
	m->events = events;
	m->want = opt->want ? opt->want : (1 << MGMT_NLISTS) - 1;
	m->refresh = opt->refresh;
	m->timeout = opt->timeout > 0 ? opt->timeout : 10;
	m->client_name = msg_strdup(opt->client_name);
	m->many_queues = opt->many_queues > 0 ? opt->many_queues : MGMT_MANY_QUEUES;
	if (getenv("WARREN_MGMT_MANY_QUEUES")) /* for tests and benchmarks */
		m->many_queues = strtol(getenv("WARREN_MGMT_MANY_QUEUES"), NULL, 10);
	m->queues_many = -1;
	if (getenv("WARREN_MGMT_TRACE"))
		m->trace = file_open_private(getenv("WARREN_MGMT_TRACE"), "a");
	/*
	 * The big queue list as BERT: the broker skips encoding it as JSON
	 * (half its time with 10,000 queues). $WARREN_MGMT_BERT=0: JSON only.
	 */
	if (!getenv("WARREN_MGMT_BERT") || strcmp(getenv("WARREN_MGMT_BERT"), "0"))
		m->bert = curl_slist_append(NULL, "Accept: application/bert, application/json;q=0.5");
	if (opt->vhost) {
		m->vhost = curl_easy_escape(NULL, opt->vhost, 0);
		if (!m->vhost)
			abort();
	}
	m->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	m->multi = curl_multi_init();
	file_cloexec_all();
	for (i = 0; i < MGMT_PARALLEL && m->multi; i++)
		if (!(m->easy[i] = mgmt_easy_new(m)))
			break;
	if (m->efd < 0 || !m->multi || i < MGMT_PARALLEL) {
		snprintf(err, errlen, "cannot set up the management poller: %s",
			 m->efd < 0 ? strerror(errno) : "libcurl failed");
		mgmt_free(m);
		return NULL;
	}
	/* signals are the UI thread's business (signalfd) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	i = pthread_create(&m->thread, NULL, mgmt_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i) {
		snprintf(err, errlen, "cannot start the management poller thread");
		mgmt_free(m);
		return NULL;
	}
	return m;
}

void mgmt_stop(struct mgmt *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = 1;
	pthread_mutex_unlock(&m->lock);
	mgmt_wake(m);
	pthread_join(m->thread, NULL);
	mgmt_free(m);
}
