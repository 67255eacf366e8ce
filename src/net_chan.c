/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_chan: channels, consumers, deliveries and their acks.
 *
 * Each consumer gets a channel of its own, as each tutorial worker has a
 * connection of its own: closing that channel (a killed worker) sends exactly
 * its unacked messages back to the queue. Every delivery gets warren's own
 * message number; the user acks by that number, and the thread maps it back
 * to the channel and delivery tag. Nothing is settled silently: every change
 * of ack status becomes an EV_SETTLED event.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "net_int.h"
#include "props.h"

/* ---- channels ---------------------------------------------------------- */

int net_chan_open(struct net *n, uint16_t ch, char **err, int *code)
{
	amqp_channel_open(n->conn, ch);
	amqp_rpc_reply_t r = amqp_get_rpc_reply(n->conn);

	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		*err = net_rpc_error(n, ch, r, code);
		return -1;
	}
	n->ch[ch].open = 1;
	return 0;
}

/* Channels are handed out round-robin so a number is not reused at once. */
int net_chan_alloc(struct net *n)
{
	int i, ch;

	if (n->last_ch < NET_CH_PUB)
		n->last_ch = NET_CH_PUB;
	for (i = 0; i < n->channel_max; i++) {
		ch = n->last_ch + 1 + i;
		if (ch > n->channel_max)
			ch = NET_CH_PUB + 1 + (ch - n->channel_max - 1) % (n->channel_max - NET_CH_PUB);
		if (ch <= NET_CH_PUB || ch > n->channel_max)
			continue;
		if (!n->ch[ch].open && !n->ch[ch].consumer && n->ch[ch].pn == n->ch[ch].phead) {
			n->last_ch = ch;
			return ch;
		}
	}
	return -1;
}

static void net_settled(struct net *n, uint16_t ch, uint64_t first, uint64_t last,
			uint64_t count, enum msg_status st, int by_warren)
{
	struct msg_ev *e = msg_ev_new(EV_SETTLED);

	e->u.settled.channel = ch;
	e->u.settled.first = first;
	e->u.settled.last = last;
	e->u.settled.count = count;
	e->u.settled.status = st;
	e->u.settled.by_warren = by_warren;
	net_emit(n, e);
}

/* Forget a channel's pending deliveries: the broker requeued them. */
static uint64_t net_pend_requeued(struct net *n, uint16_t ch, int by_warren)
{
	struct net_chan *c = &n->ch[ch];
	uint64_t count = c->pn - c->phead;

	if (count)
		net_settled(n, ch, c->pend[c->phead].id, c->pend[c->pn - 1].id, count,
			    MSG_REQUEUED, by_warren);
	c->phead = c->pn = 0;
	return count;
}

static void net_consumer_event(struct net *n, struct net_consumer *k,
			       enum msg_consumer_state st, const char *reason, uint64_t requeued)
{
	struct msg_ev *e = msg_ev_new(EV_CONSUMER);

	e->u.consumer.state = st;
	e->u.consumer.tag = msg_strdup(k->c.tag);
	e->u.consumer.queue = msg_strdup(k->c.queue);
	e->u.consumer.reason = msg_strdup(reason);
	e->u.consumer.channel = k->ch;
	e->u.consumer.requeued = requeued;
	e->u.consumer.delivered = k->delivered;
	e->u.consumer.manual_ack = k->c.manual_ack;
	e->u.consumer.limit = k->c.count;
	e->u.consumer.prefetch = k->c.prefetch;
	net_emit(n, e);
}

static void net_consumer_free(struct net *n, struct net_consumer *k)
{
	struct net_consumer **pp;

	for (pp = &n->consumers; *pp; pp = &(*pp)->next)
		if (*pp == k) {
			*pp = k->next;
			break;
		}
	if (k->ch && n->ch[k->ch].consumer == k)
		n->ch[k->ch].consumer = NULL;
	free(k->c.queue);
	free(k->c.tag);
	free(k);
}

/* We close a channel: the broker requeues what was unacked on it. */
void net_chan_close(struct net *n, uint16_t ch)
{
	if (!n->ch[ch].open)
		return;
	net_ack_flush(n, ch);
	n->ch[ch].open = 0;
	amqp_channel_close(n->conn, ch, AMQP_REPLY_SUCCESS);
	net_pend_requeued(n, ch, 0);
	net_drain_queued(n);
}

