"""Tender and procurement rules (checks/rules/procurement.yaml) quote the clause that holds the restriction, not
the tender sentence around it, and stay silent on the lawful look-alikes the law itself allows."""
import pytest
from rule_quotes import RULES, quotes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("rule_id,text,quote", [
    # the record tied to a place is in the first clause, the score in the next
    ("PR-REGIONAL-RECORD", "投标人近三年在漳州市范围内完成过同类供水管网工程的，每项得2分，最高得6分。", "完成过"),
    # a list item under a lead-in that names the purchase
    ("PR-LOCAL-PRESENCE", "参加本次采购的供应商应同时满足以下条件：\n（一）具有独立承担民事责任的能力；\n（二）在九江市区内拥有自有仓库。", "拥有自有仓库"),
    # the brand in the technical terms, the exclusion after it
    ("PR-DESIGNATED-BRAND", "技术参数：所投防火墙须为深信服品牌，投其他品牌的作无效投标处理。", "须为深信服品牌"),
    ("PR-OWNERSHIP-FORM", "本项目的分包单位原则上从国有企业中选择，不得转包。", "从国有企业中选择"),
    ("PR-UNEQUAL-LOCAL", "外地企业参加本县工程投标的，除提交招标文件要求的资料外，还须另行提供完税证明。", "还须"),
    ("PR-DOCUMENTS-IN-PERSON", "获取招标文件的方式：现场购买，售价每套300元。", "现场购买"),
])
def test_a_procurement_restriction_is_quoted_from_its_own_clause(rule_id, text, quote):
    found = quotes(rule_id, text)
    assert found and any(quote in q for q in found), found


@pytest.mark.parametrize("text", [
    "本项目不接受联合体投标。",  # whether to accept a 联合体 is the tenderer's choice (招标投标法实施条例 第三十七条)
    "投标人须具有建筑工程施工总承包三级及以上资质。",  # a qualification the 建筑法 itself requires
    "所投空调可选用格力品牌或性能相当于该品牌的同档次产品。",  # a brand as a reference, equivalents accepted
    "投标人近三年完成过同类项目的，每项得1分，业绩所在地不限。",  # performance not tied to a place
    "不得将在本地设立分支机构作为参加投标的条件。",  # the prohibition of the restriction itself
    "取消将企业在当地纳税作为评分标准的规定。",  # a restriction removed
    "企业在本区注册登记后，可以申请创业补贴。",  # a local tie outside any tender or purchase: other rules' business
])
def test_lawful_procurement_look_alikes_stay_silent(text):
    fired = [rule_id for rule_id in RULES if rule_id.startswith("PR-") and quotes(rule_id, text)]
    assert not fired, fired
