from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "bio", "location"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}


def _bio_html(bio: str) -> str:
    paragraphs = [escape(p.strip()) for p in bio.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p.replace("\n", "<br>")}</p>" for p in paragraphs))


@login_required
def edit_profile(request):
    profile = request.user.profile
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            return redirect("profiles:detail", username=request.user.username)
    else:
        form = ProfileForm(instance=profile)
    return render(request, "profiles/edit.html", {"form": form})


def profile_detail(request, username: str):
    profile = get_object_or_404(Profile.objects.select_related("user"), user__username=username)
    context = {
        "profile": profile,
        "bio_html": _bio_html(profile.bio or ""),
    }
    return render(request, "profiles/detail.html", context)
