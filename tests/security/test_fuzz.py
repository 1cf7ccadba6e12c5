"""API fuzzing: schemathesis drives every operation of /api/schema/ in-process, as every role.

The schema is fetched from the WSGI application itself (no server, no network), the demo data is
loaded so ids and filters meet real rows, and each generated request is sent with the token of
every role. Checks: no 5xx, the body and content type match the documented response, and
deliberately invalid input (negative mode) is rejected with a 4xx. ``status_code_conformance`` is
left out on purpose: drf-spectacular documents the success codes only, while 401/403/404/409 are
the platform-wide contract of DESIGN.md section 5 (checked by the access matrix).

Examples per operation are bounded (``IEI_FUZZ_EXAMPLES``, default 3) and derandomized, so CI runs
the same requests every time in a few minutes; raise the number locally to dig deeper.

No finding is tolerated: every one fails the test until it is fixed (docs/SECURITY.md, "Fuzzing
findings", lists what was found and how it was fixed).
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
)
from schemathesis.transport.requests import REQUESTS_TRANSPORT
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from .conftest import ROLE_USERS

EXAMPLES = int(os.environ.get("IEI_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, negative_data_rejection]


@pytest.fixture(scope="module")
def keep_connection():
    """The WSGI handler closes the database connection after each request; in a test that would drop
    the transaction that holds the demo data. Django's own test client unhooks the same signal."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _form_as_requests_sends_it(ctx, value):
    """Encode a form body into exactly the bytes of the request schemathesis reports.

    The in-process (WSGI) transport hands form bodies to Werkzeug, which encodes a member that is
    not text differently from ``requests``: an object member of an urlencoded body is taken for a
    file and silently left out, a list or object in a multipart body is sent as its Python ``str``.
    The report, and the "was this invalid input rejected" check reading it, use the ``requests``
    encoding instead (an object's keys as repeated fields). So the application received a valid
    body while the check judged another one: ``level={"a": ..., "b": ...}`` arrived as no ``level``
    at all, and the default level was stored. Sending the reported bytes makes the two agree.
    """
    import requests

    _, serialize = REQUESTS_TRANSPORT.get_first_matching_media_type(ctx.case.media_type)
    kwargs = serialize(ctx, value)
    prepared = requests.Request(
        "POST", "http://localhost/", data=kwargs.get("data"), files=kwargs.get("files"), headers=kwargs.get("headers")
    ).prepare()
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    return {"data": body or b"", "content_type": prepared.headers.get("Content-Type", ctx.case.media_type)}


FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@pytest.fixture(scope="module")
def faithful_forms():
    saved = dict(WSGI_TRANSPORT._serializers)
    WSGI_TRANSPORT.serializer(*FORM_MEDIA_TYPES)(_form_as_requests_sends_it)
    yield
    WSGI_TRANSPORT._serializers.clear()
    WSGI_TRANSPORT._serializers.update(saved)


@pytest.fixture(scope="module")
def fuzz_schema(seeded, keep_connection, faithful_forms, django_db_blocker):
    from config.wsgi import application

    config = schemathesis.Config.from_dict(
        {"generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True}}
    )
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)


@pytest.fixture
def tokens(actors):
    from accounts.models import ApiToken

    users, _sides = actors
    # Ids far above the small numbers generated for "{id}": DELETE /api/v1/auth/tokens/{id}/ is fuzzed
    # too, and must not revoke the token the fuzzer is using halfway through the run.
    return {role: ApiToken.objects.create(user=users[role], name="fuzz", id=10**12 + i)[1]
            for i, role in enumerate(ROLE_USERS)}


def _fuzz_operation(operation, mode, tokens) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing request is reported as is
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        for token in tokens.values():
            response = case.call(headers={"Authorization": f"Token {token}"})
            case.validate_response(response, checks=CHECKS)

    run()


def _titles(exc) -> list[tuple[str, str]]:
    """(title, full text) of each check failure inside a schemathesis failure group."""
    out = []
    for sub in getattr(exc, "exceptions", [exc]):
        text = str(sub)
        out.append((getattr(sub, "title", "") or text.strip().splitlines()[0], text))
    return out


@pytest.mark.django_db
def test_api_survives_generated_input_as_every_role(fuzz_schema, tokens):
    """Each operation, positive and negative examples; failures are collected, not stopped at."""
    failures = []
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) > 250
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz_operation(operation, mode, tokens)
            except Unsatisfiable:
                # An operation without parameters or body has no invalid input to generate.
                continue
            except BaseException as exc:  # noqa: BLE001 - check failures come as exception groups
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                for title, text in _titles(exc):
                    failures.append(f"{label} [{mode.value}] {title}:\n{text}"[:3000])
    assert not failures, f"{len(failures)} findings:\n" + "\n\n".join(failures)
