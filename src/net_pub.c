/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_pub: publishing, publisher confirms and returns.
 *
 * A publish request is sent in slices so that a `--count 200000` never
 * stops the thread from reading deliveries and confirms in between. In
 * confirm mode every message has a sequence number; the request completes
 * when each of its numbers is confirmed or nacked, and reports exact totals.
 * Without confirms, one round trip after the last message flushes out any
 * channel error (a missing exchange) so the request can say it failed.
 *
 * Nacks and confirms that never come (NET_CONFIRM_TIMEOUT) are reported per
 * message. With --retry those messages, and those unconfirmed when the
 * connection dropped, are sent again (the same body, the same number) until
 * each is confirmed, so the totals stay exact through a leader election or
 * a failover: at least once, never silently lost.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "net_int.h"
#include "props.h"

#define NET_PUB_SLICE 512
#define NET_CONFIRM_TIMEOUT 10.0 /* seconds without any confirm */
#define NET_NACK_NOTICES 10	 /* per-message lines per publish, then a count */

static void net_seq_reset(struct net *n)
{
	n->next_seq = 1;
	n->low_seq = 1;
	if (n->settled)
		memset(n->settled, 0, n->settled_cap);
}

int net_pub_channel_open(struct net *n, char **err, int *code)
{
	amqp_rpc_reply_t r;

	net_seq_reset(n);
	if (net_chan_open(n, NET_CH_PUB, err, code) < 0)
		return -1;
	if (!n->confirm)
		return 0;
	amqp_confirm_select(n->conn, NET_CH_PUB);
	r = amqp_get_rpc_reply(n->conn);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		*err = net_rpc_error(n, NET_CH_PUB, r, code);
		return -1;
	}
	return 0;
}

static void net_pub_destroy(struct net_pub *p)
{
	empty_amqp_pool(&p->pool);
	msg_req_free(p->req);
	free(p->num);
	free(p->resend);
	free(p);
}

