"""A review says what it checked; no finding reads "未发现问题", never a bare 合法 (issue #13 item 6)."""
from __future__ import annotations

import pytest

from normreview import checks
from normreview.checks.report import render_markdown, render_text, review_object
from normreview.extractors import extract_text

pytestmark = pytest.mark.unit

LAWFUL = ("关于支持企业发展的通知\n第一条 对首次认定为高新技术企业的，按照公开的标准给予一次性奖励。\n"
          "第二条 本通知自2025年1月1日起施行，有效期至2027年12月31日。\n")


def test_a_review_without_findings_says_nothing_was_found_and_what_was_checked():
    document = extract_text(LAWFUL)
    findings = [f for f in checks.review_document(document) if f.category not in ("doc-number",)]
    review = review_object(document, findings, checks.overall_opinion(findings))
    assert not [f for f in findings if f.severity != "info"], [f.rule for f in findings]
    data = review.model_dump(mode="json")
    assert data["opinion"] == "合法"  # the machine's opinion stays in the JSON, beside what was checked
    categories = {entry.split(":")[0] for entry in data["checked"]}
    assert {"licensing", "penalty", "fee", "factor-flow", "selective-incentive"} <= categories
    assert any("LIC-NEW-APPROVAL" in entry for entry in data["checked"])
    if not findings:
        text = render_text(review)
        checked_line = next(line for line in text.splitlines() if line.startswith("已检查："))
        assert "审核意见：未发现问题" in text and "审核意见：合法" not in text and "行政许可" in checked_line
        assert "**未发现问题" in render_markdown(review)


def test_package_rules_are_listed_only_when_the_materials_were_reviewed():
    document = extract_text(LAWFUL)
    alone = review_object(document, [], "合法")
    with_materials = review_object(document, [], "合法", materials=["起草说明.docx"])
    assert not any(e.startswith("procedure-materials") for e in alone.checked)
    assert any(e.startswith("procedure-materials") for e in with_materials.checked)
