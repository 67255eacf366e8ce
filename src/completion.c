/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * completion: see completion.h. Every word written into a script comes
 * from warren's own tables (option names, argument names, help lines,
 * command names and flags), and each is quoted for the shell that reads
 * it, so no help text can become shell code.
 */
#include "config.h"

#include "completion.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"

enum comp_kind { COMP_NONE, COMP_FREE, COMP_FILE, COMP_DIR, COMP_CHOICE, COMP_PROFILE, COMP_CMDS };

struct comp_opt {
	const char *name;
	char shortc; /* 0: none */
	enum comp_kind kind;
	char arg[64];	/* the argument's name in the usage: FILE, bash|zsh|fish */
	char help[200]; /* its help line */
};

/* ---- reading the usage text -------------------------------------------- */

/* Where --name is in usage as a whole word, or NULL. */
static const char *comp_find(const char *usage, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = strstr(usage, "--"); p; p = strstr(p + 2, "--"))
		if (!strncmp(p + 2, name, n) && !isalnum((unsigned char)p[2 + n]) && p[2 + n] != '-')
			return p;
	return NULL;
}

/* The help of the usage line at p: after the first run of two spaces, with continuations. */
static void comp_help(const char *line_start, const char *p, char *out, size_t outsz)
{
	const char *h = strstr(p, "  "), *eol;
	size_t k = 0;

	out[0] = 0;
	eol = strchr(line_start, '\n');
	if (!h || (eol && h > eol))
		return;
	for (;;) {
		while (*h == ' ')
			h++;
		eol = strchr(h, '\n');
		k += (size_t)snprintf(out + k, k < outsz ? outsz - k : 0, "%s%.*s", k ? " " : "",
				      (int)(eol ? eol - h : (long)strlen(h)), h);
		/* a continuation line is indented past the option column */
		if (!eol || strncmp(eol + 1, "                    ", 20) || k >= outsz)
			break;
		h = eol + 1;
	}
}

static int comp_opt_read(const struct option *o, const char *usage, struct comp_opt *c,
			 char *err, size_t errlen)
{
	const char *p = comp_find(usage, o->name), *line, *a;
	size_t n;

	memset(c, 0, sizeof *c);
	c->name = o->name;
	if (!o->flag && o->val > 0 && o->val < 128 && isalnum(o->val))
		c->shortc = (char)o->val;
	if (!p) {
		snprintf(err, errlen, "option --%s is not in the usage text", o->name);
		return -1;
	}
	for (line = p; line > usage && line[-1] != '\n'; line--)
		;
	comp_help(line, p, c->help, sizeof c->help);
	if (o->has_arg == no_argument)
		return 0;
	a = p + 2 + strlen(o->name);
	if (*a == '=' || *a == ' ')
		a++;
	n = strcspn(a, " \n");
	if (!n || *a == '-' || n >= sizeof c->arg) {
		snprintf(err, errlen, "option --%s takes a value the usage text does not name",
			 o->name);
		return -1;
	}
	memcpy(c->arg, a, n);
	c->kind = !strcmp(o->name, "profile")	? COMP_PROFILE
		  : !strcmp(o->name, "command") ? COMP_CMDS
		  : !strcmp(c->arg, "FILE")	? COMP_FILE
		  : !strcmp(c->arg, "DIR")	? COMP_DIR
		  : strchr(c->arg, '|')		? COMP_CHOICE
						: COMP_FREE;
	return 0;
}

static struct comp_opt *comp_read(const struct option *opts, const char *usage, size_t *n,
				  char *err, size_t errlen)
{
	struct comp_opt *v;
	size_t i, k = 0;

	for (i = 0; opts[i].name; i++)
		;
	v = msg_alloc((i + 1) * sizeof *v);
	for (i = 0; opts[i].name; i++)
		if (comp_opt_read(&opts[i], usage, &v[k++], err, errlen) < 0) {
			free(v);
			return NULL;
		}
	*n = k;
	return v;
}

/* ---- quoting ------------------------------------------------------------ */

/* s in single quotes for sh, bash, zsh ('\'' for a quote). */
static void comp_sq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

/* s in single quotes for fish (\' and \\ inside). */
static void comp_fish_sq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* s as a zsh _arguments description: [ ] : and \ escaped. */
static char *comp_zsh_desc(const char *s)
{
	char *out = msg_alloc(2 * strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (strchr("[]:\\", *s))
			*o++ = '\\';
		*o++ = *s;
	}
	return out;
}

/* The choices a|b|c as words separated by spaces. */
static char *comp_words(const char *arg)
{
	char *w = msg_strdup(arg), *p;

	for (p = w; *p; p++)
		if (*p == '|')
			*p = ' ';
	return w;
}

/* ---- the command table -------------------------------------------------- */

