/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net: the network thread, as the UI thread sees it.
 *
 * The network thread alone owns the AMQP connection and its channels
 * (rabbitmq-c connections must not be shared between threads). The UI sends
 * it requests with net_send() and reads events from the mailbox it gave to
 * net_start(). Every request ends with one EV_RESULT carrying its id.
 */
#ifndef WARREN_NET_H
#define WARREN_NET_H

#include "mbox.h"
#include "msg.h"

struct net;

struct net *net_start(struct mbox *events, char *err, size_t errlen);
void net_send(struct net *n, struct msg_req *r);
/* The connection_name warren gives its connections ("warren-PID"). */
const char *net_conn_name(const struct net *n);
/* Ask the thread to requeue, disconnect and stop; waits for it. */
void net_stop(struct net *n);

/* Bytes of each message body kept for display (the rest is counted only). */
#define NET_BODY_KEEP (64 * 1024)

#endif
