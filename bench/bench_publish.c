/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_publish: the minimal rabbitmq-c publisher warren is measured
 * against, and the feeder of the other benchmarks.
 *
 *   bench_publish URL QUEUE COUNT [--size BYTES] [--confirm] [--rate MSG_PER_S]
 *                 [--declare] [--purge] [--forever] [--fill]
 *
 * Publishes COUNT messages of BYTES bytes (default 256) to QUEUE through the
 * default exchange; --forever publishes until killed. --confirm streams with
 * publisher confirms (acks read as they come, no window: as warren does) and
 * exits when every message is confirmed. Without confirms one round trip after
 * the last message makes sure the broker has taken them all (warren does the
 * same with basic.qos). --rate spreads the messages evenly in time.
 * SIGTERM ends a --forever run, which then prints "SENT SECONDS".
 * --declare declares QUEUE (non-durable) first, --purge empties it first
 * (COUNT 0 then does only that). --fill waits until QUEUE holds COUNT
 * messages: the quick way to pre-publish a queue for a consumer to drain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_amqp.h"

struct confirms {
	unsigned char *done; /* done[tag - 1]: tag confirmed */
	unsigned long long count, settled;
	unsigned long long low; /* every tag below it is confirmed */
};

static void confirm_one(struct confirms *c, unsigned long long tag)
{
	if (tag >= 1 && tag <= c->count && !c->done[tag - 1]) {
		c->done[tag - 1] = 1;
		c->settled++;
	}
}

/* Handle every frame already here (or, with block, wait for one). */
static void confirms_read(amqp_connection_state_t conn, struct confirms *c, int block)
{
	struct timeval zero = {0, 0};
	amqp_frame_t f;

	for (;;) {
		int rc = amqp_simple_wait_frame_noblock(conn, &f, block ? NULL : &zero);

		if (rc == AMQP_STATUS_TIMEOUT)
			return;
		if (rc != AMQP_STATUS_OK)
			bench_die("reading confirms: %s", amqp_error_string2(rc));
		block = 0;
		if (f.frame_type != AMQP_FRAME_METHOD)
			continue;
		if (f.payload.method.id == AMQP_BASIC_ACK_METHOD) {
			amqp_basic_ack_t *a = f.payload.method.decoded;
			unsigned long long t;

			if (a->multiple)
				for (t = c->low; t <= a->delivery_tag; t++)
					confirm_one(c, t);
			else
				confirm_one(c, a->delivery_tag);
			while (c->low <= c->count && c->done[c->low - 1])
				c->low++;
		} else if (f.payload.method.id == AMQP_BASIC_NACK_METHOD) {
			bench_die("the broker nacked a publish");
		} else if (f.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
			   f.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD) {
			bench_die("the broker closed the channel");
		}
		amqp_maybe_release_buffers(conn);
	}
}

/* One round trip (queue.declare passive): has QUEUE at least want messages? */
static int wait_count(amqp_connection_state_t conn, amqp_bytes_t queue, unsigned long long want)
{
	amqp_queue_declare_ok_t *ok = amqp_queue_declare(conn, 1, queue, 1, 0, 0, 0,
							  amqp_empty_table);

	bench_check_rpc(conn, "queue.declare (the final round trip)");
	return ok->message_count >= want;
}

/*
 * Sleep until message number sent is due at the given rate. After a stall
 * (the broker's flow control) it catches up for at most 100 ms, no more: the
 * rate is a ceiling, never a burst.
 */
static void pace(double *start, unsigned long long sent, double rate)
{
	double due = *start + (double)sent / rate, now = bench_mono();

	if (due < now - 0.1)
		*start += now - 0.1 - due;
	if (due > now + 0.0005) {
		struct timespec ts = {0, (long)((due - now) * 1e9)};

		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	amqp_connection_state_t conn;
	amqp_bytes_t queue, body;
	amqp_basic_properties_t props = {0};
	struct confirms c = {0};
	unsigned long long count, sent;
	long size = 256, i;
	double rate = 0, start;
	int confirm = 0, declare = 0, purge = 0, forever = 0, fill = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_publish URL QUEUE COUNT [--size BYTES] [--confirm] "
				"[--rate R] [--declare] [--purge]\n");
		return 2;
	}
	count = strtoull(argv[3], NULL, 10);
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = atol(argv[++i]);
		else if (!strcmp(argv[i], "--rate") && i + 1 < argc)
			rate = atof(argv[++i]);
		else if (!strcmp(argv[i], "--confirm"))
			confirm = 1;
		else if (!strcmp(argv[i], "--declare"))
			declare = 1;
		else if (!strcmp(argv[i], "--purge"))
			purge = 1;
		else if (!strcmp(argv[i], "--forever"))
			forever = 1;
		else if (!strcmp(argv[i], "--fill"))
			fill = 1;
		else
			bench_die("unknown option %s", argv[i]);
	}
	if (confirm && forever)
		bench_die("--confirm needs a COUNT");
	queue = amqp_cstring_bytes(argv[2]);
	body.len = (size_t)size;
	body.bytes = malloc(body.len + 1);
	if (!body.bytes)
		bench_die("out of memory");
	memset(body.bytes, 'x', body.len);
	conn = bench_connect(argv[1]);
	if (declare) {
		amqp_queue_declare(conn, 1, queue, 0, 0, 0, 0, amqp_empty_table);
		bench_check_rpc(conn, "queue.declare");
	}
	if (purge) {
		amqp_queue_purge(conn, 1, queue);
		bench_check_rpc(conn, "queue.purge");
	}
	if (confirm) {
		c.count = count;
		c.low = 1;
		c.done = calloc(count, 1);
		if (!c.done)
			bench_die("out of memory");
		amqp_confirm_select(conn, 1);
		bench_check_rpc(conn, "confirm.select");
	}
	start = bench_mono();
	bench_on_term();
	for (sent = 0; (forever && !bench_stop) || sent < count; sent++) {
		if (rate > 0)
			pace(&start, sent, rate);
		if (amqp_basic_publish(conn, 1, amqp_empty_bytes, queue, 0, 0, &props, body) !=
		    AMQP_STATUS_OK) {
			if (bench_stop)
				break;
			bench_die("publish failed after %llu messages", sent);
		}
		if (confirm && sent % 64 == 63)
			confirms_read(conn, &c, 0);
	}
	if (forever) {
		printf("%llu %.3f\n", sent, bench_mono() - start);
		return 0;
	}
	if (confirm) {
		while (c.settled < count)
			confirms_read(conn, &c, 1);
	} else {
		while (!wait_count(conn, queue, fill ? count : 0))
			nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
	}
	bench_close(conn);
	return 0;
}
