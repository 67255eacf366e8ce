/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui: the dashboard.
 *
 * Everything is drawn on stdscr from the model, at most ~30 times a second
 * (a dirty flag and a timer coalesce the redraws a message flood asks for);
 * a keystroke redraws only the command line, at once. Keys that are not
 * typing (F-keys, arrows) are bound in readline and come back through
 * tui_key, so the line being typed is never disturbed.
 */
#include "config.h"

#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <readline/readline.h>

#include "app.h"
#include "console.h"
#include "detail.h"
#include "pane.h"
#include "text.h"
#include "tui_int.h"
#include "uri.h"
#include "xmalloc.h"

#define TUI_FRAME (1.0 / 30)
#define TUI_MIN_ROWS 24
#define TUI_MIN_COLS 80

static const struct app_view tui_view;

/* ---- small accessors ---------------------------------------------------- */

static struct tui *tui_of(const struct app *a)
{
	return a->view == &tui_view ? a->view_data : NULL;
}

int tui_active(const struct app *a)
{
	return tui_of(a) != NULL;
}

enum view_sort tui_sort_key(const struct app *a)
{
	struct tui *t = tui_of(a);

	return t ? t->sort : VIEW_SORT_NAME;
}

/* ---- redraw scheduling ------------------------------------------------- */

static void tui_redraw_cb(void *arg)
{
	struct tui *t = arg;

	t->redraw_timer = 0;
	tui_draw(t);
}

void tui_dirty(struct tui *t)
{
	double wait;

	if (t->redraw_timer)
		return;
	wait = t->last_draw + TUI_FRAME - loop_now();
	t->redraw_timer = loop_timer(t->a->loop, wait > 0 ? wait : 0, tui_redraw_cb, t);
}

/* ---- layout ------------------------------------------------------------ */

int tui_class_layout(const struct tui *t)
{
	if (t->layout == TUI_LAYOUT_AUTO)
		return t->nar_on && t->cols <= 100;
	return t->layout == TUI_LAYOUT_CLASS;
}

static int tui_set_layout(struct app *a, int mode)
{
	struct tui *t = tui_of(a);

	t->layout = mode < 0 ? TUI_LAYOUT_AUTO : mode ? TUI_LAYOUT_CLASS : TUI_LAYOUT_NORMAL;
	tui_layout(t);
	tui_dirty(t);
	return tui_class_layout(t);
}

int tui_body_rows(const struct tui *t)
{
	return t->rows - 1 - tui_narrate_height(t);
}

/*
 * The panes over the rows the status bar, the narration box and the
 * command line leave. The class layout (a lesson on a projector-sized
 * screen) folds the Connections pane to its title line and gives the
 * Messages pane the room.
 */
void tui_layout(struct tui *t)
{
	int avail = tui_body_rows(t) - 1, ch, mh;

	t->too_small = t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
	ch = avail * 16 / 100;
	if (ch < 4)
		ch = 4;
	mh = avail * 32 / 100;
	if (mh < 7)
		mh = 7;
	if (tui_class_layout(t)) {
		ch = 1;
		mh = avail * 40 / 100 < 6 ? 6 : avail * 40 / 100;
	}
	if (ch + mh > avail - 3)
		mh = avail - 3 - ch > 3 ? avail - 3 - ch : 3;
	t->geo[TUI_CONNS] = (struct tui_geo){1, 0, ch, t->cols};
	t->geo[TUI_QUEUES] = (struct tui_geo){1 + ch, 0, mh, t->cols / 2};
	t->geo[TUI_CONSUMERS] = (struct tui_geo){1 + ch, t->cols / 2, mh, t->cols - t->cols / 2};
	t->geo[TUI_MESSAGES] = (struct tui_geo){1 + ch + mh, 0, avail - ch - mh, t->cols};
}

static void tui_resize(struct tui *t)
{
	struct winsize ws;

	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
		resizeterm(ws.ws_row, ws.ws_col);
		t->rows = ws.ws_row;
		t->cols = ws.ws_col;
	} else {
		t->rows = LINES;
		t->cols = COLS;
	}
	rl_set_screen_size(t->rows, t->cols);
	tui_narrate_resize(t);
	tui_layout(t);
	clearok(stdscr, TRUE);
	tui_draw(t);
}

/* ---- the status bar ---------------------------------------------------- */

