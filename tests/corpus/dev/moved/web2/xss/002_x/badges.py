from django.utils.safestring import SafeString, mark_safe

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
    return mark_safe(f'<span class="badge text-bg-{level}">{label}</span>')


def count_pill(count: int) -> SafeString:
    return mark_safe(f'<span class="badge rounded-pill">{int(count)}</span>')
