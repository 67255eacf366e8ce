/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd: the table, the parser and the error messages of every command.
 *
 * The words of a line (cmd_words.c) are looked up in the table and checked
 * against the entry's flags: --name, --name VALUE or --name=VALUE; "--" ends
 * the flags, and a quoted word or a variable's value is never one.
 */
#include "config.h"

#include "cmd.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "job.h"
#include "uri.h"
#include "xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_connect_entry,
	&cmd_disconnect_entry,
	&cmd_status_entry,
	&cmd_declare_queue_entry,
	&cmd_declare_exchange_entry,
	&cmd_declare_policy_entry,
	&cmd_declare_vhost_entry,
	&cmd_bind_entry,
	&cmd_unbind_entry,
	&cmd_delete_queue_entry,
	&cmd_delete_exchange_entry,
	&cmd_delete_policy_entry,
	&cmd_delete_vhost_entry,
	&cmd_purge_entry,
	&cmd_publish_entry,
	&cmd_confirm_entry,
	&cmd_consume_entry,
	&cmd_cancel_entry,
	&cmd_qos_entry,
	&cmd_ack_entry,
	&cmd_nack_entry,
	&cmd_reject_entry,
	&cmd_get_entry,
	&cmd_worker_add_entry,
	&cmd_worker_kill_entry,
	&cmd_worker_pause_entry,
	&cmd_worker_resume_entry,
	&cmd_worker_rm_entry,
	&cmd_worker_list_entry,
	&cmd_worker_log_entry,
	&cmd_worker_speed_entry,
	&cmd_stats_reset_entry,
	&cmd_dist_entry,
	&cmd_tutorial_entry,
	&cmd_lesson_entry,
	&cmd_next_entry,
	&cmd_back_entry,
	&cmd_again_entry,
	&cmd_skip_entry,
	&cmd_broker_restart_entry,
	&cmd_broker_kill_entry,
	&cmd_broker_start_entry,
	&cmd_reconnect_entry,
	&cmd_record_start_entry,
	&cmd_record_stop_entry,
	&cmd_replay_entry,
	&cmd_echo_entry,
	&cmd_show_message_entry,
	&cmd_filter_entry,
	&cmd_sort_entry,
	&cmd_pause_entry,
	&cmd_layout_entry,
	&cmd_resume_entry,
	&cmd_list_connections_entry,
	&cmd_list_queues_entry,
	&cmd_list_consumers_entry,
	&cmd_list_channels_entry,
	&cmd_list_exchanges_entry,
	&cmd_list_bindings_entry,
	&cmd_list_nodes_entry,
	&cmd_show_queue_entry,
	&cmd_refresh_entry,
	&cmd_export_definitions_entry,
	&cmd_import_definitions_entry,
	&cmd_wait_entry,
	&cmd_sleep_entry,
	&cmd_help_entry,
	&cmd_quit_entry,
	NULL,
};

/* What an empty line (or a comment) runs. */
static enum cmd_result cmd_nothing_exec(struct job *j, const struct cmd_args *args)
{
	return CMD_OK;
}

static const struct cmd_entry cmd_nothing_entry = {
	.name = "",
	.exec = cmd_nothing_exec,
};

/* ---- lookup ------------------------------------------------------------ */

static int cmd_name_is(const struct cmd_entry *e, const char *name)
{
	return !strcmp(e->name, name) || (e->alias && !strcmp(e->alias, name));
}

const struct cmd_entry *cmd_lookup(char **w, int n, int *used)
{
	const struct cmd_entry *const *e;
	char two[256];

	if (n >= 2) {
		snprintf(two, sizeof two, "%s %s", w[0], w[1]);
		for (e = cmd_table; *e; e++)
			if (cmd_name_is(*e, two)) {
				*used = 2;
				return *e;
			}
	}
	for (e = cmd_table; *e; e++)
		if (cmd_name_is(*e, w[0])) {
			*used = 1;
			return *e;
		}
	return NULL;
}

static size_t cmd_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, d[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = d[j];
			d[j] = prev + (tolower((unsigned char)a[i - 1]) !=
				       tolower((unsigned char)b[j - 1]));
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (cur + 1 < d[j])
				d[j] = cur + 1;
			prev = cur;
		}
	}
	return d[lb];
}

/* The first word of an entry's name ("declare" of "declare queue"). */
static void cmd_first_word(const char *name, char *out, size_t outsz)
{
	size_t k = strcspn(name, " ");

	if (k >= outsz)
		k = outsz - 1;
	memcpy(out, name, k);
	out[k] = 0;
}

