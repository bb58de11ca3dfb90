import os
from functools import lru_cache

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)

CATALOG_PATH = os.environ.get("CATALOG_XML", "/srv/catalog/catalog.xml")


@lru_cache(maxsize=1)
def load_catalog(mtime: float) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(CATALOG_PATH, parser)


def catalog() -> etree._ElementTree:
    return load_catalog(os.path.getmtime(CATALOG_PATH))


def product_to_dict(node: etree._Element) -> dict:
    return {
        "sku": node.get("sku"),
        "name": node.findtext("name"),
        "brand": node.findtext("brand"),
        "label": f"{node.findtext("brand")} {node.findtext("name")}",
        "price": node.findtext("price"),
        "currency": node.find("price").get("currency") if node.find("price") is not None else None,
    }


@app.get("/api/brands/<brand>/products")
def products_by_brand(brand: str):
    max_price = request.args.get("max_price", type=float)
    nodes = catalog().xpath(
        "/catalog/product[@visibility='public' and brand=$brand]", brand=brand
    )
    products = [product_to_dict(n) for n in nodes]
    if max_price is not None:
        products = [p for p in products if p["price"] and float(p["price"]) <= max_price]
    return jsonify({"brand": brand, "products": products})


@app.get("/api/brands")
def brands():
    names = catalog().xpath("/catalog/product[@visibility='public']/brand/text()")
    return jsonify(sorted(set(map(str, names))))
