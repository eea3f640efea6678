"""The archive against the real Elasticsearch node: finding reviews, idempotent writes, decisions,
similar clauses, version chains, migration, and a real connection failure."""
from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import extract
from normreview.index import Archive, ArchiveUnavailable
from normreview.index.mappings import VERSIONS, mappings
from normreview.index.records import finding_id
from normreview.model import Finding
from normreview.settings import settings

pytestmark = pytest.mark.integration

SAMPLES = settings().shared_dir / "samples" / "real"
CLI = [str(Path(sys.executable).parent / "normreview")]

PENALTY_POLICY = """某某经济技术开发区管理委员会关于加强园区企业安全生产管理的规定
某经开管规〔2024〕3号
第一条 为加强园区安全生产管理，根据《中华人民共和国安全生产法》《中华人民共和国行政处罚法》等法律法规，制定本规定。
第二条 园区企业未按要求报送安全台账的，由管委会处以五千元罚款。
第三条 本规定自2024年5月1日起施行，有效期三年。
某某经济技术开发区管理委员会
2024年4月1日
"""

SHORT_NAME_POLICY = """某某高新区管理委员会关于规范企业入驻登记的通知
某高管发〔2023〕15号
一、依据《行政处罚法》《行政许可法》，规范园区企业入驻登记。
二、入驻企业应当在本区注册登记并纳税，享受本区产业扶持政策。
某某高新区管理委员会
2023年9月1日
"""


@pytest.fixture(scope="module")
def store():
    """An archive of its own, so this module's documents do not meet other tests' searches."""
    archive = Archive(prefix=os.environ["NORMREVIEW_INDEX_PREFIX"] + "-archive")
    archive.drop()
    yield archive
    archive.drop()


def _review(path: Path):
    document = extract(path)
    findings = review_document(document)
    return review_object(document, findings, overall_opinion(findings))


@pytest.fixture(scope="module")
def reviewed(store, tmp_path_factory):
    """The real samples and two small policies, archived once for the module."""
    folder = tmp_path_factory.mktemp("policies")
    (folder / "penalty.txt").write_text(PENALTY_POLICY, encoding="utf-8")
    (folder / "short-names.txt").write_text(SHORT_NAME_POLICY, encoding="utf-8")
    paths = [SAMPLES / "nanxun-services-policy-2023.docx", SAMPLES / "ndrc-sat-tax-credit-notice-2019.reference.txt",
             SAMPLES / "changzhou-etdz-rule-of-law-report-2023.txt", folder / "penalty.txt", folder / "short-names.txt"]
    items = [_review(p) for p in paths]
    result = store.store_reviews(items)
    assert result["errors"] == [] and result["documents"] == len(items)
    return {p.stem.split("-")[0]: item for p, item in zip(paths, items)}


def _ids(result):
    return [hit["doc_id"] for hit in result["hits"]]


def test_found_by_full_text_with_highlights(store, reviewed):
    nanxun = reviewed["nanxun"].document
    result = store.search("纳税十强")
    assert _ids(result)[0] == nanxun.doc_id
    assert any("【纳税十强】" in fragment for fragment in result["hits"][0]["highlights"])
    assert set(result["hits"][0]) >= {"doc_id", "title", "doc_number", "score", "highlights"}


@pytest.mark.parametrize("query", ["发改办财金规〔2019〕860号", "〔2019〕860号", "发改办财金规[2019]860号", "(2019)第860号"])
def test_found_by_doc_number_in_either_form(store, reviewed, query):
    assert _ids(store.search(query))[0] == reviewed["ndrc"].document.doc_id


@pytest.mark.parametrize("query", ["《行政处罚法》", "《中华人民共和国行政处罚法》", "中华人民共和国行政处罚法", "行政处罚法"])
def test_found_by_law_name_in_either_form(store, reviewed, query):
    """One document cites the full name, the other the short name; every form finds both."""
    found = set(_ids(store.search(query)))
    assert {reviewed["penalty"].document.doc_id, reviewed["short"].document.doc_id} <= found
    assert reviewed["nanxun"].document.doc_id not in found


def test_synonyms_apply_on_the_python_side(store, reviewed):
    """管委会 in the query finds 管理委员会 in the text and the other way round."""
    by_short = set(_ids(store.search("管委会 安全生产")))
    by_long = set(_ids(store.search("管理委员会 安全生产")))
    assert reviewed["penalty"].document.doc_id in by_short & by_long


def _records(counts):
    """The counts of the records a re-review replaces (the audit trail only grows)."""
    return {name: count for name, count in counts.items() if name != "events"}


def test_rereview_leaves_counts_unchanged(store, reviewed):
    before = store.counts()
    review = reviewed["nanxun"]
    document, findings, opinion = review.document, review.findings, review.opinion
    store.store_review(review_object(document, findings, opinion))
    assert _records(store.counts()) == _records(before)
    assert store.counts()["events"] == before["events"] + 1
    assert store.archived_ids([document.doc_id, "not-archived"]) == {document.doc_id}