const char *cmd_suggest(const char *word)
{
	static char best_name[64];
	const struct cmd_entry *const *e;
	size_t best = 3, d;
	char first[64];

	best_name[0] = 0;
	for (e = cmd_table; *e; e++) {
		cmd_first_word((*e)->name, first, sizeof first);
		d = cmd_distance(word, first);
		if (d < best || (d == best && !best_name[0] && d < 3)) {
			best = d;
			snprintf(best_name, sizeof best_name, "%s", first);
		}
	}
	return best_name[0] && best <= (strlen(word) > 4 ? 2u : 1u) ? best_name : NULL;
}

static const struct cmd_flag *cmd_flag_find(const struct cmd_entry *e, const char *name)
{
	const struct cmd_flag *f;

	for (f = e->flags; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static const char *cmd_flag_suggest(const struct cmd_entry *e, const char *name)
{
	const struct cmd_flag *f, *best = NULL;
	size_t bd = 3, d;

	for (f = e->flags; f && f->name; f++) {
		d = cmd_distance(name, f->name);
		if (d < bd) {
			bd = d;
			best = f;
		}
	}
	return best ? best->name : NULL;
}

/* ---- usage ------------------------------------------------------------- */

char *cmd_usage(const struct cmd_entry *e)
{
	const struct cmd_flag *f;
	char *s = msg_printf("%s%s%s", e->name, e->args && *e->args ? " " : "",
			     e->args ? e->args : ""), *t;

	for (f = e->flags; f && f->name; f++) {
		if (f->kind == CMD_BOOL)
			t = msg_printf("%s [--%s]", s, f->name);
		else
			t = msg_printf("%s [--%s %s]", s, f->name, f->arg ? f->arg : "X");
		free(s);
		s = t;
	}
	return s;
}

/* ---- parsing ----------------------------------------------------------- */

static int cmd_usage_error(const struct cmd_entry *e, char *err, size_t errlen, const char *what)
{
	char *u = cmd_usage(e);

	snprintf(err, errlen, "%s: %s; usage: %s", e->name, what, u);
	free(u);
	return -1;
}

static int cmd_check_value(const struct cmd_entry *e, const struct cmd_flag *f, const char *v,
			   char *err, size_t errlen)
{
	char what[512], *end;

	switch (f->kind) {
	case CMD_NUM: {
		long long x;

		errno = 0;
		x = strtoll(v, &end, 10);
		if (!*v || *end || errno || x < f->min || x > f->max) {
			snprintf(what, sizeof what, "--%s wants a whole number from %lld to %lld, not '%.40s'",
				 f->name, f->min, f->max, v);
			return cmd_usage_error(e, err, errlen, what);
		}
		return 0;
	}
	case CMD_FLOAT: {
		double x;

		errno = 0;
		x = strtod(v, &end);
		/* written so that NaN fails too; the bounds are finite, so infinities fail */
		if (!*v || *end || errno || !(x >= (double)f->min && x <= (double)f->max)) {
			snprintf(what, sizeof what, "--%s wants a number from %lld to %lld, not '%.40s'",
				 f->name, f->min, f->max, v);
			return cmd_usage_error(e, err, errlen, what);
		}
		return 0;
	}
	case CMD_KV:
		if (!strchr(v, '=') || *v == '=') {
			snprintf(what, sizeof what, "--%s wants key=value, not '%.40s'", f->name, v);
			return cmd_usage_error(e, err, errlen, what);
		}
		return 0;
	case CMD_CHOICE: {
		const char *p = f->arg;
		size_t len = strlen(v);

		while (p && *p) {
			size_t k = strcspn(p, "|");

			if (k == len && !strncmp(p, v, k))
				return 0;
			p += k + (p[k] == '|');
		}
		snprintf(what, sizeof what, "--%s wants one of %s, not '%.40s'", f->name, f->arg, v);
		return cmd_usage_error(e, err, errlen, what);
	}
	default:
		return 0;
	}
}

static int cmd_add_flag(struct cmd_args *out, const struct cmd_flag *f, const char *value)
{
	if (out->nflags == CMD_MAX_FLAGS)
		return -1;
	out->flags[out->nflags].flag = f;
	out->flags[out->nflags].value = msg_strdup(value);
	out->nflags++;
	return 0;
}

/* One --flag (and its value) at w[*i]; *i moves past what it used. */
static int cmd_parse_flag(const struct cmd_entry *e, char **w, int n, int *i, struct cmd_args *out,
			  char *err, size_t errlen)
{
	const char *a = w[*i], *eq = strchr(a + 2, '='), *value = NULL;
	const struct cmd_flag *f;
	size_t k = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	char name[128], what[512];

	snprintf(name, sizeof name, "%.*s", (int)(k < 127 ? k : 127), a + 2);
	f = cmd_flag_find(e, name);
	if (!f) {
		const char *s = cmd_flag_suggest(e, name);

		snprintf(what, sizeof what, "unknown flag --%.60s%s%s%s", name,
			 s ? " (did you mean --" : "", s ? s : "", s ? "?)" : "");
		return cmd_usage_error(e, err, errlen, what);
	}
	if (f->kind == CMD_BOOL) {
		if (eq) {
			snprintf(what, sizeof what, "--%s takes no value", name);
			return cmd_usage_error(e, err, errlen, what);
		}
		value = "1";
	} else if (eq) {
		value = eq + 1;
	} else if (*i + 1 < n) {
		value = w[++*i];
	} else {
		snprintf(what, sizeof what, "--%s needs a value (%s)", name, f->arg ? f->arg : "X");
		return cmd_usage_error(e, err, errlen, what);
	}
	if (cmd_check_value(e, f, value, err, errlen) < 0)
		return -1;
	if (cmd_add_flag(out, f, value) < 0)
		return cmd_usage_error(e, err, errlen, "too many flags");
	return 0;
}

/* A command's arguments and flags; literal words are arguments whatever they look like. */
static int cmd_parse_args(const struct cmd_entry *e, char **w, int n, const unsigned char *literal,
			  struct cmd_args *out, char *err, size_t errlen)
{
	int i, no_more_flags = 0;
	char what[512];

	out->entry = e;
	for (i = 0; i < n; i++) {
		const char *a = w[i];
		int data = literal && literal[i];

		if (!no_more_flags && !data && !strcmp(a, "--")) {
			no_more_flags = 1;
			continue;
		}
		if (!no_more_flags && !data && a[0] == '-' && a[1] == '-') {
			if (cmd_parse_flag(e, w, n, &i, out, err, errlen) < 0) {
				cmd_args_free(out);
				return -1;
			}
			continue;
		}
		if (out->argc == CMD_MAX_ARGS || out->argc >= e->max_args) {
			snprintf(what, sizeof what, "unexpected argument '%.60s'%s", a,
				 strchr(a, ' ') ? "" : " (quote a value that has spaces)");
			cmd_args_free(out);
			return cmd_usage_error(e, err, errlen, what);
		}
		out->argv[out->argc++] = msg_strdup(a);
	}
	if (out->argc < e->min_args) {
		snprintf(what, sizeof what, "missing argument%s", e->min_args - out->argc > 1 ? "s" : "");
		cmd_args_free(out);
		return cmd_usage_error(e, err, errlen, what);
	}
	return 0;
}

static int cmd_unknown(char **w, int n, char *err, size_t errlen);

int cmd_parse(char **w, int n, struct cmd_args *out, char *err, size_t errlen)
{
	return cmd_parse_words(w, n, NULL, out, err, errlen);
}

int cmd_parse_words(char **w, int n, const unsigned char *literal, struct cmd_args *out,
		    char *err, size_t errlen)
{
	const struct cmd_entry *e;
	int used;

	memset(out, 0, sizeof *out);
	if (n == 0) {
		snprintf(err, errlen, "empty command");
		return -1;
	}
	e = cmd_lookup(w, n, &used);
	if (literal && (literal[0] == CMD_WORD_VAR || (e && used == 2 && literal[1] == CMD_WORD_VAR))) {
		snprintf(err, errlen, "a variable cannot name a command: type the command's name");
		return -1;
	}
	if (!e)
		return cmd_unknown(w, n, err, errlen);
	return cmd_parse_args(e, w + used, n - used, literal ? literal + used : NULL, out, err,
			      errlen);
}

/* Not a command: say what comes nearest. */
static int cmd_unknown(char **w, int n, char *err, size_t errlen)
{
	const struct cmd_entry *const *t;
	const char *s;
	char first[64], what[512];
	size_t k = 0;

	/* "declare" alone: say which second words exist */
	what[0] = 0;
	for (t = cmd_table; *t; t++) {
		cmd_first_word((*t)->name, first, sizeof first);
		if (strcmp(first, w[0]) || !strchr((*t)->name, ' '))
			continue;
		k += (size_t)snprintf(what + k, k < sizeof what ? sizeof what - k : 0, "%s%s %s",
				      k ? ", " : "", (*t)->name, (*t)->args);
	}
	if (k && n > 1)
		snprintf(err, errlen, "%s what? '%.60s' is not one of them: try %s", w[0], w[1], what);
	else if (k)
		snprintf(err, errlen, "%s what? try: %s", w[0], what);
	else if ((s = cmd_suggest(w[0])))
		snprintf(err, errlen,
			 "unknown command '%.60s': did you mean '%s'? ('help' lists them all)", w[0], s);
	else
		snprintf(err, errlen, "unknown command '%.60s': type 'help' to list the commands", w[0]);
	return -1;
}

void cmd_args_free(struct cmd_args *a)
{
	int i;

	for (i = 0; i < a->argc; i++)
		free(a->argv[i]);
	for (i = 0; i < a->nflags; i++)
		free(a->flags[i].value);
	a->argc = a->nflags = 0;
}

/* The variables of a command line: $queue is the last queue declared. */
static const char *cmd_var(void *ctx, const char *name, char *err, size_t errlen)
{
	struct app *a = ctx;

	if (strcmp(name, "queue"))
		return NULL;
	if (!a->model.last_queue)
		snprintf(err, errlen, "$queue: no queue has been declared yet");
	return a->model.last_queue;
}

/*
 * A parse error quotes words of the line; in a line that holds a password
 * (a URL whose password has a space splits into two words) the error is
 * made again from the masked line, so no piece of the password is shown.
 */
static void cmd_masked_error(const char *text, char *err, size_t errlen)
{
	char *masked = uri_mask_text(text);
	struct cmd_words w;
	struct cmd_args args;

	if (strcmp(masked, text)) {
		if (cmd_split_words_vars(masked, NULL, &w, err, errlen) >= 0) {
			if (cmd_parse_words(w.w, w.n, w.literal, &args, err, errlen) == 0) {
				cmd_args_free(&args);
				snprintf(err, errlen, "this line does not parse, and it holds a "
						      "password, which is not shown: quote a value "
						      "that has spaces");
			}
			cmd_words_free(&w);
		}
	}
	free(masked);
}

/* A line of text: split, expand $queue, parse into j->args; 1 for an empty line. */
static int cmd_prepare_text(struct app *a, struct job *j)
{
	struct cmd_vars vars = {cmd_var, a};
	struct cmd_words w;
	char err[1024];
	int n = cmd_split_words_vars(j->text, &vars, &w, err, sizeof err);

	if (n <= 0) {
		if (n < 0)
			app_error(a, "%s", err);
		return n < 0 ? -1 : 1;
	}
	n = cmd_parse_words(w.w, w.n, w.literal, &j->args, err, sizeof err);
	cmd_words_free(&w);
	if (n < 0) {
		cmd_masked_error(j->text, err, sizeof err);
		app_error(a, "%s", err);
		return -1;
	}
	return 0;
}

const struct cmd_entry *cmd_find(const char *name)
{
	const struct cmd_entry *const *e;

	for (e = cmd_table; *e; e++)
		if (!strcmp((*e)->name, name))
			return *e;
	return NULL;
}

/* A command on data: its arguments are taken as they are, never as flags. */
static int cmd_prepare_argv(struct app *a, struct job *j)
{
	const struct cmd_entry *e = cmd_find(j->name);
	unsigned char literal[CMD_MAX_ARGS];
	char err[1024];

	assert(e && j->argc <= CMD_MAX_ARGS);
	memset(literal, CMD_WORD_VAR, sizeof literal);
	if (cmd_parse_args(e, j->argv, j->argc, literal, &j->args, err, sizeof err) < 0) {
		app_error(a, "%s", err);
		return -1;
	}
	return 0;
}

int cmd_prepare(struct app *a, struct job *j)
{
	int r;

	memset(&j->args, 0, sizeof j->args);
	if (!j->text)
		return cmd_prepare_argv(a, j);
	r = cmd_prepare_text(a, j);
	if (r > 0) /* an empty line or a comment: a command that does nothing */
		j->args.entry = &cmd_nothing_entry;
	return r < 0 ? -1 : 0;
}

/* ---- reading flags ----------------------------------------------------- */

const char *cmd_arg_str(const struct cmd_args *a, const char *flag)
{
	int i;

	for (i = a->nflags - 1; i >= 0; i--)
		if (!strcmp(a->flags[i].flag->name, flag))
			return a->flags[i].value;
	return NULL;
}

int cmd_arg_has(const struct cmd_args *a, const char *flag)
{
	return cmd_arg_str(a, flag) != NULL;
}

long long cmd_arg_num(const struct cmd_args *a, const char *flag, long long def)
{
	const char *v = cmd_arg_str(a, flag);

	return v ? strtoll(v, NULL, 10) : def;
}

double cmd_arg_float(const struct cmd_args *a, const char *flag, double def)
{
	const char *v = cmd_arg_str(a, flag);

	return v ? strtod(v, NULL) : def;
}

struct msg_kv *cmd_arg_kv(const struct cmd_args *a, const char *flag)
{
	struct msg_kv *list = NULL;
	int i;

	for (i = 0; i < a->nflags; i++)
		if (!strcmp(a->flags[i].flag->name, flag)) {
			char *v = a->flags[i].value, *eq = strchr(v, '=');

			*eq = 0;
			msg_kv_add(&list, v, eq + 1);
			*eq = '=';
		}
	return list;
}

unsigned long long cmd_msg_number(const char *s)
{
	char *end;
	unsigned long long v;

	if (*s == '#')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	return *end || errno ? 0 : v;
}
