/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_list: the broker view in the console: list connections, queues,
 * consumers, channels, exchanges, bindings and nodes, show one queue, and
 * refresh. The data comes from the management API poller (mgmt.h) through
 * the model.
 *
 * A list asks the poller for fresh data and waits for it (CMD_PENDING), so
 * a script that declares a queue and then lists the queues sees it. In the
 * dashboard, where the poller fetches every --refresh seconds anyway, data
 * fetched less than that long ago is printed at once. --cached prints what
 * the model has at once, however old. When the API fails, the error is the
 * command's result, and the last good rows, if any, are shown with their age.
 *
 * Text mode prints aligned tables; --json one object per row, each with a
 * "list" key. The printers fill tables with raw text and cmd_tab_print
 * escapes every cell (text_safe), so no column can forget it; JSON rows
 * carry the exact strings (jtext.h).
 */
#include "config.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "cmd_list.h"
#include "jtext.h"
#include "mgmt.h"
#include "text.h"

/* How long a list waits for the poller (each HTTP request times out at 10 s). */
#define CMD_LIST_TIMEOUT 30.0

/* ---- tables -------------------------------------------------------------- */

void cmd_list_emit(struct app *a, char *line)
{
	app_row(a, line, 0);
}

char *cmd_list_safe(const char *s, size_t cols)
{
	return text_safe(s ? s : "", s ? strlen(s) : 0, cols, 0);
}

struct cmd_tab *cmd_tab_new(struct app *a, const struct cmd_col *cols)
{
	struct cmd_tab *t = msg_alloc(sizeof *t);

	t->a = a;
	t->cols = cols;
	while (cols[t->ncols].title)
		t->ncols++;
	return t;
}

char **cmd_tab_row(struct cmd_tab *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = realloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
		if (!t->cells)
			abort();
	}
	memset(t->cells + t->nrows * (size_t)t->ncols, 0, (size_t)t->ncols * sizeof *t->cells);
	return t->cells + t->nrows++ * (size_t)t->ncols;
}

/* A raw cell becomes its safe text, at most max columns (0: no limit). */
static void cmd_tab_escape(char **cell, size_t max)
{
	char *safe = text_safe(*cell, strlen(*cell), max, 0);

	free(*cell);
	*cell = safe;
}

/* One line: cells padded to their column ('>' in a header: numbers, to the right). */
static char *cmd_tab_line(const struct cmd_tab *t, char **cells, const size_t *width)
{
	size_t len = 0, cap = 256, i, w, pad;
	char *line = msg_alloc(cap);

	for (i = 0; i < (size_t)t->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		int right = t->cols[i].title[0] == '>';

		w = text_width(c);
		pad = width[i] > w ? width[i] - w : 0;
		if (len + strlen(c) + pad + 3 > cap) {
			cap = (len + strlen(c) + pad + 3) * 2;
			line = realloc(line, cap);
			if (!line)
				abort();
		}
		if (right)
			len += (size_t)sprintf(line + len, "%*s", (int)pad, "");
		len += (size_t)sprintf(line + len, "%s", c);
		if (i + 1 < (size_t)t->ncols)
			len += (size_t)sprintf(line + len, "%*s", right ? 2 : (int)pad + 2, "");
	}
	while (len && line[len - 1] == ' ')
		len--;
	line[len] = 0;
	return line;
}

/* Print the table (header first) and free it. Every cell is escaped here. */
void cmd_tab_print(struct cmd_tab *t)
{
	size_t width[CMD_TAB_MAX] = {0}, i, r;
	char *head[CMD_TAB_MAX];

	for (i = 0; i < (size_t)t->ncols; i++) {
		head[i] = (char *)t->cols[i].title + (t->cols[i].title[0] == '>');
		width[i] = strlen(head[i]);
	}
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < (size_t)t->ncols; i++) {
			char **c = &t->cells[r * (size_t)t->ncols + i];

			if (!*c)
				continue;
			cmd_tab_escape(c, t->cols[i].max);
			if (text_width(*c) > width[i])
				width[i] = text_width(*c);
		}
	cmd_list_emit(t->a, cmd_tab_line(t, head, width));
	for (r = 0; r < t->nrows; r++)
		cmd_list_emit(t->a, cmd_tab_line(t, t->cells + r * (size_t)t->ncols, width));
	cmd_tab_free(t);
}

