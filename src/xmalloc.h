/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xmalloc: the one out-of-memory policy and the one way arrays grow.
 *
 * warren cannot do anything useful without memory, and a half-built event
 * or request would lie to the user; so every allocation that fails says so
 * on stderr and aborts (the sandbox supervisor still removes the broker).
 * Array sizes are checked for overflow before they are multiplied, and
 * arrays grow by doubling, never one element at a time.
 */
#ifndef WARREN_XMALLOC_H
#define WARREN_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xzalloc(size_t n); /* zeroed */
/* realloc to n elements of size bytes each, checking n * size for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s); /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Make room for at least need elements of size bytes in p, whose room is
 * *cap elements: doubles *cap (at least 8) until it fits. New room is not
 * zeroed. Returns the (possibly moved) array.
 */
void *xgrow(void *p, size_t need, size_t *cap, size_t size);
/* XGROW(v, n, cap): room for n elements in array v, whose room is cap. */
#define XGROW(v, n, cap) ((v) = xgrow((v), (n), &(cap), sizeof *(v)))

#endif
