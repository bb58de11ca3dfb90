from django.http import JsonResponse
from lxml import etree

CATALOGUE = etree.parse("/srv/data/catalogue.xml")
BY_VENDOR = etree.XPath("//product[@vendor=$vendor]/@sku")


def products_by_vendor(request):
    vendor = request.GET.get("vendor", "")
    return JsonResponse({"skus": [str(sku) for sku in BY_VENDOR(CATALOGUE, vendor=vendor)]})
