/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_fields: text cells, JSON values and whole lists from the field tables
 * (see cmd_fields.h). A cell is raw text: cmd_tab_print and the panes
 * escape it where it is written. A JSON string is the exact string
 * (jtext.h), a count an integer, a rate a number, and what is not known
 * (MGMT_ABSENT) null.
 */
#include "config.h"

#include "cmd_fields.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jtext.h"

/* ---- text ---------------------------------------------------------------- */

/* A number field (count, rate or change) as a double, for formats of either. */
static double cmd_fields_number(const struct mgmt_field *f, const void *row, size_t off)
{
	return f->type == MGMT_T_COUNT ? (double)mgmt_count_at(row, off) : mgmt_rate_at(row, off);
}

/* By type alone: text as is, a count, a rate ("-" when not known), yes/no. */
static char *cmd_fields_plain(const struct mgmt_field *f, const void *row)
{
	long long v;

	switch (f->type) {
	case MGMT_T_STR:
	case MGMT_T_ARGS:
	case MGMT_T_PEER: return msg_strdup(mgmt_str_at(row, f->off));
	case MGMT_T_COUNT:
		v = mgmt_count_at(row, f->off);
		return mgmt_known(v) ? cmd_list_num(v) : msg_strdup("-");
	case MGMT_T_RATE: return cmd_list_rate(mgmt_rate_at(row, f->off));
	case MGMT_T_DELTA: return msg_printf("%+.1f", mgmt_rate_at(row, f->off));
	case MGMT_T_BOOL: return msg_strdup(mgmt_bool_at(row, f->off) ? "yes" : "no");
	case MGMT_T_STRV: return msg_printf("%zu", mgmt_size_at(row, f->aux));
	default: return NULL;
	}
}

static char *cmd_fields_uptime(long long ms)
{
	long long s = ms / 1000;

	if (s >= 86400)
		return msg_printf("%lldd %lldh", s / 86400, s % 86400 / 3600);
	if (s >= 3600)
		return msg_printf("%lldh %lldm", s / 3600, s % 3600 / 60);
	return msg_printf("%lldm %llds", s / 60, s % 60);
}

/* "used / limit" in bytes. */
static char *cmd_fields_of(double used, double limit)
{
	char *u = cmd_list_bytes(used), *l = cmd_list_bytes(limit), *s;

	s = msg_printf("%s / %s", u, l);
	free(u);
	free(l);
	return s;
}

/* A quorum or stream queue with fewer than half its members online is unavailable. */
static int cmd_fields_majority(const struct mgmt_queue *q)
{
	return !q->nmembers || q->nonline * 2 > q->nmembers;
}

/* The queue formats: its state and members online. */
static char *cmd_fields_queue(const struct mgmt_field *f, const struct mgmt_queue *q)
{
	if (f->fmt == MGMT_FMT_ONLINE)
		return q->nmembers ? msg_printf("%zu/%zu", q->nonline, q->nmembers) : msg_strdup("-");
	if (!cmd_fields_majority(q))
		return msg_strdup("NO MAJORITY: unavailable");
	return msg_strdup(q->state ? q->state : "-");
}

