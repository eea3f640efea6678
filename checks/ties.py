"""Ties: a condition that ties a market opportunity to who or where a firm is.

The legal problem behind most fair-competition findings (公平竞争审查条例 第八条（四）, 第九条, 第十条) is one
shape, however a clause is worded: something the authority opens or closes (procurement and bidding, entry
and operation, a benefit, a factor price or fee — the *gate*) depends on where the firm is registered, pays
tax or has a branch, on whether it or its goods are local or from outside, on its ownership, its size, the
tax it pays, or on its being one named firm (the *criterion*), by a requirement, a preference or a burden
(the *relation*). ``ties_in`` reads that shape in one sentence, over the places the clause analysis found
(gazetteer names, 本区, 县内, 外地…), so a real place name or a notice's summary ("某县出台文件，要求……")
is read as the draft's own wording is. The vocabulary is data: ``checks/data/ties.yaml``.

    ties_in(sentence, offset, places) -> list[Tie]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from normreview.checks.lexicons import load_lexicons

if TYPE_CHECKING:  # only a type here: the catalogue reads the criterion names without loading the clause analysis
    from normreview.checks.clauses import Place

TIES = Path(__file__).parent / "data" / "ties.yaml"
LOCAL, OUTSIDE = "Ⓛ", "Ⓔ"  # a place run in the masked sentence: any place / an outside one (外地, 省外…)
# Deictics for the whole territory or a park name no firm's origin: 全市企业, 园区企业 are every firm there.
NOT_ORIGIN = {"全市", "全县", "全区", "全省", "全镇", "园区", "园区内", "开发区内", "属地"}
# How a criterion must relate to its gate: a local firm may be required, preferred or burdened; an outside one
# burdened or made to do something; a size only required; a named firm or the tax paid only rewarded/required.
RELATIONS = {
    "local-registration": {"require", "prefer", "burden"},
    "local-firm": {"require", "prefer", "burden"},
    "outside": {"burden", "require"},
    "ownership": {"require", "prefer", "burden"},
    "size": {"require"},
    "tax": {"require", "prefer"},
    "operator": {"prefer"},
    "named-firm": {"designate"},
    "chosen-operator": {"designate", "require", "prefer"},
    "operator-cap": set(),  # 只允许3家, 仅准入一家: the cap is its own relation
}
GATES = {
    "local-registration": {"procurement", "entry", "benefit", "factor"},
    "local-firm": {"procurement", "entry", "benefit", "factor"},
    "outside": {"procurement", "entry", "benefit", "factor"},
    "ownership": {"procurement", "entry"},
    "size": {"procurement", "entry"},
    "tax": {"benefit"},
    "operator": {"benefit", "factor"},
    "named-firm": {"designation"},
    "chosen-operator": {"designation", "procurement"},
    "operator-cap": {"entry", "procurement"},
}
# The names a rule's frame may use (``tie:``, ``gate:``, ``relation:``; checked by ``checks/catalogue.py``).
CRITERIA = frozenset(RELATIONS)
GATE_NAMES = frozenset().union(*GATES.values())
RELATION_NAMES = frozenset().union(*RELATIONS.values())
GOODS = re.compile(f"{LOCAL}+(?:内|范围内|本地)?的?[^，。；{LOCAL}]{{0,4}}?(?:生产|产品|商品|品牌)"
                   # a benefit for those who contract or buy from local firms: 发包给本县建筑企业承建的，给予奖励
                   f"|(?:发包给|分包给|交由|委托|采购|购买|购进|使用|选用|租用|聘用)[^，。；{LOCAL}]{{0,4}}?{LOCAL}+(?:内|本地)?的?"
                   f"[^，。；{LOCAL}]{{0,6}}?(?:企业|供应商|厂家|单位|机构)")
# A bid's score: 每个得1分, 最多加2分 (a procurement gate and a preference, however many points).
SCORE = "(?:[加得]|(?<![合总])计)[\\d一二三四五六七八九十.]+分"
# A bare 应 (企业应在本区注册) requires; the 应 inside 供应商, 相应, 响应, 应用, 应急 does not.
REQUIRE_BARE = "(?<![供相响反适对效回感答呼])应(?![用急对变收付届])"
# 该市, 该镇 in a notice's summary are the issuing authority's own place.
THAT_PLACE = re.compile("该(?:省|市|县|区|镇|乡|街道|园区|开发区)")
# Words that make "…公司" a class of firms, not one firm: 入驻公司, 上市公司, 下属公司.
GENERIC_FIRMS = ("入驻|新引进|引进|重点|相关|其他|上市|所属|下属|各|该|运营|平台|物业|外资|内资|国有|民营|科技型|中小|小微|投资|"
                 "项目|子|分|控股|参股|保险|担保|融资|中介|建筑|施工|本地|外地|省|市|县|区|乙方|甲方")
# "未经招标投标程序" says the competition was skipped: it is no competitive procedure.
UNCOMPETED = re.compile(r"(?:未经|未通过|未履行|未采用|未进行|不经|没有|未)[^，。；]{0,4}?(?:公开)?(?:招标|竞争|比选|竞价|拍卖)")
NOT_IN_NAME = "的由与和及对向在将为把给从到统一要求确定签订约定府局委指等各"
NOT_IN_GAP = "与将对向给把和及要求规定出台明确政府局委办开展从事实施"
CLAUSE_BREAK = re.compile(r"[，,：:]")
# (prec14) What follows a firm word when the words name a government service, not a firm: 佛山市企业服务平台, 本区企业登记网站,
# 本市中小企业公共服务中心, 本县企业信用信息公示系统. The platform is the channel an office runs to serve every firm; no local
# firm is required, preferred or spared by naming it.
GOVERNMENT_SERVICE = (r"(?:综合|公共|信息|信用|政务|服务|登记|申报|融资|诉求|公示|网上|线上|一站式)*"
                      r"(?:平台|服务中心|网站|门户|窗口|系统|专区|热线|服务大厅|服务站|服务专线)")
# (prec11) The ownership that names the buyer, not who may sell or enter (区属行政机关采购办公用品; 市国有企业非招标采购供应商库…;
# 机关、事业单位和国有企业与施工单位办理工程结算): a rule on how the state's own bodies and firms buy binds them, it sets no
# condition on the firms that supply them (公平竞争审查条例 第八条 is about conditions on 经营者). The clause opens with it — no
# modal, relation or place word before it (应当在区属国有公司运营的电子卖场采购, 限于国有企业 still tie) — and a buying verb follows it.
OWN_BUYER_BEFORE = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条\s*)?[^，。；：]{0,16}$")
OWN_BUYER_AFTER = re.compile(r"^[^，。；的]{0,24}?(?:采购|购买|购置|发包|办理工程结算|结算|招标|租赁|委托)")
OWN_BUYER_STOP = re.compile(r"应当|须|必须|需|在|由|向|从|到|限|仅|只|为|要求|优先|对|与")


@dataclass(frozen=True)
class Tie:
    criterion: str  # one of CRITERIA
    start: int  # the criterion's span in the text
    end: int
    text: str
    gates: frozenset[str]
    relations: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Vocabulary:
    criteria: tuple[tuple[str, re.Pattern[str]], ...]
    gates: tuple[tuple[str, re.Pattern[str]], ...]
    relations: tuple[tuple[str, re.Pattern[str]], ...]
    lawful: re.Pattern[str]
    designation_lawful: re.Pattern[str]
    cap_lawful: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = yaml.safe_load(TIES.read_text(encoding="utf-8"))
    place = f"{LOCAL}+(?:内|范围内|辖区内|行政区域内|境内|本地)?"
    registration = _alternation(data["registration"])
    criteria = (
        ("local-registration", re.compile(
            # a person's registration (本县登记失业人员, 在本市登记上牌的车辆) is no firm's seat; (prec14) nor a consumer's or a
            # household's (在本县登记的个人消费者, 登记的市民): 公平竞争审查条例 第二条 reviews measures "涉及经营者经济活动"
            f"{place}[^，。；{LOCAL}]{{0,6}}?(?:{registration})(?!前|排名|排序|[十百]?强|大户|冠军|亚军|季军|失业|的?(?:失业|人员|居民|人口|户籍|残疾"
            f"|个人(?!独资)|消费者|市民|村民|家庭|学生)|上牌)"
            # (街道办事处 is an agency, not a firm's office)
            f"|(?<!街道)(?:{_alternation(data['registration_nouns'])})[^。；]{{0,12}}?(?:在|于|为|位于|变更至|迁至|设在){LOCAL}+"
            f"|(?:注册|登记|纳税|落户|设立)(?:在|于){LOCAL}+"
            # the firm's address required local (项目地址 is where the project is)
            f"|(?<!项目)(?<!建设)(?:地址|住所)[^。；]{{0,12}}?(?:均为|须为|应为|必须为|须在|应在|必须在){LOCAL}+"
            # work done or membership held in the place: 承担过本县范围内…项目, 具有本市…交易中心会员资格
            f"|(?:{_alternation(data['local_record_verbs'])})[^，。；{LOCAL}]{{0,4}}?{place}[^，。；]{{0,16}}?"
            f"(?:{_alternation(data['local_records'])})")),
        # the gap holds a trade (县内餐饮企业), never a verb or an issuer (某县与企业约定, 义乌市政府给予企业)
        # (prec14) …and a place's service platform, centre or website (佛山市企业服务平台, 本市中小企业公共服务中心) is the
        # administration's channel, not a local firm (GOVERNMENT_SERVICE)
        ("local-firm", re.compile(f"{place}(?!政府|人民政府)的?[^，。；{LOCAL}{NOT_IN_GAP}]{{0,4}}?(?:{_alternation(data['local_parties'])})"
                                  f"(?!{GOVERNMENT_SERVICE})")),
        # 'not of this place' is outside too (非本市号牌的车辆, 非本县屠宰的猪肉); 本市 keeps its local mark, so 非本市注册的
        # 平台 stays a registration tie
        ("outside", re.compile(f"(?:{OUTSIDE}+|非{LOCAL}+)的?[^，。；]{{0,6}}?(?:{_alternation(data['outside_parties'])})")),
        ("ownership", re.compile(_alternation(data["ownership"]))),
        ("size", re.compile(f"(?:{_alternation(data['size'])})[^，。；]{{0,12}}?[\\d一二三四五六七八九十百千万亿]"
                            "|成立(?:年限|时间)?满[\\d一二三四五六七八九十]+年"
                            # owned, not leased or hired: 自有…车辆不少于15辆, 须自有…5000平方米以上的冷库 (自有资金 is a
                            # project's equity ratio, set by law for investment projects)
                            "|自有(?!资金)[^。；]{0,40}?(?:不少于|不低于|以上|[\\d一二三四五六七八九十百千万]+)")),
        ("tax", re.compile(f"(?<!应)(?:{_alternation(data['tax'])})|贡献的地方税收")),  # 应纳税额 is the tax due
        # 对某某公司, 对A公司, 对比亚迪股份有限公司, 对比亚迪公司 — not 对入驻公司 or 对重点企业, which name a class
        ("operator", re.compile("(?:对|向|为|给予)[^，。；]{0,10}?(?:某|[A-Z])[\u4e00-\u9fffA-Za-z]{0,8}?"
                                "(?:有限责任公司|有限公司|公司|集团)|(?:对|向|为|给予)[\u4e00-\u9fff]{2,12}?(?:股份有限公司|有限责任公司|有限公司)"
                                f"|(?:对|向|给予)(?!{GENERIC_FIRMS})(?:(?![的和及与或等、])[\u4e00-\u9fff]){{2,12}}?(?:公司|集团)(?!等)")),
    )
    firm = _alternation(data["named_firm"])
    name = f"(?:(?![{NOT_IN_NAME}])[\u4e00-\u9fffA-Za-z])"  # a firm's name holds no function word or verb
    criteria += (("named-firm", re.compile(
        f"(?:某|[A-Z]){name}{{0,10}}?(?:{firm})|某(?:一|家)?企业|某{name}{{1,10}}?企业|(?:委托|交由|交给)该(?:公司|集团|企业)"
        "|(?<![\u4e00-\u9fff])[甲乙丙丁](?:公司|集团)|(?<=[与向由从到])[甲乙丙丁](?:公司|集团)"  # a case's anonymised 乙公司
        # a named firm's branch in a place: 中国联通黄骅市分公司, 农业银行阜宁支行 (the place is masked)
        f"|{name}{{2,10}}?{LOCAL}+(?:分公司|支公司|分行|支行|营业部)|{name}{{1,8}}?(?:银行|证券|保险){name}{{0,6}}?(?:分行|支行|营业部|分公司|支公司)"
        f"|{name}{{2,14}}?(?:股份有限公司|有限责任公司|有限公司)"
        # 省级绿色商场 is a title, not a firm
        f"|(?<![各该本])(?:省|市|县|区|镇)(?!级)属?{name}{{1,8}}?(?:{firm})")),
                 # an operator, list, platform or insurer pool the authority (or a firm) chose and others must
                 # use: 县卫健局公布的合作单位, 区人社局推荐的某职业培训学校, 共保体, 红名单, 入围企业, 备选库
                 ("chosen-operator", re.compile(
                     f"(?:{_alternation(data['choosers'])})(?![托员理法])[^，。；]{{0,12}}?(?:{_alternation(data['chosen_by'])})的"
                     f"[^，。；]{{0,14}}?(?:{_alternation(data['chosen_operators'])})"
                     f"|{_alternation(data['closed_lists'])}"
                     f"|(?:{_alternation(data['listed_as'])})(?:的)?(?:{_alternation(data['chosen_operators'])})")),
                 ("operator-cap", re.compile(f"(?:{_alternation(data['operator_cap'])})[^，。；]{{0,6}}?"
                                             "[\\d一二三四五六七八九十两]+家[^，。；]{0,20}?(?:企业|公司|运营商|经营者)"
                                             # how many may operate, however the cap is put: 运营企业数量原则上不超过3家,
                                             # 网点总数不超过10个, 只安排一家企业经营, 现有14家…不再增加
                                             "|(?:企业|机构|网点|经营者|运营商|经营户|门店|站点)(?:的)?(?:数量|总数|家数|总量)[^，。；]{0,8}?"
                                             "(?:不超过|不得超过|不多于|控制在|限定在|限制在|限定为)[^，。；]{0,4}?[\\d一二三四五六七八九十两]+(?:家|个)"
                                             "|(?:只|仅)(?:保留|安排|确定|准许|许可|批准|同意|允许|设立|设置)[^，。；]{0,16}?(?:[一1](?:家|个)|[\\d两二三四五六七八九十]+家)"
                                             # (comp9) a count frozen or put under total control however put: 投放企业的家数实行
                                             # 总量控制, 站点数量冻结在现有水平, 经营网点规模维持现状
                                             "|(?:企业|机构|网点|经营者|运营商|经营户|门店|站点|收购点|经营点|回收点|运力)(?:的)?(?:数量|总量|家数|总数|规模)"
                                             "[^，。；]{0,6}?(?:实行总量控制|实行总量调控|实行数量控制|冻结|不再增加|不再新增|不得增加|维持现状|保持现状|维持现有|保持现有|不突破现有)"
                                             "|(?:维持|保持)现有[^，。；]{0,4}(?:规模|数量|家数)|(?:数量|总量|家数|总数)[^，。；]{0,2}(?:不超过|不突破|不得超过|不得突破|不增加)(?:现有|目前|现状)|不再(?:新增|增加|准入|引进)[^，。；]{0,10}?(?:企业|经营者|运营商|公司|机构|经营主体|市场主体)"
                                             "|不得有(?:两|二|三|2|3)家以上"
                                             "|(?:现有|已有)[^，。；]{0,10}?[\\d一二三四五六七八九十两]+家(?:为限|[^，。；]{0,6}?不再(?:增加|新增|准入|审批|受理))"
                                             "|总量控制[^。；]{0,24}?(?:不再增加|不再新增|暂停受理|不予受理|一律不予)"
                                             # one firm picked to run a whole market (确定一家中标企业负责…共享单车的投放),
                                             # not one supplier of a service the authority buys (确定一家物业服务企业)
                                             "|(?:确定|选定|遴选|引进)(?:一|1)家[^，。；]{0,20}?(?:负责|承担|作为|由其)[^。；]{0,30}?(?:投放|运营|经营)"
                                             # the supply itself capped: 运营权…每个合同包1000辆, 2000辆的运营配额
                                             f"|(?:{_alternation(data['supply_quota'])})[^。；]{{0,40}}?\\d+\\s*辆"
                                             "|\\d+\\s*辆[^。；]{0,6}?(?:运营配额|投放配额|配额)")))
    gates = tuple((name, re.compile(_alternation(words) + (f"|{SCORE}" if name == "procurement" else "")))
                  for name, words in data["gates"].items())
    extra = {"prefer": f"|财政|{SCORE}", "require": f"|{REQUIRE_BARE}"}
    relations = tuple((name, re.compile(_alternation(words) + extra.get(name, "")))
                      for name, words in data["relations"].items())
    return _Vocabulary(criteria, gates, relations, re.compile(_alternation(data["lawful"])),
                       re.compile(_alternation(data["designation_lawful"])), re.compile(_alternation(data["cap_lawful"])))


@lru_cache(maxsize=1)
def named_exceptions() -> dict[str, str | list[str]]:
    """The exceptions the local-tie rules share (``exceptions`` in ties.yaml), as named conditions ($name)."""
    return dict(yaml.safe_load(TIES.read_text(encoding="utf-8"))["exceptions"])


@lru_cache(maxsize=1)
def _statutory_duty() -> re.Pattern[str]:
    return re.compile(named_exceptions()["statutory_duty_place"])


@lru_cache(maxsize=1)
def _deictics() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """本地, 本区… and 外地, 省外… as strings: the segmenter may glue one to its neighbour (对外 / 地)."""
    places = load_lexicons()["places"].extra
    local = [w for w in places.get("local", []) if w not in NOT_ORIGIN]
    return re.compile(_alternation(local)), re.compile(_alternation(places.get("elsewhere", [])))


def _masked(sentence: str, offset: int, places: list[Place]) -> str:
    chars = list(sentence)
    spans = [(p.start - offset, p.end - offset, OUTSIDE if p.deictic and not p.local else LOCAL)
             for p in places if p.text not in NOT_ORIGIN]
    local, elsewhere = _deictics()
    spans += [(m.start(), m.end(), LOCAL) for m in (*local.finditer(sentence), *THAT_PLACE.finditer(sentence))]
    spans += [(m.start(), m.end(), OUTSIDE) for m in elsewhere.finditer(sentence)]  # last: 外地 wins over 地
    for start, end, mark in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = mark
    return "".join(chars)


def ties_in(sentence: str, offset: int, places: list[Place]) -> list[Tie]:
    """The ties of one sentence (``offset``: where it starts in the text; ``places``: the places the clause
    analysis found in it). A criterion whose own clause states the lawful rule (不得以…, 同等, 不限…) is none."""
    vocabulary = _vocabulary()
    if _statutory_duty().search(sentence):
        return []  # the place of a duty a statute sets, gating nothing (ties.yaml `statutory_duty_place`)
    masked = _masked(sentence, offset, places)
    gates = frozenset(name for name, pattern in vocabulary.gates if pattern.search(sentence))
    if not gates:
        return []
    breaks = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence)] + [len(sentence) + 1]
    # a relation word in a clause that states the lawful rule (不得要求其在本地设立分支机构) ties nothing
    ruling = "".join(piece for piece in (sentence[a:b] for a, b in zip(breaks, breaks[1:]))
                     if not vocabulary.lawful.search(piece))
    relations = frozenset(name for name, pattern in vocabulary.relations if pattern.search(ruling))
    found = []
    for criterion, pattern in vocabulary.criteria:
        if not (gates & GATES[criterion]) or (RELATIONS[criterion] and not relations & RELATIONS[criterion]):
            continue
        if criterion == "local-firm" and not gates & {"procurement", "entry", "factor"} and OUTSIDE not in masked:
            # a benefit for local firms is a local policy's ordinary reach (支持本地企业参加展会); for local
            # goods (采购本省生产的车辆给予补贴) or against outside ones (本地免缴，外地照收) it is a preference
            pattern = GOODS
        if criterion == "size" and "benefit" in gates:
            continue  # a size reached that earns a reward (销售额达到4000万元的，给予奖励) is a general standard, not entry
        if criterion == "operator-cap" and vocabulary.cap_lawful.search(sentence):
            continue  # a market whose capacity the law lets the authority set
        if criterion in ("named-firm", "chosen-operator") and \
                vocabulary.designation_lawful.search(UNCOMPETED.sub("", sentence)):
            continue  # chosen by a competitive procedure anywhere in the sentence, or the choice left free
        for match in pattern.finditer(masked):
            left = max(b for b in breaks if b <= match.start())
            right = min(b for b in breaks if b > match.start())
            if vocabulary.lawful.search(sentence[left:right]):
                continue
            if criterion == "ownership" and OWN_BUYER_BEFORE.match(sentence[left:match.start()]) \
                    and not OWN_BUYER_STOP.search(sentence[left:match.start()]) and OWN_BUYER_AFTER.match(sentence[match.end():right]):
                continue  # the state's own buyer (prec11)
            if criterion == "chosen-operator" and sentence[max(match.start() - 1, 0):match.start()] == "对" \
                    and not relations & {"designate", "require"}:
                continue  # (prec11) what the body's own scheme pays its partner (对合作银行…形成的损失…给予风险补偿): no one is made to use it
            found.append(Tie(criterion, offset + match.start(), offset + match.end(), sentence[match.start():match.end()],
                             gates & GATES[criterion], relations & RELATIONS[criterion]))
    return found
