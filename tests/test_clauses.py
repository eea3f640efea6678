"""Clause analysis (checks/clauses.py) on sentences written for it: who is bound, modality, measures by
class, places, amounts and the legal anchors of each clause, with the part they stand in.

Notation of ``frame_summary``: a measure "cls:text", with "@condition" / "@exception" when it is not in
the main clause and a leading "!" when the main clause negates it; a place "text", "*" when it is a
deictic of the text's own territory (本区); an anchor "kind:text" with its part the same way; bound
"text/kind/how" (how: subject, agent 由…, condition, carried from the previous clause).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normreview.checks.clauses import analyse_clauses, frames_in
from normreview.checks.engine import analyse, bound_kind
from normreview.checks.lexicons import LEXICON_DIR, clause_classes, load_lexicons
from normreview.settings import settings

pytestmark = pytest.mark.unit


def frame_summary(frame) -> dict:
    summary = {"main": frame.main.text}
    if frame.condition:
        summary["cond"] = frame.condition.text
    if frame.exception:
        summary["exc"] = frame.exception.text
    summary["bound"] = f"{frame.bound.text}/{frame.bound.kind}/{frame.bound.how}" if frame.bound else None
    summary["mod"] = f"{frame.modality.text}/{frame.modality.kind}" if frame.modality else None
    summary["measures"] = [("!" if m.negated else "") + f"{m.cls}:{m.text}" + ("" if m.part == "main" else "@" + m.part)
                           for m in frame.measures]
    summary["places"] = [p.text + ("*" if p.local else "") for p in frame.places]
    summary["anchors"] = [f"{a.kind}:{a.text}" + ("" if a.part == "main" else "@" + a.part) for a in frame.anchors]
    summary["parties"] = [f"{p.text}/{p.kind}" for p in frame.parties]
    for key in ("amounts", "rates", "periods"):
        summary[key] = [m.text for m in getattr(frame, key)]
    return summary


def check(text: str, *expected: dict) -> None:
    frames = analyse_clauses(text)
    assert len(frames) == len(expected), [frame_summary(f) for f in frames]
    for frame, want in zip(frames, expected):
        got = frame_summary(frame)
        assert {k: got[k] for k in want} == want, got


# --- the issue's examples -------------------------------------------------------------------------

def test_real_place_name_and_location_tie():
    check("小规模工程投标企业必须在惠安县注册登记",
          {"main": "小规模工程投标企业必须在惠安县注册登记", "bound": "企业/party/subject", "mod": "必须/obligation",
           "measures": ["location-tie:注册登记"], "places": ["惠安县"], "anchors": []})


def test_condition_and_consequence_with_the_agency_as_agent():
    check("拒不改正的，由区城管局处以罚款",
          {"cond": "拒不改正的", "main": "由区城管局处以罚款", "bound": "区城管局/agency/agent", "mod": None,
           "measures": ["penalty:处以罚款"], "places": []})


def test_the_condition_of_a_consequence_does_not_negate_its_measure():
    check("逾期不缴纳的，由区城管局暂扣其车辆钥匙",
          {"cond": "逾期不缴纳的", "bound": "区城管局/agency/agent",
           "measures": ["payment:缴纳@condition", "compulsion:暂扣"]})


# --- who is bound ---------------------------------------------------------------------------------

def test_a_prohibition_on_the_agency_binds_the_agency():
    check("区商务局不得要求企业提供无犯罪记录证明",
          {"bound": "区商务局/agency/subject", "mod": "不得/prohibition", "measures": ["burden:提供", "approval:无犯罪记录证明"],
           "parties": ["区商务局/agency", "企业/party"]})


def test_agency_named_with_its_county():
    check("晋安区人民政府不得向企业收取保证金",
          {"bound": "晋安区人民政府/agency/subject", "mod": "不得/prohibition", "measures": ["payment:收取保证金"],
           "places": ["晋安区"]})


def test_agency_object_of_a_preposition_is_not_bound():
    check("建设单位应当依法向惠安县住建局申领施工许可证",
          {"bound": "建设单位/party/subject", "mod": "应当/obligation", "measures": ["approval:施工许可证"],
           "places": ["惠安县"], "anchors": ["lawful:依法"], "parties": ["建设单位/party", "惠安县住建局/agency"]})


def test_subject_carried_to_the_next_clause_of_the_sentence():
    check("外地企业参加本县政府采购项目，须在本县设立分支机构",
          {"main": "外地企业参加本县政府采购项目", "bound": "外地企业/party/subject", "mod": None, "places": ["本县*"]},
          {"main": "须在本县设立分支机构", "bound": "外地企业/party/carried", "mod": "须/obligation",
           "measures": ["location-tie:设立分支机构"], "places": ["本县*"]})


def test_a_second_predicate_joined_by_bing_is_a_duty_of_the_same_party():
    """…应当A，并B: B has no modal word and no party of its own; it is the same party's duty (a name inside it, after
    经 or in a 的-phrase, is no subject). A clause with an agent of its own (并由区财政局拨付) or after a prohibition
    keeps its own reading."""
    frames = analyse_clauses("餐饮企业申请在店外经营的，须向区城市管理局提交申请材料，并经所在社区居民委员会盖章同意。")
    assert frames[0].modality.kind == "obligation"  # 须向区: the modal glued to its preposition
    assert frames[1].modality.kind == "obligation" and frames[1].bound.text == "餐饮企业" and frames[1].bound.how == "carried"
    frames = analyse_clauses("施工企业应当依法支付工资，并将利润的百分之五存入县人社局指定的专户。")
    assert frames[1].modality.kind == "obligation" and frames[1].bound.kind == "party" and frames[1].bound.how == "carried"
    frames = analyse_clauses("企业应当提交申请，经审核合格的，并由区财政局拨付补助资金。")
    assert frames[-1].bound.how == "agent" and frames[-1].modality is None
    frames = analyse_clauses("企业不得擅自转让项目，并将有关情况告知甲方。")
    assert frames[1].modality is None


def test_a_bare_yifa_of_a_consequence_is_not_carried_into_a_power_with_its_own_modal_word():
    """执法人员发现…的，应当依法制止，可以当场暂扣…: 依法 governs 制止, not the 暂扣 the next clause grants; a law named
    (依照《城市道路管理条例》第四十二条的规定责令限期改正，可以处以…罚款) covers the clauses that follow it."""
    frames = analyse_clauses("执法人员发现非法营运车辆的，应当依法制止，可以当场暂扣其车辆钥匙和行驶证。")
    assert frames[0].anchored and not frames[1].anchored and frames[1].modality.kind == "permission"
    frames = analyse_clauses("擅自占用城市道路的，由区城市管理局依照《城市道路管理条例》第四十二条的规定责令限期改正，可以处以2万元以下的罚款。")
    assert frames[-1].anchored
    assert analyse_clauses("外卖配送人员进入步行街配送的，须持通行准许卡。")[0].modality.kind == "obligation"  # 须持: one jieba word


def test_subject_is_not_carried_across_sentences():
    frames = analyse_clauses("企业应当依法纳税。须在本区登记。")
    assert frames[0].bound.text == "企业"
    assert frames[1].bound is None and frames[1].sentence_start == frames[0].sentence_end


def test_after_an_agent_the_next_clause_binds_the_party_of_the_condition():
    check("对违反本办法的企业，由区市场监管局列入黑名单，三年内不得享受优惠政策",
          {"cond": "对违反本办法的企业", "bound": "区市场监管局/agency/agent", "measures": ["penalty:列入黑名单"]},
          {"main": "三年内不得享受优惠政策", "bound": "企业/party/carried", "mod": "不得/prohibition",
           "measures": ["benefit:优惠政策"], "periods": ["三年"]})


def test_coordinated_parties_are_one_bound():
    check("单位和个人不得擅自改变房屋用途，法律、法规另有规定的除外",
          {"main": "单位和个人不得擅自改变房屋用途", "exc": "法律、法规另有规定的除外",
           "bound": "单位和个人/party/subject", "mod": "不得/prohibition", "measures": [],
           "anchors": ["reservation:法律、法规另有规定@exception"]})


def test_party_named_in_a_topic_before_the_clause():
    check("从事食品销售的经营者，应当取得食品经营许可证",
          {"cond": "从事食品销售的经营者", "main": "应当取得食品经营许可证", "bound": "经营者/party/condition",
           "mod": "应当/obligation", "measures": ["approval:食品经营许可证"]})


def test_agency_of_an_agreement_and_its_counterpart():
    check("乙方承诺在南浔区注册并纳税，甲方按乙方年度地方财政贡献的80%给予奖励",
          {"bound": "乙方/party/subject", "measures": ["location-tie:注册", "location-tie:纳税"], "places": ["南浔区"]},
          {"bound": "甲方/agency/subject", "measures": ["location-tie:地方财政贡献", "benefit:奖励"], "rates": ["80%"]})


def test_agency_name_split_by_the_segmenter():
    check("商户可以自主选择供应商，但须经市场管理办公室认可",
          {"main": "商户可以自主选择供应商", "bound": "商户/party/subject", "mod": "可以/permission", "measures": []},
          {"main": "但须经市场管理办公室认可", "bound": "商户/party/carried", "mod": "须经/obligation",
           "measures": ["approval:认可"], "parties": ["市场管理办公室/agency"]})


def test_township_governments_bound_and_local_deictic():
    check("各乡镇人民政府应当加强对辖区内企业的服务",
          {"bound": "各乡镇人民政府/agency/subject", "mod": "应当/obligation", "measures": [], "places": ["辖区内*"]})


def test_adjacent_party_words_are_one_party():
    check("本市居民子女方可在本市入学，外地户籍学生需缴纳借读费",
          {"bound": "居民子女/party/subject", "mod": "方可/precondition", "measures": ["rights-restriction:入学"],
           "places": ["本市*", "本市*"]},
          {"bound": "学生/party/subject", "mod": "需/obligation",
           "measures": ["rights-restriction:户籍", "payment:缴纳借读费"], "places": ["外地"]})


def test_party_right_after_a_prohibition_is_bound():
    check("严禁任何单位向企业摊派费用",
          {"bound": "单位/party/subject", "mod": "严禁/prohibition", "measures": ["payment:摊派费用"],
           "parties": ["单位/party", "企业/party"]})


def test_development_zone_named_over_several_tokens_and_a_city_before_a_district():
    check("乙方须在签约后三个月内完成工商注册登记，注册地须在南浔经济开发区",
          {"bound": "乙方/party/subject", "mod": "须/obligation", "measures": ["location-tie:工商注册登记"]},
          {"bound": "乙方/party/carried", "measures": ["location-tie:注册地"], "places": ["南浔经济开发区"]})
    check("湖州市南浔区人民政府办公室",
          {"bound": "湖州市南浔区人民政府办公室/agency/subject", "places": ["湖州市南浔区"]})  # the office, not the government


# --- modality ------------------------------------------------------------------------------------

def test_not_obtained_then_prohibited_is_a_precondition():
    check("未取得食品经营许可证的，不得从事餐饮服务",
          {"cond": "未取得食品经营许可证的", "bound": None, "mod": "不得/precondition",
           "measures": ["approval:食品经营许可证@condition"]})


def test_without_consent_the_landlord_may_not_let():
    check("未经街道办事处同意，出租人不得将房屋出租给外来人员",
          {"cond": "未经街道办事处同意", "bound": "出租人/party/subject", "mod": "不得/precondition",
           "measures": ["approval:同意@condition"]})


def test_only_after_a_permit():
    check("外来人员办理居住证后，方可办理子女入学手续",
          {"cond": "外来人员办理居住证后", "bound": "外来人员/party/condition", "mod": "方可/precondition",
           # 居住证 is a certificate and the entitlement to public services it carries
           "measures": ["approval:居住证@condition", "rights-restriction:居住证@condition", "rights-restriction:子女入学"]})


def test_filing_then_only_then_is_an_approval():
    check("出租人应当持房屋所有权证明到街道办事处备案后方可出租",
          {"bound": "出租人/party/subject", "mod": "后方可/precondition",
           "measures": ["approval:房屋所有权证明"], "parties": ["出租人/party", "街道办事处/agency"]})


def test_approval_by_an_agency_in_the_condition():
    check("经区发改委审核通过后，项目方可开工建设",
          {"cond": "经区发改委审核通过后", "bound": None, "mod": "方可/precondition",
           "measures": ["approval:审核通过@condition"], "parties": ["区发改委/agency"]})


def test_synonym_of_approval_and_a_reservation():
    check("经区商务局认可后，企业方可开业，法律、法规另有规定的除外。",
          {"cond": "经区商务局认可后", "main": "企业方可开业", "exc": "法律、法规另有规定的除外",
           "bound": "企业/party/subject", "mod": "方可/precondition", "measures": ["approval:认可@condition"],
           "anchors": ["reservation:法律、法规另有规定@exception"]})


def test_one_clause_two_modalities_in_two_clauses():
    check("各相关部门要简化审批流程，不得增设审批条件",
          {"bound": "相关部门/agency/subject", "mod": "要/obligation", "measures": ["approval:审批"]},
          {"bound": "相关部门/agency/carried", "mod": "不得/prohibition", "measures": ["approval:审批"]})


def test_yilv_is_an_obligation():
    check("本区范围内的建筑工地一律使用推荐名录内的商品混凝土",
          {"bound": None, "mod": "一律/obligation", "measures": ["exclusivity:推荐名录"], "places": ["本区*"]})


def test_permission_with_location_ties_in_the_condition():
    check("凡在晋安区注册登记并纳税的企业，可享受租金减免",
          {"cond": "凡在晋安区注册登记并纳税的企业", "bound": "企业/party/condition", "mod": "可享受/permission",
           "measures": ["location-tie:注册登记@condition", "location-tie:纳税@condition", "benefit:租金减免"],
           "places": ["晋安区"]})


def test_not_paid_in_the_condition_and_loss_of_eligibility():
    check("企业未按期缴纳保证金的，取消其享受扶持政策的资格",
          {"cond": "企业未按期缴纳保证金的", "bound": "企业/party/condition", "mod": None,
           "measures": ["payment:缴纳保证金@condition", "penalty:取消其享受扶持政策的资格", "benefit:扶持"]})


def test_no_tax_statistics_here_no_honours():
    check("凡未在我区纳税统计的企业，不得参加评优评先",
          {"bound": "企业/party/condition", "mod": "不得/precondition",
           "measures": ["location-tie:纳税统计@condition", "burden:参加"], "places": ["我区*"]})


# --- measures by class -----------------------------------------------------------------------------

def test_deposit_with_amount():
    check("入驻园区的企业须向管委会缴纳履约保证金50万元",
          {"bound": "企业/party/subject", "mod": "须/obligation", "measures": ["payment:缴纳履约保证金"],
           "places": ["园区*"], "amounts": ["50万元"], "parties": ["企业/party", "管委会/agency"]})


def test_synonym_of_paying_and_a_period_in_words():
    check("投资方应于签约后十日内向甲方交付履约保证金",
          {"bound": "投资方/party/subject", "mod": "应/obligation", "measures": ["payment:交付履约保证金"],
           "periods": ["十日"]})


def test_period_in_working_days_and_a_date_is_not_a_period():
    check("企业应当在30个工作日内完成整改", {"bound": "企业/party/subject", "periods": ["30个工作日内"]})
    check("企业应当于每年3月31日前向区统计局报送统计数据", {"periods": [], "parties": ["企业/party", "区统计局/agency"]})


def test_refund_of_a_benefit_when_moving_out():
    check("企业迁出本区的，应当全额退还已享受的奖励资金",
          {"cond": "企业迁出本区的", "bound": "企业/party/condition", "mod": "应当/obligation",
           "measures": ["location-tie:迁出@condition", "benefit:奖励"], "places": ["本区*"]})


def test_government_guarantee_of_a_fixed_return():
    check("甲方保证乙方投资年化收益不低于8%，不足部分由甲方补齐",
          {"bound": "甲方/agency/subject", "measures": ["guarantee:保证", "guarantee:年化收益"], "rates": ["8%"]},
          {"main": "不足部分由甲方补齐", "bound": "甲方/agency/agent", "measures": ["guarantee:补齐"]})


def test_guarantee_and_joint_liability():
    check("区政府承诺对乙方的融资提供担保并承担连带责任",
          {"bound": "区政府/agency/subject", "measures": ["guarantee:提供担保", "guarantee:承担连带责任"],
           "parties": ["区政府/agency", "乙方/party"]})


def test_designation_and_sole_provider():
    check("区政府指定的检测机构为唯一检测单位",
          {"bound": "区政府/agency/subject", "measures": ["exclusivity:指定", "exclusivity:唯一"]})


def test_price_cap_with_an_amount():
    check("物业服务企业收取的停车费不得超过每月200元",
          {"bound": "物业服务企业/party/subject", "mod": "不得/prohibition",
           "measures": ["payment:收取", "payment:停车费", "price:不得超过每月200元"], "amounts": ["200元"]})


def test_utilities_cut_by_the_subdistrict():
    check("对拒不整改的商户，由街道办事处予以停水停电",
          {"cond": "对拒不整改的商户", "bound": "街道办事处/agency/agent", "measures": ["compulsion:停水停电"]})


def test_utilities_cut_with_the_one_cut_off_between_verb_and_supply():
    # 停止向其供水: the verb and the supply come apart around the one cut off; it is still the cut (行政强制法 第四十三条)
    check("用户拒不缴纳水费的，供水企业可以根据区水务局的通知停止向其供水",
          {"cond": "用户拒不缴纳水费的", "mod": "可以/permission",
           "measures": ["payment:缴纳水费@condition", "compulsion:停止向其供水"]})


def test_sealing_with_a_lawful_qualifier():
    check("无正当理由拒不配合检查的，由执法大队依法查封其经营场所",
          {"bound": "执法大队/agency/agent", "measures": ["burden:配合@condition", "compulsion:查封"], "anchors": ["lawful:依法"]})


def test_fine_range_in_words():
    check("违反本规定的，处以五千元以上一万元以下罚款",
          {"cond": "违反本规定的", "bound": None, "measures": ["penalty:处以", "penalty:罚款"],
           "amounts": ["五千元", "一万元"]})


def test_subsidy_tied_to_headquarters_in_a_named_city():
    check("在晋江市设立总部的企业，按其营业收入给予一次性补助100万元",
          {"cond": "在晋江市设立总部的企业", "bound": "企业/party/condition",
           "measures": ["location-tie:设立@condition", "location-tie:营业收入", "benefit:补助"],
           "places": ["晋江市"], "amounts": ["100万元"]})


def test_tax_refund_by_the_district_treasury():
    check("对于新引进的企业，由区财政按其上缴税收地方留成部分的50%予以返还",
          {"cond": "对于新引进的企业", "bound": "区财政/agency/agent",
           "measures": ["payment:上缴", "location-tie:税收", "benefit:地方留成", "benefit:返还"], "rates": ["50%"]})


def test_negated_measure_in_the_main_clause():
    check("办理营业执照不收取任何费用",
          {"measures": ["approval:营业执照", "!payment:收取", "payment:费用"]})


# --- anchors and exceptions belong to their clause -----------------------------------------------

def test_lawful_qualifier_attaches_to_its_own_clause():
    check("区财政局不得拖欠企业工程款，企业应当依法纳税",
          {"bound": "区财政局/agency/subject", "mod": "不得/prohibition", "anchors": []},
          {"bound": "企业/party/subject", "mod": "应当/obligation", "measures": ["location-tie:纳税"],
           "anchors": ["lawful:依法"]})


def test_vague_reference_is_not_an_anchor():
    frames = analyse_clauses("企业应当按照有关规定缴纳管理费")
    check("企业应当按照有关规定缴纳管理费", {"measures": ["payment:缴纳管理费"], "anchors": ["vague:按照有关规定"]})
    assert not frames[0].anchored


def test_law_named_in_a_lead_in_anchors_the_clause_it_leads():
    frames = analyse_clauses("依照《中华人民共和国行政处罚法》第九条的规定，对违法行为人处以警告或者罚款")
    check("依照《中华人民共和国行政处罚法》第九条的规定，对违法行为人处以警告或者罚款",
          {"cond": "依照《中华人民共和国行政处罚法》第九条的规定", "bound": None,
           "measures": ["penalty:处以警告", "penalty:罚款"],
           "anchors": ["law:《中华人民共和国行政处罚法》@condition"], "parties": ["违法行为人/party"]})
    assert frames[0].anchored


def test_law_named_without_brackets():
    check("企业应当依照行政许可法办理许可手续", {"anchors": ["law:行政许可法"]})


def test_a_local_document_is_not_a_legal_anchor():
    frames = analyse_clauses("企业应当按照《南浔区招商引资办法》缴纳保证金")
    check("企业应当按照《南浔区招商引资办法》缴纳保证金",
          {"measures": ["payment:缴纳保证金"], "anchors": ["document:《南浔区招商引资办法》"]})
    assert not frames[0].anchored


def test_leading_exception_applies_to_the_clause_after_it():
    frames = analyse_clauses("除法律、行政法规另有规定外，行政机关不得向企业收取任何费用")
    check("除法律、行政法规另有规定外，行政机关不得向企业收取任何费用",
          {"main": "行政机关不得向企业收取任何费用", "exc": "除法律、行政法规另有规定外",
           "bound": "行政机关/agency/subject", "mod": "不得/prohibition",
           "measures": ["payment:收取", "payment:费用"], "anchors": ["reservation:法律、行政法规另有规定@exception"]})
    exemption = frames[0].exception
    assert (exemption.exempts_start, exemption.exempts_end) == (frames[0].main.start, frames[0].main.end)


def test_exception_for_a_party_and_an_unrelated_lawful_exception():
    check("申请人应当提交营业执照复印件，但个体工商户除外",
          {"exc": "但个体工商户除外", "bound": "申请人/party/subject", "measures": ["burden:提交", "approval:营业执照"]})
    check("任何单位和个人不得擅自占用道路，但经依法批准的除外；违反规定的，由惠安县自然资源局依法予以拆除。",
          {"exc": "但经依法批准的除外", "bound": "单位和个人/party/subject", "mod": "不得/prohibition",
           "measures": ["approval:批准@exception"], "anchors": ["lawful:依法@exception"]},
          {"cond": "违反规定的", "bound": "惠安县自然资源局/agency/agent", "measures": ["compulsion:拆除"],
           "places": ["惠安县"], "anchors": ["lawful:依法予以"]})


# --- offsets and the engine's Doc ----------------------------------------------------------------

def test_offsets_point_into_the_text_and_frames_are_in_order():
    text = "第一条 为规范管理，制定本办法。\n第二条 企业应当在本区纳税；拒不改正的，由区税务局依法处理，但法律另有规定的除外。"
    frames = analyse_clauses(text)
    assert [f.start for f in frames] == sorted(f.start for f in frames)
    for frame in frames:
        assert text[frame.start:frame.end] == frame.text
        assert frame.sentence_start <= frame.start < frame.end <= frame.sentence_end
        for mention in [frame.main, frame.bound, *frame.measures, *frame.places, *frame.anchors]:
            if mention is not None:
                assert text[mention.start:mention.end] == mention.text
    assert frames == frames_in(analyse(text))  # the same frames from the engine's parse


# --- lexicons as data ----------------------------------------------------------------------------

def test_every_lexicon_says_where_its_terms_came_from():
    lexicons = load_lexicons()
    for name, lexicon in clause_classes().items():
        assert lexicon.source and lexicon.title, name
        assert lexicon.terms, name
    sizes = {name: len(lexicon.terms) for name, lexicon in clause_classes().items()}
    for name in ("agency", "party", "approval", "payment", "penalty", "compulsion", "rights-restriction",
                 "location-tie", "benefit", "guarantee", "exclusivity"):
        assert sizes[name] >= 20, (name, sizes[name])
    assert {"places", "statutory-licences"} <= set(lexicons)


def test_penalty_and_compulsion_hold_the_statutory_kinds():
    mined = yaml.safe_load((LEXICON_DIR / "mined" / "statute-measures.yaml").read_text(encoding="utf-8"))
    penalty, compulsion = clause_classes()["penalty"].terms, clause_classes()["compulsion"].terms
    for item in mined["penalty"][:-1]:  # the last item is "法律、行政法规规定的其他行政处罚"
        for kind in item.split("、"):
            assert kind in penalty, kind
    for kind in ("查封", "扣押", "冻结", "限制公民人身自由"):
        assert kind in compulsion


def test_statutory_licences_quote_their_law():
    """Each licence a statute imposes names the law and article whose sentence is quoted, and the quote
    is in that article of the corpus."""
    from normreview.checks.lexicons.corpus import newest_laws

    data = yaml.safe_load((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))
    entries = data["terms"] + data["curated"]
    assert len(entries) >= 50
    wanted = {(e["law"], e["article"]) for e in entries}
    articles = {}
    for law in newest_laws(settings().shared_dir / "laws" / "lawrefbook"):
        if law.level in ("法律", "行政法规") and any(law.name == name for name, _ in wanted):
            for number, text in law.articles():
                if (law.name, number) in wanted:
                    articles[(law.name, number)] = text
    for entry in entries:
        text = articles.get((entry["law"], entry["article"]))
        assert text is not None, entry
        assert entry["quote"].rstrip("。；") in text, entry
        assert entry["term"] in entry["quote"] or entry.get("note"), entry


def test_statutory_activities_quote_their_law():
    """Each activity a statute puts under an approval, registration or filing quotes the sentence of the article it
    names, and the sentence holds the activity."""
    from normreview.checks.lexicons import statutory_activities
    from normreview.checks.lexicons.corpus import newest_laws

    data = yaml.safe_load((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))["activities"]
    assert len(data) >= 500 and len(statutory_activities()) == len(data)
    wanted = {(e["law"], e["article"]) for e in data}
    articles = {}
    for law in newest_laws(settings().shared_dir / "laws" / "lawrefbook"):
        if law.level in ("法律", "行政法规", "部门规章"):
            for number, text in law.articles():
                if (law.name, number) in wanted:
                    articles[(law.name, number)] = text
    for entry in data:
        text = articles.get((entry["law"], entry["article"]))
        assert text is not None, entry
        assert entry["quote"].rstrip("。；") in text and entry["activity"] in entry["quote"], entry
        assert entry["nouns"] and entry["verbs"] and set(entry["requires"]) <= {"approval", "registration", "filing"}
    road = [e for e in data if e["nouns"] == ["城市道路"] and "占用" in e["verbs"]]
    assert {e["law"] for e in road} == {"城市道路管理条例"}, road


def test_statutory_categories_quote_the_definition_that_lists_them():
    """Each kind a statute lists to define a category (电梯 of 特种设备) quotes the definition of the article it names."""
    from normreview.checks.lexicons import statutory_categories
    from normreview.checks.lexicons.corpus import newest_laws

    data = yaml.safe_load((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))["categories"]
    assert len(statutory_categories()) == len(data) >= 20
    wanted = {(e["law"], e["article"]) for e in data}
    articles = {}
    for law in newest_laws(settings().shared_dir / "laws" / "lawrefbook"):
        if law.level in ("法律", "行政法规"):
            for number, text in law.articles():
                if (law.name, number) in wanted:
                    articles[(law.name, number)] = text
    for entry in data:
        text = articles.get((entry["law"], entry["article"]))
        assert text is not None and entry["quote"].rstrip("。；") in text, entry
        assert entry["term"] in entry["quote"] and f"所称{entry['category']}" in entry["quote"], entry
    assert {e["term"] for e in data if e["category"] == "特种设备"} >= {"电梯", "锅炉", "起重机械"}


def test_miner_reads_a_checkout_given_as_argument(tmp_path: Path, monkeypatch):
    """The miner on a two-law checkout: the licence named after 应当取得 and the article's kinds."""
    from normreview.checks.lexicons import mine

    root = tmp_path / "Laws"
    (root / "行政法").mkdir(parents=True)
    (root / "行政法" / "行政处罚法(2021-01-22).md").write_text(
        "# 中华人民共和国行政处罚法\n<!-- INFO END -->\n第九条 行政处罚的种类：\n\n（一）警告、通报批评；\n\n（二）罚款；\n", encoding="utf-8")
    (root / "行政法" / "行政强制法(2011-06-30).md").write_text(
        "# 中华人民共和国行政强制法\n<!-- INFO END -->\n第九条 行政强制措施的种类:\n\n（一）查封场所、设施或者财物；\n"
        "第十条 从事测试经营，应当取得测试经营许可证。未取得测试经营许可证的，不得经营。\n", encoding="utf-8")
    out = tmp_path / "lexicons"
    out.mkdir()
    monkeypatch.setattr(mine, "OUT", out)
    mine.main([str(root)])
    measures = yaml.safe_load((out / "mined" / "statute-measures.yaml").read_text(encoding="utf-8"))
    assert measures["penalty"] == ["警告、通报批评", "罚款"] and measures["compulsion"] == ["查封场所、设施或者财物"]
    licences = yaml.safe_load((out / "statutory-licences.yaml").read_text(encoding="utf-8"))["terms"]
    assert [(e["term"], e["law"], e["article"]) for e in licences] == [("测试经营许可证", "行政强制法", "第十条")]
    assert "测试经营许可证\t2" in (out / "mined" / "documents.txt").read_text(encoding="utf-8")


