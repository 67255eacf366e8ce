/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version: what `warren --version` prints: warren's version, each library's
 * version as built and, where the library can tell, as running now, and
 * the license.
 */
#ifndef WARREN_VERSION_H
#define WARREN_VERSION_H

#include <stdio.h>

void version_print(FILE *f);

#endif
