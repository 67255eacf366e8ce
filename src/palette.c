/* SPDX-License-Identifier: GPL-3.0-or-later */
/* palette: see palette.h. */
#include "config.h"

#include "palette.h"

#include <math.h>
#include <stddef.h>

/* curses numbering: 0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white */
const struct palette_pair palette_pairs[] = {
	{PAL_NORMAL, "normal", 7, 7, 0, 0},
	{PAL_TITLE, "pane title", 0, 0, 0, 7},
	{PAL_TITLE_FOCUS, "focused pane title", 0, 0, 0, 6},
	{PAL_OK, "ok", 10, 2, 1, 0},
	{PAL_WARN, "warning", 11, 3, 1, 0},
	{PAL_ERROR, "error", 9, 1, 1, 0},
	{PAL_DIM, "dim (ended consumers, info)", 8, 7, 0, 0},
	{PAL_PENDING, "pending", 11, 3, 1, 0},
	{PAL_ACKED, "acked", 10, 2, 1, 0},
	{PAL_BAD, "nacked, rejected, lost", 9, 1, 1, 0},
	{PAL_REQUEUED, "requeued", 13, 5, 1, 0},
	{PAL_AUTO, "auto", 14, 6, 1, 0},
	{PAL_SELECT, "selection", 0, 0, 0, 7},
	{PAL_MINE, "warren's own", 14, 6, 1, 0},
	{PAL_NARRATION, "narration", 15, 7, 1, 0},
	{PAL_NARRATION_KEYS, "narration keys and step", 14, 6, 1, 0},
	{0, NULL, 0, 0, 0, 0},
};

const struct palette_rgb palette_xterm[16] = {
	{0, 0, 0},	 {205, 0, 0},	{0, 205, 0},   {205, 205, 0},
	{0, 0, 238},	 {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	{127, 127, 127}, {255, 0, 0},	{0, 255, 0},   {255, 255, 0},
	{92, 92, 255},	 {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

const struct palette_rgb palette_linux[16] = {
	{0, 0, 0},    {170, 0, 0},    {0, 170, 0},   {170, 85, 0},
	{0, 0, 170},  {170, 0, 170},  {0, 170, 170}, {170, 170, 170},
	{85, 85, 85}, {255, 85, 85},  {85, 255, 85}, {255, 255, 85},
	{85, 85, 255}, {255, 85, 255}, {85, 255, 255}, {255, 255, 255},
};

int palette_fg(const struct palette_pair *p, int colors16)
{
	if (colors16)
		return p->fg16;
	return p->fg8 + (p->bold8 && p->fg8 < 8 ? 8 : 0);
}

static double palette_channel(unsigned char c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double palette_luminance(struct palette_rgb c)
{
	return 0.2126 * palette_channel(c.r) + 0.7152 * palette_channel(c.g) +
	       0.0722 * palette_channel(c.b);
}

double palette_contrast(const struct palette_pair *p, const struct palette_rgb *pal, int colors16)
{
	double f = palette_luminance(pal[palette_fg(p, colors16)]);
	double b = palette_luminance(pal[p->bg]);

	return f > b ? (f + 0.05) / (b + 0.05) : (b + 0.05) / (f + 0.05);
}
