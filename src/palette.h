/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * palette: the dashboard's colours as data, so that a test can compute how
 * readable each one is on the terminals a class projects (xterm's default
 * palette and the Linux console's) before anyone sees them.
 *
 * The dashboard paints its own black background, so every colour pair has a
 * known background. On a terminal with 16 colours or more a pair uses fg16
 * (the bright variants: plain red on black is too dark); with 8 colours it
 * uses fg8, in bold when bold8 is set, which the Linux console shows in the
 * bright variant. Blue is never a foreground: it is about 2:1 on black.
 */
#ifndef WARREN_PALETTE_H
#define WARREN_PALETTE_H

/* The pairs, by number (curses colour pair numbers; 0 is the terminal's own). */
enum palette_id {
	PAL_NORMAL = 1,
	PAL_TITLE,
	PAL_TITLE_FOCUS,
	PAL_OK,
	PAL_WARN,
	PAL_ERROR,
	PAL_DIM,
	PAL_PENDING,
	PAL_ACKED,
	PAL_BAD,
	PAL_REQUEUED,
	PAL_AUTO,
	PAL_SELECT,
	PAL_MINE,
	PAL_NARRATION,
	PAL_NARRATION_KEYS,
	PAL_N,
};

struct palette_pair {
	enum palette_id id;
	const char *name;
	int fg16, fg8, bold8; /* colour numbers 0-15 (8-15: the bright variants) */
	int bg;		      /* 0-7 */
};

/* Every pair warren uses, ended by a zero id. */
extern const struct palette_pair palette_pairs[];

struct palette_rgb {
	unsigned char r, g, b;
};

/* The 16 colours of a terminal: xterm's defaults, the Linux console's. */
extern const struct palette_rgb palette_xterm[16], palette_linux[16];

/*
 * The WCAG contrast ratio (1 to 21) of a pair on a terminal with that
 * palette, with 16 colours or more (colors16) or 8.
 */
double palette_contrast(const struct palette_pair *p, const struct palette_rgb *pal, int colors16);
/* The foreground colour number a pair shows on such a terminal (0-15). */
int palette_fg(const struct palette_pair *p, int colors16);

#endif