def test_a_real_place_name_from_the_gazetteer_is_a_place_with_its_code():
    frame = analyse_clauses("小规模工程投标企业必须在惠安县注册登记。")[0]
    assert [(p.text, p.level) for p in frame.places] == [("惠安县", frame.places[0].level)]
    assert frame.places[0].code and frame.places[0].code.startswith("35")  # 福建省泉州市惠安县
    assert frame.has("location-tie") and frame.bound.kind == "party"


# --- frames of list items, issuers, directives and measures referred to ------------------------------

def test_a_list_item_binds_whom_its_head_binds_with_its_modality():
    frames = analyse_clauses("入驻园区的企业应当履行以下义务：（一）遵守园区管理制度；（二）开工前领取管委会核发的开工许可证。")
    item = frame_summary(frames[-1])
    assert item["bound"] == "企业/party/lead-in" and item["mod"] == "应当/obligation", item
    assert "approval:开工许可证" in item["measures"]


def test_a_body_named_after_a_verb_of_obtaining_issues_the_document():
    check("企业须领取管委会核发的开工许可证",
          {"bound": "企业/party/subject", "mod": "须/obligation", "parties": ["企业/party", "管委会/agency"]})
    [frame] = analyse_clauses("还须提交所在街道办事处出具的证明")
    assert bound_kind(frame) is None  # named after the modality: the issuer, not who is bound


