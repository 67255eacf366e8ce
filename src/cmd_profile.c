/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_profile: `connect PROFILE` at the prompt. The profile's password is
 * fetched now (its password-command runs for this connect only) and goes
 * straight into the URL of the connect request, where every place that
 * shows a URL masks it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "profile.h"

enum cmd_result cmd_profile_connect(struct job *j, const char *name, const char *mgmt)
{
	struct app *a = j->a;
	const struct profile *p = profile_find(a->profiles, name);
	struct profile_conn c;
	enum cmd_result r;
	char err[1024], *url;

	if (!p || profile_resolve(a->profiles, p, NULL, &c, err, sizeof err) < 0) {
		if (!p)
			profile_unknown(a->profiles, name, err, sizeof err);
		app_error(a, "connect %s: %s", name, err);
		return CMD_ERR;
	}
	/* the TLS files go with the broker: this connect and the next ones use them */
	if (c.cacert)
		a->opt.cacert = (char *)c.cacert;
	if (c.cert)
		a->opt.cert = (char *)c.cert;
	if (c.key)
		a->opt.key = (char *)c.key;
	/* the profile's heartbeat rides in the URL: it is this broker's, not every connect's */
	url = c.heartbeat >= 0 && !strchr(c.url, '?') ? msg_printf("%s?heartbeat=%d", c.url,
								     c.heartbeat)
						       : msg_strdup(c.url);
	r = cmd_connect_mgmt(j, url, mgmt ? mgmt : c.mgmt_url);
	free(url);
	profile_conn_free(&c);
	return r;
}
