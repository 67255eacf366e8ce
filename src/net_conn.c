/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net_conn: connecting: each node of the URL in turn, TLS with peer
 * verification, login with warren's client properties and capabilities,
 * and errors that name the real cause (refused, unreachable, credentials
 * refused, untrusted certificate). Disconnecting nacks with requeue first.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "net.h"
#include "net_int.h"

#define NET_CONNECT_TIMEOUT 10 /* seconds */
#define NET_RPC_TIMEOUT 30     /* seconds a synchronous AMQP method may take */

/*
 * rabbitmq-c reports only "a socket error occurred"; try a plain TCP
 * connect to name the real cause (refused, unreachable, unknown host).
 */
static char *net_probe(const char *host, int port)
{
	struct addrinfo hints = {0}, *res = NULL;
	char portstr[16];
	int rc, fd, err = 0;

	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof portstr, "%d", port);
	rc = getaddrinfo(host, portstr, &hints, &res);
	if (rc)
		return msg_printf("cannot resolve host %s: %s", host, gai_strerror(rc));
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		struct timeval tv = {3, 0};

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, res->ai_addr, res->ai_addrlen) < 0)
			err = errno;
		close(fd);
	}
	freeaddrinfo(res);
	if (err == EINPROGRESS || err == EAGAIN)
		err = ETIMEDOUT;
	if (!err)
		return NULL;
	return msg_printf("cannot connect to %s:%d: %s", host, port, strerror(err));
}

static char *net_login_error(amqp_rpc_reply_t r, const struct uri *u, int *code)
{
	char *text, *s;

	*code = 0;
	if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION) {
		text = net_close_text(&r.reply, code);
		if (*code == 403)
			s = msg_printf(
				"login refused: the broker refused the credentials of user '%s' "
				"for vhost '%s' (%s). Check the user and password; note that "
				"the 'guest' user may only log in from localhost unless "
				"loopback_users is changed, so create a user with "
				"'rabbitmqctl add_user' for remote logins",
				u->user, u->vhost, text);
		else if (*code == 530)
			s = msg_printf("vhost '%s' refused for user '%s': %s (does the vhost "
				       "exist, and may the user access it? see 'rabbitmqctl "
				       "set_permissions')",
				       u->vhost, u->user, text);
		else
			s = msg_printf("the broker refused the connection: %s", text);
		free(text);
		return s;
	}
	if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
	    r.library_error == AMQP_STATUS_CONNECTION_CLOSED)
		return msg_printf("login refused: the broker closed the connection during "
				  "login for user '%s' on vhost '%s' (wrong credentials? "
				  "note that 'guest' may only log in from localhost)",
				  u->user, u->vhost);
	return msg_printf("login failed: %s", amqp_error_string2(r.library_error));
}

/* An encrypted key would make OpenSSL prompt on the terminal, under the dashboard. */
static int net_tls_no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

/* Name the file and the reason: OpenSSL alone would only say it failed. */
static int net_tls_readable(const char *path, const char *opt, char **err)
{
	FILE *f = fopen(path, "re");

	if (!f) {
		*err = msg_printf("cannot read the %s file %s: %s", opt, path, strerror(errno));
		return -1;
	}
	fclose(f);
	return 0;
}

/*
 * What rabbitmq-c 0.11 leaves out: without --cacert it trusts no CA at all,
 * so load the system's; and its host name check knows only DNS names, so for
 * an IP literal ask OpenSSL to match the address (IP: in subjectAltName)
 * during chain verification and turn the library's check off.
 */
