"""The archive's record and query builders are pure: checked here without Elasticsearch."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import extract_text
from normreview.index.queries import CLAUSE_FILTERS, FILTERS, ROW_FILTERS, highlight_query, search_query, token, untoken
from normreview.index.records import clause_id, document_body, event, finding_id, part_actions, submission_id, timestamp, year_of
from normreview.index.text import segment
from normreview.model import Agreement

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


# -- records: every field a search or a page reads --------------------------------------------

NOW = "2024-05-01T00:00:00+00:00"


def test_a_clause_id_is_the_doc_id_and_a_four_digit_index():
    assert clause_id("abc", 7) == "abc:c0007"
    assert clause_id("abc", 12345) == "abc:c12345"


def test_the_year_is_the_first_known_date_then_the_doc_numbers_year(review):
    document = review.document
    assert year_of(document) == 2024  # effective 2024-03-01
    dated = document.model_copy(update={"dates": document.dates.model_copy(update={
        "published": "2021-01-02", "signed": "2022-01-02", "effective": "2023-01-02"})})
    assert year_of(dated) == 2021
    signed = document.model_copy(update={"dates": document.dates.model_copy(update={"signed": "2022-01-02"})})
    assert year_of(signed) == 2022
    undated = document.model_copy(update={"dates": document.dates.model_copy(update={"effective": None, "expires": None})})
    assert year_of(undated) == 2024  # 某政发〔2024〕3号
    assert year_of(undated.model_copy(update={"doc_number": "国发〔2019〕5号"})) == 2019
    assert year_of(undated.model_copy(update={"doc_number": None})) is None


def test_each_clause_record_carries_the_document_its_place_and_the_findings_inside_it(review):
    document = review.document
    actions = part_actions(document, review.findings, NOW, "p-clauses", "p-findings")
    clauses = [a for a in actions if a["_index"] == "p-clauses"]
    assert len(clauses) == len(document.units) == 5
    assert all(a["_op_type"] == "index" for a in clauses)
    second_article = clauses[3]["_source"]  # 第二条: the ranked reward at 65–69
    assert second_article == {
        "doc_id": document.doc_id, "kind": document.kind, "title": "某某区关于加快服务业发展的若干意见",
        "doc_number": "某政发〔2024〕3号", "issuer": document.issuer, "year": 2024,
        "clause_id": clause_id(document.doc_id, 3), "unit_kind": "条", "label": "第二条",
        "path": document.units[3].path, "path_label": document.units[3].path_label, "leaf": True,
        "text": document.units[3].text, "text_seg": segment(document.units[3].text), "start": 58, "end": 79,
        "laws": [], "archived_at": NOW, "finding_rules": ["FC-TAX-RANKED-REWARD"],
        "finding_categories": ["selective-incentive"]}
    assert clauses[2]["_source"]["laws"] == ["行政许可法"]
    assert all(a["_source"]["finding_rules"] == [] for i, a in enumerate(clauses) if i != 3)


def test_a_finding_belongs_to_the_clause_it_starts_in(review):
    document = review.document
    [finding] = review.findings
    for start, owner in ((58, 3), (78, 3), (79, None), (57, None)):  # first char, last char, one past each end
        moved = finding.model_copy(update={"start": start, "end": start + 1})
        clauses = [a["_source"] for a in part_actions(document, [moved], NOW, "c", "f") if a["_index"] == "c"]
        flagged = [i for i, c in enumerate(clauses) if c["finding_rules"]]
        assert flagged == ([owner] if owner is not None else []), start


def test_a_parent_clause_is_not_a_leaf_and_is_not_searched_by_words(review):
    document = review.document
    units = [u.model_copy(update={"parent": 2}) if i == 3 else u for i, u in enumerate(document.units)]
    nested = document.model_copy(update={"units": units})
    clauses = [a["_source"] for a in part_actions(nested, [], NOW, "c", "f")]
    assert [c["leaf"] for c in clauses] == [True, True, False, True, True]
    assert clauses[2]["text_seg"] == "" and clauses[3]["text_seg"] == segment(units[3].text)


def test_a_finding_record_is_an_upsert_with_its_fields_and_normalised_basis_laws(review):
    document = review.document
    [finding] = review.findings
    basis = finding.basis[0]
    doubled = finding.model_copy(update={"basis": [basis, basis.model_copy(update={"law": "《" + basis.law + "》"}),
                                                   basis.model_copy(update={"law": ""})]})
    [action] = [a for a in part_actions(document, [doubled], NOW, "c", "f") if a["_index"] == "f"]
    assert {k: action[k] for k in ("_op_type", "_index", "_id", "doc_as_upsert")} == {
        "_op_type": "update", "_index": "f", "_id": finding_id(document.doc_id, finding), "doc_as_upsert": True}
    record = action["doc"]
    assert record["basis_laws"] == ["公平竞争审查条例"]  # one name, however it is written; no empty law
    assert record["clause_seg"] == segment(finding.clause_text) and record["archived_at"] == NOW
    assert record["finding_id"] == action["_id"] and record["rule"] == "FC-TAX-RANKED-REWARD"
    assert (record["start"], record["category"]) == (65, "selective-incentive")
    assert document.text[record["start"]:record["end"]] == finding.quote
    assert type(record["category"]) is str and type(record["severity"]) is str  # JSON, not the enums
    assert "precedents" not in record and "higher_law" not in record
    assert record["doc_number"] == "某政发〔2024〕3号" and record["title"] == document.title


def test_the_document_record_holds_every_searched_and_shown_field(review):
    body = document_body(review, NOW, None, status="reviewed", drafting_unit=None, submitted_by=None)
    document = review.document
    assert body["title_seg"] == segment(document.title) and body["text_seg"] == segment(document.text)
    assert body["text"] == document.text and body["kind"] == document.kind
    assert body["cited_numbers"] == ["〔2024〕3号"]  # tails only: the text cites its own number
    assert body["basis_laws"] == ["公平竞争审查条例"] and body["issuer"] == document.issuer and body["year"] == 2024
    assert body["dates"] == {"effective": "2024-03-01", "expires": "2027-02-28"} and body["date"] == "2024-03-01"
    assert body["validity"] == {"text": "有效期3年", "years": 3, "until": "2027-02-28"}
    assert body["agreement"] is None and body["attachments"] == document.attachments
    # The machine's opinion is only a 初审意见: the document gets an opinion from a reviewer's decision.
    assert body["auto_opinion"] == review.opinion and "opinion" not in body and body["status"] == "reviewed"
    assert body["finding_categories"] == ["selective-incentive"] and body["finding_rules"] == ["FC-TAX-RANKED-REWARD"]
    assert (body["finding_count"], body["clause_count"]) == (1, 5)
    assert body["source"] == {"path": "<text>", "format": "txt", "size": 284}
    assert (body["archived_at"], body["reviewed_at"], body["updated_at"]) == (NOW, NOW, NOW)
    assert (body["chain"], body["version"]) == (document.doc_id, 1)
    assert "drafting_unit" not in body and "submitted_by" not in body and "deliverables" not in body


def test_a_re_archived_document_keeps_its_history_and_a_reviewers_decision(review):
    before = {"archived_at": "2023-01-01T00:00:00+00:00", "chain": "first", "version": 3, "decision_id": "d1"}
    body = document_body(review, NOW, before, status="reviewed", drafting_unit="区发改局", submitted_by="张三")
    assert (body["archived_at"], body["reviewed_at"], body["chain"], body["version"]) == (
        "2023-01-01T00:00:00+00:00", NOW, "first", 3)
    assert "opinion" not in body and "status" not in body  # the decision outranks the automatic opinion
    assert body["auto_opinion"] == review.opinion
    assert (body["drafting_unit"], body["submitted_by"]) == ("区发改局", "张三")
    undecided = document_body(review, NOW, {"version": 2}, status="submitted", drafting_unit=None, submitted_by=None)
    assert (undecided["status"], undecided["version"], undecided["archived_at"]) == ("submitted", 2, NOW)


def test_the_record_date_is_published_then_signed_then_effective(review):
    for dates, expected in (({"signed": "2024-01-02", "effective": "2024-03-01"}, "2024-01-02"),
                            ({"published": "2024-01-05", "signed": "2024-01-02"}, "2024-01-05"),
                            ({}, None)):
        document = review.document.model_copy(update={"dates": type(review.document.dates)(**dates)})
        body = document_body(review.model_copy(update={"document": document}), NOW, None, status="reviewed",
                             drafting_unit=None, submitted_by=None)
        assert body["date"] == expected


# -- queries ------------------------------------------------------------------------------------

def test_an_invalid_paging_token_is_refused_with_one_message():
    for bad in ("not-a-token", token({"a": 1})[:-2] + "!!", base64.urlsafe_b64encode(b'{"a": 1}').decode()):
        with pytest.raises(ValueError, match="^invalid search_after token$"):
            untoken(bad)
    assert untoken(token(["中文", 1])) == ["中文", 1]
    assert base64.urlsafe_b64decode(token(["中文"])).decode() == '["中文"]'  # not ASCII-escaped


def test_a_clause_query_requires_the_terms_offers_synonyms_and_filters_leaves():
    query = search_query("纳税 奖励", "clauses", {"doc_id": ["a", "b"], "rule": "R1", "kind": ""})

    def term(word, *synonyms):
        return {"bool": {"should": [{"match": {"text_seg": {"query": word, "operator": "and", "boost": 1}}}]
                         + [{"match_phrase": {"text": {"query": w, "boost": 0.3}}} for w in (word, *synonyms)],
                         "minimum_should_match": 1}}
    assert query == {"bool": {
        "must": [{"bool": {"should": [term("奖励", "奖补", "补助", "补贴"), term("纳税")],
                           "minimum_should_match": "2<-1 5<75%"}}],
        "should": [{"match_phrase": {"text": {"query": "纳税 奖励", "slop": 2, "boost": 2}}}],
        "filter": [{"terms": {"doc_id": ["a", "b"]}}, {"terms": {"finding_rules": ["R1"]}}, {"term": {"leaf": True}}]}}


def test_a_document_query_searches_title_words_three_times_and_category_terms():
    query = search_query("许可", "documents", {"category": ("licensing",), "opinion": [], "status": "filed"},
                         rich=True)
    [words] = query["bool"]["must"]
    [per_term] = words["bool"]["should"]
    alternatives = per_term["bool"]["should"]
    assert alternatives[:2] == [{"match": {"text_seg": {"query": "许可", "operator": "and", "boost": 1}}},
                                {"match": {"title_seg": {"query": "许可", "operator": "and", "boost": 3}}}]
    assert {"match_phrase": {"title": {"query": "审批", "boost": 0.3}}} in alternatives
    assert {"match": {"title.rich": {"query": "许可", "operator": "and"}}} in alternatives
    assert not any("term" in a for a in alternatives)  # 许可 names no finding category
    [penalty] = search_query("处罚", "documents", None)["bool"]["must"][0]["bool"]["should"]
    assert penalty["bool"]["should"][-1] == {"term": {"finding_categories": {"value": "penalty", "boost": 0.5}}}
    assert query["bool"]["should"] == [{"match_phrase": {"text": {"query": "许可", "slop": 2, "boost": 2}}},
                                       {"match_phrase": {"title": {"query": "许可", "slop": 2, "boost": 2}}}]
    assert query["bool"]["filter"] == [{"terms": {"finding_categories": ["licensing"]}}, {"terms": {"status": ["filed"]}}]


def test_each_filter_name_maps_to_its_field():
    for name, field in FILTERS.items():
        assert search_query("", "documents", {name: "x"})["bool"]["filter"] == [{"terms": {field: ["x"]}}]
    for name, field in CLAUSE_FILTERS.items():
        assert search_query("", "clauses", {name: "x"})["bool"]["filter"][0] == {"terms": {field: ["x"]}}
    with pytest.raises(ValueError, match="^unknown filter 'doc_id'$"):
        search_query("", "documents", {"doc_id": "x"})  # a clause filter only
    with pytest.raises(ValueError, match="^unknown filter 'opinion'$"):
        search_query("", "clauses", {"opinion": "x"})
    assert search_query("", "documents", {"year": {2024}})["bool"]["filter"] == [{"terms": {"year": [2024]}}]
    # the rows of discretion standards and exemption lists: the clause filters and their own kind, no leaf filter
    for name, field in ROW_FILTERS.items():
        assert search_query("", "rows", {name: "x"})["bool"]["filter"] == [{"terms": {field: ["x"]}}]
    assert search_query("", "rows", {"row_kind": "exemption"})["bool"]["filter"] == [{"terms": {"row_kind": ["exemption"]}}]
    with pytest.raises(ValueError, match="^unknown filter 'opinion'$"):
        search_query("", "rows", {"opinion": "x"})


def test_a_doc_number_query_needs_the_number():
    assert search_query("〔2019〕5号", "clauses", None) == {"bool": {
        "must": [{"bool": {"should": [{"match_phrase": {"text": "〔2019〕5号"}}]}}], "should": [],
        "filter": [{"term": {"leaf": True}}]}}
    documents = search_query("国发〔2019〕5号", "documents", None)
    assert documents["bool"]["must"] == [{"bool": {"should": [
        {"terms": {"doc_number_keys": ["国发〔2019〕5号", "〔2019〕5号"], "boost": 10}},
        {"terms": {"cited_numbers": ["国发〔2019〕5号", "〔2019〕5号"], "boost": 2}}]}}]
    assert documents["bool"]["should"] == []


def test_a_bare_law_name_matches_the_law_or_the_words():
    query = search_query("中华人民共和国行政处罚法", "documents", None)
    [either] = query["bool"]["must"]
    should = either["bool"]["should"]
    assert should[:3] == [{"terms": {"laws": ["行政处罚法"], "boost": 5}}, {"terms": {"basis_laws": ["行政处罚法"], "boost": 5}},
                          {"match_phrase": {"text": "行政处罚法"}}]
    assert len(should) == 4 and should[3]["bool"]["minimum_should_match"] == "2<-1 5<75%"
    clauses = search_query("《行政许可法》 收费", "clauses", None)["bool"]["must"]
    assert clauses[1] == {"bool": {"should": [{"terms": {"laws": ["行政许可法"], "boost": 5}},
                                              {"match_phrase": {"text": "行政许可法"}}]}}


def test_the_highlight_query_names_every_term_number_and_law_up_to_thirty():
    assert highlight_query("") == {"bool": {"should": [{"match_none": {}}]}}
    assert highlight_query("国发〔2019〕5号 纳税 《行政许可法》") == {"bool": {"should": [
        {"match_phrase": {"text": t}} for t in ("纳税", "国发〔2019〕5号", "〔2019〕5号", "行政许可法")]}}
    assert highlight_query("中华人民共和国行政处罚法")["bool"]["should"][-1] == {"match_phrase": {"text": "行政处罚法"}}
    many = " ".join(f"词{i}" for i in range(40))
    assert len(highlight_query(many)["bool"]["should"]) == 30


def test_ids_and_timestamps_have_their_forms(review):
    [finding] = review.findings
    assert finding_id("a", finding) == finding.finding_id("a") != finding_id("b", finding)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", timestamp())


def test_the_stored_review_and_agreement_are_json_and_deliverables_are_kept(review):
    document = review.document.model_copy(update={"agreement": Agreement(project={"span": (1, 2)})})
    delivered = review.model_copy(update={"document": document, "deliverables": {"opinion_letter": "out/a.docx"}})
    body = document_body(delivered, NOW, None, status="reviewed", drafting_unit=None, submitted_by=None)
    assert (body["doc_id"], body["title"], body["doc_number"]) == (document.doc_id, document.title, "某政发〔2024〕3号")
    assert body["agreement"]["project"] == {"span": [1, 2]}  # JSON, as Elasticsearch returns it
    assert type(body["review"]["findings"][0]["category"]) is str  # not the enum
    assert body["review"] == json.loads(delivered.model_dump_json())
    assert body["deliverables"] == {"opinion_letter": "out/a.docx"}
    plain = document_body(review.model_copy(update={"document": review.document.model_copy(update={"validity": None})}),
                          NOW, None, status="reviewed", drafting_unit=None, submitted_by=None)
    assert plain["validity"] is None and plain["agreement"] is None


def test_a_paging_token_holds_one_to_four_scalars_or_none():
    assert untoken(token(["doc"])) == ["doc"]  # relevance-sorted paging: one value
    assert untoken(token([None, "doc"])) == [None, "doc"]  # a hit without a date sorts on null
    assert untoken(token([1, 2.5, "c", None])) == [1, 2.5, "c", None]
    for bad in ([], [1, 2, 3, 4, 5], [{"a": 1}], [[1]], ["a", {"b": 2}]):
        with pytest.raises(ValueError, match="^invalid search_after token$"):
            untoken(token(bad))


def test_a_submission_is_the_files_hash_unless_someone_owns_it():
    sha = "ab" * 32
    assert submission_id(sha) == submission_id(sha, None, None) == sha  # backfill, a CLI review
    by_unit = submission_id(sha, "区发改局", "张三")
    assert by_unit == hashlib.sha256(f"{sha}\nunit:区发改局".encode()).hexdigest()  # the unit wins over the person
    assert submission_id(sha, None, "张三") == hashlib.sha256(f"{sha}\nuser:张三".encode()).hexdigest()
    assert len({sha, by_unit, submission_id(sha, "区财政局"), submission_id(sha, None, "张三")}) == 4


def test_an_audit_event_records_who_did_what_before_and_after():
    first, second = (event("d1", "decide", "王审核", None, {"opinion": "合法"}, "2024-05-01T00:00:00+00:00") for _ in range(2))
    assert first["event_id"] != second["event_id"] and re.fullmatch(r"[0-9a-f]{32}", first["event_id"])
    assert {k: v for k, v in first.items() if k != "event_id"} == {
        "doc_id": "d1", "action": "decide", "actor": "王审核", "at": "2024-05-01T00:00:00+00:00",
        "before": {}, "after": {"opinion": "合法"}, "replaces": None}
    later = event("d1", "decide", "李审核", {"opinion": "合法"}, {"opinion": "不合法"}, "2024-05-02T00:00:00+00:00", replaces="e1")
    assert (later["before"], later["after"], later["replaces"]) == ({"opinion": "合法"}, {"opinion": "不合法"}, "e1")


def test_the_event_of_a_repeatable_run_has_one_id_per_run_document_and_action():
    """A web job run again after its worker died writes its review event under the same id (``create``
    then finds it there), while another job, document or action is another event."""
    def review_event(run_id, doc_id="d1", action="review"):
        return event(doc_id, action, "drafter", None, {"status": "under_review"}, timestamp(), run_id=run_id)["event_id"]

    assert review_event("job-1") == review_event("job-1") and re.fullmatch(r"[0-9a-f]{32}", review_event("job-1"))
    assert len({review_event("job-1"), review_event("job-2"), review_event("job-1", doc_id="d2"),
                review_event("job-1", action="status"), review_event(None)}) == 5


def test_the_document_record_keeps_the_files_hash(review):
    who = {"status": "under_review", "drafting_unit": None, "submitted_by": None}
    body = document_body(review, "2024-05-01T00:00:00+00:00", None, **who)
    assert body["sha256"] == review.document.sha256 == review.document.source.sha256
    moved = review.model_copy(update={"document": review.document.model_copy(update={"sha256": "c" * 64})})
    assert document_body(moved, "2024-05-01T00:00:00+00:00", None, **who)["sha256"] == "c" * 64
