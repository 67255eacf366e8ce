/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop: see loop.h. Timers are kept in a small binary heap; cancelled ones
 * are dropped lazily when they reach the top.
 */
#include "config.h"

#include "loop.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg.h"
#include "xmalloc.h"

#define LOOP_MAX_FDS 16

struct loop_timer {
	double when;
	uint64_t id;
	loop_timer_cb cb;
	void *arg;
};

struct loop {
	struct pollfd pfd[LOOP_MAX_FDS];
	loop_fd_cb cb[LOOP_MAX_FDS];
	void *arg[LOOP_MAX_FDS];
	int nfd;
	struct loop_timer *heap;
	size_t nheap, cap;
	uint64_t next_id;
	uint64_t *cancelled;
	size_t ncancelled, cancel_cap;
	int quit, code;
};

double loop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct loop *loop_new(void)
{
	struct loop *l = msg_alloc(sizeof *l);

	l->next_id = 1;
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	free(l->heap);
	free(l->cancelled);
	free(l);
}

int loop_add_fd(struct loop *l, int fd, loop_fd_cb cb, void *arg)
{
	return loop_add_fd_events(l, fd, POLLIN, cb, arg);
}

int loop_add_fd_events(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg)
{
	if (l->nfd == LOOP_MAX_FDS)
		return -1;
	l->pfd[l->nfd].fd = fd;
	l->pfd[l->nfd].events = events;
	l->cb[l->nfd] = cb;
	l->arg[l->nfd] = arg;
	l->nfd++;
	return 0;
}

void loop_del_fd(struct loop *l, int fd)
{
	int i;

	for (i = 0; i < l->nfd; i++)
		if (l->pfd[i].fd == fd) {
			l->nfd--;
			l->pfd[i] = l->pfd[l->nfd];
			l->cb[i] = l->cb[l->nfd];
			l->arg[i] = l->arg[l->nfd];
			return;
		}
}

static void loop_heap_swap(struct loop *l, size_t a, size_t b)
{
	struct loop_timer t = l->heap[a];

	l->heap[a] = l->heap[b];
	l->heap[b] = t;
}

uint64_t loop_timer(struct loop *l, double seconds, loop_timer_cb cb, void *arg)
{
	size_t i;
	uint64_t id = l->next_id++;

	XGROW(l->heap, l->nheap + 1, l->cap);
	i = l->nheap++;
	l->heap[i] = (struct loop_timer){loop_now() + (seconds > 0 ? seconds : 0), id, cb, arg};
	while (i > 0 && l->heap[(i - 1) / 2].when > l->heap[i].when) {
		loop_heap_swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	return id;
}

void loop_cancel(struct loop *l, uint64_t id)
{
	size_t i;

	if (!id)
		return;
	for (i = 0; i < l->nheap; i++)
		if (l->heap[i].id == id) {
			XGROW(l->cancelled, l->ncancelled + 1, l->cancel_cap);
			l->cancelled[l->ncancelled++] = id;
			return;
		}
}

static int loop_take_cancelled(struct loop *l, uint64_t id)
{
	size_t i;

	for (i = 0; i < l->ncancelled; i++)
		if (l->cancelled[i] == id) {
			l->cancelled[i] = l->cancelled[--l->ncancelled];
			return 1;
		}
	return 0;
}

static struct loop_timer loop_pop(struct loop *l)
{
	struct loop_timer top = l->heap[0];
	size_t i = 0;

	l->heap[0] = l->heap[--l->nheap];
	for (;;) {
		size_t c = 2 * i + 1, m = i;

		if (c < l->nheap && l->heap[c].when < l->heap[m].when)
			m = c;
		if (c + 1 < l->nheap && l->heap[c + 1].when < l->heap[m].when)
			m = c + 1;
		if (m == i)
			break;
		loop_heap_swap(l, i, m);
		i = m;
	}
	return top;
}

static void loop_fire_timers(struct loop *l)
{
	double now = loop_now();

	while (l->nheap && l->heap[0].when <= now && !l->quit) {
		struct loop_timer t = loop_pop(l);

		if (!loop_take_cancelled(l, t.id))
			t.cb(t.arg);
	}
}

int loop_run(struct loop *l)
{
	l->quit = 0; /* it may run again after a loop_quit (batch output's last wait) */
	while (!l->quit) {
		int timeout = -1, n, i;
		struct pollfd pfd[LOOP_MAX_FDS];
		int nfd = l->nfd;

		if (l->nheap) {
			double d = (l->heap[0].when - loop_now()) * 1000;

			/* a far timer: wake once a minute rather than overflow the int */
			timeout = d <= 0 ? 0 : d >= 60000 ? 60000 : (int)ceil(d);
		}
		memcpy(pfd, l->pfd, sizeof pfd);
		n = poll(pfd, (nfds_t)nfd, timeout);
		if (n < 0 && errno != EINTR)
			return -1;
		for (i = 0; n > 0 && i < nfd && !l->quit; i++) {
			int j;

			if (!pfd[i].revents)
				continue;
			/* a callback may have removed or moved entries */
			for (j = 0; j < l->nfd; j++)
				if (l->pfd[j].fd == pfd[i].fd) {
					l->cb[j](l->arg[j], pfd[i].fd, pfd[i].revents);
					break;
				}
		}
		loop_fire_timers(l);
	}
	return l->code;
}

void loop_quit(struct loop *l, int code)
{
	l->quit = 1;
	l->code = code;
}
