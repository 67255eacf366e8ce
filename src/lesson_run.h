/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson_run: a lesson (lesson.h) running live, step by step. It is a
 * background job that watches the others: it types each step's command in
 * for the user (or runs it itself with autorun), sees it start and end,
 * lets the step's simulated work pass, asks the broker view for fresh data
 * so the panes agree with what it says, checks the step's facts, then says
 * what to look at and goes on. Typed commands of one's own run without
 * moving the lesson on. The view shows it in its narration box; batch mode
 * prints it.
 */
#ifndef WARREN_LESSON_RUN_H
#define WARREN_LESSON_RUN_H

struct app;
struct job;
struct lesson;

/*
 * Start lesson l (taken) as job j, which goes to the background: by itself
 * (autorun, always so without a view that can type commands in), or step by
 * step. speed scales the simulated work and the steps' waits.
 */
void lesson_run_start(struct job *j, struct lesson *l, int autorun, double speed);

/* The lesson running now, or NULL. */
struct job *lesson_run_find(struct app *a);

/* Scene control: next, back, again, skip, stop. -1 when no lesson runs. */
int lesson_run_control(struct app *a, const char *verb);

#endif