static void net_pub_free(struct net *n, struct net_pub *p)
{
	struct net_pub **pp;

	for (pp = &n->pubs; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	net_pub_destroy(p);
}

static void net_pub_resend(struct net_pub *p, uint64_t num)
{
	if (p->nresend == p->resend_cap) {
		p->resend_cap = p->resend_cap ? p->resend_cap * 2 : 64;
		p->resend = realloc(p->resend, p->resend_cap * sizeof *p->resend);
		if (!p->resend)
			abort();
	}
	p->resend[p->nresend++] = num;
}

/* The message number behind a sequence number of p. */
static uint64_t net_pub_num(const struct net_pub *p, uint64_t seq)
{
	uint64_t i = seq - p->first_seq;

	return p->num && i < p->num_cap ? p->num[i] : i + 1;
}

static int net_pub_done(const struct net_pub *p)
{
	if (p->req->u.publish.retry)
		return p->confirmed >= p->req->u.publish.count;
	return p->sending_done && p->confirmed + p->nacked + p->timed_out == p->sent;
}

static void net_pub_complete(struct net *n, struct net_pub *p)
{
	struct msg_req_publish *q = &p->req->u.publish;
	struct msg_ev *e;
	char where[512];

	snprintf(where, sizeof where, "%s%s%s key '%s'", q->exchange[0] ? "exchange '" : "",
		 q->exchange[0] ? q->exchange : "the default exchange",
		 q->exchange[0] ? "'" : "", q->key);
	if (p->req->quiet && (!p->first_seq || p->nacked == 0)) {
		/* a worker's own reply: nothing to report when it went well */
	} else if (p->first_seq || q->retry) {
		char extra[256] = "";
		uint64_t retried = p->retried_nack + p->retried_timeout + p->retried_lost;

		if (p->timed_out)
			snprintf(extra, sizeof extra, ", %llu never confirmed (timed out)",
				 (unsigned long long)p->timed_out);
		if (retried)
			snprintf(extra, sizeof extra,
				 "; %llu sent again: %llu nacked, %llu timed out, %llu unconfirmed when "
				 "the connection dropped",
				 (unsigned long long)retried, (unsigned long long)p->retried_nack,
				 (unsigned long long)p->retried_timeout,
				 (unsigned long long)p->retried_lost);
		net_result(n, p->req->id, p->nacked == 0 && p->timed_out == 0, 0,
			   "published %llu message%s to %s: %llu confirmed, %llu nacked, %llu "
			   "returned%s",
			   (unsigned long long)(q->retry ? q->count : p->sent),
			   (q->retry ? q->count : p->sent) == 1 ? "" : "s", where,
			   (unsigned long long)p->confirmed, (unsigned long long)p->nacked,
			   (unsigned long long)p->returned, extra);
	}
	else
		net_result(n, p->req->id, 1, 0, "published %llu message%s to %s%s",
			   (unsigned long long)p->sent, p->sent == 1 ? "" : "s", where,
			   p->returned ? " (some returned: see above)" : "");
	e = msg_ev_new(EV_PUBLISHED);
	e->req_id = p->req->id;
	e->u.published.sent = p->sends;
	e->u.published.total = q->count;
	e->u.published.confirmed = p->confirmed;
	e->u.published.nacked = p->nacked;
	e->u.published.returned = p->returned;
	e->u.published.confirming = p->first_seq != 0;
	e->u.published.done = 1;
	net_emit(n, e);
	net_pub_free(n, p);
}

void net_publish_start(struct net *n, struct msg_req *r)
{
	struct net_pub *p = msg_alloc(sizeof *p), **end;
	struct msg_req_publish *q = &r->u.publish;

	p->req = r;
	p->next = NULL;
	init_amqp_pool(&p->pool, 4096);
	if (props_to_amqp(&q->props, q->headers, q->persistent, &p->props, &p->pool) < 0) {
		net_result(n, r->id, 0, 0, "out of memory building the headers");
		empty_amqp_pool(&p->pool);
		msg_req_free(r);
		free(p);
		return;
	}
	if (!q->count)
		q->count = 1;
	if (q->retry && !n->confirm) {
		net_result(n, r->id, 0, 0, "publish --retry needs publisher confirms: 'confirm on' first");
		empty_amqp_pool(&p->pool);
		msg_req_free(r);
		free(p);
		return;
	}
	p->next_new = 1;
	p->progress = net_mono();
	p->first_seq = n->confirm ? n->next_seq : 0;
	for (end = &n->pubs; *end; end = &(*end)->next)
		;
	*end = p;
	if (n->blocked)
		net_notice(n, 1, "the broker has blocked this connection (a memory or disk alarm): "
				 "the publish waits until the alarm clears; 'disconnect' gives up");
}

/* The body of message number i: {n} replaced by i. Points into scratch. */
static amqp_bytes_t net_pub_body(struct net *n, const struct msg_req_publish *q, uint64_t i)
{
	amqp_bytes_t b = {q->body_len, q->body};
	const unsigned char *s = q->body, *end = q->body + q->body_len, *hit;
	char num[24];
	size_t nl, need, o = 0;

	if (q->literal || !memmem(q->body, q->body_len, "{n}", 3))
		return b;
	nl = (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)i);
	need = q->body_len * (nl > 3 ? nl : 3) + 1;
	if (need > n->scratch_cap) {
		n->scratch = realloc(n->scratch, need);
		if (!n->scratch)
			abort();
		n->scratch_cap = need;
	}
	while ((hit = memmem(s, (size_t)(end - s), "{n}", 3))) {
		memcpy(n->scratch + o, s, (size_t)(hit - s));
		o += (size_t)(hit - s);
		memcpy(n->scratch + o, num, nl);
		o += nl;
		s = hit + 3;
	}
	memcpy(n->scratch + o, s, (size_t)(end - s));
	o += (size_t)(end - s);
	b.len = o;
	b.bytes = n->scratch;
	return b;
}

