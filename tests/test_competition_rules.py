"""Fair-competition and agreement rules read the legal problem across the clauses of a sentence, and keep
their exceptions to the clause and party they belong to."""
import pytest
from rule_quotes import RULES, quotes

from normreview.checks.catalogue import _frame_spec, conditions, load_rules
from normreview.checks.engine import match_text, review_document
from normreview.checks.ties import named_exceptions
from normreview.extractors import extract_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("rule_id,text,quote", [
    # the outside firm in one clause, the extra burden in the next
    ("FF-LOCAL-PREFERENCE", "外地施工企业进入本县承揽工程，应当向县住建局另行办理备案手续。", "另行"),
    # the move in one clause, the clawback in the next
    ("FF-EXIT-BLOCK", "获得奖励的企业如在五年内将注册地迁往区外，管委会将追回已兑现的全部奖励。", "追回已兑现的全部奖励"),
    # a tax rank in the condition, the reward in the main clause
    ("FC-TAX-RANKED-REWARD", "对年度缴纳税款位列全区前二十位的企业，授予“纳税功勋企业”称号并奖励20万元。", "税款位列全区前二十"),
])
def test_a_problem_split_over_two_clauses_is_found_with_its_quote(rule_id, text, quote):
    assert any(quote in q for q in quotes(rule_id, text)), quotes(rule_id, text)


@pytest.mark.parametrize("rule_id,text", [
    ("FF-LOCAL-PREFERENCE", "本县施工企业进入工业园区承揽工程，应当向县住建局另行办理备案手续。"),  # no outside party
    ("FF-EXIT-BLOCK", "获得项目补助的企业未按申报内容实施项目的，应当退回补助资金。"),  # no move
    ("FF-LOCAL-REGISTRATION-TAX", "对年度缴纳税款位列全区前二十位的企业给予表彰。"),  # a ranking is no local tie
])
def test_the_other_half_missing_stays_silent(rule_id, text):
    assert not match_text(RULES[rule_id], text)


def test_a_prohibition_binding_the_authority_silences_only_its_own_clause():
    """区政府不得拖欠 binds the government in its clause; the designation in the next clause is still found."""
    text = "区财政局不得拖欠款项，各学校校服统一由指定的服装公司供应。"
    assert any("指定" in q for q in quotes("MA-DESIGNATED-SUPPLIER", text))
    assert not match_text(RULES["MA-DESIGNATED-SUPPLIER"], "不得限定企业使用指定单位提供的服务。")


def test_administrative_designations_are_not_designated_suppliers():
    for text in ("政府采购项目信息应当在省级以上人民政府财政部门指定的媒体上发布。",
                 "参保人员应当在定点医疗机构就医。",
                 "人民法院裁定受理破产申请的，应当同时指定管理人。"):
        assert not match_text(RULES["MA-DESIGNATED-SUPPLIER"], text), text


def test_a_company_guarantee_is_lawful_a_government_one_is_not():
    agreement = "某某项目投资协议\n甲方：某某经济开发区管理委员会\n乙方：某某科技有限公司\n第一条 {}\n"
    lawful = review_document(extract_text(agreement.format("乙方以其自有资产为项目贷款向银行提供抵押担保。")))
    unlawful = review_document(extract_text(agreement.format("乙方申请银行贷款的，甲方应当作为保证人在借款合同上签字。")))
    assert not [f for f in lawful if f.category == "government-guarantee"]
    found = [f for f in unlawful if f.rule == "GG-DEBT-GUARANTEE"]
    assert found and found[0].unit and "保证人" in found[0].quote


def test_bases_say_what_the_rules_say():
    def cited(rule_id):
        return {(b["law"], b.get("article"), b.get("item")) for b in RULES[rule_id].basis}
    assert {("公平竞争审查条例", "第九条", "（三）"), ("公平竞争审查条例", "第九条", "（四）")} <= cited("FF-LOCAL-PREFERENCE")
    assert ("公平竞争审查条例", "第八条", "（一）") in cited("MA-ENTRY-APPROVAL")
    assert ("中华人民共和国城市房地产管理法", "第十三条", None) in cited("LP-PRICE-REFUND")
    for rule_id in ("MC-EXIT-RECOVERY", "MC-SUPERVISION"):
        assert all(b["law"] != "中华人民共和国民法典" for b in RULES[rule_id].basis), rule_id
    for rule_id in ("FF-LOCAL-PREFERENCE", "MA-ENTRY-APPROVAL", "LP-PRICE-REFUND", "MC-EXIT-RECOVERY", "MC-SUPERVISION"):
        assert all(b["verified"] and b["text"] for b in RULES[rule_id].basis if b.get("verified") is not False), rule_id


