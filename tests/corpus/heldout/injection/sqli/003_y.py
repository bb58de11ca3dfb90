from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.views import View

from .models import Membership, Team


def normalise_handle(raw: str) -> str:
    """Handles are stored lower-case without the leading @."""
    return raw.strip().lstrip("@").lower()


class TeamMemberLookupView(LoginRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, team_slug: str):
        try:
            team = Team.objects.get(slug=team_slug, members=request.user)
        except Team.DoesNotExist:
            raise Http404("No such team")

        handle = normalise_handle(request.GET.get("handle", ""))
        if not handle:
            return JsonResponse({"members": []})

        members = Membership.objects.raw(
            """
            SELECT m.id, m.role, m.joined_at, u.username
            FROM teams_membership m
            JOIN auth_user u ON u.id = m.user_id
            WHERE m.team_id = %s AND u.username = %s
            ORDER BY m.joined_at
            """,
            [team.pk, handle],
        )
        payload = [
            {
                "username": m.username,
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in members
        ]
        return JsonResponse({"team": team.slug, "members": payload})