/* The broker closed a channel (an error), or it is gone with its connection. */
void net_chan_closed(struct net *n, uint16_t ch, const char *why)
{
	struct net_chan *c = &n->ch[ch];
	uint64_t requeued;
	char *err = NULL;
	int code;

	c->open = 0;
	requeued = net_pend_requeued(n, ch, 0);
	if (c->consumer) {
		struct net_consumer *k = c->consumer;

		net_consumer_event(n, k, CONSUMER_LOST, why, requeued);
		net_consumer_free(n, k);
	} else if (requeued) {
		net_notice(n, 1, "%llu unacked message%s went back to the queue when channel %u closed",
			   (unsigned long long)requeued, requeued == 1 ? "" : "s", ch);
	}
	if (!n->up)
		return;
	/* warren's own channels come back at once; the connection stays */
	if (ch == NET_CH_CMD && net_chan_open(n, ch, &err, &code) < 0)
		net_notice(n, 2, "cannot reopen the command channel: %s", err);
	if (ch == NET_CH_PUB) {
		net_pubs_fail(n, why, 0);
		if (n->up && net_pub_channel_open(n, &err, &code) < 0)
			net_notice(n, 2, "cannot reopen the publishing channel: %s", err);
	}
	free(err);
}

/* ---- acks warren owes -------------------------------------------------- */

/*
 * Acks that warren sends by itself (--ack-every N, auto-ack emulated for
 * --count) are coalesced: one multiple ack per channel for all the frames
 * read at once, rather than a syscall per message. Every message it covers
 * was acked by the rule already (its event says so); only the frame waits.
 */
static void net_ack_owe(struct net *n, uint16_t ch, uint64_t dtag)
{
	if (!n->ch[ch].ack_due)
		n->ack_dirty[n->nack_dirty++] = ch;
	n->ch[ch].ack_due = dtag;
}

void net_ack_flush(struct net *n, uint16_t ch)
{
	struct net_chan *c = &n->ch[ch];

	if (!c->ack_due)
		return;
	if (n->conn && c->open)
		amqp_basic_ack(n->conn, ch, c->ack_due, 1);
	c->ack_due = 0;
}

void net_acks_flush(struct net *n)
{
	unsigned i;

	for (i = 0; i < n->nack_dirty; i++)
		net_ack_flush(n, n->ack_dirty[i]);
	n->nack_dirty = 0;
}

/* ---- pending deliveries ------------------------------------------------ */

void net_pend_push(struct net_chan *c, uint64_t id, uint64_t dtag)
{
	if (c->phead == c->pn)
		c->phead = c->pn = 0;
	if (c->pn == c->pcap) {
		if (c->phead > c->pcap / 2) {
			memmove(c->pend, c->pend + c->phead, (c->pn - c->phead) * sizeof *c->pend);
			c->pn -= c->phead;
			c->phead = 0;
		} else {
			c->pcap = c->pcap ? c->pcap * 2 : 64;
			c->pend = realloc(c->pend, c->pcap * sizeof *c->pend);
			if (!c->pend)
				abort();
		}
	}
	c->pend[c->pn++] = (struct net_pend){id, dtag};
}

/* Index of message id in c's pending list, or -1. */
static long net_pend_find(const struct net_chan *c, uint64_t id)
{
	size_t lo = c->phead, hi = c->pn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->pend[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->pn && c->pend[lo].id == id ? (long)lo : -1;
}

/* ---- deliveries -------------------------------------------------------- */

struct msg_delivery *net_read_delivery(struct net *n, uint16_t ch, char **err)
{
	amqp_message_t m;
	amqp_rpc_reply_t r = amqp_read_message(n->conn, ch, &m, 0);
	struct msg_delivery *d;
	int code;

	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		*err = net_rpc_error(n, ch, r, &code);
		return NULL;
	}
	d = msg_alloc(sizeof *d);
	props_from_amqp(&m.properties, &d->props);
	d->body_size = m.body.len;
	d->body_len = m.body.len < NET_BODY_KEEP ? m.body.len : NET_BODY_KEEP;
	d->body = msg_alloc(d->body_len + 1);
	if (d->body_len)
		memcpy(d->body, m.body.bytes, d->body_len);
	d->time = net_now();
	amqp_destroy_message(&m);
	return d;
}

static void net_emit_delivery(struct net *n, struct msg_delivery *d)
{
	struct msg_ev *e = msg_ev_new(EV_DELIVERY);

	e->u.delivery = d;
	net_emit(n, e);
}

