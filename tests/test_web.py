"""The web workbench over the real archive and a real Prefect API: access rules, CSRF, uploads, review round."""
from __future__ import annotations

import io
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from normreview.settings import settings as current_settings
from normreview.web import create_app
from normreview.web.highlight import fragment_parts, segments
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
UNIT = "南浔区经济发展局"
OTHER_UNIT = "南浔区商务局"


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return WebSettings(data_dir=tmp_path_factory.mktemp("webdata"), secret_key="test-secret-" + "x" * 40, max_upload_mb=2)


@pytest.fixture(scope="module")
def app(settings, archive):
    application = create_app(settings, archive=archive)
    users = application.state.users
    users.add("drafter", PASSWORD, "drafter", UNIT)
    users.add("other", PASSWORD, "drafter", OTHER_UNIT)
    users.add("reviewer", PASSWORD, "reviewer", "区司法局", is_admin=True)
    users.add("auditor", PASSWORD, "auditor", "区审计局")
    return application


def client_for(app, name: str | None = None) -> TestClient:
    client = TestClient(app)
    if name:
        response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf(client, "/login")})
        assert response.status_code == 200 and "退出" in response.text, response.text[:500]
    return client


def csrf(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def wait_for_job(client: TestClient, location: str) -> dict:
    job_id = location.rsplit("/", 1)[1]
    for _ in range(240):
        status = client.get(f"/api/jobs/{job_id}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish: {status}")


def submit(client: TestClient, files: list[tuple[str, bytes]], **form) -> dict:
    response = client.post("/submit", data={"csrf_token": csrf(client, "/submit"), **form},
                           files=[("files", (name, data)) for name, data in files], follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    return wait_for_job(client, response.headers["location"])


@pytest.fixture(scope="module")
def nanxun_review(app, nanxun_path):
    """The Nanxun policy, submitted by a drafter of UNIT through the web."""
    job = submit(client_for(app, "drafter"), [("南浔政策.docx", nanxun_path.read_bytes())])
    assert job["status"] == "done", job
    (result,) = job["results"]
    return result


@pytest.fixture(scope="module")
def nanxun_path():
    return current_settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx"


# --- pieces ------------------------------------------------------------------------------------

def test_segments_cut_at_overlapping_findings():
    text = "第一条 企业应当在本区纳税。第二条 其他。"
    findings = [{"finding_id": "a", "start": 4, "end": 14, "severity": "warning"},
                {"finding_id": "b", "start": 10, "end": 12, "severity": "error"},
                {"finding_id": "bad", "start": 30, "end": 99, "severity": "error"}]
    parts = segments(text, findings)
    assert "".join(p.text for p in parts) == text
    marked = {p.text: p.findings for p in parts if p.findings}
    assert marked[text[10:12]] == ["a", "b"]
    assert marked[text[4:10]] == ["a"] and marked[text[12:14]] == ["a"]
    assert [p.severity for p in parts if p.findings] == ["warning", "error", "warning"]
    assert [p.starts for p in parts if p.starts] == [["a"], ["b"]]


def test_fragment_parts_keep_markup_out_of_text():
    parts = fragment_parts("前文【纳税】<b>后文")
    assert [(p.text, p.marked) for p in parts] == [("前文", False), ("纳税", True), ("<b>后文", False)]


def test_passwords_are_stored_as_argon2_hashes(app, settings):
    with sqlite3.connect(settings.data_dir / "users.sqlite3") as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_wrong_password_is_refused(app):
    client = TestClient(app)
    response = client.post("/login", data={"name": "reviewer", "password": "wrong-password",
                                           "csrf_token": csrf(client, "/login")})
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    assert client.get("/submit", follow_redirects=False).status_code == 303  # still anonymous: sent to login


def test_session_cookie_is_httponly_and_samesite(app, settings, archive):
    client = TestClient(app)
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    secure_app = create_app(WebSettings(settings.data_dir, settings.secret_key, secure_cookies=True), archive=archive)
    assert "secure" in TestClient(secure_app).get("/login").headers["set-cookie"].lower()


def test_every_post_needs_the_csrf_token(app):
    client = client_for(app, "reviewer")
    posts = [route.path for route in app.routes if "POST" in getattr(route, "methods", ())]
    assert {"/login", "/logout", "/submit", "/users", "/documents/{doc_id}/decision"} <= set(posts)
    for path in posts:
        url = path.replace("{doc_id}", "0" * 64)
        assert client.post(url, data={"name": "x"}).status_code == 403, path
        assert client.post(url, data={"name": "x", "csrf_token": "forged"}).status_code == 403, path
    assert client.get("/submit").status_code == 200  # the session survived the refusals


def test_upload_over_the_limit_is_refused(app, settings):
    client = client_for(app, "drafter")
    big = b"0" * (settings.max_upload_bytes + 1)
    response = client.post("/submit", data={"csrf_token": csrf(client, "/submit")}, files=[("files", ("大.docx", big))])
    assert response.status_code == 413


def test_upload_names_are_never_paths(app, settings):
    client = client_for(app, "drafter")
    response = client.post("/submit", data={"csrf_token": csrf(client, "/submit")},
                           files=[("files", ("../../escape.txt", "第一条 测试。".encode()))], follow_redirects=False)
    assert response.status_code == 303
    job = app.state.jobs.get(response.headers["location"].rsplit("/", 1)[1])
    (stored,) = job.files
    assert stored["name"] == "../../escape.txt"
    assert Path(stored["path"]).parent.parent == settings.data_dir / "uploads" and Path(stored["path"]).name == "000.txt"
    assert not (settings.data_dir.parent / "escape.txt").exists()
    wait_for_job(client, response.headers["location"])


def test_unsupported_upload_is_refused_in_chinese(app):
    client = client_for(app, "drafter")
    response = client.post("/submit", data={"csrf_token": csrf(client, "/submit")}, files=[("files", ("x.exe", b"MZ"))])
    assert response.status_code == 400 and "不支持的文件类型" in response.text


# --- the review round and access rules ---------------------------------------------------------

def test_drafter_upload_is_reviewed_and_highlighted(app, nanxun_review):
    assert nanxun_review["findings"] > 0
    page = client_for(app, "drafter").get(f"/documents/{nanxun_review['doc_id']}")
    assert page.status_code == 200
    assert page.text.count('class="finding ') == nanxun_review["findings"]
    assert page.text.count('<mark class="hl') >= 1 and "纳税" in page.text
    assert 'name="opinion"' not in page.text  # a drafter does not decide


def test_other_units_and_anonymous_cannot_open_the_draft(app, nanxun_review):
    url = f"/documents/{nanxun_review['doc_id']}"
    assert client_for(app, "other").get(url).status_code == 404
    assert TestClient(app).get(url).status_code == 404
    assert client_for(app, "auditor").get(url).status_code == 200
    for name in ("other", None):
        hits = client_for(app, name).get("/search", params={"q": "纳税"}).text
        assert url not in hits


def test_other_unit_cannot_watch_the_job(app, settings, nanxun_review):
    job = app.state.jobs.recent("drafter", limit=50)[-1]
    assert client_for(app, "drafter").get(f"/api/jobs/{job.id}").status_code == 200
    assert client_for(app, "other").get(f"/api/jobs/{job.id}").status_code == 404


def test_reviewer_dismisses_a_finding_and_records_the_opinion(app, archive, nanxun_review):
    doc_id = nanxun_review["doc_id"]
    findings = archive.get_findings(doc_id)
    dismissed, accepted = findings[0]["finding_id"], findings[1]["finding_id"]
    client = client_for(app, "reviewer")
    token = csrf(client, f"/documents/{doc_id}")
    response = client.post(f"/documents/{doc_id}/decision", data={
        "csrf_token": token, "opinion": "应当予以修改", "comments": "请按意见修改。",
        f"verdict-{dismissed}": "dismissed", f"reason-{dismissed}": "有上位法依据",
        f"verdict-{accepted}": "accepted"})
    assert response.status_code == 200 and "审核意见已记录" in response.text
    verdicts = {f["finding_id"]: f.get("verdict") for f in archive.get_findings(doc_id)}
    assert verdicts[dismissed] == "dismissed" and verdicts[accepted] == "accepted"
    assert archive.get_document(doc_id)["opinion"] == "应当予以修改"
    assert "有上位法依据" in response.text


def test_auditor_and_drafter_cannot_decide(app, nanxun_review):
    doc_id = nanxun_review["doc_id"]
    for name in ("auditor", "drafter"):
        client = client_for(app, name)
        response = client.post(f"/documents/{doc_id}/decision",
                               data={"csrf_token": csrf(client, f"/documents/{doc_id}"), "opinion": "合法"})
        assert response.status_code == 403, name
    assert client_for(app, "auditor").get("/submit").status_code == 403


def test_downloads_are_word_files(app, archive, nanxun_review, monkeypatch):
    from docx import Document as Docx

    from normreview import extractors
    from normreview.extractors import isolated
    from normreview.web.pages import deliverable

    def no_extraction(*args, **kwargs):
        raise AssertionError("a download extracted the draft again")

    # A download serves the deliverable the review flow wrote; it never extracts (or OCRs) the draft again.
    monkeypatch.setattr(extractors, "extract", no_extraction)
    monkeypatch.setattr(isolated, "extract", no_extraction)
    client = client_for(app, "reviewer")
    doc = archive.get_document(nanxun_review["doc_id"])
    for kind in ("opinion_letter", "annotated_draft"):
        response = client.get(f"/documents/{nanxun_review['doc_id']}/download/{kind}")
        assert response.status_code == 200, response.text[:300]
        assert response.content == Path(deliverable(doc, kind)).read_bytes()
        text = "\n".join(p.text for p in Docx(io.BytesIO(response.content)).paragraphs)
        assert "南浔" in text
    assert TestClient(app).get(f"/documents/{nanxun_review['doc_id']}/download/opinion_letter",
                               follow_redirects=False).status_code == 303


def test_search_shows_highlights_and_facets(app, nanxun_review):
    page = client_for(app, "reviewer").get("/search", params={"q": "纳税"})
    assert page.status_code == 200
    assert f"/documents/{nanxun_review['doc_id']}" in page.text
    assert "<mark>" in page.text and "问题类别" in page.text
    own = client_for(app, "drafter").get("/search", params={"q": "纳税"})
    assert f"/documents/{nanxun_review['doc_id']}" in own.text


def test_similar_clauses_show_past_verdicts(app, archive, nanxun_review):
    finding = archive.get_findings(nanxun_review["doc_id"])[0]
    page = client_for(app, "reviewer").get("/similar", params={"text": finding["clause_text"]})
    assert page.status_code == 200
    assert f"/documents/{nanxun_review['doc_id']}" in page.text and "不采纳" in page.text


def test_script_in_a_draft_stays_text(app):
    client = client_for(app, "reviewer")
    text = "关于测试的通知\n第一条 <script>document.title='pwned'</script> 企业须在本区纳税。\n"
    job = submit(client, [("脚本.txt", text.encode())], drafting_unit=UNIT)
    (result,) = job["results"]
    page = client.get(f"/documents/{result['doc_id']}").text
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    assert "<script>document.title" not in page


def test_package_of_materials_in_a_zip(app, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("关于促进发展的若干意见（送审稿）.txt", "关于促进发展的若干意见\n一、企业应当在本区注册。\n")
        package.writestr("起草说明.txt", "关于《若干意见》的起草说明\n一、起草背景。\n")
        package.writestr("readme.exe", b"MZ")
    job = submit(client_for(app, "drafter"), [("送审材料.zip", buffer.getvalue())], package="1")
    assert job["files"] == ["送审材料.zip/关于促进发展的若干意见（送审稿）.txt", "送审材料.zip/起草说明.txt"]
    stored = sorted(p.name for p in (settings.data_dir / "uploads" / job["id"]).iterdir())
    assert stored == ["000.txt", "001.txt"]  # server-made names; the client's names go to the flow as data
    (review,) = job["results"]  # the draft, reviewed with its materials
    assert review["title"] == "关于促进发展的若干意见"


def test_admin_adds_a_user_and_others_cannot(app):
    client = client_for(app, "reviewer")
    response = client.post("/users", data={"csrf_token": csrf(client, "/users"), "name": "newdrafter",
                                           "password": "another-password", "role": "drafter", "unit": UNIT})
    assert response.status_code == 200 and "newdrafter" in response.text
    assert app.state.users.authenticate("newdrafter", "another-password").unit == UNIT
    assert client_for(app, "auditor").get("/users").status_code == 403


def test_catalogue_lists_issued_documents_and_the_audit(app, archive, nanxun_review):
    """Last in the module: it publishes the Nanxun draft, which makes it public."""
    assert client_for(app, "drafter").get("/catalogue").status_code == 403
    reviewer = client_for(app, "reviewer")
    assert reviewer.get("/catalogue").status_code == 200
    archive.set_status(nanxun_review["doc_id"], "published")
    response = reviewer.post("/catalogue/audit", data={"csrf_token": csrf(reviewer, "/catalogue")})
    assert response.status_code == 200 and 'id="audit"' in response.text
    assert f"/documents/{nanxun_review['doc_id']}" in response.text.split('id="audit"')[0]  # listed as issued
    auditor = client_for(app, "auditor")
    assert "立即审计" not in auditor.get("/catalogue").text
    assert auditor.post("/catalogue/audit", data={"csrf_token": csrf(auditor, "/catalogue")}).status_code == 403
    # Once published, the document is public.
    assert TestClient(app).get(f"/documents/{nanxun_review['doc_id']}").status_code == 200
    assert client_for(app, "other").get(f"/documents/{nanxun_review['doc_id']}").status_code == 200
