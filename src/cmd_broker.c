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
#include "sandbox.h"

struct cmd_broker_job {
	struct app *a;
	pid_t pid;
	int fd;
	char *what;
	char buf[1024];
	size_t len;
};

static void cmd_broker_output(void *arg, int fd, short revents)
{
	struct cmd_broker_job *j = arg;
	ssize_t n = read(fd, j->buf + j->len, sizeof j->buf - 1 - j->len);
	char *nl;
	int status;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		j->len += (size_t)n;
		j->buf[j->len] = 0;
		while ((nl = strchr(j->buf, '\n'))) {
			*nl = 0;
			if (*j->buf)
				app_out(j->a, LOG_INFO, "broker: %s", j->buf);
			j->len -= (size_t)(nl + 1 - j->buf);
			memmove(j->buf, nl + 1, j->len + 1);
		}
		if (j->len == sizeof j->buf - 1)
			j->len = 0;
		return;
	}
	loop_del_fd(j->a->loop, fd);
	close(fd);
	status = sandbox_reap(j->pid);
	/* the broker is back: no need to wait for the backoff */
	app_request_async(j->a, msg_req_new(REQ_RETRY));
	if (status == 0)
		app_ok(j->a, "%s", j->what);
	else
		app_error(j->a, "%s failed (warren-sandbox exited with %d)", j->what, status);
	app_command_done(j->a, status == 0);
	free(j->what);
	free(j);
}

static enum cmd_result cmd_broker_run(struct app *a, const char *verb, const char *node,
				      char *what)
{
	struct cmd_broker_job *j;
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
	j = msg_alloc(sizeof *j);
	j->a = a;
	j->pid = pid;
	j->fd = fd;
	j->what = what;
	loop_add_fd(a->loop, fd, cmd_broker_output, j);
	app_out(a, LOG_INFO, "broker: %s...", verb);
	return CMD_PENDING;
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

static enum cmd_result cmd_broker_exec(struct app *a, const struct cmd_args *args)
{
	const char *name = args->entry->name + strlen("broker ");
	int kill = !strcmp(name, "kill"), start = !strcmp(name, "start");
	int node = cmd_broker_node(a, args, kill || start);
	char num[16];

	if (node < 0)
		return CMD_ERR;
	snprintf(num, sizeof num, "%d", node);
	if (kill)
		return cmd_broker_run(a, "kill", num,
				      msg_printf("node %d killed (kill -9): its queues' leaders move, "
						 "its classic queues are down",
						 node));
	if (start)
		return cmd_broker_run(a, "start-node", num, msg_printf("node %d started", node));
	return cmd_broker_run(a, "restart", num,
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

static enum cmd_result cmd_reconnect_exec(struct app *a, const struct cmd_args *args)
{
	char *url;
	enum cmd_result r;

	if (!a->last_url) {
		app_error(a, "reconnect: no connection yet: use 'connect URL'");
		return CMD_ERR;
	}
	url = msg_strdup(a->last_url);
	r = cmd_connect_url(a, url);
	free(url);
	return r;
}

const struct cmd_entry cmd_reconnect_entry = {
	.name = "reconnect",
	.help = "connect again to the last broker",
	.exec = cmd_reconnect_exec,
};
