"""The overall opinion for every category and severity (README: "A review's overall opinion…").

An error in licensing, penalty, compulsion, fee, government-guarantee or higher-law-conflict makes the document 不合法;
any other error, or any warning, makes it 应当予以修改; info findings alone, or none, leave it 合法.
"""
from __future__ import annotations

import pytest

from normreview.checks.catalogue import CATEGORIES
from normreview.checks.opinion import overall_opinion
from normreview.model import Finding

pytestmark = pytest.mark.unit

UNLAWFUL = ("licensing", "penalty", "compulsion", "fee", "government-guarantee", "higher-law-conflict")
AMENDABLE = tuple(sorted(CATEGORIES - set(UNLAWFUL)))


def finding(category: str, severity: str) -> Finding:
    return Finding(rule=f"T-{category}", category=category, severity=severity, unit="第一条", quote="某",
                   clause_text="某", start=0, end=1, message="")


def expected(category: str, severity: str) -> str:
    if severity == "error" and category in UNLAWFUL:
        return "不合法"
    return "应当予以修改" if severity in ("error", "warning") else "合法"


def test_the_unlawful_categories_are_categories_of_the_catalogue():
    assert set(UNLAWFUL) <= CATEGORIES
    assert len(AMENDABLE) == len(CATEGORIES) - len(UNLAWFUL)


@pytest.mark.parametrize("category", sorted(CATEGORIES))
@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_one_finding(category, severity):
    assert overall_opinion([finding(category, severity)]) == expected(category, severity)


@pytest.mark.parametrize("category", UNLAWFUL)
def test_an_error_in_an_unlawful_category_is_unlawful(category):
    assert overall_opinion([finding(category, "error")]) == "不合法"


@pytest.mark.parametrize("category", UNLAWFUL)
def test_a_warning_in_an_unlawful_category_only_asks_for_changes(category):
    assert overall_opinion([finding(category, "warning")]) == "应当予以修改"


def test_no_findings_is_lawful():
    assert overall_opinion([]) == "合法"


def test_info_only_is_lawful():
    assert overall_opinion([finding(c, "info") for c in sorted(CATEGORIES)]) == "合法"


@pytest.mark.parametrize("category", UNLAWFUL)
def test_the_unlawful_error_wins_wherever_it_stands(category):
    others = [finding("doc-number", "warning"), finding("obligation", "error"), finding("validity-period", "info")]
    assert overall_opinion(others + [finding(category, "error")]) == "不合法"
    assert overall_opinion([finding(category, "error")] + others) == "不合法"


def test_a_warning_after_infos_asks_for_changes():
    assert overall_opinion([finding("doc-number", "info"), finding("effective-date", "info"),
                            finding("missing-clause", "warning")]) == "应当予以修改"
