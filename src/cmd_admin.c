/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_admin: commands that change the broker's definitions through the
 * management API: export/import definitions, declare/delete policy,
 * declare/delete vhost. Each builds one request for the writer thread
 * (mgmt_write.c) and waits for its result like an AMQP command waits for
 * the network thread's: in the dashboard it detaches after a second.
 *
 * The vhost is --vhost, else the vhost of the broker warren connected to.
 * `delete vhost` in the dashboard asks first: --yes, or the same command
 * typed again within a minute.
 */
#include "config.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "mgmt_write.h"
#include "uri.h"

#define CMD_ADMIN_CONFIRM_S 60.0

/* The management URL, or NULL with the reason said. */
static const char *cmd_admin_url(struct app *a, const char *cmd)
{
	if (a->opt.mgmt_url)
		return a->opt.mgmt_url;
	app_error(a, "%s: %s (or connect URL --mgmt-url URL)", cmd,
		  a->mgmt_setup_error ? a->mgmt_setup_error
				      : "no management API: start warren with --mgmt-url URL");
	return NULL;
}

/* --vhost, else the vhost of the broker warren connected to, else "/". malloc'd. */
static char *cmd_admin_vhost(struct app *a, const struct cmd_args *args)
{
	const char *v = cmd_arg_str(args, "vhost");
	struct uri u;
	char err[256], *s;

	if (v)
		return msg_strdup(v);
	if (!a->last_url || uri_parse(a->last_url, &u, err, sizeof err) < 0)
		return msg_strdup("/");
	s = msg_strdup(u.vhost);
	uri_free(&u);
	return s;
}

static char *cmd_admin_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *out;

	if (!e)
		abort();
	out = msg_strdup(e);
	curl_free(e);
	return out;
}

static struct mgmt_write_req *cmd_admin_req(const char *url, const char *method, char *path,
					    const char *tag, char *what)
{
	struct mgmt_write_req *r = msg_alloc(sizeof *r);

	r->method = method;
	r->url = msg_strdup(url);
	r->path = path;
	r->tag = tag;
	r->what = what;
	return r;
}

/* Hand r to the writer thread; the command waits for its EV_RESULT. */
static enum cmd_result cmd_admin_send(struct job *j, struct mgmt_write_req *r)
{
	struct app *a = j->a;
	uint64_t id;

	if (!a->writer && !(a->writer = mgmt_writer_new(&a->events))) {
		app_error(a, "%s: cannot start the management writer thread", r->what);
		mgmt_write_req_free(r);
		return CMD_ERR;
	}
	id = r->id = ++a->next_req_id;
	/* once sent, r is the writer's: it may be freed before we return */
	mgmt_writer_send(a->writer, r);
	return job_wait_result(j, id, NULL);
}

/* ---- definitions -------------------------------------------------------- */

static const struct cmd_flag cmd_definitions_flags[] = {
	{"vhost", CMD_STR, "VHOST", 0, 0, "only this vhost's definitions (default: the whole broker)"},
	{0},
};

/* /api/definitions, or /api/definitions/VHOST with --vhost */
static char *cmd_definitions_path(const struct cmd_args *args)
{
	const char *v = cmd_arg_str(args, "vhost");
	char *e, *p;

	if (!v)
		return msg_strdup("/api/definitions");
	e = cmd_admin_escape(v);
	p = msg_printf("/api/definitions/%s", e);
	free(e);
	return p;
}

static enum cmd_result cmd_export_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *url = cmd_admin_url(a, "export definitions");
	struct mgmt_write_req *r;

	if (!url)
		return CMD_ERR;
	r = cmd_admin_req(url, "GET", cmd_definitions_path(args), "administrator",
			  msg_strdup("export definitions"));
	r->kind = MW_EXPORT;
	r->file = msg_strdup(args->argv[0]);
	return cmd_admin_send(j, r);
}

const struct cmd_entry cmd_export_definitions_entry = {
	.name = "export definitions",
	.args = "FILE",
	.help = "save the broker's definitions (users, vhosts, permissions, policies, queues, "
		"exchanges, bindings) as JSON to FILE, mode 0600 (management API)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_definitions_flags,
	.complete = "f",
	.exec = cmd_export_exec,
};

static enum cmd_result cmd_import_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *url = cmd_admin_url(a, "import definitions");
	struct mgmt_write_req *r;

	if (!url)
		return CMD_ERR;
	r = cmd_admin_req(url, "POST", cmd_definitions_path(args), "administrator",
			  msg_strdup("import definitions"));
	r->kind = MW_IMPORT;
	r->file = msg_strdup(args->argv[0]);
	r->missing = cmd_arg_has(args, "vhost")
			     ? msg_printf("no vhost '%s' on the broker", cmd_arg_str(args, "vhost"))
			     : NULL;
	return cmd_admin_send(j, r);
}