def test_a_certificate_of_no_violation_is_not_negated():
    check("申请人另须取得街道出具的无噪声扰民证明",
          {"bound": "申请人/party/subject", "measures": ["approval:无噪声扰民证明"]})


def test_a_clause_opening_with_an_order_is_an_obligation():
    check("要求民宿经营者委托第三方机构进行消防安全评估",
          {"mod": "要求/obligation", "bound": "经营者/party/subject"})


def test_a_penalty_named_as_a_nouns_modifier_is_not_imposed():
    check("罚款决定书应当载明罚款数额和缴纳期限", {"mod": "应当/obligation", "measures": ["payment:缴纳"]})
    check("对查封、扣押的财物，行政机关应当妥善保管",
          {"cond": "对查封、扣押的财物", "measures": [], "bound": "行政机关/agency/subject"})


def test_carrying_out_a_measure_before_a_duty_is_its_topic():
    check("实施查封、扣押，应当制作现场笔录",
          {"cond": "实施查封、扣押", "mod": "应当/obligation", "measures": ["compulsion:查封@condition", "compulsion:扣押@condition"]})


def test_bu_de_yi_is_a_prohibition():
    check("不得以疫情防控为由擅自关停高速公路服务区", {"mod": "不得以/prohibition"})


def test_a_one_character_agency_suffix_after_a_name_and_a_platform():
    check("区交通运输局负责道路运输经营许可证的核发", {"bound": "区交通运输局/agency/subject"})
    frames = analyse_clauses("外卖平台在本区新设站点，应先经街道城管科准许")
    assert frame_summary(frames[0])["bound"] == "平台/party/subject"
    assert frame_summary(frames[1])["parties"] == ["街道城管科/agency"] and frames[1].bound.how == "carried"


