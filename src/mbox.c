/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbox: see mbox.h. The eventfd is written only when the list goes from
 * empty to non-empty, so a flood of events costs one wakeup per batch.
 */
#include "config.h"

#include "mbox.h"

#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

int mbox_init(struct mbox *mb)
{
	mb->head = mb->tail = NULL;
	mb->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (mb->efd < 0)
		return -1;
	pthread_mutex_init(&mb->lock, NULL);
	return 0;
}

void mbox_destroy(struct mbox *mb)
{
	if (mb->efd >= 0)
		close(mb->efd);
	mb->efd = -1;
	pthread_mutex_destroy(&mb->lock);
}

void mbox_push_chain(struct mbox *mb, struct mbox_item *first, struct mbox_item *last)
{
	int wake;
	uint64_t one = 1;

	struct mbox_item *it;
	size_t n = 0;

	last->next = NULL;
	for (it = first; it; it = it->next)
		n++;
	pthread_mutex_lock(&mb->lock);
	wake = mb->head == NULL;
	mb->pending += n;
	if (mb->tail)
		mb->tail->next = first;
	else
		mb->head = first;
	mb->tail = last;
	pthread_mutex_unlock(&mb->lock);
	if (wake && write(mb->efd, &one, sizeof one) < 0) {
		/* EAGAIN: the counter is already non-zero, the reader will wake */
	}
}

void mbox_push(struct mbox *mb, struct mbox_item *item)
{
	mbox_push_chain(mb, item, item);
}

struct mbox_item *mbox_take_all(struct mbox *mb)
{
	struct mbox_item *all;
	uint64_t n;

	if (read(mb->efd, &n, sizeof n) < 0) {
		/* EAGAIN: nothing signalled, the list may still hold items */
	}
	pthread_mutex_lock(&mb->lock);
	all = mb->head;
	mb->head = mb->tail = NULL;
	mb->pending = 0;
	pthread_mutex_unlock(&mb->lock);
	return all;
}

size_t mbox_pending(struct mbox *mb)
{
	size_t n;

	pthread_mutex_lock(&mb->lock);
	n = mb->pending;
	pthread_mutex_unlock(&mb->lock);
	return n;
}

int mbox_fd(const struct mbox *mb)
{
	return mb->efd;
}