/* Is the first word of cmd_table[i]'s name new (not seen in an earlier entry)? */
static int comp_first_new(size_t i, char *first, size_t firstsz)
{
	size_t k = strcspn(cmd_table[i]->name, " "), j;

	snprintf(first, firstsz, "%.*s", (int)k, cmd_table[i]->name);
	for (j = 0; j < i; j++)
		if (!strncmp(cmd_table[j]->name, first, k) &&
		    (cmd_table[j]->name[k] == ' ' || !cmd_table[j]->name[k]))
			return 0;
	return 1;
}

/* The second words of the two-word commands whose first word is first: "queue exchange". */
static char *comp_subs(const char *first)
{
	size_t k = strlen(first), i, n = 0;
	char *out = msg_alloc(1024);

	for (i = 0; cmd_table[i]; i++)
		if (!strncmp(cmd_table[i]->name, first, k) && cmd_table[i]->name[k] == ' ')
			n += (size_t)snprintf(out + n, n < 1024 ? 1024 - n : 0, "%s%s", n ? " " : "",
					      cmd_table[i]->name + k + 1);
	return out;
}

/* Bash arrays of the commands for -c: first words, their second words, flags. */
static void comp_bash_commands(FILE *f)
{
	char first[64], *subs;
	size_t i;
	const struct cmd_flag *fl;

	fputs("_warren_cmds=(", f);
	for (i = 0; cmd_table[i]; i++)
		if (comp_first_new(i, first, sizeof first))
			fprintf(f, " %s", first);
	fputs(" )\ndeclare -gA _warren_subs=(", f);
	for (i = 0; cmd_table[i]; i++) {
		if (!comp_first_new(i, first, sizeof first))
			continue;
		subs = comp_subs(first);
		if (*subs)
			fprintf(f, "\n\t[%s]='%s'", first, subs);
		free(subs);
	}
	fputs("\n)\ndeclare -gA _warren_flags=(", f);
	for (i = 0; cmd_table[i]; i++) {
		if (!cmd_table[i]->flags || !cmd_table[i]->flags[0].name)
			continue;
		fprintf(f, "\n\t['%s']='", cmd_table[i]->name);
		for (fl = cmd_table[i]->flags; fl->name; fl++)
			fprintf(f, "%s--%s", fl == cmd_table[i]->flags ? "" : " ", fl->name);
		fputc('\'', f);
	}
	fputs("\n)\n", f);
}

/* ---- bash --------------------------------------------------------------- */

static const char comp_bash_functions[] =
	"# warren --profiles --names, with the --config FILE of the line being typed\n"
	"_warren_profiles() {\n"
	"\tlocal i v prog=${COMP_WORDS[0]} cfg=()\n"
	"\tfor ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do\n"
	"\t\tcase ${COMP_WORDS[i]} in\n"
	"\t\t--config)\n"
	"\t\t\tv=${COMP_WORDS[i + 1]}\n"
	"\t\t\t[[ $v == = ]] && v=${COMP_WORDS[i + 2]}\n"
	"\t\t\tcfg=(--config \"${v/#\\~\\//$HOME/}\") ;;\n"
	"\t\tesac\n"
	"\tdone\n"
	"\t\"${prog/#\\~\\//$HOME/}\" \"${cfg[@]}\" --profiles --names 2>/dev/null\n"
	"}\n"
	"\n"
	"# -c 'CMDS': the command after the last ';' completes from the command table\n"
	"_warren_command() {\n"
	"\tlocal cur=${1#[\\\"\\']} text head words n last cands c\n"
	"\ttext=${cur##*;}\n"
	"\thead=${cur%\"$text\"}\n"
	"\tread -ra words <<<\"$text\"\n"
	"\t[[ -z $text || $text == *[[:space:]] ]] && words+=(\"\")\n"
	"\tn=${#words[@]}\n"
	"\tlast=${words[n - 1]}\n"
	"\thead+=${text%\"$last\"}\n"
	"\tif [[ $last == --* ]]; then\n"
	"\t\tcands=${_warren_flags[\"${words[0]} ${words[1]}\"]:-${_warren_flags[${words[0]}]}}\n"
	"\telif ((n == 1)); then\n"
	"\t\tcands=${_warren_cmds[*]}\n"
	"\telif ((n == 2)); then\n"
	"\t\tcands=${_warren_subs[${words[0]}]}\n"
	"\tfi\n"
	"\tfor c in $cands; do\n"
	"\t\t[[ $c == \"$last\"* ]] && COMPREPLY+=(\"$head$c\")\n"
	"\tdone\n"
	"\tcompopt -o nospace 2>/dev/null\n"
	"}\n\n";

