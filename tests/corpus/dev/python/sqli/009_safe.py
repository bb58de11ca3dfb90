"""Stock worker: applies stock updates received from the partner message queue."""
import json
import logging

import pika
import psycopg2

log = logging.getLogger("stock-worker")
conn = psycopg2.connect(dbname="warehouse")


def on_message(channel, method, properties, body):
    update = json.loads(body)
    with conn, conn.cursor() as cur:
        cur.execute(
            "UPDATE stock SET quantity = quantity + %s WHERE sku = %s",
            (int(update["delta"]), update["sku"]),
        )
    log.info("applied stock update for %s", update.get("sku"))
    channel.basic_ack(delivery_tag=method.delivery_tag)


def main():
    connection = pika.BlockingConnection(pika.ConnectionParameters("mq.internal"))
    channel = connection.channel()
    channel.basic_consume(queue="stock-updates", on_message_callback=on_message)
    channel.start_consuming()


if __name__ == "__main__":
    main()
