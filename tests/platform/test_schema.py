"""The OpenAPI schema describes the bodies the API really sends (core.schema.AutoSchema).

tests/security/test_fuzz.py checks responses against the schema over the demo data; these tests
pin the two rules of the schema class without it, so they fail fast and on any data.
"""
import pytest


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _response(schema, path, method, code):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def _enum_of(schema, prop) -> list:
    """Every value an (``allOf``/``oneOf`` of referenced) enum property allows."""
    values = list(prop.get("enum", []))
    for key in ("allOf", "oneOf", "anyOf"):
        for branch in prop.get(key, []):
            ref = branch.get("$ref")
            values += _enum_of(schema, schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else branch)
    return values


@pytest.mark.parametrize("component,field", [
    ("WeeklyLog", "grade"),  # "" until a mentor reviews the log
    ("Agreement", "signature_method"),  # "" until the agreement is signed
])
def test_a_blank_read_only_choice_is_in_the_documented_enum(schema, component, field):
    prop = schema["components"]["schemas"][component]["properties"][field]
    assert prop.get("readOnly")
    values = _enum_of(schema, prop)
    assert "" in values and len(values) > 1


def test_a_read_only_choice_that_is_never_blank_keeps_its_enum(schema):
    values = _enum_of(schema, schema["components"]["schemas"]["WeeklyLog"]["properties"]["status"])
    assert values and "" not in values


@pytest.mark.parametrize("path,method,code", [
    ("/api/v1/assessments/", "post", "201"),  # the computed rows of the year
    ("/api/v1/agreements/{id}/transitions/", "get", "200"),
    ("/api/v1/agreements/{id}/documents/", "get", "200"),
    ("/api/v1/agreements/{id}/fulfilment/", "get", "200"),  # was documented as an object
    ("/api/v1/reports/export-specs/", "get", "200"),  # was documented as a report job
    ("/api/v1/programs/{id}/comment/", "get", "200"),
    ("/api/v1/courses/{id}/revisions/", "get", "200"),
])
def test_a_list_returned_by_an_action_is_an_array_not_a_page(schema, path, method, code):
    body = _response(schema, path, method, code)
    assert body["type"] == "array" and "$ref" in body["items"]


def test_list_actions_are_still_pages(schema):
    body = _response(schema, "/api/v1/assessments/", "get", "200")
    assert body["$ref"].endswith("/PaginatedAssessmentList")
    names = {p["name"] for p in schema["paths"]["/api/v1/assessments/"]["get"]["parameters"]}
    assert {"page", "page_size"} <= names


def test_no_action_but_a_list_is_documented_as_a_page(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            paged = "Paginated" in str(operation["responses"])
            if paged:
                assert method == "get" and "{" not in path and operation["operationId"].endswith("_list"), \
                    f"{method.upper()} {path}"


@pytest.mark.parametrize("path,method,code,component", [
    ("/api/v1/teachers/dual-ratios/", "get", "200", "DualRatios"),  # was documented as no body
    ("/api/v1/placements/{id}/evaluation-link/", "post", "202", "EvaluationLinkSent"),  # likewise
    ("/api/v1/programs/{id}/comment/", "post", "201", "ProgramComment"),  # one comment, was a list
    ("/api/v1/courses/{id}/revisions/", "post", "201", "CourseRevision"),  # one revision, was a list
])
def test_an_action_with_a_body_documents_it(schema, path, method, code, component):
    assert _response(schema, path, method, code)["$ref"].endswith(f"/{component}")


def test_only_a_get_of_the_collection_documents_the_list_filters(schema):
    def query(path, method):
        return {p["name"] for p in schema["paths"][path][method].get("parameters", []) if p["in"] == "query"}

    assert {"year", "department", "search", "ordering"} <= query("/api/v1/assessments/", "get")
    assert query("/api/v1/assessments/", "post") == set()  # computes rows, filters nothing
    assert query("/api/v1/agreements/{id}/transitions/", "get") == set()  # one agreement's history
    assert query("/api/v1/reports/export-specs/", "get") == set()  # lists exports, not report jobs
    assert {"program", "year"} <= query("/api/v1/program-evaluations/summary/", "get")  # filtered like the list


@pytest.mark.parametrize("path,method", [
    ("/api/v1/job-posts/", "post"),  # requirements: a list of objects
    ("/api/v1/agreements/", "post"),  # commitments
])
def test_a_body_with_nested_objects_is_documented_as_json_only(schema, path, method):
    assert list(schema["paths"][path][method]["requestBody"]["content"]) == ["application/json"]


def test_a_flat_body_keeps_its_form_encodings(schema):
    content = schema["paths"]["/api/v1/certificates/"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data"} <= set(content)


def test_programme_diff_documents_its_body(schema):
    body = _response(schema, "/api/v1/programs/{id}/diff/", "get", "200")
    ref = body["$ref"].rsplit("/", 1)[1]
    props = schema["components"]["schemas"][ref]["properties"]
    assert {"old", "new", "empty", "fields", "goals", "courses"} <= set(props)