def test_filters_facets_sort_and_paging(store, reviewed):
    result = store.search("", filters={"kind": "normative"}, size=2, sort="date")
    kinds = {f["value"]: f["count"] for f in result["facets"]["kind"]}
    assert kinds == {"normative": result["total"]} and result["total"] >= 3
    dates = [h["date"] for h in result["hits"]]
    assert dates == sorted(dates, reverse=True)
    seen = _ids(result)
    while result["next"]:
        result = store.search("", filters={"kind": "normative"}, size=2, sort="date", search_after=result["next"])
        seen += _ids(result)
    assert len(seen) == len(set(seen)) == kinds["normative"]
    by_category = store.search("", filters={"category": "selective-incentive", "year": 2023})
    assert reviewed["nanxun"].document.doc_id in _ids(by_category)
    assert reviewed["ndrc"].document.doc_id not in _ids(by_category)


def test_decision_sets_verdicts_and_similar_clauses_return_them(store, reviewed):
    review = reviewed["nanxun"]
    document, findings = review.document, review.findings
    ranked = next(f for f in findings if f.rule == "FC-TAX-RANKED-REWARD")
    verdicts = [{"finding_id": finding_id(document.doc_id, ranked), "verdict": "accepted", "reason": "按纳税额排名奖励，违反公平竞争审查条例"}]
    decision = store.record_decision(document.doc_id, "应当予以修改", "王审核", "删除纳税十强奖励条款", verdicts)
    assert store.record_decision(document.doc_id, "应当予以修改", "王审核", "删除纳税十强奖励条款", verdicts) == decision
    assert store.counts()["decisions"] == 1
    record = store.get_document(document.doc_id)
    assert (record["opinion"], record["reviewer"], record["status"], record["decision_id"]) == ("应当予以修改", "王审核", "reviewed", decision)
    judged = {f["finding_id"]: f for f in store.get_findings(document.doc_id)}
    assert judged[verdicts[0]["finding_id"]]["verdict"] == "accepted"

    similar = store.similar_clauses("对年度纳税十强企业给予一次性奖励", exclude_doc=reviewed["penalty"].document.doc_id)
    top = next(c for c in similar if c["doc_id"] == document.doc_id and c["findings"])
    verdict = next(f for f in top["findings"] if f["rule"] == "FC-TAX-RANKED-REWARD")
    assert (verdict["verdict"], verdict["verdict_reason"], top["opinion"]) == ("accepted", verdicts[0]["reason"], "应当予以修改")

    # A re-review of the same file keeps the reviewer's decision and verdicts.
    store.store_review(reviewed["nanxun"])
    assert store.get_document(document.doc_id)["reviewer"] == "王审核"
    assert {f["finding_id"]: f["verdict"] for f in store.get_findings(document.doc_id)}[verdicts[0]["finding_id"]] == "accepted"


def test_stale_findings_of_a_rereview_are_removed(store, tmp_path):
    path = tmp_path / "stale.txt"
    path.write_text(SHORT_NAME_POLICY.replace("某高管发〔2023〕15号", "某高管发〔2023〕16号"), encoding="utf-8")
    review = _review(path)
    document, findings, opinion = review.document, review.findings, review.opinion
    extra = Finding(rule="TEST-EXTRA", category="obligation", severity="warning", unit="", quote="注册", clause_text="注册",
                    start=0, end=2, message="测试")
    store.store_review(review_object(document, findings + [extra], opinion))
    assert finding_id(document.doc_id, extra) in {f["finding_id"] for f in store.get_findings(document.doc_id)}
    store.store_review(review_object(document, findings, opinion))
    assert {f["finding_id"] for f in store.get_findings(document.doc_id)} == {finding_id(document.doc_id, f) for f in findings}


def test_revised_draft_links_to_its_predecessor(store, tmp_path):
    draft, revised = tmp_path / "draft.txt", tmp_path / "revised.txt"
    draft.write_text(PENALTY_POLICY.replace("3号", "30号"), encoding="utf-8")
    revised.write_text(PENALTY_POLICY.replace("3号", "30号").replace("由管委会处以五千元罚款", "由管委会责令改正"), encoding="utf-8")
    first, second = _review(draft), _review(revised)
    store.store_review(first, status="draft", drafting_unit="安监局")
    store.store_review(second, status="draft", predecessor=first.document.doc_id, drafting_unit="安监局")
    store.set_status(second.document.doc_id, "published")
    chain = store.version_chain(second.document.doc_id)
    assert [(v["doc_id"], v["version"]) for v in chain] == [(first.document.doc_id, 1), (second.document.doc_id, 2)]
    assert chain[0]["successor"] == second.document.doc_id and chain[1]["predecessor"] == first.document.doc_id
    assert chain[1]["status"] == "published"
    assert _ids(store.search("", filters={"drafting_unit": "安监局", "status": "published"})) == [second.document.doc_id]


