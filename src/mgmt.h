/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt: the broker view from the management plugin's HTTP API.
 *
 * AMQP cannot list what is on a broker; the HTTP API (port 15672) can. A
 * poller thread of its own fetches connections, queues, consumers,
 * exchanges, bindings and nodes every --refresh seconds (and at once on
 * mgmt_refresh), asking only for the columns shown and paging large lists,
 * and posts each result to the UI as an EV_MGMT event carrying a
 * struct mgmt_snapshot. It never blocks the UI thread or the network thread.
 *
 * Failures are values: a snapshot says per list whether it is fresh, and
 * carries one error line for the status bar ("management API unavailable
 * at URL: 401 unauthorized"). The model keeps the last good lists
 * (mgmt_merge) so a pane shows old data plus the error, never nothing.
 *
 * Strings in a snapshot are as the broker sent them (the printers make them
 * safe), the arguments fields too (a "k=v, ..." summary, cut at ~1600 bytes).
 * Counts the broker did not send are 0, rates it could not give are -1 (see
 * mgmt_queue.no_stats); every list is sorted (see mgmt_sort) so lookups can
 * bisect. Counts are within 0..MGMT_COUNT_MAX and rates 0..MGMT_RATE_MAX,
 * whatever the API sent, so arithmetic on them cannot overflow.
 */
#ifndef WARREN_MGMT_H
#define WARREN_MGMT_H

#include <stddef.h>
#include <stdint.h>

#include "mbox.h"

#define MGMT_COUNT_MAX (1LL << 53) /* exact as a double too */
#define MGMT_RATE_MAX 1e12

struct mgmt_conn {
	char *name;	/* the API's name: "127.0.0.1:5555 -> 127.0.0.1:5672" */
	char *peer;	/* peer_host:peer_port */
	char *user;
	char *vhost;
	char *product;	/* client_properties.product, short: "pika", "warren" */
	char *version;	/* client_properties.version, e.g. "1.2.0" */
	char *client_name; /* client_properties.connection_name */
	char *state;
	char *node;
	long long channels;
	double recv_rate, send_rate; /* bytes/s */
	long long recv_oct, send_oct; /* byte counters, for rates the broker did not send */
	int mine; /* warren's own connection (client_name matches ours) */
};

struct mgmt_queue {
	char *name;
	char *vhost;
	char *type;   /* classic, quorum, stream */
	char *node;   /* classic: its node; quorum: the leader */
	char *state;  /* running, down, ... */
	char *policy;
	char *arguments; /* "x-max-priority=5, ..." raw, or NULL */
	char *leader;	  /* quorum/stream */
	char **members;	  /* quorum/stream */
	size_t nmembers;
	char **online;
	size_t nonline;
	int durable, exclusive, auto_delete;
	long long ready, unacked, total, consumers;
	/*
	 * Listed without statistics (a broker with many queues, see mgmt.c): the
	 * four rates below are unknown (-1) and consumers is counted from the
	 * consumer list. `show queue` fetches one queue with its statistics.
	 */
	int no_stats;
	int consumers_counted; /* the broker sent no count: mgmt_merge counts the consumer list */
	double publish_rate, deliver_rate; /* msg/s: from message_stats, or computed; -1 unknown */
	double ack_rate, redeliver_rate;
	double change_rate; /* msg/s: how fast total changed since the last poll; always known */
	/* message_stats counters, for rates the broker did not send */
	long long published, delivered, acked, redelivered;
};

struct mgmt_consumer {
	char *tag;
	char *queue;
	char *vhost;
	char *conn_name;   /* the API connection name */
	char *channel_name; /* the API channel name: "<conn_name> (N)" */
	char *peer;	   /* peer host:port */
	char *product;	   /* client product + version (from its connection) */
	long long channel; /* channel number */
	int ack_required;
	int exclusive;
	long long prefetch;
	long long unacked; /* of its channel (the API counts per channel) */
	int active;
	int mine;
};

struct mgmt_channel {
	char *name;	 /* "127.0.0.1:5555 -> 127.0.0.1:5672 (1)" */
	char *conn_name; /* the API connection name */
	char *vhost;
	char *user;
	char *state;
	long long number;
	long long prefetch, global_prefetch;
	long long unacked, consumers;
};

struct mgmt_exchange {
	char *name; /* "" is the default exchange */
	char *vhost;
	char *type;
	int durable, auto_delete, internal;
};

struct mgmt_binding {
	char *source;
	char *destination;
	char *destination_type; /* queue, exchange */
	char *routing_key;
	char *vhost;
	char *arguments; /* raw "k=v, ..." or NULL */
};

struct mgmt_node {
	char *name;
	int running;
	long long uptime_ms;
	long long mem_used, mem_limit;
	int mem_alarm;
	long long disk_free, disk_free_limit;
	int disk_alarm;
	long long connections; /* connections on this node (from the connection list) */
	long long leaders;     /* queue leaders / classic queues on this node */
};

enum mgmt_list {
	MGMT_CONNECTIONS,
	MGMT_QUEUES,
	MGMT_CONSUMERS,
	MGMT_EXCHANGES,
	MGMT_BINDINGS,
	MGMT_NODES,
	MGMT_CHANNELS,
	MGMT_NLISTS,
};

#define MGMT_BIT(list) (1 << (list))
/* What the dashboard polls: exchanges and bindings only when asked. */
#define MGMT_WANT_DEFAULT                                                                  \
	(MGMT_BIT(MGMT_CONNECTIONS) | MGMT_BIT(MGMT_QUEUES) | MGMT_BIT(MGMT_CONSUMERS) |    \
	 MGMT_BIT(MGMT_NODES) | MGMT_BIT(MGMT_CHANNELS))

struct mgmt_snapshot {
	double time;	/* wall clock when fetched */
	double fetch_s; /* how long the fetch+decode took */
	double decode_s; /* of which decoding, sorting and rates (CPU in the poller) */
	uint64_t seq;	/* answers every mgmt_request() up to this number */
	int fresh[MGMT_NLISTS]; /* this list was fetched and decoded now */
	double list_time[MGMT_NLISTS]; /* wall clock when each list was fetched, 0 never */
	char *error;	/* NULL, or one line for the status bar */
	char *url;	/* the management URL used, password masked */
	struct mgmt_conn *conns;
	size_t nconns;
	struct mgmt_queue *queues;
	size_t nqueues;
	struct mgmt_consumer *consumers;
	size_t nconsumers;
	struct mgmt_exchange *exchanges;
	size_t nexchanges;
	struct mgmt_binding *bindings;
	size_t nbindings;
	struct mgmt_node *nodes;
	size_t nnodes;
	struct mgmt_channel *channels;
	size_t nchannels;
};

struct mgmt_opts {
	const char *url;	 /* http://user:pass@host:15672/ (several hosts: fail over) */
	const char *vhost;	 /* NULL: all vhosts */
	double refresh;		 /* seconds between polls; <= 0: only when asked */
	const char *client_name; /* our connection_name, to mark "mine" */
	int want;		 /* bit mask of (1 << enum mgmt_list) to fetch, 0 = all */
	double timeout;		 /* seconds per HTTP request; 0: 10 */
	long many_queues;	 /* more queues than this: list them without statistics;
				    0: 1000 ($WARREN_MGMT_MANY_QUEUES overrides) */
};

struct mgmt;

/* Start the poller thread; it posts EV_MGMT events to events. */
struct mgmt *mgmt_start(const struct mgmt_opts *opt, struct mbox *events, char *err,
			size_t errlen);
uint64_t mgmt_refresh(struct mgmt *m); /* poll now (the polled lists); see mgmt_request */
/*
 * Poll now, fetching these lists (bit mask) besides the polled ones. Returns
 * a number: the first snapshot whose seq is at least that answers it.
 */
uint64_t mgmt_request(struct mgmt *m, int lists);
/*
 * The same, and the queue NAME (in VHOST, or any vhost when NULL) with its
 * statistics even when the queue list comes without them. Only the latest
 * such request is kept until the poller takes it.
 */
uint64_t mgmt_request_queue(struct mgmt *m, int lists, const char *vhost, const char *name);
void mgmt_set_want(struct mgmt *m, int want);
void mgmt_stop(struct mgmt *m);
/* The URL it polls, password masked. */
const char *mgmt_url(const struct mgmt *m);

/*
 * The management URL that goes with an AMQP URL: same hosts and
 * credentials, port 15672 (https and 15671 for amqps). malloc'd, or NULL
 * with err set.
 */
char *mgmt_default_url(const char *amqp_url, char *err, size_t errlen);
/*
 * Is url a management URL (http:// or https://, well formed)? 0 with it
 * parsed into *u (uri_free it), or -1 with err saying what is wrong,
 * passwords masked.
 */
struct uri;
int mgmt_check_url(const char *url, struct uri *u, char *err, size_t errlen);

/* "connections", "queues", ... */
const char *mgmt_list_name(enum mgmt_list l);

/*
 * Keep the last good data: lists that are not fresh in next are taken over
 * from prev (which is freed). Consumers are then linked to their
 * connections and channels (product, peer, mine, unacked), queues without
 * a consumer count get one from the consumer list, and nodes get their
 * counts. Returns next.
 */
struct mgmt_snapshot *mgmt_merge(struct mgmt_snapshot *prev, struct mgmt_snapshot *next);
void mgmt_snapshot_free(struct mgmt_snapshot *s);
/* Free one list's rows and empty it. */
void mgmt_list_free(struct mgmt_snapshot *s, enum mgmt_list l);
/* Sort a list (by vhost and name, consumers by vhost, queue and tag). */
void mgmt_sort(struct mgmt_snapshot *s, enum mgmt_list l);

/* Lookups in a sorted snapshot; NULL when absent. */
const struct mgmt_queue *mgmt_find_queue(const struct mgmt_snapshot *s, const char *vhost,
					 const char *name);
const struct mgmt_conn *mgmt_find_conn(const struct mgmt_snapshot *s, const char *name);

/* Decoders, exposed for unit tests and fuzzing: 0 ok, -1 with err set (see mgmt_decode). */
int mgmt_decode_queues(const char *json, size_t len, struct mgmt_snapshot *s, char *err,
		       size_t errlen);
int mgmt_decode_connections(const char *json, size_t len, const char *client_name,
			    struct mgmt_snapshot *s, char *err, size_t errlen);
/*
 * The one decoder behind those: a body of list l (a JSON array, or a page
 * {"items": [...], "page_count": N}) appended to s. *pages (may be NULL)
 * gets the page count of a paged answer, 1 otherwise. On error nothing is
 * appended.
 */
int mgmt_decode(enum mgmt_list l, const char *json, size_t len, const char *client_name,
		struct mgmt_snapshot *s, int *pages, char *err, size_t errlen);

#endif
