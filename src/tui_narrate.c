/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_narrate: the narration box of a lesson, at the bottom of the
 * dashboard above the command line: what the step says, wrapped to the
 * width (never cut), its command, what to look at once it ran, its checks,
 * and what to do now, under a title with "step 5/33". It stays until the
 * next step; the panes above it give up the rows it takes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "text.h"
#include "tui_int.h"
#include "xmalloc.h"

#define TUI_NAR_MAX_SHARE 2 /* the box takes at most 1/2 of the screen */

static void tui_nar_clear(struct tui_narration *n)
{
	size_t i;

	for (i = 0; i < n->nlines; i++)
		free(n->text[i]);
	free(n->text);
	free(n->colors);
	free(n->title);
	memset(n, 0, sizeof *n);
}

static void tui_nar_add(struct tui_narration *n, const char *prefix, const char *text,
			enum tui_color c, size_t cols)
{
	char *safe = text_safe(text, strlen(text), 0, 0), *full = xasprintf("%s%s", prefix, safe);
	char **v;
	size_t k, i, pad = strlen(prefix);

	k = text_wrap(full, cols > pad + 8 ? cols : pad + 8, &v);
	for (i = 0; i < k; i++) {
		n->text = xreallocarray(n->text, n->nlines + 1, sizeof *n->text);
		n->colors = xreallocarray(n->colors, n->nlines + 1, sizeof *n->colors);
		/* lines after the first line up under the text, not the prefix */
		n->text[n->nlines] = i ? xasprintf("%*s%s", (int)pad, "", v[i]) : xstrdup(v[i]);
		n->colors[n->nlines++] = c;
		free(v[i]);
	}
	free(v);
	free(full);
	free(safe);
}

/* Lay the narration out for the width: every sentence whole, wrapped. */
static void tui_nar_build(struct tui *t)
{
	const struct view_narration *v = &t->nar_src;
	struct tui_narration *n = &t->nar;
	size_t cols = t->cols > 4 ? (size_t)t->cols - 4 : 1, i;

	tui_nar_clear(n);
	if (!t->nar_on)
		return;
	n->title = xasprintf(" %s  ·  step %zu/%zu ", v->title ? v->title : "lesson", v->step,
			     v->nsteps);
	if (!v->look_first && v->say)
		tui_nar_add(n, "", v->say, TUI_NARRATION, cols);
	if (!v->look_first && v->run)
		tui_nar_add(n, "command: ", v->run, TUI_NARRATION_KEYS, cols);
	if (v->look)
		tui_nar_add(n, "look: ", v->look, TUI_OK, cols);
	for (i = 0; i < v->nchecks; i++)
		tui_nar_add(n, "", v->checks[i], strncmp(v->checks[i], "FAILED", 6) ? TUI_OK : TUI_ERROR,
			    cols);
	if (v->look_first && v->say)
		tui_nar_add(n, "", v->say, TUI_NARRATION, cols);
	if (v->look_first && v->run)
		tui_nar_add(n, "command: ", v->run, TUI_NARRATION_KEYS, cols);
	if (v->status)
		tui_nar_add(n, "", v->status, TUI_NARRATION_KEYS, cols);
}

/* Keep a copy of what the lesson says (its strings live in the lesson). */
static void tui_nar_copy(struct tui *t, const struct view_narration *src)
{
	struct view_narration *v = &t->nar_src;
	size_t i;

	for (i = 0; i < v->nchecks; i++)
		free((char *)v->checks[i]);
	free((char **)v->checks);
	free((char *)v->title);
	free((char *)v->say);
	free((char *)v->run);
	free((char *)v->look);
	free((char *)v->status);
	memset(v, 0, sizeof *v);
	if (!src)
		return;
	*v = *src;
	v->title = xstrdup(src->title);
	v->say = xstrdup(src->say);
	v->run = xstrdup(src->run);
	v->look = xstrdup(src->look);
	v->status = xstrdup(src->status);
	v->checks = src->nchecks ? xreallocarray(NULL, src->nchecks, sizeof *v->checks) : NULL;
	for (i = 0; i < src->nchecks; i++)
		((char **)v->checks)[i] = xstrdup(src->checks[i]);
}

void tui_narrate(struct app *a, const struct view_narration *n)
{
	struct tui *t = a->view_data;

	tui_nar_copy(t, n);
	t->nar_on = n != NULL;
	tui_nar_build(t);
	tui_layout(t);
	tui_dirty(t);
}

void tui_narrate_resize(struct tui *t)
{
	tui_nar_build(t);
}

int tui_narrate_height(const struct tui *t)
{
	int h, max = (t->rows - 2) / TUI_NAR_MAX_SHARE;

	if (!t->nar_on)
		return 0;
	h = (int)t->nar.nlines + 2;
	return h > max ? max : h;
}

void tui_narrate_draw(struct tui *t)
{
	int h = tui_narrate_height(t), y = t->rows - 1 - h, i, first;

	if (!h)
		return;
	tui_attr(stdscr, TUI_NARRATION_KEYS, 1);
	mvhline(y, 0, ACS_HLINE, t->cols);
	mvhline(y + h - 1, 0, ACS_HLINE, t->cols);
	tui_put(stdscr, y, 2, t->cols - 4, t->nar.title);
	tui_attr(stdscr, TUI_NARRATION_KEYS, 0);
	/* a box too small for it all keeps the end: what to do now */
	first = (int)t->nar.nlines > h - 2 ? (int)t->nar.nlines - (h - 2) : 0;
	for (i = 0; i < h - 2 && first + i < (int)t->nar.nlines; i++) {
		enum tui_color c = t->nar.colors[first + i];

		tui_attr(stdscr, c, 1);
		tui_put(stdscr, y + 1 + i, 2, t->cols - 4, t->nar.text[first + i]);
		tui_attr(stdscr, c, 0);
	}
}

void tui_narrate_free(struct tui *t)
{
	tui_nar_copy(t, NULL);
	tui_nar_clear(&t->nar);
	t->nar_on = 0;
}
