"""The checks engine on clause and frame fixtures: which unit, quote and category a rule finds, and that the
lawful variant of the clause stays silent. Through review_document / match_text only (as
tests/test_engine_behaviour.py), with rules built from catalogue rules by ``dataclasses.replace`` where a
behaviour no catalogue rule has yet (token and phrase triggers, a frame condition alone) needs pinning."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from rule_quotes import RULES

from normreview.checks.catalogue import FrameSpec
from normreview.checks.clauses import analyse_clauses
from normreview.checks.engine import checks_run, lead_anchor, match_text, review_document
from normreview.checks.profile import load_profile
from normreview.extractors import extract_text
from normreview.model import Basis

pytestmark = pytest.mark.unit

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


# --- frame rules: what each condition of a frame spec asks of the clause ------------------------------------

def frame_rule(rule_id: str, **spec):
    return bare_rule(rule_id, "market-access", frame=(FrameSpec(**spec),))


@pytest.mark.parametrize(("rule", "text", "found"), [
    # a spec with a phrase and no measures quotes the phrase, not the whole main clause
    (RULES["FC-TAX-RANKED-REWARD"], "对纳税十强企业给予奖励。", ["纳税十强"]),
    (RULES["FEE-NEW-CHARGE"], "企业入园应当缴纳押金。", ["缴纳押金"]),
    # one negated term negates the measure: 不收取 makes 押金、保证金 no charge
    (RULES["FEE-NEW-CHARGE"], "企业入园不收取任何押金、保证金。", []),
    # place: a place named in the clause
    (frame_rule("T-PLACE", place=True, text=re.compile("仅限")), "仅限本区企业参与。", ["仅限"]),
    (frame_rule("T-PLACE", place=True, text=re.compile("仅限")), "仅限规模以上企业参与。", []),
    # amount: an amount or a rate in the clause, either one
    (frame_rule("T-AMOUNT", amount=True, measures=("payment",)), "企业应当按营业收入的5%缴纳费用。", ["缴纳费用"]),
    (frame_rule("T-AMOUNT", amount=True, measures=("payment",)), "企业应当缴纳五千元费用。", ["缴纳五千元费用"]),
    (frame_rule("T-AMOUNT", amount=True, measures=("payment",)), "企业应当缴纳费用。", []),
    # with: the other measure must stand in the clause too
    (frame_rule("T-WITH", measures=("location-tie",), with_=("benefit",)), "企业须获得奖励后方可迁出。", ["迁出"]),
    (frame_rule("T-WITH", measures=("location-tie",), with_=("benefit",)), "企业须经批准后方可迁出。", []),
    # bound: who the clause binds — the agency named as its subject, a party, or nobody but an object
    (frame_rule("T-AGENCY", bound="agency", measures=("approval",)), "区审批局应当审核。", ["审核"]),
    (frame_rule("T-AGENCY", bound="agency", measures=("approval",)), "企业应当审核。", []),
    (frame_rule("T-AGENCY", bound="agency", measures=("approval",)), "对区审批局应当审核。", []),
    (frame_rule("T-PARTY", bound="party", measures=("approval",)), "区审批局应当审核。", []),
    (frame_rule("T-PARTY", bound="party", measures=("approval",)), "企业应当审核。", ["审核"]),
    (frame_rule("T-PARTY", bound="party", measures=("approval",)), "对区审批局应当审核。", ["审核"]),
])
def test_each_frame_condition_decides_whether_a_clause_fits(rule, text, found):
    assert quotes(rule, text) == found


# --- who a clause binds (bound_kind), read through frame specs and subject rules ----------------------------
# (a measure is quoted from its term to the end of its clause, the clause's inner commas included)

PARTY_IN_CONDITION = frame_rule("T-PARTY-CONDITION", bound="party", measures=("approval",), parts=("condition",))
AGENCY_IN_CONDITION = frame_rule("T-AGENCY-CONDITION", bound="agency", measures=("approval",), parts=("condition",))
PARTY_MAIN = frame_rule("T-PARTY-MAIN", bound="party", measures=("approval",))
AGENCY_MAIN = frame_rule("T-AGENCY-MAIN", bound="agency", measures=("approval",))


@pytest.mark.parametrize(("text", "party", "agency"), [
    # an agency named in the condition binds no one when a party is named too: the party is bound
    ("街道办事处同意后，企业方可开业。", ["同意后，企业方可开业"], []),
    # …but a firm after 为 is the one acted for (an object: clauses.OBJECT_MARKERS, the one list), so the agency is bound
    ("街道办事处同意后，方可为企业开业。", [], ["同意后，方可为企业开业"]),
    # …and is bound itself when it is the only body named
    ("区商务局核准的，方可开业。", [], ["核准的，方可开业"]),
    # an agency inside the approval it gives (报经…批准) is who approves, not who is bound: nobody is
    ("装修施工方案须报经物业所在街道办事处批准后，方可施工。", ["经物业所在街道办事处批准后，方可施工"], []),
    # a condition that opens with the approval it asks for (未经…认可的): the body in it, whatever its name, approves
    ("未经区文化旅游体育局认可的民宿，一律不得在网络平台上架经营。", ["认可的民宿，一律不得在网络平台上架经营"], []),
    # …but a body that acts in the condition (区商务局核准的) is still bound when it is the only one named
])
def test_who_a_condition_binds(text, party, agency):
    assert quotes(PARTY_IN_CONDITION, text) == party
    assert quotes(AGENCY_IN_CONDITION, text) == agency


@pytest.mark.parametrize(("text", "party", "agency"), [
    # nobody bound and an agency the only body named, not as an object: the agency is bound
    ("合同价款最终以审计局审定的结算金额确认。", [], ["审定的结算金额确认"]),
    # the same agency after 按 or 按照 (object marks, one list for both words) binds no one
    ("合同价款最终按审计局审定的结算金额确认。", ["审定的结算金额确认"], []),
    ("合同价款最终按照审计局审定的结算金额确认。", ["审定的结算金额确认"], []),
    # the same clauses after a sentence: who is an object is read in the clause, not from the text's start
    ("说明如下。合同价款最终以审计局审定的结算金额确认。", [], ["审定的结算金额确认"]),
    ("说明如下。合同价款最终按审计局审定的结算金额确认。", ["审定的结算金额确认"], []),
    # a modal word jieba glued to the preposition (须持, 须凭) still makes the name an issuer, not who is bound
    ("外卖骑手须持区商务局颁发的从业上岗证方可接单配送。", ["颁发的从业上岗证方可接单配送"], []),
    ("销售门店须凭市市场监督管理局核发的《销售资格确认书》开展经营活动。", ["核发的《销售资格确认书》开展经营活动"], []),
])
def test_an_agency_named_alone_is_bound_unless_it_is_an_object(text, party, agency):
    assert quotes(PARTY_MAIN, text) == party
    assert quotes(AGENCY_MAIN, text) == agency


GUARANTEE = re.compile(r"保证[^，。]{0,4}办妥")


@pytest.mark.parametrize(("subject", "text", "found"), [
    # the frame decides who is bound: the party named beside an agency in the condition
    ("party", "街道办事处同意后，企业保证办妥许可证。", ["保证办妥"]),
    ("agency", "街道办事处同意后，企业保证办妥许可证。", []),
    # …not a firm the promise is made for (为企业: an object), so the agency of the condition is bound
    ("party", "街道办事处同意后，保证为企业办妥许可证。", []),
    ("agency", "街道办事处同意后，保证为企业办妥许可证。", ["保证为企业办妥"]),
    # …the same with 管委会, which is also the last body named before the trigger: the frame, not that, decides
    ("party", "管委会同意后，企业保证办妥许可证。", ["保证办妥"]),
    ("agency", "管委会同意后，企业保证办妥许可证。", []),
    # the party named first is carried into the next clause, though an agency is named after it
    ("agency", "企业经管委会研究，保证办妥项目施工许可证。", []),
    ("agency", "管委会保证办妥项目施工许可证", ["保证办妥"]),  # no full stop: the sentence runs to the end
])
def test_a_subject_rule_follows_the_frames_bound(subject, text, found):
    assert quotes(bare_rule(f"T-SUBJECT-{subject}", "ultra-vires-commitment", patterns=[GUARANTEE], subject=subject), text) == found


# --- a trigger's conditions: requires in its sentence, unless in its clause, unless_before before it ----------

FEE = re.compile("赞助费")


@pytest.mark.parametrize(("conditions", "text", "found"), [
    ({"requires": [re.compile("企业")]}, "企业入园的，收取赞助费。", ["赞助费"]),
    ({"requires": [re.compile("企业")]}, "企业入园。收取赞助费。", []),  # in the sentence before: not this one's
    ({"unless": [re.compile("自愿")]}, "企业自愿的，收取赞助费。", []),  # the condition is part of the clause
    ({"unless": [re.compile("自愿")]}, "收取赞助费，企业自愿。", ["赞助费"]),  # another clause of the sentence
    ({"unless_before": [re.compile("依法")]}, "依法收取赞助费。", []),
    ({"unless_before": [re.compile("依法")]}, "收取赞助费，依法公示。", ["赞助费"]),  # after the trigger
])
def test_a_triggers_conditions_are_read_where_they_belong(conditions, text, found):
    assert quotes(bare_rule("T-CONDITIONS", "fee", patterns=[FEE], **conditions), text) == found


@pytest.mark.parametrize(("text", "found"), [
    # a trigger that starts on the punctuation between clauses stands in no clause: its whole sentence counts
    ("；收取赞助费，企业自愿，另行通知。", []),
    ("收取押金；收取赞助费，企业自愿。", []),
])
def test_a_trigger_outside_every_clause_reads_its_sentence(text, found):
    rule = bare_rule("T-BETWEEN", "fee", patterns=[re.compile("；收取赞助费")], unless=[re.compile("自愿")])
    assert quotes(rule, text) == found


def test_triggers_side_by_side_are_each_found():
    assert quotes(bare_rule("T-ADJACENT", "fee", patterns=[re.compile("押金|保证金")]), "收取押金保证金。") == ["押金", "保证金"]


def test_a_rule_with_triggers_and_a_frame_fires_in_the_first_clause_of_a_text():
    rule = RULES["PWR-SHED-DUTY"]
    assert rule.has_triggers and rule.frame
    text = "企业在园区内发生安全事故的，管委会不承担任何责任。"
    assert quotes(rule, text) == ["不承担任何责任"]
    assert quotes(rule, "企业在园区内发生安全事故的，企业不承担任何责任。") == []  # a party, not the agency


def test_a_document_rule_example_runs_under_the_profile_of_its_text():
    text = "本办法自印发之日起施行。"
    assert quotes(RULES["ED-ON-PUBLICATION"], text) == ["自印发之日起施行"]


def test_a_phrase_rule_that_finds_nothing_gives_no_finding():
    rule = bare_rule("TEST-PHRASE-ABSENT", "fee", phrases=["园区特别管理服务费"])
    assert review_document(extract_text(f"{TITLE}\n第一条 收取押金。"), rules=(rule,)) == []


def test_what_a_review_checked_is_the_rules_given():
    document = extract_text(f"{TITLE}\n第一条 收取押金。")
    assert checks_run(document, rules=(RULES["PEN-SET-PENALTY"], RULES["FEE-NEW-CHARGE"])) == [
        "penalty: PEN-SET-PENALTY", "fee: FEE-NEW-CHARGE"]


def test_a_hit_that_names_what_it_found_fills_the_rules_message_and_suggestion():
    rule = RULES["VP-TOO-LONG"]  # 有效期为{years}年，超过{kind}不超过{limit}年的规定。
    document = extract_text(f"{TITLE}\n第一条 为支持企业发展，制定本办法。\n第二条 本办法自2024年1月1日起施行，有效期十年。")
    [finding] = review_document(document, rules=(rule,), profile=load_profile("national"))
    assert (finding.unit, finding.message, finding.suggestion) == (
        "第二条", "有效期为10年，超过规范性文件不超过5年的规定。", "将有效期缩短至5年以内。")


def test_an_empty_normative_document_gets_its_document_findings_without_a_unit():
    document = extract_text("")
    document.kind = "normative"
    found = review_document(document, rules=(RULES["VP-MISSING"], RULES["ED-MISSING"]))
    assert [(f.rule, f.unit, f.quote, f.clause_text, f.start, f.end) for f in found] == [
        ("ED-MISSING", "", "", "", 0, 0), ("VP-MISSING", "", "", "", 0, 0)]


@pytest.mark.parametrize(("text", "found"), [
    # both bodies are objects (对…), so the clause binds no one: the last body named before the trigger counts
    ("对管委会和企业收取赞助费。", []),  # a party, named after the agency
    ("对企业和管委会收取赞助费。", ["收取赞助费"]),  # the agency, named last
])
def test_when_the_clause_binds_no_one_the_last_body_named_before_the_trigger_counts(text, found):
    rule = bare_rule("T-SUBJECT-NAMED-LAST", "fee", patterns=[re.compile("收取赞助费")], subject="agency")
    assert quotes(rule, text) == found


def test_an_agency_carried_from_the_clause_before_binds_no_one_when_a_party_is_named():
    text = "管委会研究，保证办妥企业许可证。"  # the firm named after the modal word, not as an object
    assert quotes(bare_rule("T-CARRIED-PARTY", "ultra-vires-commitment", patterns=[GUARANTEE], subject="party"), text) == ["保证办妥"]
    assert quotes(bare_rule("T-CARRIED-AGENCY", "ultra-vires-commitment", patterns=[GUARANTEE], subject="agency"), text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("企业入园应当缴纳押金。", ["缴纳押金"]),
    ("企业入园不收取任何押金、保证金。", []),  # one negated term negates the measure
])
def test_a_negated_term_negates_the_measure_it_governs(text, found):
    assert quotes(frame_rule("T-PAYMENT", measures=("payment",)), text) == found


def test_an_agreement_rule_example_that_does_not_read_as_an_agreement_gets_its_terms_read():
    text = "甲方将对乙方的投资强度、亩均税收进行监督考核。"  # no title, no 甲方：/乙方： lines
    assert extract_text(text).agreement is None
    assert match_text(RULES["MC-SUPERVISION"], text) == []  # the supervision term is there


# --- ties: a condition tying a gate to who or where the firm is (checks/ties.py), read in the clause ----------

LOCAL_REGISTRATION = frame_rule("T-TIE", tie=("local-registration",), anchored=None)


@pytest.mark.parametrize(("text", "found"), [
    # 柯桥区 is a gazetteer name, no deictic (本区): the tie is read over the places the clause analysis found
    ("投标人须为在柯桥区注册的企业。", ["柯桥区注册"]),
    ("投标人须为在本区注册的企业。", ["本区注册"]),
    ("投标人须为依法设立的企业。", []),
])
def test_a_tie_spec_quotes_the_tie_found_over_the_clauses_places(text, found):
    assert quotes(LOCAL_REGISTRATION, text) == found


def test_a_tie_spec_with_a_gate_fires_only_on_a_tie_that_opens_that_gate():
    procurement = "投标人须为在柯桥区注册的企业。"  # the tie opens procurement, not a benefit
    assert quotes(frame_rule("T-TIE-BENEFIT", tie=("local-registration",), gate=("benefit",)), procurement) == []
    assert quotes(frame_rule("T-TIE-PROCUREMENT", tie=("local-registration",), gate=("procurement",)), procurement) == [
        "柯桥区注册"]


def test_a_tie_spec_with_measures_quotes_the_measure_and_needs_it():
    text = "注册地在柯桥区的企业，给予奖励。"
    assert quotes(frame_rule("T-TIE-BENEFIT-MEASURE", tie=("local-registration",), measures=("benefit",)), text) == ["奖励"]
    assert quotes(frame_rule("T-TIE-APPROVAL-MEASURE", tie=("local-registration",), measures=("approval",)), text) == []


@pytest.mark.parametrize(("bound", "text", "found"), [
    ("named-party", "物业服务企业可以对违规停车的车主处以罚款。", ["处以罚款"]),  # a firm named as the one allowed
    ("named-party", "可以对违规停车的车主处以罚款。", []),  # nobody named: party, but not a named one
    ("party", "可以对违规停车的车主处以罚款。", ["处以罚款"]),
    ("named-party", "区城管局可以对违规停车的车主处以罚款。", []),  # an agency
])
def test_a_named_party_spec_needs_a_citizen_or_firm_named_as_bound(bound, text, found):
    rule = bare_rule("T-NAMED", "power-expansion",
                     frame=(FrameSpec(bound=bound, modality=("permission",), measures=("penalty",)),))
    assert quotes(rule, text) == found


def test_a_frame_rule_skips_a_clause_that_does_not_fit_is_excepted_or_lacks_what_it_requires():
    rule = bare_rule("T-FRAME-SKIPS", "fee", frame=(FrameSpec(measures=("payment",)),),
                     unless=[re.compile("自愿")], requires=[re.compile("企业")])
    # excepted (自愿), lacking 企业 in its sentence, not fitting (no payment): each skipped, the last still found
    text = "企业自愿缴纳押金。个人缴纳保证金。企业应当审核。企业缴纳赞助费。"
    assert quotes(rule, text) == ["缴纳赞助费"]


# --- a legal basis that opens or closes the sentence (lead_anchor) ------------------------------------------

@pytest.mark.parametrize(("sentence", "anchored"), [
    ("对违反规定的，依照《大气污染防治法》第九十六条的规定执行。", True),  # closes with a law in 《》
    ("对违反规定的，依照《浙江省某某实施办法》的规定执行。", False),  # a government rule cannot set the measure
    ("对违反规定的，按照国家有关规定执行。", True),  # closes with the state's rules, no title
    ("对违反规定的，处以罚款。", False),
    ("依照《大气污染防治法》，对违反规定的处以罚款。", True),  # opens with it
])
def test_a_sentence_is_anchored_by_a_law_it_opens_or_closes_with(sentence, anchored):
    assert lead_anchor(sentence) is anchored


@pytest.mark.parametrize(("sentence", "clause_at", "anchored"), [
    # a bare 依法 that opens a clause of its own anchors that clause only, not an unrelated one after it
    ("依法加强客运市场监管，客运企业每辆车须缴纳安全保证金一万元。", 0, True),
    ("依法加强客运市场监管，客运企业每辆车须缴纳安全保证金一万元。", 11, False),
    # …but a topic that opens with it governs the clause after it (依法须经批准的项目，经…批准后方可…)
    ("依法须经批准的项目，经相关部门批准后方可开展经营活动。", 10, True),
    # a law in 《》 that opens the sentence anchors every clause of it
    ("依照《大气污染防治法》，对违反规定的处以罚款。", 13, True),
    # 依照国务院决定 standing alone before the comma (no clause of its own) governs what follows
    ("依照国务院决定，从事出租汽车经营的，应当取得出租汽车经营许可。", 8, True),
])
def test_a_bare_yifa_anchors_its_own_clause_not_the_sentence(sentence, clause_at, anchored):
    assert lead_anchor(sentence, clause_at) is anchored


# --- a subject rule whose trigger runs on into the next clause ----------------------------------------------

PLANNING = RULES["UV-PLANNING-EXEMPTION"]  # subject: agency


@pytest.mark.parametrize(("rule", "text", "found"), [
    # a topic named first: who acts on it is bound in the clause the trigger ends in (由甲方 / 由乙方)
    (PLANNING, "项目周边道路的规划红线，将根据乙方需要由甲方予以调整。", ["规划红线，将根据乙方需要由甲方予以调整"]),
    (PLANNING, "项目周边道路的规划红线，将根据乙方需要由乙方予以调整。", []),
    # …when the trigger ends on the first character of that clause too
    (bare_rule("T-TOPIC", "ultra-vires-commitment", patterns=[re.compile("红线，将")], subject="agency"),
     "规划红线，将由甲方予以调整。", ["红线，将"]),
    (bare_rule("T-TOPIC", "ultra-vires-commitment", patterns=[re.compile("红线，将")], subject="agency"),
     "规划红线，将由乙方予以调整。", []),
    # a trigger on the punctuation stands in no clause: the body named before it in its sentence decides
    (bare_rule("T-NO-CLAUSE", "fee", patterns=[re.compile("；收取赞助费")], subject="agency"), "管委会；收取赞助费。",
     ["；收取赞助费"]),
    (bare_rule("T-NO-CLAUSE", "fee", patterns=[re.compile("；收取赞助费")], subject="party"), "管委会；收取赞助费。", []),
    # …even when the clause it runs into binds someone else: the trigger does not stand in that clause
    (bare_rule("T-NO-CLAUSE", "fee", patterns=[re.compile("；企业收取赞助费")], subject="agency"), "管委会；企业收取赞助费。",
     ["；企业收取赞助费"]),
])
def test_a_subject_trigger_across_clauses_is_bound_where_it_ends(rule, text, found):
    assert quotes(rule, text) == found


def test_an_agency_carried_into_a_clause_stays_bound_when_the_party_there_is_an_object():
    # 保证企业…: the firm is what the guarantee is for (an object mark in the clause), so the carried 管委会 binds
    text = "管委会研究，保证企业办妥许可证。"
    assert quotes(bare_rule("T-CARRIED-AGENCY", "ultra-vires-commitment", patterns=[GUARANTEE], subject="agency"), text) == [
        "保证企业办妥"]
    assert quotes(bare_rule("T-CARRIED-PARTY", "ultra-vires-commitment", patterns=[GUARANTEE], subject="party"), text) == []


# --- structure (helper forms): a fronted object read where its verb stands, a passive approval, a list lead-in --------

@pytest.mark.parametrize(("rule", "text", "found"), [
    # a phrase runs across the comma after a fronted object: 配套费，由管委会…收取 reads as 配套费由管委会…收取
    (frame_rule("T-FRONTED", text=re.compile("费[^，。；]{0,12}由[^，。；]{0,24}收取")),
     "入园企业的基础设施配套费，由管委会按照每平方米三十元的标准收取。", ["费，由管委会按照每平方米三十元的标准收取"]),
    # a fronted object is read again after its verb, where an object stands; the finding quotes the verb's clause
    (frame_rule("T-FRONTED", text=re.compile("缴纳[^，。；]{0,12}保证金")),
     "文明施工保证金，施工单位应当在开工前一次性缴纳二十万元。", ["施工单位应当在开工前一次性缴纳二十万元"]),
    # …but not across the comma between two clauses of their own
    (frame_rule("T-FRONTED", text=re.compile("费[^，。；]{0,12}由[^，。；]{0,24}收取")),
     "企业应当按时缴纳物业费，由物业公司统一收取。", []),
    # a passive approval binds who must obtain it, not the agency that gives it
    (PARTY_MAIN, "辖区内餐饮店铺的装修改造方案，由区商务局负责审批。", ["审批"]),
    (AGENCY_MAIN, "辖区内餐饮店铺的装修改造方案，由区商务局负责审批。", []),
    # a list item binds the body its lead-in names, not the party it acts for
    (frame_rule("T-LEAD-IN", bound="agency", text=re.compile("提供担保")),
     "甲方的权利和义务：\n（一）协助乙方办理项目相关手续；\n（二）为乙方项目融资提供担保。", ["提供担保"]),
])
def test_a_clauses_structure_decides_what_it_says(rule, text, found):
    assert quotes(rule, text) == found


# --- a list's lead-in on its own line: the items inherit who it binds, or whom it hands them to (forms6) -------------

ACTING_PARTY_PENALTY = frame_rule("T-ACTING", bound="acting-party", measures=("penalty", "compulsion"))


@pytest.mark.parametrize(("text", "found"), [
    # a firm given duties in a lead-in on the line before acts in the items: 对…的商户 is whom it fines
    ("区市场服务中心有限公司履行以下职责：\n（一）负责市场内摊位的日常管理；\n（二）对违反规定的商户处以罚款。", ["处以罚款"]),
    # the one a lead-in hands its items to (授权…, 交由…) acts in them, not the body that hands them over
    ("街道授权辖区物业服务企业承担下列管理事项：\n1．对拒不整改的业主处以二千元罚款。", ["处以二千元罚款"]),
    ("以下事项交由村股份经济合作社负责：\n（一）对拒不拆除的违规建筑予以强制拆除。", ["强制拆除"]),
    # a lead-in that names the party in its condition lists what is done to it: the party does not act
    ("经营户有违规行为的，按照下列规定处理：\n（一）首次发现的，给予警告；\n（二）第二次发现的，处以五百元罚款。", []),
    # an agency's lead-in: the agency acts
    ("区市场监督管理局履行以下职责：\n（一）对违法行为予以处罚。", []),
    # a party in a phrase that 对 opens is an object, with or without 的
    ("对村内违规建房户处以每平方米一百元的罚款。", []),
    # …and a 对 phrase that is a clause of its own names the topic, a condition's party: it does not act either
    ("对拒不配合检查的经营者，可以处以一千元罚款。", []),
])
def test_a_list_item_inherits_who_acts_from_its_lead_in_across_lines(text, found):
    assert quotes(ACTING_PARTY_PENALTY, text) == found


@pytest.mark.parametrize(("text", "found"), [
    # an item's tie is read after its lead-in, where the gate stands (经营 gates entry; the item names the place)
    ("在晋江市从事网络预约出租汽车经营的，应当符合以下条件：\n1. 在本市登记注册并设立服务机构；\n2. 车辆登记地为本市。", ["本市登记"]),
    # …and with no lead-in the same item has no gate
    ("在本市登记注册并设立服务机构。", []),
])
def test_a_list_item_is_read_with_its_lead_in_for_its_tie(text, found):
    assert quotes(frame_rule("T-TIE-ENTRY", tie=("local-registration",), gate=("entry",), anchored=None), text) == found



def test_a_party_that_a_clause_of_its_own_opens_with_dui_is_the_conditions_topic():
    frames = analyse_clauses("对于从事废旧物资回收经营的个体工商户，应当报区商务局审核同意后方可经营。")
    assert (frames[0].bound.text, frames[0].bound.how) == ("个体工商户", "condition")
    inside = analyse_clauses("对违反规定的商户处以罚款。")
    assert [p.how for p in inside[0].parties] == ["object"]


# --- approvals a statute itself sets, restated (statutory-licences `activities`, checks/lexicons/mine.py) --------

@pytest.mark.parametrize("text", [
    "因特殊情况需要临时占用城市道路的，须经市政工程行政主管部门和公安交通管理部门批准，方可按照规定占用。",
    "在嘉兴市区范围内临时占用城市道路的，应当经市综合行政执法局和公安交通管理部门批准。",
    "未经市政工程行政主管部门和公安交通管理部门批准，任何单位和个人不得占用或者挖掘城市道路。",
    "临时使用林地的，应当经县级以上人民政府林业主管部门批准，期限一般不超过二年。",
])
def test_a_restated_statutory_approval_is_silent(text):
    assert quotes(RULES["LIC-NEW-APPROVAL"], text) == []


@pytest.mark.parametrize("text", [
    "在本区开设美容美发店的，须经所在街道办事处审批同意后方可营业。",  # no statute puts it under approval
    "临时占用城市道路的，除经市政工程行政主管部门和公安交通管理部门批准外，还须取得所在社区居民委员会书面同意。",
    "临时占用城市道路的，须经街道办事处审批同意。",  # a body without the power
    "从事宠物用品零售的，应当经区农业农村局审批。",
])
def test_an_approval_no_statute_sets_still_fires(text):
    assert quotes(RULES["LIC-NEW-APPROVAL"], text)


def test_a_consequence_carries_the_article_its_clause_cites_but_not_to_another_body():
    cited = ("特种设备使用单位未按照规定办理使用登记的，由市场监督管理部门依照特种设备安全法第八十三条责令限期改正；"
             "逾期未改正的，责令停止使用有关特种设备，处一万元以上十万元以下罚款。")
    assert quotes(RULES["PEN-SET-PENALTY"], cited) == []
    other = ("特种设备使用单位未按照规定办理使用登记的，由市场监督管理部门依照特种设备安全法第八十三条责令限期改正；"
             "逾期未改正的，由街道办事处另处五千元罚款。")
    assert quotes(RULES["PEN-SET-PENALTY"], other)


def test_a_determiner_between_an_object_marker_and_a_name_keeps_the_name_an_object():
    # 须经所在街道办事处…: 所在 narrows the office, 经 still makes it the one who approves, not the one bound
    frame = analyse_clauses("在本区开设美容美发店的，须经所在街道办事处审批同意后方可营业。")[0]
    assert [(p.text, p.how) for p in frame.parties] == [("街道办事处", "object")]
    assert [(p.text, p.how) for p in analyse_clauses("所在街道办事处应当于三日内答复。")[0].parties] == \
        [("街道办事处", "subject")]
