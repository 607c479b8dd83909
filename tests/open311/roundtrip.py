"""Open311 GeoReport v2 against a running Trygg, through a third-party client library (georeport,
from PyPI) as an existing civic-reporting app would use it, in JSON and in XML: the services and a
service definition, a request filed (with an API key: the library reads only, so the POST is a
plain form as the spec describes), made public by the coordinator, then read back by its id, by
its token and in the list. Nothing private may come back. Usage: roundtrip.py BASE_URL API_KEY
COOKIE (a coordinator's session cookie, to make the request public)."""

import sys

import requests
from georeport import GeoReport

base, api_key, cookie = sys.argv[1], sys.argv[2], sys.argv[3]
root = f"{base}/open311/v2"

for output_format in ("json", "xml"):
    client = GeoReport(root, api_key=api_key, output_format=output_format)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert "unsafe_place__lighting" in codes and "staff_incident" not in codes, codes
    definition = client.get_service_definition("graffiti")
    attributes = definition["attributes"]
    if output_format == "xml":
        attributes = attributes["attribute"]
    assert [a["code"] for a in attributes][:2] == ["time_of_day", "recurring"], attributes

# File a request as a registered system would (form-encoded, with its key).
created = requests.post(f"{root}/requests.json", data={
    "api_key": api_key, "service_code": "unsafe_place__lighting", "lat": "58.0795", "long": "13.0240",
    "description": "Lampan i gångtunneln är trasig.", "email": "privat@example.se",
    "attribute[time_of_day]": "evening",
}, timeout=30)
assert created.status_code == 201, created.text
request_id, token = created.json()[0]["service_request_id"], created.json()[0]["token"]

tokens = requests.get(f"{root}/tokens/{token}.json", timeout=30).json()
assert tokens[0]["service_request_id"] == request_id, tokens

# Not public until the coordinator says so.
client = GeoReport(root)
assert requests.get(f"{root}/requests/{request_id}.json", timeout=30).status_code == 404
made_public = requests.post(f"{base}/api/v1/reports/{request_id}/actions", headers={"Cookie": cookie, "Origin": base}, json={
    "action": "moderate", "public_visible": True, "public_description": "Lampan i gångtunneln är trasig.",
    "reason": "Inga personuppgifter.",
}, timeout=30)
assert made_public.status_code == 200, made_public.text

for output_format in ("json", "xml"):
    client = GeoReport(root, output_format=output_format)
    one = client.get_service_request(request_id)
    assert one["service_request_id"] == request_id and one["status"] == "open", one
    assert one["service_code"] == "unsafe_place__lighting", one
    listed = client.get_service_requests(service_code="unsafe_place__lighting", status="open")
    listed = listed if isinstance(listed, list) else [listed]
    assert any(r["service_request_id"] == request_id for r in listed), listed
    text = repr(one) + repr(listed)
    assert "privat@example.se" not in text and "58.0795" not in text, text

print(f"Open311 round trip through georeport: {request_id} filed, read back by id, token and list, in JSON and XML")
