/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson_check: the facts a lesson step asserts (lesson.h), checked live.
 * Most are read from what warren saw (the deliveries of the step, the
 * notes said during it, how its command ended); a queue's counts are asked
 * of the broker itself with a passive queue.declare, exact at that moment
 * (the management API's counts lag). Each check gives one line, "passed:
 * ..." or "FAILED: ... (what was seen)".
 */
#ifndef WARREN_LESSON_CHECK_H
#define WARREN_LESSON_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct job;
struct lesson_check;
struct msg_ev;

struct lesson_check_ctx {
	struct app *a;
	uint64_t first_msg;  /* the step's deliveries are numbered above this */
	uint64_t lesson_msg; /* the lesson's, above this */
	uint64_t note_seq;   /* the step's notes have a seq above this */
	int step_ok;	     /* how the step's command ended */
};

struct lesson_check_lines {
	char **v;
	size_t n, cap;
	unsigned passed, failed;
	/* the checks under way (queue checks wait for the broker) */
	const struct lesson_check *checks;
	size_t nchecks, next;
	int tries; /* of the queue check under way */
	struct lesson_check_ctx ctx;
	void (*done)(struct job *j);
	/* the job's result callback, which hands the answer to lesson_check_answer */
	void (*answered)(struct job *j, int ok, const struct msg_ev *ev);
	/* the job's timer callback, which calls lesson_check_again (a count to ask again) */
	void (*retry)(struct job *j);
};

/*
 * Check n checks for job j; their lines go to out; done(j) is called once
 * all are checked (at once, or when the broker has answered: the job waits
 * for a passive declare with out->answered, which must call
 * lesson_check_answer with the same out).
 */
void lesson_check_run(const struct lesson_check_ctx *ctx, const struct lesson_check *c, size_t n,
		      struct lesson_check_lines *out, struct job *j, void (*done)(struct job *j));
void lesson_check_answer(struct lesson_check_lines *out, struct job *j, int ok,
			 const struct msg_ev *ev);
void lesson_check_again(struct lesson_check_lines *out, struct job *j);
void lesson_check_lines_free(struct lesson_check_lines *l);

#endif
