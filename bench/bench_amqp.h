/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_amqp: the few helpers the benchmark clients share (header only, so
 * each client is one cc command). Any failure ends the process with a
 * message: a benchmark with a half-working client measures nothing.
 */
#ifndef BENCH_AMQP_H
#define BENCH_AMQP_H

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

static inline void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static inline void bench_die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static inline void bench_check_rpc(amqp_connection_state_t conn, const char *what)
{
	amqp_rpc_reply_t r = amqp_get_rpc_reply(conn);

	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		bench_die("%s failed (reply type %d, library error %s)", what, r.reply_type,
			  amqp_error_string2(r.library_error));
}

/* URL is amqp://user:pass@host:port[/vhost], as warren-sandbox prints it. */
static inline amqp_connection_state_t bench_connect(const char *url)
{
	struct amqp_connection_info ci;
	char *copy = strdup(url);
	amqp_connection_state_t conn = amqp_new_connection();
	amqp_socket_t *s = amqp_tcp_socket_new(conn);
	amqp_rpc_reply_t r;

	amqp_default_connection_info(&ci);
	if (!copy || amqp_parse_url(copy, &ci) != AMQP_STATUS_OK)
		bench_die("cannot parse URL %s", url);
	if (!s || amqp_socket_open(s, ci.host, ci.port) != AMQP_STATUS_OK)
		bench_die("cannot connect to %s:%d", ci.host, ci.port);
	r = amqp_login(conn, ci.vhost, 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, ci.user,
		       ci.password);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		bench_die("login failed");
	amqp_channel_open(conn, 1);
	bench_check_rpc(conn, "channel.open");
	free(copy);
	return conn;
}

static inline void bench_close(amqp_connection_state_t conn)
{
	amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
	amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
	amqp_destroy_connection(conn);
}

static inline double bench_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SIGTERM or SIGINT: set bench_stop, and interrupt a blocking call. */
static volatile sig_atomic_t bench_stop;

static inline void bench_stop_handler(int sig)
{
	(void)sig;
	bench_stop = 1;
}

static inline void bench_on_term(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = bench_stop_handler;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

#endif
