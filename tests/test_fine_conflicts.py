"""A clause's fine against the range of the higher-law article on the same conduct (checks/fine_conflicts.py).

The articles are read from the statute store (the session's ``law_store`` fixture); each case names the article
it rests on, quoted in the comment from the corpus.
"""
from __future__ import annotations

import pytest

from normreview.checks.engine import review_document
from normreview.checks.fine_conflicts import conduct_of, restated_fine, sentence_conflicts
from normreview.extractors import extract_text
from normreview.extractors.fines import find_fines

pytestmark = pytest.mark.unit
DAY = "2026-11-30"


def test_a_fine_above_the_range_of_the_article_on_the_same_conduct_is_a_conflict():
    # 大气污染防治法 第一百一十九条第一款: 露天焚烧秸秆…可以处五百元以上二千元以下的罚款
    conflicts = sentence_conflicts("露天焚烧秸秆的，由县农业农村局处五千元以上一万元以下罚款", DAY)
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert (conflict.fine.low, conflict.fine.high) == (5000, 10000)
    assert conflict.label == "《中华人民共和国大气污染防治法》第一百一十九条"
    assert [r.label for r in conflict.allowed] == ["500元至2000元"]


def test_a_fine_outside_both_tiers_of_an_article_is_a_conflict_and_one_inside_a_tier_is_not():
    # 消防法 第六十条: 单位 五千元以上五万元以下; 个人 …第五项 (占用、堵塞、封闭消防车通道) 五百元以下
    assert sentence_conflicts("个人占用、堵塞、封闭消防车通道的，处二千元罚款", DAY)
    assert not sentence_conflicts("单位占用、堵塞、封闭消防车通道的，处一万元罚款", DAY)


def test_a_multiple_of_a_base_is_compared_with_the_statutes_multiples():
    # 城乡规划法 第六十四条: 处建设工程造价百分之五以上百分之十以下的罚款
    assert sentence_conflicts("未取得建设工程规划许可证进行建设的，责令停止建设，并处建设工程造价百分之十五的罚款", DAY)
    assert not sentence_conflicts("未取得建设工程规划许可证进行建设的，处建设工程造价百分之八的罚款", DAY)


def test_a_conduct_too_general_to_pick_an_article_or_a_local_regulation_is_left_alone():
    assert not sentence_conflicts("对擅自占道经营的，由管委会处以五千元罚款", DAY)
    assert not sentence_conflicts("拒不改正的，由区城管局对其处二千元罚款", DAY)
    assert not sentence_conflicts("违反本条例规定燃放烟花爆竹的，依照《江苏省烟花爆竹燃放安全管理条例》处二千元罚款", DAY)


def test_a_cited_article_is_the_one_compared():
    # 消防法 第六十条 (cited): 单位 五千元以上五万元以下
    assert sentence_conflicts("单位占用消防车通道的，依照《中华人民共和国消防法》第六十条的规定处二千元罚款", DAY)
    assert not sentence_conflicts("单位占用消防车通道的，依照《中华人民共和国消防法》第六十条的规定处一万元罚款", DAY)


def test_the_conduct_is_the_condition_without_a_duty_the_sentence_opens_with():
    sentence = "各镇应当依法做好禁放宣传，不得推诿，对在禁止燃放烟花爆竹的时间、地点燃放烟花爆竹的，一律处二千元罚款"
    assert conduct_of(sentence, find_fines(sentence)[0]) == "对在禁止燃放烟花爆竹的时间、地点燃放烟花爆竹"


def test_a_fine_stated_as_the_statute_states_it_is_a_restatement():
    assert restated_fine("在人口集中地区露天焚烧秸秆的，由县级人民政府确定的监督管理部门责令改正，"
                         "并可以处五百元以上二千元以下的罚款。", DAY)
    assert not restated_fine("露天焚烧秸秆的，由县农业农村局处五千元以上一万元以下罚款。", DAY)
    assert not restated_fine("拒不改正的，由区城管局对其处二千元罚款。", DAY)


def test_the_review_reports_the_conflict_with_the_article_quoted():
    document = extract_text("关于秸秆禁烧的通知\n第一条 露天焚烧秸秆的，由县农业农村局处五千元以上一万元以下罚款。\n")
    findings = [f for f in review_document(document) if f.rule == "HL-FINE-RANGE"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.category == "higher-law-conflict" and finding.quote == "五千元以上一万元以下"
    assert "《中华人民共和国大气污染防治法》第一百一十九条" in finding.message and "500元至2000元" in finding.message
    quoted = [b for b in finding.basis if b.law == "中华人民共和国大气污染防治法"]
    assert quoted and "露天焚烧秸秆" in quoted[0].text and quoted[0].verified


def test_a_measure_released_is_no_measure_added():
    # 大气污染防治法 第一百一十九条 provides no sealing for 露天焚烧秸秆; lifting one (行政强制法 第二十八条) adds none (lawdraft11)
    from normreview.checks.measure_conflicts import sentence_conflicts as measure_conflicts
    assert measure_conflicts("在人口集中地区露天焚烧秸秆的，由县生态环境局及时作出解除查封、扣押决定。", DAY) == []
    assert {c.measure for c in measure_conflicts("在人口集中地区露天焚烧秸秆的，由县生态环境局查封、扣押焚烧工具。", DAY)} == {"查封", "扣押"}


def test_the_rules_read_a_restated_fine_against_the_statutes_on_the_drafts_day():
    """Not the day the review runs: 固体废物污染环境防治法 第一百一十一条 (2020 revision, in force 2020-09-01) fines 擅自倾倒、抛撒或者堆放
    工程施工过程中产生的建筑垃圾 with 处十万元以上一百万元以下的罚款; a draft published in 2019 that sets that fine restates no
    statute in force then, and sets a penalty itself."""
    clause = "施工单位擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾的，由区城管局处十万元以上一百万元以下的罚款。"

    def penalties(day: str) -> list[str]:
        document = extract_text(f"关于加强建筑垃圾管理的通知\n第一条 {clause}\n")
        document.dates.published = day
        return [f.rule for f in review_document(document) if f.category == "penalty"]
    assert penalties("2021-05-01") == []
    assert penalties("2019-05-01") == ["PEN-SET-PENALTY"]