def test_what_an_agency_does_before_its_duty_is_the_topic():
    check("区城管局拆除违法建筑，应当依照《中华人民共和国行政强制法》的规定予以公告",
          {"cond": "区城管局拆除违法建筑", "measures": ["compulsion:拆除@condition"]})
    frames = analyse_clauses("拒不拆除的，由区城管局强制拆除，所需费用应当由当事人承担")
    assert "compulsion:强制拆除" in frame_summary(frames[0])["measures"]  # still a measure taken


# --- structure: fronted objects, passive clauses, 将/把, conditions in 者, list lead-ins (helper forms) -----------

def test_a_fronted_object_joins_the_passive_clause_of_its_verb():
    # the agency after 由 approves: who must obtain the approval is bound — nobody named here…
    check("辖区内餐饮店铺的装修改造方案，由区商务局负责审批",
          {"main": "辖区内餐饮店铺的装修改造方案，由区商务局负责审批", "bound": None, "mod": "负责/obligation",
           "measures": ["approval:审批"]})
    # …or the party that owns the fronted object
    check("入园企业的装修方案，由管委会负责审批", {"bound": "企业/party/subject", "measures": ["approval:审批"]})
    frame = analyse_clauses("辖区内餐饮店铺的装修改造方案，由区商务局负责审批")[0]
    assert frame.fronted.text == "辖区内餐饮店铺的装修改造方案"


