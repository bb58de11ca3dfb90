from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


@require_POST
def logout_view(request):
    logout(request)
    next_url = request.POST.get("next", "/")
    return HttpResponseRedirect(next_url)
