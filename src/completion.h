/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * completion: `warren --completion bash|zsh|fish` prints a completion
 * script for that shell, generated from the program's own tables: the
 * getopt option list with the usage text (each option's argument name and
 * help line come from there: FILE completes files, DIR directories, a|b|c
 * those words, --profile the profile names, which the script asks
 * `warren --profiles --names` for at completion time), and the command
 * table (cmd_table) for the commands of -c. `make` writes the three scripts
 * with the built binary and `make install` puts them where each shell looks.
 */
#ifndef WARREN_COMPLETION_H
#define WARREN_COMPLETION_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Write the script for shell to f. opts ends with {0}; every option in it
 * must appear in usage as --name (with its argument name, if it takes one).
 * 0, or -1 with err set (an unknown shell, an option usage does not show).
 */
int completion_print(FILE *f, const char *shell, const struct option *opts, const char *usage,
		     char *err, size_t errlen);

#endif
