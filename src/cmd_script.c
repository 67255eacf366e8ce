/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_script: commands for scripts and lessons: echo, record start/stop and
 * replay.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "file.h"
#include "xmalloc.h"

static enum cmd_result cmd_echo_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	char text[2048];
	size_t k = 0;
	int i;

	text[0] = 0;
	for (i = 0; i < args->argc && k < sizeof text - 1; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "%s%s", i ? " " : "", args->argv[i]);
	app_out(a, LOG_INFO, "%s", text);
	return CMD_OK;
}

const struct cmd_entry cmd_echo_entry = {
	.name = "echo",
	.alias = "say",
	.args = "TEXT...",
	.help = "print a line (lesson scripts)",
	.max_args = CMD_MAX_ARGS,
	.exec = cmd_echo_exec,
};

/* ---- record, replay ---------------------------------------------------- */

static enum cmd_result cmd_record_start_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	FILE *f;

	if (a->record) {
		app_error(a, "record start: already recording: 'record stop' first");
		return CMD_ERR;
	}
	f = file_open_private(args->argv[0], "w");
	if (!f) {
		app_error(a, "record start: cannot write %s: %s", args->argv[0], strerror(errno));
		return CMD_ERR;
	}
	fprintf(f, "# warren recording: replay it with 'replay FILE' or 'warren --script FILE'\n");
	a->record = f;
	a->record_last = 0;
	app_ok(a, "recording the commands you type, with their timing, to %s", args->argv[0]);
	return CMD_OK;
}

const struct cmd_entry cmd_record_start_entry = {
	.name = "record start",
	.args = "FILE",
	.help = "save the commands typed from now on, with their timing, to FILE",
	.min_args = 1,
	.max_args = 1,
	.complete = "f",
	.exec = cmd_record_start_exec,
};

static enum cmd_result cmd_record_stop_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;

	if (!a->record) {
		app_error(a, "record stop: not recording");
		return CMD_ERR;
	}
	fclose(a->record);
	a->record = NULL;
	app_ok(a, "recording stopped");
	return CMD_OK;
}

const struct cmd_entry cmd_record_stop_entry = {
	.name = "record stop",
	.help = "stop recording",
	.exec = cmd_record_stop_exec,
};

static const struct cmd_flag cmd_replay_flags[] = {
	{"speed", CMD_FLOAT, "F", 0, 1000, "replay F times faster (the pauses are shortened)"},
	{0},
};

/* A recorded "sleep S" line, scaled by 1/speed. */
static char *cmd_replay_line(const char *line, double speed)
{
	char *end;
	double s;

	if (strncmp(line, "sleep ", 6))
		return msg_strdup(line);
	s = strtod(line + 6, &end);
	if (*end)
		return msg_strdup(line);
	return msg_printf("sleep %.3f", s / speed);
}

/* Replays within replays: a lesson may play its parts, a file that replays itself may not. */
#define CMD_REPLAY_MAX_DEPTH 8

static enum cmd_result cmd_replay_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	double speed = cmd_arg_float(args, "speed", 1);
	FILE *f;
	char *line = NULL, **lines = NULL;
	size_t cap = 0, n = 0, ncap = 0, i;
	ssize_t len;

	if (j->depth >= CMD_REPLAY_MAX_DEPTH) {
		app_error(a, "replay %s: not replayed: replays nested %d deep already (at most %d; "
			     "does a file replay itself?)",
			  args->argv[0], j->depth, CMD_REPLAY_MAX_DEPTH);
		return CMD_ERR;
	}
	f = fopen(args->argv[0], "re");
	if (!f) {
		app_error(a, "replay: cannot read %s: %s", args->argv[0], strerror(errno));
		return CMD_ERR;
	}
	if (speed <= 0) {
		app_error(a, "replay: --speed must be above 0");
		fclose(f);
		return CMD_ERR;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **cmds;
		int k, m;

		if (len && line[len - 1] == '\n')
			line[len - 1] = 0;
		m = cmd_split_commands(line, &cmds);
		for (k = 0; k < m; k++) {
			XGROW(lines, n + 1, ncap);
			lines[n++] = cmd_replay_line(cmds[k], speed);
			free(cmds[k]);
		}
		free(cmds);
	}
	free(line);
	fclose(f);
	app_out(a, LOG_INFO, "replaying %zu command%s from %s%s", n, n == 1 ? "" : "s",
		args->argv[0], speed != 1 ? " (faster)" : "");
	app_queue_front(a, lines, n);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return CMD_OK;
}

const struct cmd_entry cmd_replay_entry = {
	.name = "replay",
	.args = "FILE",
	.help = "run a recorded lesson (its pauses scaled by --speed)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_replay_flags,
	.complete = "f",
	.exec = cmd_replay_exec,
};
