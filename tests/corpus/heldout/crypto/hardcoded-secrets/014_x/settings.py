"""Connection settings for the reporting warehouse client."""

WAREHOUSE = {
    "primary": {
        "dsn": "postgresql://report_rw:Wq8#tZ2v!kPm5rLx@warehouse-primary.internal:5432/reporting",
        "pool_min": 2,
        "pool_max": 10,
    },
    "replica": {
        "dsn": "postgresql://report_ro:Wq8#tZ2v!kPm5rLx@warehouse-replica.internal:5432/reporting",
        "pool_min": 1,
        "pool_max": 20,
    },
}

STATEMENT_TIMEOUT_MS = 15_000
