/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_overlay: full-screen views over the panes: the key help (F1) and the
 * detail of one message (Enter on it, or `show message N`): properties,
 * headers, and the body as text, hex or pretty JSON. The message's status
 * stays live while it is open.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "console.h"
#include "dist.h"
#include "text.h"
#include "tui_int.h"
#include "xmalloc.h"

const struct log_entry *tui_detail_entry(struct tui *t)
{
	const struct model *m = &t->a->model;
	const struct log_entry *e = model_log_at(m, model_log_seq_index(m, t->detail_seq));

	return e && e->seq == t->detail_seq ? e : NULL;
}

void tui_overlay_close(struct tui *t)
{
	t->overlay = TUI_OVERLAY_NONE;
	detail_free(&t->detail);
	free(t->dist_queue);
	t->dist_queue = NULL;
}

void tui_overlay_open(struct tui *t, enum tui_overlay which)
{
	tui_overlay_close(t);
	t->overlay = which;
	t->ov_top = 0;
	tui_dirty(t);
}

int tui_detail_open(struct app *a, uint64_t id, uint64_t seq)
{
	struct tui *t = a->view_data;
	const struct log_entry *e = NULL;

	if (!tui_active(a))
		return -1;
	if (id)
		e = ring_find_msg(&a->model.log, id);
	else {
		t->detail_seq = seq;
		e = tui_detail_entry(t);
	}
	if (!e || !e->msg)
		return -1;
	tui_overlay_open(t, TUI_OVERLAY_DETAIL);
	t->detail_seq = e->seq;
	t->detail_mode = detail_default_mode(e->msg);
	return 0;
}

int tui_detail_show(struct app *a, uint64_t id, int mode)
{
	struct tui *t = a->view_data;

	if (tui_detail_open(a, id, 0) < 0)
		return -1;
	t->detail_mode = (enum detail_body)mode;
	detail_free(&t->detail);
	tui_dirty(t);
	return 0;
}

int tui_dist_open(struct app *a, const char *queue)
{
	struct tui *t = a->view_data;

	if (!tui_active(a))
		return -1;
	tui_overlay_open(t, TUI_OVERLAY_DIST);
	t->dist_queue = msg_strdup(queue);
	return 0;
}

/* The distribution view is rebuilt on every draw: it is live. */
static void tui_overlay_dist(struct tui *t)
{
	struct dist_row *rows;
	size_t n = dist_build(t->a, t->dist_queue, &rows), i;
	char *queue = t->dist_queue ? text_safe(t->dist_queue, strlen(t->dist_queue), 0, 0) : NULL;

	detail_free(&t->detail);
	t->detail.cap = n + 4;
	t->detail.v = msg_alloc(t->detail.cap * sizeof *t->detail.v);
	t->detail.v[t->detail.n++] =
		msg_printf("Distribution of %s%s over its consumers (messages received, unacked "
			   "against prefetch, the message numbers each got)",
			   queue ? "queue " : "", queue ? queue : "every queue");
	free(queue);
	t->detail.v[t->detail.n++] = msg_strdup("");
	for (i = 0; i < n; i++)
		t->detail.v[t->detail.n++] = dist_line(&rows[i], rows, n, t->cols);
	if (!n)
		t->detail.v[t->detail.n++] = msg_strdup("  no consumers yet: try 'worker add QUEUE'");
	dist_free(rows, n);
}

void tui_overlay_row(struct tui *t, const struct log_entry *e)
{
	if (e->kind != LOG_ROW)
		return;
	if (!t->list.n || e->job != t->list_job) {
		/* another job's table: it replaces the last one, over the panes */
		detail_free(&t->list);
		t->list_job = e->job;
		if (t->overlay == TUI_OVERLAY_NONE || t->overlay == TUI_OVERLAY_LIST) {
			t->overlay = TUI_OVERLAY_LIST;
			t->ov_top = 0;
		}
	}
	XGROW(t->list.v, t->list.n + 1, t->list.cap);
	t->list.v[t->list.n++] = msg_strdup(e->text ? e->text : "");
}