/* A consumer got all it asked for (--count): cancel it, close if settled. */
static void net_consumer_done(struct net *n, struct net_consumer *k)
{
	uint16_t ch = k->ch;

	k->cancelled = 1;
	net_ack_flush(n, ch);
	amqp_basic_cancel(n->conn, ch, amqp_cstring_bytes(k->c.tag));
	net_consumer_event(n, k, CONSUMER_FINISHED, NULL, 0);
	net_consumer_free(n, k);
	if (n->conn && n->ch[ch].pn == n->ch[ch].phead)
		net_chan_close(n, ch);
}

void net_deliver(struct net *n, uint16_t ch, amqp_basic_deliver_t *dm)
{
	struct net_chan *c = &n->ch[ch];
	struct net_consumer *k = c->consumer;
	struct msg_delivery *d;
	char *ctag = net_bytes_dup(dm->consumer_tag);
	char *exchange = net_bytes_dup(dm->exchange);
	char *key = net_bytes_dup(dm->routing_key);
	uint64_t dtag = dm->delivery_tag;
	int redelivered = dm->redelivered;
	char *err = NULL;

	d = net_read_delivery(n, ch, &err);
	if (!d) {
		net_notice(n, 2, "could not read a message on channel %u: %s", ch, err);
		free(err);
		free(ctag);
		free(exchange);
		free(key);
		return;
	}
	d->id = n->next_msg_id++;
	d->consumer = ctag;
	d->channel = ch;
	d->delivery_tag = dtag;
	d->redelivered = redelivered;
	d->exchange = exchange;
	d->routing_key = key;

	if (!c->open) {
		/* arrived for a channel we closed: the broker takes it back */
		d->status = MSG_REQUEUED;
	} else if (!k || k->cancelled) {
		/* beyond --count, or after cancel: give it back at once */
		net_ack_flush(n, ch);
		amqp_basic_nack(n->conn, ch, dtag, 0, 1);
		d->status = MSG_REQUEUED;
	} else if (!k->c.manual_ack && !k->emulate_auto) {
		k->delivered++;
		d->status = MSG_AUTO;
	} else if (k->emulate_auto) {
		k->delivered++;
		net_ack_owe(n, ch, dtag);
		d->status = MSG_AUTO;
	} else {
		k->delivered++;
		d->status = MSG_PENDING;
		if (k->c.ack_every > 0 && ++k->unacked_run >= (uint64_t)k->c.ack_every) {
			/* --ack-every: one multiple ack settles the run */
			net_ack_owe(n, ch, dtag);
			d->status = MSG_ACKED;
			if (c->pn > c->phead)
				net_settled(n, ch, c->pend[c->phead].id, c->pend[c->pn - 1].id,
					    c->pn - c->phead, MSG_ACKED, 1);
			c->phead = c->pn = 0;
			k->unacked_run = 0;
		} else {
			net_pend_push(c, d->id, dtag);
		}
	}
	net_emit_delivery(n, d);
	if (k && !k->cancelled && k->c.count && k->delivered >= k->c.count)
		net_consumer_done(n, k);
	if (n->conn)
		amqp_maybe_release_buffers_on_channel(n->conn, ch);
}

/* ---- consumers --------------------------------------------------------- */

static struct net_consumer *net_consumer_find(struct net *n, const char *tag)
{
	struct net_consumer *k;

	for (k = n->consumers; k; k = k->next)
		if (!strcmp(k->c.tag, tag))
			return k;
	return NULL;
}

char *net_consumer_start(struct net *n, struct net_consumer *k, int *code)
{
	const struct msg_req_consume *c = &k->c;
	amqp_rpc_reply_t rep;
	char *err = NULL;
	int ch;

	*code = 0;
	ch = net_chan_alloc(n);
	if (ch < 0)
		return msg_strdup("no free channel: cancel some consumers first");
	if (net_chan_open(n, (uint16_t)ch, &err, code) < 0)
		goto fail;
	if (c->prefetch > 0) {
		amqp_basic_qos(n->conn, (uint16_t)ch, 0, (uint16_t)c->prefetch, c->qos_global);
		rep = amqp_get_rpc_reply(n->conn);
		if (rep.reply_type != AMQP_RESPONSE_NORMAL) {
			err = net_rpc_error(n, (uint16_t)ch, rep, code);
			goto fail;
		}
	}
	amqp_basic_consume(n->conn, (uint16_t)ch, amqp_cstring_bytes(c->queue),
			   amqp_cstring_bytes(c->tag), 0, !c->manual_ack && !k->emulate_auto,
			   c->exclusive, amqp_empty_table);
	rep = amqp_get_rpc_reply(n->conn);
	if (rep.reply_type != AMQP_RESPONSE_NORMAL) {
		err = net_rpc_error(n, (uint16_t)ch, rep, code);
		goto fail;
	}
	k->ch = (uint16_t)ch;
	k->suspended = 0;
	k->unacked_run = 0;
	n->ch[ch].consumer = k;
	net_consumer_event(n, k, CONSUMER_STARTED, NULL, 0);
	return NULL;
fail:
	if (n->conn && n->ch[ch].open)
		net_chan_close(n, (uint16_t)ch);
	return err;
}

