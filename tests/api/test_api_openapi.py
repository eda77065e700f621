import json
import re

from django.test import Client

PATHS = {
    "/api/v1/conversations": {"get"},
    "/api/v1/conversations/{conversation_id}": {"get"},
    "/api/v1/conversations/{conversation_id}/messages": {"get"},
    "/api/v1/conversations/{conversation_id}/reply": {"post"},
    "/api/v1/conversations/{conversation_id}/notes": {"post"},
    "/api/v1/conversations/{conversation_id}/assign": {"post"},
    "/api/v1/conversations/{conversation_id}/resolve": {"post"},
    "/api/v1/conversations/{conversation_id}/reopen": {"post"},
    "/api/v1/conversations/{conversation_id}/snooze": {"post"},
    "/api/v1/conversations/{conversation_id}/triage": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/templates": {"get"},
    "/api/v1/templates/{template_id}/render": {"get"},
    "/api/v1/queue-health": {"get"},
    "/api/v1/metrics/platform": {"get"},
    "/api/v1/metrics/sla": {"get"},
    "/api/v1/audit": {"get"},
    "/api/v1/privacy/customers/{customer_id}/export": {"get"},
    "/api/v1/privacy/customers/{customer_id}/erase": {"post"},
    "/api/v1/automations/rules": {"get", "post"},
    "/api/v1/automations/rules/{rule_id}": {"get", "put"},
    "/api/v1/automations/rules/{rule_id}/enabled": {"post"},
    "/api/v1/automations/rules/{rule_id}/versions": {"get"},
    "/api/v1/automations/rules/{rule_id}/counts": {"get"},
    "/api/v1/automations/rules/{rule_id}/dry-run": {"post"},
    "/api/v1/automations/switch": {"get", "post"},
    "/api/v1/automations/schema": {"get"},
    "/api/v1/faq": {"get", "post"},
    "/api/v1/faq/match": {"get"},
    "/api/v1/faq/{entry_id}": {"put", "delete"},
    "/api/v1/sla/policies": {"get"},
    "/api/v1/sla/policies/winners": {"get"},
    "/api/v1/automations/rules": {"get", "post"},
    "/api/v1/automations/rules/{rule_id}": {"get", "put"},
    "/api/v1/automations/rules/{rule_id}/enabled": {"post"},
    "/api/v1/automations/rules/{rule_id}/versions": {"get"},
    "/api/v1/automations/rules/{rule_id}/counts": {"get"},
    "/api/v1/automations/rules/{rule_id}/dry-run": {"post"},
    "/api/v1/automations/switch": {"get", "post"},
    "/api/v1/automations/schema": {"get"},
}


def test_openapi_json_lists_every_path(db):
    r = Client().get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    doc = json.loads(r.content)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"] == "SellerDesk API"
    assert {path: set(ops) for path, ops in doc["paths"].items()} == PATHS
    assert doc["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
    reply = doc["paths"]["/api/v1/conversations/{conversation_id}/reply"]["post"]
    assert sorted(reply["responses"]) == ["201", "400", "401", "403", "404", "422"]


def test_every_schema_reference_resolves(db):
    doc = Client().get("/api/v1/openapi.json").json()
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc)))
    assert refs and refs <= set(doc["components"]["schemas"])


def test_docs_page_uses_only_local_assets(db):
    client = Client()
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(assets) == [
        "/static/ninja/favicon.png",
        "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ]
    assert "cdn" not in html.lower()
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert len(b"".join(served.streaming_content)) > 0


def test_unknown_endpoint_is_json_404(db):
    r = Client().get("/api/v1/nothing/here")
    assert r.status_code == 404
    assert r.json() == {"detail": "No endpoint /api/v1/nothing/here.", "errors": []}


def test_wrong_method_is_405(api):
    r = api.delete("/api/v1/me")
    assert r.status_code == 405

