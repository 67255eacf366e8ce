/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist: the distribution view: one row per consumer of a queue (warren's
 * workers and consumers, and the broker's other consumers), with a bar of
 * the messages each has received and its unacked count against prefetch.
 * It makes round-robin (1,3,5 / 2,4,6) and fair dispatch visible at once.
 */
#ifndef WARREN_DIST_H
#define WARREN_DIST_H

#include <stddef.h>

struct app;

#define DIST_MAX_NUMBERS 16

struct dist_row {
	char *name;
	char *queue;
	const char *kind; /* "worker", "consumer", or the client product */
	const char *state;
	long long received; /* -1: unknown (another client) */
	long long unacked;  /* -1: unknown */
	long long prefetch; /* 0: unlimited */
	long numbers[DIST_MAX_NUMBERS]; /* the numbers in the bodies it got, oldest first
					  (-N: no number in the body, warren's #N) */
	int redelivered[DIST_MAX_NUMBERS]; /* 1 redelivered, 2 lost (auto-acked, consumer died) */
	long long lost;
	size_t nnumbers;
	size_t more; /* numbers received before those */
};

/* Rows for queue (NULL: every queue); returns the count. */
size_t dist_build(struct app *a, const char *queue, struct dist_row **out);
void dist_free(struct dist_row *rows, size_t n);
/*
 * One line of safe text, cols wide at most: name, bar (scaled to the
 * largest), counts, numbers. Names from the broker are escaped here.
 */
char *dist_line(const struct dist_row *r, const struct dist_row *all, size_t n, int cols);

#endif
