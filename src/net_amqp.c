/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_amqp: the network thread: its poll() loop, its events, and the
 * dispatch of every frame the broker sends (connecting is in net_conn.c).
 *
 * The rules from the design notes, in one place:
 *  - before poll(), drain what rabbitmq-c already buffered (frames queued by
 *    an RPC, bytes read ahead): poll() will never report them;
 *  - poll with at most half the heartbeat as timeout and let the library
 *    read on timeout, so heartbeats go out and a dead peer is noticed;
 *  - every frame that is not a reply we wait for becomes an event.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "net_int.h"
#include "props.h"

#define NET_FRAME_BUDGET 512   /* frames handled before looking at requests */
#define NET_FLUSH_EVERY 256    /* events batched before waking the UI */
#define NET_BACKLOG 20000      /* events the UI has not taken yet: stop reading */


double net_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

double net_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

char *net_bytes_dup(amqp_bytes_t b)
{
	char *s = msg_alloc(b.len + 1);

	if (b.len)
		memcpy(s, b.bytes, b.len);
	return s;
}

/* ---- events ------------------------------------------------------------ */

void net_flush(struct net *n)
{
	if (!n->out_head)
		return;
	mbox_push_chain(n->ev, n->out_head, n->out_tail);
	n->out_head = n->out_tail = NULL;
	n->out_n = 0;
}

void net_emit(struct net *n, struct msg_ev *e)
{
	e->link.next = NULL;
	if (n->out_tail)
		n->out_tail->next = &e->link;
	else
		n->out_head = &e->link;
	n->out_tail = &e->link;
	if (++n->out_n >= NET_FLUSH_EVERY)
		net_flush(n);
}

void net_result(struct net *n, uint64_t req_id, int ok, int code, const char *fmt, ...)
{
	struct msg_ev *e = msg_ev_new(EV_RESULT);
	va_list ap;

	e->req_id = req_id;
	e->u.result.ok = ok;
	e->u.result.code = code;
	va_start(ap, fmt);
	if (vasprintf(&e->u.result.text, fmt, ap) < 0)
		abort();
	va_end(ap);
	net_emit(n, e);
}

void net_result_named(struct net *n, uint64_t req_id, const char *name, const char *fmt, ...)
{
	struct msg_ev *e = msg_ev_new(EV_RESULT);
	va_list ap;

	e->req_id = req_id;
	e->u.result.ok = 1;
	e->u.result.name = msg_strdup(name);
	va_start(ap, fmt);
	if (vasprintf(&e->u.result.text, fmt, ap) < 0)
		abort();
	va_end(ap);
	net_emit(n, e);
}

void net_result_queue(struct net *n, uint64_t req_id, const char *name, uint32_t messages,
		      uint32_t consumers, const char *fmt, ...)
{
	struct msg_ev *e = msg_ev_new(EV_RESULT);
	va_list ap;

	e->req_id = req_id;
	e->u.result.ok = 1;
	e->u.result.name = msg_strdup(name);
	e->u.result.counted = 1;
	e->u.result.messages = messages;
	e->u.result.consumers = consumers;
	va_start(ap, fmt);
	if (vasprintf(&e->u.result.text, fmt, ap) < 0)
		abort();
	va_end(ap);
	net_emit(n, e);
}

void net_notice(struct net *n, int level, const char *fmt, ...)
{
	struct msg_ev *e = msg_ev_new(EV_NOTICE);
	va_list ap;

	e->u.notice.level = level;
	va_start(ap, fmt);
	if (vasprintf(&e->u.notice.text, fmt, ap) < 0)
		abort();
	va_end(ap);
	net_emit(n, e);
}

