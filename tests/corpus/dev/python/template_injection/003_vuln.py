from django.http import JsonResponse
from jinja2 import Environment, select_autoescape

from .models import Invoice

env = Environment(autoescape=select_autoescape(["html"]))


def render_invoice_footer(request, invoice_id):
    invoice = Invoice.objects.get(pk=invoice_id, owner=request.user)
    footer = env.from_string(request.POST.get("footer", "")).render(invoice=invoice)
    invoice.footer_html = footer
    invoice.save()
    return JsonResponse({"footer": footer})