static void net_settled_grow(struct net *n)
{
	size_t used = n->next_seq - n->low_seq + 1;

	if (used <= n->settled_cap)
		return;
	n->settled = realloc(n->settled, used * 2);
	if (!n->settled)
		abort();
	memset(n->settled + n->settled_cap, 0, used * 2 - n->settled_cap);
	n->settled_cap = used * 2;
}

/*
 * Without confirms, a basic.qos after the last message is the round trip
 * that flushes out a channel error (a missing exchange). It is sent and not
 * waited for: a blocked connection must not stall the thread. Its qos-ok
 * (net_pub_synced) completes the publish; a channel.close before it fails it.
 */
static int net_pub_sync(struct net *n, struct net_pub *p)
{
	amqp_basic_qos_t q = {0, 0, 0};

	p->sync_sent = 1;
	return amqp_send_method(n->conn, NET_CH_PUB, AMQP_BASIC_QOS_METHOD, &q);
}

void net_pub_synced(struct net *n)
{
	struct net_pub *p;

	for (p = n->pubs; p; p = p->next)
		if (p->sync_sent) {
			net_pub_complete(n, p);
			return;
		}
}

/* basic.publish of message number num of p; on failure the connection is lost. */
static int net_pub_send(struct net *n, struct net_pub *p, uint64_t num)
{
	struct msg_req_publish *q = &p->req->u.publish;
	amqp_bytes_t body = net_pub_body(n, q, num);
	int rc = amqp_basic_publish(n->conn, NET_CH_PUB, amqp_cstring_bytes(q->exchange),
				    amqp_cstring_bytes(q->key), q->mandatory, 0, &p->props, body);
	char *why;

	if (rc == AMQP_STATUS_OK)
		return 0;
	if (q->retry)
		net_pub_resend(p, num);
	why = msg_printf("connection lost while publishing: %s", amqp_error_string2(rc));
	net_lost(n, why);
	free(why);
	return -1;
}

/*
 * --retry: send what is due again first, then new messages; the request
 * holds the queue (other requests wait) until every message is confirmed.
 */
static int net_publish_retry_slice(struct net *n, struct net_pub *p)
{
	struct msg_req_publish *q = &p->req->u.publish;
	int k;

	if (!p->first_seq)
		p->first_seq = n->next_seq; /* a new channel after a reconnect */
	for (k = 0; k < NET_PUB_SLICE; k++) {
		uint64_t num;

		if (p->nresend)
			num = p->resend[--p->nresend];
		else if (p->next_new <= q->count)
			num = p->next_new++;
		else
			break;
		if (net_pub_send(n, p, num) < 0)
			return 0;
		if (p->sent == p->num_cap) {
			p->num_cap = p->num_cap ? p->num_cap * 2 : 1024;
			p->num = realloc(p->num, p->num_cap * sizeof *p->num);
			if (!p->num)
				abort();
		}
		p->num[p->sent++] = num;
		p->sends++;
		n->next_seq++;
		net_settled_grow(n);
	}
	if (k)
		p->progress = net_mono();
	if (net_pub_done(p)) {
		p->sending_done = 1;
		net_pub_complete(n, p);
		return 0;
	}
	return p->nresend || p->next_new <= q->count;
}

