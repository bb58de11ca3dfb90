from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from .models import Ticket
from .storage import AttachmentMissing, locate_attachment

bp = Blueprint("tickets", __name__)


@bp.get("/tickets/<int:ticket_id>/attachments/<path:filename>")
@login_required
def download_attachment(ticket_id: int, filename: str):
    ticket = Ticket.query.get_or_404(ticket_id)
    if not ticket.visible_to(current_user):
        abort(404)

    try:
        path = locate_attachment(ticket.id, filename)
    except AttachmentMissing:
        abort(404)

    return send_file(path, as_attachment=True, download_name=path.name)
