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
#include "job.h"
#include "detail.h"

static enum cmd_result cmd_filter_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	char text[128] = "";
	const char *pane;
	int i;
	size_t k = 0;

	if (!a->view->filter)
		return app_view_lacks(a, "filter");
	for (i = 0; i < args->argc && k < sizeof text - 1; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "%s%s", i ? " " : "", args->argv[i]);
	pane = a->view->filter(a, text);
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

static enum cmd_result cmd_sort_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	enum view_sort s;

	if (!a->view->sort)
		return app_view_lacks(a, "sort");
	if (view_sort_parse(args->argv[0], &s) < 0) {
		app_error(a, "sort: KEY is one of name, ready, unacked, consumers, rate; not '%s'",
			  args->argv[0]);
		return CMD_ERR;
	}
	a->view->sort(a, s);
	app_ok(a, "Queues pane sorted by %s", view_sort_name(s));
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

static enum cmd_result cmd_pause_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	int on = !strcmp(args->entry->name, "pause");

	if (!a->view->pause)
		return app_view_lacks(a, args->entry->name);
	a->view->pause(a, on);
	app_ok(a, on ? "log paused: the view stays, messages keep being counted ('resume' or F5)"
		     : "log resumed");
	return CMD_OK;
}

static enum cmd_result cmd_layout_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *how = args->argv[0];
	int on;

	if (strcmp(how, "class") && strcmp(how, "normal") && strcmp(how, "auto")) {
		app_error(a, "layout: class, normal or auto, not '%s'", how);
		return CMD_ERR;
	}
	if (!a->view->layout)
		return app_view_lacks(a, "layout");
	on = a->view->layout(a, !strcmp(how, "class") ? 1 : !strcmp(how, "normal") ? 0 : -1);
	app_ok(a, "layout %s: the class layout is %s now", how, on ? "on" : "off");
	return CMD_OK;
}

const struct cmd_entry cmd_layout_entry = {
	.name = "layout",
	.args = "class|normal|auto",
	.help = "the class layout (Connections folded, Messages larger): on, off, or auto (on "
		"during a lesson at 100 columns or fewer)",
	.min_args = 1,
	.max_args = 1,
	.complete = "w",
	.words = "class|normal|auto",
	.exec = cmd_layout_exec,
};

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

static enum cmd_result cmd_show_message_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
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
	if (a->view->detail && a->view->detail(a, id, (int)mode) == 0)
		return CMD_OK;
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