void net_conn_event(struct net *n, enum msg_conn_state st, const char *reason,
		    uint64_t requeued)
{
	struct msg_ev *e = msg_ev_new(EV_CONN);
	amqp_table_t *sp;
	int i;

	e->u.conn.state = st;
	e->u.conn.reason = msg_strdup(reason);
	e->u.conn.url = msg_strdup(n->url_masked);
	e->u.conn.name = msg_strdup(n->conn_name);
	e->u.conn.requeued = requeued;
	if (st == CONN_UP && n->conn) {
		char *product = NULL, *version = NULL;

		sp = amqp_get_server_properties(n->conn);
		for (i = 0; sp && i < sp->num_entries; i++) {
			amqp_table_entry_t *en = &sp->entries[i];
			char *key = net_bytes_dup(en->key);

			if (en->value.kind == AMQP_FIELD_KIND_UTF8) {
				if (!strcmp(key, "product"))
					product = net_bytes_dup(en->value.value.bytes);
				else if (!strcmp(key, "version"))
					version = net_bytes_dup(en->value.value.bytes);
				else if (!strcmp(key, "cluster_name"))
					e->u.conn.node = net_bytes_dup(en->value.value.bytes);
			}
			free(key);
		}
		e->u.conn.server = msg_printf("%s %s", product ? product : "?",
					      version ? version : "?");
		free(product);
		free(version);
	}
	net_emit(n, e);
}

/* ---- errors ------------------------------------------------------------ */

char *net_close_text(const amqp_method_t *m, int *code)
{
	amqp_bytes_t text;
	char *t, *s;

	if (m->id == AMQP_CHANNEL_CLOSE_METHOD) {
		*code = ((amqp_channel_close_t *)m->decoded)->reply_code;
		text = ((amqp_channel_close_t *)m->decoded)->reply_text;
	} else if (m->id == AMQP_CONNECTION_CLOSE_METHOD) {
		*code = ((amqp_connection_close_t *)m->decoded)->reply_code;
		text = ((amqp_connection_close_t *)m->decoded)->reply_text;
	} else {
		*code = 0;
		return msg_printf("unexpected method 0x%08x", m->id);
	}
	t = net_bytes_dup(text);
	s = msg_printf("%s (%d)", t, *code);
	free(t);
	return s;
}

/* Answer a server's channel.close, as the protocol requires. */
static void net_close_ok(struct net *n, uint16_t ch)
{
	amqp_channel_close_ok_t ok = {0};

	amqp_send_method(n->conn, ch, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
}

char *net_rpc_error(struct net *n, uint16_t ch, amqp_rpc_reply_t r, int *code)
{
	char *text;

	*code = 0;
	switch (r.reply_type) {
	case AMQP_RESPONSE_SERVER_EXCEPTION:
		text = net_close_text(&r.reply, code);
		if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
			net_close_ok(n, ch);
			net_chan_closed(n, ch, text);
		} else if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
			amqp_connection_close_ok_t ok = {0};
			char *why = msg_printf("the broker closed the connection: %s", text);

			amqp_send_method(n->conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
			net_lost(n, why);
			free(why);
		}
		return text;
	case AMQP_RESPONSE_LIBRARY_EXCEPTION:
		/* the connection is in an unknown state after this: drop it */
		text = msg_printf("connection lost: %s", amqp_error_string2(r.library_error));
		net_lost(n, text);
		return text;
	case AMQP_RESPONSE_NONE:
		return msg_strdup("no reply from the broker");
	default:
		return msg_strdup("ok");
	}
}

/* Requests that need a connection fail cleanly without one. */
int net_check_conn(struct net *n, uint64_t req_id)
{
	if (n->up)
		return 1;
	if (n->want_up && n->retry_at > 0)
		net_result(n, req_id, 0, 0,
			   "not connected: reconnecting (next try in %.0f s; 'wait' waits for it)",
			   n->retry_at - net_mono() > 0 ? n->retry_at - net_mono() : 0);
	else
		net_result(n, req_id, 0, 0, "not connected: use 'connect URL' first");
	return 0;
}

