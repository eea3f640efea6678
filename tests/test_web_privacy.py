"""Privacy by role: every route of the workbench walked as an anonymous visitor, a drafter of unit A, a
drafter of unit B, a reviewer and an auditor, over three archived documents:

- ``draft_a``: unit A's draft, 待审核 (the machine's 初审意见 only);
- ``draft_b``: unit B's draft, decided by the reviewer (a dismissal reason, an added finding, a comment);
- ``issued``: unit A's document, decided and then filed (public).

Review records (findings, verdicts, opinions, reviewers, comments) are internal: anonymous visitors never see
them, drafters see their own unit's, reviewers and auditors see all.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from normreview import checks, extractors
from normreview.checks.report import review_object
from normreview.flows.decision import record_decision
from normreview.settings import settings as current_settings
from normreview.web import create_app
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
UNIT_A, UNIT_B = "南浔区经济发展局", "南浔区商务局"
REVIEWER = "reviewer_wang"  # a login name that must not leak
DISMISS_REASON = "该条款已报经上级机关批准（内部理由）"
ADDED_MESSAGE = "奖励自2022年1月1日起追溯适用（审核人增加）"
COMMENT = "请起草单位十日内报送修改稿（审核人意见）"
ROLES = (None, "drafter_a", "drafter_b", "reviewer_wang", "auditor")


def client_for(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 200 and "退出" in response.text
    return client


def archived(archive, path: Path, unit: str):
    document = extractors.extract(path)
    findings = checks.review_document(document)
    review = review_object(document, findings, checks.overall_opinion(findings))
    archive.store_review(review, drafting_unit=unit, submitted_by="drafter")
    return review


@pytest.fixture(scope="module")
def world(tmp_path_factory, archive):
    data = tmp_path_factory.mktemp("privacy")
    settings = WebSettings(data_dir=data, secret_key="test-secret-" + "p" * 40, max_upload_mb=2)
    app = create_app(settings, archive=archive)
    users = app.state.users
    users.add("drafter_a", PASSWORD, "drafter", UNIT_A)
    users.add("drafter_b", PASSWORD, "drafter", UNIT_B)
    users.add(REVIEWER, PASSWORD, "reviewer", "区司法局", is_admin=True)
    users.add("auditor", PASSWORD, "auditor", "区审计局")
    text = extractors.extract(current_settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx").text
    docs = {}
    for name, unit, edit in (("draft_a", UNIT_A, "一"), ("draft_b", UNIT_B, "二"), ("issued", UNIT_A, "三")):
        path = data / f"{name}.txt"
        path.write_text(text + f"\n（第{edit}稿）", encoding="utf-8")
        docs[name] = archived(archive, path, unit)
    for name in ("draft_b", "issued"):
        review = docs[name]
        first = review.findings[0].finding_id(review.document.doc_id)
        added = {"rule": "reviewer", "category": "retroactivity", "severity": "error", "unit": "", "quote": "",
                 "clause_text": "", "start": 0, "end": 0, "message": ADDED_MESSAGE, "suggestion": "删除。"}
        record_decision(review.document.doc_id, "应当予以修改", REVIEWER, comments=COMMENT,
                        verdicts=[{"finding_id": first, "verdict": "dismissed", "reason": DISMISS_REASON}],
                        added=[added], opinion_dir=str(data / "outputs" / review.document.doc_id))
    archive.set_status(docs["issued"].document.doc_id, "filed")
    # One more of unit A's drafts, for the reviewer's form (kept out of the walk below).
    path = data / "draft_c.txt"
    path.write_text(text + "\n（第四稿）", encoding="utf-8")
    app.state.draft_c = archived(archive, path, UNIT_A)
    return app, {name: review.document.doc_id for name, review in docs.items()}, docs


def internal_marks(review) -> list[str]:
    """Text only review records carry: a finding's message, the machine's opinion, the decision."""
    return [review.findings[1].message, "初审意见", DISMISS_REASON, ADDED_MESSAGE, COMMENT, REVIEWER]


def test_a_review_leaves_the_document_pending(world):
    app, ids, _ = world
    doc = app.state.archive.get_document(ids["draft_a"])
    assert doc["status"] == "under_review" and not doc.get("opinion") and doc["auto_opinion"]
    page = client_for(app, REVIEWER).get(f"/documents/{ids['draft_a']}").text
    assert "待审核" in page and "已审核" not in page
    assert not re.search(r'name="opinion" value="[^"]+" required checked', page)  # the form starts empty


def test_a_decision_gives_the_opinion_the_letter_and_the_reviewer(world):
    app, ids, _ = world
    doc = app.state.archive.get_document(ids["draft_b"])
    assert doc["status"] == "reviewed" and doc["opinion"] == "应当予以修改" and doc["reviewer"] == REVIEWER
    assert re.fullmatch(r".*〔\d{4}〕\d+号", doc["letter_number"])
    assert doc["letter_number"] != app.state.archive.get_document(ids["issued"])["letter_number"]
    assert set(doc["deliverables"]) >= {"opinion_letter", "annotated_draft"}


@pytest.mark.parametrize("name", ROLES)
def test_every_route_for_every_role(world, name):
    app, ids, docs = world
    client = client_for(app, name)
    role = {None: "anonymous", "drafter_a": "drafter", "drafter_b": "drafter", REVIEWER: "reviewer", "auditor": "auditor"}[name]
    unit = {"drafter_a": UNIT_A, "drafter_b": UNIT_B}.get(name)
    walked = set()

    def get(path: str, route: str):
        walked.add(("GET", route))
        return client.get(path, follow_redirects=False)

    # Public pages.
    assert get("/login", "/login").status_code == 200
    assert get("/", "/").status_code in (200, 303, 307)
    for doc_name, doc_id in ids.items():
        review = docs[doc_name]
        response = get(f"/documents/{doc_id}", "/documents/{doc_id}")
        own = unit is not None and unit == (UNIT_B if doc_name == "draft_b" else UNIT_A)
        public = doc_name == "issued"
        sees_doc = public or role in ("reviewer", "auditor") or own
        sees_review = role in ("reviewer", "auditor") or own
        if not sees_doc:
            assert response.status_code in (303, 404)  # the login page, or "not found" for another unit's
            assert review.findings[1].message not in response.text
        else:
            assert response.status_code == 200 and review.document.title in response.text
            for mark in internal_marks(review)[:2]:
                assert (mark in response.text) == sees_review, (name, doc_name, mark)
            if doc_name != "draft_a":  # decided: the decision's records
                for mark in internal_marks(review)[2:]:
                    assert (mark in response.text) == sees_review, (name, doc_name, mark)
            assert ('id="decision-form"' in response.text) == sees_review
            assert ('name="opinion"' in response.text) == (role == "reviewer")
        for kind in ("opinion_letter", "annotated_draft", "draft_letter"):
            response = get(f"/documents/{doc_id}/download/{kind}", "/documents/{doc_id}/download/{kind}")
            if role == "anonymous":
                assert response.status_code == 303  # to the login page
            elif not sees_review:
                assert response.status_code == 404
            elif kind == "opinion_letter" and doc_name == "draft_a":
                assert response.status_code == 403 and "审核决定之前" in response.text
            elif kind == "draft_letter" and (role != "reviewer" or doc_name != "draft_a"):
                assert response.status_code == 403
            elif doc_name == "draft_a":  # archived without an output folder: nothing written yet
                assert response.status_code == 404 and "尚未生成" in response.text
            else:
                assert response.status_code == 200, (name, doc_name, kind, response.text[:200])
        response = get(f"/similar?doc={doc_id}&finding={review.findings[1].finding_id(doc_id)}", "/similar")
        assert response.status_code == (200 if sees_review else 404 if sees_doc or role != "anonymous" else 404)
        if not sees_review:
            assert review.findings[1].message not in response.text

    # Search and similar clauses: what comes back follows the same rule.
    issued = docs["issued"]
    response = get("/search?q=" + issued.document.title[:8], "/search")
    assert response.status_code == 200
    assert ("应当予以修改" in response.text) == (role != "anonymous")
    response = get("/search?q=服务业&category=selective-incentive&opinion=应当予以修改", "/search")
    assert ('href="?' in response.text and "问题类别" in response.text) == (role != "anonymous")
    response = get("/similar?text=" + issued.findings[1].clause_text[:60], "/similar")
    assert response.status_code == 200
    if role == "anonymous":
        for mark in internal_marks(issued):
            assert mark not in response.text

    # Pages of signed-in work.
    expect = {"anonymous": 303, "drafter": 403, "reviewer": 200, "auditor": 200}[role]
    assert get("/catalogue", "/catalogue").status_code == expect
    assert get("/submit", "/submit").status_code == {"anonymous": 303, "drafter": 200, "reviewer": 200, "auditor": 403}[role]
    assert get("/users", "/users").status_code == {"anonymous": 303, "reviewer": 200}.get(role, 403)
    assert get("/jobs/nope", "/jobs/{job_id}").status_code in ((303,) if role == "anonymous" else (404,))
    assert get("/api/jobs/nope", "/api/jobs/{job_id}").status_code in ((303, 401) if role == "anonymous" else (404,))
    assert get("/inbox", "/inbox").status_code == {"anonymous": 303, "drafter": 403, "reviewer": 200, "auditor": 200}[role]
    law = get("/law?name=行政处罚法&article=第十六条", "/law")
    assert law.status_code == (303 if role == "anonymous" else 200)
    filing = get(f"/documents/{ids['issued']}/filing", "/documents/{doc_id}/filing")
    if role == "reviewer":
        assert filing.status_code == 200 and 'name="doc_number"' in filing.text
    else:  # filing is the reviewers' work
        assert filing.status_code in (303, 403, 404) and 'name="doc_number"' not in filing.text

    # Posts: deciding is the reviewer's alone; nobody else reaches the flow.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    for method_path, route, data in (
        (f"/documents/{ids['draft_a']}/decision", "/documents/{doc_id}/decision", {"opinion": "合法"}),
        ("/catalogue/audit", "/catalogue/audit", {}),
        ("/users", "/users", {"name": "x", "password": "y" * 12, "role": "drafter"}),
        ("/submit", "/submit", {}),
        ("/logout", "/logout", {}),
        ("/login", "/login", {"name": "nobody", "password": "wrong-password"}),
        (f"/documents/{ids['issued']}/filing", "/documents/{doc_id}/filing", {"published": "2024-01-01"}),
        ("/jobs/nope/retry", "/jobs/{job_id}/retry", {}),
    ):
        walked.add(("POST", route))
        if role == "reviewer" and route in ("/documents/{doc_id}/decision", "/catalogue/audit", "/users", "/submit", "/logout",
                                            "/documents/{doc_id}/filing", "/jobs/{job_id}/retry"):
            continue  # the reviewer's own posts are exercised by the fixture and tests/test_web.py
        response = client.post(method_path, data={"csrf_token": token, **data}, follow_redirects=False)
        if route in ("/logout", "/login"):
            assert response.status_code in (200, 303, 400, 401, 403)  # nothing internal behind them
        elif route == "/submit" and role == "drafter":
            assert response.status_code in (400, 422)  # no files: refused before any review
        elif route == "/jobs/{job_id}/retry":
            assert response.status_code in (401, 403, 303, 404), (name, route, response.status_code)  # no such job of theirs
        else:
            assert response.status_code in (401, 403, 303), (name, route, response.status_code)
    assert app.state.archive.get_document(ids["draft_a"])["status"] == "under_review"

    # Every route of the app was walked.
    routes = {(method, route.path) for route in app.routes if hasattr(route, "methods") and route.path != "/static"
              for method in route.methods if method in ("GET", "POST")}
    assert routes <= walked, f"routes not walked for privacy: {sorted(routes - walked)}"


def test_the_reviewer_rewords_merges_dismisses_and_adds_through_the_form(world):
    import docx

    app, _, _ = world
    review = app.state.draft_c
    doc_id = review.document.doc_id
    first, second, third = (f.finding_id(doc_id) for f in review.findings[:3])
    client = client_for(app, REVIEWER)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/documents/{doc_id}").text).group(1)
    quote = "自发布之日起施行"
    form = {"csrf_token": token, "opinion": "应当予以修改", "comments": COMMENT,
            f"verdict-{first}": "dismissed", f"reason-{first}": DISMISS_REASON,
            f"verdict-{second}": "accepted", f"message-{second}": "改写后的问题表述：排斥外地经营者。",
            f"verdict-{third}": "accepted", f"merge-{third}": second,
            "added-quote": quote, "added-category": "retroactivity", "added-message": ADDED_MESSAGE,
            "added-law": "中华人民共和国立法法", "added-article": "第一百零四条", "added-suggestion": "删除追溯条款。"}
    refused = client.post(f"/documents/{doc_id}/decision", data=form | {f"reason-{first}": ""}, follow_redirects=False)
    assert refused.status_code == 400 and "理由" in refused.text  # a dismissal needs its reason
    assert client.post(f"/documents/{doc_id}/decision", data=form, follow_redirects=False).status_code == 303

    doc = app.state.archive.get_document(doc_id)
    assert doc["status"] == "reviewed" and doc["reviewer"] == REVIEWER
    (added,) = doc["decision"]["added"]
    assert added["quote"] == quote and added["basis"][0]["verified"] is True and "不溯及既往" in added["basis"][0]["text"]
    response = client.get(f"/documents/{doc_id}/download/opinion_letter")
    assert response.status_code == 200
    letter_path = Path(doc["deliverables"]["opinion_letter"])
    text = "".join(p.text for p in docx.Document(letter_path).paragraphs)
    assert ADDED_MESSAGE in text and COMMENT in text and "改写后的问题表述" in text and "不溯及既往" in text
    assert review.findings[0].message not in text or review.findings[0].message in (f.message for f in review.findings[1:])
    assert DISMISS_REASON not in text and "（错误）" not in text and "（条文待核实）" not in text
    assert text.count("原文“") == len(review.findings) - 2 + 1  # one dismissed, one merged, one added
