import os

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse


@staff_member_required
def tail_log(request):
    lines = request.GET.get("lines", "100")
    with os.popen(f"tail -n {lines} /var/log/shop/app.log") as pipe:
        output = pipe.read()
    return HttpResponse(output, content_type="text/plain")
