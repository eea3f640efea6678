"""A clause that restates a sentence of a law, regulation or ministry rule in force sets nothing (checks/restatement.py):
the statute sentence is found and the findings it would raise stay silent; a clause that changes what the statute sets
(another range, a measure added, a body without the power) is no restatement and is still found."""
import pytest

from normreview.checks.catalogue import load_rules
from normreview.checks.engine import match_text
from normreview.checks.restatement import restated

pytestmark = pytest.mark.unit

RULES = {rule.id: rule for rule in load_rules()}


def test_a_penalty_with_the_statutes_range_restates_its_article():
    found = restated("未取得燃气经营许可证从事燃气经营活动的，由县燃气管理部门责令停止违法行为，处5万元以上50万元以下罚款；"
                     "有违法所得的，没收违法所得。")
    assert found is not None and found.law == "城镇燃气管理条例" and "5万元以上50万元以下罚款" in found.text


def test_another_range_or_a_measure_added_is_no_restatement():
    assert restated("未取得燃气经营许可证从事燃气经营活动的，由县燃气管理部门责令停止违法行为，处10万元以上50万元以下罚款。") is None
    assert restated("未取得燃气经营许可证从事燃气经营活动的，由县燃气管理部门责令停业整顿三个月，并列入全县燃气行业黑名单，"
                    "三年内不得从事燃气经营。") is None


def test_a_duty_restated_with_todays_body_is_silent_and_one_laid_on_top_is_found():
    lawful = ("集中交易市场的开办者应当依法审查入场食品经营者的许可证，定期对其经营环境和条件进行检查，发现其有违反食品安全法规定行为的，"
              "应当及时制止并立即报告区市场监督管理局。")
    assert restated(lawful).law == "中华人民共和国食品安全法"
    assert match_text(RULES["OBL-UNFOUNDED-BURDEN"], lawful) == []
    assert match_text(RULES["OBL-UNFOUNDED-BURDEN"], "集中交易市场的开办者应当每周将入场经营者的销售台账报送所在社区居民委员会审核。")


def test_a_short_clause_is_never_read_as_a_restatement():
    assert restated("处五十元罚款。") is None


def test_a_kind_the_statute_lists_is_read_as_its_category():
    """电梯 is one of the 特种设备 特种设备安全法 第二条 lists: a duty of an 电梯 installer, told to today's office, restates
    第二十三条; the same duty sent to a street office is the draft's own."""
    found = restated("电梯安装、改造、修理的施工单位应当在施工前将拟进行的电梯安装、改造、修理情况书面告知市市场监督管理局。")
    assert found is not None and found.law == "中华人民共和国特种设备安全法" and found.article == 23
    assert restated("电梯安装单位应当在施工前将拟进行的电梯安装情况报所在街道办事处审核同意后方可施工。") is None


def test_each_half_of_a_sentence_joining_two_articles_restates_its_own():
    """A draft joins 特种设备安全法's licence (第二十二条) and its duty to notify (第二十三条) with 并: the second predicate,
    read with the party and modal word of the first, restates 第二十三条 and stays silent; a duty of the draft's own in
    the same place is still found."""
    lawful = "电梯安装单位应当取得特种设备安装改造修理许可，并在施工前将拟进行的电梯安装情况书面告知区市场监督管理局。"
    assert match_text(RULES["OBL-UNFOUNDED-BURDEN"], lawful) == []
    assert match_text(RULES["OBL-UNFOUNDED-BURDEN"],
                      "电梯安装单位应当取得特种设备安装改造修理许可，并每月将全部施工人员名单报送所在社区居民委员会审核。")


def test_an_item_read_with_its_lead_in_restates_the_article():
    """城市道路管理条例 第四十二条 sets one consequence in its lead-in for the conducts its items list; a draft that states one
    conduct with that consequence restates it, one that raises the fine does not."""
    found = restated("占用城市道路期满或者挖掘城市道路后，不及时清理现场的，由区城市管理局责令限期改正，并可以处以2万元以下的罚款。")
    assert found is not None and found.law == "城市道路管理条例" and found.article == 42
    assert restated("占用城市道路期满或者挖掘城市道路后，不及时清理现场的，由区城市管理局责令限期改正，并可以处以5万元以下的罚款。") is None


def test_an_approver_named_as_a_statute_names_it_is_the_statutes():
    """卫生健康行政部门 (today's name for 母婴保健法's 卫生行政部门) and 核定公布该文物保护单位的人民政府 are the statute's way of
    naming who approves; the draft's own office, with its place, still fires."""
    rule = RULES["LIC-NEW-APPROVAL"]
    assert match_text(rule, "开办母婴保健专项技术服务的医疗机构，须经卫生健康行政部门许可。") == []
    assert match_text(rule, "因特殊情况需要进行的，必须保证文物保护单位的安全，并经核定公布该文物保护单位的人民政府批准。") == []
    assert match_text(rule, "开办足浴店的，须经区卫生健康行政部门许可。")
