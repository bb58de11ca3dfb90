import os
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

INVOICE_NAME = re.compile(r"INV-\d{6}\.pdf")


@login_required
def invoice_pdf(request):
    name = request.GET.get("file", "")
    path = os.path.join(settings.MEDIA_ROOT, "invoices", str(request.user.pk), name)
    if not os.path.isfile(path):
        raise Http404("no such invoice")
    return FileResponse(open(path, "rb"), content_type="application/pdf")
