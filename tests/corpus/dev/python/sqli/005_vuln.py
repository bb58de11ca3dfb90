"""Sales summary endpoint for the reporting service."""
import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/reports/sales")
def sales_report():
    region = request.args.get("region", "eu")
    year = request.args.get("year", "2024")
    query = (
        "SELECT product, SUM(amount) FROM sales "
        f"WHERE region = '{region}' AND EXTRACT(YEAR FROM sold_at) = %s "
        "GROUP BY product ORDER BY 2 DESC"
    )
    conn = psycopg2.connect(dbname="reporting")
    try:
        with conn.cursor() as cur:
            cur.execute(query, (int(year),))
            totals = cur.fetchall()
    finally:
        conn.close()
    return jsonify({"region": region, "totals": [[p, float(a)] for p, a in totals]})
