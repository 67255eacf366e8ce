/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_poll: the poller's own state, shared by mgmt.c (the thread and one
 * refresh) and mgmt_http.c (URLs, curl handles, HTTP errors).
 */
#ifndef WARREN_MGMT_POLL_H
#define WARREN_MGMT_POLL_H

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>

#include "mgmt.h"
#include "mgmt_int.h"
#include "uri.h"

#define MGMT_PARALLEL 4	   /* requests in flight at once */
#define MGMT_PAGE_SIZE 500 /* the API's largest page */
#define MGMT_CONNECT_TIMEOUT_MS 3000L
#define MGMT_MANY_QUEUES 1000 /* more: the queue list without statistics */
/*
 * What one refresh reads at most, whatever the API says: pages of a list
 * (100,000 rows), bytes of an answer, seconds in all (each request also
 * times out by itself). Each is an error, shown once per refresh.
 */
#define MGMT_MAX_PAGES 200
#define MGMT_MAX_BODY (64 << 20)
#define MGMT_MAX_REFRESH_S 25.0 /* below cmd_list's 30 s wait */

struct mgmt_buf {
	char *data;
	size_t len, cap;
	int too_big; /* more than MGMT_MAX_BODY came: the rest was refused */
};

/* How a list is asked for. */
enum mgmt_form {
	MGMT_FORM_LIST,	  /* with statistics, paged if the API pages it */
	MGMT_FORM_TOTALS, /* queues: without statistics, in one request */
	MGMT_FORM_DETAIL, /* queues: those of one name, with statistics */
};

struct mgmt_job {
	enum mgmt_list list;
	enum mgmt_form form;
	int page;  /* 0: not paged */
	int tries; /* hosts tried */
	int host;  /* the host it runs on */
	struct mgmt_buf body;
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
};

struct mgmt {
	pthread_t thread;
	pthread_mutex_t lock;
	int efd;
	struct mbox *events;

	/* under lock */
	int stop;
	int want;
	uint64_t req_seq;
	int req_lists;
	char *req_name, *req_vhost; /* mgmt_request_queue: the queue asked for */

	/* fixed at start */
	struct uri u;
	char *prefix;	/* path before /api, "" normally */
	char *vhost;	/* URL-encoded, or NULL for all */
	char *client_name;
	char *shown;	/* the URL with its password masked */
	double refresh, timeout;

	/* the thread's own */
	CURLM *multi;
	CURL *easy[MGMT_PARALLEL];
	int host;
	struct mgmt_samples *samples;
	struct mgmt_job *jobs;
	size_t njobs, cap;
	int pages[MGMT_NLISTS]; /* page counts of the last refresh */
	long many_queues;	/* more queues than this: no statistics */
	int queues_many;	/* the last poll found many queues: 1, few: 0, not known: -1 */
	int lists;		/* what the refresh under way fetches */
	char *detail_name, *detail_vhost; /* the queue it fetches in detail, or NULL */
	struct mgmt_snapshot detail;	  /* its rows, until they go into the queue list */
	char *error;
	FILE *trace; /* $WARREN_MGMT_TRACE: each request, for benchmarks and debugging */
	struct curl_slist *bert; /* Accept: BERT for the queue list without statistics */
};


int mgmt_paged(enum mgmt_list l);

/* mgmt_http.c */
int mgmt_parse_url(struct mgmt *m, const char *url, char *err, size_t errlen);
char *mgmt_job_url(struct mgmt *m, const struct mgmt_job *j);
CURL *mgmt_easy_new(struct mgmt *m);
void mgmt_fail(struct mgmt *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mgmt_http_reason(struct mgmt *m, long code, const struct mgmt_buf *body);
char *mgmt_transport_reason(struct mgmt *m, struct mgmt_job *j, CURLcode rc);
int mgmt_transport_error(CURLcode rc);

#endif