/* Send the next slice of the oldest publish still sending. */
int net_publish_slice(struct net *n)
{
	struct net_pub *p;
	struct msg_req_publish *q;
	int k;

	for (p = n->pubs; p && p->sending_done; p = p->next)
		;
	if (!p)
		return 0;
	q = &p->req->u.publish;
	if (q->retry)
		return net_publish_retry_slice(n, p);
	for (k = 0; k < NET_PUB_SLICE && p->sent < q->count; k++) {
		if (net_pub_send(n, p, p->sent + 1) < 0)
			return 0;
		p->sent++;
		p->sends++;
		if (p->first_seq) {
			n->next_seq++;
			net_settled_grow(n);
		}
	}
	p->progress = net_mono();
	if (p->sent < q->count)
		return 1;
	p->sending_done = 1;
	if (p->first_seq) {
		if (net_pub_done(p))
			net_pub_complete(n, p);
		return 0;
	}
	if (net_pub_sync(n, p) != AMQP_STATUS_OK) {
		char *why = msg_printf("connection lost while publishing");

		net_lost(n, why);
		free(why);
	}
	return 0;
}

static struct net_pub *net_pub_for_seq(struct net *n, uint64_t seq)
{
	struct net_pub *p;

	for (p = n->pubs; p; p = p->next)
		if (p->first_seq && seq >= p->first_seq && seq < p->first_seq + p->sent)
			return p;
	return NULL;
}

static void net_seq_settle(struct net *n, uint64_t seq, int nack)
{
	struct net_pub *p;

	if (seq < n->low_seq || seq >= n->next_seq || n->settled[seq - n->low_seq])
		return;
	n->settled[seq - n->low_seq] = 1;
	p = net_pub_for_seq(n, seq);
	if (!p)
		return;
	p->progress = net_mono();
	if (!nack) {
		p->confirmed++;
		return;
	}
	if (p->nack_notices++ < NET_NACK_NOTICES)
		net_notice(n, 2, "the broker nacked message %llu of the publish to '%s'%s",
			   (unsigned long long)net_pub_num(p, seq), p->req->u.publish.key,
			   p->req->u.publish.retry ? ": sending it again" : "");
	if (p->req->u.publish.retry) {
		p->retried_nack++;
		net_pub_resend(p, net_pub_num(p, seq));
	} else {
		p->nacked++;
	}
}

void net_pub_ack(struct net *n, uint64_t tag, int multiple, int nack)
{
	struct net_pub *p, *next;
	uint64_t s, shift = 0;

	if (multiple)
		for (s = n->low_seq; s <= tag && s < n->next_seq; s++)
			net_seq_settle(n, s, nack);
	else
		net_seq_settle(n, tag, nack);
	while (n->low_seq + shift < n->next_seq && n->settled[shift])
		shift++;
	if (shift) {
		memmove(n->settled, n->settled + shift, n->settled_cap - shift);
		memset(n->settled + n->settled_cap - shift, 0, shift);
		n->low_seq += shift;
	}
	for (p = n->pubs; p; p = next) {
		next = p->next;
		if (p->first_seq && net_pub_done(p) && (p->sending_done || p->req->u.publish.retry))
			net_pub_complete(n, p);
	}
}

/* The sequence numbers of p not settled yet: call fn for each, mark them settled. */
static uint64_t net_pub_unsettled(struct net *n, struct net_pub *p, int retry_them)
{
	uint64_t seq, count = 0;

	for (seq = p->first_seq; p->first_seq && seq < p->first_seq + p->sent; seq++) {
		if (seq < n->low_seq || seq >= n->next_seq || n->settled[seq - n->low_seq])
			continue;
		n->settled[seq - n->low_seq] = 1;
		if (retry_them)
			net_pub_resend(p, net_pub_num(p, seq));
		count++;
	}
	return count;
}

void net_pubs_tick(struct net *n)
{
	struct net_pub *p, *next;
	double now = net_mono();

	for (p = n->pubs; p; p = next) {
		uint64_t k;

		next = p->next;
		if (!p->first_seq || now - p->progress < NET_CONFIRM_TIMEOUT)
			continue;
		k = net_pub_unsettled(n, p, p->req->u.publish.retry);
		p->progress = now;
		if (!k)
			continue;
		net_notice(n, 2, "%llu message%s of the publish to '%s' not confirmed within %.0f s%s",
			   (unsigned long long)k, k == 1 ? "" : "s", p->req->u.publish.key,
			   NET_CONFIRM_TIMEOUT,
			   p->req->u.publish.retry ? ": sending them again" : ": counted as lost");
		if (p->req->u.publish.retry)
			p->retried_timeout += k;
		else
			p->timed_out += k;
		if (net_pub_done(p) && p->sending_done)
			net_pub_complete(n, p);
	}
}

