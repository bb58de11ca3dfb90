"""Nightly job: pull stock levels from the supplier and update the local catalogue."""
from __future__ import annotations

import logging
import sqlite3
import sys
from datetime import datetime, timezone

from partner_client import build_client, iter_stock_levels

log = logging.getLogger("sync_stock")
DB_PATH = "catalogue.db"


def last_sync(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM job_state WHERE key = 'stock_synced_at'").fetchone()
    return row[0] if row else None


def run() -> int:
    started = datetime.now(timezone.utc).isoformat()
    conn = sqlite3.connect(DB_PATH)
    updated = 0
    with build_client() as client:
        for level in iter_stock_levels(client, since=last_sync(conn)):
            cur = conn.execute(
                "UPDATE products SET stock = ?, warehouse = ? WHERE sku = ?",
                (level.available, level.warehouse, level.sku),
            )
            updated += cur.rowcount
    conn.execute(
        "INSERT INTO job_state (key, value) VALUES ('stock_synced_at', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (started,),
    )
    conn.commit()
    conn.close()
    log.info("updated %d products", updated)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sys.exit(run())
