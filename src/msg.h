/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg: what travels between the UI thread and the network thread.
 *
 * Requests (UI -> network) and events (network -> UI) are tagged unions.
 * The receiver owns what it is given and frees it with msg_req_free() /
 * msg_ev_free(). Strings are malloc'd and NUL-terminated; message bodies are
 * byte buffers with a length.
 */
#ifndef WARREN_MSG_H
#define WARREN_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "mbox.h"

struct mgmt_snapshot;

/* A key=value pair from --arg / --header; value typed by msg_kv_type(). */
struct msg_kv {
	char *key;
	char *value;
	struct msg_kv *next;
};

struct msg_kv *msg_kv_add(struct msg_kv **list, const char *key, const char *value);
struct msg_kv *msg_kv_dup(const struct msg_kv *list);
void msg_kv_free(struct msg_kv *list);

/* How a text value from the command line is sent: 42 -> long, true -> bool. */
enum msg_kv_type { MSG_KV_STRING, MSG_KV_INT, MSG_KV_BOOL };
enum msg_kv_type msg_kv_type(const char *value, long long *num);

/* Ack status of a delivered message, as the Messages pane shows it. */
enum msg_status {
	MSG_PENDING,  /* manual ack, not settled yet */
	MSG_AUTO,     /* consumed with auto-ack: the broker forgot it on send */
	MSG_ACKED,
	MSG_NACKED,   /* nack without requeue: dropped or dead-lettered */
	MSG_REQUEUED, /* nack/reject with requeue, or its channel closed */
	MSG_REJECTED, /* reject without requeue */
	MSG_LOST,     /* auto-acked to a consumer that died before it handled it */
};
const char *msg_status_name(enum msg_status s);

/* Properties of a message, raw (NULL when absent): made safe where shown. */
struct msg_props {
	char *content_type;
	char *content_encoding;
	char *correlation_id;
	char *reply_to;
	char *expiration;
	char *message_id;
	char *type;
	char *user_id;
	char *app_id;
	int delivery_mode; /* 0 absent, 1 transient, 2 persistent */
	int priority;	   /* -1 absent */
	long long timestamp; /* -1 absent */
	char *headers;	     /* rendered as safe text "k=v, ..." or NULL */
	void *headers_json;  /* json_t object of the headers, or NULL */
};

/* A delivered (or returned, or got) message. */
struct msg_delivery {
	uint64_t id;	 /* warren's message number, #1, #2, ... */
	char *consumer;	 /* consumer tag, "" for basic.get */
	uint16_t channel;
	uint64_t delivery_tag;
	int redelivered;
	char *exchange;
	char *routing_key;
	struct msg_props props;
	enum msg_status status;
	size_t body_size;	 /* full size on the wire */
	size_t body_len;	 /* bytes kept in body (capped) */
	unsigned char *body;
	uint32_t message_count;	 /* basic.get: messages left */
	int reply_code;		 /* basic.return */
	char *reply_text;
	double time;		 /* wall clock seconds when received */
};

void msg_delivery_free(struct msg_delivery *d);
void msg_props_free(struct msg_props *p);

/* ---- requests ---------------------------------------------------------- */

enum msg_req_type {
	REQ_CONNECT,
	REQ_DISCONNECT,
	REQ_DECLARE,
	REQ_BIND,
	REQ_DELETE,
	REQ_PURGE,
	REQ_PUBLISH,
	REQ_CONFIRM,
	REQ_CONSUME,
	REQ_CANCEL,
	REQ_SETTLE,
	REQ_GET,
	REQ_QUIT,
	REQ_RETRY, /* reconnecting: try now rather than after the backoff */
};

struct msg_req_connect {
	char *url;	/* one or more nodes, "amqp://u:p@h1:1,h2:2/vh" */
	int heartbeat;	/* seconds, 0 off */
	int reconnect;	/* reconnect with backoff when the connection drops */
	char *cacert, *cert, *key;
	int insecure;
};

struct msg_req_declare {
	int exchange; /* 0 queue, 1 exchange */
	char *name;
	char *type; /* exchange type, or queue type classic|quorum|stream */
	int durable, exclusive, auto_delete, passive, internal;
	struct msg_kv *args;
};

struct msg_req_bind {
	int unbind;
	char *queue;
	char *exchange;
	char *key;
	struct msg_kv *args;
};

struct msg_req_delete {
	int exchange;
	char *name;
	int if_unused, if_empty;
};

struct msg_req_publish {
	char *exchange;
	char *key;
	unsigned char *body; /* may contain {n}, replaced by the message number */
	size_t body_len;
	struct msg_props props;
	struct msg_kv *headers;
	int persistent;
	int mandatory;
	int literal; /* --body-file: no {n} expansion */
	int retry;   /* send nacked / unconfirmed messages again until confirmed */
	uint64_t count;
};

