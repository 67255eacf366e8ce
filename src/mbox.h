/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox: a mailbox between the two threads. A mutex-protected list plus an
 * eventfd that a poll() loop can wait on. Items embed struct mbox_item first;
 * whoever takes an item owns it.
 */
#ifndef WARREN_MBOX_H
#define WARREN_MBOX_H

#include <pthread.h>

struct mbox_item {
	struct mbox_item *next;
};

struct mbox {
	pthread_mutex_t lock;
	struct mbox_item *head;
	struct mbox_item *tail;
	size_t pending; /* items queued, for back-pressure */
	int efd;
};

int mbox_init(struct mbox *mb);
void mbox_destroy(struct mbox *mb);

/* Append a chain of items (first..last linked by next); wakes the reader. */
void mbox_push_chain(struct mbox *mb, struct mbox_item *first, struct mbox_item *last);
void mbox_push(struct mbox *mb, struct mbox_item *item);

/* Take everything queued, oldest first; NULL when empty. */
struct mbox_item *mbox_take_all(struct mbox *mb);

int mbox_fd(const struct mbox *mb);
/* How many items wait for the reader (a hint: it may change at once). */
size_t mbox_pending(struct mbox *mb);

#endif
