"""The checks engine through its public behaviour: a text in, findings out, each with its rule, category,
severity, unit, exact quote and offsets. Written against review_document / review_package / checks_run /
match_text only, so the tests hold while the engine's insides change."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rule_quotes import RULES

from normreview.checks.engine import checks_run, match_text, review_document, review_package
from normreview.checks.profile import load_profile
from normreview.extractors import extract, extract_text
from normreview.model import Basis, Kind

pytestmark = pytest.mark.unit

PENALTIES = ("某某区企业扶持办法\n第一条 为支持企业发展，制定本办法。\n"
             "第二条 对擅自占道经营的，由管委会处以五千元罚款；对乱堆放的，由管委会处以二千元罚款。\n"
             "第三条 对违规停车的，由管委会处以一千元罚款。\n第四条 本办法自2024年1月1日起施行，有效期三年。")
AGREEMENT = ("投资协议书\n甲方：某某经济开发区管理委员会\n乙方：某某科技有限公司\n"
             "第一条 甲方保证乙方投资年化收益率不低于8%，不足部分由甲方补足。\n"
             "第二条 违约责任：乙方未按期开工的，应当支付违约金。\n第三条 争议解决：协商不成的，向甲方所在地人民法院起诉。")


def summary(findings):
    return [(f.rule, f.category, f.severity, f.unit, f.quote, f.start, f.end) for f in findings]


def test_a_clause_finding_names_its_unit_quote_category_and_the_rules_text():
    document = extract_text(PENALTIES)
    findings = review_document(document)
    rule = RULES["PEN-SET-PENALTY"]
    # One finding per rule per unit (第二条 has two penalties: the first is quoted), sorted by offset.
    assert summary(findings) == [("PEN-SET-PENALTY", "penalty", "error", "第二条", "处以五千元罚款", 46, 53),
                                 ("PEN-SET-PENALTY", "penalty", "error", "第三条", "处以一千元罚款", 88, 95)]
    for finding in findings:
        unit = document.unit_at(finding.start)
        assert document.text[finding.start:finding.end] == finding.quote
        assert finding.clause_text == unit.text and finding.page is None
        assert (finding.message, finding.suggestion) == (rule.message, rule.suggestion)
        assert finding.basis == [Basis.model_validate(b) for b in rule.basis]


def test_only_the_rules_given_are_run():
    document = extract_text(PENALTIES)
    assert [f.rule for f in review_document(document, rules=(RULES["PEN-SET-PENALTY"],))] == ["PEN-SET-PENALTY"] * 2
    assert review_document(document, rules=(RULES["GG-MIN-RETURN"],)) == []
    assert review_document(document, rules=()) == []


def test_findings_that_name_different_things_in_one_unit_are_each_kept():
    text = ("某某区企业扶持办法\n第一条 根据《中华人民共和国合同法》和《中华人民共和国担保法》的规定执行。\n"
            "第二条 本办法自2024年1月1日起施行，有效期三年。")
    findings = [f for f in review_document(extract_text(text)) if f.rule == "RC-REPEALED-LAW"]
    assert [(f.unit, f.quote) for f in findings] == [("第一条", "《中华人民共和国合同法》"), ("第一条", "《中华人民共和国担保法》")]
    # The message is the rule's, filled in with what the hit names.
    assert findings[0].message.startswith("《中华人民共和国合同法》已被《中华人民共和国民法典》第一千二百六十条废止（2021-01-01起失效")
    assert findings[0].basis and findings[0].basis != [Basis.model_validate(b) for b in RULES["RC-REPEALED-LAW"].basis]


def test_an_agreement_gets_its_own_rules_and_the_clause_rules_of_both_kinds():
    document = extract_text(AGREEMENT)
    assert document.kind == Kind.AGREEMENT
    assert summary(review_document(document)) == [
        ("MC-EXIT-RECOVERY", "missing-clause", "warning", "第1段", "投资协议书", 0, 5),
        ("MC-SUPERVISION", "missing-clause", "warning", "第1段", "投资协议书", 0, 5),
        ("GG-MIN-RETURN", "government-guarantee", "error", "第一条", "保证乙方投资年化收益率不低于", 40, 54)]
    # The agreement-only rules stay silent on a normative document with the same clause.
    normative = extract_text(PENALTIES.replace("对违规停车的，由管委会处以一千元罚款。", "甲方保证乙方投资年化收益率不低于8%，不足部分由甲方补足。"))
    assert {f.rule for f in review_document(normative)} == {"PEN-SET-PENALTY", "GG-MIN-RETURN"}


def test_a_profile_rule_takes_its_severity_and_basis_from_the_profile():
    document = extract_text("某某区企业扶持办法\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自印发之日起施行。")
    rule = RULES["ED-ON-PUBLICATION"]
    for name in ("national", "jiangsu"):
        profile = load_profile(name)
        [finding] = [f for f in review_document(document, profile=profile) if f.rule == rule.id]
        assert (finding.unit, finding.quote, finding.start, finding.end) == ("第二条", "自印发之日起施行", 36, 44)
        assert finding.severity == profile.severity(rule.params["profile"], rule.severity)
        assert finding.basis == [Basis.model_validate(profile.basis(rule.params["profile"]))]
        assert f"公布之日起{profile.effective_delay_days}日后施行" in finding.message
    assert load_profile("jiangsu").basis("effective_delay_days") != load_profile("national").basis("effective_delay_days")


def test_package_rules_run_only_on_a_package():
    main = extract_text("关于印发企业扶持办法的通知\n第一条 为支持企业发展，制定本办法。")
    materials = [extract_text("起草说明"), extract_text("制定依据")]
    assert summary(review_package(main, materials)) == [
        ("PM-CONSULTATION", "procedure-materials", "warning", "第1段", "关于印发企业扶持办法的通知", 0, 13),
        ("PM-PRELIMINARY-REVIEW", "procedure-materials", "warning", "第1段", "关于印发企业扶持办法的通知", 0, 13)]
    assert not any(f.rule.startswith("PM-") for f in review_document(main))
    assert review_package(main, materials, rules=(RULES["PEN-SET-PENALTY"],)) == []
    # A package rule's example: the main document's title, then one material a line.
    assert match_text(RULES["PM-CONSULTATION"], "关于印发企业扶持办法的通知\n起草说明\n制定依据\n初审意见") == [(0, 13)]
    assert match_text(RULES["PM-CONSULTATION"], "关于印发企业扶持办法的通知\n征求意见及采纳情况") == []


@pytest.mark.parametrize("text", [PENALTIES, AGREEMENT])
def test_what_a_review_checked_is_each_applicable_rule_once_under_its_category(text):
    document = extract_text(text)
    for package in (False, True):
        lines = checks_run(document, package=package)
        listed = {}
        for line in lines:
            category, ids = line.split(": ")
            for rule_id in ids.split(", "):
                assert RULES[rule_id].category == category and rule_id not in listed
                listed[rule_id] = category
        expected = {r.id for r in RULES.values() if r.applies(document.kind) and (package or r.scope != "package")}
        assert set(listed) == expected
        assert len(lines) == len({RULES[i].category for i in expected})
    assert any(r.scope == "package" and r.applies(document.kind) for r in RULES.values()) == \
        (checks_run(document, package=True) != checks_run(document))


def test_a_table_document_says_its_rows_were_checked():
    document = extract_text(PENALTIES)
    document.kind = "discretion-standard"
    assert checks_run(document)[-1] == "discretion-standard: rows against the articles they cite"
    document.kind = "exemption-list"
    assert checks_run(document)[-1] == "exemption-list: rows against the articles they cite"


def test_a_quote_runs_to_the_end_of_its_clause_without_the_punctuation():
    rule = RULES["PEN-SET-PENALTY"]
    for ending in ("。", "；", "，", "：", "！", "？", " ", "\n", "。\n"):
        text = f"对擅自占道经营的，由管委会处以五千元罚款{ending}"
        assert [text[s:e] for s, e in match_text(rule, text)] == ["处以五千元罚款"], ending


def test_an_agreement_rule_example_is_read_as_an_agreement():
    rule = RULES["GG-MIN-RETURN"]
    text = "甲方保证乙方投资年化收益率不低于8%，不足部分由甲方补足。"
    # the promised floor, and the shortfall the government side makes up (each its own clause)
    assert [text[s:e] for s, e in match_text(rule, text)] == ["保证乙方投资年化收益率不低于", "不足部分由甲方"]
    assert match_text(rule, "乙方保证按期开工。") == []


# Every clause rule's first two match and no_match examples in one document per kind, one paragraph each,
# reviewed by the whole catalogue at once: each match example gives its rule's finding inside that
# paragraph, each no_match example gives none of its rule's. (tests/test_rules.py runs every example one
# by one; this is the same behaviour at the cost of one short review, which a mutation run can afford for
# every mutant of the engine.)
KIND_TITLES = {"normative": "某某区管理委员会关于印发某某管理办法的通知", "agreement": "某某项目投资协议"}


def examples_document(kind: str):
    rules = [r for r in RULES.values() if r.scope == "clause" and (r.applies_to == kind or kind == "normative" and r.applies_to == "both")]
    text, placed = KIND_TITLES[kind], []
    for rule in rules:
        for should_match in (True, False):
            for example in rule.examples["match" if should_match else "no_match"][:2]:
                text += "\n"
                placed.append((rule.id, should_match, len(text), len(text) + len(example)))
                text += example
    document = extract_text(text)
    document.kind = Kind.AGREEMENT if kind == "agreement" else Kind.NORMATIVE
    return document, placed


@pytest.mark.parametrize("kind", ["normative", "agreement"])
def test_every_clause_example_in_one_review_fires_where_it_should_and_only_there(kind):
    document, placed = examples_document(kind)
    findings = review_document(document)
    wrong = []
    for rule_id, should_match, start, end in placed:
        inside = [f for f in findings if f.rule == rule_id and start <= f.start < end]
        if bool(inside) != should_match:
            wrong.append(f"{rule_id} {'missed' if should_match else 'fired on'}: {document.text[start:end]}")
        for finding in inside:
            assert finding.end <= end and finding.quote and document.text[finding.start:finding.end] == finding.quote
            assert finding.category == RULES[rule_id].category
    assert not wrong, "\n".join(wrong)


TABLES = Path(__file__).parent / "fixtures" / "discretion"


@pytest.mark.parametrize(("name", "row_rules"), [
    ("discretion-standard.docx", {"discretion-citation-missing", "discretion-citation-relevance", "discretion-gap", "discretion-kind",
                                  "discretion-overlap", "discretion-range"}),
    ("discretion-standard.pdf", {"discretion-citation-missing", "discretion-citation-relevance", "discretion-gap", "discretion-kind",
                                 "discretion-overlap", "discretion-range"}),
    ("exemption-list.docx", {"exemption-first-conditions", "exemption-mandatory", "exemption-minor-conditions", "exemption-no-provision"}),
])
def test_a_table_documents_rows_are_reviewed_from_its_file_and_only_from_a_file(name, row_rules):
    document = extract(TABLES / name)
    found = review_document(document)
    assert row_rules == {f.rule for f in found} - {r.id for r in RULES.values()}
    # A row finding's quote is the document's own text, a PDF cell's line wraps included.
    assert all(document.text[f.start:f.end] == f.quote for f in found if f.rule in row_rules and f.end > f.start)
    as_text = extract_text(document.text)
    as_text.kind = document.kind  # the same text typed in: no file, no table to read rows from
    assert not {f.rule for f in review_document(as_text)} & row_rules


def test_document_and_text_check_rule_examples_run_as_their_kind():
    text = "根据《中华人民共和国合同法》第五十二条的规定，该协议无效。"
    assert [text[s:e] for s, e in match_text(RULES["RC-REPEALED-LAW"], text)] == ["《中华人民共和国合同法》第五十二条"]
    assert match_text(RULES["RC-REPEALED-LAW"], "根据《中华人民共和国民法典》第一百四十三条的规定。") == []
    missing = RULES["VP-MISSING"].examples["match"][0]
    assert [missing[s:e] for s, e in match_text(RULES["VP-MISSING"], missing)] == ["自发布之日起施行"]
    # An agreement-only document rule reads the example's agreement terms as the extractor would.
    supervision = RULES["MC-SUPERVISION"]
    assert match_text(supervision, supervision.examples["match"][0]) == [(0, 5)]
    assert all(match_text(supervision, text) == [] for text in supervision.examples["no_match"])


# Who a trigger binds when its clause names nobody: the last agency or party named before it in its sentence.
@pytest.mark.parametrize(("text", "agency", "party"), [
    ("保证办妥项目施工许可证。", False, True),  # nobody named: it may well bind citizens
    ("经管委会研究，保证办妥项目施工许可证。", True, False),
    ("经企业申请，保证办妥项目施工许可证。", False, True),
    ("经管委会同意、企业申请，保证办妥项目施工许可证。", False, True),  # the last one named counts
    ("管委会研究。保证办妥项目施工许可证。", False, True),  # named in the sentence before: not this one's
])
def test_a_rules_subject_is_the_last_one_named_before_the_trigger_in_its_sentence(text, agency, party):
    rule = RULES["UV-APPROVAL-PROMISE"]  # a pattern rule bound to the agency
    assert rule.subject == "agency" and not rule.frame
    found = [text[s:e] for s, e in match_text(rule, text)]
    assert found == (["保证办妥"] if agency else [])
    found = [text[s:e] for s, e in match_text(replace(rule, subject="party"), text)]
    assert found == (["保证办妥"] if party else [])


def test_an_anchor_counts_only_when_the_cited_instrument_can_set_the_measure():
    """A province's 实施办法 (a government rule or a normative document the statute store does not hold as a
    law or regulation) cited before a fine or a licence is no legal basis for it; a law or a regulation is."""
    fine = "第三条 {lead}，对乱贴小广告的个人，由街道处以一千元罚款。"
    licence = "第三条 {lead}的规定，民营企业举办展销会须经县商务局批准。"
    for lead, anchored in (("依照《福建省城乡环境卫生管理实施办法》", False), ("依照《福建省促进民营经济发展实施办法》", False),
                           ("依照《中华人民共和国行政处罚法》", True), ("依照《福建省城乡环境卫生管理条例》", True)):
        for template, rule in ((fine, "PEN-SET-PENALTY"), (licence, "LIC-NEW-APPROVAL")):
            findings = [f for f in review_document(extract_text("某某区管理办法\n" + template.format(lead=lead)))
                        if f.rule == rule]
            assert bool(findings) != anchored, (lead, rule)
            if findings:
                assert findings[0].unit == "第三条"


def test_retroactivity_is_read_against_the_documents_own_date():
    """A burden on conduct since a date counts as retroactive when that date is before the document takes
    effect: the same clause is retroactive in a text effective in 2024 and not in one effective in 2020."""
    clause = "第二条 2022年7月1日以来发生的违法占地行为，均按本办法的标准予以处罚。\n"
    late = review_document(extract_text("某某区管理办法\n" + clause + "第三条 本办法自2024年1月1日起施行。"))
    early = review_document(extract_text("某某区管理办法\n" + clause + "第三条 本办法自2020年1月1日起施行。"))
    assert [(f.rule, f.unit) for f in late if f.rule == "RETRO-DATED"] == [("RETRO-DATED", "第二条")]
    assert not [f for f in early if f.rule == "RETRO-DATED"]
