/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_int: the network thread's private state, shared by net_amqp.c
 * (thread, connection, frame dispatch), net_chan.c (channels, deliveries,
 * acks, consumers), net_pub.c (publishing, confirms) and net_ops.c (the
 * synchronous AMQP methods behind declare/bind/delete/purge/get).
 * Only the network thread touches any of it.
 */
#ifndef WARREN_NET_INT_H
#define WARREN_NET_INT_H

#include <pthread.h>
#include <stdint.h>

#include "amqp_compat.h"
#include "mbox.h"
#include "msg.h"
#include "uri.h"

#define NET_MAX_CHANNELS 2048
#define NET_CH_CMD 1 /* declare, bind, get... */
#define NET_CH_PUB 2 /* publish; confirm mode lives here */

struct net_pend {
	uint64_t id;
	uint64_t dtag;
};

struct net_consumer {
	struct msg_req_consume c;
	uint16_t ch;
	int suspended; /* the connection is gone; restarted when it is back */
	int emulate_auto; /* auto-ack done by us so --count can requeue extras */
	int cancelled;	  /* basic.cancel sent: extras are requeued */
	uint64_t delivered;
	uint64_t unacked_run; /* deliveries since the last --ack-every ack */
	struct net_consumer *next;
};

struct net_chan {
	int open;
	struct net_consumer *consumer;
	/* acks warren owes (--ack-every, emulated auto-ack): one multiple ack
	 * up to this tag is sent when the frames at hand are handled */
	uint64_t ack_due;
	/* pending manual-ack deliveries, oldest first: pend[phead..pn) */
	struct net_pend *pend;
	size_t phead, pn, pcap;
};

/* Something warren declared or bound itself: declared again after a reconnect. */
struct net_owned {
	struct msg_req *req; /* a copy of the REQ_DECLARE or REQ_BIND */
	char *name;	     /* declare: the queue's name now (server-named ones change) */
	struct net_owned *next;
};

/* A publish request whose messages are sent or awaiting confirms. */
struct net_pub {
	struct msg_req *req;
	uint64_t first_seq;    /* confirm sequence numbers of this request */
	uint64_t sent, confirmed, nacked, returned;
	int sending_done;
	int sync_sent; /* no confirms: the basic.qos round trip is on its way */
	uint64_t sends;	       /* basic.publish calls, retries included */
	uint64_t timed_out;    /* unconfirmed past the confirm timeout (no --retry) */
	double progress;       /* when it last sent or heard a confirm */
	unsigned nack_notices; /* per-message nack lines printed so far */
	/* --retry: every message is sent again until it is confirmed */
	uint64_t *num;	       /* message number of each sequence number since first_seq */
	size_t num_cap;
	uint64_t next_new;     /* the next message number never sent, from 1 */
	uint64_t *resend;      /* message numbers to send again */
	size_t nresend, resend_cap;
	uint64_t retried_nack, retried_timeout, retried_lost;
	int failed;
	amqp_pool_t pool;      /* headers table */
	amqp_basic_properties_t props;
	struct net_pub *next;
};

struct net {
	pthread_t thread;
	struct mbox req;
	struct mbox *ev;
	struct msg_req *todo_head, *todo_tail; /* requests not started yet */

	amqp_connection_state_t conn;
	struct msg_req_connect target; /* where to (re)connect */
	int want_up;		       /* the user wants a connection */
	double retry_at, backoff;      /* reconnecting: when, and the next wait */
	uint64_t lost_requeued;	       /* unacked that went back since the loss */
	struct net_owned *owned;
	int up;
	int blocked;
	int quit;
	char *url_masked;
	char *conn_name;
	int heartbeat;
	uint16_t channel_max;
	int last_ch; /* channels are handed out round-robin */
	struct net_chan ch[NET_MAX_CHANNELS];
	struct net_consumer *consumers;
	uint64_t next_msg_id;

	/* publishing */
	int confirm;
	uint64_t next_seq;     /* next confirm sequence number on NET_CH_PUB */
	uint64_t low_seq;      /* lowest unsettled sequence number */
	unsigned char *settled; /* settled flags for low_seq.. */
	size_t settled_cap;
	unsigned char *scratch; /* a body with {n} filled in */
	size_t scratch_cap;
	struct net_pub *pubs;  /* oldest first; head may be sending */

