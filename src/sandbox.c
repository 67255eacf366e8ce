/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sandbox: see sandbox.h. The child runs with an empty signal mask: the UI
 * blocks signals for its signalfd, and a broker that inherited that mask
 * could not be stopped with a signal.
 */
#include "config.h"

#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msg.h"

const char *sandbox_script(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("WARREN_SANDBOX");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", path, sizeof path - 32);
	if (n > 0) {
		path[n] = 0;
		slash = strrchr(path, '/');
		if (slash) {
			strcpy(slash + 1, "warren-sandbox");
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	return WARREN_LIBEXECDIR "/warren-sandbox";
}

/*
 * Only stdin, stdout and stderr go to the child: warren's own descriptors
 * are close-on-exec, and whatever a library or another thread opened
 * without that flag is closed here too (the broker it starts would hold a
 * recording, an API connection, the AMQP socket for as long as it runs).
 */
static void sandbox_close_fds(void)
{
	int fd;

	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
	for (fd = 3; fd < 1024; fd++)
		close(fd);
}

/*
 * fork + exec argv with stdout to a pipe (when out; with both_to_pipe stderr
 * too) and a clean signal mask.
 */
static pid_t sandbox_spawn(char *const argv[], int *out, int both_to_pipe)
{
	int fds[2] = {-1, -1};
	pid_t pid;

	if (out && pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		sigset_t none;

		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		/* rabbitmqctl reads stdin: it must not eat warren's commands */
		if (null >= 0) {
			dup2(null, 0);
			close(null);
		}
		if (out) {
			dup2(fds[1], 1);
			if (both_to_pipe)
				dup2(fds[1], 2);
			close(fds[0]);
			close(fds[1]);
		} else {
			dup2(2, 1);
		}
		sandbox_close_fds();
		execv(argv[0], argv);
		fprintf(stderr, "warren: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(fds[1]);
		*out = pid > 0 ? fds[0] : -1;
		if (pid < 0)
			close(fds[0]);
	}
	return pid;
}

static int sandbox_wait(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A line KEY='value' or KEY=value from the script. */
static char *sandbox_value(const char *line, const char *key)
{
	size_t k = strlen(key), n;
	const char *v;

	if (strncmp(line, key, k) || line[k] != '=')
		return NULL;
	v = line + k + 1;
	n = strcspn(v, "\n");
	if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'') {
		v++;
		n -= 2;
	}
	return msg_printf("%.*s", (int)n, v);
}

/* Read the script's KEY=value lines from fd into s. */
static void sandbox_read_env(struct sandbox *s, int fd)
{
	FILE *f = fdopen(fd, "r");
	char line[1024], *v;

	while (f && fgets(line, sizeof line, f)) {
		if ((v = sandbox_value(line, "WS_DIR"))) {
			free(s->dir);
			s->dir = v;
		} else if ((v = sandbox_value(line, "WS_URL"))) {
			free(s->url);
			s->url = v;
		} else if ((v = sandbox_value(line, "WS_MGMT_URL"))) {
			free(s->mgmt_url);
			s->mgmt_url = v;
		} else if ((v = sandbox_value(line, "WS_NODES"))) {
			s->nodes = atoi(v);
			free(v);
		}
	}
	if (f)
		fclose(f);
	else
		close(fd);
}

struct sandbox *sandbox_start(int nodes, char *err, size_t errlen)
{
	struct sandbox *s = msg_alloc(sizeof *s);
	char owner[32], count[16];
	char *argv[] = {NULL, "start", "--owner", owner, "--nodes", count, NULL};
	int fd, rc;
	pid_t pid;

	s->script = msg_strdup(sandbox_script());
	s->nodes = nodes;
	s->owned = 1;
	argv[0] = s->script;
	snprintf(owner, sizeof owner, "%ld", (long)getpid());
	snprintf(count, sizeof count, "%d", nodes);
	fprintf(stderr, "warren: starting a private RabbitMQ %s on 127.0.0.1 (takes a few seconds)...\n",
		nodes > 1 ? "cluster" : "node");
	pid = sandbox_spawn(argv, &fd, 0);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start %s: %s", s->script, strerror(errno));
		sandbox_stop(s);
		return NULL;
	}
	sandbox_read_env(s, fd);
	rc = sandbox_wait(pid);
	if (rc != 0 || !s->url || !s->dir) {
		snprintf(err, errlen,
			 "the sandbox broker did not start (%s exited with %d): is the Debian "
			 "package rabbitmq-server installed? run ./quickstart",
			 s->script, rc);
		sandbox_stop(s);
		return NULL;
	}
	return s;
}

struct sandbox *sandbox_attach(const char *dir, char *err, size_t errlen)
{
	struct sandbox *s = msg_alloc(sizeof *s);
	char *argv[] = {NULL, "env", (char *)dir, NULL};
	int fd, rc;
	pid_t pid;

	s->script = msg_strdup(sandbox_script());
	argv[0] = s->script;
	pid = sandbox_spawn(argv, &fd, 0);
	if (pid < 0) {
		snprintf(err, errlen, "cannot run %s", s->script);
		sandbox_stop(s);
		return NULL;
	}
	sandbox_read_env(s, fd);
	rc = sandbox_wait(pid);
	if (rc != 0 || !s->url) {
		snprintf(err, errlen, "%s is not a running sandbox (warren-sandbox env said %d)", dir,
			 rc);
		sandbox_stop(s);
		return NULL;
	}
	return s;
}

int sandbox_run(const struct sandbox *s, const char *verb, const char *arg)
{
	char *argv[] = {s->script, (char *)verb, s->dir, (char *)arg, NULL};
	pid_t pid = sandbox_spawn(argv, NULL, 0);

	return pid < 0 ? -1 : sandbox_wait(pid);
}

pid_t sandbox_run_async(const struct sandbox *s, const char *verb, const char *arg, int *fd)
{
	char *argv[] = {s->script, (char *)verb, s->dir, (char *)arg, NULL};

	return sandbox_spawn(argv, fd, 1);
}

int sandbox_reap(pid_t pid)
{
	return sandbox_wait(pid);
}

void sandbox_stop(struct sandbox *s)
{
	if (!s)
		return;
	if (s->dir && s->owned)
		sandbox_run(s, "stop", NULL);
	free(s->script);
	free(s->dir);
	free(s->url);
	free(s->mgmt_url);
	free(s);
}
