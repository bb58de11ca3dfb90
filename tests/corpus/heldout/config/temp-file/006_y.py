#!/usr/bin/env python3
"""Nightly import of the partner price feed.

Downloads the CSV the supplier publishes, stages it on disk, then loads the
rows into the local catalogue database.
"""
import argparse
import csv
import logging
import os
import sqlite3
import tempfile
from decimal import Decimal, InvalidOperation

import requests

FEED_URL = "https://feeds.supplier.example.com/prices/latest.csv"
CHUNK = 64 * 1024

log = logging.getLogger("price_feed")


def download_feed(url: str) -> str:
    with requests.get(url, stream=True, timeout=30) as resp:
        resp.raise_for_status()
        with tempfile.NamedTemporaryFile(
            "wb", prefix="pricefeed-", suffix=".csv", delete=False
        ) as fh:
            staging = fh.name
            for chunk in resp.iter_content(CHUNK):
                fh.write(chunk)
    log.info("feed staged at %s (%d bytes)", staging, os.path.getsize(staging))
    return staging


def parse_rows(path: str):
    with open(path, newline="", encoding="utf-8") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                price = Decimal(row["price"])
            except (KeyError, InvalidOperation):
                log.warning("skipping line %d: bad price", lineno)
                continue
            sku = (row.get("sku") or "").strip()
            if not sku:
                continue
            yield sku, str(price), (row.get("currency") or "EUR").upper()[:3]


def load(db_path: str, rows) -> int:
    conn = sqlite3.connect(db_path)
    count = 0
    with conn:
        for sku, price, currency in rows:
            conn.execute(
                "INSERT INTO prices (sku, price, currency) VALUES (?, ?, ?) "
                "ON CONFLICT(sku) DO UPDATE SET price = excluded.price, currency = excluded.currency",
                (sku, price, currency),
            )
            count += 1
    conn.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="catalogue.sqlite3")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    staged = download_feed(FEED_URL)
    try:
        n = load(args.db, parse_rows(staged))
        log.info("imported %d prices", n)
    finally:
        os.unlink(staged)


if __name__ == "__main__":
    main()