const struct cmd_entry cmd_import_definitions_entry = {
	.name = "import definitions",
	.args = "FILE",
	.help = "load definitions from a JSON FILE (as export definitions writes) into the broker; "
		"the file is checked first (management API)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_definitions_flags,
	.complete = "f",
	.exec = cmd_import_exec,
};

/* ---- policies ----------------------------------------------------------- */

/* A definition's value, typed: numbers, true/false, JSON lists and objects; else a string. */
static json_t *cmd_policy_value(const char *v, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j;
	char *end;
	double d;

	if (!strcmp(v, "true") || !strcmp(v, "false"))
		return json_boolean(v[0] == 't');
	if (*v == '[' || *v == '{' || *v == '"') {
		if (!(j = json_loads(v, JSON_DECODE_ANY, &je)))
			snprintf(err, errlen, "'%.60s' is not JSON (%.80s): quote it as a string", v,
				 je.text);
		return j;
	}
	if (*v == '-' || (*v >= '0' && *v <= '9')) {
		long long n = strtoll(v, &end, 10);

		if (!*end)
			return json_integer(n);
		d = strtod(v, &end);
		if (!*end)
			return json_real(d);
	}
	return json_string(v);
}

/* KEY=VALUE words into the definition object; NULL with err. */
static json_t *cmd_policy_definition(char *const *kv, int n, char *err, size_t errlen)
{
	json_t *def = json_object(), *v;
	int i;

	for (i = 0; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		char *key;

		if (!eq || eq == kv[i]) {
			snprintf(err, errlen, "'%.60s' is not KEY=VALUE (e.g. max-length=10)", kv[i]);
			json_decref(def);
			return NULL;
		}
		if (!(v = cmd_policy_value(eq + 1, err, errlen))) {
			json_decref(def);
			return NULL;
		}
		key = msg_printf("%.*s", (int)(eq - kv[i]), kv[i]);
		json_object_set_new(def, key, v);
		free(key);
	}
	if (!n) {
		snprintf(err, errlen, "a policy needs at least one KEY=VALUE (e.g. max-length=10)");
		json_decref(def);
		return NULL;
	}
	return def;
}

static char *cmd_policy_path(const char *vhost, const char *name)
{
	char *v = cmd_admin_escape(vhost), *n = cmd_admin_escape(name),
	     *p = msg_printf("/api/policies/%s/%s", v, n);

	free(v);
	free(n);
	return p;
}

static enum cmd_result cmd_declare_policy_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *url = cmd_admin_url(a, "declare policy"), *to = cmd_arg_str(args, "apply-to");
	long long prio = cmd_arg_num(args, "priority", 0);
	struct mgmt_write_req *r;
	json_t *def, *body;
	char err[256], *vhost, *text;

	if (!url)
		return CMD_ERR;
	if (!(def = cmd_policy_definition(args->argv + 2, args->argc - 2, err, sizeof err))) {
		app_error(a, "declare policy: %s", err);
		return CMD_ERR;
	}
	text = json_dumps(def, JSON_COMPACT | JSON_SORT_KEYS);
	body = json_pack("{s:s, s:o, s:I, s:s}", "pattern", args->argv[1], "definition", def,
			 "priority", (json_int_t)prio, "apply-to", to ? to : "all");
	vhost = cmd_admin_vhost(a, args);
	r = cmd_admin_req(url, "PUT", cmd_policy_path(vhost, args->argv[0]), "policymaker",
			  msg_printf("declare policy %s", args->argv[0]));
	r->body = json_dumps(body, JSON_COMPACT);
	r->missing = msg_printf("no vhost '%s' on the broker", vhost);
	r->ok_text = msg_printf("policy %s on vhost %s: pattern %s, apply-to %s, priority %lld: %s",
				args->argv[0], vhost, args->argv[1], to ? to : "all", prio, text);
	json_decref(body);
	free(text);
	free(vhost);
	return cmd_admin_send(j, r);
}

static const struct cmd_flag cmd_declare_policy_flags[] = {
	{"apply-to", CMD_CHOICE, "queues|exchanges|all", 0, 0, "what it applies to (default all)"},
	{"priority", CMD_NUM, "N", -1000000, 1000000,
	 "the highest priority wins when several policies match (default 0)"},
	{"vhost", CMD_STR, "VHOST", 0, 0, "default: the vhost warren is connected to"},
	{0},
};

