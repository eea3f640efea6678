"""(prec13) Lawful look-alikes silenced by their legal or linguistic reason, each beside an unlawful twin that still fires
on the clause that is unlawful: the quote names which words matched, so a twin cannot pass on the lawful words."""
from __future__ import annotations

import pytest

from normreview.checks.catalogue import load_rules
from normreview.checks.clauses import analyse_clauses
from normreview.checks.engine import match_text

pytestmark = pytest.mark.unit

RULES = {r.id: r for r in load_rules()}

# rule, lawful wording, unlawful twin, the words the twin's finding must quote
CASES = [
    # the negation reaches over a manner adverbial ($measure_disclaimed)
    ("GG-DEBT-GUARANTEE", "开发区管委会不直接或者间接为乙方的债券融资提供担保。",
     "开发区管委会直接或者间接为乙方的债券融资提供担保。", "提供担保"),
    # an agreement's promise reported removed (engine.REMOVED): the twin's promise stands in the new wording
    ("MA-EXCLUSIVE-PROMISE", "经双方协商，协议删去了“园区内不再引进生产同类产品的企业”的承诺，改为：“甲方依法平等对待各类入园企业。”",
     "协议删除了“甲方依法平等对待各类入园企业”的约定，改为：“甲方承诺园区内不再引进同类企业。”", "不再引进"),
    # the old words of a replaced provision (engine.REMOVED)
    ("BC-FORCED-MEMBERSHIP", "审查后，将“物流企业须加入市物流协会”的表述调整为：“物流企业可自主决定是否加入行业协会。”",
     "审查后，将“物流企业享受同等服务”的表述调整为：“物流企业须加入市物流协会。”", "须加入市物流协会"),
    # a qualification measured against the work (engine.CORRESPONDING): the twin's local paper fires, not the qualification
    ("LIC-NEW-APPROVAL", "招标公告明确，投标人应当具有与采购项目规模相匹配的专业资质，且不得以本地业绩作为加分条件。",
     "投标人应当具备与招标项目相适应的资质，并持有县住建局出具的本地施工备案证明。", "备案证明"),
    # a list of papers one holds handed in; an office's paper in the list still fires
    ("LIC-NEW-APPROVAL", "申请办理房屋租赁登记备案，出租人应当提供房屋所有权证书、租赁合同和出租人、承租人的身份证明。",
     "申请办理房屋租赁登记备案，出租人应当提供房屋所有权证书、租赁合同和社区居委会出具的无违建证明。", "无违建证明"),
    # a deposit returned within days ($deposit_returned_promptly); a holding period of months still fires
    ("FEE-DEPOSIT-WITHHELD", "设备租赁期届满，乙方归还设备经验收无损坏的，甲方于十五个工作日内将押金无息返还乙方。",
     "设备租赁期届满后六个月内，甲方将押金无息返还乙方。", "押金无息返还"),
    # subordinate governments assessed ($subordinate_assessed, engine.RESULT_NAMED_BACK); firms assessed still fire
    ("PEN-SET-PENALTY", "市人民政府每年对各区河长制落实情况开展考评，考评结果予以通报。",
     "县政府对各乡镇的养殖企业环保情况进行考核，考核结果在全县范围内通报。", "通报"),
    # the kind of work named (clauses.WORK_NAMED); a demolition a body carries out still fires
    ("CMP-SET-MEASURE", "重污染天气红色预警期间，全区停止建筑工地土方开挖和房屋拆除作业。",
     "拒不停止施工的，由街道办事处组织拆除施工。", "拆除施工"),
    # (prec12, session 12) the 不得 binds the administration ($power_forbidden: 优化营商环境条例 第四十四条, 第六十四条); the twin
    # lays the demand on the party
    ("OBL-EXTRA-DUTY", "个体工商户办理变更登记的，登记机关不得要求其提前书面报告或者出具其他意见。",
     "个体工商户办理变更登记的，应当提前十日书面报告街道办事处。", "提前十日书面报告"),
    ("LIC-NEW-APPROVAL", "未经执法资格审核确认的人员，一律不得实施行政检查。",
     "未经街道综合执法队审核同意，商户一律不得开展经营活动。", "审核同意"),
    ("MA-DISCRIMINATORY-ENTRY", "凡未列入证明事项清单的证明，各单位一律不得要求企业提供。",
     "凡未列入本县供应商名录的企业，一律不得参与投标。", "一律不得"),
    # (prec12, session 12) the past left standing ($past_left_standing: 立法法 第一百零四条, 行政许可法 第八条), read in every
    # clause the trigger spans (engine.passes_conditions); the twin reopens the past
    ("RETRO-APPLICATION", "本通知印发前已经办理的户外广告设置许可，在有效期内继续有效，期满后按照本通知重新申请。",
     "本通知印发前已经办理的户外广告设置许可，不再按照原标准执行，一律按照本通知重新申请并补缴费用。", "按照本"),
    ("RETRO-APPLICATION", "2018年1月1日以前已办理竣工验收的项目，不再补缴差额。",
     "2018年1月1日以前已办理竣工验收的项目，按照本办法补缴差额。", "补缴"),
    # (prec14) a quoted charge is not split (patterns.quoted_spans): the 不得 before it governs the penalty after it
    ("PEN-SET-PENALTY", "各地交通运输管理部门不得对该类车辆、驾驶员以“未取得相应从业资格证件，驾驶道路客货运输车辆”为由实施行政处罚。",
     "各地交通运输管理部门对该类车辆、驾驶员以“未取得相应从业资格证件，驾驶道路客货运输车辆”为由处以二千元罚款。", "罚款"),
    # (prec14) the provisions a removal lists after 包括 (engine.REMOVED_LISTED); the twin sets them
    ("FF-LOCAL-REGISTRATION-TAX", "该局删除了对外地企业的不合理限制等规定，包括要求外地企业在本市设立分公司、缴纳质量保证金。",
     "本市对外地建筑企业实行以下管理措施，包括要求外地企业在本市设立分公司、缴纳质量保证金。", "设立分公司"),
    # (prec14) a place's service platform is the administration's channel, not a local firm (ties.GOVERNMENT_SERVICE)
    ("FF-LOCAL-PREFERENCE", "中小企业可以通过佛山市企业服务平台自愿申请入库，入库不收取任何费用。",
     "中小企业可以通过佛山市企业服务平台申请入库，入库企业限于佛山市企业。", "佛山市企业"),
    # (prec14) a seal that carries out the seizure named beside it (clauses._seal_of_seizure); the twin's seizure is the measure
    ("CMP-SET-MEASURE", "区应急管理局依法对该企业违法生产场所实施查封，加贴封条，并制作现场笔录。",
     "对拒不整改的经营户，由街道办事处对其店铺予以查封，加贴封条。", "查封"),
    ("CMP-SET-MEASURE", "查封场所、设施或者财物的，执法人员应当在查封物上加贴本局封条，并在清单中载明。",
     "对拒不整改的经营户，由街道办事处对其店铺加贴封条。", "贴封条"),
    # (prec14) a lease's rent reduction returned on leaving before its term ($lease_discount_returned); a subsidy clawed back fires
    ("MA-DISCRIMINATORY-ENTRY", "乙方提前退出的，应当退还已享受的厂房租金减免部分。",
     "乙方提前退出园区的，应当向甲方返还其已享受的全部产业扶持资金。", "返还"),
    # (prec14) a voluntary entry named in the party's own clause before the duty ($voluntary_entry, engine.party_named_before)
    ("OBL-EXTRA-DUTY", "按照自愿原则加入行业自律公约的会员单位，应当签署自律承诺书。",
     "加入行业自律公约的会员单位，应当签署自律承诺书。", "签署自律承诺书"),
    # (prec14) a consumer's registration is no firm's seat (ties: 公平竞争审查条例 第二条); a firm's registration still ties
    ("FF-LOCAL-REGISTRATION-TAX", "对在本县登记的个人消费者发放文旅消费券，每人最高补贴300元。",
     "对在本县登记的个人独资企业发放文旅消费券，每家最高补贴300元。", "本县登记"),
    # (prec14) land allocated (土地管理法 第五十四条) is no 划拨 of a party's money (行政强制法 第十二条)
    ("CMP-SET-MEASURE", "符合《划拨用地目录》的，可按划拨方式办理用地手续。",
     "对逾期不缴纳配套费的企业，由管委会划拨其账户资金。", "划拨"),
    # (prec14) a relief named as what the office publishes ($relief_published: 优化营商环境条例 第二十五条); the twin grants one
    ("SI-FEE-PREFERENCE", "中心应当在服务大厅和门户网站公示收费项目、收费依据、收费标准、减免政策和投诉举报电话。",
     "中心应当在门户网站公示收费项目和收费标准，对入驻企业减免窗口服务费。", "减免窗口服务费"),
]


@pytest.mark.parametrize("rule,lawful,twin,quoted", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_lawful_form_is_silent_and_its_twin_fires_on_the_unlawful_words(rule, lawful, twin, quoted):
    assert match_text(RULES[rule], lawful) == []
    spans = match_text(RULES[rule], twin)
    assert spans and any(quoted in twin[a:b] or twin[a:b] in quoted for a, b in spans), [twin[a:b] for a, b in spans]


def test_a_compulsory_verb_before_a_work_noun_that_a_body_carries_out_stays_a_measure():
    named = [m for f in analyse_clauses("全区停止建筑工地土方开挖和房屋拆除施工。") for m in f.measures if m.cls == "compulsion"]
    done = [m for f in analyse_clauses("由区城管局强制拆除施工设施。") for m in f.measures if m.cls == "compulsion"]
    assert named == [] and done
