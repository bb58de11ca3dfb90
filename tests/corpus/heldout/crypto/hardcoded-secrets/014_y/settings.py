"""Connection settings for the reporting warehouse client.

The INI file only holds placeholders such as ``${WAREHOUSE_RO_PASSWORD}``;
the values are injected into the environment by the deployment.
"""
import configparser
import os
from pathlib import Path

CONFIG_PATH = Path(os.environ.get("WAREHOUSE_CONFIG", "/etc/reporting/warehouse.ini"))


def _load() -> dict[str, dict]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(CONFIG_PATH, encoding="utf-8")
    out: dict[str, dict] = {}
    for role in ("primary", "replica"):
        section = parser[role]
        out[role] = {
            "dsn": os.path.expandvars(section["dsn"]),
            "pool_min": section.getint("pool_min", fallback=1),
            "pool_max": section.getint("pool_max", fallback=10),
        }
    return out


WAREHOUSE = _load()

STATEMENT_TIMEOUT_MS = 15_000
