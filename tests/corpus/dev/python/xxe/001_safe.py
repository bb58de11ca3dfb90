from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024


@app.post("/orders/import")
def import_order():
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    root = etree.fromstring(request.get_data(), parser=parser)
    lines = [
        {"sku": line.findtext("sku"), "qty": int(line.findtext("qty", "0"))}
        for line in root.iter("line")
    ]
    return jsonify({"customer": root.findtext("customer"), "lines": lines})
