/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text: display width and safe rendering of untrusted bytes.
 *
 * Everything a broker or a message sends passes through text_safe() before it
 * reaches a terminal or a log line: control bytes and escape sequences become
 * visible escapes, invalid UTF-8 becomes \xNN, and long text is cut with a
 * marker. Widths are in terminal columns (wide CJK characters count 2).
 */
#ifndef WARREN_TEXT_H
#define WARREN_TEXT_H

#include <stddef.h>

/* text_safe flags */
#define TEXT_KEEP_NEWLINES 0x1 /* keep '\n' as a real newline (detail view) */

/*
 * Render len bytes of data as printable UTF-8, at most max_cols columns wide
 * (0: no limit). When cut, the result ends with "…" followed by
 * "[+N bytes]" giving how many input bytes were not shown. Returns a malloc'd
 * NUL-terminated string (never NULL: aborts on out-of-memory).
 *
 * Escapes: \n \r \t, "\\" for a backslash, \xNN (lowercase) for other
 * control bytes, DEL, NUL and each byte of invalid UTF-8, \u{XXXX} (uppercase,
 * at least 4 digits) for C1 controls, bidi controls, characters wcwidth()
 * does not know, and zero-width characters after 8 in a row. A newline kept
 * with TEXT_KEEP_NEWLINES counts one column towards max_cols.
 *
 * The result with its marker fits max_cols when max_cols >= 16; a marker
 * that cannot fit becomes "…[+N]" or "…" (inputs of megabytes in 16 columns).
 * Below 16 columns the text is just cut, with no marker.
 */
char *text_safe(const void *data, size_t len, size_t max_cols, int flags);

/* Display width in columns of a string that text_safe() produced. */
size_t text_width(const char *s);

/*
 * Copy s into out so that it fills exactly cols columns: cut (a wide character
 * that does not fit becomes a space) or padded with spaces. Returns the
 * number of bytes written (out is NUL-terminated; outsz must be >= 4*cols+1).
 * Never writes more than outsz bytes. Control bytes and invalid UTF-8, which
 * text_safe() never produces, become '?'.
 */
size_t text_fit(char *out, size_t outsz, const char *s, size_t cols);

/*
 * Classic hex dump (offset, 16 bytes in hex, printable ASCII) of data, laid
 * out like hexdump -C, at most max_lines lines (0: no limit); when cut, the
 * last line is "... (N more bytes)". Returns a malloc'd string, one line per
 * '\n' ("" for no data; never NULL).
 */
char *text_hexdump(const void *data, size_t len, size_t max_lines);

/* Ensure the process runs with a UTF-8 LC_CTYPE (falls back to C.UTF-8). */
void text_init_locale(void);

#endif
