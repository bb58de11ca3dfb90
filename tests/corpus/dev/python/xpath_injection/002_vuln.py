from django.http import JsonResponse
from lxml import etree

CATALOGUE = etree.parse("/srv/data/catalogue.xml")


def products_by_vendor(request):
    vendor = request.GET.get("vendor", "")
    query = etree.XPath("//product[@vendor='" + vendor + "']/@sku")
    return JsonResponse({"skus": [str(sku) for sku in query(CATALOGUE)]})
