"""Every rule's examples run as tests, the way semgrep tests its rules."""
from __future__ import annotations

import pytest

from normreview.checks import document_rules
from normreview.checks.catalogue import CATEGORIES, load_rules
from normreview.checks.engine import match_text

pytestmark = pytest.mark.unit

RULES = load_rules()
CASES = [(r, text, True) for r in RULES for text in r.examples["match"]] + [
    (r, text, False) for r in RULES for text in r.examples["no_match"]
]
CHECKS = {"clause": document_rules.TEXT_CHECKS, "document": document_rules.DOCUMENT_CHECKS, "package": document_rules.PACKAGE_CHECKS}


@pytest.mark.parametrize("rule,text,should_match", CASES, ids=[f"{r.id}-{'match' if m else 'no_match'}-{i}" for i, (r, _, m) in enumerate(CASES)])
def test_rule_example(rule, text, should_match):
    spans = match_text(rule, text)
    assert bool(spans) == should_match, f"{rule.id} {'missed' if should_match else 'falsely matched'}: {text}"


def test_every_category_of_the_contract_has_rules():
    assert {r.category for r in RULES} == CATEGORIES


@pytest.mark.parametrize("rule", [r for r in RULES if r.check], ids=lambda r: r.id)
def test_checks_name_functions_of_their_scope(rule):
    assert rule.check in CHECKS[rule.scope]


def test_every_rule_has_lawful_look_alikes_and_advice():
    for rule in RULES:
        assert rule.examples["no_match"], rule.id
        assert rule.message and rule.suggestion and rule.instead and rule.why, rule.id
