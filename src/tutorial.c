/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tutorial: the commands of lessons: `tutorial [N]` runs a lesson shipped
 * with warren (the RabbitMQ tutorials, one file each in the lessons
 * directory, named NN-name.lesson), `lesson FILE` any lesson file, `lesson
 * --check FILE` only checks one, and next / back / again / skip steer the
 * lesson that runs. The lessons themselves run in lesson_run.c.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "lesson.h"
#include "lesson_run.h"
#include "xmalloc.h"

/* The shipped lessons: NN-*.lesson in the lessons directory, in order. */
struct tut_list {
	char **path;
	size_t n, cap;
};

static int tut_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void tut_list(struct tut_list *t)
{
	const char *dir = lesson_dir();
	DIR *d = opendir(dir);
	struct dirent *e;

	memset(t, 0, sizeof *t);
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 10 || e->d_name[0] < '0' || e->d_name[0] > '9' || e->d_name[2] != '-' ||
		    strcmp(e->d_name + len - 7, ".lesson"))
			continue;
		XGROW(t->path, t->n + 1, t->cap);
		t->path[t->n++] = xasprintf("%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
	qsort(t->path, t->n, sizeof *t->path, tut_cmp);
}

static void tut_list_free(struct tut_list *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->path[i]);
	free(t->path);
}

/* The lesson for N ("2", "02") or a name ("failover"); NULL when none. */
static const char *tut_find(const struct tut_list *t, const char *which)
{
	char *end;
	long k = strtol(which, &end, 10);
	size_t i;
	const char *best = NULL;

	for (i = 0; i < t->n; i++) {
		const char *base = strrchr(t->path[i], '/') + 1;

		/* a number: the shortest name (02-work-queues, not its translation -zh) */
		if (!*end && k == strtol(base, NULL, 10) && (!best || strlen(t->path[i]) < strlen(best)))
			best = t->path[i];
		/* a name: exactly, else the shortest that holds it ("failover") */
		if (*end && strstr(base + 3, which)) {
			if (!strncmp(base + 3, which, strlen(which)) &&
			    !strcmp(base + 3 + strlen(which), ".lesson"))
				return t->path[i];
			if (!best || strlen(t->path[i]) < strlen(best))
				best = t->path[i];
		}
	}
	return best;
}

static int tut_load(struct app *a, const char *what, const char *path, struct lesson *l)
{
	struct lesson_errors errs = {0};
	size_t i;
	int rc = lesson_load(path, l, &errs);

	for (i = 0; i < errs.n; i++)
		app_error(a, "%s: %s", what, errs.v[i]);
	lesson_errors_free(&errs);
	if (rc < 0)
		lesson_free(l);
	return rc;
}

static void tut_print_list(struct app *a, const struct tut_list *t)
{
	size_t i;

	app_out(a, LOG_INFO, "lessons (tutorial N runs one step by step; --auto runs on by itself):");
	for (i = 0; i < t->n; i++) {
		struct lesson l;
		struct lesson_errors errs = {0};
		const char *base = strrchr(t->path[i], '/') + 1;

		if (lesson_load(t->path[i], &l, &errs) == 0)
			app_out(a, LOG_INFO, "  %2ld  %-30s %s", strtol(base, NULL, 10), l.title,
				l.about ? l.about : "");
		else
			app_out(a, LOG_WARN, "  %2ld  (%s does not read: %s)", strtol(base, NULL, 10),
				base, errs.n ? errs.v[0] : "?");
		lesson_free(&l);
		lesson_errors_free(&errs);
	}
	if (!t->n)
		app_error(a, "tutorial: no lessons in %s (set WARREN_LESSONS to their directory)",
			  lesson_dir());
}

static const struct cmd_flag cmd_tutorial_flags[] = {
	{"auto", CMD_BOOL, NULL, 0, 0, "run every step on its own (always so in batch mode)"},
	{"speed", CMD_FLOAT, "F", 0, 1000, "simulated work F times faster (default 1)"},
	{"stop", CMD_BOOL, NULL, 0, 0, "leave the lesson that runs"},
	{"check", CMD_BOOL, NULL, 0, 0, "lesson: only check the file, say every error, run nothing"},
	{0},
};

