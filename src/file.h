/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * file: opening the files warren writes (history, recordings, worker CSV,
 * the management trace): private to the user (created 0600, an existing
 * regular file narrowed to 0600) and close-on-exec, so neither another
 * user nor a child process (the sandbox broker) can read them.
 */
#ifndef WARREN_FILE_H
#define WARREN_FILE_H

#include <stdio.h>

/* mode "w" (truncate) or "a" (append). NULL with errno set on failure. */
FILE *file_open_private(const char *path, const char *mode);

/*
 * Make every open descriptor above stderr close-on-exec: for what a
 * library opens without the flag and offers no hook for (libcurl's multi
 * handle keeps a socket pair to wake itself up).
 */
void file_cloexec_all(void);

#endif