const struct cmd_entry cmd_declare_policy_entry = {
	.name = "declare policy",
	.args = "NAME PATTERN KEY=VALUE...",
	.help = "set a policy on the queues or exchanges whose names match the regular expression "
		"PATTERN: message-ttl=60000 max-length=10 dead-letter-exchange=dlx ... (numbers go "
		"as numbers; management API)",
	.min_args = 3,
	.max_args = CMD_MAX_ARGS,
	.flags = cmd_declare_policy_flags,
	.exec = cmd_declare_policy_exec,
};

static enum cmd_result cmd_delete_policy_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *url = cmd_admin_url(a, "delete policy");
	struct mgmt_write_req *r;
	char *vhost;

	if (!url)
		return CMD_ERR;
	vhost = cmd_admin_vhost(a, args);
	r = cmd_admin_req(url, "DELETE", cmd_policy_path(vhost, args->argv[0]), "policymaker",
			  msg_printf("delete policy %s", args->argv[0]));
	r->missing = msg_printf("no policy '%s' in vhost '%s'", args->argv[0], vhost);
	r->ok_text = msg_printf("deleted policy %s from vhost %s", args->argv[0], vhost);
	free(vhost);
	return cmd_admin_send(j, r);
}

static const struct cmd_flag cmd_vhost_flag[] = {
	{"vhost", CMD_STR, "VHOST", 0, 0, "default: the vhost warren is connected to"},
	{0},
};

const struct cmd_entry cmd_delete_policy_entry = {
	.name = "delete policy",
	.args = "NAME",
	.help = "remove a policy (management API)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_vhost_flag,
	.exec = cmd_delete_policy_exec,
};

/* ---- vhosts ------------------------------------------------------------- */

static enum cmd_result cmd_vhost_send(struct job *j, const char *method, const char *name,
				      const char *verb)
{
	struct app *a = j->a;
	const char *url = cmd_admin_url(a, verb);
	struct mgmt_write_req *r;
	char *e;

	if (!url)
		return CMD_ERR;
	e = cmd_admin_escape(name);
	r = cmd_admin_req(url, method, msg_printf("/api/vhosts/%s", e), "administrator",
			  msg_printf("%s %s", verb, name));
	free(e);
	if (!strcmp(method, "PUT"))
		r->body = msg_strdup("{}");
	r->missing = msg_printf("no vhost '%s' on the broker", name);
	r->ok_text = msg_printf("%s %s", !strcmp(method, "PUT") ? "declared vhost" : "deleted vhost",
				name);
	return cmd_admin_send(j, r);
}

static enum cmd_result cmd_declare_vhost_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_vhost_send(j, "PUT", args->argv[0], "declare vhost");
}

const struct cmd_entry cmd_declare_vhost_entry = {
	.name = "declare vhost",
	.args = "NAME",
	.help = "create a virtual host; its creator gets full permissions on it (management API)",
	.min_args = 1,
	.max_args = 1,
	.exec = cmd_declare_vhost_exec,
};

/*
 * In the dashboard a typo must not delete a vhost with everything in it:
 * the first `delete vhost X` only warns; --yes, or the same command again
 * within a minute, deletes. Scripts say what they mean: no question.
 */
static int cmd_delete_vhost_confirmed(struct app *a, const struct cmd_args *args)
{
	static char *asked;
	static double asked_at;
	const char *name = args->argv[0];
	int again = asked && !strcmp(asked, name) && loop_now() - asked_at < CMD_ADMIN_CONFIRM_S;

	free(asked);
	asked = NULL;
	if (!app_interactive(a) || cmd_arg_has(args, "yes") || again)
		return 1;
	asked = msg_strdup(name);
	asked_at = loop_now();
	app_out(a, LOG_WARN,
		"delete vhost %s deletes every queue, exchange, binding, policy and message in it: "
		"type the command again (or add --yes) to delete it", name);
	return 0;
}

static enum cmd_result cmd_delete_vhost_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;

	if (!cmd_delete_vhost_confirmed(a, args))
		return CMD_OK;
	return cmd_vhost_send(j, "DELETE", args->argv[0], "delete vhost");
}

static const struct cmd_flag cmd_delete_vhost_flags[] = {
	{"yes", CMD_BOOL, NULL, 0, 0, "in the dashboard: delete without asking first"},
	{0},
};

const struct cmd_entry cmd_delete_vhost_entry = {
	.name = "delete vhost",
	.args = "NAME",
	.help = "delete a virtual host and everything in it (management API; the dashboard asks "
		"first)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_delete_vhost_flags,
	.exec = cmd_delete_vhost_exec,
};
