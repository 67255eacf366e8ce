/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * amqp_compat: rabbitmq-c moved its headers to <rabbitmq-c/...> in 0.12.
 * Include this instead of the library headers.
 */
#ifndef WARREN_AMQP_COMPAT_H
#define WARREN_AMQP_COMPAT_H

#ifdef HAVE_RABBITMQ_C_AMQP_H
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/ssl_socket.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#endif

#endif
