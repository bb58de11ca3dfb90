from django.utils.html import format_html
from django.utils.safestring import SafeString

STATUS_LEVELS = {
    "pending": "warning",
    "paid": "info",
    "shipped": "primary",
    "delivered": "success",
    "refunded": "secondary",
    "cancelled": "danger",
}


def status_badge(status: str) -> SafeString:
    level = STATUS_LEVELS.get(status.lower(), "light")
    label = status.replace("_", " ")
    return format_html('<span class="badge text-bg-{}">{}</span>', level, label)


def count_pill(count: int) -> SafeString:
    return format_html('<span class="badge rounded-pill">{}</span>', int(count))