static void tui_draw_status(struct tui *t)
{
	const struct model *m = &t->a->model;
	char clock[16], where[512] = "(not connected)", state[512], right[512];
	time_t now = time(NULL);
	struct tm tm;
	struct uri u;
	char err[64];
	int rw, x, sw;
	enum tui_color c = m->conn_state == CONN_UP	  ? TUI_OK
			   : m->conn_state == CONN_DOWN ? TUI_ERROR
							: TUI_WARN;

	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	if (m->url && uri_parse(m->url, &u, err, sizeof err) == 0) {
		snprintf(where, sizeof where, "%s://%s%s@%s:%d  vhost %s",
			 uri_is_tls(&u) ? "amqps" : "amqp", u.user, u.has_password ? ":***" : "",
			 u.hosts[0].host, u.hosts[0].port, u.vhost);
		uri_free(&u);
	}
	if (m->conn_state == CONN_UP)
		snprintf(state, sizeof state, " up %s ", m->node ? m->node : "");
	else
		snprintf(state, sizeof state, " %s%s%s ", msg_conn_state_name(m->conn_state),
			 m->reason ? ": " : "", m->reason ? m->reason : "");
	snprintf(right, sizeof right, "%s%s  in %.0f/s  out %.0f/s  %s ",
		 m->mgmt_error ? "  mgmt: " : "", m->mgmt_error ? m->mgmt_error : "", m->rate_in,
		 m->rate_out, clock);
	rw = (int)text_width(right);
	if (rw > t->cols / 2)
		rw = t->cols / 2;
	tui_attr(stdscr, TUI_TITLE, 1);
	mvhline(0, 0, ' ', t->cols);
	tui_put(stdscr, 0, 0, 8, " warren ");
	tui_put(stdscr, 0, t->cols - rw, rw, right);
	tui_attr(stdscr, TUI_TITLE, 0);
	/* the connection state in its colour, then where */
	sw = (int)text_width(state);
	if (sw > (t->cols - rw - 8) / 2)
		sw = (t->cols - rw - 8) / 2;
	tui_attr(stdscr, c, 1);
	attron(A_REVERSE | A_BOLD);
	x = tui_cell(stdscr, 0, 8, sw, state);
	attroff(A_REVERSE | A_BOLD);
	tui_attr(stdscr, c, 0);
	tui_attr(stdscr, TUI_TITLE, 1);
	if (t->cols - rw - x > 0)
		tui_cellf(stdscr, 0, x, t->cols - rw - x, " %s", where);
	tui_attr(stdscr, TUI_TITLE, 0);
}

/* ---- panes ------------------------------------------------------------- */

/* The rows a pane shows now: paused and filtered. */
static void tui_pane_rows(struct pane *p)
{
	size_t n = p->ops->count(p), i;

	if (p->paused && p == &((struct tui *)p->app->view_data)->panes[TUI_MESSAGES]) {
		size_t upto = model_log_seq_index(&p->app->model, p->paused_seq + 1);

		n = upto < n ? upto : n;
	}
	XGROW(p->rows, n, p->rows_cap);
	p->nrows = 0;
	for (i = 0; i < n; i++)
		if (!p->filter[0] || !p->ops->match || p->ops->match(p, i, p->filter))
			p->rows[p->nrows++] = i;
}

static void tui_pane_clamp(struct pane *p, int body)
{
	if (p->follow || (p->nrows && p->sel >= p->nrows))
		p->sel = p->nrows ? p->nrows - 1 : 0;
	if (p->sel < p->top)
		p->top = p->sel;
	if (body > 0 && p->sel >= p->top + (size_t)body)
		p->top = p->sel - (size_t)body + 1;
	if (p->nrows <= (size_t)body)
		p->top = 0;
	else if (p->top + (size_t)body > p->nrows)
		p->top = p->nrows - (size_t)body;
}

