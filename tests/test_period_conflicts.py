"""A clause's procedural period against the period of the higher-law article on the same procedure
(checks/period_conflicts.py). Each case names the article it rests on, quoted in the comment from the corpus."""
from __future__ import annotations

import pytest

from normreview.checks.engine import review_document
from normreview.checks.period_conflicts import periods_in, sentence_conflicts
from normreview.extractors import extract_text

pytestmark = pytest.mark.unit
DAY = "2026-11-30"


def test_the_actor_of_a_period_is_read_from_its_clause():
    party, = periods_in("当事人要求听证的，应当在行政机关告知后五日内提出")
    assert (party.actor, party.label, party.n, party.unit) == ("party", "五日", 5, "日")
    authority, = periods_in("行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复")
    assert (authority.actor, authority.unit) == ("authority", "工作日")
    seizure, = periods_in("查封、扣押的期限为九十日，情况复杂的可以延长六十日")
    assert (seizure.actor, seizure.extension) == ("authority", False)
    extended, = periods_in("查封、扣押的期限不得超过三十日；情况复杂的，可以延长，但是延长扣押的期限不得超过三十日")[1:]
    assert (extended.actor, extended.extension) == ("authority", True)


def test_the_party_s_time_cut_is_a_conflict():
    # 行政处罚法 第六十四条（一）: 当事人要求听证的，应当在行政机关告知后五日内提出
    conflict, = sentence_conflicts("当事人要求听证的，应当在收到行政处罚告知书之日起三日内以书面形式提出，逾期视为放弃", DAY)
    assert conflict.provision.label == "《中华人民共和国行政处罚法》第六十四条"
    assert [q.label for q in conflict.allowed] == ["五日"] and conflict.period.actor == "party"
    # 行政复议法 第二十条: 自知道或者应当知道该行政行为之日起六十日内提出行政复议申请
    conflict, = sentence_conflicts("当事人对征收补偿决定不服的，可以在收到决定之日起十五日内向区人民政府申请行政复议", DAY)
    assert conflict.provision.label == "《中华人民共和国行政复议法》第二十条"


def test_the_authority_s_time_stretched_is_a_conflict_in_its_own_unit():
    # 政府信息公开条例 第三十三条第二款: 应当自收到申请之日起20个工作日内予以答复
    conflict, = sentence_conflicts("行政机关不能当场答复的，应当自收到申请之日起四十个工作日内予以答复", DAY)
    assert conflict.provision.label == "《中华人民共和国政府信息公开条例》第三十三条"
    # 行政许可法 第四十二条: 应当自受理行政许可申请之日起二十日内作出行政许可决定 (60 working days span more)
    conflict, = sentence_conflicts("申请材料齐全、符合法定形式的，审批机关应当自受理之日起60个工作日内作出是否准予许可的决定", DAY)
    assert conflict.provision.label == "《中华人民共和国行政许可法》第四十二条"


@pytest.mark.parametrize("text", [
    "当事人要求听证的，应当在行政机关告知后五日内提出",  # restated
    "区行政审批局应当自受理申请之日起十个工作日内作出是否准予许可的决定",  # the authority quicker
    "被征收人对征收决定不服的，可以自知道该决定之日起六十日内依法申请行政复议",  # restated
    "乙方应当自本协议签订之日起三十日内缴清土地出让价款",  # no statutory procedure
    "当事人要求听证的，应当依照《江苏省行政程序条例》在三日内提出",  # a local regulation is left alone
])
def test_a_period_the_statute_allows_or_no_statute_sets_is_silent(text):
    assert sentence_conflicts(text, DAY) == []


def test_the_finding_quotes_the_matched_article_from_the_store():
    document = extract_text("某区行政处罚程序规定\n第十五条 当事人要求听证的，应当在收到告知书之日起三日内提出，逾期视为放弃。")
    finding, = [f for f in review_document(document) if f.rule == "HL-PROCEDURE-PERIOD"]
    assert finding.category == "higher-law-conflict" and finding.quote == "三日内"
    article = finding.basis[0]
    assert article.law == "中华人民共和国行政处罚法" and article.verified and "五日内提出" in article.text
