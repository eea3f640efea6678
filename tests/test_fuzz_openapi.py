"""Schemathesis over the workbench's OpenAPI schema (#16 item 6), bounded: every operation FastAPI describes
(path and query parameters, form bodies) with generated values, anonymous and signed in as a reviewer,
against the real archive; no response is a server error. The app serves no schema (``openapi_url=None``);
the test reads it from ``app.openapi()``. Complements tests/test_fuzz_web.py, which fuzzes the query and
form fields the schema does not declare."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from normreview.index import Archive
from normreview.web import create_app
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
# Bounded for CI: 21 operations × 8 examples × 2 roles, each example within 30 s, the same examples each run.
BOUNDED = settings(max_examples=8, deadline=30_000, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


# Built at collection: schemathesis's fixture-based loader does not run under pytest 9.2. The app reaches the
# archive only on requests, under this session's index prefix (set by conftest before collection); the tests
# ask for the ``archive`` fixture so the session drops the indices at the end.
DATA = tempfile.TemporaryDirectory(prefix="fuzzapi-")
WEB = create_app(WebSettings(data_dir=Path(DATA.name), secret_key="s" * 48), archive=Archive())
WEB.state.users.add("审核丙", PASSWORD, "reviewer", "区司法局", is_admin=True)
schema = schemathesis.openapi.from_dict(WEB.openapi())
schema.app = WEB


@pytest.fixture(scope="module")
def reviewer_cookies():
    client = TestClient(WEB)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"name": "审核丙", "password": PASSWORD, "csrf_token": token},
                       follow_redirects=False).status_code == 303
    return dict(client.cookies)


def assert_no_server_error(response, case) -> None:
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} → {response.status_code}"


@schema.parametrize()
@BOUNDED
def test_no_operation_is_a_server_error_for_an_anonymous_visitor(case, archive):
    assert_no_server_error(case.call(allow_redirects=False), case)


@schema.parametrize()
@BOUNDED
def test_no_operation_is_a_server_error_for_a_signed_in_reviewer(case, archive, reviewer_cookies):
    assert_no_server_error(case.call(cookies=reviewer_cookies, allow_redirects=False), case)
