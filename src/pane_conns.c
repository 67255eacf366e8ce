/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane_conns: warren's own connection as it knows it, then every connection
 * the management API lists (warren's marked), with client product, user,
 * vhost, channels and rates.
 */
#include "config.h"

#include <string.h>

#include "app.h"
#include "mgmt.h"
#include "pane.h"

static size_t pane_conns_count(struct pane *p)
{
	const struct mgmt_snapshot *s = p->app->model.mgmt;

	return 1 + (s ? s->nconns : 0);
}

/* Connections as `list connections` shows them, narrower. */
static const struct pane_col pane_conns_cols[] = {
	{.title = "", .name = "mine", .width = 2},
	{.title = "peer", .name = "peer", .width = 24},
	{.title = "user", .name = "user", .width = 10},
	{.title = "vhost", .name = "vhost", .width = 8},
	{.title = "client", .name = "product", .width = 22},
	{.title = "ch", .name = "channels", .width = 4},
	{.title = "state  in/out B/s", .name = "traffic", .own = 1, .width = PANE_REST},
	{0},
};

static void pane_conns_header(struct pane *p, WINDOW *w, int y, int cols)
{
	pane_cols_header(w, y, cols, pane_conns_cols, 0);
}

/* The first row: warren's own connection, as it knows it. */
static void pane_conns_own(const struct model *m, WINDOW *w, int y, int cols)
{
	enum tui_color col = m->conn_state == CONN_UP	     ? TUI_OK
			     : m->conn_state == CONN_DOWN    ? TUI_ERROR
							     : TUI_WARN;

	tui_attr(w, col, 1);
	if (m->conn_state == CONN_UP || m->conn_state == CONN_BLOCKED)
		tui_cellf(w, y, 0, cols, "> this warren (%s): %s, %s%s%s%s%s",
			  m->conn_name ? m->conn_name : "?", msg_conn_state_name(m->conn_state),
			  m->server ? m->server : "?", m->node ? " on " : "", m->node ? m->node : "",
			  m->reason ? ": " : "", m->reason ? m->reason : "");
	else
		tui_cellf(w, y, 0, cols, "> this warren: %s%s%s", msg_conn_state_name(m->conn_state),
			  m->reason ? ": " : "", m->reason ? m->reason : "");
	tui_attr(w, col, 0);
}

static void pane_conns_row(struct pane *p, WINDOW *w, int y, int cols, size_t i)
{
	const struct model *m = &p->app->model;
	const struct mgmt_conn *c;
	struct pane_cells cells;

	if (i == 0) {
		pane_conns_own(m, w, y, cols);
		return;
	}
	c = &m->mgmt->conns[i - 1];
	pane_cells_init(&cells, pane_conns_cols, MGMT_CONNECTIONS, c);
	pane_cell_printf(&cells, "traffic", TUI_NORMAL, "%s %.0f/%.0f", c->state ? c->state : "?",
			 c->recv_rate, c->send_rate);
	if (c->mine)
		tui_attr(w, TUI_MINE, 1);
	pane_cells_draw(w, y, cols, &cells);
	if (c->mine)
		tui_attr(w, TUI_MINE, 0);
}

static int pane_conns_match(struct pane *p, size_t i, const char *f)
{
	const struct mgmt_conn *c;

	if (i == 0)
		return 1;
	c = &p->app->model.mgmt->conns[i - 1];
	return (c->peer && strstr(c->peer, f)) || (c->product && strstr(c->product, f)) ||
	       (c->user && strstr(c->user, f)) || (c->name && strstr(c->name, f));
}

const struct pane_ops pane_conns_ops = {
	.name = "Connections",
	.count = pane_conns_count,
	.header = pane_conns_header,
	.row = pane_conns_row,
	.match = pane_conns_match,
};
