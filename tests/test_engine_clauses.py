"""The checks engine on clause and frame fixtures: which unit, quote and category a rule finds, and that the
lawful variant of the clause stays silent. Through review_document / match_text only (as
tests/test_engine_behaviour.py), with rules built from catalogue rules by ``dataclasses.replace`` where a
behaviour no catalogue rule has yet (token and phrase triggers, a frame condition alone) needs pinning."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from normreview.checks.catalogue import load_rules
from normreview.checks.engine import match_text, review_document
from normreview.checks.profile import load_profile
from normreview.extractors import extract_text
from normreview.model import Basis

pytestmark = pytest.mark.unit

RULES = {rule.id: rule for rule in load_rules()}
TITLE = "某某区管理委员会关于印发某某管理办法的通知"


def bare_rule(rule_id: str, category: str, **fields):
    """A clause rule with nothing but what ``fields`` give it: no trigger, condition, subject or frame."""
    empty = {"patterns": [], "tokens": [], "phrases": [], "unless": [], "unless_before": [], "requires": [],
             "subject": None, "frame": (), "check": None, "params": {}}
    return replace(RULES["PEN-SET-PENALTY"], id=rule_id, category=category, **(empty | fields))


def summary(findings):
    return [(f.rule, f.category, f.unit, f.quote) for f in findings]


def quotes(rule, text):
    return [text[s:e] for s, e in match_text(rule, text)]


# --- triggers: token patterns and phrases (the Matcher and the PhraseMatcher) ----------------------------

def test_token_and_phrase_triggers_each_give_their_own_rules_finding():
    # 园区纳税贡献标兵 is no word of the tokeniser until the phrase rule makes it one: the review must build its
    # matchers before it parses the text, or the phrase is cut in pieces the PhraseMatcher never sees.
    tokens = bare_rule("TEST-TOKENS", "selective-incentive", tokens=[[{"TEXT": "纳税十强"}, {"TEXT": "企业"}]])
    phrases = bare_rule("TEST-PHRASES", "fee", phrases=["园区纳税贡献标兵"])
    text = (f"{TITLE}\n第一条 对纳税十强企业给予奖励。\n"
            "第二条 对园区纳税贡献标兵给予奖励，对纳税十强企业另行奖励。\n第三条 对纳税企业给予服务。")
    assert summary(review_document(extract_text(text), rules=(tokens, phrases))) == [
        ("TEST-TOKENS", "selective-incentive", "第一条", "纳税十强企业"),
        ("TEST-PHRASES", "fee", "第二条", "园区纳税贡献标兵"),
        ("TEST-TOKENS", "selective-incentive", "第二条", "纳税十强企业")]
    assert review_document(extract_text(text), rules=(tokens,))[1].quote == "纳税十强企业"


def test_a_phrase_rule_example_is_matched_on_its_own():
    rule = bare_rule("TEST-PHRASE-EXAMPLE", "fee", phrases=["开发区特别服务保证金"])
    text = "入园企业应当缴纳开发区特别服务保证金。"
    assert quotes(rule, text) == ["开发区特别服务保证金"]
    assert quotes(rule, "入园企业应当缴纳保证金。") == []


def test_a_rule_with_patterns_tokens_and_phrases_finds_each():
    rule = bare_rule("TEST-ALL-TRIGGERS", "fee", patterns=[re.compile("赞助费")],
                     tokens=[[{"TEXT": "押金"}]], phrases=["入园考察服务费"])
    text = f"{TITLE}\n第一条 收取赞助费。\n第二条 收取押金。\n第三条 收取入园考察服务费。"
    assert [(f.unit, f.quote) for f in review_document(extract_text(text), rules=(rule,))] == [
        ("第一条", "赞助费"), ("第二条", "押金"), ("第三条", "入园考察服务费")]


# --- the finding: severity and basis under a profile, page, message as written ----------------------------

def test_a_profile_rule_is_an_error_only_when_a_statute_sets_the_value():
    rule = RULES["VP-MISSING"]  # an error resting on the profile's maximum validity
    document = extract_text(f"{TITLE}\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自2024年1月1日起施行。")
    national = load_profile("national")
    assert not national.thresholds["max_validity_years"].verified and rule.severity == "error"
    [finding] = [f for f in review_document(document, rules=(rule,), profile=national)]
    assert (finding.unit, finding.quote, finding.severity) == ("第二条", "自2024年1月1日起施行", "warning")
    assert finding.basis == [Basis.model_validate(national.basis("max_validity_years"))] != \
        [Basis.model_validate(b) for b in rule.basis]
    verified = replace(national, thresholds=national.thresholds | {"max_validity_years": replace(
        national.thresholds["max_validity_years"], verified=True)})
    [finding] = review_document(document, rules=(rule,), profile=verified)
    assert finding.severity == "error" and finding.basis == [Basis.model_validate(verified.basis("max_validity_years"))]


def test_a_finding_carries_the_page_of_its_unit():
    text = f"{TITLE}\n第一条 为支持企业发展，制定本办法。\n第二条 对擅自占道经营的，由管委会处以五千元罚款。"
    document = extract_text(text)
    for unit in document.units:  # as a PDF's units carry the page they start on
        unit.page = 2 if unit.start >= text.index("第二条") else 1
    [finding] = review_document(document, rules=(RULES["PEN-SET-PENALTY"],))
    assert (finding.unit, finding.quote, finding.page) == ("第二条", "处以五千元罚款", 2)


def test_a_clause_rules_message_and_suggestion_are_used_as_written():
    rule = replace(bare_rule("TEST-BRACES", "fee", patterns=[re.compile("赞助费")]),
                   message="收取赞助费无依据{见附件}。", suggestion="删除{赞助费}条款。")
    [finding] = review_document(extract_text(f"{TITLE}\n第一条 收取赞助费。"), rules=(rule,))
    assert (finding.message, finding.suggestion) == ("收取赞助费无依据{见附件}。", "删除{赞助费}条款。")
