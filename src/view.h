/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * view: what the UI thread's core and the commands ask of whatever shows
 * warren to the user: the batch printer (batch.c) or the dashboard (tui.c).
 *
 * The first four operations are the view's own business: every view has
 * them. The others are optional: the dashboard fills them in, batch mode
 * leaves them NULL, and a command that needs one the view lacks says so
 * (app_view_lacks). Commands never include the dashboard's headers.
 */
#ifndef WARREN_VIEW_H
#define WARREN_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct log_entry;

/* How the Queues pane is sorted (`sort KEY`). */
enum view_sort {
	VIEW_SORT_NAME,
	VIEW_SORT_READY,
	VIEW_SORT_UNACKED,
	VIEW_SORT_CONSUMERS,
	VIEW_SORT_RATE,
	VIEW_NSORTS,
};
const char *view_sort_name(enum view_sort s);
int view_sort_parse(const char *name, enum view_sort *out);

/* What a lesson says now, for the narration box (view.narrate). */
struct view_narration {
	const char *title;	    /* the lesson's */
	size_t step, nsteps;	    /* 1-based */
	const char *say;	    /* the step's narration (may be NULL) */
	const char *run;	    /* its command, typed in for the user (may be NULL) */
	const char *look;	    /* what to look at, once it ran (NULL before) */
	int look_first;		    /* look and checks are the step before's: show them first */
	const char *status;	    /* what happens now, or what to do */
	const char *const *checks;  /* the step's checks, "passed: ..." / "FAILED: ..." */
	size_t nchecks;
	int failed;		    /* a check failed */
};

struct app_view {
	/* a new entry in the log (already stored) */
	void (*entry)(struct app *a, struct log_entry *e);
	/* the model changed: redraw when convenient */
	void (*changed)(struct app *a);
	/* the command queue ran dry */
	void (*idle)(struct app *a);
	/* a signal arrived; return 1 when handled (else: quit) */
	int (*signal)(struct app *a, int signo);

	/*
	 * Seconds a command may hold the command queue before it goes on in
	 * the background so the user can type the next one; 0: never (batch
	 * mode, where scripts read top to bottom).
	 */
	double detach_after;
	/* filter the focused pane; returns the pane's name */
	const char *(*filter)(struct app *a, const char *text);
	void (*sort)(struct app *a, enum view_sort s);
	void (*pause)(struct app *a, int on);
	/* open message number id in the detail view, its body shown as mode
	 * (enum detail_body); -1 when it cannot */
	int (*detail)(struct app *a, uint64_t id, int mode);
	/* the distribution view of queue (NULL: every queue); -1 when it cannot */
	int (*dist)(struct app *a, const char *queue);
	/* type text into the command line for the user (lessons) */
	void (*prefill)(struct app *a, const char *text);
	/* the class layout: 1 on, 0 off, -1 on during lessons at <= 100 columns; returns
	   whether it is on now */
	int (*layout)(struct app *a, int mode);
	/* show what the lesson says now (NULL: the lesson ended) */
	void (*narrate)(struct app *a, const struct view_narration *n);
};

#endif
