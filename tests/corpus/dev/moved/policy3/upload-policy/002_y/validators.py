"""Small input checks shared by the claim endpoints."""
import re

ALLOWED_EXTENSIONS = ("pdf", "csv", "xlsx")
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024

_CLAIM_REF = re.compile(r"^EC-\d{6}$")


def valid_claim_ref(ref: str) -> bool:
    return bool(_CLAIM_REF.fullmatch(ref))


def allowed_file(filename: str | None) -> bool:
    """Attachment names must carry an extension and fit the metadata column."""
    if not filename:
        return False
    return "." in filename and len(filename) <= 255


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower()
