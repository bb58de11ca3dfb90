from django import forms
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views import View
from django.views.generic import FormView

from .cookies import attach_api_token, clear_api_token, remember_theme
from .models import PortalToken

THEMES = ("light", "dark", "high-contrast")


class PortalLoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput)


class PortalLoginView(FormView):
    template_name = "portal/login.html"
    form_class = PortalLoginForm
    success_url = reverse_lazy("portal:home")

    def form_valid(self, form):
        user = authenticate(
            self.request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(None, "Unknown username or wrong password.")
            return self.form_invalid(form)

        login(self.request, user)
        token = PortalToken.objects.issue(user)
        response = super().form_valid(form)
        return attach_api_token(response, token.key)


class PortalLogoutView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            PortalToken.objects.filter(user=request.user).delete()
        logout(request)
        return clear_api_token(redirect("portal:login"))


class ThemeView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        theme = request.POST.get("theme", "")
        if theme not in THEMES:
            return HttpResponseBadRequest("unknown theme")
        return remember_theme(redirect("portal:settings"), theme)
