/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version: see version.h. A library whose shared object is newer (or older)
 * than its headers shows both numbers: that is what a bug report needs.
 */
#include "config.h"

#include "version.h"

#include <curl/curl.h>
#include <curses.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <readline/readline.h>
#include <string.h>

#include "amqp_compat.h"

#define VERSION_STR2(x) #x
#define VERSION_STR(x) VERSION_STR2(x)

static void version_line(FILE *f, const char *lib, const char *built, const char *running)
{
	if (!running)
		fprintf(f, "  %-11s %s (built with; the library cannot say which one runs)\n", lib,
			built);
	else if (!strcmp(built, running))
		fprintf(f, "  %-11s %s\n", lib, built);
	else
		fprintf(f, "  %-11s %s (built with %s)\n", lib, running, built);
}

void version_print(FILE *f)
{
	char rl_built[32];

	snprintf(rl_built, sizeof rl_built, "%d.%d", RL_VERSION_MAJOR, RL_VERSION_MINOR);
	fprintf(f, "warren %s\n", VERSION);
	fprintf(f, "libraries (running, and built with when they differ):\n");
	version_line(f, "rabbitmq-c", AMQP_VERSION_STRING, amqp_version());
	/* curses_version() is "ncurses 6.4.20221231": the running patch level */
	version_line(f, "ncurses", NCURSES_VERSION "." VERSION_STR(NCURSES_VERSION_PATCH),
		     curses_version() + (strncmp(curses_version(), "ncurses ", 8) ? 0 : 8));
	version_line(f, "readline", rl_built, rl_library_version);
	version_line(f, "libcurl", LIBCURL_VERSION, curl_version_info(CURLVERSION_NOW)->version);
#if JANSSON_VERSION_HEX >= 0x020d00
	version_line(f, "jansson", JANSSON_VERSION, jansson_version_str());
#else
	version_line(f, "jansson", JANSSON_VERSION, NULL);
#endif
#if OPENSSL_VERSION_MAJOR >= 3
	version_line(f, "OpenSSL", OPENSSL_VERSION_STR, OpenSSL_version(OPENSSL_VERSION_STRING));
#else
	version_line(f, "OpenSSL", OPENSSL_VERSION_TEXT, OpenSSL_version(OPENSSL_VERSION));
#endif
	version_line(f, "libinih", WARREN_INIH_VERSION, NULL);
	fprintf(f, "License GPL-3.0-or-later: GNU GPL version 3 or later "
		   "<https://gnu.org/licenses/gpl.html>.\n"
		   "This is free software: you are free to change and redistribute it.\n"
		   "There is NO WARRANTY, to the extent permitted by law.\n");
}
