/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch: see batch.h. Input is read as it comes (a pipe may feed commands
 * slowly); each complete line is queued to the app. When the input ends and
 * the queue is empty, warren quits, unless a consumer without --count is
 * still running: then it goes on like the tutorial's receive.py until
 * Ctrl-C.
 */
#include "config.h"

#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "batch_out.h"
#include "evfmt.h"
#include "xmalloc.h"

struct batch {
	struct app *a;
	int fd;
	int eof;
	int told_running;
	struct batch_out *out;
	char *buf;
	size_t len, cap;
};

/* Every line batch mode prints goes this way: evfmt_line, then batch_out. */
static void batch_entry(struct app *a, struct log_entry *e)
{
	struct batch *b = a->view_data;
	char *s = evfmt_line(e, a->opt.json);

	batch_out_line(b->out, s);
	free(s);
}

static void batch_changed(struct app *a)
{
	struct batch *b = a->view_data;

	batch_out_flush(b->out);
}

/* SIGINT, SIGTERM...: main quits (return 0); the output must not keep warren. */
static int batch_signal(struct app *a, int signo)
{
	struct batch *b = a->view_data;

	if (signo != SIGWINCH)
		batch_out_signal(b->out);
	return 0;
}

static int batch_consuming_forever(struct app *a)
{
	size_t i;

	for (i = 0; i < a->model.nconsumers; i++) {
		struct model_consumer *c = a->model.consumers[i];

		if (model_consumer_active(c) && !c->limit)
			return 1;
	}
	return 0;
}

static void batch_idle(struct app *a)
{
	struct batch *b = a->view_data;

	batch_out_flush(b->out);
	if (!b->eof || a->quitting || a->jobs.bg)
		return; /* a lesson going on in the background keeps the session */
	if (batch_consuming_forever(a)) {
		if (!b->told_running) {
			app_out(a, LOG_INFO,
				"info: input ended; still consuming: press Ctrl-C to stop "
				"(unacked messages then go back to the queue)");
			b->told_running = 1;
		}
		return;
	}
	app_quit(a, a->jobs.failures ? 1 : 0);
}

static const struct app_view batch_view = {
	.entry = batch_entry,
	.changed = batch_changed,
	.idle = batch_idle,
	.signal = batch_signal,
};

static void batch_feed(struct batch *b, int final)
{
	char *start = b->buf, *nl;

	while ((nl = memchr(start, '\n', b->len - (size_t)(start - b->buf)))) {
		*nl = 0;
		app_submit(b->a, start);
		start = nl + 1;
	}
	b->len -= (size_t)(start - b->buf);
	memmove(b->buf, start, b->len);
	if (final && b->len) {
		b->buf[b->len] = 0;
		app_submit(b->a, b->buf);
		b->len = 0;
	}
}

static void batch_read(void *arg, int fd, short revents)
{
	struct batch *b = arg;
	ssize_t n;

	if (b->cap - b->len < 4096) {
		b->cap = b->cap ? b->cap * 2 : 65536;
		b->buf = xreallocarray(b->buf, b->cap + 1, 1);
	}
	n = read(fd, b->buf + b->len, b->cap - b->len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		batch_feed(b, 1);
		b->eof = 1;
		loop_del_fd(b->a->loop, fd);
		if (!job_queue_busy(b->a))
			batch_idle(b->a);
		return;
	}
	b->len += (size_t)n;
	batch_feed(b, 0);
}

static int batch_script(struct batch *b, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		fprintf(stderr, "warren: cannot read script %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[n - 1] = 0;
		app_submit(b->a, line);
	}
	free(line);
	fclose(f);
	return 0;
}

int batch_run(struct app *a, const struct batch_input *in)
{
	struct batch b = {0};
	int code;

	b.a = a;
	b.out = batch_out_new(a);
	a->view = &batch_view;
	a->view_data = &b;
	if (in->commands)
		app_submit(a, in->commands);
	if (in->script && batch_script(&b, in->script) < 0) {
		batch_out_free(b.out);
		return 2;
	}
	if (in->use_stdin)
		loop_add_fd(a->loop, 0, batch_read, &b);
	else
		b.eof = 1;
	code = loop_run(a->loop);
	if (!b.eof)
		loop_del_fd(a->loop, 0); /* no more commands: only the output is left */
	if (batch_out_finish(b.out) && !code)
		code = 1;
	batch_out_free(b.out);
	b.out = NULL;
	a->view = NULL;
	free(b.buf);
	return code;
}