# --- ties (checks/ties.py): the condition that ties a gate to who or where a firm is --------------------------
def _ties(sentence: str) -> list[tuple[str, str]]:
    from normreview.checks.engine import analyse, frames, ties_at

    doc = analyse(sentence)
    return sorted({(t.criterion, t.text) for f in frames(doc) for t in ties_at(doc, f)})


@pytest.mark.parametrize("sentence,criterion,piece", [
    ("报名企业的注册地须在绍兴市柯桥区。", "local-registration", "柯桥区"),  # a real place, found by the gazetteer
    ("某县出台文件，要求参与政府采购的供应商在县内设有常驻机构。", "local-registration", "县内设有"),  # a notice's summary
    ("评审时对本市企业生产的产品给予5%的价格扣除", "local-firm", "本市企业"),  # a partial sentence
    ("外省调入的砂石须逐车检验。", "outside", "外省调入"),
    ("竞买人限于国有控股企业。", "ownership", "国有控股"),
    ("参与保洁项目的企业注册资本不得低于3000万元。", "size", "注册资本"),
    ("将企业缴纳的税收额度作为申领租金补贴的条件。", "tax", "缴纳的税收"),
    ("对某某物流公司给予运营补贴200万元。", "operator", "某某物流公司"),
    ("要求全县出租车统一安装某科技有限公司的计价器。", "named-firm", "某科技有限公司"),
    ("近三年承担过本县范围内市政道路养护项目的，每个项目加2分。", "local-registration", "本县范围内"),  # local work scored
    ("投标人须具有本市建设工程交易中心会员资格", "local-registration", "本市建设工程"),  # local membership
    ("入库施工企业营业执照载明的住所须在桐乡市", "local-registration", "桐乡市"),  # the address on a licence
    ("每年选择注册在该镇且具有相应资质的施工单位纳入库内", "local-registration", "该镇"),  # a notice's 该镇
    ("工程发包给本县建筑企业承建的，给予建设单位奖励", "local-firm", "本县建筑企业"),  # a benefit for buying local
    ("以某文旅公司为主体承办全县研学活动", "named-firm", "某文旅公司"),
    ("城区范围内只允许3家共享电单车企业投放运营", "operator-cap", "3家"),  # how many may operate capped
    ("将共享单车运营权按每包800辆分为两个合同包公开招标", "operator-cap", "800辆"),  # the supply capped in lots
    ("参与项目的企业须自有仓储面积5000平方米以上的冷库", "size", "自有"),  # owned, not leased
    # an operator, list, system or insurer pool the authority chose, that others must use
    ("各物业小区开展水箱清洗消毒，应当委托县卫健局公布的合作单位进行。", "chosen-operator", "公布的合作单位"),
    ("业主大会表决的，应当采用县住建局开发建设的业主决策信息系统进行电子投票。", "chosen-operator", "开发建设的业主决策信息系统"),
    ("安全生产责任保险的承包机构为共保体", "chosen-operator", "共保体"),
    ("对于列入红名单的服务性机构，在政府购买服务方面给予优先考虑", "chosen-operator", "红名单"),
    ("全县享受农机购置补贴的机具一律在合作网点维修保养。", "chosen-operator", "合作网点"),
    ("各区环卫部门负责督促辖区各餐饮企业与乙公司签订收运协议", "named-firm", "乙公司"),  # a case's anonymised firm
    # how many may operate, however the cap is put
    ("本市互联网租赁电动自行车运营企业数量原则上不超过3家。", "operator-cap", "不超过3家"),
    ("全县殡葬用品经营网点总数不超过10个。", "operator-cap", "总数不超过10个"),
    ("收运企业的数量以现有4家为限，期间不再受理新的申请。", "operator-cap", "现有4家为限"),
    ("通过竞争性磋商确定一家中标企业负责临河区共享单车的投放以及管理", "operator-cap", "确定一家"),
])
def test_a_tie_is_read_however_the_clause_is_worded(sentence, criterion, piece):
    assert any(c == criterion and piece in text for c, text in _ties(sentence)), _ties(sentence)


