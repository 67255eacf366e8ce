/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_view: commands about what the dashboard shows: filter, sort, pause,
 * resume, and `show message N` (which also prints in batch mode).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "detail.h"
#include "tui.h"

static int cmd_view_need_tui(struct app *a, const char *name)
{
	if (tui_active(a))
		return 1;
	app_error(a, "%s: only in the dashboard (run warren on a terminal without --batch)", name);
	return 0;
}

static enum cmd_result cmd_filter_exec(struct app *a, const struct cmd_args *args)
{
	char text[128] = "";
	const char *pane;
	int i;
	size_t k = 0;

	if (!cmd_view_need_tui(a, "filter"))
		return CMD_ERR;
	for (i = 0; i < args->argc && k < sizeof text - 1; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "%s%s", i ? " " : "", args->argv[i]);
	pane = tui_set_filter(a, text);
	if (text[0])
		app_ok(a, "%s pane: showing rows containing '%s' ('filter' alone shows all)", pane, text);
	else
		app_ok(a, "%s pane: filter cleared", pane);
	return CMD_OK;
}

const struct cmd_entry cmd_filter_entry = {
	.name = "filter",
	.args = "[TEXT]",
	.help = "show only rows of the focused pane (Messages if none) that contain TEXT",
	.max_args = 8,
	.exec = cmd_filter_exec,
};

static enum cmd_result cmd_sort_exec(struct app *a, const struct cmd_args *args)
{
	enum tui_sort s;

	if (!cmd_view_need_tui(a, "sort"))
		return CMD_ERR;
	if (tui_sort_parse(args->argv[0], &s) < 0) {
		app_error(a, "sort: KEY is one of name, ready, unacked, consumers, rate; not '%s'",
			  args->argv[0]);
		return CMD_ERR;
	}
	tui_set_sort(a, s);
	app_ok(a, "Queues pane sorted by %s", tui_sort_name(s));
	return CMD_OK;
}

const struct cmd_entry cmd_sort_entry = {
	.name = "sort",
	.args = "KEY",
	.help = "sort the Queues pane by name, ready, unacked, consumers or rate",
	.min_args = 1,
	.max_args = 1,
	.complete = "w",
	.words = "name|ready|unacked|consumers|rate",
	.exec = cmd_sort_exec,
};

static enum cmd_result cmd_pause_exec(struct app *a, const struct cmd_args *args)
{
	int on = !strcmp(args->entry->name, "pause");

	if (!cmd_view_need_tui(a, args->entry->name))
		return CMD_ERR;
	tui_pause(a, on);
	app_ok(a, on ? "log paused: the view stays, messages keep being counted ('resume' or F5)"
		     : "log resumed");
	return CMD_OK;
}

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.help = "freeze the Messages pane (messages keep arriving and being counted)",
	.exec = cmd_pause_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.help = "follow the live log again",
	.exec = cmd_pause_exec,
};

static enum cmd_result cmd_show_message_exec(struct app *a, const struct cmd_args *args)
{
	unsigned long long id = cmd_msg_number(args->argv[0]);
	const struct log_entry *e;
	struct detail_lines l = {0};
	enum detail_body mode;
	size_t i;

	if (!id) {
		app_error(a, "show message: N is a message number (#5 or 5), not '%s'", args->argv[0]);
		return CMD_ERR;
	}
	e = ring_find_msg(&a->model.log, id);
	if (!e) {
		app_error(a, "show message: #%llu is not in the log (it keeps the newest "
			     "--log-size entries)", id);
		return CMD_ERR;
	}
	mode = cmd_arg_has(args, "hex")	 ? DETAIL_HEX
	       : cmd_arg_has(args, "json") ? DETAIL_JSON
	       : cmd_arg_has(args, "text") ? DETAIL_TEXT
					   : detail_default_mode(e->msg);
	if (tui_active(a) && tui_detail_open(a, id, 0) == 0) {
		tui_detail_mode(a, mode);
		return CMD_OK;
	}
	detail_build(e->msg, mode, &l);
	for (i = 0; i < l.n; i++)
		app_out_safe(a, l.v[i]);
	detail_free(&l);
	return CMD_OK;
}

static const struct cmd_flag cmd_show_message_flags[] = {
	{"text", CMD_BOOL, NULL, 0, 0, "the body as text"},
	{"hex", CMD_BOOL, NULL, 0, 0, "the body as a hex dump"},
	{"json", CMD_BOOL, NULL, 0, 0, "the body as pretty JSON"},
	{0},
};

const struct cmd_entry cmd_show_message_entry = {
	.name = "show message",
	.args = "N",
	.help = "everything about message N: properties, headers, body as text / hex / JSON",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_show_message_flags,
	.exec = cmd_show_message_exec,
};
