"""The labelled evaluation set meets its targets: recall >= 0.9, <= 1 false alarm per 10 look-alikes."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

EVALUATE = Path(__file__).parent / "eval" / "evaluate.py"


def test_evaluation_set_meets_targets():
    spec = importlib.util.spec_from_file_location("evaluate", EVALUATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.evaluate()
    assert result["look_alikes"] >= 30
    assert result["recall"] >= 0.9, result["misses"]
    assert result["false_alarms_per_10_look_alikes"] <= 1.0, result["alarms"]
    for category, row in result["per_category"].items():
        assert row["recall"] is None or row["recall"] >= 0.5, (category, row)
