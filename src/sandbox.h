/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sandbox: a private RabbitMQ node (or cluster) for `warren --sandbox`,
 * driven through the warren-sandbox script that the tests use as well.
 * The script's supervisor takes the broker down if warren dies in any way.
 */
#ifndef WARREN_SANDBOX_H
#define WARREN_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct sandbox {
	int owned; /* started by us: stopped and removed on exit */
	char *script;
	char *dir;
	char *url;	/* amqp://guest:guest@127.0.0.1:PORT[,...] */
	char *mgmt_url; /* http://guest:guest@127.0.0.1:PORT[,...]/ */
	int nodes;
};

/* Where warren-sandbox lives: $WARREN_SANDBOX, beside the binary, libexec. */
const char *sandbox_script(void);

/* Start it (blocks ~5-30 s; progress on stderr). NULL with err on failure. */
struct sandbox *sandbox_start(int nodes, char *err, size_t errlen);
/* Use a sandbox someone else started (--sandbox-dir); it is left running. */
struct sandbox *sandbox_attach(const char *dir, char *err, size_t errlen);
/* Run "warren-sandbox VERB DIR [ARG]" and wait; returns its exit status. */
int sandbox_run(const struct sandbox *s, const char *verb, const char *arg);
/*
 * Start "warren-sandbox VERB DIR [ARG]" without waiting: its output (stdout
 * and stderr) comes out of *fd; reap it with sandbox_reap when *fd ends.
 */
pid_t sandbox_run_async(const struct sandbox *s, const char *verb, const char *arg, int *fd);
int sandbox_reap(pid_t pid);
void sandbox_stop(struct sandbox *s);

#endif