	/* channels with an ack due (net_acks_flush) */
	uint16_t ack_dirty[NET_MAX_CHANNELS];
	unsigned nack_dirty;

	/* events batched until the next flush */
	struct mbox_item *out_head, *out_tail;
	unsigned out_n;
};

/* net_conn.c */
void net_connect(struct net *n, struct msg_req *r);
uint64_t net_disconnect(struct net *n, uint64_t req_id);

/* net_amqp.c */
char *net_close_text(const amqp_method_t *m, int *code);
double net_mono(void);
char *net_open(struct net *n, int *code, char **where);
void net_conn_event(struct net *n, enum msg_conn_state st, const char *reason,
		    uint64_t requeued);
void net_emit(struct net *n, struct msg_ev *e);
void net_flush(struct net *n);
void net_result(struct net *n, uint64_t req_id, int ok, int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The same, naming a queue for the UI's completion list. */
void net_result_named(struct net *n, uint64_t req_id, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same for a declared queue, with its counts as fields. */
void net_result_queue(struct net *n, uint64_t req_id, const char *name, uint32_t messages,
		      uint32_t consumers, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void net_notice(struct net *n, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Explain a failed RPC; handles channel/connection close. Returns malloc'd text. */
char *net_rpc_error(struct net *n, uint16_t ch, amqp_rpc_reply_t r, int *code);
void net_lost(struct net *n, const char *why);
void net_drain_queued(struct net *n);
int net_check_conn(struct net *n, uint64_t req_id);
char *net_bytes_dup(amqp_bytes_t b);
double net_now(void);

/* net_chan.c */
int net_chan_open(struct net *n, uint16_t ch, char **err, int *code);
int net_chan_alloc(struct net *n);
void net_chan_closed(struct net *n, uint16_t ch, const char *why);
void net_chan_close(struct net *n, uint16_t ch);
void net_pend_push(struct net_chan *c, uint64_t id, uint64_t dtag);
/* Send the acks warren owes: on one channel, or on all. */
void net_ack_flush(struct net *n, uint16_t ch);
void net_acks_flush(struct net *n);
void net_deliver(struct net *n, uint16_t ch, amqp_basic_deliver_t *d);
void net_consume(struct net *n, struct msg_req *r);
void net_cancel(struct net *n, struct msg_req *r);
void net_settle(struct net *n, struct msg_req *r);
void net_server_cancel(struct net *n, uint16_t ch, amqp_basic_cancel_t *c);
uint64_t net_requeue_all(struct net *n);
void net_consumers_reset(struct net *n, const char *why);
void net_consumers_suspend(struct net *n, const char *why);
void net_consumer_drop(struct net *n, struct net_consumer *k, const char *why);
/* (Re)start consumer k on a new channel; NULL or why not (malloc'd). */
char *net_consumer_start(struct net *n, struct net_consumer *k, int *code);
struct msg_delivery *net_read_delivery(struct net *n, uint16_t ch, char **err);

/* net_pub.c */
void net_publish_start(struct net *n, struct msg_req *r);
int net_publish_slice(struct net *n);
void net_confirm(struct net *n, struct msg_req *r);
void net_pub_ack(struct net *n, uint64_t tag, int multiple, int nack);
void net_pub_return(struct net *n, amqp_basic_return_t *ret);
void net_pub_synced(struct net *n);
/* The channel or connection is gone: publishes end, or (retryable, --retry) wait. */
void net_pubs_fail(struct net *n, const char *why, int retryable);
/* Confirms that never come: time them out (called from the loop). */
void net_pubs_tick(struct net *n);
int net_pub_channel_open(struct net *n, char **err, int *code);

/* net_ops.c */
void net_declare(struct net *n, struct msg_req *r);
void net_bind(struct net *n, struct msg_req *r);
void net_delete(struct net *n, struct msg_req *r);
void net_purge(struct net *n, struct msg_req *r);
void net_get(struct net *n, struct msg_req *r);

/* net_recover.c: reconnecting with backoff, and putting back what was ours */
void net_owned_add(struct net *n, const struct msg_req *r, const char *name);
void net_owned_forget(struct net *n, const struct msg_req *r);
void net_owned_clear(struct net *n);
void net_reconnect_schedule(struct net *n);
void net_reconnect(struct net *n);
#endif
