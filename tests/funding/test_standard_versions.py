"""A standard version without its checklist is a 400 (it was a 500: found by the API fuzzer)."""
import pytest


@pytest.mark.django_db
def test_a_version_needs_its_checklist(api_association, association_org):
    r = api_association.post("/api/v1/standards/", {"association": association_org.pk, "kind": "training",
                                                    "code": "T/CFTA 002-2026", "title": "虚拟制片人才培养标准"})
    assert r.status_code == 201
    url = f"/api/v1/standards/{r.json()['id']}/versions/"
    r = api_association.post(url, {"version": "1.0", "summary": "首版"})
    assert r.status_code == 400 and "checklist" in r.json()["errors"]
    assert api_association.post(url, {"version": "1.0", "checklist": ["虚拟拍摄实训"]}).status_code == 201