def test_an_agent_that_obtains_an_approval_is_bound_not_the_party():
    check("乙方项目的环评手续，由甲方负责办理并确保在三个月内获得批准", {"bound": "甲方/agency/agent"})


def test_a_fronted_object_joins_the_clause_that_ends_in_its_verb_or_follows_its_noun():
    frames = analyse_clauses("区城管局出具的装修施工许可证，装修企业进场施工前必须取得")
    assert len(frames) == 1 and frame_summary(frames[0])["bound"] == "企业/party/subject" and frames[0].has("approval")
    check("文明施工保证金，施工单位应当在开工前向区住建局一次性缴纳二十万元",
          {"bound": "施工单位/party/subject", "mod": "应当/obligation", "measures": ["payment:保证金", "payment:缴纳"]})


def test_a_jiang_clause_has_its_own_verb_and_the_body_it_names_administers():
    check("将车辆寄售业务纳入区商务局审批管理，未经批准不得开展",
          {"main": "将车辆寄售业务纳入区商务局审批管理", "bound": None},
          {"main": "未经批准不得开展", "mod": "不得/precondition", "measures": ["approval:批准"]})


def test_a_clause_ending_in_zhe_is_a_condition():
    check("申请入驻创业孵化基地者，须先交纳入驻押金",
          {"cond": "申请入驻创业孵化基地者", "main": "须先交纳入驻押金", "mod": "须先/obligation"})


