/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lesson: see lesson.h. The parser reads line by line and never stops at
 * the first mistake: a teacher fixing a lesson wants every error at once,
 * each with its line. A `run:` command is checked against the command
 * table now, so a lesson never fails half-way through a class on a typo.
 */
#include "config.h"

#include "lesson.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "text.h"
#include "xmalloc.h"

struct lesson_parser {
	const char *file;
	int line;
	struct lesson *l;
	struct lesson_errors *errs;
	char **last; /* the value a continuation line adds to */
	int seen_run;
};

static void lesson_error(struct lesson_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lesson_error(struct lesson_parser *p, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	XGROW(p->errs->v, p->errs->n + 1, p->errs->cap);
	p->errs->v[p->errs->n++] = line ? xasprintf("%s:%d: %s", p->file, line, what)
					: xasprintf("%s: %s", p->file, what);
}

/* Text a class will read: strict UTF-8 and no control characters but tab. */
static int lesson_text_ok(struct lesson_parser *p, const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		k = text_utf8_char(s + i, len - i, &cp);
		if (!k) {
			lesson_error(p, p->line, "not UTF-8 (byte 0x%02x): save the lesson as UTF-8",
				     (unsigned char)s[i]);
			return 0;
		}
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0)) {
			lesson_error(p, p->line, "a control character (U+%04X) has no place in a lesson",
				     (unsigned)cp);
			return 0;
		}
		i += k;
	}
	return 1;
}

static struct lesson_step *lesson_step_now(struct lesson_parser *p, const char *key)
{
	if (!p->l->nsteps) {
		lesson_error(p, p->line, "'%s:' before the first 'step:': a step starts with 'step:'",
			     key);
		return NULL;
	}
	return &p->l->steps[p->l->nsteps - 1];
}

static void lesson_set(struct lesson_parser *p, char **field, const char *key, const char *v)
{
	if (*field) {
		lesson_error(p, p->line, "'%s:' given twice (a line that starts with a blank "
					 "continues the one above)",
			     key);
		return;
	}
	*field = xstrdup(v);
	p->last = field;
}

static int lesson_needs(struct lesson_parser *p, const char *v)
{
	if (!strcmp(v, "sandbox"))
		return LESSON_NEEDS_SANDBOX;
	if (!strcmp(v, "cluster"))
		return LESSON_NEEDS_CLUSTER;
	lesson_error(p, p->line, "needs: sandbox or cluster, not '%.40s'", v);
	return 0;
}

/* A whole number for a check. */
static int lesson_number(struct lesson_parser *p, const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (!*s || *end || errno || *out < 0) {
		lesson_error(p, p->line, "check: '%.40s' is not a count (a whole number from 0)", s);
		return -1;
	}
	return 0;
}

static const struct {
	const char *word;
	enum lesson_check_kind kind;
	int min_args, max_args; /* after the word */
	const char *usage;
} lesson_checks[] = {
	{"queue", LESSON_CHECK_QUEUE, 3, 3, "queue NAME ready|consumers N"},
	{"got", LESSON_CHECK_GOT, 1, 1 + LESSON_MAX_NUMBERS, "got TAG N..."},
	{"delivered", LESSON_CHECK_DELIVERED, 2, 2, "delivered TAG N"},
	{"redelivered", LESSON_CHECK_REDELIVERED, 2, 2, "redelivered TAG N"},
	{"lost", LESSON_CHECK_LOST, 2, 2, "lost TAG N"},
	{"result", LESSON_CHECK_RESULT, 1, 1, "result ok|error"},
	{"says", LESSON_CHECK_SAYS, 1, 1, "says \"TEXT\""},
};

#define LESSON_NCHECKS (sizeof lesson_checks / sizeof lesson_checks[0])

/* The words of a check after its kind, into c; -1 when they are wrong. */
static int lesson_check_args(struct lesson_parser *p, struct lesson_check *c, char **w, int n)
{
	int i;

	switch (c->kind) {
	case LESSON_CHECK_QUEUE:
		if (strcmp(w[1], "ready") && strcmp(w[1], "consumers")) {
			lesson_error(p, p->line, "check: queue NAME ready|consumers N, not '%.40s'",
				     w[1]);
			return -1;
		}
		c->name = xstrdup(w[0]);
		c->field = xstrdup(w[1]);
		return lesson_number(p, w[2], &c->n);
	case LESSON_CHECK_GOT:
		c->name = xstrdup(w[0]);
		c->nums = xreallocarray(NULL, (size_t)n, sizeof *c->nums);
		for (i = 1; i < n; i++)
			if (lesson_number(p, w[i], &c->nums[c->nnums++]) < 0)
				return -1;
		return 0;
	case LESSON_CHECK_RESULT:
		if (strcmp(w[0], "ok") && strcmp(w[0], "error")) {
			lesson_error(p, p->line, "check: result ok or error, not '%.40s'", w[0]);
			return -1;
		}
		c->n = !strcmp(w[0], "ok");
		return 0;
	case LESSON_CHECK_SAYS:
		c->name = xstrdup(w[0]);
		return 0;
	default:
		c->name = xstrdup(w[0]);
		return lesson_number(p, w[1], &c->n);
	}
}