/* The options of kind k as "--a | --b | -x", or NULL when there are none. */
static char *comp_bash_pattern(const struct comp_opt *v, size_t n, enum comp_kind k)
{
	char *out = NULL, *t;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].kind != k)
			continue;
		t = msg_printf("%s%s--%s", out ? out : "", out ? " | " : "", v[i].name);
		free(out);
		out = t;
		if (v[i].shortc) {
			t = msg_printf("%s | -%c", out, v[i].shortc);
			free(out);
			out = t;
		}
	}
	return out;
}

static void comp_bash_case(FILE *f, const struct comp_opt *v, size_t n, enum comp_kind k,
			   const char *action)
{
	char *pat = comp_bash_pattern(v, n, k);

	if (pat)
		fprintf(f, "\t%s)\n\t\t%s\n\t\treturn ;;\n", pat, action);
	free(pat);
}

static void comp_bash(FILE *f, const struct comp_opt *v, size_t n)
{
	size_t i;

	fputs("# bash completion for warren, generated by `warren --completion bash` (warren " VERSION
	      ")\n# from its option and command tables: do not edit.\n\n", f);
	comp_bash_commands(f);
	fputs("\n", f);
	fputs(comp_bash_functions, f);
	fputs("_warren() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	      "\t# --option=value: bash splits the word at '='\n"
	      "\tif [[ $cur == = ]]; then\n\t\tcur=\n"
	      "\telif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD - 2]}\n\tfi\n"
	      "\tCOMPREPLY=()\n\tcase $prev in\n", f);
	comp_bash_case(f, v, n, COMP_FILE,
		       "compopt -o filenames 2>/dev/null\n"
		       "\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")");
	comp_bash_case(f, v, n, COMP_DIR,
		       "compopt -o filenames 2>/dev/null\n"
		       "\t\tmapfile -t COMPREPLY < <(compgen -d -- \"$cur\")");
	comp_bash_case(f, v, n, COMP_PROFILE,
		       "mapfile -t COMPREPLY < <(compgen -W \"$(_warren_profiles)\" -- \"$cur\")");
	comp_bash_case(f, v, n, COMP_CMDS, "_warren_command \"$cur\"");
	for (i = 0; i < n; i++)
		if (v[i].kind == COMP_CHOICE) {
			char *w = comp_words(v[i].arg);

			fprintf(f, "\t--%s)\n\t\tmapfile -t COMPREPLY < <(compgen -W '%s' -- \"$cur\")\n"
				   "\t\treturn ;;\n", v[i].name, w);
			free(w);
		}
	comp_bash_case(f, v, n, COMP_FREE, ":");
	fputs("\tesac\n\tif [[ $cur == -* ]]; then\n"
	      "\t\tmapfile -t COMPREPLY < <(compgen -W '", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "%s--%s", i ? " " : "", v[i].name);
		if (v[i].shortc)
			fprintf(f, " -%c", v[i].shortc);
	}
	fputs("' -- \"$cur\")\n\tfi\n}\ncomplete -F _warren warren\n", f);
}

/* ---- zsh ---------------------------------------------------------------- */

/* Each first word of the command table with the help of its first entry. */
static void comp_command_list(FILE *f, void (*quote)(FILE *f, const char *s), const char *sep,
			      const char *between)
{
	char first[64], *subs, *item;
	size_t i;

	for (i = 0; cmd_table[i]; i++) {
		if (!comp_first_new(i, first, sizeof first))
			continue;
		subs = comp_subs(first);
		item = *subs ? msg_printf("%s%s%s %s", first, sep, first, subs)
			     : msg_printf("%s%s%s", first, sep, cmd_table[i]->help);
		fputs(between, f);
		quote(f, item);
		free(item);
		free(subs);
	}
}

/* The _arguments action for an option's value. */
static char *comp_zsh_action(const struct comp_opt *o)
{
	char *w, *s;

	switch (o->kind) {
	case COMP_FILE: return msg_strdup(":file:_files");
	case COMP_DIR: return msg_strdup(":directory:_files -/");
	case COMP_PROFILE: return msg_strdup(":profile:_warren_profiles");
	case COMP_CMDS: return msg_strdup(":commands:_warren_commands");
	case COMP_CHOICE:
		w = comp_words(o->arg);
		s = msg_printf(":%s:(%s)", o->name, w);
		free(w);
		return s;
	case COMP_FREE: return msg_printf(":%s: ", o->arg);
	default: return msg_strdup("");
	}
}

static void comp_zsh_spec(FILE *f, const struct comp_opt *o)
{
	char *desc = comp_zsh_desc(o->help), *action = comp_zsh_action(o), *spec;
	int info = !strcmp(o->name, "help") || !strcmp(o->name, "version");

	fputs(" \\\n\t\t", f);
	if (o->shortc) {
		fprintf(f, "'%s(-%c --%s)'{-%c%s,--%s%s}", info ? "- * " : "", o->shortc, o->name,
			o->shortc, o->kind ? "+" : "", o->name, o->kind ? "=" : "");
		spec = msg_printf("[%s]%s", desc, action);
	} else {
		spec = msg_printf("--%s%s[%s]%s", o->name, o->kind ? "=" : "", desc, action);
	}
	comp_sq(f, spec);
	free(spec);
	free(desc);
	free(action);
}

