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


def test_the_issuing_body_naming_itself_is_the_statutes_body():
    # 行政许可法 第四十五条: 行政机关应当将所需时间书面告知申请人 — the office's own 本局/我局 for 行政机关 (lawdraft11)
    assert restated("依法需要检验、检测、鉴定的，所需时间不计算在规定的期限内，我局应当将所需时间书面告知申请人") is not None
    # 行政强制法 第五十三条 sets who may ask a court to enforce, with 可以 and no duty word: it is indexed
    found = restated("当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，本机关可以自期限届满之日起三个月内"
                     "申请人民法院强制执行")
    assert found is not None and found.law == "中华人民共和国行政强制法" and found.article == 53


def test_a_penalty_of_a_kind_the_statute_sentence_lacks_is_no_restatement():
    # 水土保持法 第四十九条 fines 陡坡开垦 and orders 退耕; confiscating the gains is short but changes what matters
    assert restated("在禁止开垦坡度以上陡坡地开垦种植农作物的，由县水利局责令停止违法行为，采取退耕、恢复植被等补救措施，"
                    "没收违法所得，可以对个人处每平方米二元以下的罚款") is None
    assert restated("在禁止开垦坡度以上陡坡地开垦种植农作物的，由县水利局责令停止违法行为，采取退耕、恢复植被等补救措施；"
                    "按照开垦面积，可以对个人处每平方米二元以下的罚款、对单位处每平方米十元以下的罚款") is not None


def test_a_confiscation_the_statutes_paragraph_provides_is_restated_with_its_fine():
    # 水土保持法 第四十八条: …由…责令停止违法行为，没收违法所得，对个人处一千元以上一万元以下的罚款… (lawdraft11)
    rule = RULES["PEN-SET-PENALTY"]
    lawful = ("关于某事项的通知\n第一条 在崩塌、滑坡危险区或者泥石流易发区从事取土、挖砂、采石等可能造成水土流失的活动的，由县水利局"
              "责令停止违法行为，没收违法所得，对个人处一千元以上一万元以下的罚款，对单位处二万元以上二十万元以下的罚款。\n")
    assert match_text(rule, lawful) == []
    # …固体废物污染环境防治法 第一百一十一条第三款 fines 未分类投放 without confiscating anything
    unlawful = ("关于某事项的通知\n第一条 单位未在指定的地点分类投放生活垃圾的，由区城市管理局责令改正，没收违法所得，"
                "处五万元以上五十万元以下的罚款。\n")
    assert match_text(rule, unlawful)