def test_a_list_item_is_bound_by_the_body_its_lead_in_names_and_keeps_its_legal_anchor():
    frames = analyse_clauses("甲方的权利和义务：（一）协助乙方办理项目相关手续；（二）为乙方项目融资提供担保。")
    assert frame_summary(frames[-1])["bound"] == "甲方/agency/lead-in"
    # the lead-in's anchor holds for its items, one a line as a document holds them
    frames = analyse_clauses("有下列情形之一的，由区市场监管局依照《中华人民共和国价格法》的有关规定处理：\n（一）不明码标价的；\n"
                             "（二）利用虚假的价格手段诱骗消费者交易的。")
    assert [frame.anchored for frame in frames] == [True, True, True]


def test_the_first_item_after_its_lead_ins_colon_is_an_item_too():
    # inline, the first item shares its lead-in's sentence: it takes the lead-in's modality and bound all the same
    frames = analyse_clauses("甲方的权利和义务：（一）为乙方项目融资提供担保；（二）按照约定交付土地。")
    assert frame_summary(frames[1])["bound"] == "甲方/agency/lead-in"
    frames = analyse_clauses("企业应当遵守下列规定：（一）开工前取得管委会核发的园区经营许可证；（二）按时报送统计报表。")
    assert frame_summary(frames[1])["mod"] == "应当/obligation"


def test_an_items_later_clauses_are_read_after_its_lead_in_too():
    # (comp9) 管委会为乙方提供以下保障：（二）乙方…的经营亏损，按…给予弥补: the second clause of the item is still the lead-in's
    frames = analyse_clauses("管委会为乙方提供以下保障：\n（一）协调解决项目用水用电；\n（二）乙方投产后的经营亏损，按实际亏损额的百分之五十给予弥补。")
    assert [frame.lead_in.text if frame.lead_in else None for frame in frames[1:]] == ["管委会为乙方提供以下保障"] * 3
    # a sentence that is no item has no lead-in to read
    assert all(frame.lead_in is None for frame in analyse_clauses("乙方投产后的经营亏损，按实际亏损额的百分之五十给予弥补。"))


def test_a_law_named_again_by_reference_anchors_the_clause():
    frames = analyse_clauses("对违反《中华人民共和国大气污染防治法》的行为，由区生态环境局依照该法第一百一十七条的规定处以罚款。")
    assert frames[0].anchored and "law:依照该法第一百一十七条" in frame_summary(frames[0])["anchors"]
    # without a law named in the sentence, 该法 refers to nothing the review can check
    assert not analyse_clauses("由区生态环境局依照该法的规定处以罚款。")[0].anchored


def test_a_party_after_the_agent_marker_has_a_duty_and_a_glued_preposition_marks_an_object():
    # 前到 / 镇政府: the time word jieba glued to 到 leaves 镇政府 an object; 由经营户 gives the firm the task
    check("农家乐开办的审批手续，由经营户在开业前到镇政府办妥",
          {"bound": "经营户/party/agent", "mod": "由/obligation", "measures": ["approval:审批"]})
    # an agency given the task by 由 acts as before, with no modal word
    check("拒不改正的，由区城管局处以罚款", {"bound": "区城管局/agency/agent", "mod": None})


def test_an_approval_by_the_agencys_own_head_binds_the_agency_and_ru_xu_opens_a_condition():
    check("如需延长审批办理期限，须经本机关负责人批准",
          {"cond": "如需延长审批办理期限", "main": "须经本机关负责人批准", "bound": "本机关负责人/agency/subject"})


def test_what_an_agency_approves_must_be_obtained_and_the_agent_of_a_passive_is_not_bound():
    # 由街道办事处统一审核发放: a duty to obtain the approval (modality 由), binding no one named
    check("外卖骑手的从业资格，由街道办事处统一审核发放", {"bound": None, "mod": "由/obligation", "measures": ["approval:审核"]})
    # 被管委会列入: the agent of a passive acts on the one bound
    check("入园项目须被管委会列入准入目录后方可开工建设", {"bound": None, "mod": "后方可/precondition"})


def test_a_refusal_under_a_negative_condition_is_a_precondition_after_an_article_label():
    # 第一条 未取得…的: the negative condition is read after its label, and 一律不予受理 refuses without it
    check("第一条 未取得园区准入证的企业，其入园申请一律不予受理",
          {"cond": "第一条 未取得园区准入证的企业", "mod": "一律/precondition", "measures": ["approval:准入@condition"]})


