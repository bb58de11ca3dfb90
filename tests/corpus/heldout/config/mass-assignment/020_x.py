from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods


class Listing(models.Model):
    seller = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="listings")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    category = models.CharField(max_length=40)
    condition = models.CharField(max_length=20, default="used")
    approved = models.BooleanField(default=False)
    featured = models.BooleanField(default=False)
    commission_rate = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.120"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "market"


SELLER_FIELDS = ("title", "description", "price", "category", "condition")


@login_required
@require_http_methods(["GET", "POST"])
def new_listing(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "market/listing_form.html")

    data = {name: request.POST[name] for name in SELLER_FIELDS if name in request.POST}
    try:
        if Decimal(data.get("price", "")) <= 0:
            raise InvalidOperation
    except InvalidOperation:
        return render(request, "market/listing_form.html", {"error": "Enter a positive price.", "data": data}, status=400)

    listing = Listing(seller=request.user, **data)
    try:
        listing.full_clean()
    except ValidationError as exc:
        return render(request, "market/listing_form.html", {"errors": exc.message_dict, "data": data}, status=400)
    listing.save()
    return redirect("market:listing", pk=listing.pk)


@login_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    if not listing.approved and listing.seller_id != request.user.id:
        return HttpResponse(status=404)
    return render(request, "market/listing_detail.html", {"listing": listing})
