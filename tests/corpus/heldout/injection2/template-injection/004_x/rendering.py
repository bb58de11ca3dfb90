"""Rendering of marketing e-mail campaigns."""
from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape

_env = Environment(
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

LAYOUTS: dict[str, str] = {
    "welcome": (
        "<p>Hi {{ customer.first_name }},</p>\n"
        "<p>Thanks for joining {{ shop_name }}. Your member number is "
        "<strong>{{ customer.member_no }}</strong>.</p>\n"
    ),
    "winback": (
        "<p>We miss you, {{ customer.first_name }}!</p>\n"
        "<p>Here is {{ discount }}% off your next order, valid until {{ valid_until }}.</p>\n"
    ),
}

FOOTER = "<hr><p style=\"font-size:11px\">{{ shop_name }} &middot; <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>"


def campaign_context(customer: dict[str, Any], *, discount: int = 10) -> dict[str, Any]:
    return {
        "customer": customer,
        "shop_name": "Northwind Outfitters",
        "discount": discount,
        "valid_until": date.today().replace(day=28).isoformat(),
        "unsubscribe_url": f"https://mail.northwind.example/u/{customer['member_no']}",
    }


def render_campaign(layout: str, intro: str, context: dict[str, Any]) -> str:
    """Render a campaign: the editor's intro paragraph, the layout body, the footer."""
    body = LAYOUTS[layout]
    source = "<p class=\"intro\">{{ intro }}</p>\n" + body + FOOTER
    return _env.from_string(source).render(context, intro=intro.strip())
