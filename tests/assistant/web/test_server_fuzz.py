"""Property-based fuzzing of the HTTP API from its own /openapi.json (schemathesis strategies run by hypothesis),
over loopback.

For every operation, schema-valid and schema-violating inputs (any code point in strings, wrong types, missing and
extra fields, huge numbers); the property is that no request gets a 5xx. Deterministic and bounded for CI: ~2,000 requests.
"""

from __future__ import annotations

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode

from assistant.web.server import background_server, create_app

MIN_REQUESTS = 2000
P, N = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# (operation, mode, examples): invalid inputs exist only where there is a body; no-input operations need one call
PLAN = [("GET /healthz", P, 1), ("GET /readyz", P, 1), ("GET /api/directions", P, 1), ("GET /v1/models", P, 1),
        ("GET /api/editions", P, 1), ("GET /metrics", P, 1),
        ("GET /api/directions/{edition}/{number}", P, 600),
        ("POST /api/feedback", P, 300), ("POST /api/feedback", N, 300),
        ("POST /api/ask", P, 200), ("POST /api/ask", N, 200),
        ("POST /v1/chat/completions", P, 200), ("POST /v1/chat/completions", N, 200)]


@pytest.fixture(scope="module")
def api(settings, assistant, db_path):
    app = create_app(settings, assistant=assistant, feedback_db=db_path, ui=False)
    with background_server(app) as url:
        yield url, schemathesis.openapi.from_url(url + "/openapi.json")


@pytest.fixture(scope="module")
def tally():
    counts = {"requests": 0, "server_errors": 0}
    yield counts
    print(f"\nfuzz: {counts['requests']} requests, {counts['server_errors']} with a 5xx")


def test_the_schema_covers_every_operation(api):
    _, schema = api
    found = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert found == {name for name, _, _ in PLAN}


@pytest.mark.parametrize("name, mode, examples", PLAN)
def test_no_request_gets_a_server_error(api, tally, name, mode, examples):
    url, schema = api
    method, path = name.split(" ", 1)
    operation = schema[path][method]
    session = requests.Session()

    @hypothesis.settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(base_url=url, session=session, timeout=60)
        tally["requests"] += 1
        tally["server_errors"] += response.status_code >= 500
        assert response.status_code < 500, f"{method} {case.formatted_path} → {response.status_code}: " \
                                           f"{response.text[:300]}"

    check()


def test_the_fuzzer_sent_enough_requests(tally):
    assert tally["requests"] >= MIN_REQUESTS and tally["server_errors"] == 0, tally
