"""Every rule's examples run as tests, the way semgrep tests its rules."""
from __future__ import annotations

import pytest

from checks.catalogue import load_rules
from checks.engine import match_text

RULES = load_rules()
CASES = [(r, text, True) for r in RULES for text in r.examples["match"]] + [
    (r, text, False) for r in RULES for text in r.examples["no_match"]
]


@pytest.mark.parametrize("rule,text,should_match", CASES, ids=[f"{r.id}-{'match' if m else 'no_match'}-{i}" for i, (r, _, m) in enumerate(CASES)])
def test_rule_example(rule, text, should_match):
    spans = match_text(rule, text)
    assert bool(spans) == should_match, f"{rule.id} {'missed' if should_match else 'falsely matched'}: {text}"


def test_catalogue_has_rules():
    assert len(RULES) >= 1
