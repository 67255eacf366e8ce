/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_broker: the sandbox broker from inside warren (broker restart, kill,
 * start, so a class can watch durability and failover), and reconnect.
 * The sandbox script runs as a child whose output is read by the loop; the
 * command finishes when the child does, and the UI never waits on it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "sandbox.h"

/* The state of a `broker` command: the child and its output (the job's data). */
struct cmd_broker_job {
	struct job *job;
	pid_t pid;
	int fd;
	char *what;
	char buf[1024];
	size_t len;
};

/* Lines the child printed, as they come. */
static void cmd_broker_lines(struct cmd_broker_job *b, struct app *a)
{
	char *nl;

	while ((nl = strchr(b->buf, '\n'))) {
		*nl = 0;
		if (*b->buf)
			app_out(a, LOG_INFO, "broker: %s", b->buf);
		b->len -= (size_t)(nl + 1 - b->buf);
		memmove(b->buf, nl + 1, b->len + 1);
	}
	if (b->len == sizeof b->buf - 1)
		b->len = 0;
}

/* The child is done (or the job goes first): stop watching its output. */
static int cmd_broker_close(struct cmd_broker_job *b, struct app *a)
{
	if (b->fd < 0)
		return -1;
	loop_del_fd(a->loop, b->fd);
	close(b->fd);
	b->fd = -1;
	return sandbox_reap(b->pid);
}

static void cmd_broker_cancel(struct job *j)
{
	cmd_broker_close(j->data, j->a);
}

static void cmd_broker_free(void *data)
{
	struct cmd_broker_job *b = data;

	free(b->what);
	free(b);
}

static void cmd_broker_output(void *arg, int fd, short revents)
{
	struct cmd_broker_job *b = arg;
	struct job *j = b->job;
	struct app *a = j->a;
	ssize_t n = read(fd, b->buf + b->len, sizeof b->buf - 1 - b->len);
	int status;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		b->len += (size_t)n;
		b->buf[b->len] = 0;
		cmd_broker_lines(b, a);
		return;
	}
	status = cmd_broker_close(b, a);
	/* the broker is back: no need to wait for the backoff */
	app_request(a, msg_req_new(REQ_RETRY));
	if (status == 0)
		app_ok(a, "%s", b->what);
	else
		app_error(a, "%s failed (warren-sandbox exited with %d)", b->what, status);
	job_finish(j, status == 0);
}

static enum cmd_result cmd_broker_run(struct job *j, const char *verb, const char *node,
				      char *what)
{
	struct app *a = j->a;
	struct cmd_broker_job *b;
	int fd;
	pid_t pid;

	if (!a->sandbox) {
		app_error(a, "broker %s: only for warren's own sandbox broker (start warren with "
			     "--sandbox, or attach with --sandbox-dir DIR)", verb);
		free(what);
		return CMD_ERR;
	}
	pid = sandbox_run_async(a->sandbox, verb, node, &fd);
	if (pid < 0) {
		app_error(a, "broker %s: cannot run %s: %s", verb, a->sandbox->script, strerror(errno));
		free(what);
		return CMD_ERR;
	}
	b = job_data(j, sizeof *b, cmd_broker_free);
	b->job = j;
	b->pid = pid;
	b->fd = fd;
	b->what = what;
	loop_add_fd(a->loop, fd, cmd_broker_output, b);
	app_out(a, LOG_INFO, "broker: %s...", verb);
	return job_wait_external(j, cmd_broker_cancel);
}

static int cmd_broker_node(struct app *a, const struct cmd_args *args, int need)
{
	long n;

	if (!args->argc) {
		if (need) {
			app_error(a, "%s: say which node (1..%d)", args->entry->name,
				  a->sandbox ? a->sandbox->nodes : 1);
			return -1;
		}
		return 1;
	}
	n = strtol(args->argv[0], NULL, 10);
	if (n < 1 || (a->sandbox && n > a->sandbox->nodes)) {
		app_error(a, "%s: NODE is a number from 1 to %d, not '%s'", args->entry->name,
			  a->sandbox ? a->sandbox->nodes : 1, args->argv[0]);
		return -1;
	}
	return (int)n;
}

static enum cmd_result cmd_broker_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *name = args->entry->name + strlen("broker ");
	int kill = !strcmp(name, "kill"), start = !strcmp(name, "start");
	int node = cmd_broker_node(a, args, kill || start);
	char num[16];

	if (node < 0)
		return CMD_ERR;
	snprintf(num, sizeof num, "%d", node);
	if (kill)
		return cmd_broker_run(j, "kill", num,
				      msg_printf("node %d killed (kill -9): its queues' leaders move, "
						 "its classic queues are down",
						 node));
	if (start)
		return cmd_broker_run(j, "start-node", num, msg_printf("node %d started", node));
	return cmd_broker_run(j, "restart", num,
			      msg_printf("node %d restarted: durable queues and persistent messages "
					 "are back, the rest is gone",
					 node));
}

const struct cmd_entry cmd_broker_restart_entry = {
	.name = "broker restart",
	.args = "[NODE]",
	.help = "stop the sandbox broker cleanly and start it again (durability, live)",
	.max_args = 1,
	.exec = cmd_broker_exec,
};

const struct cmd_entry cmd_broker_kill_entry = {
	.name = "broker kill",
	.args = "NODE",
	.help = "kill -9 a sandbox node, as a crash would",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_broker_exec,
};

const struct cmd_entry cmd_broker_start_entry = {
	.name = "broker start",
	.args = "NODE",
	.help = "start a killed sandbox node again",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_broker_exec,
};

static enum cmd_result cmd_reconnect_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	char *url;
	enum cmd_result r;

	if (!a->last_url) {
		app_error(a, "reconnect: no connection yet: use 'connect URL'");
		return CMD_ERR;
	}
	url = msg_strdup(a->last_url);
	r = cmd_connect_url(j, url);
	free(url);
	return r;
}

const struct cmd_entry cmd_reconnect_entry = {
	.name = "reconnect",
	.help = "connect again to the last broker",
	.exec = cmd_reconnect_exec,
};
