import uuid
from pathlib import Path

SPOOL = Path("/var/spool/invoices")


def queue_invoice(pdf: bytes) -> Path:
    """Drop a rendered invoice where the print service picks it up."""
    SPOOL.mkdir(parents=True, exist_ok=True)
    target = SPOOL / f"invoice-{uuid.uuid4().hex}.pdf"
    target.write_bytes(pdf)
    target.chmod(0o666)
    return target