/* Start lesson l as j, or say why not. */
static enum cmd_result cmd_lesson_go(struct job *j, const struct cmd_args *args, struct lesson *l)
{
	double speed = cmd_arg_float(args, "speed", 1);

	if (speed <= 0) {
		app_error(j->a, "%s: --speed must be above 0", args->entry->name);
		lesson_free(l);
		return CMD_ERR;
	}
	lesson_run_start(j, l, cmd_arg_has(args, "auto"), speed);
	return CMD_PENDING;
}

static enum cmd_result cmd_lesson_stop(struct app *a, const char *name)
{
	if (lesson_run_control(a, "stop") < 0) {
		app_error(a, "%s --stop: no lesson is running", name);
		return CMD_ERR;
	}
	app_ok(a, "lesson stopped");
	return CMD_OK;
}

static enum cmd_result cmd_tutorial_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct tut_list t;
	struct lesson l;
	const char *path;
	enum cmd_result r = CMD_ERR;

	if (cmd_arg_has(args, "stop"))
		return cmd_lesson_stop(a, "tutorial");
	tut_list(&t);
	if (!args->argc) {
		tut_print_list(a, &t);
		r = t.n ? CMD_OK : CMD_ERR;
	} else if (!(path = tut_find(&t, args->argv[0]))) {
		app_error(a, "tutorial: no lesson %s ('tutorial' lists them)", args->argv[0]);
	} else if (tut_load(a, "tutorial", path, &l) == 0) {
		r = cmd_lesson_go(j, args, &l);
	}
	tut_list_free(&t);
	return r;
}

const struct cmd_entry cmd_tutorial_entry = {
	.name = "tutorial",
	.args = "[N|NAME]",
	.help = "list the lessons shipped with warren (the RabbitMQ tutorials), or run one step by "
		"step",
	.max_args = 1,
	.flags = cmd_tutorial_flags,
	.exec = cmd_tutorial_exec,
};

static enum cmd_result cmd_lesson_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct lesson l;

	if (cmd_arg_has(args, "stop"))
		return cmd_lesson_stop(a, "lesson");
	if (!args->argc) {
		app_error(a, "lesson: which file? (lesson FILE, lesson --check FILE)");
		return CMD_ERR;
	}
	if (tut_load(a, "lesson", args->argv[0], &l) < 0)
		return CMD_ERR;
	if (cmd_arg_has(args, "check")) {
		app_ok(a, "lesson %s reads well: '%s', %zu steps", args->argv[0], l.title, l.nsteps);
		lesson_free(&l);
		return CMD_OK;
	}
	return cmd_lesson_go(j, args, &l);
}

const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.args = "[FILE]",
	.help = "run a lesson file step by step (--check: only say what is wrong in it)",
	.max_args = 1,
	.flags = cmd_tutorial_flags,
	.complete = "f",
	.exec = cmd_lesson_exec,
};

/* ---- steering the lesson that runs ------------------------------------------ */

static enum cmd_result cmd_steer_exec(struct job *j, const struct cmd_args *args)
{
	const char *verb = args->entry->name;
	int rc = lesson_run_control(j->a, verb);

	if (rc < 0) {
		app_error(j->a, "%s: no lesson is running ('tutorial' lists them)", verb);
		return CMD_ERR;
	}
	if (rc > 0)
		app_out(j->a, LOG_INFO, "%s: the step is still running: again once its look shows", verb);
	return CMD_OK;
}

#define CMD_STEER(id, text)                                                                \
	const struct cmd_entry cmd_##id##_entry = {                                        \
		.name = #id,                                                                \
		.help = text,                                                               \
		.exec = cmd_steer_exec,                                                     \
	}

CMD_STEER(next, "lesson: go on to the next step (running this one's command first) (F12)");
CMD_STEER(back, "lesson: back to the step before, its command typed in again (F11)");
CMD_STEER(again, "lesson: this step again, its command typed in again (F9)");
CMD_STEER(skip, "lesson: on to the next step without running this one's command");
