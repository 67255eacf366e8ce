/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ring: a bounded log. It keeps the newest `cap` entries and at most a
 * budget of body bytes, so memory stays flat however many messages pass.
 * Older bodies are cut to a preview before whole entries go. The model keeps
 * two: the messages (deliveries and returns, --log-size of them) and the
 * notes (results, notices, connection and consumer lines).
 */
#ifndef WARREN_RING_H
#define WARREN_RING_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

enum log_kind {
	LOG_DELIVERY, /* msg set */
	LOG_RETURN,   /* msg set */
	LOG_RESULT,   /* a command finished */
	LOG_NOTICE,   /* from the network thread or warren itself */
	LOG_CONN,     /* connection state */
	LOG_CONSUMER, /* consumer started / ended */
	LOG_SETTLED,  /* ack status changed (batch prints it; panes update in place) */
	LOG_OUTPUT,   /* text a command printed (help, status, lists) */
	LOG_ROW,      /* a row of a job's table, a text line or a JSON object (json): shown
			 by the view, never stored */
};

enum log_level { LOG_INFO, LOG_OK, LOG_WARN, LOG_ERROR };

struct log_entry {
	uint64_t seq;
	uint64_t key; /* message number, or the last one before this entry */
	enum log_kind kind;
	enum log_level level;
	double time;
	char *text;
	struct msg_delivery *msg;
	struct msg_ev *ev; /* the event behind it, when kept (conn, consumer, settled) */
	const char *what;  /* result: the command's name */
	uint64_t job;	   /* the job whose output it is (0: none) */
	int safe;	   /* text is made safe already (not escaped twice) */
	int json;	   /* LOG_ROW: text is a JSON object (a row of --json output) */
	int code;	   /* AMQP reply code */
};

struct ring {
	struct log_entry **e;
	size_t cap, head, n;
	uint64_t *seq; /* the counter entries take their seq from (shared by the model's stores) */
	uint64_t last_key;
	size_t body_bytes, body_budget;
	size_t trim; /* entries before this (from head) are trimmed */
};

#define RING_DEFAULT_CAP 10000
#define RING_BODY_BUDGET (16u << 20)
#define RING_PREVIEW 512

/* A ring of cap entries whose seqs come from *seq (shared by several rings). */
void ring_init(struct ring *r, size_t cap, uint64_t *seq);
/* Index of the first entry with seq >= seq (ring_count() when none). */
size_t ring_seq_lower_bound(const struct ring *r, uint64_t seq);
void ring_free(struct ring *r);
struct log_entry *ring_entry_new(enum log_kind kind, enum log_level level, char *text);
void ring_entry_free(struct log_entry *e);

/* Append (takes ownership); returns e. The oldest entry may be freed. */
struct log_entry *ring_push(struct ring *r, struct log_entry *e);
size_t ring_count(const struct ring *r);
struct log_entry *ring_at(const struct ring *r, size_t i); /* 0 = oldest */
/* The delivery entry of message number id, or NULL once it left the log. */
struct log_entry *ring_find_msg(const struct ring *r, uint64_t id);
/* Index of the first entry with key >= id (ring_count() when none). */
size_t ring_lower_bound(const struct ring *r, uint64_t id);
void ring_clear(struct ring *r);

#endif
