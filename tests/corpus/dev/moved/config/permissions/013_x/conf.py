"""Storage settings for signed contract scans."""
import os
from pathlib import Path

from django.conf import settings

CONTRACT_ROOT = Path(getattr(settings, "CONTRACT_ROOT", "/var/lib/crm/contracts"))
CONTRACT_DIR_MODE = 0o750
CONTRACT_FILE_MODE = 0o666
MAX_CONTRACT_BYTES = int(os.environ.get("MAX_CONTRACT_BYTES", 15 * 1024 * 1024))
ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/tiff": ".tiff"}
