import csv

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.views import View

from crm.models import Customer


class ExportCustomersView(View):
    def get(self, request):
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="customers.csv"'
        writer = csv.writer(response)
        writer.writerow(["id", "company", "country"])
        for customer in Customer.objects.order_by("id").iterator():
            writer.writerow([customer.id, customer.company, customer.country])
        return response
