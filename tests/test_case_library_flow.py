"""Precedents through the review flow: library cases and decided archived clauses in one list, in the
JSON, the archive's stored review and the web review page (real Elasticsearch, real Prefect)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
DECIDED = "关于规范政府采购活动的通知\n第一条 外地企业在本县参与政府采购的，须在本县设立分支机构。\n第二条 本通知自2025年1月1日起施行，有效期5年。\n"
NEW = "关于加强政府采购管理的通知\n第一条 外地企业在本市参与政府采购的，须在本市设立分支机构。\n第二条 本通知自2025年3月1日起施行，有效期5年。\n"


def test_decided_archive_clause_and_library_case_are_one_precedent_list(tmp_path, archive):
    from normreview.flows.review import review_submission
    from normreview.web import create_app
    from normreview.web.settings import WebSettings

    decided_file, new_file = tmp_path / "decided.txt", tmp_path / "new.txt"
    decided_file.write_text(DECIDED, encoding="utf-8")
    new_file.write_text(NEW, encoding="utf-8")
    [first] = review_submission([str(decided_file)])
    # The rules flag the local-branch condition (before the frame rules, only the second net did).
    net_finding = next(f for f in first.findings if f.category == "factor-flow")
    archive.record_decision(first.document.doc_id, "应当予以修改", "张审核", "删除设立分支机构的要求",
                            verdicts=[{"finding_id": net_finding.finding_id(first.document.doc_id), "verdict": "accepted"}])

    [second] = review_submission([str(new_file)])
    finding = next(f for f in second.findings if f.category == "factor-flow")
    origins = [p.origin for p in finding.precedents]
    assert origins[0] == "archive" and "library" in origins
    top = finding.precedents[0]
    assert top.source == f"archive:{first.document.doc_id}" and "张审核" in top.outcome
    assert f"{net_finding.rule}：采纳" in top.outcome
    assert [p.similarity for p in finding.precedents] == sorted((p.similarity for p in finding.precedents), reverse=True)

    stored = archive.get_review(second.document.doc_id)
    assert [p.source for p in stored.findings[0].precedents] == [p.source for p in second.findings[0].precedents]

    settings = WebSettings(data_dir=tmp_path / "web", secret_key="test-secret-" + "x" * 40, max_upload_mb=2)
    app = create_app(settings, archive=archive)
    app.state.users.add("reviewer", PASSWORD, "reviewer", "区司法局", is_admin=True)
    client = TestClient(app)
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"name": "reviewer", "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/documents/{second.document.doc_id}")
    assert page.status_code == 200
    assert "类似先例" in page.text and f"/documents/{first.document.doc_id}" in page.text
    assert "本系统已审核" in page.text and "案例库" in page.text
