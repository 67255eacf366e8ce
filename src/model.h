/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model: what the UI knows: the connection, warren's consumers and their
 * counters, the message log, names for completion, rates. No I/O, no curses:
 * events go in (model_apply), panes and batch output read it.
 */
#ifndef WARREN_MODEL_H
#define WARREN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "ring.h"
#include "xmalloc.h"

struct mgmt_snapshot;

enum model_consumer_state {
	MC_ACTIVE,
	MC_FINISHED,
	MC_CANCELLED,
	MC_LOST,
	MC_KILLED,
	MC_SUSPENDED, /* waiting for the connection to come back */
};

struct model_consumer {
	char *tag;
	char *queue;
	uint16_t channel;
	int manual_ack;
	int prefetch;
	uint64_t limit; /* --count, 0 none */
	enum model_consumer_state state;
	char *reason;
	uint64_t delivered, acked, nacked, rejected, requeued, redelivered;
	uint64_t unacked; /* pending now */
	double started;
	double ended; /* when it stopped being active (0: it is) */
};

/*
 * Queue or exchange names for completion: those of the latest snapshot of
 * the broker (at most MODEL_NAMES_MAX) and those warren declared or was
 * told of itself (the newest MODEL_OWN_NAMES), each once. A broker whose
 * names change at every poll cannot make the list grow.
 */
#define MODEL_NAMES_MAX 100000
#define MODEL_OWN_NAMES 1000

struct model_names {
	char **v; /* the names, for completion */
	size_t n, cap;
	char **own; /* warren's own (in v too), oldest first */
	size_t nown;
};

/* A plain list of names, each once. */
struct model_list {
	char **v;
	size_t n, cap;
};
void model_list_add(struct model_list *l, const char *name);
int model_list_has(const struct model_list *l, const char *name);
void model_list_clear(struct model_list *l);

struct model {
	enum msg_conn_state conn_state;
	char *url;    /* masked */
	char *server; /* "RabbitMQ 3.10.8" */
	char *node;
	char *reason;
	char *conn_name;

	struct model_consumer **consumers;
	size_t nconsumers, consumers_cap;
	uint64_t next_consumer_no;

	/*
	 * Two stores, one order: the messages (deliveries and returns with
	 * their settle state; --log-size counts them) and the notes (results,
	 * notices, output). Their entries share one seq counter, so
	 * model_log_at() walks both as one log. Tables never enter either.
	 */
	struct ring log;
	struct ring notes;
	uint64_t seq;
	struct model_names queues, exchanges;
	char *last_queue; /* the last queue declared: $queue in commands */
	/* what lessons declared (deleted when the next lesson starts clean, and
	   shown first in their panes meanwhile), and when the lesson started */
	struct model_list lesson_queues, lesson_exchanges;
	double lesson_start;

	int confirm;
	int prefetch;	 /* default for new consumers (qos) */
	int qos_global;
	uint64_t unacked_total;

	/* the broker view (mgmt.h): last good data, and what went wrong */
	struct mgmt_snapshot *mgmt;
	char *mgmt_error;

	/* totals and a 1-second rate window */
	uint64_t delivered_total, published_total;
	uint64_t rate_in_mark, rate_out_mark;
	double rate_t, rate_in, rate_out;
};

void model_init(struct model *m, size_t log_size);
void model_free(struct model *m);

struct model_consumer *model_consumer_add(struct model *m, const char *tag, const char *queue,
					  int manual_ack, int prefetch, uint64_t limit);
struct model_consumer *model_consumer_find(const struct model *m, const char *tag);
/* The consumer that owns a channel (the newest one that used it). */
struct model_consumer *model_consumer_by_channel(const struct model *m, uint16_t ch);
int model_consumer_active(const struct model_consumer *c);
const char *model_consumer_state_name(enum model_consumer_state s);
/* Zero every counter (stats reset). */
void model_stats_reset(struct model *m);

/*
 * Apply an event; the entry it creates is pushed to the log and returned,
 * except LOG_SETTLED entries, which are not kept: the caller shows and
 * frees them (model_entry_done).
 */
struct log_entry *model_apply(struct model *m, struct msg_ev *ev);

void model_entry_done(struct log_entry *e);
/* Store an entry: a delivery or return in the messages, anything else in the notes. */
struct log_entry *model_log_add(struct model *m, struct log_entry *e);
/* Both stores as one log, oldest first: how many, the i-th, the first at or after seq. */
size_t model_log_count(const struct model *m);
struct log_entry *model_log_at(const struct model *m, size_t i);
size_t model_log_seq_index(const struct model *m, uint64_t seq);
#define MODEL_NOTES_CAP 5000 /* notes kept, whatever --log-size says */
/* A name warren declared or was told of. */
void model_names_add(struct model_names *n, const char *name);
void model_names_del(struct model_names *n, const char *name);
/* The broker's names now (sorts names in place): they replace its earlier ones. */
void model_names_set(struct model_names *n, const char **names, size_t count);

/* Message id was auto-acked to a consumer that died before it handled it: lost. */
void model_mark_lost(struct model *m, uint64_t id);
/* Recompute rates (call about once a second). */
void model_tick(struct model *m, double now);

#endif