def test_a_refused_approval_under_a_negative_condition_is_a_precondition():
    # 不予 + an approval, with no modal word: the condition's content is required before the approval
    check("没有办理街道备案回执的商户，不予核发户外招牌设置许可",
          {"cond": "没有办理街道备案回执的商户", "mod": "不予/precondition", "bound": "商户/party/condition"})
    # a condition whose noun no lexicon knows (货运车辆) is still the condition of the refusal
    check("未安装某品牌车载终端的货运车辆，不予核发通行证",
          {"cond": "未安装某品牌车载终端的货运车辆", "main": "不予核发通行证", "mod": "不予/precondition"})
    # 对未…的 with no comma: the topic is the condition, the refusal the main clause
    check("对没有加入本市行业协会的施工企业不予办理资质延续",
          {"cond": "对没有加入本市行业协会的施工企业", "main": "不予办理资质延续", "mod": "不予/precondition",
           "measures": ["burden:加入@condition", "!approval:资质"]})
    check("凡没有在本区设立分公司的物业企业，不得承接本区物业项目",
          {"cond": "凡没有在本区设立分公司的物业企业", "mod": "不得/precondition", "bound": "企业/party/condition"})


def test_a_negative_condition_without_a_refused_approval_stays_as_written():
    check("未按规定缴纳的，不予退还", {"cond": "未按规定缴纳的", "mod": None})  # no approval refused
    check("逾期未申请的，视为放弃", {"mod": None})  # no refusal
    check("对未成年人不得销售烟草", {"mod": "不得/prohibition"})  # 未成年人 is no negative condition
    # 对未…的，不得…: a prohibition on the agency acting on whom the topic names, not a precondition
    check("对未经法院判决的，不得强制执行", {"cond": "对未经法院判决的", "mod": "不得/prohibition"})


def test_a_private_persons_consent_is_no_approval():
    check("未经消费者同意，经营者不得向其发送商业性信息", {"mod": "不得/precondition", "measures": []})
    check("未经街道办事处同意，经营者不得设置户外广告", {"measures": ["approval:同意@condition"]})
    # a body the agency lexicon lacks (省自然资源厅) is told by its name's ending
    assert analyse_clauses("申请备案的机构，须已经省自然资源厅同意予以备案")[-1].has("approval")


def test_a_lead_in_that_announces_rules_makes_each_item_a_duty():
    frames = analyse_clauses("园区对入驻企业实行以下管理措施：\n（一）企业装修方案报管委会审批；\n（二）按时报送统计报表。")
    assert [frame_summary(f)["mod"] for f in frames[1:]] == ["措施/obligation", "措施/obligation"]
    assert frame_summary(frames[1])["bound"] == "企业/party/subject"


def test_an_exception_for_an_approval_is_a_negative_condition():
    # 除经…批准外，一律不得… says 未经…批准，不得…: the approval is what the prohibition waits for
    check("除经管委会批准外，园区内一律不得新建仓储设施",
          {"cond": "除经管委会批准外", "bound": None, "mod": "一律不得/precondition", "measures": ["approval:批准@condition"]})
    # …while an exception for the law stays an exception
    check("除法律另有规定外，不得收费", {"mod": "不得/prohibition"})


def test_a_clause_opening_with_yuyi_acts_on_the_fronted_object_and_a_price_set_is_no_approval_to_obtain():
    check("企业缴纳的城镇土地使用税，予以全额返还", {"main": "企业缴纳的城镇土地使用税，予以全额返还"})
    # 销售价格，由民政局统一核定: the agency sets a price; nobody must obtain it
    check("经营性公墓的销售价格，由民政局统一核定", {"mod": None})


# --- reported conduct: an enforcer's account of what an authority did ---------------------------------

def test_a_report_of_an_order_binds_whom_the_authority_ordered():
    """某局要求…: the report verb after the authority's name is the order's modality; the one ordered is bound."""
    check("某区商务局要求辖区所有餐饮企业每日向其报送营业额",
          {"bound": "餐饮企业/party/reported", "mod": "要求/obligation", "measures": ["burden:报送"]})
    check("某区规定欠缴物业费的业主不予办理车辆通行证",
          {"bound": "业主/party/reported", "mod": "规定/obligation"})
    check("该通知要求各部门加强监管", {"bound": "各部门/agency/reported", "mod": "要求/obligation"})


def test_a_report_with_nobody_the_lexicon_knows_binds_the_word_after_the_verb_not_the_authority():
    frame = analyse_clauses("某县农业农村局要求种植户统一使用县农技站提供的种子")[0]
    assert frame.modality.text == "要求" and frame.bound.how == "reported" and frame.bound.kind == "party"


def test_a_report_verb_after_a_party_or_with_a_modal_word_is_no_report():
    # the party acts (企业要求…), and a clause with a modal word of its own keeps it
    check("企业要求退还押金", {"mod": None})
    # (pub11) the report head is a clause of its own: what it reports keeps its own modal word and names whom it binds
    check("某县住建局要求外地企业须在本县设立子公司后方可投标", {"main": "某县住建局要求"},
          {"mod": "后方可/precondition", "bound": "外地企业/party/subject"})


# --- (pub11) a report's verb orders what it reports, whatever its form ------------------------------------

def test_a_report_head_orders_the_clauses_after_it_that_have_no_modal_word():
    # a head that ends in a comma: the report verb is the modality of the clause it reports, and the authority that
    # reports is not carried as the one bound
    check("某区卫健局印发的通知要求，辖区诊所每月组织一次免费义诊",
          {"main": "某区卫健局印发的通知要求", "mod": "要求/obligation"},
          {"main": "辖区诊所每月组织一次免费义诊", "mod": "要求/obligation", "bound": None})
    check("经查，该县规定，县内物流企业每月向县商务局报送运输台账",
          {"main": "经查"}, {"main": "该县规定"}, {"main": "县内物流企业每月向县商务局报送运输台账", "mod": "规定/obligation",
                                                "bound": "企业/party/subject"})


def test_a_report_that_runs_on_into_a_condition_or_a_topic_is_split_after_its_verb():
    check("某市城管局要求在城区设置户外灯箱的，经市城管局审核同意",
          {"main": "某市城管局要求"},
          {"cond": "在城区设置户外灯箱的", "mod": "要求/obligation", "bound": None, "measures": ["approval:审核同意"]})
    check("某县商务局要求凡在本县开办洗车店的，须先取得所在社区出具的同意意见",
          {"main": "某县商务局要求"}, {"cond": "凡在本县开办洗车店的", "mod": "须先/obligation"})
    # a topic: a name its modifier ends in (…的经营户，)
    check("某区环保局要求本辖区内从事餐饮服务的经营户，每年向街道报送油烟检测报告",
          {"main": "某区环保局要求"}, {"cond": "本辖区内从事餐饮服务的经营户", "mod": "要求/obligation",
                                 "bound": "经营户/party/condition"})