/* The connection is gone (socket error, heartbeat, connection.close). */
void net_lost(struct net *n, const char *why)
{
	uint64_t requeued = 0;
	int i, again = n->want_up && n->target.reconnect;
	char *reason;

	if (!n->conn)
		return;
	for (i = 0; i < NET_MAX_CHANNELS; i++)
		requeued += n->ch[i].pn - n->ch[i].phead;
	net_acks_flush(n); /* most likely in vain, but it leaves no stale debt */
	if (again)
		net_consumers_suspend(n, why);
	else
		net_consumers_reset(n, why);
	net_pubs_fail(n, why, again);
	amqp_destroy_connection(n->conn);
	n->conn = NULL;
	n->up = 0;
	n->blocked = 0;
	for (i = 0; i < NET_MAX_CHANNELS; i++)
		n->ch[i].open = 0;
	if (!again) {
		n->want_up = 0;
		net_conn_event(n, CONN_DOWN, why, requeued);
		return;
	}
	n->lost_requeued += requeued;
	net_reconnect_schedule(n);
	reason = msg_printf("%s; reconnecting in %.0f s", why, n->retry_at - net_mono());
	net_conn_event(n, CONN_DOWN, reason, requeued);
	free(reason);
}

/* ---- frames ------------------------------------------------------------ */

