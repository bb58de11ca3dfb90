from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .avatars import AvatarError, fetch_remote_avatar
from .forms import AvatarUrlForm


@login_required
@require_http_methods(["GET", "POST"])
def avatar_from_url(request):
    form = AvatarUrlForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            path = fetch_remote_avatar(form.cleaned_data["image_url"])
        except AvatarError as exc:
            form.add_error("image_url", str(exc))
        else:
            profile = request.user.profile
            profile.avatar.name = path
            profile.save(update_fields=["avatar"])
            messages.success(request, "Profile picture updated.")
            return redirect("accounts:profile")
    return render(request, "accounts/avatar_from_url.html", {"form": form})
