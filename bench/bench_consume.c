/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_consume: the minimal rabbitmq-c consumer warren is measured against.
 *
 *   bench_consume URL QUEUE COUNT [--prefetch N (0: no limit)] [--auto] [--ack-every N]
 *
 * Connects, sets basic.qos, consumes, and exits after COUNT deliveries. With
 * manual ack (the default) it acks each message as it arrives (or one
 * multiple-ack per N with --ack-every N); --auto consumes with no_ack.
 * Nothing is printed on success: the caller times the whole process. COUNT 0
 * consumes until SIGTERM, and then prints "RECEIVED SECONDS".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_amqp.h"

int main(int argc, char **argv)
{
	amqp_connection_state_t conn;
	long prefetch = 100, ack_every = 1, i;
	int no_ack = 0, forever;
	unsigned long long count, got = 0;
	double start;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_consume URL QUEUE COUNT|0 [--prefetch N] [--auto] "
				"[--ack-every N]\n");
		return 2;
	}
	count = strtoull(argv[3], NULL, 10);
	forever = count == 0;
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--prefetch") && i + 1 < argc)
			prefetch = atol(argv[++i]);
		else if (!strcmp(argv[i], "--ack-every") && i + 1 < argc)
			ack_every = atol(argv[++i]);
		else if (!strcmp(argv[i], "--auto"))
			no_ack = 1;
		else
			bench_die("unknown option %s", argv[i]);
	}
	conn = bench_connect(argv[1]);
	if (prefetch > 0) {
		amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
		bench_check_rpc(conn, "basic.qos");
	}
	amqp_basic_consume(conn, 1, amqp_cstring_bytes(argv[2]), amqp_empty_bytes, 0, no_ack, 0,
			   amqp_empty_table);
	bench_check_rpc(conn, "basic.consume");
	start = bench_mono();
	bench_on_term();
	while (forever || got < count) {
		struct timeval tick = {0, 200 * 1000};
		amqp_envelope_t env;
		amqp_rpc_reply_t r;

		amqp_maybe_release_buffers(conn);
		/* a timeout now and then, to see bench_stop: the library retries on EINTR */
		r = amqp_consume_message(conn, &env, forever ? &tick : NULL, 0);
		if (bench_stop) {
			printf("%llu %.3f\n", got, bench_mono() - start);
			return 0;
		}
		if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
		    r.library_error == AMQP_STATUS_TIMEOUT)
			continue;
		if (r.reply_type != AMQP_RESPONSE_NORMAL)
			bench_die("consume failed after %llu messages", got);
		got++;
		if (!no_ack && (got % (unsigned long long)ack_every == 0 || got == count))
			if (amqp_basic_ack(conn, 1, env.delivery_tag, ack_every > 1) != AMQP_STATUS_OK)
				bench_die("basic.ack failed");
		amqp_destroy_envelope(&env);
	}
	bench_close(conn);
	return 0;
}
