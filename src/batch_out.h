/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch_out: batch mode's standard output, which never blocks the UI thread.
 *
 * A reader that does not read (a pipe into `sleep`, a terminal stopped with
 * Ctrl-S) would block a plain write, and with it the signalfd: Ctrl-C and
 * SIGTERM would do nothing. Lines go into a buffer instead, written as the
 * output takes them (poll() for POLLOUT in the UI loop). Past
 * BATCH_OUT_HIGH bytes warren takes no more events and runs no more
 * commands (app_hold_events): the network thread then stops reading the
 * socket and the broker keeps the messages; no line is dropped. Below
 * BATCH_OUT_LOW it goes on.
 */
#ifndef WARREN_BATCH_OUT_H
#define WARREN_BATCH_OUT_H

#include <stddef.h>

struct app;
struct batch_out;

#define BATCH_OUT_HIGH (1u << 20)
#define BATCH_OUT_LOW (256u << 10)
/* After a signal, how long the last output may take before it is dropped. */
#define BATCH_OUT_PATIENCE 2.0

/* Standard output, made non-blocking for warren alone (see batch_out.c). */
struct batch_out *batch_out_new(struct app *a);
/* Queue one line (a '\n' is added) and write it soon. */
void batch_out_line(struct batch_out *o, const char *line);
/* Write what the output takes now (the end of a burst, before idling). */
void batch_out_flush(struct batch_out *o);
/* Bytes still waiting. */
size_t batch_out_pending(const struct batch_out *o);
/*
 * A signal (SIGINT, SIGTERM...). Before the end it limits the last wait to
 * BATCH_OUT_PATIENCE; during batch_out_finish it ends the wait at once.
 */
void batch_out_signal(struct batch_out *o);
/*
 * At the end (the loop stopped): run the loop again until the rest is
 * written, as long as the reader takes it, unless a signal came. Returns
 * the bytes that could not be written, and says so on stderr.
 */
size_t batch_out_finish(struct batch_out *o);
void batch_out_free(struct batch_out *o);

#endif