static void tui_draw_pane(struct tui *t, int k)
{
	struct pane *p = &t->panes[k];
	const struct tui_geo *g = &t->geo[k];
	WINDOW *w = stdscr;
	int body = g->h - 2, i, focused = t->focus == k;
	char title[512];
	size_t total;

	if (g->h < 1 || g->w < 4)
		return;
	if (p->ops->prepare)
		p->ops->prepare(p);
	tui_pane_rows(p);
	total = p->ops->count(p);
	tui_pane_clamp(p, body);
	snprintf(title, sizeof title, " %s%s (%zu%s%zu)%s%s%s%s%s", focused ? "▶ " : "",
		 p->ops->name, p->nrows, p->nrows != total ? " of " : "",
		 p->nrows != total ? total : 0, p->filter[0] ? "  filter: " : "", p->filter,
		 p->paused ? "  PAUSED" : "",
		 k == TUI_QUEUES && t->sort != VIEW_SORT_NAME ? "  sort: " : "",
		 k == TUI_QUEUES && t->sort != VIEW_SORT_NAME ? view_sort_name(t->sort) : "");
	if (p->nrows == total)
		snprintf(title, sizeof title, " %s%s (%zu)%s%s%s%s%s", focused ? "▶ " : "",
			 p->ops->name, total, p->filter[0] ? "  filter: " : "", p->filter,
			 p->paused ? "  PAUSED" : "",
			 k == TUI_QUEUES && t->sort != VIEW_SORT_NAME ? "  sort: " : "",
			 k == TUI_QUEUES && t->sort != VIEW_SORT_NAME ? view_sort_name(t->sort) : "");
	if (p->paused) {
		const struct log_entry *last = model_log_at(&t->a->model, model_log_count(&t->a->model) - 1);
		size_t len = strlen(title);

		if (last && last->seq > p->paused_seq)
			snprintf(title + len, sizeof title - len, ", %llu new",
				 (unsigned long long)(last->seq - p->paused_seq));
	}
	tui_attr(w, focused ? TUI_TITLE_FOCUS : TUI_TITLE, 1);
	mvwhline(w, g->y, g->x, ' ', g->w);
	tui_put(w, g->y, g->x, g->w, title);
	tui_attr(w, focused ? TUI_TITLE_FOCUS : TUI_TITLE, 0);
	if (g->h < 2)
		return; /* folded to its title (the class layout) */
	if (p->ops->header) {
		WINDOW *sub = derwin(w, 1, g->w, g->y + 1, g->x);

		if (sub) {
			tui_draw_window(sub);
			wattron(sub, A_UNDERLINE);
			p->ops->header(p, sub, 0, g->w - 1);
			wattroff(sub, A_UNDERLINE);
			delwin(sub);
		}
	}
	for (i = 0; i < body && p->top + (size_t)i < p->nrows; i++) {
		WINDOW *sub = derwin(w, 1, g->w, g->y + 2 + i, g->x);
		int selected = (focused || (!p->follow && k == TUI_MESSAGES)) &&
			       p->top + (size_t)i == p->sel;

		if (!sub)
			continue;
		tui_draw_window(sub);
		p->ops->row(p, sub, 0, g->w - 1, p->rows[p->top + (size_t)i]);
		if (selected)
			mvwchgat(sub, 0, 0, -1, A_REVERSE, 0, NULL);
		delwin(sub);
	}
}

static void tui_draw_matches(struct tui *t)
{
	const char *const *m;
	int n = console_matches(&m), i, width = 0, per, lines, rows;
	const struct tui_geo *g = &t->geo[TUI_MESSAGES];

	if (!n)
		return;
	for (i = 0; i < n; i++)
		if ((int)text_width(m[i]) > width)
			width = (int)text_width(m[i]);
	width += 2;
	if (width > t->cols)
		width = t->cols;
	per = t->cols / width;
	if (per < 1)
		per = 1;
	lines = (n + per - 1) / per;
	rows = g->h - 1 < 8 ? g->h - 1 : 8;
	if (lines > rows)
		lines = rows;
	for (i = 0; i < lines; i++) {
		int y = tui_body_rows(t) - lines + i, c;

		tui_attr(stdscr, TUI_SELECT, 1);
		mvhline(y, 0, ' ', t->cols);
		for (c = 0; c < per && i * per + c < n; c++) {
			if (i == lines - 1 && c == per - 1 && n > lines * per)
				tui_cellf(stdscr, y, c * width, width, "… %d more", n - lines * per + 1);
			else
				tui_cell(stdscr, y, c * width, width, m[i * per + c]);
		}
		tui_attr(stdscr, TUI_SELECT, 0);
	}
}

static void tui_draw_small(struct tui *t)
{
	char msg[256];

	snprintf(msg, sizeof msg,
		 "warren needs a terminal of at least %dx%d; this one is %dx%d. Enlarge it "
		 "(commands still work below).",
		 TUI_MIN_COLS, TUI_MIN_ROWS, t->cols, t->rows);
	tui_attr(stdscr, TUI_WARN, 1);
	mvaddstr(0, 0, "");
	{
		int y = 0, len = (int)strlen(msg), off = 0;

		while (off < len && y < t->rows - 1) {
			tui_put(stdscr, y++, 0, t->cols, msg + off);
			off += t->cols;
		}
	}
	tui_attr(stdscr, TUI_WARN, 0);
}