@pytest.mark.parametrize("sentence", [
    "不得以在本地注册、纳税作为享受补贴的条件。",  # the lawful rule itself
    "外地企业在本市设立的分支机构与本地企业享受同等待遇。",  # equal treatment
    "补助对象为在本区开展生产经营活动的经营者。",  # the activity, not the firm's registration
    "对当年度销售额达到5000万元以上的企业给予一次性奖励10万元。",  # a size that earns a reward: a general standard
    "对年度纳税总额排名全区前十的企业给予表彰。",  # a ranking: FC-TAX-RANKED-REWARD's, no local tie
    "本项目通过公开招标确定由某某物业有限公司负责保洁。",  # a named firm chosen by competition
    "对在本县行政区域内实施的高标准农田建设项目给予补助。",  # where the project is, not where the firm is
    "近三年承担过同类市政道路养护项目的，每个项目加2分。",  # experience scored wherever it was gained
    "民间投资项目按期竣工投产的，按投资额的1%给予建设单位奖励。",  # the benefit asks nothing of whom it buys from
    "每年选取具备相应资质的建筑企业纳入施工单位库，不限注册地。",
    "县人民医院新院区项目通过公开招标确定建设运营主体。",
    "共享电单车企业在城区投放运营的，应当设置电子围栏。",  # a duty on operators, no cap on their number
    "本项目采购电动公交车100辆，分为两个标包公开招标。",  # a purchase in lots, no market's supply
    "投标人应当具备符合标准的专用收运车辆不少于10辆，自有或租赁均可。",
    "新增巡游出租汽车运营指标300辆，通过服务质量招投标方式投放。",  # taxi capacity the law lets the city set
    "县人力社保局公布培训机构目录，符合条件的培训机构均可申请纳入，目录实行动态管理。",  # a list open to all
    "安全生产责任保险由投保企业自主选择符合条件的保险机构投保。",
    "区教育局通过公开招标确定课后服务机构，学校在中标机构中自主选择。",
    "本项目采用公开招标方式确定一家物业服务企业。",  # one supplier of what the authority buys, not a market
    "计量主管部门应当定期公布依法取得授权的计量检定机构名录。",  # a statute's authorisation
])

def test_no_tie_in_lawful_look_alikes(sentence):
    assert not _ties(sentence), _ties(sentence)


def test_the_catalogue_and_the_report_know_every_tie_criterion():
    # checks/ties.py defines the criteria and gates; the catalogue validates frames against them and the
    # report names each in Chinese, so a criterion added there cannot be missing here.
    from normreview.checks import catalogue, report, ties

    assert catalogue.CRITERIA is ties.CRITERIA and catalogue.GATE_NAMES is ties.GATE_NAMES
    assert catalogue.RELATION_NAMES is ties.RELATION_NAMES
    assert set(report.TIE_ZH) == ties.CRITERIA and set(report.GATE_ZH) == ties.GATE_NAMES
    assert set(report.RELATION_ZH) == ties.RELATION_NAMES


def test_a_frame_reads_how_the_tie_binds_its_gate():
    """(dual14) MA-LOCAL-ENTRY reads a local tie on a bid only where it is a qualification (relation require): a
    score for a local branch admits every bidder and is 第九条（三）'s alone, a branch required to bid is also a
    discriminatory condition of entry (公平竞争审查条例 第八条（四）)."""
    required_text = "参加本县政府采购活动的供应商，应当在本县设立分支机构。"
    spans = match_text(RULES["MA-LOCAL-ENTRY"], required_text)
    assert spans and any("本县" in required_text[s:e] for s, e in spans)
    scored = "采购人以是否在本县设有分支机构作为评分因素，设有的加2分。"
    assert not match_text(RULES["MA-LOCAL-ENTRY"], scored)
    assert any(f.category == "factor-flow" for f in review_document(extract_text("某县采购管理办法\n第一条 " + scored)))
    with pytest.raises(ValueError, match="relation"):
        _frame_spec("test", {"tie": ["local-firm"], "relation": ["insist"]})


def test_the_local_tie_rules_share_one_set_of_exceptions():
    """FF-LOCAL-REGISTRATION-TAX, SI-LOCAL-BENEFIT and MA-LOCAL-ENTRY file one local tie under the article its gate
    belongs to (公平竞争审查条例 第九条, 第十条, 第八条): their exceptions are the named ones in ties.yaml, written once."""
    rules = {r.id: r for r in load_rules()}
    unless = {rule_id: [p.pattern for p in rules[rule_id].unless]
              for rule_id in ("FF-LOCAL-REGISTRATION-TAX", "SI-LOCAL-BENEFIT", "MA-LOCAL-ENTRY")}
    assert len({tuple(u) for u in unless.values()}) == 1
    shared = named_exceptions()
    assert {shared["local_tie_lawful"], shared["statutory_duty_place"]} <= set(unless["MA-LOCAL-ENTRY"])
    # the group expands to its members, in order, each compiled once
    assert unless["MA-LOCAL-ENTRY"] == [conditions()[name[1:]] for name in shared["local_tie_exceptions"]]

