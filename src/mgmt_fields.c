/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt_fields: the field tables of the broker view's lists (see
 * mgmt_fields.h), the columns= parameter made from them, and freeing a row.
 *
 * In each table the rows with a header are the columns of the text table,
 * in order; the other rows follow. A field whose api is NULL is worked out
 * by warren (mgmt_decode.c's hooks for `mine` and the shortened product,
 * mgmt_link for what comes from another list, mgmt_rates for change_rate).
 */
#include "config.h"

#include "mgmt_fields.h"

#include <stdlib.h>
#include <string.h>

#include "mgmt_int.h"
#include "msg.h"

/* A row leaves out what it does not use at its end (0: none, no limit, plain). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define T(type) MGMT_T_##type
#define F(flag) MGMT_F_##flag
#define FMT(fmt) MGMT_FMT_##fmt
#define NAME MGMT_W_NAME
#define TEXT MGMT_W_TEXT

#define C(m) offsetof(struct mgmt_conn, m)
static const struct mgmt_field mgmt_conn_fields[] = {
	/* name, API key, type, member, flags, header, width, format, aux */
	{"mine", NULL, T(BOOL), C(mine), 0, "", 0, FMT(MARK)},
	{"peer", "peer", T(PEER), C(peer), 0, "PEER", NAME, FMT(OR), C(name)},
	{"client_name", "client_properties.connection_name", T(STR), C(client_name), 0, "NAME", TEXT},
	{"user", "user", T(STR), C(user), 0, "USER", TEXT},
	{"vhost", "vhost", T(STR), C(vhost), 0, "VHOST", TEXT},
	{"product", "client_properties.product", T(STR), C(product), 0, "CLIENT", TEXT, FMT(CLIENT), C(version)},
	{"channels", "channels", T(COUNT), C(channels), 0, ">CHANNELS"},
	{"state", "state", T(STR), C(state), 0, "STATE", TEXT},
	{"recv_rate", "recv_oct_details.rate", T(RATE), C(recv_rate), 0, ">RECV/s", 0, FMT(BYTES)},
	{"send_rate", "send_oct_details.rate", T(RATE), C(send_rate), 0, ">SEND/s", 0, FMT(BYTES)},
	{"node", "node", T(STR), C(node), 0, "NODE", NAME},
	{"name", "name", T(STR), C(name), F(KEY)},
	{"version", "client_properties.version", T(STR), C(version)},
	{"recv_oct", "recv_oct", T(COUNT), C(recv_oct), F(INTERNAL)},
	{"send_oct", "send_oct", T(COUNT), C(send_oct), F(INTERNAL)},
};

