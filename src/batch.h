/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch: commands from -c, a script file or stdin; events to stdout, one
 * line each (or one JSON object each with --json). The exit status says
 * whether any command failed.
 */
#ifndef WARREN_BATCH_H
#define WARREN_BATCH_H

struct app;

struct batch_input {
	const char *commands; /* -c: "cmd; cmd" */
	const char *script;   /* --script FILE */
	int use_stdin;
};

/* Run until the input is done (or quit); returns the exit status. */
int batch_run(struct app *a, const struct batch_input *in);

#endif
