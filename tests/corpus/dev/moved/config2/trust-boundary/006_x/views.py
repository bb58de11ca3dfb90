from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View

from .access import support_agent_required
from .models import Customer

PREFERENCE_CHOICES: dict[str, frozenset[str]] = {
    "theme": frozenset({"light", "dark", "system"}),
    "language": frozenset({"en", "de", "fr", "nl"}),
    "density": frozenset({"comfortable", "compact"}),
}


class PreferencesView(LoginRequiredMixin, View):
    def get(self, request):
        return JsonResponse(
            {key: request.session.get(f"pref:{key}") for key in PREFERENCE_CHOICES}
        )

    def post(self, request):
        saved = []
        for key, allowed in PREFERENCE_CHOICES.items():
            value = request.POST.get(key)
            if value is None:
                continue
            if value not in allowed:
                return HttpResponseBadRequest(f"invalid value for {key}")
            request.session[f"pref:{key}"] = value
            saved.append(key)
        if not saved:
            return HttpResponseBadRequest("no preferences given")
        return JsonResponse({"saved": saved})


@method_decorator(support_agent_required, name="dispatch")
class CustomerLookupView(LoginRequiredMixin, View):
    def get(self, request, customer_id: int):
        customer = get_object_or_404(Customer, pk=customer_id)
        return JsonResponse(
            {
                "id": customer.pk,
                "name": customer.full_name,
                "email": customer.email,
                "phone": customer.phone,
                "plan": customer.plan,
                "open_tickets": customer.tickets.filter(closed_at__isnull=True).count(),
            }
        )