#define Q(m) offsetof(struct mgmt_queue, m)
#define QSTATS (F(STATS) | F(INTERNAL)) /* counters, for rates */
static const struct mgmt_field mgmt_queue_fields[] = {
	{"name", "name", T(STR), Q(name), F(KEY), "NAME", NAME},
	{"vhost", "vhost", T(STR), Q(vhost), 0, "VHOST", TEXT},
	{"type", "type", T(STR), Q(type), 0, "TYPE", TEXT},
	{"durable", "durable", T(BOOL), Q(durable), 0, "DURABLE"},
	{"ready", "messages_ready", T(COUNT), Q(ready), 0, ">READY"},
	{"unacked", "messages_unacknowledged", T(COUNT), Q(unacked), 0, ">UNACKED"},
	{"total", "messages", T(COUNT), Q(total), 0, ">TOTAL"},
	{"consumers", "consumers", T(COUNT), Q(consumers), F(MAYBE), ">CONSUMERS"},
	{"publish_rate", "message_stats.publish_details.rate", T(RATE), Q(publish_rate), F(STATS), ">PUBLISH/s"},
	{"deliver_rate", "message_stats.deliver_get_details.rate", T(RATE), Q(deliver_rate), F(STATS), ">DELIVER/s"},
	{"state", "state", T(STR), Q(state), 0, "STATE", TEXT, FMT(QSTATE)},
	{"online", "online", T(STRV), Q(online), 0, ">ONLINE", 0, FMT(ONLINE), Q(nonline)},
	{"leader", "leader", T(STR), Q(leader), 0, "NODE/LEADER", NAME, FMT(OR), Q(node)},
	{"node", "node", T(STR), Q(node)},
	{"policy", "policy", T(STR), Q(policy)},
	{"arguments", "arguments", T(ARGS), Q(arguments)},
	{"exclusive", "exclusive", T(BOOL), Q(exclusive)},
	{"auto_delete", "auto_delete", T(BOOL), Q(auto_delete)},
	{"members", "members", T(STRV), Q(members), 0, NULL, 0, FMT(PLAIN), Q(nmembers)},
	{"majority_online", NULL, T(NONE), 0, 0, NULL, 0, FMT(MAJORITY)},
	{"age_s", NULL, T(NONE), 0, 0, NULL, 0, FMT(AGE)},
	{"statistics", NULL, T(BOOL), Q(no_stats), 0, NULL, 0, FMT(NOT)},
	{"ack_rate", "message_stats.ack_details.rate", T(RATE), Q(ack_rate), F(STATS)},
	{"redeliver_rate", "message_stats.redeliver_details.rate", T(RATE), Q(redeliver_rate), F(STATS)},
	{"change_rate", NULL, T(DELTA), Q(change_rate)},
	{"published", "message_stats.publish", T(COUNT), Q(published), QSTATS},
	{"delivered", "message_stats.deliver_get", T(COUNT), Q(delivered), QSTATS},
	{"acked", "message_stats.ack", T(COUNT), Q(acked), QSTATS},
	{"redelivered", "message_stats.redeliver", T(COUNT), Q(redelivered), QSTATS},
};

#define K(m) offsetof(struct mgmt_consumer, m)
static const struct mgmt_field mgmt_consumer_fields[] = {
	{"mine", NULL, T(BOOL), K(mine), 0, "", 0, FMT(MARK)},
	{"tag", "consumer_tag", T(STR), K(tag), F(KEY), "TAG", NAME},
	{"queue", "queue.name", T(STR), K(queue), F(KEY) | F(OWNER), "QUEUE", NAME},
	{"vhost", "queue.vhost", T(STR), K(vhost), F(OWNER), "VHOST", TEXT},
	{"channel", "channel_details.number", T(COUNT), K(channel), 0, ">CHANNEL"},
	{"client", NULL, T(STR), K(product), 0, "CLIENT", TEXT, FMT(CLIENT)},
	{"peer", "channel_details.peer", T(PEER), K(peer), 0, "PEER", NAME},
	{"ack_required", "ack_required", T(BOOL), K(ack_required), 0, "ACK", 0, FMT(ACK)},
	{"prefetch", "prefetch_count", T(COUNT), K(prefetch), 0, ">PREFETCH", 0, FMT(PREFETCH)},
	{"unacked", NULL, T(COUNT), K(unacked), 0, ">UNACKED"},
	{"active", "active", T(BOOL), K(active), F(TRUE), "ACTIVE"},
	{"exclusive", "exclusive", T(BOOL), K(exclusive)},
	{"connection", "channel_details.connection_name", T(STR), K(conn_name)},
	{"channel_name", "channel_details.name", T(STR), K(channel_name), F(INTERNAL)},
};

#define H(m) offsetof(struct mgmt_channel, m)
static const struct mgmt_field mgmt_channel_fields[] = {
	{"name", "name", T(STR), H(name), F(KEY), "CHANNEL", 2 * NAME},
	{"user", "user", T(STR), H(user), 0, "USER", TEXT},
	{"vhost", "vhost", T(STR), H(vhost), 0, "VHOST", TEXT},
	{"prefetch", "prefetch_count", T(COUNT), H(prefetch), 0, ">PREFETCH"},
	{"global_prefetch", "global_prefetch_count", T(COUNT), H(global_prefetch), 0, ">GLOBAL"},
	{"unacked", "messages_unacknowledged", T(COUNT), H(unacked), 0, ">UNACKED"},
	{"consumers", "consumer_count", T(COUNT), H(consumers), 0, ">CONSUMERS"},
	{"state", "state", T(STR), H(state), 0, "STATE", TEXT},
	{"connection", "connection_details.name", T(STR), H(conn_name)},
	{"number", "number", T(COUNT), H(number)},
};