void cmd_tab_free(struct cmd_tab *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

/* ---- JSON rows ----------------------------------------------------------- */

void cmd_json_str(json_t *o, const char *key, const char *s)
{
	if (!s)
		json_object_set_new(o, key, json_null());
	else
		jtext_set_str(o, key, s);
}

void cmd_json_emit(struct app *a, const char *list, json_t *o)
{
	json_object_set_new(o, "list", json_string(list));
	app_row(a, jtext_dump(o, JSON_SORT_KEYS), 1);
	json_decref(o);
}

/* ---- numbers as people read them ----------------------------------------- */

char *cmd_list_rate(double r)
{
	if (r < 0)
		return msg_strdup("-");
	return msg_printf(r >= 100 || r == 0 ? "%.0f" : "%.1f", r);
}

char *cmd_list_bytes(double b)
{
	static const char *const unit[] = {"B", "kB", "MB", "GB", "TB"};
	int u = 0;

	while (b >= 1000 && u < 4) {
		b /= 1000;
		u++;
	}
	return msg_printf(u && b < 10 ? "%.1f%s" : "%.0f%s", b, unit[u]);
}

char *cmd_list_num(long long n)
{
	return msg_printf("%lld", n);
}

/* ---- filters ------------------------------------------------------------- */

/* A pattern with * ? [ is a shell glob; a plain word matches as a substring. */
int cmd_list_match(const struct cmd_list_wait *w, const char *name)
{
	if (!w->has_arg)
		return 1;
	if (!name)
		return 0;
	if (strpbrk(w->arg, "*?["))
		return fnmatch(w->arg, name, 0) == 0;
	return strstr(name, w->arg) != NULL;
}

int cmd_list_vhost_ok(const struct cmd_list_wait *w, const char *vhost)
{
	return !w->has_vhost || (vhost && !strcmp(vhost, w->vhost));
}

/* ---- waiting for the poller ---------------------------------------------- */

static double cmd_list_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The lists a kind needs are in the snapshot and fresh: 1; in it but old: 0; absent: -1. */
static int cmd_list_state(const struct mgmt_snapshot *s, int lists, double *oldest)
{
	int l, state = 1;

	*oldest = 0;
	for (l = 0; l < MGMT_NLISTS; l++) {
		if (!(lists & MGMT_BIT(l)))
			continue;
		if (!s || !s->list_time[l])
			return -1;
		if (!s->fresh[l])
			state = 0;
		if (!*oldest || s->list_time[l] < *oldest)
			*oldest = s->list_time[l];
	}
	return state;
}

/* Print what the model has; returns whether it was fresh. */
static int cmd_list_show(struct app *a, struct cmd_list_wait *w)
{
	const struct mgmt_snapshot *s = a->model.mgmt;
	const char *name = w->kind->entry->name;
	double oldest;
	int state = cmd_list_state(s, w->kind->lists, &oldest);

	if (state < 1 && !w->cached)
		app_error(a, "%s: %s", name,
			  s && s->error ? s->error : "the management API sent no data");
	else if (s && s->error && !w->cached) /* fresh but cut short (too many pages) */
		app_out(a, LOG_WARN, "%s: %s", name, s->error);
	if (state < 0)
		return 0;
	if (state == 0 || w->cached == 1) {
		double age = cmd_list_now() - oldest;

		app_out(a, w->cached ? LOG_INFO : LOG_WARN, "%s data from %.0f s ago:",
			w->cached ? "cached" : "the last good", age < 0 ? 0 : age);
	}
	if (w->kind->print(a, w) < 0)
		return 0;
	return state == 1 || w->cached;
}

/* The poller answered (a snapshot at least as new as the request): print. */
static int cmd_list_answered(struct job *j)
{
	const struct cmd_list_wait *w = j->data;

	return j->a->model.mgmt && j->a->model.mgmt->seq >= w->seq;
}

static void cmd_list_print_now(struct job *j)
{
	job_finish(j, cmd_list_show(j->a, j->data));
}

static void cmd_list_timeout(struct job *j)
{
	const struct cmd_list_wait *w = j->data;
	struct app *a = j->a;

	app_error(a, "%s: no answer from the management API at %s within %.0f s",
		  w->kind->entry->name, a->mgmt ? mgmt_url(a->mgmt) : "(none)", CMD_LIST_TIMEOUT);
	job_finish(j, 0);
}

static int cmd_list_copy(struct app *a, const char *what, char *out, size_t outsz,
			 const char *value)
{
	if (strlen(value) >= outsz) {
		app_error(a, "%s: '%.40s...' is too long (a name has at most 255 bytes)", what, value);
		return -1;
	}
	strcpy(out, value);
	return 0;
}

/* A queue of that name in the model that came without statistics: show queue asks for them. */
static int cmd_list_lacks_stats(const struct mgmt_snapshot *s, const struct cmd_list_wait *w)
{
	size_t i;

	for (i = 0; s && i < s->nqueues; i++)
		if (s->queues[i].no_stats && !strcmp(s->queues[i].name, w->arg) &&
		    cmd_list_vhost_ok(w, s->queues[i].vhost))
			return 1;
	return 0;
}

enum cmd_result cmd_list_run(struct job *j, const struct cmd_args *args,
			     const struct cmd_list_kind *kind)
{
	struct app *a = j->a;
	struct cmd_list_wait *w;
	const char *vhost = cmd_arg_str(args, "vhost");
	double oldest;
	int state;

	if (!a->mgmt) {
		app_error(a, "%s: %s", kind->entry->name,
			  a->mgmt_setup_error ? a->mgmt_setup_error : "no management API");
		return CMD_ERR;
	}
	w = job_data(j, sizeof *w, NULL);
	w->kind = kind;
	w->cached = cmd_arg_has(args, "cached");
	if ((args->argc && cmd_list_copy(a, kind->entry->name, w->arg, sizeof w->arg,
					 args->argv[0]) < 0) ||
	    (vhost && cmd_list_copy(a, kind->entry->name, w->vhost, sizeof w->vhost, vhost) < 0))
		return CMD_ERR;
	w->has_arg = args->argc > 0;
	w->has_vhost = vhost != NULL;
	state = cmd_list_state(a->model.mgmt, kind->lists, &oldest);
	if (!w->cached && !kind->force && !a->opt.mgmt_lazy && state == 1 &&
	    cmd_list_now() - oldest < a->opt.refresh &&
	    !(kind->detail && cmd_list_lacks_stats(a->model.mgmt, w)))
		w->cached = 2; /* recent: what the dashboard shows anyway */
	if (w->cached && state >= 0)
		return cmd_list_show(a, w) ? CMD_OK : CMD_ERR;
	w->cached = 0;
	w->seq = kind->detail ? mgmt_request_queue(a->mgmt, kind->lists,
						   w->has_vhost ? w->vhost : NULL, w->arg)
			      : mgmt_request(a->mgmt, kind->lists);
	job_wait_timer(j, CMD_LIST_TIMEOUT, cmd_list_timeout);
	return job_wait_cond(j, cmd_list_answered, cmd_list_print_now);
}

static const struct cmd_flag cmd_list_flags[] = {
	{"vhost", CMD_STR, "VHOST", 0, 0, "only this vhost's objects"},
	{"cached", CMD_BOOL, NULL, 0, 0, "print the last data at once, without a refresh"},
	{0},
};

/* ---- refresh ------------------------------------------------------------- */

static int cmd_refresh_print(struct app *a, const struct cmd_list_wait *w)
{
	const struct mgmt_snapshot *s = a->model.mgmt;

	if (a->opt.json) {
		json_t *o = json_object();

		cmd_json_str(o, "url", s->url);
		json_object_set_new(o, "connections", json_integer((json_int_t)s->nconns));
		json_object_set_new(o, "channels", json_integer((json_int_t)s->nchannels));
		json_object_set_new(o, "queues", json_integer((json_int_t)s->nqueues));
		json_object_set_new(o, "consumers", json_integer((json_int_t)s->nconsumers));
		json_object_set_new(o, "nodes", json_integer((json_int_t)s->nnodes));
		json_object_set_new(o, "fetch_s", json_real(s->fetch_s));
		json_object_set_new(o, "decode_s", json_real(s->decode_s));
		cmd_json_emit(a, "refresh", o);
		return 0;
	}
	app_ok(a,
	       "management data from %s: %zu connection%s, %zu channel%s, %zu queue%s, %zu "
	       "consumer%s, %zu node%s; fetched in %.3f s (decoding and sorting %.3f s)",
	       s->url, s->nconns, s->nconns == 1 ? "" : "s", s->nchannels,
	       s->nchannels == 1 ? "" : "s", s->nqueues, s->nqueues == 1 ? "" : "s",
	       s->nconsumers, s->nconsumers == 1 ? "" : "s", s->nnodes, s->nnodes == 1 ? "" : "s",
	       s->fetch_s, s->decode_s);
	return 0;
}

static enum cmd_result cmd_refresh_exec(struct job *j, const struct cmd_args *args);

const struct cmd_entry cmd_refresh_entry = {
	.name = "refresh",
	.help = "fetch the broker view from the management API now, and say what it holds",
	.exec = cmd_refresh_exec,
};

static const struct cmd_list_kind cmd_refresh_kind = {
	&cmd_refresh_entry, MGMT_WANT_DEFAULT, cmd_refresh_print, 1, 0,
};

static enum cmd_result cmd_refresh_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_list_run(j, args, &cmd_refresh_kind);
}

