"""Public CSV export for weather station readings (mounted under /export)."""

import io
import os
from datetime import date, timedelta
from urllib.parse import parse_qs

import pandas as pd
from sqlalchemy import create_engine

engine = create_engine(os.environ["READINGS_DB_URL"], pool_pre_ping=True)

MAX_DAYS = 92


def _bad_request(start_response, message):
    body = message.encode()
    start_response(
        "400 Bad Request",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


def _date_range(params):
    try:
        start = date.fromisoformat(params.get("from", [""])[0])
        end = date.fromisoformat(params.get("to", [""])[0])
    except ValueError:
        return None
    if end < start or end - start > timedelta(days=MAX_DAYS):
        return None
    return start, end


def application(environ, start_response):
    if environ.get("REQUEST_METHOD") != "GET":
        start_response("405 Method Not Allowed", [("Allow", "GET")])
        return [b""]

    params = parse_qs(environ.get("QUERY_STRING", ""))
    station = params.get("station", [""])[0].strip().upper()
    if not station:
        return _bad_request(start_response, "station is required")
    window = _date_range(params)
    if window is None:
        return _bad_request(start_response, "from/to must be ISO dates at most 92 days apart")
    start, end = window

    query = (
        "SELECT observed_at, temperature_c, humidity_pct, pressure_hpa, wind_ms "
        "FROM readings WHERE station_code = '" + station + "' "
        "AND observed_at >= '" + start.isoformat() + "' "
        "AND observed_at < '" + (end + timedelta(days=1)).isoformat() + "' "
        "ORDER BY observed_at"
    )
    frame = pd.read_sql(query, engine, parse_dates=["observed_at"])

    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    body = buf.getvalue().encode()
    filename = f"readings-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/csv; charset=utf-8"),
            ("Content-Disposition", f'attachment; filename="{filename}"'),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]
