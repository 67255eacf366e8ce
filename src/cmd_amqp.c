/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_amqp: the AMQP commands: declare, bind, unbind, delete, purge,
 * publish, consume, cancel, ack, nack, reject, get. Each builds one request
 * for the network thread; its result comes back as an event.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "cmd.h"
#include "job.h"

#define CMD_ARG_FLAG {"arg", CMD_KV, "k=v", 0, 0, "an x-argument (numbers and true/false are typed)"}

/* ---- declare ----------------------------------------------------------- */

static const struct cmd_flag cmd_declare_queue_flags[] = {
	{"durable", CMD_BOOL, NULL, 0, 0, "survives a broker restart"},
	{"exclusive", CMD_BOOL, NULL, 0, 0, "only this connection may use it; deleted with it"},
	{"auto-delete", CMD_BOOL, NULL, 0, 0, "deleted when its last consumer goes"},
	{"passive", CMD_BOOL, NULL, 0, 0, "only check that it exists"},
	{"type", CMD_CHOICE, "classic|quorum|stream", 0, 0, "queue type (quorum and stream are durable)"},
	CMD_ARG_FLAG,
	{0},
};

static enum cmd_result cmd_declare_queue_exec(struct job *j, const struct cmd_args *args)
{
	struct msg_req *r = msg_req_new(REQ_DECLARE);
	struct msg_req_declare *d = &r->u.declare;

	d->name = msg_strdup(args->argc ? args->argv[0] : "");
	d->durable = cmd_arg_has(args, "durable");
	d->exclusive = cmd_arg_has(args, "exclusive");
	d->auto_delete = cmd_arg_has(args, "auto-delete");
	d->passive = cmd_arg_has(args, "passive");
	d->type = msg_strdup(cmd_arg_str(args, "type"));
	d->args = cmd_arg_kv(args, "arg");
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_declare_queue_entry = {
	.name = "declare queue",
	.args = "[NAME]",
	.help = "declare a queue (no NAME: the broker picks one, as for pub/sub)",
	.max_args = 1,
	.flags = cmd_declare_queue_flags,
	.complete = "q",
	.exec = cmd_declare_queue_exec,
};

static const struct cmd_flag cmd_declare_exchange_flags[] = {
	{"type", CMD_CHOICE, "direct|fanout|topic|headers", 0, 0, "exchange type"},
	{"durable", CMD_BOOL, NULL, 0, 0, "survives a broker restart"},
	{"auto-delete", CMD_BOOL, NULL, 0, 0, "deleted when its last binding goes"},
	{"internal", CMD_BOOL, NULL, 0, 0, "clients cannot publish to it"},
	{"passive", CMD_BOOL, NULL, 0, 0, "only check that it exists"},
	CMD_ARG_FLAG,
	{0},
};

static enum cmd_result cmd_declare_exchange_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct msg_req *r;
	struct msg_req_declare *d;

	if (!cmd_arg_has(args, "type") && !cmd_arg_has(args, "passive")) {
		app_error(a,
			"declare exchange: say its --type: direct, fanout, topic or headers");
		return CMD_ERR;
	}
	r = msg_req_new(REQ_DECLARE);
	d = &r->u.declare;
	d->exchange = 1;
	d->name = msg_strdup(args->argv[0]);
	d->type = msg_strdup(cmd_arg_str(args, "type"));
	d->durable = cmd_arg_has(args, "durable");
	d->auto_delete = cmd_arg_has(args, "auto-delete");
	d->internal = cmd_arg_has(args, "internal");
	d->passive = cmd_arg_has(args, "passive");
	d->args = cmd_arg_kv(args, "arg");
	model_names_add(&a->model.exchanges, d->name);
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_declare_exchange_entry = {
	.name = "declare exchange",
	.args = "NAME",
	.help = "declare an exchange",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_declare_exchange_flags,
	.complete = "e",
	.exec = cmd_declare_exchange_exec,
};

/* ---- bind, unbind ------------------------------------------------------ */

static const struct cmd_flag cmd_bind_flags[] = {
	CMD_ARG_FLAG,
	{0},
};

static enum cmd_result cmd_bind_common(struct job *j, const struct cmd_args *args, int unbind)
{
	struct msg_req *r = msg_req_new(REQ_BIND);

