/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text: display width and safe rendering of untrusted bytes.
 *
 * Inside warren text carries raw bytes; it is made safe once, where it is
 * written out. text_safe() renders raw data (a field, a body, a line of
 * free text): control bytes and escape sequences become visible escapes,
 * invalid UTF-8 becomes \xNN, a backslash "\\", and long text is cut with
 * a marker. text_guard() (batch output) and text_fit() (the dashboard) are
 * the last step before the terminal: they pass safe text through unchanged
 * and escape anything a terminal could still act on, so a field a formatter
 * forgot cannot reach the screen raw. Widths are in terminal columns (wide
 * CJK characters count 2).
 */
#ifndef WARREN_TEXT_H
#define WARREN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* text_safe flags */
#define TEXT_KEEP_NEWLINES 0x1 /* keep '\n' as a real newline (detail view) */
/*
 * Escape only what a terminal could act on: a backslash stays itself and
 * zero-width characters are not capped, so text that is already safe comes
 * out unchanged (text_guard).
 */
#define TEXT_GUARD_ONLY 0x2

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

/*
 * The last gate before a terminal, for a line that should be safe already:
 * text_safe(s, strlen(s), 0, TEXT_GUARD_ONLY). The output of text_safe() and
 * of json_dumps(..., JSON_ENSURE_ASCII) passes unchanged; a control byte
 * (newline and tab included), DEL, C1 or bidi control or invalid UTF-8 left
 * in s is escaped as text_safe() would. Malloc'd; "" for NULL.
 */
char *text_guard(const char *s);

/*
 * The UTF-8 character at p (n bytes available): its length, with its code
 * point in *cp, or 0 when it is not strict UTF-8 (overlong, surrogate,
 * above U+10FFFF, cut short) or n is 0. NUL is a character.
 */
size_t text_utf8_char(const void *p, size_t n, uint32_t *cp);

/*
 * Wrap safe text into lines of at most cols columns: at a space when the
 * line has one, else between two characters (Chinese has no spaces). The
 * lines (malloc'd) go to *out; returns how many.
 */
size_t text_wrap(const char *s, size_t cols, char ***out);

/*
 * Safe text s in at most cols columns: as it is when it fits, else cut in
 * the middle with "…", keeping its start and, longer, its end (what tells
 * bars_rel_5160 from bars_rel_5161). malloc'd.
 */
char *text_elide(const char *s, size_t cols);

/* Display width of one code point (1 for what a terminal might still draw). */
size_t text_width_cp(uint32_t cp);

/* Display width in columns of a string that text_safe() produced. */
size_t text_width(const char *s);

/*
 * Copy s into out so that it fills exactly cols columns: cut (a wide character
 * that does not fit becomes a space) or padded with spaces. Returns the
 * number of bytes written (out is NUL-terminated; outsz must be >= 4*cols+1).
 * Never writes more than outsz bytes. What text_guard() would escape (control
 * bytes, invalid UTF-8...: text_safe() never produces them) is shown with the
 * same escapes.
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
