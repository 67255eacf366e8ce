/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xmalloc: see xmalloc.h. */
#include "config.h"

#include "xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void xmalloc_die(size_t n)
{
	fprintf(stderr, "warren: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		xmalloc_die(n);
	return p;
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		xmalloc_die(n);
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		xmalloc_die(SIZE_MAX);
	bytes = n * size;
	p = realloc(p, bytes ? bytes : 1);
	if (!p)
		xmalloc_die(bytes);
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xmemdup(s, strlen(s) + 1) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX)
		xmalloc_die(n);
	d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void *xmemdup(const void *p, size_t n)
{
	void *d = xmalloc(n);

	if (n)
		memcpy(d, p, n);
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		xmalloc_die(strlen(fmt));
	va_end(ap);
	return s;
}

void *xgrow(void *p, size_t need, size_t *cap, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			xmalloc_die(SIZE_MAX);
		c *= 2;
	}
	p = xreallocarray(p, c, size);
	*cap = c;
	return p;
}