static void net_method(struct net *n, amqp_frame_t *f)
{
	uint16_t ch = f->channel;
	amqp_method_t *m = &f->payload.method;
	char *text;
	int code;

	switch (m->id) {
	case AMQP_BASIC_DELIVER_METHOD:
		net_deliver(n, ch, m->decoded);
		break;
	case AMQP_BASIC_RETURN_METHOD:
		net_pub_return(n, m->decoded);
		break;
	case AMQP_BASIC_ACK_METHOD: {
		amqp_basic_ack_t *a = m->decoded;

		if (ch == NET_CH_PUB)
			net_pub_ack(n, a->delivery_tag, a->multiple, 0);
		break;
	}
	case AMQP_BASIC_NACK_METHOD: {
		amqp_basic_nack_t *a = m->decoded;

		if (ch == NET_CH_PUB)
			net_pub_ack(n, a->delivery_tag, a->multiple, 1);
		break;
	}
	case AMQP_BASIC_CANCEL_METHOD:
		net_server_cancel(n, ch, m->decoded);
		break;
	case AMQP_BASIC_QOS_OK_METHOD:
		if (ch == NET_CH_PUB)
			net_pub_synced(n);
		break;
	case AMQP_CHANNEL_CLOSE_METHOD:
		text = net_close_text(m, &code);
		net_close_ok(n, ch);
		net_notice(n, 2, "channel %u closed by the broker: %s", ch, text);
		net_chan_closed(n, ch, text);
		free(text);
		break;
	case AMQP_CONNECTION_CLOSE_METHOD: {
		amqp_connection_close_ok_t ok = {0};
		char *why;

		text = net_close_text(m, &code);
		why = msg_printf("the broker closed the connection: %s", text);
		amqp_send_method(n->conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
		net_lost(n, why);
		free(why);
		free(text);
		break;
	}
	case AMQP_CONNECTION_BLOCKED_METHOD: {
		amqp_connection_blocked_t *b = m->decoded;

		text = net_bytes_dup(b->reason);
		n->blocked = 1;
		net_conn_event(n, CONN_BLOCKED, text, 0);
		free(text);
		break;
	}
	case AMQP_CONNECTION_UNBLOCKED_METHOD:
		n->blocked = 0;
		net_conn_event(n, CONN_UP, "unblocked", 0);
		break;
	default:
		/* late replies (cancel-ok, close-ok): nothing to tell */
		break;
	}
}

/* Handle what is buffered or readable now; at most a budget of frames. */
static void net_pump(struct net *n)
{
	struct timeval zero = {0, 0};
	amqp_frame_t f;
	int budget = NET_FRAME_BUDGET, st;

	while (n->conn && budget-- > 0) {
		st = amqp_simple_wait_frame_noblock(n->conn, &f, &zero);
		if (st == AMQP_STATUS_TIMEOUT)
			break;
		if (st != AMQP_STATUS_OK) {
			char *why = msg_printf(
				"connection lost: %s",
				st == AMQP_STATUS_HEARTBEAT_TIMEOUT
					? "no heartbeat from the broker (it is gone or hung)"
					: amqp_error_string2(st));

			net_lost(n, why);
			free(why);
			break;
		}
		if (f.frame_type == AMQP_FRAME_METHOD)
			net_method(n, &f);
		if (n->conn && !amqp_frames_enqueued(n->conn))
			amqp_maybe_release_buffers(n->conn);
	}
	net_acks_flush(n);
}

/*
 * Handle only what rabbitmq-c has queued (frames that arrived during an RPC),
 * without reading the socket: after closing a channel, before its number can
 * be handed out again; after a publish's round trip, to count its returns.
 */
void net_drain_queued(struct net *n)
{
	struct timeval zero = {0, 0};
	amqp_frame_t f;

	while (n->conn && amqp_frames_enqueued(n->conn)) {
		if (amqp_simple_wait_frame_noblock(n->conn, &f, &zero) != AMQP_STATUS_OK)
			break;
		if (f.frame_type == AMQP_FRAME_METHOD)
			net_method(n, &f);
	}
}

static int net_buffered(struct net *n)
{
	return n->conn && (amqp_frames_enqueued(n->conn) || amqp_data_in_buffer(n->conn));
}

/* ---- requests ---------------------------------------------------------- */

static void net_request(struct net *n, struct msg_req *r)
{
	switch (r->type) {
	case REQ_CONNECT:
		net_connect(n, r);
		break;
	case REQ_DISCONNECT:
		net_disconnect(n, r->id);
		break;
	case REQ_QUIT: {
		int was_up = n->conn != NULL;
		uint64_t requeued = net_disconnect(n, 0);

		if (was_up)
			net_result(n, r->id, 1, 0,
				   "bye: %llu unacked message%s went back to the queue (nacked with "
				   "requeue)",
				   (unsigned long long)requeued, requeued == 1 ? "" : "s");
		else
			net_result(n, r->id, 1, 0, "bye");
		n->quit = 1;
		break;
	}
	case REQ_RETRY:
		/* at once, so the next request finds the connection back */
		if (!n->conn && n->want_up && n->retry_at > 0) {
			n->backoff = 1;
			net_reconnect(n);
		}
		break;
	case REQ_PUBLISH:
		if (net_check_conn(n, r->id)) {
			net_publish_start(n, r);
			return; /* owned by the publisher now */
		}
		break;
	default:
		/* a worker's own ack after the connection dropped: the message is back already */
		if (r->quiet && !n->up)
			break;
		if (!net_check_conn(n, r->id))
			break;
		if (n->blocked && r->type != REQ_SETTLE) {
			/* the broker reads nothing from a blocked connection */
			net_result(n, r->id, 0, 0,
				   "the broker has blocked this connection (a memory or disk alarm): "
				   "try again when the alarm clears");
			break;
		}
		switch (r->type) {
		case REQ_DECLARE: net_declare(n, r); break;
		case REQ_BIND: net_bind(n, r); break;
		case REQ_DELETE: net_delete(n, r); break;
		case REQ_PURGE: net_purge(n, r); break;
		case REQ_GET: net_get(n, r); break;
		case REQ_CONFIRM: net_confirm(n, r); break;
		case REQ_CONSUME: net_consume(n, r); break;
		case REQ_CANCEL: net_cancel(n, r); break;
		case REQ_SETTLE: net_settle(n, r); break;
		default: net_result(n, r->id, 0, 0, "unknown request"); break;
		}
	}
	msg_req_free(r);
}

static void net_take_requests(struct net *n)
{
	struct mbox_item *it = mbox_take_all(&n->req);

	while (it) {
		struct msg_req *r = (struct msg_req *)it;

		it = it->next;
		r->link.next = NULL;
		if (n->todo_tail)
			n->todo_tail->link.next = &r->link;
		else
			n->todo_head = r;
		n->todo_tail = r;
	}
}

/* Is a publish still sending? Then other requests wait behind it. */
static int net_publishing(struct net *n)
{
	struct net_pub *p;

	for (p = n->pubs; p; p = p->next)
		if (!p->sending_done)
			return 1;
	return 0;
}

/* Leaving never waits behind a publish. */
static int net_urgent(const struct msg_req *r)
{
	return r->type == REQ_QUIT || r->type == REQ_DISCONNECT || r->type == REQ_RETRY;
}

static void net_run_requests(struct net *n)
{
	while (n->todo_head && (!net_publishing(n) || net_urgent(n->todo_head)) && !n->quit) {
		struct msg_req *r = n->todo_head;

		n->todo_head = (struct msg_req *)r->link.next;
		if (!n->todo_head)
			n->todo_tail = NULL;
		net_request(n, r);
		net_pump(n);
	}
}

static void *net_main(void *arg)
{
	struct net *n = arg;
	struct pollfd pfd[2];
	int timeout, busy;

	while (!n->quit) {
		net_take_requests(n);
		net_run_requests(n);
		busy = 0;
		if (n->conn && net_publishing(n) && !n->blocked)
			busy = net_publish_slice(n);
		if (n->pubs)
			net_pubs_tick(n);
		if (net_buffered(n) && mbox_pending(n->ev) <= NET_BACKLOG)
			net_pump(n);
		net_flush(n);
		if (n->quit)
			break;
		pfd[0].fd = mbox_fd(&n->req);
		pfd[0].events = POLLIN;
		pfd[1].fd = n->conn ? amqp_get_sockfd(n->conn) : -1;
		pfd[1].events = POLLIN;
		timeout = n->conn && n->heartbeat > 0 ? n->heartbeat * 1000 / 2 : 1000;
		if (!n->conn && n->retry_at > 0) {
			double wait = (n->retry_at - net_mono()) * 1000;

			if (wait < timeout)
				timeout = wait > 0 ? (int)wait + 1 : 0;
		}
		if (busy || net_buffered(n))
			timeout = 0;
		/*
		 * Back-pressure: when the UI is that far behind, leave the socket
		 * unread; the broker holds the messages (TCP flow control) and
		 * memory stays flat whatever the prefetch.
		 */
		if (n->conn && mbox_pending(n->ev) > NET_BACKLOG) {
			pfd[1].fd = -1;
			timeout = 5;
		}
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR)
			break;
		/* reading on timeout too: the library sends heartbeats in there */
		if (n->conn && pfd[1].fd >= 0)
			net_pump(n);
		else if (n->retry_at > 0 && net_mono() >= n->retry_at)
			net_reconnect(n);
	}
	net_flush(n);
	return NULL;
}

