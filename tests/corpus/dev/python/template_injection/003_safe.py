from django.http import JsonResponse
from jinja2 import Environment, select_autoescape

from .models import Invoice

env = Environment(autoescape=select_autoescape(["html"]))
FOOTER = env.from_string("<footer>{{ note }} (invoice {{ invoice.number }})</footer>")


def render_invoice_footer(request, invoice_id):
    invoice = Invoice.objects.get(pk=invoice_id, owner=request.user)
    footer = FOOTER.render(invoice=invoice, note=request.POST.get("footer", ""))
    invoice.footer_html = footer
    invoice.save()
    return JsonResponse({"footer": footer})
