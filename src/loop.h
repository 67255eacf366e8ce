/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop: the UI thread's poll() loop: file descriptors and one-shot timers.
 * Nothing here blocks but poll() itself; all work is done in callbacks.
 */
#ifndef WARREN_LOOP_H
#define WARREN_LOOP_H

#include <stdint.h>

struct loop;

typedef void (*loop_fd_cb)(void *arg, int fd, short revents);
typedef void (*loop_timer_cb)(void *arg);

struct loop *loop_new(void);
void loop_free(struct loop *l);

int loop_add_fd(struct loop *l, int fd, loop_fd_cb cb, void *arg); /* POLLIN */
/* Watch fd for these poll() events (POLLOUT: a stalled output). */
int loop_add_fd_events(struct loop *l, int fd, short events, loop_fd_cb cb, void *arg);
void loop_del_fd(struct loop *l, int fd);

/* One-shot timer after seconds; returns an id for loop_cancel (never 0). */
uint64_t loop_timer(struct loop *l, double seconds, loop_timer_cb cb, void *arg);
void loop_cancel(struct loop *l, uint64_t id);

/* Run until loop_quit() is called from a callback; returns its code. May run again. */
int loop_run(struct loop *l);
void loop_quit(struct loop *l, int code);

/* Monotonic clock in seconds. */
double loop_now(void);

#endif
