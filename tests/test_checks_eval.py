"""The development set (tests/eval/cases.yaml) meets its targets, scored by the one scorer in bench/eval_checks.py:
recall >= 0.9, at most one stray finding per ten lawful look-alikes, every category's recall >= 0.5."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

EVAL_CHECKS = Path(__file__).resolve().parents[1] / "bench" / "eval_checks.py"


def _eval_checks():
    spec = importlib.util.spec_from_file_location("eval_checks", EVAL_CHECKS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_development_set_meets_targets():
    eval_checks = _eval_checks()
    result = eval_checks.score_documents(eval_checks.document_items("dev"))
    assert result["look_alikes"] >= 30
    assert result["recall"] >= 0.9, result["misses"]
    # A stray finding is any finding that matches no expected item (on a look-alike or elsewhere).
    assert result["stray_findings_per_10_look_alikes"] <= 1.0, result["alarms"] + result["unexpected"]
    for category, row in result["per_category"].items():
        assert row["recall"] is None or row["recall"] >= 0.5, (category, row)
