from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .tokens import check_reset_token, make_reset_token

User = get_user_model()


@require_http_methods(["GET", "POST"])
def request_reset(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "members/reset_request.html")

    email = request.POST.get("email", "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        token = make_reset_token(user)
        link = request.build_absolute_uri(
            reverse("members:reset-confirm", args=[user.pk, token])
        )
        send_mail(
            "Reset your password",
            f"Use this link within two hours to choose a new password:\n{link}",
            None,
            [user.email],
        )
    # same response either way
    return render(request, "members/reset_sent.html")


@require_http_methods(["GET", "POST"])
def confirm_reset(request: HttpRequest, user_id: int, token: str) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id, is_active=True)
    if not check_reset_token(user, token):
        return HttpResponseBadRequest("This link is invalid or has expired.")

    if request.method == "GET":
        return render(request, "members/reset_form.html", {"token": token})

    new_password = request.POST.get("password", "")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        return render(request, "members/reset_form.html", {"token": token, "errors": exc.messages})

    user.set_password(new_password)
    user.save(update_fields=["password"])
    return render(request, "members/reset_done.html")
