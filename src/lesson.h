/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson: a lesson file, read and checked. A lesson is plain UTF-8 text a
 * teacher writes in any editor:
 *
 *     # a comment
 *     title: Work queues
 *     about: round-robin, acks, durability, fair dispatch
 *     needs: sandbox                  (optional: sandbox | cluster)
 *
 *     step: A durable work queue; each '.' in a task is one second of work.
 *     run: declare queue task_queue --durable
 *     look: The Queues pane lists task_queue.
 *
 *     step: Six tasks for two workers.
 *     run: publish task_queue "Task {n}...." --persistent --count 6
 *     wait: 12.5
 *     check: got w1 1 3 5
 *     check: queue task_queue ready 0
 *
 * A step starts at `step:` (its narration may follow on the same line);
 * `say:` adds narration, `run:` is its one command, `look:` what to look at
 * once it ran, `wait:` seconds of simulated work to let pass (scaled by
 * --speed), `needs:` sandbox or cluster, and `check:` a fact warren checks
 * live (lesson_check). A line that starts with blanks continues the value
 * above it. A lesson file is untrusted input: every mistake is an error with
 * its line number, and a lesson runs no more than the commands it names.
 */
#ifndef WARREN_LESSON_H
#define WARREN_LESSON_H

#include <stddef.h>

#define LESSON_NEEDS_SANDBOX 0x1
#define LESSON_NEEDS_CLUSTER 0x2

#define LESSON_MAX_BYTES (1u << 20)
#define LESSON_MAX_STEPS 1000
#define LESSON_MAX_CHECKS 16 /* per step */
#define LESSON_MAX_NUMBERS 64

enum lesson_check_kind {
	LESSON_CHECK_QUEUE,	  /* queue NAME ready|consumers N */
	LESSON_CHECK_GOT,	  /* got TAG N...: the numbers in the bodies TAG received */
	LESSON_CHECK_DELIVERED,	  /* delivered TAG N: messages TAG received */
	LESSON_CHECK_REDELIVERED, /* redelivered TAG N: of which flagged redelivered */
	LESSON_CHECK_LOST,	  /* lost TAG N: auto-acked to TAG and lost when it was killed */
	LESSON_CHECK_RESULT,	  /* result ok|error: how the step's command ended */
	LESSON_CHECK_SAYS,	  /* says TEXT: a line of the step's output holds TEXT */
};

struct lesson_check {
	enum lesson_check_kind kind;
	int line;
	char *text;  /* as written, for the report */
	char *name;  /* queue, tag, or the text of says */
	char *field; /* queue: ready | consumers */
	long long n; /* the count expected; result: 1 ok, 0 error */
	long long *nums;
	size_t nnums;
};

struct lesson_step {
	int line;
	char *say;
	char *run;
	char *look;
	double wait;
	int needs;
	struct lesson_check *checks;
	size_t nchecks;
};

struct lesson {
	char *file;
	char *title;
	char *about;
	int needs;
	struct lesson_step *steps;
	size_t nsteps, cap;
};

/* The errors of a parse, "FILE:LINE: what is wrong", in file order. */
struct lesson_errors {
	char **v;
	size_t n, cap;
};

/*
 * Read lesson text (file names it in errors). 0 when it is sound, else -1
 * with every error found in errs (the lesson may hold what could be read).
 */
int lesson_parse(const char *text, size_t len, const char *file, struct lesson *out,
		 struct lesson_errors *errs);
/* The same from a file (too big, unreadable: an error too). */
int lesson_load(const char *path, struct lesson *out, struct lesson_errors *errs);
void lesson_free(struct lesson *l);
void lesson_errors_free(struct lesson_errors *e);

/* Where the lessons shipped with warren are: $WARREN_LESSONS, else the data directory. */
const char *lesson_dir(void);

#endif