static void comp_zsh(FILE *f, const struct comp_opt *v, size_t n)
{
	size_t i;

	fputs("#compdef warren\n# zsh completion for warren, generated by `warren --completion zsh` "
	      "(warren " VERSION ")\n# from its option and command tables: do not edit.\n\n"
	      "# warren --profiles --names, with the --config FILE of the line being typed\n"
	      "_warren_profiles() {\n"
	      "\tlocal -a cfg names\n"
	      "\tlocal i=${words[(I)--config]}\n"
	      "\t(( i )) && cfg=(--config ${~words[i+1]})\n"
	      "\tnames=(${(f)\"$(_call_program profiles ${~words[1]} $cfg --profiles --names "
	      "2>/dev/null)\"})\n"
	      "\t_wanted profiles expl profile compadd -a names\n"
	      "}\n\n"
	      "_warren_commands() {\n\tlocal -a cmds\n\tcmds=(",
	      f);
	comp_command_list(f, comp_sq, ":", "\n\t\t");
	fputs("\n\t)\n\t_describe -t commands 'warren command' cmds\n}\n\n"
	      "_warren() {\n\t_arguments -s -S", f);
	for (i = 0; i < n; i++)
		comp_zsh_spec(f, &v[i]);
	fputs(" \\\n\t\t'*:broker URL: '\n}\n\n_warren \"$@\"\n", f);
}

/* ---- fish --------------------------------------------------------------- */

static void comp_fish_line(FILE *f, const struct comp_opt *o)
{
	char *w;

	fputs("complete -c warren", f);
	if (o->shortc)
		fprintf(f, " -s %c", o->shortc);
	fprintf(f, " -l %s", o->name);
	switch (o->kind) {
	case COMP_FILE: fputs(" -r -F", f); break;
	case COMP_DIR: fputs(" -x -a '(__fish_complete_directories)'", f); break;
	case COMP_PROFILE: fputs(" -x -a '(__warren_profiles)'", f); break;
	case COMP_CMDS: fputs(" -x -a '(__warren_commands)'", f); break;
	case COMP_CHOICE:
		w = comp_words(o->arg);
		fputs(" -x -a ", f);
		comp_fish_sq(f, w);
		free(w);
		break;
	case COMP_FREE: fputs(" -x", f); break;
	default: break;
	}
	fputs(" -d ", f);
	comp_fish_sq(f, o->help);
	fputc('\n', f);
}

static void comp_fish(FILE *f, const struct comp_opt *v, size_t n)
{
	size_t i;

	fputs("# fish completion for warren, generated by `warren --completion fish` (warren " VERSION
	      ")\n# from its option and command tables: do not edit.\n\n"
	      "# warren --profiles --names, with the --config FILE of the line being typed\n"
	      "function __warren_profiles\n"
	      "\tset -l tokens (commandline -opc)\n"
	      "\tset -l cfg\n"
	      "\tset -l i (contains -i -- --config $tokens)\n"
	      "\tand set cfg --config $tokens[(math $i + 1)]\n"
	      "\tcommand $tokens[1] $cfg --profiles --names 2>/dev/null\n"
	      "end\n\n"
	      "function __warren_commands\n\tprintf '%s\\n'",
	      f);
	comp_command_list(f, comp_fish_sq, "\t", " \\\n\t\t");
	fputs("\nend\n\n# the argument is a broker URL: no file names\ncomplete -c warren -f\n", f);
	for (i = 0; i < n; i++)
		comp_fish_line(f, &v[i]);
}

int completion_print(FILE *f, const char *shell, const struct option *opts, const char *usage,
		     char *err, size_t errlen)
{
	static const struct {
		const char *name;
		void (*print)(FILE *f, const struct comp_opt *v, size_t n);
	} shells[] = {{"bash", comp_bash}, {"zsh", comp_zsh}, {"fish", comp_fish}};
	struct comp_opt *v;
	size_t n, i;

	for (i = 0; i < sizeof shells / sizeof *shells; i++)
		if (!strcmp(shell, shells[i].name))
			break;
	if (i == sizeof shells / sizeof *shells) {
		snprintf(err, errlen, "no completion for '%.40s': say bash, zsh or fish", shell);
		return -1;
	}
	if (!(v = comp_read(opts, usage, &n, err, errlen)))
		return -1;
	shells[i].print(f, v, n);
	free(v);
	return 0;
}