/* ---- public ------------------------------------------------------------ */

struct net *net_start(struct mbox *events, char *err, size_t errlen)
{
	struct net *n = msg_alloc(sizeof *n);
	sigset_t all, old;

	n->ev = events;
	n->next_msg_id = 1;
	n->next_seq = 1;
	n->low_seq = 1;
	n->conn_name = msg_printf("warren-%ld", (long)getpid());
	if (mbox_init(&n->req) < 0) {
		snprintf(err, errlen, "cannot create an eventfd: %s", strerror(errno));
		free(n);
		return NULL;
	}
	/* signals are the UI thread's business (signalfd) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&n->thread, NULL, net_main, n)) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		snprintf(err, errlen, "cannot start the network thread");
		mbox_destroy(&n->req);
		free(n);
		return NULL;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return n;
}

const char *net_conn_name(const struct net *n)
{
	return n->conn_name;
}

void net_send(struct net *n, struct msg_req *r)
{
	mbox_push(&n->req, &r->link);
}

void net_stop(struct net *n)
{
	struct msg_req *r;
	struct mbox_item *it;

	if (!n)
		return;
	r = msg_req_new(REQ_QUIT);
	net_send(n, r);
	pthread_join(n->thread, NULL);
	for (it = mbox_take_all(&n->req); it;) {
		struct mbox_item *next = it->next;

		msg_req_free((struct msg_req *)it);
		it = next;
	}
	while (n->todo_head) {
		r = n->todo_head;
		n->todo_head = (struct msg_req *)r->link.next;
		msg_req_free(r);
	}
	for (int i = 0; i < NET_MAX_CHANNELS; i++)
		free(n->ch[i].pend);
	free(n->settled);
	free(n->scratch);
	net_consumers_reset(n, "stopped");
	net_owned_clear(n);
	free(n->target.url);
	free(n->target.cacert);
	free(n->target.cert);
	free(n->target.key);
	free(n->url_masked);
	free(n->conn_name);
	mbox_destroy(&n->req);
	free(n);
}
