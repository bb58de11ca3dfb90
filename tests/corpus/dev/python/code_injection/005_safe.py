from decimal import Decimal, InvalidOperation

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

from shop.models import Product


@staff_member_required
@require_POST
def apply_discount(request, product_id):
    try:
        rate = Decimal(request.POST["rate"])
    except (KeyError, InvalidOperation):
        return HttpResponseBadRequest("rate must be a number")
    product = Product.objects.get(pk=product_id)
    product.price = (product.price * (1 - Decimal(rate))).quantize(Decimal("0.01"))
    product.save(update_fields=["price"])
    return JsonResponse({"id": product.pk, "price": str(product.price)})
