"""Forum profile views: signature editing with live preview (Django CBV)."""
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Template
from django.views import View

from .models import Profile

SIGNATURE_MAX = 400


class SignatureForm(forms.Form):
    signature = forms.CharField(max_length=SIGNATURE_MAX, required=False, strip=True)
    show_post_count = forms.BooleanField(required=False)


def _render_signature(signature: str, profile: Profile, show_post_count: bool) -> str:
    tpl = Template(
        "{% load humanize %}"
        "<div class=\"forum-signature\">"
        "{{ signature|linebreaksbr }}"
        "{% if show_post_count %}<span class=\"post-count\">"
        "{{ profile.post_count|intcomma }} posts</span>{% endif %}"
        "</div>"
    )
    return tpl.render(Context({
        "signature": signature,
        "profile": profile,
        "show_post_count": show_post_count,
    }))


class SignaturePreviewView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SignatureForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        profile = get_object_or_404(Profile, user=request.user)
        html = _render_signature(
            form.cleaned_data["signature"],
            profile,
            form.cleaned_data["show_post_count"],
        )
        return HttpResponse(html)


class SignatureSaveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SignatureForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        profile = get_object_or_404(Profile, user=request.user)
        profile.signature = form.cleaned_data["signature"]
        profile.show_post_count = form.cleaned_data["show_post_count"]
        profile.save(update_fields=["signature", "show_post_count"])
        return JsonResponse({"saved": True})