/* ---- the entries --------------------------------------------------------- */

#define CMD_LIST_ENTRY(id, word, argname, completion, text)                               \
	static enum cmd_result cmd_list_##id##_exec(struct job *j,                         \
						    const struct cmd_args *args);          \
	const struct cmd_entry cmd_list_##id##_entry = {                                  \
		.name = "list " word,                                                     \
		.args = argname,                                                          \
		.help = text,                                                             \
		.max_args = argname[0] ? 1 : 0,                                           \
		.flags = cmd_list_flags,                                                  \
		.complete = completion,                                                   \
		.exec = cmd_list_##id##_exec,                                             \
	};                                                                                 \
	static const struct cmd_list_kind cmd_list_##id##_kind = {                        \
		&cmd_list_##id##_entry, CMD_LIST_NEEDS_##id, cmd_list_print_##id, 0, 0,   \
	};                                                                                 \
	static enum cmd_result cmd_list_##id##_exec(struct job *j,                         \
						    const struct cmd_args *args)           \
	{                                                                                  \
		return cmd_list_run(j, args, &cmd_list_##id##_kind);                       \
	}

CMD_LIST_ENTRY(connections, "connections", "[PATTERN]", NULL,
	       "every connection on the broker: peer, user, client and version, rates; * marks "
	       "warren's own")
CMD_LIST_ENTRY(queues, "queues", "[PATTERN]", "q",
	       "every queue on the broker: type, messages ready and unacked, consumers, rates")
CMD_LIST_ENTRY(consumers, "consumers", "[QUEUE]", "q",
	       "every consumer on the broker: queue, channel, client, prefetch, unacked")
CMD_LIST_ENTRY(channels, "channels", "[PATTERN]", NULL,
	       "every channel on the broker: prefetch, unacked messages, consumers")
CMD_LIST_ENTRY(exchanges, "exchanges", "[PATTERN]", "e", "every exchange on the broker")
CMD_LIST_ENTRY(bindings, "bindings", "[QUEUE|EXCHANGE]", "q",
	       "every binding, or those from or to one queue or exchange")
CMD_LIST_ENTRY(nodes, "nodes", "", NULL,
	       "the broker's nodes: memory and disk, their alarms, connections and queues")

static enum cmd_result cmd_show_queue_exec(struct job *j, const struct cmd_args *args);

const struct cmd_entry cmd_show_queue_entry = {
	.name = "show queue",
	.args = "NAME",
	.help = "one queue in detail: arguments, policy, messages, rates, and its consumers with "
		"their prefetch and unacked counts",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_list_flags,
	.complete = "q",
	.exec = cmd_show_queue_exec,
};

static const struct cmd_list_kind cmd_show_queue_kind = {
	&cmd_show_queue_entry, CMD_LIST_NEEDS_show_queue, cmd_list_print_show_queue, 0, 1,
};

static enum cmd_result cmd_show_queue_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_list_run(j, args, &cmd_show_queue_kind);
}