	r->u.bind.unbind = unbind;
	r->u.bind.queue = msg_strdup(args->argv[0]);
	r->u.bind.exchange = msg_strdup(args->argv[1]);
	r->u.bind.key = msg_strdup(args->argc > 2 ? args->argv[2] : "");
	r->u.bind.args = cmd_arg_kv(args, "arg");
	return job_request(j, r, NULL);
}

static enum cmd_result cmd_bind_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_bind_common(j, args, 0);
}

static enum cmd_result cmd_unbind_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_bind_common(j, args, 1);
}

const struct cmd_entry cmd_bind_entry = {
	.name = "bind",
	.args = "QUEUE EXCHANGE [KEY]",
	.help = "bind a queue to an exchange with a routing (or binding) key",
	.min_args = 2,
	.max_args = 3,
	.flags = cmd_bind_flags,
	.complete = "qe",
	.exec = cmd_bind_exec,
};

const struct cmd_entry cmd_unbind_entry = {
	.name = "unbind",
	.args = "QUEUE EXCHANGE [KEY]",
	.help = "remove a binding",
	.min_args = 2,
	.max_args = 3,
	.flags = cmd_bind_flags,
	.complete = "qe",
	.exec = cmd_unbind_exec,
};

/* ---- delete, purge ----------------------------------------------------- */

static const struct cmd_flag cmd_delete_queue_flags[] = {
	{"if-unused", CMD_BOOL, NULL, 0, 0, "only when it has no consumers"},
	{"if-empty", CMD_BOOL, NULL, 0, 0, "only when it holds no messages"},
	{0},
};

static const struct cmd_flag cmd_delete_exchange_flags[] = {
	{"if-unused", CMD_BOOL, NULL, 0, 0, "only when it has no bindings"},
	{0},
};

static enum cmd_result cmd_delete_common(struct job *j, const struct cmd_args *args, int exchange)
{
	struct app *a = j->a;
	struct msg_req *r = msg_req_new(REQ_DELETE);

	r->u.del.exchange = exchange;
	r->u.del.name = msg_strdup(args->argv[0]);
	r->u.del.if_unused = cmd_arg_has(args, "if-unused");
	r->u.del.if_empty = cmd_arg_has(args, "if-empty");
	model_names_del(exchange ? &a->model.exchanges : &a->model.queues, args->argv[0]);
	return job_request(j, r, NULL);
}

static enum cmd_result cmd_delete_queue_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_delete_common(j, args, 0);
}

static enum cmd_result cmd_delete_exchange_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_delete_common(j, args, 1);
}

const struct cmd_entry cmd_delete_queue_entry = {
	.name = "delete queue",
	.args = "NAME",
	.help = "delete a queue and the messages in it",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_delete_queue_flags,
	.complete = "q",
	.exec = cmd_delete_queue_exec,
};

const struct cmd_entry cmd_delete_exchange_entry = {
	.name = "delete exchange",
	.args = "NAME",
	.help = "delete an exchange",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_delete_exchange_flags,
	.complete = "e",
	.exec = cmd_delete_exchange_exec,
};

static enum cmd_result cmd_purge_exec(struct job *j, const struct cmd_args *args)
{
	struct msg_req *r = msg_req_new(REQ_PURGE);