struct msg_req_consume {
	char *queue;
	char *tag; /* never NULL: the UI picks c1, c2, ... */
	int manual_ack;
	int prefetch;	 /* 0 unlimited */
	int qos_global;
	int exclusive;
	uint64_t count;	 /* cancel after this many, 0 never */
	int ack_every;	 /* ack automatically every N deliveries (multiple) */
};

struct msg_req_cancel {
	char *tag;
	int kill; /* close the channel abruptly: unacked go back to the queue */
};

enum msg_settle_kind { SETTLE_ACK, SETTLE_NACK, SETTLE_REJECT };

struct msg_req_settle {
	enum msg_settle_kind kind;
	uint64_t id; /* warren's message number */
	int multiple;
	int requeue;
};

struct msg_req {
	struct mbox_item link;
	enum msg_req_type type;
	uint64_t id; /* echoed in EV_RESULT */
	int quiet;   /* no EV_RESULT when it succeeds (a worker's own acks) */
	union {
		struct msg_req_connect connect;
		struct msg_req_declare declare;
		struct msg_req_bind bind;
		struct msg_req_delete del;
		char *queue; /* purge, get */
		struct msg_req_publish publish;
		int on;	     /* confirm */
		struct msg_req_consume consume;
		struct msg_req_cancel cancel;
		struct msg_req_settle settle;
		struct {
			int prefetch;
			int global;
		} qos;
	} u;
	int manual_ack; /* get */
};

struct msg_req *msg_req_new(enum msg_req_type type);
void msg_req_free(struct msg_req *r);

/* ---- events ------------------------------------------------------------ */

enum msg_ev_type {
	EV_RESULT,    /* a request finished: ok or error */
	EV_CONN,      /* connection state changed */
	EV_DELIVERY,  /* a consumer or basic.get received a message */
	EV_RETURN,    /* basic.return: unroutable mandatory message */
	EV_SETTLED,   /* deliveries changed ack status */
	EV_PUBLISHED, /* progress / totals of a publish request */
	EV_CONSUMER,  /* consumer started, finished or cancelled */
	EV_NOTICE,    /* something the user should know, not tied to a request */
	EV_MGMT,      /* a management API snapshot (mgmt.h) */
};

enum msg_conn_state {
	CONN_DOWN,
	CONN_CONNECTING,
	CONN_UP,
	CONN_BLOCKED,
};
const char *msg_conn_state_name(enum msg_conn_state s);

enum msg_consumer_state {
	CONSUMER_STARTED,
	CONSUMER_FINISHED,  /* reached --count */
	CONSUMER_CANCELLED, /* by the user */
	CONSUMER_LOST,	    /* broker cancelled it, or its channel closed */
	CONSUMER_KILLED,    /* channel closed abruptly on purpose */
	CONSUMER_SUSPENDED, /* the connection dropped; it restarts on reconnect */
};

struct msg_ev {
	struct mbox_item link;
	enum msg_ev_type type;
	uint64_t req_id;
	union {
		struct {
			int ok;
			int code;   /* AMQP reply code, 0 when none */
			char *text; /* what happened, for the user */
			char *name; /* a queue name the broker chose or confirmed */
			int counted; /* queue.declare-ok: its counts follow */
			uint32_t messages, consumers;
		} result;
		struct {
			enum msg_conn_state state;
			char *reason;  /* why down / blocked */
			char *url;     /* masked */
			char *server;  /* "RabbitMQ 3.10.8" */
			char *node;    /* cluster_name or host */
			char *name;    /* our connection_name */
			uint64_t requeued;
		} conn;
		struct msg_delivery *delivery;
		struct {
			uint16_t channel;
			uint64_t first, last; /* message numbers, inclusive */
			uint64_t count;	      /* how many pending messages changed */
			enum msg_status status;
			int by_warren;	      /* --ack-every, --count overflow, quit */
		} settled;
		struct {
			uint64_t sent, confirmed, nacked, returned, total;
			int done;
			int confirming;
		} published;
		struct {
			enum msg_consumer_state state;
			char *tag;
			char *queue;
			char *reason;
			uint16_t channel;
			uint64_t requeued; /* unacked that went back */
			uint64_t delivered;
			uint64_t limit; /* --count */
			int manual_ack, prefetch;
		} consumer;
		struct {
			int level; /* 0 info, 1 warning, 2 error */
			char *text;
			/* a server-named queue that came back with a new name, or NULL */
			char *renamed_from, *renamed_to;
		} notice;
		struct mgmt_snapshot *mgmt;
	} u;
};

struct msg_ev *msg_ev_new(enum msg_ev_type type);
void msg_ev_free(struct msg_ev *e);

char *msg_strdup(const char *s); /* NULL-safe, aborts on OOM */
void *msg_alloc(size_t n);	 /* zeroed, aborts on OOM */
char *msg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