#define X(m) offsetof(struct mgmt_exchange, m)
static const struct mgmt_field mgmt_exchange_fields[] = {
	{"name", "name", T(STR), X(name), F(KEY), "NAME", NAME, FMT(EXCHANGE)},
	{"vhost", "vhost", T(STR), X(vhost), 0, "VHOST", TEXT},
	{"type", "type", T(STR), X(type), 0, "TYPE", TEXT},
	{"durable", "durable", T(BOOL), X(durable), 0, "DURABLE"},
	{"auto_delete", "auto_delete", T(BOOL), X(auto_delete), 0, "AUTO-DELETE"},
	{"internal", "internal", T(BOOL), X(internal), 0, "INTERNAL"},
};

#define B(m) offsetof(struct mgmt_binding, m)
static const struct mgmt_field mgmt_binding_fields[] = {
	{"source", "source", T(STR), B(source), F(KEY), "SOURCE", NAME, FMT(EXCHANGE)},
	{"destination", "destination", T(STR), B(destination), F(KEY), "DESTINATION", NAME},
	{"destination_type", "destination_type", T(STR), B(destination_type), 0, "TYPE", TEXT},
	{"routing_key", "routing_key", T(STR), B(routing_key), 0, "ROUTING KEY", NAME},
	{"arguments", "arguments", T(ARGS), B(arguments), 0, "ARGUMENTS", NAME},
	{"vhost", "vhost", T(STR), B(vhost), 0, "VHOST", TEXT},
};

#define N(m) offsetof(struct mgmt_node, m)
static const struct mgmt_field mgmt_node_fields[] = {
	{"name", "name", T(STR), N(name), F(KEY), "NAME", NAME},
	{"running", "running", T(BOOL), N(running), 0, "RUNNING"},
	{"uptime_ms", "uptime", T(COUNT), N(uptime_ms), 0, "UPTIME", 0, FMT(UPTIME)},
	{"mem_used", "mem_used", T(COUNT), N(mem_used), 0, "MEMORY", 0, FMT(OF), N(mem_limit)},
	{"mem_alarm", "mem_alarm", T(BOOL), N(mem_alarm), 0, "MEMORY ALARM", 0, FMT(ALARM)},
	{"disk_free", "disk_free", T(COUNT), N(disk_free), 0, "DISK FREE / LIMIT", 0, FMT(OF), N(disk_free_limit)},
	{"disk_alarm", "disk_free_alarm", T(BOOL), N(disk_alarm), 0, "DISK ALARM", 0, FMT(ALARM)},
	{"connections", NULL, T(COUNT), N(connections), 0, ">CONNECTIONS"},
	{"queues", NULL, T(COUNT), N(leaders), 0, ">QUEUES", 0, FMT(UNFETCHED)},
	{"mem_limit", "mem_limit", T(COUNT), N(mem_limit)},
	{"disk_free_limit", "disk_free_limit", T(COUNT), N(disk_free_limit)},
};

