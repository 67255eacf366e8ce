# SPDX-License-Identifier: GPL-3.0-or-later
"""pika_consume: the tutorial's own client as a consumer baseline.

    /usr/bin/python3 pika_consume.py URL QUEUE COUNT [--prefetch N] [--auto]

BlockingConnection, basic_qos, basic_consume with a callback that acks each
message (or auto_ack), exactly as the tutorial's worker.py does; stops after
COUNT messages. The caller times the whole process.
"""
import sys

import pika


def main():
    url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    prefetch, auto = 100, False
    args = sys.argv[4:]
    while args:
        a = args.pop(0)
        if a == "--prefetch":
            prefetch = int(args.pop(0))
        elif a == "--auto":
            auto = True
        else:
            sys.exit("pika_consume: unknown option " + a)
    conn = pika.BlockingConnection(pika.URLParameters(url))
    ch = conn.channel()
    if prefetch:
        ch.basic_qos(prefetch_count=prefetch)
    got = 0

    def callback(ch, method, properties, body):
        nonlocal got
        got += 1
        if not auto:
            ch.basic_ack(delivery_tag=method.delivery_tag)
        if got >= count:
            ch.stop_consuming()

    ch.basic_consume(queue=queue, on_message_callback=callback, auto_ack=auto)
    ch.start_consuming()
    conn.close()


main()
