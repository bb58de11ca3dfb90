from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View

from .access import support_agent_required
from .models import Customer

PREFERENCE_KEYS = ("theme", "language", "density")


class PreferencesView(LoginRequiredMixin, View):
    def get(self, request):
        return JsonResponse({key: request.session.get(key) for key in PREFERENCE_KEYS})

    def post(self, request):
        prefs = {
            key: value
            for key, value in request.POST.items()
            if key != "csrfmiddlewaretoken" and value
        }
        if not prefs:
            return HttpResponseBadRequest("no preferences given")
        request.session.update(prefs)
        return JsonResponse({"saved": sorted(prefs)})


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
