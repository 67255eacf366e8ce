/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane_messages: the live log. Deliveries show their ack status as it
 * changes; returns, command results and notices are lines of their own,
 * errors in their colour. Paused, the view stays where it is while the log
 * keeps counting underneath.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "evfmt.h"
#include "pane.h"
#include "tui.h"

static size_t pane_messages_count(struct pane *p)
{
	return model_log_count(&p->app->model);
}

static enum tui_color pane_messages_status_color(enum msg_status s)
{
	switch (s) {
	case MSG_PENDING: return TUI_PENDING;
	case MSG_ACKED: return TUI_ACKED;
	case MSG_AUTO: return TUI_AUTO;
	case MSG_REQUEUED: return TUI_REQUEUED;
	default: return TUI_BAD;
	}
}

static enum tui_color pane_messages_level_color(enum log_level l)
{
	return l == LOG_ERROR ? TUI_ERROR : l == LOG_WARN ? TUI_WARN : l == LOG_OK ? TUI_OK : TUI_DIM;
}

static void pane_messages_delivery(WINDOW *w, int y, int cols, const struct log_entry *e)
{
	const struct msg_delivery *d = e->msg;
	char when[16], key[512];
	time_t t = (time_t)d->time;
	struct tm tm;
	int x = 0;

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	x = tui_cellf(w, y, x, 9, "%s", when);
	if (e->kind == LOG_RETURN) {
		tui_attr(w, TUI_WARN, 1);
		x = tui_cellf(w, y, x, 29, "returned %d", d->reply_code);
		tui_attr(w, TUI_WARN, 0);
	} else {
		x = tui_cellf(w, y, x, 9, "#%llu", (unsigned long long)d->id);
		x = tui_cell(w, y, x, 9, d->consumer[0] ? d->consumer : "(get)");
		tui_attr(w, pane_messages_status_color(d->status), 1);
		x = tui_cell(w, y, x, 9, msg_status_name(d->status));
		tui_attr(w, pane_messages_status_color(d->status), 0);
		tui_attr(w, TUI_WARN, d->redelivered);
		x = tui_cell(w, y, x, 2, d->redelivered ? "R" : " ");
		tui_attr(w, TUI_WARN, 0);
	}
	snprintf(key, sizeof key, "%s%s%s", d->exchange, d->exchange[0] ? "/" : "", d->routing_key);
	x = tui_cell(w, y, x, 16, key);
	if (cols > x)
		tui_cell_bytes(w, y, x, cols - x, d->body, d->body_len);
}

static void pane_messages_draw_row(struct pane *p, WINDOW *w, int y, int cols, size_t i)
{
	const struct log_entry *e = model_log_at(&p->app->model, i);
	char *s;

	if (e->kind == LOG_DELIVERY || e->kind == LOG_RETURN) {
		pane_messages_delivery(w, y, cols, e);
		return;
	}
	s = evfmt_text(e, (size_t)cols);
	tui_attr(w, pane_messages_level_color(e->level), 1);
	tui_put(w, y, 0, cols, s);
	tui_attr(w, pane_messages_level_color(e->level), 0);
	free(s);
}

static void pane_messages_header(struct pane *p, WINDOW *w, int y, int cols)
{
	int x = 0;

	x = tui_cell(w, y, x, 9, "time");
	x = tui_cell(w, y, x, 9, "msg");
	x = tui_cell(w, y, x, 9, "consumer");
	x = tui_cell(w, y, x, 9, "status");
	x = tui_cell(w, y, x, 2, "R");
	x = tui_cell(w, y, x, 16, "exchange/key");
	tui_cell(w, y, x, cols - x, "body");
}

static int pane_messages_match(struct pane *p, size_t i, const char *f)
{
	const struct log_entry *e = model_log_at(&p->app->model, i);
	const struct msg_delivery *d = e->msg;
	char num[32];

	if (!d)
		return e->text && strstr(e->text, f);
	snprintf(num, sizeof num, "#%llu", (unsigned long long)d->id);
	return strstr(d->routing_key, f) || strstr(d->exchange, f) || strstr(d->consumer, f) ||
	       !strcmp(num, f) || strstr(msg_status_name(d->status), f) ||
	       memmem(d->body, d->body_len, f, strlen(f));
}

const struct pane_ops pane_messages_ops = {
	.name = "Messages",
	.count = pane_messages_count,
	.header = pane_messages_header,
	.row = pane_messages_draw_row,
	.match = pane_messages_match,
};
