/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-regress: replay every kept fuzz input in the normal build, so that
 * `make check` runs the seed corpora and the inputs of fixed crashes
 * (tests/fuzz/corpus/TARGET/, tests/fuzz/regress/TARGET/) through the very
 * harnesses libFuzzer runs, without clang. Each input runs in a child
 * process: a crash or a broken promise fails that input's TAP line and the
 * rest still run. Under ./configure --enable-sanitizers the replay is
 * checked by ASan and UBSan too.
 *
 *   fuzz-regress DIR      DIR is tests/fuzz in the source tree
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "text.h"

static const struct {
	const char *name;
	int (*fn)(const uint8_t *data, size_t size);
} regress_targets[] = {
	{"cmd", fuzz_cmd},
	{"uri", fuzz_uri},
	{"text", fuzz_text},
	{"props", fuzz_props},
	{"mgmt", fuzz_mgmt},
	{"print", fuzz_print},
};
#define REGRESS_NTARGETS (sizeof regress_targets / sizeof regress_targets[0])

struct regress_input {
	size_t target;
	char *path;
};

static int regress_cmp(const void *a, const void *b)
{
	const struct regress_input *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* Append the files of dir (not dot files) to *v. */
static void regress_list(const char *dir, size_t target, struct regress_input **v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		*v = realloc(*v, (*n + 1) * sizeof **v);
		if (!*v)
			abort();
		(*v)[*n].target = target;
		(*v)[*n].path = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!(*v)[*n].path)
			abort();
		sprintf((*v)[*n].path, "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
}

static uint8_t *regress_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap = cap ? cap * 2 : 4096;
		buf = realloc(buf, cap);
		if (!buf)
			abort();
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (*len == cap);
	fclose(f);
	return buf;
}

/* Run one input in a child; 0 when it came back clean. */
static int regress_run(const struct regress_input *in, char *why, size_t whylen)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		size_t len;
		uint8_t *data = regress_read(in->path, &len);

		if (!data)
			_exit(3);
		regress_targets[in->target].fn(data, len);
		free(data);
		exit(0); /* exit, not _exit: LeakSanitizer runs at exit */
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		snprintf(why, whylen, "exit status %d%s", WEXITSTATUS(st),
			 WEXITSTATUS(st) == 3 ? " (cannot read the input)" : "");
	else
		snprintf(why, whylen, "killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	return -1;
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = {"corpus", "regress"};
	struct regress_input *v = NULL;
	size_t n = 0, i, k, failed = 0;
	char dir[4096], why[128];

	if (argc != 2) {
		fprintf(stderr, "usage: %s TESTS_FUZZ_DIR\n", argv[0]);
		return 2;
	}
	text_init_locale();
	for (i = 0; i < REGRESS_NTARGETS; i++)
		for (k = 0; k < 2; k++) {
			snprintf(dir, sizeof dir, "%s/%s/%s", argv[1], kinds[k],
				 regress_targets[i].name);
			regress_list(dir, i, &v, &n);
		}
	if (!n) {
		printf("1..0 # SKIP no inputs under %s\n", argv[1]);
		return 0;
	}
	qsort(v, n, sizeof *v, regress_cmp);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		const char *name = regress_targets[v[i].target].name;
		const char *rel = v[i].path + strlen(argv[1]) + 1;

		if (regress_run(&v[i], why, sizeof why) == 0) {
			printf("ok %zu - %s: %s\n", i + 1, name, rel);
		} else {
			printf("not ok %zu - %s: %s: %s\n", i + 1, name, rel, why);
			failed++;
		}
		free(v[i].path);
	}
	free(v);
	return failed ? 1 : 0;
}
