"""The jurisdiction profile: Jiangsu by default; unverified values give warnings, not errors."""
from __future__ import annotations

import pytest

from normreview.checks.engine import review_document
from normreview.checks.profile import load_profile
from normreview.extractors import extract_text

pytestmark = pytest.mark.unit


def test_jiangsu_profile_fields():
    profile = load_profile()
    assert profile.name == "jiangsu"
    for field in ("filing_days", "review_workdays", "max_validity_years", "effective_delay_days", "comment_days"):
        assert isinstance(getattr(profile, field), int)
        assert profile.thresholds[field].source


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown jurisdiction profile"):
        load_profile("atlantis")


def test_findings_on_unverified_values_are_warnings():
    profile = load_profile()
    assert not profile.thresholds["max_validity_years"].verified
    document = extract_text("某某区企业扶持办法\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自2024年1月1日起施行，有效期十年。")
    [finding] = [f for f in review_document(document) if f.rule == "VP-TOO-LONG"]
    assert finding.severity == "warning"
    assert finding.quote == "有效期十年"
    assert "10年" in finding.message and f"{profile.max_validity_years}年" in finding.message