void net_consume(struct net *n, struct msg_req *r)
{
	struct msg_req_consume *c = &r->u.consume;
	struct net_consumer *k;
	char *err;
	int code = 0, prefetch = c->prefetch;

	if (net_consumer_find(n, c->tag)) {
		net_result(n, r->id, 0, 0, "a consumer tagged %s exists already: pick another --tag",
			   c->tag);
		return;
	}
	/* a manual consumer with --count never holds more than it will take */
	if (c->manual_ack && c->count && (!prefetch || (uint64_t)prefetch > c->count) &&
	    c->count < 65535)
		prefetch = (int)c->count;
	k = msg_alloc(sizeof *k);
	k->c = *c;
	k->c.prefetch = prefetch;
	k->c.queue = msg_strdup(c->queue);
	k->c.tag = msg_strdup(c->tag);
	k->emulate_auto = !c->manual_ack && c->count > 0;
	err = net_consumer_start(n, k, &code);
	if (err) {
		net_result(n, r->id, 0, code, "cannot consume from %s: %s", c->queue, err);
		free(err);
		free(k->c.queue);
		free(k->c.tag);
		free(k);
		return;
	}
	k->next = n->consumers;
	n->consumers = k;
	if (prefetch)
		net_result(n, r->id, 1, 0, "consuming from %s as %s (%s ack, prefetch %d)", c->queue,
			   c->tag, c->manual_ack ? "manual" : "auto", prefetch);
	else
		net_result(n, r->id, 1, 0, "consuming from %s as %s (%s ack, prefetch unlimited)",
			   c->queue, c->tag, c->manual_ack ? "manual" : "auto");
}

/* A consumer that cannot come back after a reconnect is gone for good. */
void net_consumer_drop(struct net *n, struct net_consumer *k, const char *why)
{
	net_consumer_event(n, k, CONSUMER_LOST, why, 0);
	net_consumer_free(n, k);
}

void net_cancel(struct net *n, struct msg_req *r)
{
	struct net_consumer *k = net_consumer_find(n, r->u.cancel.tag);
	uint16_t ch;
	uint64_t pending;

	if (!k) {
		net_result(n, r->id, 0, 0, "no consumer tagged %s (see 'status')", r->u.cancel.tag);
		return;
	}
	ch = k->ch;
	pending = n->ch[ch].pn - n->ch[ch].phead;
	if (r->u.cancel.kill) {
		n->ch[ch].consumer = NULL;
		net_consumer_event(n, k, CONSUMER_KILLED, "channel closed without acking", pending);
		net_consumer_free(n, k);
		net_chan_close(n, ch);
		net_result(n, r->id, 1, 0,
			   "%s killed: its channel closed without acking; %llu unacked message%s "
			   "went back to the queue",
			   r->u.cancel.tag, (unsigned long long)pending, pending == 1 ? "" : "s");
		return;
	}
	k->cancelled = 1;
	amqp_basic_cancel(n->conn, ch, amqp_cstring_bytes(k->c.tag));
	net_consumer_event(n, k, CONSUMER_CANCELLED, NULL, 0);
	net_consumer_free(n, k);
	if (!n->conn)
		return;
	if (!pending)
		net_chan_close(n, ch);
	net_result(n, r->id, 1, 0, "cancelled %s%s", r->u.cancel.tag,
		   pending ? "; its unacked messages stay pending until you ack or nack them" : "");
}

void net_server_cancel(struct net *n, uint16_t ch, amqp_basic_cancel_t *bc)
{
	struct net_consumer *k = n->ch[ch].consumer;

	if (!k)
		return;
	net_consumer_event(n, k, CONSUMER_LOST,
			   "the broker cancelled the consumer (queue deleted or node down)", 0);
	net_consumer_free(n, k);
	net_chan_close(n, ch);
}

/* ---- settling ---------------------------------------------------------- */