static void tui_overlay_lines(struct tui *t, const char *const **lines, size_t *n)
{
	const struct log_entry *e;

	if (t->overlay == TUI_OVERLAY_LIST) {
		*lines = (const char *const *)t->list.v;
		*n = t->list.n;
		return;
	}

	if (t->overlay == TUI_OVERLAY_DIST) {
		tui_overlay_dist(t);
		*lines = (const char *const *)t->detail.v;
		*n = t->detail.n;
		return;
	}

	if (t->overlay == TUI_OVERLAY_HELP) {
		size_t k = 0;

		while (tui_keys_help[k])
			k++;
		*lines = tui_keys_help;
		*n = k;
		return;
	}
	e = tui_detail_entry(t);
	if (!e) {
		static const char *const gone[] = {"this message has left the log (it keeps the "
						    "newest --log-size entries)"};

		*lines = gone;
		*n = 1;
		return;
	}
	/* rebuilt when the status or the body view changes */
	if (!t->detail.n || t->detail_status != e->msg->status) {
		detail_free(&t->detail);
		detail_build(e->msg, t->detail_mode, &t->detail);
		t->detail_status = e->msg->status;
	}
	*lines = (const char *const *)t->detail.v;
	*n = t->detail.n;
}

void tui_overlay_draw(struct tui *t)
{
	const char *const *lines;
	size_t n, i;
	int body = tui_body_rows(t) - 1;
	const char *title = t->overlay == TUI_OVERLAY_HELP   ? " Help  (Esc closes)"
			    : t->overlay == TUI_OVERLAY_DIST ? " Distribution  (live; Esc closes)"
			    : t->overlay == TUI_OVERLAY_LIST ? " Broker view  (arrows scroll; Esc closes)"
							     : " Message detail  (Tab: text/hex/json, "
							       "F2 ack, F3 nack, F4 reject, Esc closes)";

	tui_overlay_lines(t, &lines, &n);
	if (n > (size_t)body && t->ov_top > n - (size_t)body)
		t->ov_top = n - (size_t)body;
	if (n <= (size_t)body)
		t->ov_top = 0;
	tui_attr(stdscr, TUI_TITLE_FOCUS, 1);
	mvhline(0, 0, ' ', t->cols);
	tui_put(stdscr, 0, 0, t->cols, title);
	tui_attr(stdscr, TUI_TITLE_FOCUS, 0);
	for (i = 0; i < (size_t)body && t->ov_top + i < n; i++) {
		const char *l = lines[t->ov_top + i];
		int heading = t->overlay == TUI_OVERLAY_DETAIL && l[0] && l[0] != ' ';

		if (heading)
			attron(A_BOLD);
		tui_put(stdscr, 1 + (int)i, 0, t->cols, l);
		if (heading)
			attroff(A_BOLD);
	}
}

/* An overlay's own keys: scrolling, Esc, settling the message shown; 0 when it is not one. */
static int tui_overlay_key(struct tui *t, enum tui_action act)
{
	int body = tui_body_rows(t) - 1;

	switch (act) {
	case TUI_ACT_ESCAPE:
	case TUI_ACT_HELP: tui_overlay_close(t); return 1;
	case TUI_ACT_QUIT: tui_overlay_close(t); app_quit(t->a, 0); return 1;
	case TUI_ACT_UP: if (t->ov_top) t->ov_top--; return 1;
	case TUI_ACT_DOWN: t->ov_top++; return 1;
	case TUI_ACT_PGUP: t->ov_top = t->ov_top > (size_t)body ? t->ov_top - (size_t)body : 0; return 1;
	case TUI_ACT_PGDN: t->ov_top += (size_t)body; return 1;
	case TUI_ACT_HOME: t->ov_top = 0; return 1;
	case TUI_ACT_END: t->ov_top = (size_t)-1 / 2; return 1;
	case TUI_ACT_ACK: tui_settle_selected(t, "ack"); return 1;
	case TUI_ACT_NACK: tui_settle_selected(t, "nack"); return 1;
	case TUI_ACT_REJECT: tui_settle_selected(t, "reject"); return 1;
	case TUI_ACT_TAB:
		/* Tab cycles the body's view, unless a command is being typed (completion) */
		if (t->overlay != TUI_OVERLAY_DETAIL || console_line_length())
			return 0;
		t->detail_mode = (enum detail_body)((t->detail_mode + 1) % DETAIL_NMODES);
		detail_free(&t->detail);
		return 1;
	default: return 0;
	}
}

/*
 * Keys while an overlay is open: its own keys move it (or close it); every
 * other key goes to the command line, which stays live under the overlay,
 * so typing a command never depends on what is open.
 */
void tui_overlay_input(struct tui *t, const unsigned char *buf, size_t n)
{
	while (n && t->overlay) {
		enum tui_action act;
		int ch;
		size_t used = tui_keys_parse(buf, n, &act, &ch);

		if (!tui_overlay_key(t, act))
			console_feed(buf, used);
		buf += used;
		n -= used;
	}
	if (n) /* the overlay closed: the rest is the command line's */
		console_feed(buf, n);
	tui_draw(t);
}
