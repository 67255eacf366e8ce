/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile_secret: a profile's password from a command (password-command)
 * or a file (password-file): the first line, without its newline.
 *
 * The command is the user's own line from their own config, run with
 * /bin/sh -c; nothing of warren's (a profile's name, a URL) is ever put
 * into it. It runs with stdin from /dev/null (a script on warren's stdin
 * must not be eaten), its output captured (the dashboard's screen stays
 * whole), an empty signal mask (the UI thread blocks signals for its
 * signalfd), in a process group of its own, and is killed after
 * PROFILE_SECRET_TIMEOUT seconds: a command that waits for a prompt
 * nobody sees must not hang warren.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "profile.h"
#include "sandbox.h"
#include "text.h"

#define PROFILE_SECRET_TIMEOUT 30.0
#define PROFILE_SECRET_MAX 65536 /* of each output kept */

extern char **environ;

struct profile_out {
	int fd;
	char buf[PROFILE_SECRET_MAX];
	size_t len;
};

static double profile_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t profile_spawn(const char *cmd, int out, int err)
{
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	pid_t pid;
	int r;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all); /* SIGPIPE is ignored in warren */
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
					      POSIX_SPAWN_SETPGROUP);
	r = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (r) {
		errno = r;
		return -1;
	}
	return pid;
}

/* Read both outputs until they close or the time is up; 0, or -1 on timeout. */
static int profile_collect(struct profile_out *o, int n)
{
	double end = profile_now() + PROFILE_SECRET_TIMEOUT;
	struct pollfd pfd[2];
	int open = n, i;

	while (open) {
		double left = end - profile_now();

		if (left <= 0)
			return -1;
		for (i = 0; i < n; i++) {
			pfd[i].fd = o[i].fd;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)n, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < n; i++) {
			char chunk[4096], *into = o[i].len < sizeof o[i].buf - 1 ? o[i].buf + o[i].len
									       : chunk;
			size_t room = into == chunk ? sizeof chunk : sizeof o[i].buf - 1 - o[i].len;
			ssize_t k;

			if (o[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			k = read(o[i].fd, into, room);
			if (k > 0 && into != chunk)
				o[i].len += (size_t)k;
			if (k == 0 || (k < 0 && errno != EINTR && errno != EAGAIN)) {
				close(o[i].fd);
				o[i].fd = -1;
				open--;
			}
			explicit_bzero(chunk, sizeof chunk);
		}
	}
	return 0;
}

/* The first line of buf (len bytes), or NULL when it is empty. */
static char *profile_first_line(const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && buf[n] != '\n' && buf[n] != '\0')
		n++;
	if (n && buf[n - 1] == '\r')
		n--;
	return n ? msg_printf("%.*s", (int)n, buf) : NULL;
}

/* Why it failed, with the first line of what it said on stderr. */
static void profile_cmd_error(const struct profile_out *e, const char *what, char *err,
			      size_t errlen)
{
	char *line = profile_first_line(e->buf, e->len);
	char *safe = line ? text_safe(line, strlen(line), 160, 0) : NULL;

	snprintf(err, errlen, "%s%s%s", what, safe ? ": " : "", safe ? safe : "");
	free(line);
	free(safe);
}

char *profile_secret_command(const char *cmd, char *err, size_t errlen)
{
	struct profile_out *o = msg_alloc(2 * sizeof *o);
	int out[2], errp[2], status, timed_out;
	char what[128], *pw = NULL;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		free(o);
		return NULL;
	}
	pid = profile_spawn(cmd, out[1], errp[1]);
	close(out[1]);
	close(errp[1]);
	o[0].fd = out[0];
	o[1].fd = errp[0];
	if (pid < 0) {
		snprintf(err, errlen, "cannot run /bin/sh: %s", strerror(errno));
		close(out[0]);
		close(errp[0]);
		free(o);
		return NULL;
	}
	timed_out = profile_collect(o, 2) < 0;
	if (timed_out)
		kill(-pid, SIGKILL);
	if (o[0].fd >= 0)
		close(o[0].fd);
	if (o[1].fd >= 0)
		close(o[1].fd);
	status = sandbox_reap(pid); /* waitpid, as for the sandbox's children */
	if (timed_out)
		snprintf(err, errlen, "gave no answer within %g s (it must not wait for input: its "
				      "stdin is /dev/null)", PROFILE_SECRET_TIMEOUT);
	else if (status != 0) {
		snprintf(what, sizeof what, "failed with exit status %d", status);
		profile_cmd_error(&o[1], what, err, errlen);
	} else if (!(pw = profile_first_line(o[0].buf, o[0].len)))
		profile_cmd_error(&o[1], "printed no password (its first line is empty)", err,
				  errlen);
	explicit_bzero(o, 2 * sizeof *o);
	free(o);
	return pw;
}

char *profile_secret_file(const char *path, char *err, size_t errlen)
{
	char buf[4096], *pw;
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	pw = profile_first_line(buf, n);
	explicit_bzero(buf, sizeof buf);
	if (!pw)
		snprintf(err, errlen, "%s: its first line is empty", path);
	return pw;
}
