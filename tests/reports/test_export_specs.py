"""GET reports/export-specs/ lists the exports as documented: name, label and columns of each."""
import pytest


@pytest.mark.django_db
def test_export_specs_are_a_list_of_specs_with_columns(api_teacher):
    r = api_teacher.get("/api/v1/reports/export-specs/")
    assert r.status_code == 200
    specs = r.json()
    assert isinstance(specs, list) and specs
    for spec in specs:
        assert set(spec) == {"name", "label", "columns"}
        assert spec["columns"] and all(set(c) == {"key", "label"} for c in spec["columns"])
    assert "organizations" in {s["name"] for s in specs}
