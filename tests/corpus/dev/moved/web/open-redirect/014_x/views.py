from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from .models import Invitation
from .utils import REDIRECT_FIELD, safe_next_url


class AcceptInvitationView(LoginRequiredMixin, View):
    template_name = "teams/accept_invitation.html"

    def _get_invitation(self, token: str) -> Invitation:
        invitation = get_object_or_404(Invitation.objects.select_related("team"), token=token)
        if not invitation.is_open:
            raise Http404("invitation expired")
        if invitation.email.lower() != self.request.user.email.lower():
            raise Http404("invitation not found")
        return invitation

    def get(self, request, token: str):
        invitation = self._get_invitation(token)
        return render(
            request,
            self.template_name,
            {
                "invitation": invitation,
                "redirect_field": REDIRECT_FIELD,
                "next": request.GET.get(REDIRECT_FIELD, ""),
            },
        )

    def post(self, request, token: str):
        invitation = self._get_invitation(token)
        invitation.team.members.add(request.user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        messages.success(request, f"You joined {invitation.team.name}.")

        default = reverse("teams:detail", kwargs={"pk": invitation.team_id})
        return HttpResponseRedirect(safe_next_url(request, default))
