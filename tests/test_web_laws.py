"""The web's law lookup (/law, like `normreview law`) and the review page's links to it: every basis of a
finding, and the higher-law articles shown beside the clause."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import extract
from normreview.index.higher_law import compare_with_higher_law
from normreview.web import create_app
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
DRAFT = Path(__file__).parent / "fixtures" / "citations" / "repeals-draft.txt"


@pytest.fixture(scope="module")
def app(tmp_path_factory, archive):
    settings = WebSettings(data_dir=tmp_path_factory.mktemp("webdata"), secret_key="test-secret-" + "y" * 40)
    application = create_app(settings, archive=archive)
    application.state.users.add("reviewer", PASSWORD, "reviewer", "区司法局")
    application.state.users.add("drafter", PASSWORD, "drafter", "区发改委")
    return application


def logged_in(app, name: str) -> TestClient:
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 200 and "退出" in response.text
    return client


def test_lookup_shows_the_article_and_the_status(app):
    client = logged_in(app, "drafter")  # anyone logged in
    page = client.get("/law", params={"name": "行政处罚法", "article": "第十六条", "as_of": "2022-03-01"})
    assert page.status_code == 200
    assert "《中华人民共和国行政处罚法》" in page.text and "现行有效" in page.text
    assert "第十六条 除法律、法规、规章外，其他规范性文件不得设定行政处罚。" in page.text
    repealed = client.get("/law", params={"name": "法规规章备案条例", "as_of": "2025-01-01"})
    assert "已废止" in repealed.text and "法规规章备案审查条例" in repealed.text and "第二十六条" in repealed.text
    missing = client.get("/law", params={"name": "行政处法", "article": "16"})
    assert missing.status_code == 404 and "是否指《中华人民共和国行政处罚法》" in missing.text
    assert TestClient(app).get("/law", params={"name": "行政处罚法"}, follow_redirects=False).status_code in (302, 303, 401)


def test_every_basis_and_higher_law_links_to_the_lookup(app, archive, laws_index):
    document = extract(str(DRAFT))
    findings, warning = compare_with_higher_law(document, review_document(document), laws=laws_index)
    assert warning is None
    archive.store_review(review_object(document, findings, overall_opinion(findings)))
    page = logged_in(app, "reviewer").get(f"/documents/{document.doc_id}")
    assert page.status_code == 200
    links = [parse_qs(urlsplit(html.unescape(href)).query) for href in re.findall(r'class="law-link" href="([^"]+)"', page.text)]
    bases = [(b.law, b.article) for f in findings for b in f.basis]
    linked = [(q["name"][0], q.get("article", [""])[0]) for q in links]
    assert bases and all(basis in linked for basis in bases)
    assert all(q["as_of"] == ["2025-03-01"] for q in links)  # the draft's date: the version the review used
    higher = [(h.law, h.article) for f in findings for h in f.higher_law]
    assert higher and all(h in linked for h in higher) and page.text.count('class="higher-law"') == len(higher)
    # A link opens the article the finding quotes.
    law, article = next((b.law, b.article) for f in findings for b in f.basis if b.verified and b.article)
    target = logged_in(app, "reviewer").get("/law", params={"name": law, "article": article, "as_of": "2025-03-01"})
    assert target.status_code == 200 and article in target.text