	r->u.queue = msg_strdup(args->argv[0]);
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_purge_entry = {
	.name = "purge",
	.args = "QUEUE",
	.help = "drop every ready message of a queue (unacked ones stay)",
	.min_args = 1,
	.max_args = 1,
	.complete = "q",
	.exec = cmd_purge_exec,
};

/* ---- publish ----------------------------------------------------------- */

static const struct cmd_flag cmd_publish_flags[] = {
	{"exchange", CMD_STR, "X", 0, 0, "exchange to publish to (default: the default exchange)"},
	{"persistent", CMD_BOOL, NULL, 0, 0, "delivery_mode 2: written to disk in a durable queue"},
	{"header", CMD_KV, "k=v", 0, 0, "a message header (repeatable)"},
	{"content-type", CMD_STR, "T", 0, 0, "content_type property, e.g. application/json"},
	{"correlation-id", CMD_STR, "ID", 0, 0, "correlation_id property (RPC)"},
	{"reply-to", CMD_STR, "Q", 0, 0, "reply_to property (RPC)"},
	{"expiration", CMD_NUM, "MS", 0, 2147483647LL, "per-message TTL in milliseconds"},
	{"priority", CMD_NUM, "N", 0, 255, "priority property (queue needs x-max-priority)"},
	{"message-id", CMD_STR, "ID", 0, 0, "message_id property"},
	{"type", CMD_STR, "T", 0, 0, "type property"},
	{"app-id", CMD_STR, "ID", 0, 0, "app_id property"},
	{"mandatory", CMD_BOOL, NULL, 0, 0, "ask the broker to return the message if unroutable"},
	{"count", CMD_NUM, "N", 1, 1000000000LL, "publish N messages; {n} in BODY is the number"},
	{"body-file", CMD_STR, "F", 0, 0, "take the body from a file (no {n} expansion)"},
	{"retry", CMD_BOOL, NULL, 0, 0,
	 "with confirms: send nacked or unconfirmed messages again until each is confirmed"},
	{0},
};

static int cmd_read_file(struct app *a, const char *path, unsigned char **body, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	struct stat st;
	size_t got;

	if (!f || fstat(fileno(f), &st) < 0) {
		app_error(a, "publish: cannot read --body-file %s: %s", path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	*len = (size_t)st.st_size;
	*body = msg_alloc(*len + 1);
	got = fread(*body, 1, *len, f);
	fclose(f);
	if (got != *len) {
		app_error(a, "publish: short read from %s", path);
		free(*body);
		return -1;
	}
	return 0;
}

static enum cmd_result cmd_publish_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	const char *file = cmd_arg_str(args, "body-file");
	struct msg_req *r;
	struct msg_req_publish *p;

	if (file && args->argc > 1) {
		app_error(a, "publish: give either BODY or --body-file, not both");
		return CMD_ERR;
	}
	if (!file && args->argc < 2) {
		char *u = cmd_usage(args->entry);

		app_error(a, "publish: missing BODY (or --body-file F); usage: %s", u);
		free(u);
		return CMD_ERR;
	}
	r = msg_req_new(REQ_PUBLISH);
	p = &r->u.publish;
	if (file) {
		if (cmd_read_file(a, file, &p->body, &p->body_len) < 0) {
			msg_req_free(r);
			return CMD_ERR;
		}
		p->literal = 1;
	} else {
		p->body_len = strlen(args->argv[1]);
		p->body = (unsigned char *)msg_strdup(args->argv[1]);
	}
	p->exchange = msg_strdup(cmd_arg_str(args, "exchange") ? cmd_arg_str(args, "exchange") : "");
	p->key = msg_strdup(args->argv[0]);
	p->persistent = cmd_arg_has(args, "persistent");
	p->mandatory = cmd_arg_has(args, "mandatory");
	p->retry = cmd_arg_has(args, "retry");
	p->count = (uint64_t)cmd_arg_num(args, "count", 1);
	p->headers = cmd_arg_kv(args, "header");
	p->props.content_type = msg_strdup(cmd_arg_str(args, "content-type"));
	p->props.correlation_id = msg_strdup(cmd_arg_str(args, "correlation-id"));
	p->props.reply_to = msg_strdup(cmd_arg_str(args, "reply-to"));
	p->props.expiration = msg_strdup(cmd_arg_str(args, "expiration"));
	p->props.message_id = msg_strdup(cmd_arg_str(args, "message-id"));
	p->props.type = msg_strdup(cmd_arg_str(args, "type"));
	p->props.app_id = msg_strdup(cmd_arg_str(args, "app-id"));
	p->props.priority = (int)cmd_arg_num(args, "priority", -1);
	p->props.timestamp = -1;
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.alias = "pub",
	.args = "KEY BODY",
	.help = "publish a message (KEY is the routing key; the queue name on the default exchange)",
	.min_args = 1,
	.max_args = 2,
	.flags = cmd_publish_flags,
	.complete = "q",
	.exec = cmd_publish_exec,
};

/* ---- consume, cancel, get ---------------------------------------------- */

static const struct cmd_flag cmd_consume_flags[] = {
	{"ack", CMD_CHOICE, "auto|manual", 0, 0, "who acks: the broker on send (auto) or you (manual, default)"},
	{"prefetch", CMD_NUM, "N", 0, 65535, "unacked messages in flight (default: the qos setting)"},
	{"exclusive", CMD_BOOL, NULL, 0, 0, "be the queue's only consumer"},
	{"tag", CMD_STR, "T", 0, 0, "consumer tag (default c1, c2, ...)"},
	{"count", CMD_NUM, "N", 1, 1000000000LL, "cancel after N messages (extras are requeued)"},
	{"ack-every", CMD_NUM, "N", 1, 65535, "warren acks by itself, one multiple-ack per N messages"},
	{"global", CMD_BOOL, NULL, 0, 0, "apply the prefetch per channel (basic.qos global)"},
	{0},
};

/* The next free default tag: c1, c2, ... */
static char *cmd_next_tag(struct app *a)
{
	for (;;) {
		char *t = msg_printf("c%llu", (unsigned long long)a->model.next_consumer_no++);
		struct model_consumer *c = model_consumer_find(&a->model, t);

		if (!c)
			return t;
		free(t);
	}
}

static enum cmd_result cmd_consume_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	struct msg_req *r = msg_req_new(REQ_CONSUME);
	struct msg_req_consume *c = &r->u.consume;
	const char *ack = cmd_arg_str(args, "ack");
	const char *tag = cmd_arg_str(args, "tag");

	c->queue = msg_strdup(args->argv[0]);
	c->manual_ack = !ack || !strcmp(ack, "manual");
	if (cmd_arg_has(args, "ack-every") && !c->manual_ack) {
		app_error(a, "consume: --ack-every needs --ack manual");
		msg_req_free(r);
		return CMD_ERR;
	}
	c->prefetch = (int)cmd_arg_num(args, "prefetch", a->model.prefetch);
	c->qos_global = cmd_arg_has(args, "global") || a->model.qos_global;
	c->exclusive = cmd_arg_has(args, "exclusive");
	c->count = (uint64_t)cmd_arg_num(args, "count", 0);
	c->ack_every = (int)cmd_arg_num(args, "ack-every", 0);
	c->tag = tag ? msg_strdup(tag) : cmd_next_tag(a);
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_consume_entry = {
	.name = "consume",
	.alias = "sub",
	.args = "QUEUE",
	.help = "start a consumer on its own channel; deliveries show up live",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_consume_flags,
	.complete = "q",
	.exec = cmd_consume_exec,
};

static const struct cmd_flag cmd_cancel_flags[] = {
	{"kill", CMD_BOOL, NULL, 0, 0,
	 "close its channel without acking, like a killed worker: unacked go back to the queue"},
	{0},
};

static enum cmd_result cmd_cancel_exec(struct job *j, const struct cmd_args *args)
{
	struct msg_req *r = msg_req_new(REQ_CANCEL);

	r->u.cancel.tag = msg_strdup(args->argv[0]);
	r->u.cancel.kill = cmd_arg_has(args, "kill");
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel",
	.args = "TAG",
	.help = "cancel a consumer; its unacked messages stay pending until settled",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_cancel_flags,
	.complete = "c",
	.exec = cmd_cancel_exec,
};

static const struct cmd_flag cmd_get_flags[] = {
	{"ack", CMD_CHOICE, "auto|manual", 0, 0, "auto: settled on send; manual (default): ack it yourself"},
	{0},
};

static enum cmd_result cmd_get_exec(struct job *j, const struct cmd_args *args)
{
	struct msg_req *r = msg_req_new(REQ_GET);
	const char *ack = cmd_arg_str(args, "ack");

	r->u.queue = msg_strdup(args->argv[0]);
	r->manual_ack = !ack || !strcmp(ack, "manual");
	return job_request(j, r, NULL);
}

const struct cmd_entry cmd_get_entry = {
	.name = "get",
	.args = "QUEUE",
	.help = "fetch one message (basic.get); says so when the queue is empty",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_get_flags,
	.complete = "q",
	.exec = cmd_get_exec,
};

/* ---- ack, nack, reject ------------------------------------------------- */

static const struct cmd_flag cmd_ack_flags[] = {
	{"multiple", CMD_BOOL, NULL, 0, 0, "also every earlier pending message of that consumer"},
	{0},
};

static const struct cmd_flag cmd_nack_flags[] = {
	{"multiple", CMD_BOOL, NULL, 0, 0, "also every earlier pending message of that consumer"},
	{"requeue", CMD_BOOL, NULL, 0, 0, "put it back in the queue (the default)"},
	{"no-requeue", CMD_BOOL, NULL, 0, 0, "drop it (or dead-letter it)"},
	{0},
};

static const struct cmd_flag cmd_reject_flags[] = {
	{"requeue", CMD_BOOL, NULL, 0, 0, "put it back in the queue (the default)"},
	{"no-requeue", CMD_BOOL, NULL, 0, 0, "drop it (or dead-letter it)"},
	{0},
};

static enum cmd_result cmd_settle(struct job *j, const struct cmd_args *args,
				  enum msg_settle_kind kind)
{
	struct app *a = j->a;
	unsigned long long id = cmd_msg_number(args->argv[0]);
	struct msg_req *r;

	if (!id) {
		app_error(a,
			"%s: TAG is a message number as shown in the log (#5 or 5), not '%s'",
			args->entry->name, args->argv[0]);
		return CMD_ERR;
	}
	if (cmd_arg_has(args, "requeue") && cmd_arg_has(args, "no-requeue")) {
		app_error(a, "%s: --requeue or --no-requeue, not both",
			args->entry->name);
		return CMD_ERR;
	}
	r = msg_req_new(REQ_SETTLE);
	r->u.settle.kind = kind;
	r->u.settle.id = id;
	r->u.settle.multiple = cmd_arg_has(args, "multiple");
	r->u.settle.requeue = !cmd_arg_has(args, "no-requeue");
	return job_request(j, r, NULL);
}

static enum cmd_result cmd_ack_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_settle(j, args, SETTLE_ACK);
}

static enum cmd_result cmd_nack_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_settle(j, args, SETTLE_NACK);
}

static enum cmd_result cmd_reject_exec(struct job *j, const struct cmd_args *args)
{
	return cmd_settle(j, args, SETTLE_REJECT);
}

const struct cmd_entry cmd_ack_entry = {
	.name = "ack",
	.args = "TAG",
	.help = "acknowledge a pending message by its number (#N in the log)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_ack_flags,
	.exec = cmd_ack_exec,
};

const struct cmd_entry cmd_nack_entry = {
	.name = "nack",
	.args = "TAG",
	.help = "negatively acknowledge a pending message (requeued unless --no-requeue)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_nack_flags,
	.exec = cmd_nack_exec,
};

const struct cmd_entry cmd_reject_entry = {
	.name = "reject",
	.args = "TAG",
	.help = "reject a pending message (requeued unless --no-requeue)",
	.min_args = 1,
	.max_args = 1,
	.flags = cmd_reject_flags,
	.exec = cmd_reject_exec,
};
