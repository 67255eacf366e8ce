/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch_out: see batch_out.h.
 *
 * O_NONBLOCK belongs to an open file description, which standard output
 * shares with the shell and whatever else writes to the same pipe or
 * terminal; setting it on fd 1 would make their writes fail. So a pipe or a
 * terminal is opened again through /proc/self/fd/1: a description of our
 * own, non-blocking. A socket is written with MSG_DONTWAIT. A regular file
 * never stalls and keeps fd 1 (its offset and O_APPEND are the shell's).
 * Only without /proc is O_NONBLOCK set on fd 1 itself, and restored.
 */
#include "config.h"

#include "batch_out.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "xmalloc.h"

struct batch_out {
	struct app *a;
	int fd;
	int own_fd;	  /* fd is ours (reopened): close it */
	int old_flags;	  /* fd 1's flags to restore, or -1 */
	int sock;	  /* a socket: send(MSG_DONTWAIT) */
	int watching;	  /* the loop polls fd for POLLOUT */
	int broken;	  /* the reader is gone: lines are dropped */
	int signalled;	  /* a signal came: the last wait is short */
	int finishing;	  /* batch_out_finish is running the loop */
	uint64_t timer;	  /* a flush at the end of this loop turn */
	uint64_t patience; /* the end of the last wait after a signal */
	char *buf;
	size_t off, len, cap; /* bytes off..len wait */
};

static void batch_out_open(struct batch_out *o)
{
	struct stat st;
	int fd, fl;

	o->fd = 1;
	o->old_flags = -1;
	if (fstat(1, &st) < 0 || S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
		return;
	if (S_ISSOCK(st.st_mode)) {
		o->sock = 1;
		return;
	}
	fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0) {
		o->fd = fd;
		o->own_fd = 1;
		return;
	}
	fl = fcntl(1, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK) && fcntl(1, F_SETFL, fl | O_NONBLOCK) == 0)
		o->old_flags = fl;
}

struct batch_out *batch_out_new(struct app *a)
{
	struct batch_out *o = msg_alloc(sizeof *o);

	o->a = a;
	batch_out_open(o);
	return o;
}

size_t batch_out_pending(const struct batch_out *o)
{
	return o->len - o->off;
}

/* A note on stderr that cannot block either (it may be the same pipe). */
static void batch_out_note(const char *text)
{
	struct pollfd p = {.fd = 2, .events = POLLOUT};

	if (poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) && write(2, text, strlen(text)) < 0) {
		/* nowhere left to say it */
	}
}

/* The reader went away (EPIPE) or the output fails: nothing more can be shown, so stop. */
static void batch_out_broken(struct batch_out *o, int err)
{
	char note[256];

	o->broken = 1;
	o->off = o->len = 0;
	snprintf(note, sizeof note,
		 "warren: cannot write standard output (%s): stopping (unacked messages go "
		 "back to the queue)\n",
		 err == EPIPE ? "it was closed" : strerror(err));
	batch_out_note(note);
	app_hold_events(o->a, 0);
	app_quit(o->a, 1);
}

static void batch_out_ready(void *arg, int fd, short revents);

static void batch_out_watch(struct batch_out *o, int on)
{
	if (on == o->watching)
		return;
	o->watching = on;
	if (on)
		loop_add_fd_events(o->a->loop, o->fd, POLLOUT, batch_out_ready, o);
	else
		loop_del_fd(o->a->loop, o->fd);
}

void batch_out_flush(struct batch_out *o)
{
	while (o->off < o->len && !o->broken) {
		size_t n = o->len - o->off;
		ssize_t w = o->sock ? send(o->fd, o->buf + o->off, n, MSG_DONTWAIT | MSG_NOSIGNAL)
				    : write(o->fd, o->buf + o->off, n);

		if (w > 0) {
			o->off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			batch_out_broken(o, errno);
			break;
		}
		break; /* full: wait for POLLOUT */
	}
	if (o->off == o->len)
		o->off = o->len = 0;
	batch_out_watch(o, o->off < o->len);
	if (batch_out_pending(o) <= BATCH_OUT_LOW)
		app_hold_events(o->a, 0);
	if (o->finishing && !batch_out_pending(o))
		loop_quit(o->a->loop, 0);
}

static void batch_out_ready(void *arg, int fd, short revents)
{
	batch_out_flush(arg);
}

static void batch_out_timer(void *arg)
{
	struct batch_out *o = arg;

	o->timer = 0;
	batch_out_flush(o);
}

static void batch_out_add(struct batch_out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap) {
		if (o->off) {
			memmove(o->buf, o->buf + o->off, o->len - o->off);
			o->len -= o->off;
			o->off = 0;
		}
		XGROW(o->buf, o->len + n, o->cap);
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void batch_out_line(struct batch_out *o, const char *line)
{
	if (o->broken)
		return;
	batch_out_add(o, line, strlen(line));
	batch_out_add(o, "\n", 1);
	/* one write for all the lines of this loop turn */
	if (!o->timer && !o->watching)
		o->timer = loop_timer(o->a->loop, 0, batch_out_timer, o);
	if (batch_out_pending(o) > BATCH_OUT_HIGH)
		app_hold_events(o->a, 1);
}

static void batch_out_patience(void *arg)
{
	struct batch_out *o = arg;

	o->patience = 0;
	loop_quit(o->a->loop, 0);
}

void batch_out_signal(struct batch_out *o)
{
	o->signalled = 1;
	if (o->finishing)
		loop_quit(o->a->loop, 0);
}

size_t batch_out_finish(struct batch_out *o)
{
	size_t left;
	char note[160];

	batch_out_flush(o);
	if (batch_out_pending(o)) {
		o->finishing = 1;
		if (o->signalled)
			o->patience = loop_timer(o->a->loop, BATCH_OUT_PATIENCE, batch_out_patience, o);
		loop_run(o->a->loop);
		o->finishing = 0;
		loop_cancel(o->a->loop, o->patience);
		o->patience = 0;
	}
	left = batch_out_pending(o);
	if (left) {
		snprintf(note, sizeof note,
			 "warren: %zu bytes of output were not written: standard output was not "
			 "read\n", left);
		batch_out_note(note);
	}
	return left;
}

void batch_out_free(struct batch_out *o)
{
	if (!o)
		return;
	batch_out_watch(o, 0);
	loop_cancel(o->a->loop, o->timer);
	if (o->own_fd)
		close(o->fd);
	if (o->old_flags >= 0)
		fcntl(1, F_SETFL, o->old_flags);
	free(o->buf);
	free(o);
}
