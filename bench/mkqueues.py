#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Declare many queues on a broker fast: several connections at once.

usage: mkqueues.py PORT COUNT [PREFIX] [WORKERS]
Queue i is PREFIX-%05d; every 10th queue gets i % 7 + 1 messages, so the
counts the benchmark decodes are not all zero.
"""
import multiprocessing
import sys
import time

import pika


def declare(args):
    port, prefix, first, last = args
    conn = pika.BlockingConnection(pika.ConnectionParameters(host='127.0.0.1', port=port))
    ch = conn.channel()
    for i in range(first, last):
        name = '%s-%05d' % (prefix, i)
        ch.queue_declare(queue=name)
        if i % 10 == 0:
            for _ in range(i % 7 + 1):
                ch.basic_publish(exchange='', routing_key=name, body=b'bench')
    conn.close()
    return last - first


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    prefix = sys.argv[3] if len(sys.argv) > 3 else 'bench'
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    step = (count + workers - 1) // workers
    parts = [(port, prefix, i, min(i + step, count)) for i in range(0, count, step)]
    start = time.time()
    with multiprocessing.Pool(len(parts)) as pool:
        done = sum(pool.map(declare, parts))
    print('declared %d queues in %.1f s' % (done, time.time() - start))


if __name__ == '__main__':
    main()