static int net_tls_verify(amqp_socket_t *s, const struct msg_req_connect *c, const char *host,
			  char **err)
{
	SSL_CTX *ctx = amqp_ssl_socket_get_context(s);

	if (!ctx) {
		*err = msg_strdup("cannot set up TLS: no OpenSSL context");
		return -1;
	}
	SSL_CTX_set_default_passwd_cb(ctx, net_tls_no_passphrase);
	amqp_ssl_socket_set_verify_peer(s, !c->insecure);
	amqp_ssl_socket_set_verify_hostname(s, !c->insecure);
	if (c->insecure)
		return 0;
	if (X509_VERIFY_PARAM_set1_ip_asc(SSL_CTX_get0_param(ctx), host) == 1)
		amqp_ssl_socket_set_verify_hostname(s, 0);
	if (!c->cacert) {
		SSL_CTX_set_default_verify_paths(ctx);
		return 0;
	}
	if (net_tls_readable(c->cacert, "--cacert", err) < 0)
		return -1;
	if (amqp_ssl_socket_set_cacert(s, c->cacert)) {
		*err = msg_printf("cannot load the --cacert file %s: not a PEM certificate",
				  c->cacert);
		return -1;
	}
	return 0;
}

/* --cert alone may hold the key too; --key alone is a mistake worth naming. */
static int net_tls_client_cert(amqp_socket_t *s, const struct msg_req_connect *c, char **err)
{
	const char *key = c->key ? c->key : c->cert;

	if (!c->cert && c->key) {
		*err = msg_strdup("--key FILE needs --cert FILE (the client certificate)");
		return -1;
	}
	if (!c->cert)
		return 0;
	if (net_tls_readable(c->cert, "--cert", err) < 0 ||
	    net_tls_readable(key, c->key ? "--key" : "--cert", err) < 0)
		return -1;
	if (amqp_ssl_socket_set_key(s, c->cert, key)) {
		*err = msg_printf("cannot load the client certificate %s with the key %s (PEM "
				  "files; the key must match and not be encrypted)",
				  c->cert, key);
		return -1;
	}
	return 0;
}

static amqp_socket_t *net_socket(struct net *n, const struct msg_req_connect *c,
				 const struct uri *u, int hi, char **err)
{
	amqp_socket_t *s;

	if (!uri_is_tls(u)) {
		s = amqp_tcp_socket_new(n->conn);
		if (!s)
			*err = msg_strdup("cannot create a socket");
		return s;
	}
	s = amqp_ssl_socket_new(n->conn);
	if (!s) {
		*err = msg_strdup("cannot create a TLS socket");
		return NULL;
	}
	if (net_tls_verify(s, c, u->hosts[hi].host, err) < 0 || net_tls_client_cert(s, c, err) < 0)
		return NULL;
	if (c->insecure)
		net_notice(n, 1, "--insecure: the certificate of %s:%d is not verified; anyone on "
				 "the path can pose as the broker and read the password",
			   u->hosts[hi].host, u->hosts[hi].port);
	return s;
}

/* Why amqp_socket_open failed, in words that say what to do about it. */
static char *net_open_error(const struct msg_req_connect *c, const struct uri *u, int hi, int rc)
{
	const char *h = u->hosts[hi].host;
	int port = u->hosts[hi].port;

	if (!uri_is_tls(u) || rc == AMQP_STATUS_SOCKET_ERROR ||
	    rc == AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED)
		return net_probe(h, port);
	if (rc == AMQP_STATUS_SSL_PEER_VERIFY_FAILED)
		return msg_printf("TLS certificate verification failed for %s:%d: the broker's "
				  "certificate is not signed by %s%s, or not issued for %s (use "
				  "--cacert FILE with the CA that signed it, or --insecure)",
				  h, port, c->cacert ? "the CA in " : "a CA this system trusts",
				  c->cacert ? c->cacert : "", h);
	if (rc == AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED)
		return msg_printf("TLS certificate verification failed for %s:%d: the broker's "
				  "certificate is not issued for the name %s (connect with a "
				  "name it is issued for, or use --insecure)",
				  h, port, h);
	/* "SSL handshake failed" would only repeat the first words */
	return msg_printf("TLS handshake failed with %s:%d%s%s (is it the broker's TLS port? "
			  "amqps:// wants the TLS listener, usually 5671; the plain AMQP port, "
			  "usually 5672, is for amqp://)",
			  h, port, rc == AMQP_STATUS_SSL_CONNECTION_FAILED ? "" : ": ",
			  rc == AMQP_STATUS_SSL_CONNECTION_FAILED ? "" : amqp_error_string2(rc));
}