void tui_draw(struct tui *t)
{
	int k;

	t->last_draw = loop_now();
	erase();
	if (t->too_small) {
		tui_draw_small(t);
	} else if (t->overlay) {
		tui_overlay_draw(t);
		tui_narrate_draw(t);
	} else {
		tui_draw_status(t);
		for (k = 0; k < TUI_NPANES; k++)
			tui_draw_pane(t, k);
		tui_narrate_draw(t);
		tui_draw_matches(t);
	}
	console_draw(stdscr, t->rows - 1, t->cols);
	refresh();
}

/* Just the command line: the fast path for typing. */
static void tui_redisplay(struct app *a)
{
	struct tui *t = tui_of(a);
	const char *const *m;

	if (!t)
		return;
	if (console_matches(&m) || t->had_matches) {
		t->had_matches = console_matches(&m) > 0;
		tui_draw(t);
		return;
	}
	console_draw(stdscr, t->rows - 1, t->cols);
	refresh();
}

/* ---- actions ----------------------------------------------------------- */

struct pane *tui_focused(struct tui *t)
{
	return t->focus >= 0 ? &t->panes[t->focus] : NULL;
}

/* The message selected in the Messages pane: the nearest one at or above the selection. */
const struct log_entry *tui_selected_entry(struct tui *t)
{
	struct pane *p = &t->panes[TUI_MESSAGES];
	size_t i;

	if (!p->nrows)
		return NULL;
	for (i = p->sel < p->nrows ? p->sel + 1 : p->nrows; i-- > 0;) {
		const struct log_entry *e = model_log_at(&t->a->model, p->rows[i]);

		if (e && e->msg)
			return e;
	}
	return NULL;
}

void tui_settle_selected(struct tui *t, const char *verb)
{
	const struct log_entry *e = t->overlay == TUI_OVERLAY_DETAIL ? tui_detail_entry(t)
								     : tui_selected_entry(t);
	char num[32];
	const char *arg = num;

	if (!e || e->kind != LOG_DELIVERY || e->msg->status != MSG_PENDING) {
		app_error(t->a, "%s: select a pending message first (F6 to focus the Messages "
				"pane, arrows to select it)", verb);
		return;
	}
	snprintf(num, sizeof num, "%llu", (unsigned long long)e->msg->id);
	app_run_cmd(t->a, verb, 1, &arg);
}

static void tui_focus(struct tui *t, int dir)
{
	t->focus += dir;
	if (t->focus >= TUI_NPANES)
		t->focus = -1;
	else if (t->focus < -1)
		t->focus = TUI_NPANES - 1;
	tui_dirty(t);
}

static void tui_nav(struct tui *t, struct pane *p, enum tui_action act)
{
	int body = t->geo[p - t->panes].h - 2;

	if (body < 1)
		body = 1;
	p->follow = 0;
	switch (act) {
	case TUI_ACT_UP: if (p->sel) p->sel--; break;
	case TUI_ACT_DOWN: p->sel++; break;
	case TUI_ACT_PGUP: p->sel = p->sel > (size_t)body ? p->sel - (size_t)body : 0; break;
	case TUI_ACT_PGDN: p->sel += (size_t)body; break;
	case TUI_ACT_HOME: p->sel = 0; break;
	case TUI_ACT_END: p->follow = p == &t->panes[TUI_MESSAGES]; p->sel = (size_t)-1; break;
	default: break;
	}
	if (p->nrows && p->sel >= p->nrows) {
		p->sel = p->nrows - 1;
		if (p == &t->panes[TUI_MESSAGES] && act == TUI_ACT_DOWN)
			p->follow = 1;
	}
	tui_dirty(t);
}

void tui_pause(struct app *a, int on)
{
	struct tui *t = tui_of(a);
	struct pane *p;
	const struct log_entry *last;

	if (!t)
		return;
	p = &t->panes[TUI_MESSAGES];
	last = model_log_at(&a->model, model_log_count(&a->model) - 1);
	p->paused = on;
	p->paused_seq = last ? last->seq : 0;
	if (!on)
		p->follow = 1;
	tui_dirty(t);
}

