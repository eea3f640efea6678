"""Every rule's examples run as tests, the way semgrep tests its rules."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from normreview.checks import document_rules
from normreview.checks.catalogue import CATEGORIES, conditions, load_rules
from normreview.checks.engine import match_text, review_document
from normreview.extractors import extract_text
from normreview.model import Kind

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
    for start, end in spans:
        assert 0 <= start <= end <= len(text)
    if rule.scope == "clause":
        # a clause example is the second paragraph of a document of the kind the rule applies to
        title = TITLES[rule.applies_to]
        document = extract_text(f"{title}\n{text}")
        findings = [f for f in review_document(document, rules=(rule,)) if f.rule == rule.id]
        if not should_match:
            assert findings == [], f"{rule.id} falsely matched in a document: {text}"
            return
        first = findings[0]
        offset = len(title) + 1
        assert (first.start - offset, first.end - offset) == spans[0]
        assert first.quote == text[spans[0][0]:spans[0][1]] and first.quote, rule.id
        assert first.quote in text
        assert (first.category, first.unit, first.clause_text) == (rule.category, "第2段", text)
    elif rule.scope == "document" and should_match:
        document = extract_text(text)
        findings = [f for f in review_document(document, rules=(rule,)) if f.rule == rule.id]
        assert findings, f"{rule.id} matched the example but gave no finding on it as a document"
        for finding in findings:
            assert finding.category == rule.category
            assert finding.quote == document.text[finding.start:finding.end]


# The kind each rule's clause examples are reviewed as; "both" rules are checked in a normative document.
TITLES = {"normative": "某某区管理委员会关于印发某某管理办法的通知", "agreement": "某某项目投资协议",
          "both": "某某区管理委员会关于印发某某管理办法的通知"}
LAWFUL_QUALIFIER = conditions()["lawful_qualifier"]
QUALIFIED = [r for r in RULES if any(p.pattern == LAWFUL_QUALIFIER for p in r.unless)]


@pytest.mark.parametrize("rule", QUALIFIED, ids=lambda r: r.id)
def test_the_lawful_qualifier_silences_a_lawful_example_on_its_own(rule):
    """Dropping $lawful_qualifier from the rule's unless makes one of its no_match examples fire."""
    unqualified = replace(rule, unless=[p for p in rule.unless if p.pattern != LAWFUL_QUALIFIER])
    assert len(unqualified.unless) == len(rule.unless) - 1
    silenced = [text for text in rule.examples["no_match"] if match_text(unqualified, text)]
    assert silenced, f"{rule.id}: no no_match example needs $lawful_qualifier to stay silent"


CLAUSE_MATCHES = [(r, text) for r in RULES if r.scope == "clause" and not r.check for text in r.examples["match"]]


@pytest.mark.parametrize("rule,text", CLAUSE_MATCHES, ids=[f"{r.id}-finding-{i}" for i, (r, _) in enumerate(CLAUSE_MATCHES)])
def test_a_matching_example_gives_a_finding_with_its_unit_quote_and_category(rule, text):
    """Reviewed as a document of the rule's kind: the finding names its unit, quotes a piece of the example
    and carries the rule's category."""
    document = extract_text(text)
    document.kind = Kind.AGREEMENT if rule.applies_to == "agreement" else Kind.NORMATIVE
    findings = [f for f in review_document(document, rules=(rule,)) if f.rule == rule.id]
    assert findings, f"{rule.id} found nothing in: {text}"
    for finding in findings:
        assert finding.unit and finding.category == rule.category
        assert finding.quote and finding.quote in text and finding.quote in finding.clause_text


def test_every_category_of_the_contract_has_rules():
    assert {r.category for r in RULES} == CATEGORIES


@pytest.mark.parametrize("rule", [r for r in RULES if r.check], ids=lambda r: r.id)
def test_checks_name_functions_of_their_scope(rule):
    assert rule.check in CHECKS[rule.scope]


def test_every_rule_has_lawful_look_alikes_and_advice():
    for rule in RULES:
        assert rule.examples["no_match"], rule.id
        assert rule.message and rule.suggestion and rule.instead and rule.why, rule.id


def test_a_condition_names_another_inside_its_regex_and_the_loader_puts_its_text_there():
    # conditions.yaml writes the sanctions once ($sanctions); the two conditions that stay silent when a sanction follows
    # read it expanded, and a sentence naming one is not their lawful case.
    named = conditions()
    assert "$" not in named["public_body_sanctioned"] and named["sanctions"] in named["subordinate_assessed"]
    assessed = "县政府对各乡镇粮食安全责任制落实情况进行考核，考核结果在全县范围内通报。"
    assert re.search(named["subordinate_assessed"], assessed)
    assert not re.search(named["subordinate_assessed"], assessed.replace("通报。", "通报，并处以罚款。"))
