/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_cmd: the command line parser (src/cmd.c), from a typed line to parsed
 * arguments: split at ';', split into words, look the command up, parse
 * its flags, read them back. cmd_run() is left out: it needs an app and
 * would talk to a broker; everything before it is what a user's typing
 * reaches.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"
#include "fuzz.h"

/* Read every parsed flag back the way the exec functions do. */
static void fuzz_cmd_read_flags(const struct cmd_args *a)
{
	int i;

	for (i = 0; i < a->nflags; i++) {
		const struct cmd_flag *f = a->flags[i].flag;

		FUZZ_CHECK(cmd_arg_has(a, f->name), "--%s parsed but not found", f->name);
		switch (f->kind) {
		case CMD_NUM: {
			long long v = cmd_arg_num(a, f->name, f->min);

			FUZZ_CHECK(v >= f->min && v <= f->max, "--%s=%lld outside [%lld, %lld]",
				   f->name, v, f->min, f->max);
			break;
		}
		case CMD_FLOAT:
			(void)cmd_arg_float(a, f->name, 0);
			break;
		case CMD_KV:
			msg_kv_free(cmd_arg_kv(a, f->name));
			break;
		default:
			FUZZ_CHECK(cmd_arg_str(a, f->name), "--%s has no value", f->name);
			break;
		}
	}
}

static void fuzz_cmd_one(const char *text)
{
	char **w = NULL, err[1024];
	struct cmd_args args;
	int n, used = 0, i;

	err[0] = '\0';
	n = cmd_split_words(text, &w, err, sizeof err);
	if (n < 0) {
		FUZZ_CHECK(err[0] && !w, "split failed without a message");
		return;
	}
	for (i = 0; i < n; i++)
		(void)cmd_msg_number(w[i]);
	if (n > 0) {
		const struct cmd_entry *e = cmd_lookup(w, n, &used);

		FUZZ_CHECK(!e || used == 1 || used == 2, "lookup used %d words", used);
	}
	err[0] = '\0';
	if (cmd_parse(w, n, &args, err, sizeof err) == 0) {
		FUZZ_CHECK(args.entry && args.argc >= args.entry->min_args &&
				   args.argc <= args.entry->max_args,
			   "%d arguments accepted for %s", args.argc, args.entry->name);
		fuzz_cmd_read_flags(&args);
		cmd_args_free(&args);
	} else {
		FUZZ_CHECK(err[0], "parse failed without a message");
		FUZZ_CHECK(args.argc == 0 && args.nflags == 0, "failed parse left arguments");
	}
	cmd_free_words(w, n);
}

static const char *fuzz_cmd_var(void *ctx, const char *name, char *err, size_t errlen)
{
	(void)name, (void)err, (void)errlen;
	return ctx;
}

/*
 * Data never becomes command text: any value (a queue's name from a hostile
 * broker) quoted by cmd_quote comes back as that one word, never a flag;
 * as $queue it is one literal argument, whatever it holds.
 */
static void fuzz_cmd_data(const char *value)
{
	struct cmd_vars vars = {fuzz_cmd_var, (void *)value};
	struct cmd_words w;
	struct cmd_args args;
	char err[1024], *q = cmd_quote(value), *line = msg_printf("delete queue %s", q);
	int n;

	n = cmd_split_words_vars(line, NULL, &w, err, sizeof err);
	FUZZ_CHECK(n == 3 && !strcmp(w.w[2], value), "quoted '%s' did not come back as one word",
		   value);
	if (cmd_parse_words(w.w, w.n, w.literal, &args, err, sizeof err) == 0) {
		FUZZ_CHECK(args.argc == 1 && !strcmp(args.argv[0], value) && !args.nflags,
			   "quoted '%s' parsed as something else", value);
		cmd_args_free(&args);
	}
	cmd_words_free(&w);
	n = cmd_split_words_vars("delete queue $queue --if-empty", &vars, &w, err, sizeof err);
	FUZZ_CHECK(n == 4 && !strcmp(w.w[2], value) && w.literal[2] == CMD_WORD_VAR,
		   "$queue = '%s' is not one literal word", value);
	FUZZ_CHECK(cmd_parse_words(w.w, w.n, w.literal, &args, err, sizeof err) == 0 &&
			   args.argc == 1 && !strcmp(args.argv[0], value) && args.nflags == 1,
		   "$queue = '%s' changed the command", value);
	cmd_args_free(&args);
	cmd_words_free(&w);
	free(line);
	free(q);
}

int fuzz_cmd(const uint8_t *data, size_t size)
{
	char *line = fuzz_str(data, size), **cmds = NULL;
	int n = cmd_split_commands(line, &cmds), i;

	(void)cmd_msg_number(line);
	fuzz_cmd_data(line);
	for (i = 0; i < n; i++)
		fuzz_cmd_one(cmds[i]);
	cmd_free_words(cmds, n);
	free(line);
	return 0;
}

FUZZ_ENTRY(fuzz_cmd)