def test_migration_keeps_all_records(store, reviewed):
    before = store.counts()
    mapping = mappings(store.rich_analyzer())["findings"]
    mapping["properties"]["note"] = {"type": "keyword"}
    store.ensure_index("findings", mapping, VERSIONS["findings"] + 1)
    assert store.current_index("findings") == f"{store.alias('findings')}-v{VERSIONS['findings'] + 1}"
    assert store.counts() == before
    document = reviewed["nanxun"].document
    assert {f["verdict"] for f in store.get_findings(document.doc_id)} >= {"accepted"}
    store.store_review(reviewed["nanxun"])  # writes go to the new version
    assert _records(store.counts()) == _records(before)


def test_unreachable_archive_raises_and_writes_nothing(reviewed):
    with socket.socket() as probe:  # a port nothing listens on: a real connection failure
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = Archive(url=f"http://127.0.0.1:{port}", prefix="unreachable")
    with pytest.raises(ArchiveUnavailable, match=f"127.0.0.1:{port} unreachable"):
        closed.store_review(reviewed["nanxun"])
    with pytest.raises(ArchiveUnavailable):
        closed.search("纳税")


def test_cli_search_with_filters_json_and_paging(store, reviewed):
    env = dict(os.environ, NORMREVIEW_INDEX_PREFIX=store.prefix)
    args, seen, total = ["search", "--json", "--kind", "normative", "--sort", "date", "--size", "2", "纳税"], [], None
    while args:
        done = subprocess.run(CLI + args, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert set(result) >= {"total", "hits"} and all(set(h) >= {"doc_id", "title", "doc_number", "score", "highlights"}
                                                         for h in result["hits"])
        total, seen = result["total"], seen + _ids(result)
        args = args[:8] + ["--after", result["next"], "纳税"] if result["next"] else None
    assert reviewed["nanxun"].document.doc_id in seen and len(seen) == len(set(seen)) == total


def test_similar_clauses_flagged_only_and_clause_filters(store, reviewed):
    document = reviewed["nanxun"].document
    flagged = store.similar_clauses("对年度纳税十强企业给予一次性奖励", size=5, flagged_only=True)
    assert flagged and all(c["findings"] and c["finding_rules"] for c in flagged)
    assert document.doc_id in {c["doc_id"] for c in flagged}
    by_rule = store.search_clauses("纳税", filters={"rule": "FC-TAX-RANKED-REWARD"})
    assert by_rule["hits"] and all("FC-TAX-RANKED-REWARD" in h["finding_rules"] for h in by_rule["hits"])


def test_mapping_follows_the_detected_analyzer(store, reviewed):
    """The core node has no smartcn/ik: no rich sub-field. A cluster with one gets it at index creation."""
    rich = store.rich_analyzer()
    live = store.client.indices.get_mapping(index=store.alias("documents"))
    [text] = [m["mappings"]["properties"]["text"] for m in live.body.values()]
    assert ("rich" in text.get("fields", {})) == (rich is not None)
    assert mappings("smartcn")["documents"]["properties"]["text"]["fields"]["rich"]["analyzer"] == "smartcn"


def test_a_term_naming_a_finding_category_finds_flagged_documents(store, reviewed):
    """选择性奖励 is not in the Nanxun text, but the checks flagged its tax-ranked rewards as selective-incentive."""
    review = reviewed["nanxun"]
    document, findings = review.document, review.findings
    assert "选择性" not in document.text and any(f.category == "selective-incentive" for f in findings)
    assert document.doc_id in _ids(store.search("选择性奖励"))


def test_the_archived_review_reads_back_as_the_review(store, reviewed):
    review = reviewed["nanxun"]
    stored = store.get_review(review.document.doc_id)
    assert stored is not None and stored.model_dump() == review.model_dump()
    assert store.get_review("0" * 64) is None


def test_a_rejected_part_keeps_the_document_out_until_a_retry(store, tmp_path):
    """The node rejects a finding (an offset beyond the integer field's range): the document record is not
    written, so archived_ids() does not report it and the next run stores it whole."""
    path = tmp_path / "rejected.txt"
    path.write_text(PENALTY_POLICY.replace("3号", "31号"), encoding="utf-8")
    review = _review(path)
    document, findings, opinion = review.document, review.findings, review.opinion
    bad = Finding(rule="TEST-BAD", category="penalty", severity="error", unit="", quote="罚款", clause_text="罚款",
                  start=2**40, end=2**40 + 2, message="测试")
    result = store.store_reviews([review_object(document, findings + [bad], opinion)])
    assert result["documents"] == 0 and len(result["errors"]) == 1 and "TEST-BAD" in result["errors"][0]
    assert store.archived_ids([document.doc_id]) == set()
    assert store.store_reviews([review_object(document, findings, opinion)])["documents"] == 1
    assert store.archived_ids([document.doc_id]) == {document.doc_id}


def test_bad_paging_token_is_a_value_error(store, reviewed):
    with pytest.raises(ValueError, match="search_after"):
        store.search("纳税", search_after="not-a-token")
    one_value = base64.urlsafe_b64encode(b"[1]").decode()  # the sort has two values
    with pytest.raises(ValueError, match="search_after"):
        store.search("纳税", search_after=one_value)
