/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz: what the harnesses share. Each harness is one function,
 * fuzz_<target>(data, size), that feeds an input to one parser and checks
 * what the module promises about its output. The clang build (run.sh, with
 * -DFUZZ_LIBFUZZER) makes it libFuzzer's entry point; the normal build
 * links the same functions into tests/unit/fuzz-regress, which replays the
 * kept inputs in `make check`. A broken promise aborts, like a crash, so
 * both builds report it.
 */
#ifndef WARREN_FUZZ_H
#define WARREN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                     \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "%s:%d: broken promise: %s: ", __FILE__, \
				__LINE__, #cond);                                 \
			fprintf(stderr, __VA_ARGS__);                             \
			fputc('\n', stderr);                                      \
			abort();                                                  \
		}                                                                 \
	} while (0)

/*
 * The harness's own checks need no coverage feedback: left out, they cost
 * libFuzzer nothing (fuzz_print checks every byte of every line it prints).
 */
#if defined(__clang__)
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NOCOV
#endif

int fuzz_cmd(const uint8_t *data, size_t size);
int fuzz_uri(const uint8_t *data, size_t size);
int fuzz_text(const uint8_t *data, size_t size);
int fuzz_props(const uint8_t *data, size_t size);
int fuzz_mgmt(const uint8_t *data, size_t size);
int fuzz_print(const uint8_t *data, size_t size);

/* The input as a C string: parsers of typed text stop at a NUL anyway. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Strict UTF-8 (Unicode table 3-7), written apart from text.c so that the
 * check does not share a bug with what it checks. Returns the code point
 * at *p and advances, or returns -1.
 */
static inline FUZZ_NOCOV long fuzz_utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0], lo = 0x80, hi = 0xbf, n, i;
	long v;

	if (c < 0x80) {
		*p = s + 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 1, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2, v = c & 0x0f, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3, v = c & 0x07, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return -1;
	for (i = 1; i <= n; i++) {
		if (i == 1 ? s[i] < lo || s[i] > hi : (s[i] & 0xc0) != 0x80)
			return -1;
		v = v << 6 | (s[i] & 0x3f);
	}
	*p = s + n + 1;
	return v;
}

/*
 * Text that is safe to put on a terminal: valid UTF-8 without C0 or C1
 * controls, DEL or bidi controls ('\n' only when newline_ok).
 */
static inline FUZZ_NOCOV void fuzz_check_safe(const char *s, int newline_ok, const char *what)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;

	FUZZ_CHECK(s, "%s is NULL", what);
	while (*p) {
		size_t at = (size_t)(p - (const unsigned char *)s);

		cp = fuzz_utf8_next(&p);
		FUZZ_CHECK(cp >= 0, "%s: invalid UTF-8 at byte %zu", what, at);
		FUZZ_CHECK(cp >= 0x20 || (cp == '\n' && newline_ok),
			   "%s: control byte 0x%02lx at byte %zu", what, cp, at);
		FUZZ_CHECK(cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f),
			   "%s: DEL or C1 control U+%04lX at byte %zu", what, cp, at);
		FUZZ_CHECK(!(cp == 0x61c || cp == 0x200e || cp == 0x200f ||
			     (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)),
			   "%s: bidi control U+%04lX at byte %zu", what, cp, at);
	}
}

#ifdef FUZZ_LIBFUZZER
/* text_safe() measures with wcwidth(): run in a UTF-8 locale, like warren. */
void text_init_locale(void);
#define FUZZ_ENTRY(fn)                                                    \
	int LLVMFuzzerInitialize(int *argc, char ***argv);                \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);     \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                 \
	{                                                                 \
		(void)argc;                                               \
		(void)argv;                                               \
		text_init_locale();                                       \
		return 0;                                                 \
	}                                                                 \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)      \
	{                                                                 \
		return fn(data, size);                                    \
	}
#else
#define FUZZ_ENTRY(fn)
#endif

#endif
