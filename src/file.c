/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * file: see file.h. What these files hold is the user's own (commands,
 * queue names, timings), so nobody else reads it; the mode is set at
 * open(), not after, so there is no moment when the file is readable.
 */
#include "config.h"

#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *file_open_private(const char *path, const char *mode)
{
	int append = mode[0] == 'a', fd, saved;
	struct stat st;
	FILE *f;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0600);
	if (fd < 0)
		return NULL;
	/* made by an older warren or another program: narrow it (not /dev/stdout) */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) &&
	    st.st_uid == geteuid())
		(void)fchmod(fd, st.st_mode & 0700);
	f = fdopen(fd, append ? "a" : "w");
	if (!f) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return f;
}

void file_cloexec_all(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fd, flags;

	if (!d)
		return;
	while ((e = readdir(d))) {
		fd = atoi(e->d_name);
		if (fd > 2 && fd != dirfd(d) && (flags = fcntl(fd, F_GETFD)) >= 0 &&
		    !(flags & FD_CLOEXEC))
			fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	}
	closedir(d);
}