static enum msg_status net_settle_status(const struct msg_req_settle *s)
{
	if (s->kind == SETTLE_ACK)
		return MSG_ACKED;
	if (s->requeue)
		return MSG_REQUEUED;
	return s->kind == SETTLE_NACK ? MSG_NACKED : MSG_REJECTED;
}

static const char *net_settle_verb(enum msg_settle_kind k)
{
	return k == SETTLE_ACK ? "acked" : k == SETTLE_NACK ? "nacked" : "rejected";
}

void net_settle(struct net *n, struct msg_req *r)
{
	struct msg_req_settle *s = &r->u.settle;
	struct net_chan *c = NULL;
	enum msg_status st = net_settle_status(s);
	uint64_t dtag, first;
	size_t count;
	long idx = -1;
	int ch;

	net_acks_flush(n);
	for (ch = 1; ch < NET_MAX_CHANNELS && idx < 0; ch++) {
		c = &n->ch[ch];
		if (c->pn > c->phead && c->open)
			idx = net_pend_find(c, s->id);
	}
	ch--;
	if (idx < 0) {
		net_result(n, r->id, 0, 0,
			   "message #%llu is not pending: it was settled already, was consumed "
			   "with auto-ack, or went back to the queue when its channel closed",
			   (unsigned long long)s->id);
		return;
	}
	dtag = c->pend[idx].dtag;
	if (s->kind == SETTLE_ACK)
		amqp_basic_ack(n->conn, (uint16_t)ch, dtag, s->multiple);
	else if (s->kind == SETTLE_NACK)
		amqp_basic_nack(n->conn, (uint16_t)ch, dtag, s->multiple, s->requeue);
	else
		amqp_basic_reject(n->conn, (uint16_t)ch, dtag, s->requeue);
	if (s->multiple && s->kind != SETTLE_REJECT) {
		first = c->pend[c->phead].id;
		count = (size_t)idx - c->phead + 1;
		c->phead = (size_t)idx + 1;
	} else {
		first = s->id;
		count = 1;
		memmove(c->pend + idx, c->pend + idx + 1, (c->pn - idx - 1) * sizeof *c->pend);
		c->pn--;
	}
	net_settled(n, (uint16_t)ch, first, s->id, count, st, 0);
	if (r->quiet) {
		/* a worker's own ack: the settle event above says it all */
	} else if (count == 1)
		net_result(n, r->id, 1, 0, "%s #%llu", net_settle_verb(s->kind),
			   (unsigned long long)s->id);
	else
		net_result(n, r->id, 1, 0, "%s %zu messages (#%llu..#%llu on channel %d)",
			   net_settle_verb(s->kind), count, (unsigned long long)first,
			   (unsigned long long)s->id, ch);
	/* a finished consumer's channel closes once its last message is settled */
	if (!c->consumer && ch > NET_CH_PUB && c->pn == c->phead)
		net_chan_close(n, (uint16_t)ch);
}

/* Before disconnecting: nack-requeue everything unsettled, and count it. */
uint64_t net_requeue_all(struct net *n)
{
	uint64_t total = 0;
	int ch;

	net_acks_flush(n);
	for (ch = 1; ch < NET_MAX_CHANNELS; ch++) {
		struct net_chan *c = &n->ch[ch];

		if (c->pn == c->phead)
			continue;
		if (c->open && n->conn)
			amqp_basic_nack(n->conn, (uint16_t)ch, 0, 1, 1);
		total += net_pend_requeued(n, (uint16_t)ch, 1);
	}
	return total;
}

/* The connection is gone but will be back: consumers wait to be restarted. */
void net_consumers_suspend(struct net *n, const char *why)
{
	struct net_consumer *k;
	int ch;

	for (ch = 1; ch < NET_MAX_CHANNELS; ch++)
		net_pend_requeued(n, (uint16_t)ch, 0);
	for (k = n->consumers; k; k = k->next) {
		if (k->ch && n->ch[k->ch].consumer == k)
			n->ch[k->ch].consumer = NULL;
		k->ch = 0;
		k->suspended = 1;
		net_consumer_event(n, k, CONSUMER_SUSPENDED, why, 0);
	}
}

void net_consumers_reset(struct net *n, const char *why)
{
	int ch;

	for (ch = 1; ch < NET_MAX_CHANNELS; ch++)
		net_pend_requeued(n, (uint16_t)ch, 0);
	while (n->consumers) {
		net_consumer_event(n, n->consumers, CONSUMER_LOST, why, 0);
		net_consumer_free(n, n->consumers);
	}
}