def test_a_report_is_not_split_where_it_orders_in_one_clause_or_is_negated_allowed_or_based_on_a_law():
    # the object of 加入 ends the clause, no topic: the report is read whole, as before
    check("某市文旅局要求全市旅行社加入市旅游协会，未加入的不予推荐",
          {"main": "未加入的不予推荐", "cond": "某市文旅局要求全市旅行社加入市旅游协会"})
    # a negated report is none (不得要求): the condition stays whole
    check("区商务局不得要求申请人提供的，不予收取", {"cond": "区商务局不得要求申请人提供的", "mod": None})
    frames = analyse_clauses("县人民政府依照《中华人民共和国城乡规划法》第六十八条责成有关部门采取查封施工现场的措施的，应当公告")
    assert frames[0].anchored


def test_a_report_orders_only_until_its_provision_names_a_modal_word_of_its_own():
    # …须经…批准，取得…许可证: the second clause continues the first as in the statute, it gets no order of the report
    frames = analyse_clauses("经查，某县人民政府文件规定，利用互联网从事网络出版服务的，须经出版行政主管部门批准，取得网络出版服务许可证")
    assert [f.modality.text if f.modality else None for f in frames] == [None, "规定", "须经", None]


def test_a_reported_provision_is_read_alone_for_a_statute_it_restates():
    from normreview.checks.engine import frames as doc_frames

    doc = analyse("经查，某县人民政府文件规定，利用互联网从事网络出版服务的，须经出版行政主管部门批准，取得网络出版服务许可证。")
    reported = [f for f in doc_frames(doc) if f.reported_from is not None]
    assert reported and all(doc.user_data["text"][f.reported_from:].startswith("利用互联网") for f in reported)


def test_a_reported_order_keeps_the_legal_anchor_of_its_clause():
    frame = analyse_clauses("某县住建局要求施工单位依照《保障农民工工资支付条例》开设农民工工资专用账户")[0]
    assert frame.modality.kind == "obligation" and frame.bound.how == "reported" and frame.anchored


def test_state_bodies_the_statute_corpus_binds_are_agencies():
    # 监狱法 第二条, 看守所条例 第二条, 海关法 第二条: names with no agency suffix (…狱, …所, …关)
    check("看守所应当在收押后二十四小时内通知被羁押人家属",
          {"bound": "看守所/agency/subject", "mod": "应当/obligation", "parties": ["看守所/agency"]})
    check("海关应当每月向地方政府通报进出口监管数据",
          {"bound": "海关/agency/subject", "parties": ["海关/agency", "政府/agency"]})
    check("监狱应当每月向罪犯家属通报其改造情况", {"bound": "监狱/agency/subject"})


def test_a_refusal_forbidden_is_a_duty():
    check("甲方不得拒绝为乙方融资出具承诺函",
          {"bound": "甲方/agency/subject", "mod": "不得/obligation", "measures": ["guarantee:承诺函"]})
    check("经营者不得销售过期食品", {"mod": "不得/prohibition"})


def test_the_regulation_closing_a_basis_is_no_report():
    # 依照…的规定 is the enforcer's basis, not "某局规定…" reporting an order: the enforcer stays the agent
    check("由公安机关交通管理部门依照道路交通安全法的规定扣留机动车，处以罚款",
          {"bound": "公安机关交通管理部门/agency/agent"}, {"main": "处以罚款", "bound": None})


def test_a_quoted_provision_binds_whom_it_names_not_the_authority_that_issued_it():
    """The licence quoted in an enforcement notice binds the 开办民宿 party inside the quotation, not the 文化和旅游局 that
    issued the measures: the quotation is a sentence of its own (patterns.QUOTED_PROVISION)."""
    text = "某县文化和旅游局印发的《乡村民宿管理暂行办法》第十条规定“开办民宿须向县文化和旅游局申请，取得《民宿经营许可证》后方可对外营业”。"
    inside = text.index("“")
    frames = [f for f in analyse_clauses(text) if f.start > inside]
    assert [f.modality.kind for f in frames] == ["obligation", "precondition"]
    assert all(f.bound is None or f.bound.kind == "party" for f in frames)  # the issuer's name stays outside


def test_a_law_named_inside_a_lower_instruments_title_is_no_anchor():
    # (supp12) 《某省〈盐业管理条例〉实施办法》 is a provincial rule: the regulation its title names is not the basis
    frames = analyse_clauses("从事盐业经营的，应当按照《某省〈盐业管理条例〉实施办法》的规定办理盐业准运证")
    assert [a.kind for f in frames for a in f.anchors] == ["document"], [frame_summary(f) for f in frames]
    frames = analyse_clauses("从事燃气经营活动的，应当依照《中华人民共和国城镇燃气管理条例》的规定取得燃气经营许可证")
    assert [a.kind for f in frames for a in f.anchors] == ["law"], [frame_summary(f) for f in frames]


def test_a_reports_head_does_not_anchor_the_provision_it_reports():
    # (supp12) 《某办法》第十三条规定，… in a report names where the provision stands, not its basis
    frames = analyse_clauses("备案审查中发现，《农业社会化服务管理办法》第十三条规定，从事农村土地托管服务的组织，"
                             "应当领取县农业农村局颁发的服务资格证书后方可开展业务")
    reported = [f for f in frames if f.reported_from is not None]
    assert reported and not any(f.anchored for f in reported), [frame_summary(f) for f in frames]


# --- (prec14) a quotation is not split --------------------------------------------------------------

def test_a_quoted_charge_is_not_split_at_its_comma_or_full_stop():
    """The charge quoted whole (以“未取得…证件，驾驶…车辆”为由; a decision quoting 「…；…。」) stays in the clause that
    quotes it: the 不得 before the quote governs the measure after it."""
    text = "各地交通运输管理部门不得对该类车辆以“未取得相应从业资格证件，驾驶道路客货运输车辆”为由实施行政处罚。"
    frames = analyse_clauses(text)
    assert [text[f.start:f.end] for f in frames] == [text.rstrip("。")]
    text = "区市场监管局以「当事人未取得许可擅自经营；违反了《食品安全法》第三十五条。」为由作出处罚决定，当事人未申请复议。"
    frames = analyse_clauses(text)
    assert [text[f.start:f.end] for f in frames] == [text[:text.index("，当事人")], "当事人未申请复议"]
    assert len({f.sentence_start for f in frames}) == 1


def test_a_quoted_provision_is_still_a_sentence_of_its_own():
    """A provision quoted after 规定 (patterns.QUOTED_PROVISION) keeps its own sentences and clauses."""
    text = "该文件第五条规定：“经营者应当登记，取得许可证后方可营业。”"
    frames = analyse_clauses(text)
    assert len(frames) > 1
