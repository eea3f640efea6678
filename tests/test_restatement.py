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
