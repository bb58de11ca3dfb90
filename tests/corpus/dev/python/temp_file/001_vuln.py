import csv
import tempfile


def export_report(rows: list[dict]) -> str:
    """Write the rows to a temporary CSV and return its path for the mailer."""
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "customer", "total"])
        writer.writeheader()
        writer.writerows(rows)
    return path