static const char *tui_set_filter(struct app *a, const char *text)
{
	struct tui *t = tui_of(a);
	struct pane *p;

	if (!t)
		return NULL;
	p = t->focus >= 0 ? &t->panes[t->focus] : &t->panes[TUI_MESSAGES];
	snprintf(p->filter, sizeof p->filter, "%s", text ? text : "");
	p->sel = p->top = 0;
	tui_dirty(t);
	return p->ops->name;
}

static void tui_set_sort(struct app *a, enum view_sort s)
{
	struct tui *t = tui_of(a);

	if (t) {
		t->sort = s;
		tui_dirty(t);
	}
}

static void tui_prefill(struct app *a, const char *text)
{
	if (tui_of(a))
		console_set_line(text);
}

/* Enter on a queue row: the name is data, passed as the argument it is. */
void tui_queue_detail(struct app *a, const char *name)
{
	app_run_cmd(a, "show queue", 1, &name);
}

/* ---- keys -------------------------------------------------------------- */

/* A readline-bound key sequence: pane navigation, function keys. */
static int tui_key(struct app *a, const char *seq, int count, int key)
{
	struct tui *t = tui_of(a);
	enum tui_action act = tui_keys_action(t, seq);
	struct pane *p = tui_focused(t);

	switch (act) {
	case TUI_ACT_HELP: tui_overlay_open(t, TUI_OVERLAY_HELP); break;
	case TUI_ACT_FOCUS_NEXT: tui_focus(t, 1); break;
	case TUI_ACT_FOCUS_PREV: tui_focus(t, -1); break;
	case TUI_ACT_UP:
	case TUI_ACT_DOWN:
		if (p)
			tui_nav(t, p, act);
		else
			console_history_move(act == TUI_ACT_UP);
		break;
	case TUI_ACT_PGUP:
	case TUI_ACT_PGDN:
		tui_nav(t, p ? p : &t->panes[TUI_MESSAGES], act);
		break;
	case TUI_ACT_HOME:
	case TUI_ACT_END:
		if (p)
			tui_nav(t, p, act);
		else if (act == TUI_ACT_HOME)
			rl_beg_of_line(1, 0);
		else
			rl_end_of_line(1, 0);
		break;
	case TUI_ACT_ACK: tui_settle_selected(t, "ack"); break;
	case TUI_ACT_NACK: tui_settle_selected(t, "nack"); break;
	case TUI_ACT_REJECT: tui_settle_selected(t, "reject"); break;
	case TUI_ACT_PAUSE: tui_pause(a, !t->panes[TUI_MESSAGES].paused); break;
	case TUI_ACT_FILTER: console_set_line("filter "); break;
	case TUI_ACT_SORT: t->sort = (enum view_sort)((t->sort + 1) % VIEW_NSORTS); tui_dirty(t); break;
	case TUI_ACT_QUIT: app_quit(a, 0); break;
	case TUI_ACT_CLEAR: console_clear_line(); break;
	case TUI_ACT_REDRAW: clearok(stdscr, TRUE); tui_draw(t); break;
	case TUI_ACT_AGAIN: app_run_cmd(a, "again", 0, NULL); break;
	case TUI_ACT_BACK: app_run_cmd(a, "back", 0, NULL); break;
	case TUI_ACT_NEXT: app_run_cmd(a, "next", 0, NULL); break;
	case TUI_ACT_LAYOUT: tui_set_layout(a, tui_class_layout(t) ? 0 : 1); break;
	default: break;
	}
	return 0;
}

static void tui_line(struct app *a, const char *line)
{
	struct tui *t = tui_of(a);
	const char *s = line;
	struct pane *p = tui_focused(t);

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s && t->overlay)
		return; /* the overlay is what the user looks at: nothing to open */
	if (!*s && !p && t->nar_on) {
		app_run_cmd(a, "next", 0, NULL); /* a lesson: on to the next step */
		return;
	}
	if (!*s) {
		/* Enter on an empty line opens what is selected */
		if (p == &t->panes[TUI_MESSAGES]) {
			const struct log_entry *e = tui_selected_entry(t);

			if (e)
				tui_detail_open(a, e->kind == LOG_DELIVERY ? e->msg->id : 0, e->seq);
		} else if (p && p->ops->activate && p->nrows && p->sel < p->nrows) {
			p->ops->activate(p, p->rows[p->sel]);
		}
		return;
	}
	if (t->panes[TUI_MESSAGES].nrows)
		t->panes[TUI_MESSAGES].follow = !t->panes[TUI_MESSAGES].paused;
	app_submit(a, line);
}

