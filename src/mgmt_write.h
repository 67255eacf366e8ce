/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_write: requests that change the broker (or export its definitions)
 * through the management API: PUT, POST, DELETE and the one GET of
 * /api/definitions, with libcurl.
 *
 * The poller (mgmt.c) only reads, on a schedule; these run when a command
 * asks, one at a time, on a worker thread of their own, so a slow or dead
 * API never blocks the dashboard. Each request ends with exactly one
 * EV_RESULT event carrying the request's id into the UI mailbox, the same
 * way the network thread answers its requests: app.c logs it as "ok: ..."
 * or "error: ..." and the command waiting for that id finishes.
 */
#ifndef WARREN_MGMT_WRITE_H
#define WARREN_MGMT_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "mbox.h"

struct mgmt_writer;

/* What to do with the answer of a successful request. */
enum mgmt_write_kind {
	MW_PLAIN,  /* ok_text is the result */
	MW_EXPORT, /* GET: the body is JSON definitions, written to file (0600) */
	MW_IMPORT, /* POST: the body is read from file and checked to be definitions */
};

struct mgmt_write_req {
	uint64_t id;	   /* the EV_RESULT's req_id */
	const char *method; /* GET, PUT, POST, DELETE */
	char *url;	   /* management URL (user and password in it; several hosts: tried in turn) */
	char *path;	   /* "/api/policies/%2F/p1", already escaped */
	char *body;	   /* JSON, or NULL */
	enum mgmt_write_kind kind;
	char *file;	   /* MW_EXPORT, MW_IMPORT */
	char *ok_text;	   /* the result on success (MW_PLAIN) */
	char *what;	   /* "declare policy p1", for errors */
	const char *tag;   /* the user tag a 403 means is missing */
	char *missing;	   /* a 404 means this ("no policy 'p1' in vhost '/'"), or NULL */
	double timeout;	   /* seconds; 0: 30 */
	struct mgmt_write_req *next;
};

/* The worker thread, started on first use; results go to events. */
struct mgmt_writer *mgmt_writer_new(struct mbox *events);
/* Queue r (the writer owns it from now on). */
void mgmt_writer_send(struct mgmt_writer *w, struct mgmt_write_req *r);
/* Abort what runs, drop what waits, join the thread. NULL is fine. */
void mgmt_writer_stop(struct mgmt_writer *w);
void mgmt_write_req_free(struct mgmt_write_req *r);

/*
 * Definitions: check that text is a JSON object of RabbitMQ definitions,
 * and say what it holds ("3 queues, 1 exchange, 2 bindings"). 0, or -1
 * with err saying where it is wrong (line and column). Exposed for tests.
 */
int mgmt_write_check_definitions(const char *text, size_t len, char *summary, size_t sumlen,
				 char *err, size_t errlen);

#endif
