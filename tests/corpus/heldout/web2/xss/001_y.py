"""Profile card fragments swapped in by htmx while a member edits their profile."""
from flask import Blueprint, abort, request
from flask_login import current_user, login_required
from markupsafe import Markup, escape

bp = Blueprint("profile_cards", __name__, url_prefix="/profile")

ROLE_LABELS = {
    "owner": "Workspace owner",
    "admin": "Administrator",
    "member": "Member",
    "guest": "Guest",
}


def _initials(name: str) -> str:
    parts = [p for p in name.split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


def render_card(display_name: str, headline: str, role: str) -> Markup:
    role_label = ROLE_LABELS.get(role, "Member")
    return Markup(
        f'<div class="card profile-card">'
        f'<span class="avatar">{escape(_initials(display_name))}</span>'
        f'<h3 class="card-title">{escape(display_name)}</h3>'
        f'<p class="headline">{headline}</p>'
        f'<small class="role">{role_label}</small>'
        f"</div>"
    )


@bp.get("/card/preview")
@login_required
def card_preview():
    """Live preview while the edit form is being typed into."""
    display_name = request.args.get("display_name", "").strip()[:80]
    headline = request.args.get("headline", "").strip()[:160]
    if not display_name:
        abort(400)
    return render_card(display_name, headline, current_user.role)


@bp.get("/card/me")
@login_required
def my_card():
    return render_card(current_user.display_name, current_user.headline or "", current_user.role)
