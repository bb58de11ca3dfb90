from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
DIRECTORY = etree.parse("/srv/data/staff.xml")


@app.get("/staff")
def staff_lookup():
    name = request.args.get("name", "")
    people = DIRECTORY.xpath(f"//person[name='{name}' and public='yes']")
    return jsonify([p.findtext("email") for p in people])
