from defusedxml.ElementTree import fromstring as safe_fromstring
from fastapi import FastAPI, Request, Response

app = FastAPI()
NS = {"s": "http://schemas.xmlsoap.org/soap/envelope/", "q": "urn:example:quotes"}


@app.post("/soap/quote")
async def quote(request: Request) -> Response:
    body = await request.body()
    root = safe_fromstring(body)
    symbol = root.findtext(".//q:symbol", namespaces=NS) or ""
    price = {"ACME": "12.40", "GLOBEX": "7.15"}.get(symbol.strip().upper(), "0")
    reply = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        f'<q:price xmlns:q="urn:example:quotes">{price}</q:price></s:Body></s:Envelope>'
    )
    return Response(reply, media_type="text/xml")
