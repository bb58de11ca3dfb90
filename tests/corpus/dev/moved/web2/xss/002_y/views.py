from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template

from .badges import count_pill, status_badge
from .models import Order

PAGE = Template(
    """{% extends "shop/base.html" %}
{% block content %}
<h1>Orders {{ total_pill }}</h1>
{% if status_filter %}<p class="filter">Showing {{ status_filter }} orders
  <a href="?">clear</a></p>{% endif %}
<table class="table">
{% for order in page.object_list %}
  <tr><td>{{ order.reference }}</td><td>{{ order.customer_name }}</td>
      <td>{{ order.total }}</td><td>{{ order.status }}</td></tr>
{% endfor %}
</table>
{% endblock %}"""
)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = Order.objects.filter(shop__owner=request.user).order_by("-created_at")

    status = request.GET.get("status", "").strip()
    if status:
        orders = orders.filter(status__iexact=status)

    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    context = Context({
        "page": page,
        "total_pill": count_pill(page.paginator.count),
        "status_filter": status_badge(status) if status else "",
    })
    return HttpResponse(PAGE.render(context))