static void lesson_check(struct lesson_parser *p, struct lesson_step *s, const char *v)
{
	char **w, err[256];
	int n = cmd_split_words(v, &w, err, sizeof err);
	size_t k;
	struct lesson_check c = {0};

	if (n < 0) {
		lesson_error(p, p->line, "check: %s", err);
		return;
	}
	for (k = 0; n > 0 && k < LESSON_NCHECKS; k++)
		if (!strcmp(w[0], lesson_checks[k].word))
			break;
	if (n <= 0 || k == LESSON_NCHECKS) {
		lesson_error(p, p->line, "check: what? one of queue, got, delivered, redelivered, "
					 "lost, result, says");
	} else if (n - 1 < lesson_checks[k].min_args || n - 1 > lesson_checks[k].max_args) {
		lesson_error(p, p->line, "check: %s", lesson_checks[k].usage);
	} else if (s->nchecks == LESSON_MAX_CHECKS) {
		lesson_error(p, p->line, "check: at most %d checks a step", LESSON_MAX_CHECKS);
	} else {
		c.kind = lesson_checks[k].kind;
		c.line = p->line;
		c.text = xstrdup(v);
		if (lesson_check_args(p, &c, w + 1, n - 1) == 0) {
			s->checks = xreallocarray(s->checks, s->nchecks + 1, sizeof *s->checks);
			s->checks[s->nchecks++] = c;
			c.text = c.name = c.field = NULL;
			c.nums = NULL;
		}
	}
	free(c.text);
	free(c.name);
	free(c.field);
	free(c.nums);
	cmd_free_words(w, n > 0 ? n : 0);
}

/* A step's command: one command, known to the command table, flags right. */
static void lesson_run_ok(struct lesson_parser *p, const char *v)
{
	char **cmds, **w, err[1024];
	int n = cmd_split_commands(v, &cmds), k;
	struct cmd_args args;

	cmd_free_words(cmds, n);
	if (n != 1) {
		lesson_error(p, p->line, "run: one command a step (no ';'): give each its own step");
		return;
	}
	k = cmd_split_words(v, &w, err, sizeof err);
	if (k < 0 || cmd_parse(w, k, &args, err, sizeof err) < 0)
		lesson_error(p, p->line, "run: %s", err);
	else
		cmd_args_free(&args);
	if (k >= 0)
		cmd_free_words(w, k);
}

static void lesson_new_step(struct lesson_parser *p, const char *v)
{
	struct lesson_step *s;

	if (p->l->nsteps == LESSON_MAX_STEPS) {
		lesson_error(p, p->line, "more than %d steps: split the lesson", LESSON_MAX_STEPS);
		return;
	}
	XGROW(p->l->steps, p->l->nsteps + 1, p->l->cap);
	s = &p->l->steps[p->l->nsteps++];
	memset(s, 0, sizeof *s);
	s->line = p->line;
	if (*v)
		lesson_set(p, &s->say, "step", v);
}

static void lesson_wait(struct lesson_parser *p, struct lesson_step *s, const char *v)
{
	char *end;
	double x = strtod(v, &end);

	if (!*v || *end || !(x >= 0 && x <= 3600)) /* NaN fails too */
		lesson_error(p, p->line, "wait: seconds from 0 to 3600, not '%.40s'", v);
	else
		s->wait = x;
}

/* One "key: value" line. */
static void lesson_key(struct lesson_parser *p, const char *key, const char *v)
{
	struct lesson_step *s;

	p->last = NULL;
	if (!strcmp(key, "step")) {
		lesson_new_step(p, v);
		return;
	}
	if (!strcmp(key, "title") || !strcmp(key, "about")) {
		lesson_set(p, key[0] == 't' ? &p->l->title : &p->l->about, key, v);
		return;
	}
	if (!strcmp(key, "needs") && !p->l->nsteps) {
		p->l->needs |= lesson_needs(p, v);
		return;
	}
	if (strcmp(key, "say") && strcmp(key, "run") && strcmp(key, "look") && strcmp(key, "wait") &&
	    strcmp(key, "check") && strcmp(key, "needs")) {
		lesson_error(p, p->line, "unknown key '%.40s': one of title, about, needs, step, say, "
					 "run, look, wait, check",
			     key);
		return;
	}
	if (!(s = lesson_step_now(p, key)))
		return;
	if (!strcmp(key, "say"))
		lesson_set(p, &s->say, key, v);
	else if (!strcmp(key, "look"))
		lesson_set(p, &s->look, key, v);
	else if (!strcmp(key, "run")) {
		lesson_set(p, &s->run, key, v);
		lesson_run_ok(p, v);
		p->last = NULL; /* a command is one line */
	} else if (!strcmp(key, "wait"))
		lesson_wait(p, s, v);
	else if (!strcmp(key, "needs"))
		s->needs |= lesson_needs(p, v);
	else
		lesson_check(p, s, v);
}