static amqp_table_t net_client_props(struct net *n, amqp_table_entry_t *e, amqp_table_entry_t *caps)
{
	amqp_table_t t, ct;

	caps[0] = (amqp_table_entry_t){amqp_cstring_bytes("consumer_cancel_notify"),
				       {AMQP_FIELD_KIND_BOOLEAN, {.boolean = 1}}};
	caps[1] = (amqp_table_entry_t){amqp_cstring_bytes("connection.blocked"),
				       {AMQP_FIELD_KIND_BOOLEAN, {.boolean = 1}}};
	caps[2] = (amqp_table_entry_t){amqp_cstring_bytes("publisher_confirms"),
				       {AMQP_FIELD_KIND_BOOLEAN, {.boolean = 1}}};
	caps[3] = (amqp_table_entry_t){amqp_cstring_bytes("basic.nack"),
				       {AMQP_FIELD_KIND_BOOLEAN, {.boolean = 1}}};
	ct.num_entries = 4;
	ct.entries = caps;
	e[0] = (amqp_table_entry_t){amqp_cstring_bytes("product"),
				    {AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes("warren")}}};
	e[1] = (amqp_table_entry_t){amqp_cstring_bytes("version"),
				    {AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes(VERSION)}}};
	e[2] = (amqp_table_entry_t){
		amqp_cstring_bytes("connection_name"),
		{AMQP_FIELD_KIND_UTF8, {.bytes = amqp_cstring_bytes(n->conn_name)}}};
	e[3] = (amqp_table_entry_t){amqp_cstring_bytes("capabilities"),
				    {AMQP_FIELD_KIND_TABLE, {.table = ct}}};
	t.num_entries = 4;
	t.entries = e;
	return t;
}

/* Try one node; returns NULL on success or the reason it failed. */
static char *net_connect_host(struct net *n, const struct msg_req_connect *c,
			      const struct uri *u, int hi, int *code)
{
	struct timeval tv = {NET_CONNECT_TIMEOUT, 0};
	amqp_table_entry_t props[4], caps[4];
	amqp_table_t ct;
	amqp_socket_t *s;
	amqp_rpc_reply_t r;
	char *err = NULL;
	int rc;

	*code = 0;
	n->conn = amqp_new_connection();
	/* a broker that accepts TCP but never answers must not hang the thread */
	amqp_set_handshake_timeout(n->conn, &(struct timeval){NET_CONNECT_TIMEOUT, 0});
	amqp_set_rpc_timeout(n->conn, &(struct timeval){NET_RPC_TIMEOUT, 0});
	s = net_socket(n, c, u, hi, &err);
	if (!s)
		goto fail;
	rc = amqp_socket_open_noblock(s, u->hosts[hi].host, u->hosts[hi].port, &tv);
	if (rc != AMQP_STATUS_OK) {
		err = net_open_error(c, u, hi, rc);
		if (!err)
			err = msg_printf("cannot connect to %s:%d: %s", u->hosts[hi].host,
					 u->hosts[hi].port, amqp_error_string2(rc));
		goto fail;
	}
	ct = net_client_props(n, props, caps);
	r = amqp_login_with_properties(n->conn, u->vhost, 0, 131072, c->heartbeat, &ct,
				       AMQP_SASL_METHOD_PLAIN, u->user, u->password);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		err = net_login_error(r, u, code);
		goto fail;
	}
	return NULL;
fail:
	amqp_destroy_connection(n->conn);
	n->conn = NULL;
	return err;
}

/*
 * Connect to the target: each node of the URL in turn, first reachable wins;
 * then warren's two channels. Returns NULL, or why it failed (malloc'd).
 * Sets *where to the masked URL of the node it reached.
 */
/* Whatever net_open got as far as goes away again. */
static char *net_open_failed(struct net *n, char *why)
{
	if (n->conn) {
		amqp_destroy_connection(n->conn);
		n->conn = NULL;
	}
	n->up = 0;
	return why;
}

