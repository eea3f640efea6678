"""The terminal text and the Markdown artifact show the same details under every finding."""
from __future__ import annotations

import re

import pytest

from normreview import checks
from normreview.checks.report import render_markdown, render_text, review_object
from normreview.extractors import extract_text
from normreview.model import Precedent

pytestmark = pytest.mark.unit

DRAFT = "关于规范户外广告的通知\n第一条 企业开展户外广告经营活动，须经管委会审批同意后方可实施。\n"
PRECEDENT = Precedent(source="https://example.gov.cn/case/1", title="某市司法局备案审查纠正案例", date="2023-05-01",
                      clause="设置户外广告须经管委会同意", outcome="予以纠正", similarity=0.61)


@pytest.mark.parametrize("render", [render_text, render_markdown])
def test_each_rendering_shows_quote_basis_suggestion_and_precedent(render):
    document = extract_text(DRAFT)
    finding = next(f for f in checks.review_document(document) if f.category == "licensing")
    finding = finding.model_copy(update={"precedents": [PRECEDENT]})
    out = render(review_object(document, [finding], checks.overall_opinion([finding])))
    assert f"原文：「{finding.quote}」" in out
    assert re.search(r"依据：[^\n]*《中华人民共和国行政许可法》第十七条", out)  # the basis line, whatever it cites first
    assert f"建议：{finding.suggestion}" in out
    assert "〔案例库〕某市司法局备案审查纠正案例（2023-05-01）相似度 0.61：予以纠正" in out