char *cmd_fields_text(const struct mgmt_field *f, const void *row)
{
	int text = f->type == MGMT_T_STR || f->type == MGMT_T_ARGS || f->type == MGMT_T_PEER;
	const char *s = text ? mgmt_str_at(row, f->off) : NULL, *aux;
	int b = f->type == MGMT_T_BOOL && mgmt_bool_at(row, f->off);
	double v = f->type == MGMT_T_COUNT || f->type == MGMT_T_RATE ? cmd_fields_number(f, row, f->off)
								      : 0;

	switch (f->fmt) {
	case MGMT_FMT_BYTES: return mgmt_known(v) ? cmd_list_bytes(v) : msg_strdup("-");
	case MGMT_FMT_OR: return msg_strdup(s ? s : mgmt_str_at(row, f->aux));
	case MGMT_FMT_CLIENT:
		aux = f->aux ? mgmt_str_at(row, f->aux) : NULL;
		return msg_printf("%s%s%s", s ? s : "?", aux ? " " : "", aux ? aux : "");
	case MGMT_FMT_MARK: return msg_strdup(b ? "*" : "");
	case MGMT_FMT_ACK: return msg_strdup(b ? "manual" : "auto");
	case MGMT_FMT_ALARM: return msg_strdup(b ? "ALARM: publishers blocked" : "ok");
	case MGMT_FMT_PREFETCH: return v == 0 ? msg_strdup("unlimited") : cmd_fields_plain(f, row);
	case MGMT_FMT_EXCHANGE: return msg_strdup(s && !*s ? "(AMQP default)" : s);
	case MGMT_FMT_UPTIME: return cmd_fields_uptime((long long)v);
	case MGMT_FMT_OF: return cmd_fields_of(v, cmd_fields_number(f, row, f->aux));
	case MGMT_FMT_UNFETCHED: return mgmt_known(v) ? cmd_fields_plain(f, row) : msg_strdup("?");
	case MGMT_FMT_QSTATE:
	case MGMT_FMT_ONLINE: return cmd_fields_queue(f, row);
	default: return cmd_fields_plain(f, row);
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *cmd_fields_strv(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jtext_value(v[i], strlen(v[i])));
	return a;
}

/* Field f of row into o, by type. */
static void cmd_fields_json_plain(json_t *o, const struct mgmt_field *f, const void *row)
{
	long long v;
	double r;

	switch (f->type) {
	case MGMT_T_STR:
	case MGMT_T_ARGS:
	case MGMT_T_PEER: cmd_json_str(o, f->name, mgmt_str_at(row, f->off)); return;
	case MGMT_T_STRV:
		if (mgmt_size_at(row, f->aux))
			json_object_set_new(o, f->name,
					    cmd_fields_strv(mgmt_strv_at(row, f->off),
							    mgmt_size_at(row, f->aux)));
		return;
	case MGMT_T_COUNT:
		v = mgmt_count_at(row, f->off);
		json_object_set_new(o, f->name, mgmt_known(v) ? json_integer(v) : json_null());
		return;
	case MGMT_T_RATE:
		r = mgmt_rate_at(row, f->off);
		json_object_set_new(o, f->name, mgmt_known(r) ? json_real(r) : json_null());
		return;
	case MGMT_T_DELTA: json_object_set_new(o, f->name, json_real(mgmt_rate_at(row, f->off))); return;
	case MGMT_T_BOOL: json_object_set_new(o, f->name, json_boolean(mgmt_bool_at(row, f->off))); return;
	default: return;
	}
}

/* Field f of row into o: the formats JSON knows, else by type. */
static void cmd_fields_json(json_t *o, const struct mgmt_field *f, const void *row, double age)
{
	const struct mgmt_queue *q = row;

	switch (f->fmt) {
	case MGMT_FMT_NOT:
		json_object_set_new(o, f->name, json_boolean(!mgmt_bool_at(row, f->off)));
		return;
	case MGMT_FMT_ONLINE: /* [] when none is: the queue has members */
		if (q->nmembers)
			json_object_set_new(o, f->name, cmd_fields_strv(q->online, q->nonline));
		return;
	case MGMT_FMT_MAJORITY:
		if (q->nmembers)
			json_object_set_new(o, f->name, json_boolean(cmd_fields_majority(q)));
		return;
	case MGMT_FMT_AGE:
		if (!isnan(age))
			json_object_set_new(o, f->name, json_real(age));
		return;
	default: cmd_fields_json_plain(o, f, row); return;
	}
}

json_t *cmd_fields_object(enum mgmt_list l, const void *row, double age)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (!(d->fields[i].flags & MGMT_F_INTERNAL))
			cmd_fields_json(o, &d->fields[i], row, age);
	return o;
}

double cmd_fields_age(const struct mgmt_snapshot *s, enum mgmt_list l)
{
	struct timespec now;

	if (!(s->list_time[l] > 0))
		return NAN;
	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec + now.tv_nsec / 1e9 - s->list_time[l];
}

/* ---- tables and lists ---------------------------------------------------- */

void cmd_fields_table(struct cmd_fields_table *t, struct app *a, enum mgmt_list l, unsigned skip)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	size_t i, n = 0;

	memset(t, 0, sizeof *t);
	for (i = 0; i < d->nfields && n < CMD_TAB_MAX; i++) {
		if (!d->fields[i].head || (d->fields[i].flags & skip))
			continue;
		t->cols[n] = (struct cmd_col){d->fields[i].head, d->fields[i].width};
		t->f[n++] = &d->fields[i];
	}
	t->tab = cmd_tab_new(a, t->cols);
}

void cmd_fields_row(struct cmd_fields_table *t, const void *row)
{
	char **r = cmd_tab_row(t->tab);
	int i;

	for (i = 0; i < t->tab->ncols; i++)
		r[i] = cmd_fields_text(t->f[i], row);
}

int cmd_fields_print(struct app *a, const struct cmd_list_wait *w, enum mgmt_list l,
		     cmd_fields_keep keep)
{
	const struct mgmt_snapshot *s = a->model.mgmt;
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	struct cmd_fields_table t;
	double age = cmd_fields_age(s, l);
	size_t i, n, shown = 0;
	const char *rows = mgmt_fields_rows(s, l, &n);

	if (!a->opt.json)
		cmd_fields_table(&t, a, l, 0);
	for (i = 0; i < n; i++) {
		const void *row = rows + i * d->size;

		if (keep && !keep(w, l, row))
			continue;
		shown++;
		if (a->opt.json)
			cmd_json_emit(a, d->name, cmd_fields_object(l, row, age));
		else
			cmd_fields_row(&t, row);
	}
	if (!a->opt.json) {
		cmd_tab_print(t.tab);
		app_out(a, LOG_INFO, "%zu %s", shown, shown == 1 ? d->one : d->name);
	}
	return shown > 2147483647 ? 2147483647 : (int)shown;
}