char *net_open(struct net *n, int *code, char **where)
{
	const struct msg_req_connect *c = &n->target;
	struct uri u;
	char err[256], *why = NULL;
	int hi;

	*code = 0;
	if (uri_parse(c->url, &u, err, sizeof err) < 0)
		return msg_strdup(err);
	if (u.scheme != URI_AMQP && u.scheme != URI_AMQPS) {
		uri_free(&u);
		return msg_strdup("connect wants an amqp:// or amqps:// URL");
	}
	n->heartbeat = u.heartbeat >= 0 ? u.heartbeat : c->heartbeat;
	for (hi = 0; hi < u.nhosts; hi++) {
		free(n->url_masked);
		n->url_masked = uri_format(&u, hi, 1);
		net_conn_event(n, CONN_CONNECTING, NULL, 0);
		net_flush(n);
		free(why);
		why = net_connect_host(n, c, &u, hi, code);
		if (!why)
			break;
		if (u.nhosts > 1)
			net_notice(n, 1, "%s", why);
	}
	if (why) {
		uri_free(&u);
		return net_open_failed(n, why);
	}
	n->channel_max = amqp_get_channel_max(n->conn);
	if (!n->channel_max || n->channel_max >= NET_MAX_CHANNELS)
		n->channel_max = NET_MAX_CHANNELS - 1;
	n->up = 1;
	if (net_chan_open(n, NET_CH_CMD, &why, code) < 0 ||
	    net_pub_channel_open(n, &why, code) < 0) {
		char *w = msg_printf("cannot open a channel: %s", why);

		free(why);
		uri_free(&u);
		return net_open_failed(n, w);
	}
	if (where)
		*where = uri_format(&u, hi, 1);
	uri_free(&u);
	return NULL;
}

static void net_target_set(struct net *n, const struct msg_req_connect *c)
{
	free(n->target.url);
	free(n->target.cacert);
	free(n->target.cert);
	free(n->target.key);
	n->target = *c;
	n->target.url = msg_strdup(c->url);
	n->target.cacert = msg_strdup(c->cacert);
	n->target.cert = msg_strdup(c->cert);
	n->target.key = msg_strdup(c->key);
}

void net_connect(struct net *n, struct msg_req *r)
{
	char *why, *where = NULL;
	int code;

	if (n->conn)
		net_disconnect(n, 0);
	/* a new target: what warren declared and consumed belongs to the old one */
	net_consumers_reset(n, "disconnected");
	net_owned_clear(n);
	net_target_set(n, &r->u.connect);
	n->want_up = 1;
	n->retry_at = 0;
	n->backoff = 1;
	why = net_open(n, &code, &where);
	if (why) {
		n->want_up = 0;
		net_conn_event(n, CONN_DOWN, why, 0);
		net_result(n, r->id, 0, code, "%s", why);
		free(why);
		return;
	}
	net_conn_event(n, CONN_UP, NULL, 0);
	net_result(n, r->id, 1, 0, "connected to %s", where);
	free(where);
}

/*
 * Nothing is acked behind the user's back: every unsettled delivery is
 * nacked with requeue before the connection closes, and counted.
 */
uint64_t net_disconnect(struct net *n, uint64_t req_id)
{
	uint64_t requeued;

	if (!n->conn) {
		if (req_id)
			net_result(n, req_id, 0, 0, "not connected");
		return 0;
	}
	n->want_up = 0;
	n->retry_at = 0;
	requeued = net_requeue_all(n);
	net_consumers_reset(n, "disconnected");
	net_pubs_fail(n, "disconnected before the broker confirmed", 0);
	amqp_connection_close(n->conn, AMQP_REPLY_SUCCESS);
	amqp_destroy_connection(n->conn);
	n->conn = NULL;
	n->up = 0;
	n->blocked = 0;
	for (int i = 0; i < NET_MAX_CHANNELS; i++)
		n->ch[i].open = 0;
	net_conn_event(n, CONN_DOWN, "disconnected", requeued);
	if (req_id)
		net_result(n, req_id, 1, 0,
			   "disconnected; %llu unacked message%s went back to the queue",
			   (unsigned long long)requeued, requeued == 1 ? "" : "s");
	return requeued;
}

