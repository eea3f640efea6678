"""Web fuzzing (issue 16, item 6), bounded in count and time: random paths, query strings and forms over
every route, anonymous and signed in, against the real archive; no response is a 500."""
from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normreview.web import create_app
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration

FUZZ = settings(max_examples=40, deadline=30_000, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PASSWORD = "correct-horse-battery"
SEARCH_KEYS = ("q", "year", "sort", "after", "kind", "issuer", "status", "category", "opinion", "next", "text",
               "doc", "finding")
# Text with the characters that break parsers: controls, surrogates escaped by quote(), CJK, brackets, JSON.
VALUES = st.one_of(st.text(max_size=60), st.integers(-10**12, 10**12).map(str),
                   st.sampled_from(["abc", "-1", "99999999999999999999", "W10=", "W1tbW1tdXV1d", "[[[[]]]]", "null",
                                    "国发〔2019〕5号", "《行政处罚法》第十六条", "%00", "../../etc/passwd"]))


@pytest.fixture(scope="module")
def clients(tmp_path_factory, archive):
    app = create_app(WebSettings(data_dir=tmp_path_factory.mktemp("fuzzweb"), secret_key="f" * 48), archive=archive)
    app.state.users.add("审核甲", PASSWORD, "reviewer", "区司法局", is_admin=True)
    app.state.users.add("起草乙", PASSWORD, "drafter", "甲局")
    signed = {}
    for name in ("审核甲", "起草乙"):
        client = TestClient(app, raise_server_exceptions=False)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
        signed[name] = client
    return [TestClient(app, raise_server_exceptions=False), *signed.values()]


GET_PATHS = ["/", "/login", "/search", "/catalogue", "/similar", "/users", "/submit", "/documents/{x}",
             "/documents/{x}/download/{y}", "/jobs/{x}", "/api/jobs/{x}"]


@FUZZ
@given(path=st.sampled_from(GET_PATHS), x=VALUES, y=VALUES,
       params=st.dictionaries(st.sampled_from(SEARCH_KEYS), VALUES, max_size=5), who=st.integers(0, 2))
def test_no_get_request_is_a_server_error(clients, path, x, y, params, who):
    url = path.replace("{x}", quote(x, safe="") or "x").replace("{y}", quote(y, safe="") or "y")
    response = clients[who].get(f"{url}?{urlencode(params)}", follow_redirects=False)
    assert response.status_code < 500 or response.status_code == 503, (url, params, response.status_code)


@FUZZ
@given(path=st.sampled_from(["/login", "/logout", "/users", "/catalogue/audit", "/documents/{x}/decision", "/submit"]),
       x=VALUES, form=st.dictionaries(st.sampled_from(["name", "password", "role", "unit", "opinion", "comments",
                                                       "next", "replace", "csrf_token", "drafting_unit"]), VALUES,
                                      max_size=6), who=st.integers(0, 2))
def test_no_form_post_is_a_server_error(clients, path, x, form, who):
    url = path.replace("{x}", quote(x, safe="") or "x")
    response = clients[who].post(url, data=form, follow_redirects=False)
    assert response.status_code < 500, (url, form, response.status_code)
