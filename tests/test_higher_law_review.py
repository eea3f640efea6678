"""Higher-law comparison in a review: ``higher_law`` on penalty, licensing … findings through the review
flow against the real laws index, the fine-range conflict, its renderings, and a review with
Elasticsearch down."""
from __future__ import annotations

import json

import pytest

from normreview.checks import review_document
from normreview.extractors import extract_text
from normreview.index.higher_law import compare_with_higher_law
from normreview.index.laws import LawsIndex

DRAFT = """某某市机动车通行管理办法
第一条 为了规范本市道路通行秩序，制定本办法。
第五条 机动车驾驶人违反道路交通安全法律、法规关于道路通行规定的，由公安机关交通管理部门处二千元罚款。
第六条 本办法自2025年1月1日起施行，有效期三年。
某某市人民政府
2024年12月1日
"""


@pytest.mark.integration
def test_review_flow_attaches_higher_law_and_flags_the_fine(laws_index, tmp_path):
    from typer.testing import CliRunner

    from normreview.checks.report import render_text
    from normreview.cli import app
    from normreview.flows.review import review_submission

    draft = tmp_path / "通行办法.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    [review] = review_submission([str(draft)], archive=False)
    [penalty] = [f for f in review.findings if f.category == "penalty"]
    assert 1 <= len(penalty.higher_law) <= 3
    assert ("中华人民共和国道路交通安全法", "第九十条") in [(h.law, h.article) for h in penalty.higher_law]
    assert all(0 < h.similarity <= 1 and h.text.startswith(h.article) for h in penalty.higher_law)
    [conflict] = [f for f in review.findings if f.category == "higher-law-conflict"]
    assert conflict.severity == "error" and "超过上位法规定的上限200元" in conflict.message
    assert [(b.law, b.article, b.verified) for b in conflict.basis] == [
        ("中华人民共和国道路交通安全法", "第九十条", True), ("中华人民共和国行政处罚法", "第十六条", True)]
    assert conflict.basis[1].text.startswith("第十六条 除法律、法规、规章外")
    assert not review.document.warnings
    assert "上位法：《中华人民共和国道路交通安全法》第九十条（相似度" in render_text(review)

    result = CliRunner().invoke(app, ["review", str(draft), "--no-archive", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    [penalty_json] = [f for f in record["findings"] if f["category"] == "penalty"]
    assert penalty_json["higher_law"][0]["law"] and penalty_json["higher_law"][0]["article"].startswith("第")


@pytest.mark.unit
def test_elasticsearch_down_gives_one_warning_and_the_findings():
    document = extract_text(DRAFT)
    findings = review_document(document)
    down = LawsIndex(url="http://127.0.0.1:9")  # nothing listens on the discard port
    kept, warning = compare_with_higher_law(document, findings, laws=down)
    assert kept == findings and all(not f.higher_law for f in kept)
    assert warning.startswith("上位法比对未进行") and "\n" not in warning


@pytest.mark.unit
def test_annotated_comment_names_the_higher_law():
    from normreview.model import HigherLaw
    from normreview.reports.annotate import comment_text

    document = extract_text(DRAFT)
    [penalty] = [f for f in review_document(document) if f.category == "penalty"]
    penalty.higher_law = [HigherLaw(law="中华人民共和国道路交通安全法", article="第九十条", text="第九十条 …", similarity=0.61)]
    assert "上位法：《中华人民共和国道路交通安全法》第九十条（相似度0.61）" in comment_text(penalty)


@pytest.mark.integration
def test_a_missing_laws_index_says_how_to_load_it():
    document = extract_text(DRAFT)
    findings = review_document(document)
    kept, warning = compare_with_higher_law(document, findings, laws=LawsIndex(prefix="test-no-such-prefix"))
    assert kept == findings and "normreview laws load" in warning
