"""The archive's record and query builders are pure: checked here without Elasticsearch."""
from __future__ import annotations

import json

import pytest

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import extract_text
from normreview.index.queries import highlight_query, search_query, token, untoken
from normreview.index.records import clause_id, document_body, finding_id, part_actions

pytestmark = pytest.mark.unit

POLICY = ("某某区关于加快服务业发展的若干意见\n某政发〔2024〕3号\n第一条 根据《中华人民共和国行政许可法》，制定本意见。\n"
          "第二条 对年度纳税十强企业给予一次性奖励。\n第三条 本意见自2024年3月1日起施行，有效期3年。\n")


@pytest.fixture(scope="module")
def review():
    document = extract_text(POLICY)
    findings = review_document(document)
    return review_object(document, findings, overall_opinion(findings))


def test_records_carry_ids_keys_and_the_review(review):
    document = review.document
    actions = part_actions(document, review.findings, "2024-05-01T00:00:00+00:00", "p-clauses", "p-findings")
    clauses = [a for a in actions if a["_index"] == "p-clauses"]
    findings = [a for a in actions if a["_index"] == "p-findings"]
    assert [a["_id"] for a in clauses] == [clause_id(document.doc_id, i) for i in range(len(document.units))]
    assert {a["_id"] for a in findings} == {finding_id(document.doc_id, f) for f in review.findings}
    assert all(a["doc"]["page"] is None and a["doc"]["year"] == 2024 for a in findings)
    body = document_body(review, "2024-05-01T00:00:00+00:00", None, status="under_review", drafting_unit="区发改局",
                         submitted_by=None)
    assert body["doc_number_keys"] == ["某政发〔2024〕3号", "〔2024〕3号"]
    assert body["laws"] == ["行政许可法"] and body["dates"]["expires"] == "2027-02-28"
    assert body["review"]["document"]["doc_id"] == document.doc_id and body["drafting_unit"] == "区发改局"
    # The machine's opinion is a 初审意见 (auto_opinion); only a reviewer's decision sets opinion.
    assert body["version"] == 1 and body["auto_opinion"] == str(review.opinion) and "opinion" not in body
    assert body["status"] == "under_review"


def test_queries_require_each_part_of_the_query():
    query = search_query("国发﹝2019﹞5号 《行政处罚法》", "documents", {"year": 2024, "kind": None})
    must = query["bool"]["must"]
    assert {"terms": {"doc_number_keys": ["国发〔2019〕5号", "〔2019〕5号"], "boost": 10}} in must[0]["bool"]["should"]
    assert any({"terms": {"laws": ["行政处罚法"], "boost": 5}} in m["bool"].get("should", []) for m in must)
    assert query["bool"]["filter"] == [{"terms": {"year": [2024]}}]
    assert search_query("", "clauses", None)["bool"] == {"must": [{"match_all": {}}], "should": [],
                                                         "filter": [{"term": {"leaf": True}}]}
    with pytest.raises(ValueError, match="unknown filter"):
        search_query("纳税", "documents", {"colour": "red"})
    assert highlight_query("纳税奖励")["bool"]["should"]


def test_paging_tokens_round_trip():
    assert untoken(token([3.5, "doc"])) == [3.5, "doc"]
    with pytest.raises(ValueError):
        untoken("not-a-token")


def test_a_detected_cjk_analyzer_is_queried():
    """No smartcn/ik on the local node: the query's terms also go to the rich sub-field when the archive
    found one (Archive.rich_analyzer)."""
    assert '"text.rich"' in json.dumps(search_query("纳税奖励", "documents", None, rich=True))
    assert ".rich" not in json.dumps(search_query("纳税奖励", "documents", None, rich=False))
