/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_words: how a command line becomes words. Words are split shell-style:
 * 'single quotes' are literal, "double quotes" take \" \\ \n \t \r \xNN
 * escapes, a backslash outside quotes escapes the next character, and a
 * command starting with # is a comment. A quoted word is never a flag; an
 * unquoted word that is exactly $NAME is a variable's value, one literal
 * word (never a flag or a command). cmd_quote() is the way back: a word as
 * one would type it.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "xmalloc.h"

/* ---- splitting --------------------------------------------------------- */

static int cmd_blank(const char *from, const char *to)
{
	for (; from < to; from++)
		if (!isspace((unsigned char)*from))
			return 0;
	return 1;
}

int cmd_split_commands(const char *line, char ***out)
{
	char **v = NULL;
	int n = 0;
	size_t cap = 0;
	const char *p = line, *start = line;
	char quote = 0;

	for (;; p++) {
		if (*p && quote) {
			if (*p == '\\' && quote == '"' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			continue;
		}
		if (*p == '#' && cmd_blank(start, p)) {
			/* a line (or command) starting with # is a comment to the end */
			while (p[1])
				p++;
			p++;
		}
		if (*p == ';' || !*p) {
			size_t len = (size_t)(p - start);
			const char *s = start;

			while (len && isspace((unsigned char)*s))
				s++, len--;
			while (len && isspace((unsigned char)s[len - 1]))
				len--;
			if (len && *s != '#') {
				XGROW(v, (size_t)n + 1, cap);
				v[n] = msg_alloc(len + 1);
				memcpy(v[n], s, len);
				n++;
			}
			if (!*p)
				break;
			start = p + 1;
		}
	}
	*out = v;
	return n;
}

static int cmd_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One escape after a backslash inside double quotes; returns chars used. */
static int cmd_escape(const char *p, char *out)
{
	int h1, h2;

	switch (*p) {
	case 'n': *out = '\n'; return 1;
	case 't': *out = '\t'; return 1;
	case 'r': *out = '\r'; return 1;
	case 'x':
		h1 = cmd_hex((unsigned char)p[1]);
		h2 = h1 >= 0 ? cmd_hex((unsigned char)p[2]) : -1;
		if (h2 >= 0) {
			*out = (char)(h1 * 16 + h2);
			return 3;
		}
		*out = 'x';
		return 1;
	default: *out = *p; return 1;
	}
}

/*
 * A word that is exactly $NAME, unquoted, or the value of an unquoted
 * --flag=$NAME, is a variable: it becomes the variable's value as one word,
 * never parsed again, so no value can add a word, a flag or a command.
 * Quoted text and other words keep their $ as typed. Returns 1 for a whole
 * word (*value is a literal argument), 2 for a flag's value, 0 for no
 * variable, -1 for an error (err says it).
 */
static int cmd_var_word(const char *word, int quoted, const struct cmd_vars *vars, char **value,
			char *err, size_t errlen)
{
	const char *name = word, *eq;
	const char *v;

	*value = NULL;
	if (!vars || quoted)
		return 0;
	if (word[0] == '-' && word[1] == '-' && (eq = strchr(word, '=')))
		name = eq + 1;
	if (name[0] != '$' || !name[1])
		return 0;
	v = vars->lookup(vars->ctx, name + 1, err, errlen);
	if (!v)
		return err[0] ? -1 : 0; /* not a variable: the word stays as typed */
	if (name == word) {
		*value = msg_strdup(v);
		return 1;
	}
	*value = msg_printf("%.*s%s", (int)(name - word), word, v);
	return 2;
}

int cmd_split_words_vars(const char *text, const struct cmd_vars *vars, struct cmd_words *out,
			 char *err, size_t errlen)
{
	size_t len = strlen(text);
	char *buf = msg_alloc(len + 1), *o, *value;
	const char *p = text;
	int quoted, r;

	memset(out, 0, sizeof *out);
	err[0] = 0;
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || (*p == '#' && out->n == 0 && cmd_blank(text, p)))
			break;
		o = buf;
		quoted = 0;
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');

				if (!end)
					goto unterminated;
				memcpy(o, p + 1, (size_t)(end - p - 1));
				o += end - p - 1;
				p = end + 1;
				quoted = 1;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1])
						p += cmd_escape(p + 1, o++);
					else
						*o++ = *p;
				}
				if (*p != '"')
					goto unterminated;
				p++;
				quoted = 1;
			} else if (*p == '\\' && p[1]) {
				*o++ = p[1];
				p += 2;
				quoted = 1;
			} else {
				*o++ = *p++;
			}
		}
		*o = 0;
		r = cmd_var_word(buf, quoted, vars, &value, err, errlen);
		if (r < 0) {
			free(buf);
			cmd_words_free(out);
			return -1;
		}
		cmd_words_add(out, value ? value : buf,
			      r == 1 ? CMD_WORD_VAR : quoted ? CMD_WORD_QUOTED : 0);
		free(value);
	}
	free(buf);
	return out->n;
unterminated:
	snprintf(err, errlen, "unterminated quote: close it with a matching %c", *p);
	free(buf);
	cmd_words_free(out);
	return -1;
}

int cmd_split_words(const char *text, char ***out, char *err, size_t errlen)
{
	struct cmd_words w;
	int n = cmd_split_words_vars(text, NULL, &w, err, errlen);

	*out = n < 0 ? NULL : w.w;
	free(w.literal);
	return n;
}

void cmd_words_add(struct cmd_words *w, const char *word, int literal)
{
	if ((size_t)w->n == w->cap) {
		size_t cap = w->cap;

		XGROW(w->w, (size_t)w->n + 1, cap);
		w->literal = xreallocarray(w->literal, cap, 1);
		w->cap = cap;
	}
	w->w[w->n] = msg_strdup(word);
	w->literal[w->n++] = (unsigned char)literal;
}

void cmd_words_free(struct cmd_words *w)
{
	cmd_free_words(w->w, w->n);
	free(w->literal);
	memset(w, 0, sizeof *w);
}

void cmd_free_words(char **w, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

/* A word as it would be typed: quoted when it is not plain (display and completion only). */
char *cmd_quote(const char *word)
{
	const unsigned char *p;
	char *q, *o;

	for (p = (const unsigned char *)word; *p; p++)
		if (!isalnum(*p) && !strchr("._:/@+=,%-", *p))
			break;
	if (*word && !*p && word[0] != '-')
		return msg_strdup(word);
	/* double quotes: \" \\ and \xNN (control bytes) come back as they were */
	q = o = msg_alloc(4 * strlen(word) + 3);
	*o++ = '"';
	for (p = (const unsigned char *)word; *p; p++) {
		if (*p == '"' || *p == '\\') {
			*o++ = '\\';
			*o++ = (char)*p;
		} else if (*p < 0x20 || *p == 0x7f) {
			o += sprintf(o, "\\x%02x", *p);
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	return q;
}