static void tui_eof(struct app *a)
{
	app_quit(a, 0);
}

static void tui_input(void *arg, int fd, short revents)
{
	struct tui *t = arg;
	unsigned char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n <= 0) {
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return;
		app_quit(t->a, t->a->jobs.failures ? 1 : 0);
		return;
	}
	if (t->overlay) {
		tui_overlay_input(t, buf, (size_t)n);
		return;
	}
	/* a lone Esc means nothing here; readline would take it as a Meta prefix */
	while (n > 0 && buf[0] == 033 && (n == 1 || buf[1] == 033)) {
		memmove(buf, buf + 1, (size_t)--n);
	}
	if (!n)
		return;
	if (console_matches(&(const char *const *){NULL}) && buf[0] != '\t') {
		console_matches_clear();
		tui_dirty(t);
	}
	console_feed(buf, (size_t)n);
}

/* ---- the view ---------------------------------------------------------- */

static void tui_entry(struct app *a, struct log_entry *e)
{
	struct tui *t = tui_of(a);

	if (!t)
		return;
	tui_overlay_row(t, e);
	tui_dirty(t);
}

static void tui_changed(struct app *a)
{
	struct tui *t = tui_of(a);

	if (t)
		tui_dirty(t);
}

static int tui_signal(struct app *a, int signo)
{
	struct tui *t = tui_of(a);

	if (signo == SIGWINCH && t) {
		tui_resize(t);
		return 1;
	}
	return 0;
}

static const struct app_view tui_view = {
	.entry = tui_entry,
	.changed = tui_changed,
	.signal = tui_signal,
	.detach_after = 1.0, /* a typed command holds the queue a second at most */
	.filter = tui_set_filter,
	.sort = tui_set_sort,
	.pause = tui_pause,
	.detail = tui_detail_show,
	.dist = tui_dist_open,
	.prefill = tui_prefill,
	.narrate = tui_narrate,
	.layout = tui_set_layout,
};

static const struct console_hooks tui_console_hooks = {
	.line = tui_line,
	.eof = tui_eof,
	.redisplay = tui_redisplay,
	.key = tui_key,
};

static int tui_start(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");

	if (!initscr())
		return -1;
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, FALSE);
	def_prog_mode();
	curs_set(1);
	tui_draw_init(has_colors() && !(nc && *nc));
	t->rows = LINES;
	t->cols = COLS;
	t->focus = -1;
	tui_layout(t);
	for (int k = 0; k < TUI_NPANES; k++) {
		t->panes[k].app = t->a;
		t->panes[k].follow = k == TUI_MESSAGES;
	}
	t->panes[TUI_CONNS].ops = &pane_conns_ops;
	t->panes[TUI_QUEUES].ops = &pane_queues_ops;
	t->panes[TUI_CONSUMERS].ops = &pane_consumers_ops;
	t->panes[TUI_MESSAGES].ops = &pane_messages_ops;
	return 0;
}

/* What the user should still see once the screen is gone: the last verdict. */
static void tui_farewell(struct app *a)
{
	char *s;

	if (!a->farewell)
		return;
	s = text_safe(a->farewell, strlen(a->farewell), 0, 0);
	printf("warren: %s\n", s);
	free(s);
}

int tui_run(struct app *a)
{
	struct tui t;
	int code, k;

	memset(&t, 0, sizeof t);
	t.a = a;
	if (tui_start(&t) < 0) {
		fprintf(stderr, "warren: cannot start the terminal interface (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	a->view = &tui_view;
	a->view_data = &t;
	console_init(a, &tui_console_hooks, tui_keys_sequences());
	loop_add_fd(a->loop, 0, tui_input, &t);
	tui_draw(&t);
	code = loop_run(a->loop);
	loop_del_fd(a->loop, 0);
	console_fini();
	endwin();
	a->view = NULL;
	a->view_data = NULL;
	tui_farewell(a);
	tui_overlay_close(&t);
	tui_narrate_free(&t);
	detail_free(&t.list);
	for (k = 0; k < TUI_NPANES; k++) {
		if (t.panes[k].data && t.panes[k].ops->fini)
			t.panes[k].ops->fini(&t.panes[k]);
		free(t.panes[k].rows);
		free(t.panes[k].data);
	}
	return code;
}
