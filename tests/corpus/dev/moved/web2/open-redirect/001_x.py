import logging

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.utils.decorators import method_decorator

from .forms import SignInForm

logger = logging.getLogger("accounts.signin")


@method_decorator([csrf_protect, never_cache], name="dispatch")
class SignInView(View):
    template_name = "accounts/sign_in.html"

    def _next_url(self, request):
        return request.POST.get("next") or request.GET.get("next") or ""

    def get(self, request):
        form = SignInForm()
        return render(request, self.template_name, {"form": form, "next": self._next_url(request)})

    def post(self, request):
        form = SignInForm(request.POST)
        next_url = self._next_url(request)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "next": next_url}, status=400)

        user = authenticate(
            request,
            username=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, "Email or password is incorrect.")
            return render(request, self.template_name, {"form": form, "next": next_url}, status=401)

        login(request, user)

        if not next_url:
            next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
        allowed = url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
        if not allowed:
            logger.warning("sign-in for user %s carried an off-site next parameter", user.pk)
        return redirect(next_url)