void net_pub_return(struct net *n, amqp_basic_return_t *ret)
{
	struct msg_delivery *d;
	struct net_pub *p;
	struct msg_ev *e;
	char *err = NULL;
	int code = ret->reply_code;
	char *text = net_bytes_dup(ret->reply_text);
	char *exchange = net_bytes_dup(ret->exchange);
	char *key = net_bytes_dup(ret->routing_key);

	d = net_read_delivery(n, NET_CH_PUB, &err);
	if (!d) {
		net_notice(n, 2, "could not read a returned message: %s", err);
		free(err);
		free(text);
		free(exchange);
		free(key);
		return;
	}
	d->consumer = msg_strdup("");
	d->channel = NET_CH_PUB;
	d->exchange = exchange;
	d->routing_key = key;
	d->reply_code = code;
	d->reply_text = text;
	for (p = n->pubs; p; p = p->next)
		if (!strcmp(p->req->u.publish.exchange, exchange) &&
		    !strcmp(p->req->u.publish.key, key) && p->returned < p->sent) {
			p->returned++;
			break;
		}
	e = msg_ev_new(EV_RETURN);
	e->u.delivery = d;
	net_emit(n, e);
}

/* The channel or connection went away: outstanding publishes end here. */
void net_pubs_fail(struct net *n, const char *why, int retryable)
{
	struct net_pub *p, *next, *keep = NULL, **tail = &keep;

	for (p = n->pubs; p; p = next) {
		uint64_t open = p->sent - p->confirmed - p->nacked;

		next = p->next;
		p->next = NULL;
		if (retryable && p->req->u.publish.retry) {
			/* unconfirmed ones go again on the next channel */
			p->retried_lost += net_pub_unsettled(n, p, 1);
			p->first_seq = 0;
			p->sent = 0;
			p->sending_done = 0;
			*tail = p;
			tail = &p->next;
			continue;
		}
		if (p->first_seq)
			net_result(n, p->req->id, 0, 0,
				   "publish failed: %s (sent %llu of %llu; %llu confirmed, %llu "
				   "nacked, %llu never confirmed)",
				   why, (unsigned long long)p->sent,
				   (unsigned long long)p->req->u.publish.count,
				   (unsigned long long)p->confirmed, (unsigned long long)p->nacked,
				   (unsigned long long)open);
		else
			net_result(n, p->req->id, 0, 0, "publish failed: %s (sent %llu of %llu)",
				   why, (unsigned long long)p->sent,
				   (unsigned long long)p->req->u.publish.count);
		net_pub_destroy(p);
	}
	n->pubs = keep;
	net_seq_reset(n);
}

void net_confirm(struct net *n, struct msg_req *r)
{
	char *err = NULL;
	int code = 0;

	if (r->u.on == n->confirm) {
		net_result(n, r->id, 1, 0, "publisher confirms are %s already",
			   n->confirm ? "on" : "off");
		return;
	}
	n->confirm = r->u.on;
	/* AMQP cannot leave confirm mode: a fresh channel does it */
	if (n->ch[NET_CH_PUB].open) {
		net_chan_close(n, NET_CH_PUB);
		net_pubs_fail(n, "publisher confirms were switched", 0);
	}
	if (net_pub_channel_open(n, &err, &code) < 0) {
		net_result(n, r->id, 0, code, "cannot switch confirms: %s", err);
		free(err);
		return;
	}
	net_result(n, r->id, 1, 0, "publisher confirms %s",
		   n->confirm ? "on: every publish will report confirmed / nacked / returned"
			      : "off");
}
