"""Recall and false alarms of the checks on the labelled evaluation set (tests/eval/cases.yaml).

Run: .venv/bin/python tests/eval/evaluate.py   (prints a table per category; --json for data)
Targets: recall >= 0.9; at most one false alarm per ten lawful look-alikes.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

from normreview.checks.engine import review_document  # noqa: E402
from normreview.extractors import extract_text  # noqa: E402
from normreview.model import Finding  # noqa: E402

CASES = Path(__file__).with_name("cases.yaml")


def _matches(finding: Finding, expected: dict) -> bool:
    if finding.category != expected["category"]:
        return False
    if "rule" in expected:
        return finding.rule == expected["rule"]
    return expected["clause"] in finding.clause_text or expected["clause"] in finding.quote


def evaluate(cases_path: Path = CASES) -> dict:
    cases = yaml.safe_load(cases_path.read_text(encoding="utf-8"))
    expected_n, found_n, false_alarms = Counter(), Counter(), Counter()
    misses, alarms = [], []
    look_alikes = 0
    for case in cases:
        findings = review_document(extract_text(case["text"]))
        look_alikes += len(case["look_alikes"])
        for expected in case["expected"]:
            expected_n[expected["category"]] += 1
            if any(_matches(f, expected) for f in findings):
                found_n[expected["category"]] += 1
            else:
                misses.append({"case": case["name"], **expected})
        for finding in findings:
            if not any(_matches(finding, e) for e in case["expected"]):
                false_alarms[finding.category] += 1
                alarms.append({"case": case["name"], "rule": finding.rule, "quote": finding.quote})
    categories = sorted(set(expected_n) | set(false_alarms))
    per_category = {c: {"expected": expected_n[c], "found": found_n[c], "false_alarms": false_alarms[c],
                        "recall": round(found_n[c] / expected_n[c], 3) if expected_n[c] else None} for c in categories}
    total_expected = sum(expected_n.values())
    return {
        "cases": len(cases), "look_alikes": look_alikes, "per_category": per_category,
        "recall": round(sum(found_n.values()) / total_expected, 3) if total_expected else None,
        "false_alarms": sum(false_alarms.values()),
        "false_alarms_per_10_look_alikes": round(10 * sum(false_alarms.values()) / look_alikes, 2),
        "misses": misses, "alarms": alarms,
    }


def main() -> None:
    result = evaluate()
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{'category':24} {'expected':>8} {'found':>6} {'recall':>7} {'false alarms':>13}")
    for category, row in result["per_category"].items():
        recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
        print(f"{category:24} {row['expected']:>8} {row['found']:>6} {recall:>7} {row['false_alarms']:>13}")
    print(f"\ncases {result['cases']}, look-alikes {result['look_alikes']}; recall {result['recall']:.2f}; "
          f"false alarms {result['false_alarms']} ({result['false_alarms_per_10_look_alikes']} per 10 look-alikes)")
    for miss in result["misses"]:
        print(f"missed: {miss}")
    for alarm in result["alarms"]:
        print(f"false alarm: {alarm}")


if __name__ == "__main__":
    main()