/* Do the text before and after a line break both end / start with a wide character? */
static int lesson_wide_join(const char *before, const char *after)
{
	size_t n = strlen(before), i = n;
	uint32_t a = 0, b = 0;

	while (i > 0 && ((unsigned char)before[i - 1] & 0xc0) == 0x80)
		i--;
	if (!i || !text_utf8_char(before + i - 1, n - i + 1, &a) ||
	    !text_utf8_char(after, strlen(after), &b))
		return 0;
	return text_width_cp(a) == 2 && text_width_cp(b) == 2;
}

/* A continuation line: more of the value above. */
static void lesson_more(struct lesson_parser *p, const char *v)
{
	char *joined;

	if (!p->last) {
		lesson_error(p, p->line, "a line that starts with a blank continues a say:, step:, "
					 "look:, title: or about: line, and there is none above");
		return;
	}
	/* Chinese or Japanese lines join without a space, as they were written */
	joined = xasprintf("%s%s%s", *p->last, lesson_wide_join(*p->last, v) ? "" : " ", v);
	free(*p->last);
	*p->last = joined;
}

static void lesson_line(struct lesson_parser *p, char *s, size_t len)
{
	char *colon, *v, *key = s;

	if (len && s[len - 1] == '\r')
		s[--len] = 0;
	if (!lesson_text_ok(p, s, len))
		return;
	while (*key == ' ' || *key == '\t')
		key++;
	if (!*key) {
		p->last = NULL;
		return;
	}
	if (*key == '#')
		return;
	if (key != s) {
		lesson_more(p, key);
		return;
	}
	colon = strchr(s, ':');
	if (!colon || colon == s || strcspn(s, " \t") < (size_t)(colon - s)) {
		lesson_error(p, p->line, "not a 'key: value' line (a comment starts with #)");
		p->last = NULL;
		return;
	}
	*colon = 0;
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	lesson_key(p, s, v);
}

/* What makes a lesson whole, once every line is read. */
static void lesson_finish(struct lesson_parser *p)
{
	size_t i;

	if (!p->l->title)
		lesson_error(p, 1, "no 'title:' line");
	if (!p->l->nsteps)
		lesson_error(p, p->line, "no steps: a step starts with 'step:'");
	for (i = 0; i < p->l->nsteps; i++)
		if (!p->l->steps[i].say && !p->l->steps[i].run)
			lesson_error(p, p->l->steps[i].line, "a step with nothing to say and nothing "
							     "to run");
}

int lesson_parse(const char *text, size_t len, const char *file, struct lesson *out,
		 struct lesson_errors *errs)
{
	struct lesson_parser p = {file, 0, out, errs, NULL, 0};
	size_t before = errs->n, start = 0;

	memset(out, 0, sizeof *out);
	out->file = xstrdup(file);
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line = xstrndup(text + start, end - start);

		p.line++;
		if (strlen(line) != end - start)
			lesson_error(&p, p.line, "a NUL byte: this is not a text file");
		else
			lesson_line(&p, line, end - start);
		free(line);
		start = end + 1;
	}
	lesson_finish(&p);
	return errs->n == before ? 0 : -1;
}

int lesson_load(const char *path, struct lesson *out, struct lesson_errors *errs)
{
	FILE *f = fopen(path, "re");
	struct lesson_parser p = {path, 0, out, errs, NULL, 0};
	char *buf;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	if (!f) {
		lesson_error(&p, 0, "cannot read it: %s", strerror(errno));
		return -1;
	}
	buf = xmalloc(LESSON_MAX_BYTES + 1);
	n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
	fclose(f);
	if (n > LESSON_MAX_BYTES) {
		lesson_error(&p, 0, "bigger than %u bytes: a lesson is a text a teacher writes",
			     LESSON_MAX_BYTES);
		free(buf);
		return -1;
	}
	rc = lesson_parse(buf, n, path, out, errs);
	free(buf);
	return rc;
}

void lesson_free(struct lesson *l)
{
	size_t i, k;

	for (i = 0; i < l->nsteps; i++) {
		struct lesson_step *s = &l->steps[i];

		for (k = 0; k < s->nchecks; k++) {
			free(s->checks[k].text);
			free(s->checks[k].name);
			free(s->checks[k].field);
			free(s->checks[k].nums);
		}
		free(s->checks);
		free(s->say);
		free(s->run);
		free(s->look);
	}
	free(l->steps);
	free(l->file);
	free(l->title);
	free(l->about);
	memset(l, 0, sizeof *l);
}

void lesson_errors_free(struct lesson_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	memset(e, 0, sizeof *e);
}

const char *lesson_dir(void)
{
	const char *env = getenv("WARREN_LESSONS");
	struct stat st;

	if (env && *env)
		return env;
	/* installed; else the source tree's (warren run from where it was built) */
	if (stat(WARREN_LESSONDIR, &st) == 0 && S_ISDIR(st.st_mode))
		return WARREN_LESSONDIR;
	return WARREN_SRC_LESSONDIR;
}