/* A list: its snapshot member (and n<member>), names, row, table, then its keys. */
#define MGMT_LIST(member, rows, one, type, fields, ...)                                   \
	{rows, one, sizeof(struct type), fields, sizeof fields / sizeof fields[0],         \
	 offsetof(struct mgmt_snapshot, member), offsetof(struct mgmt_snapshot, n##member), \
	 {__VA_ARGS__}, sizeof((size_t[]){__VA_ARGS__}) / sizeof(size_t)}

static const struct mgmt_list_desc mgmt_lists[MGMT_NLISTS] = {
	[MGMT_CONNECTIONS] = MGMT_LIST(conns, "connections", "connection", mgmt_conn,
				       mgmt_conn_fields, C(name)),
	[MGMT_QUEUES] = MGMT_LIST(queues, "queues", "queue", mgmt_queue, mgmt_queue_fields,
				  Q(vhost), Q(name)),
	[MGMT_CONSUMERS] = MGMT_LIST(consumers, "consumers", "consumer", mgmt_consumer,
				     mgmt_consumer_fields, K(vhost), K(queue), K(tag),
				     K(channel_name)),
	[MGMT_EXCHANGES] = MGMT_LIST(exchanges, "exchanges", "exchange", mgmt_exchange,
				     mgmt_exchange_fields, X(vhost), X(name)),
	[MGMT_BINDINGS] = MGMT_LIST(bindings, "bindings", "binding", mgmt_binding,
				    mgmt_binding_fields, B(vhost), B(source), B(destination),
				    B(destination_type), B(routing_key), B(arguments)),
	[MGMT_NODES] = MGMT_LIST(nodes, "nodes", "node", mgmt_node, mgmt_node_fields, N(name)),
	[MGMT_CHANNELS] = MGMT_LIST(channels, "channels", "channel", mgmt_channel,
				    mgmt_channel_fields, H(name)),
};

const struct mgmt_list_desc *mgmt_list_desc(enum mgmt_list l)
{
	return (unsigned)l < MGMT_NLISTS ? &mgmt_lists[l] : NULL;
}

const char *mgmt_list_name(enum mgmt_list l)
{
	return (unsigned)l < MGMT_NLISTS ? mgmt_lists[l].name : "?";
}

const struct mgmt_field *mgmt_field_find(enum mgmt_list l, const char *name)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	size_t i;

	for (i = 0; d && i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

char *mgmt_fields_columns(enum mgmt_list l, int stats)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	size_t i, len = 0;
	char *out = msg_alloc(1);

	for (i = 0; i < d->nfields; i++) {
		const struct mgmt_field *f = &d->fields[i];
		char *t;

		if (!f->api || (!stats && (f->flags & MGMT_F_STATS)))
			continue;
		/* a peer is two keys: host and port */
		t = f->type == MGMT_T_PEER ? msg_printf("%s%s%s_host,%s_port", out, len ? "," : "",
							f->api, f->api)
					   : msg_printf("%s%s%s", out, len ? "," : "", f->api);
		free(out);
		out = t;
		len = strlen(out);
	}
	return out;
}

void mgmt_list_slot(struct mgmt_snapshot *s, enum mgmt_list l, void ***rows, size_t **n)
{
	*rows = (void **)(void *)((char *)s + mgmt_lists[l].rows);
	*n = (size_t *)(void *)((char *)s + mgmt_lists[l].count);
}

const void *mgmt_fields_rows(const struct mgmt_snapshot *s, enum mgmt_list l, size_t *n)
{
	*n = *(const size_t *)(const void *)((const char *)s + mgmt_lists[l].count);
	return *(void *const *)(const void *)((const char *)s + mgmt_lists[l].rows);
}

int mgmt_fields_cmp(enum mgmt_list l, const void *a, const void *b)
{
	const struct mgmt_list_desc *d = &mgmt_lists[l];
	size_t i;
	int r = 0;

	for (i = 0; i < d->nkeys && !r; i++) {
		const char *x = mgmt_str_at(a, d->keys[i]), *y = mgmt_str_at(b, d->keys[i]);

		r = strcmp(x ? x : "", y ? y : "");
	}
	return r;
}

void mgmt_fields_free(enum mgmt_list l, void *row)
{
	const struct mgmt_list_desc *d = mgmt_list_desc(l);
	size_t i, k;

	for (i = 0; i < d->nfields; i++) {
		const struct mgmt_field *f = &d->fields[i];
		void *p = (char *)row + f->off;

		switch (f->type) {
		case MGMT_T_STR:
		case MGMT_T_ARGS:
		case MGMT_T_PEER: free(*(char **)p); break;
		case MGMT_T_STRV:
			for (k = 0; k < mgmt_size_at(row, f->aux); k++)
				free((*(char ***)p)[k]);
			free(*(char ***)p);
			break;
		default: break;
		}
	}
}
