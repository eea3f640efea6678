"""Clause analysis: what each clause of a text says, however it is worded.

Every sentence is split into clauses at commas and colons; a condition ("……的，", "经……后，",
"符合条件的企业，") is joined to the clause it governs, an exception ("……除外", "但……") to the clause
it exempts. Each such unit becomes a ``Frame``: who is bound, the modality and its scope, the measures
by class, places, amounts, rates, periods, the legal anchors and the exception written in it, each
with character offsets into the text and the part (main, condition, exception) it stands in.

Built on the project's spaCy pipeline (``checks/nlp.py``: blank zh + jieba, whose dictionary holds every
lexicon term, so a term is one token): the lexicons of ``checks/data/lexicons`` become a PhraseMatcher
over ORTH and Matcher patterns; suffix rules (…局, …许可证, …县) read the tokens. Rules decide what is
unlawful; this layer only says what the clause says.

    analyse_clauses(text) -> list[Frame]       # parse and frame a text
    frames_in(doc) -> list[Frame]              # frame a Doc that checks/engine.analyse already parsed
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

import jieba
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from normreview.checks.lexicons import Lexicon, clause_classes, load_lexicons
from normreview.checks.nlp import can_anchor, parse, pipeline
from normreview.checks.places import find_places
from normreview.patterns import inside_quotation, quote_breaks, quoted_spans

# A law named as the one a party broke ("违反道路交通安全法律、法规…的"), up to the anchor.
VIOLATED = re.compile(r"违反[^，。；：,;]{0,14}$")

MODALITIES = ("precondition", "prohibition", "obligation", "permission")  # the stronger first
SUBJECTS = ("agency", "party")
NOT_MEASURES = set(MODALITIES) | set(SUBJECTS) | {"legal-anchor", "exception"}
SENTENCE_END = {"。", "；", ";", "！", "!", "？", "?"}
CLAUSE_BREAK = {"，", ",", "：", ":"}
# The last word of a condition ("拒不改正的", "经批准后", "申请时") and the first word of one ("如", "凡", "经").
CONDITION_END = {"的", "后", "时", "前", "之前", "以后", "之后", "以前", "期间", "之日起", "者"}  # 申请入驻者，须…
CONDITION_START = {"如", "若", "如果", "凡", "凡是", "对于", "经", "未经", "只有", "一旦", "假如", "倘若", "对",
                   "如需", "若需", "凡需", "确需"}  # 如需设置快递柜，须先…: jieba keeps 如需 one word
EXCEPTION_START = {"但", "但是"}
# A condition that opens with one of these is negative: 未取得许可证的，不得经营 states a precondition.
NEGATIVE_LEADS = {"未", "未经", "没有", "如未", "凡未"}
# A condition that opens with one of these before a negative lead is negative too (凡没有…的企业，不得…).
GENERAL_LEADS = {"凡", "凡是"}
# A topic that opens with 对 before a negative lead (对未…的车辆不予年审) names whom the agency acts on: it states a
# precondition only when the agency refuses an approval to it (对未…的，不得强制执行 forbids the agency itself).
TOPIC_LEADS = {"对", "对于"}
# Words that refuse an administrative act (不予办理, 不予以核发): under a negative condition, a refused approval says
# the condition's content is required before the approval, as 未…的，不得… does (no modal word of the lexicon).
REFUSING = {"不予", "不予以", "一律不予", "均不予", "暂不予", "概不", "一概不予"}
# Words between the agent of a passive clause and its approval verb (由区商务局负责审批, 由镇政府予以审核): the agent
# approves; 由甲方负责办理并确保…获得批准 is an agent that obtains an approval, not one that gives it.
APPROVER_LEADS = {"负责", "予以", "统一", "进行", "集中", "先行", "依次", "逐级"}
APPROVER_GAP = re.compile("(?:" + "|".join(APPROVER_LEADS) + ")*")
# What an agency sets rather than approves for someone (销售价格，由民政局统一核定; 收费标准由…审定).
SET_BY_AGENCY = re.compile(r"价格|价款|收费|费率|标准|定额|指标")
# Approval words whose agent applies rather than approves (容积率…由甲方负责报批落实: 甲方 must get it approved).
SUBMITS_FOR_APPROVAL = re.compile(r"^(?:报批|报审|报请|申报|申请|送审|报送)")
# A clause that opens with one of these (after at most one adverb: 一律予以) acts on what was named before it.
PASSIVE_LEADS = {"予以", "一律予以", "均予以", "被"}
# Measure classes whose noun can be the fronted object of a clause (文明施工保证金，施工单位应当…缴纳二十万元).
FRONTED_CLASSES = {"payment", "approval", "guarantee", "price", "benefit"}
# A clause that opens with carrying out a measure and is followed by a duty ("实施查封、扣押，应当制作现场笔录")
# is the topic of that duty, as a condition is.
PROCEDURE_LEADS = {"实施", "执行", "作出", "办理"}
# A penalty or compulsory measure followed by one of these is a noun's modifier (罚款决定书, 查封、扣押的财物,
# 行政处罚的实施机关): the text refers to the measure, it does not impose it.
REFERRED_BY = {"决定", "决定书", "数额", "收据", "票据", "收入", "幅度", "限额", "标准", "程序", "案件", "事项", "的",
               "通知书", "告知书", "文书", "种类", "裁量", "基准", "清单", "笔录", "期限", "期间", "内容", "裁量权", "结果",
               "案卷", "信息", "工作", "职权", "主体", "机关",
               "物", "物上"}  # (prec14) 查封物上: the thing seized
# (prec13) A compulsory measure's verb that names a kind of work before one of these (建筑物拆除施工, 拆除作业, 拆除工程, 拆除单位):
# the work is the topic (停止工地土石方作业和建筑物拆除施工: 大气污染防治法 第九十六条), no measure is taken against anyone.
WORK_NAMED = {"施工", "作业", "工程", "工地", "工序", "资质", "单位", "企业", "队伍", "项目"}
# …unless a word before the verb makes someone carry it out (组织拆除施工, 强制拆除作业, 予以拆除): then it is done to someone.
CARRIED_OUT_BY = {"强制", "强行", "予以", "依法", "责令", "限期", "组织", "实施", "进行", "负责", "安排", "开展", "统一", "集中",
                  "立即", "一律", "自行", "代为"}
# A measure named as the head of a noun phrase whose modifier is itself a measure (罚款的收缴, 行政处罚的实施) is a
# topic: the text speaks about the measure, it does not impose it.
TOPIC_CLASSES = {"penalty", "compulsion", "payment"}
# 证明 after one of these is the verb "to prove" (以证明其业绩质量), not a certificate someone issues.
PROVING_LEADS = {"以", "用以", "用于", "足以", "据以", "加以", "能够", "可以", "无法", "不能"}
# A definition (本办法所称罚款，是指…; 本通知所称行政强制，包括…) imposes nothing: these measure classes in its
# sentence are named, not set. Other classes stay (所称重点企业，是指在本区注册纳税的企业 is a local tie).
DEFINITION = re.compile(r"所称[^，,。；;]{1,40}[，,]?\s*(?:是指|系指|指|包括|含)")
DEFINED_CLASSES = {"penalty", "compulsion", "approval", "payment"}
# A clause that only names the law a measure rests on (…可以依照《环境保护法》第二十五条的规定，查封、扣押…) anchors
# the clauses that follow it in its sentence.
ANCHOR_LEAD_CLAUSE = re.compile(r"(?:依照|依据|根据|按照)[^，,。；;]*(?:规定|》|条|款|项)$")
# The words before a law that a body acts under (由区城市管理局依照《…》), not one that a party broke.
ACTS_UNDER = re.compile(r"(?:依照|依据|根据|按照)$")
# A law named again by reference (依照该法第一百一十七条的规定): it anchors when its sentence names a law.
LAW_REFERENCE = re.compile(r"(?:依照|依据|根据|按照)(?:该|上述|前述)(?:法律|法|条例|行政法规)(?:第[一二三四五六七八九十百零〇\d]+条)?")
# A clause that opens with one of these orders what follows (要求企业…, 责令其…), with no modal word.
DIRECTIVES = {"要求", "责令", "一律要求", "统一要求", "强制", "强制要求"}
LABEL = re.compile(r"第[一二三四五六七八九十百零〇\d]+[条款项]|[（()）、.．]|[一二三四五六七八九十\d]{1,3}")
EXCEPTION_END = ("除外", "不在此限", "不受此限")
NEGATORS = {"不", "无需", "无须", "免于", "免予", "不再", "不予", "没有", "未", "无", "取消", "免", "不需", "不必", "拒不", "停止"}
# A name after one of these is an object (向区政府缴纳, 经区商务局批准), not who is bound. The one list of object
# words: _bound reads it against the word before each name and records the role on Frame.parties (Bound.how), which
# engine.bound_kind reads too.
OBJECT_MARKERS = {"向", "对", "与", "给", "为", "同", "跟", "替", "经", "在", "从", "把", "将", "按", "按照", "依照",
                  "根据", "会同", "协助", "配合", "报", "报请", "提请", "报经", "到", "赴", "至", "由于", "受", "但经",
                  # the one a matter is handed to (交由区环卫所处置): it acts for the one who hands it over
                  "交由", "交给",
                  # the office a report or paper is handed to (并于当日报送区卫生健康局): the one who hands it is bound
                  "报送", "上报", "报备", "告知", "移交", "交", "送",
                  # modal words that jieba joined to a preposition
                  "应向", "须报", "需经", "须经", "应经", "必须经", "须按", "应征得", "除经",
                  # the one a promise is made for (并保证乙方项目免缴…): the promiser is bound
                  "保证", "确保", "承诺",
                  # the body a matter is put under (将…纳入区商务局审批管理): it administers, the clause binds others
                  "纳入", "列入",
                  # the agent of a passive (入园项目须被管委会列入准入目录后方可开工): the patient is bound
                  "被"}
AGENT_MARKERS = {"由", "并由", "由其"}
# Consent words and the words that ask for consent before the one who gives it (未经消费者同意, 征得业主书面同意).
CONSENT_WORDS = {"同意", "书面同意", "认可", "允许", "许可"}
CONSENT_ASKED = re.compile(r"(?:经|征得|得到)([^，。；、经]{1,8})$")
BODY_TAIL = re.compile(r"(?:[厅局委办府处所站队院室科]|部门|中心|机关|政府|管委会|居委会|村委会|(?<!业主)委员会|社区|村)"
                       r"(?:书面|确认|研究|审核|审查|核实)?$")  # a body the lexicon may lack: 省自然资源厅; a residents' or
# villagers' committee a document makes the gatekeeper (经社区居委会确认同意), not an owners' committee's civil consent
# The head of the acting agency itself (须经本机关负责人批准, 向行政机关负责人报告并经批准): an internal step.
INTERNAL_APPROVER = re.compile(r"(?:本|行政|执法)(?:机关|部门|单位)(?:主要)?负责人")
GLUED_PREPOSITION = re.compile(r"[前后内时中]?[向到对在经与给从报]")  # 前到, 内到, 后向 as jieba gives them
# A modal word or 未 that jieba glued to the preposition before a name (须持区商务局颁发的, 未经区文旅局认可的).
GLUED_MODAL_LEAD = re.compile(r"^(?:必须|应当|均须|均需|须|需|应|未|并|另|还)")
# Words that narrow a name without changing its role (经所在街道办事处, 向当地乡镇政府): the word before them decides it.
NAME_DETERMINERS = {"所在", "所在地", "当地", "辖区", "属地", "本级", "相关", "有关"}
ANCHOR_LEADS = {"依照", "依据", "根据", "按照"}
STOP_WORDS = {"的", "了", "和", "及", "与", "或", "并", "各", "其", "该", "本", "我", "此", "等", "任何", "所有"}
QUANTIFIERS = {"任何", "各", "所有", "一切", "其他", "各级", "有关"}
COORDINATORS = {"和", "及", "与", "或", "或者", "、", "以及"}
NOT_NAME_WORDS = OBJECT_MARKERS | AGENT_MARKERS | STOP_WORDS
# A body named after one of these issues a document, it is not bound: 领取管委会核发的…, 取得街道出具的….
ISSUER_LEADS = {"取得", "领取", "申领", "获得", "提交", "提供", "持", "持有", "凭", "征得", "出示", "附"}
NOT_NAME_WORDS |= ISSUER_LEADS
# The legal form of a firm: a body's name before one of these names a company (区市场服务中心有限公司), not the body.
FIRM_SUFFIXES = {"公司", "有限公司", "有限责任公司", "股份有限公司", "集团", "集团公司"}
# jieba glues a function character to a term (吊销其, 前须): the term still counts, one token wide.
# A one-character suffix that jieba leaves alone after a name (交通运输 / 局, 城管 / 科).
BARE_ONE_CHAR = {"局", "科"}
GLUE_CHARS = set("其前后并报由经向对在将把均另还亦仍且")
GLUED_MODALS = {"须", "应", "需"}  # one-character terms count only after one of these
MODAL_GLUE = set("前后均并另还亦仍且时")  # 园区时须: the time of a condition glued to its modal
MODAL_OBJECT_GLUE = set("向由在将把经报对到从与给为持凭")  # 须向, 应由, 需在, 须持: a modal glued to the word after it
# Verbs before a document's name: 持房屋所有权证明 names 房屋所有权证明, not 持房屋所有权证明.
DOCUMENT_VERBS = {"的", "持", "凭", "取得", "提供", "提交", "出具", "办理", "领取", "申请", "申领", "开具", "获得"}
NOT_DOCUMENT_WORDS = OBJECT_MARKERS | AGENT_MARKERS | NEGATORS | DOCUMENT_VERBS
MODALITY_SET = set(MODALITIES)
# jieba joins a preposition or conjunction to a one-character division: 由区城管局 → 由区 / 城管局; 或市.
PREPOSITION_CHARS = set("由经向在对从与和给为将把到或及并至报交送凭持")
DIVISION_CHARS = set("省市县区镇乡")
# Words between a zone's name and its kind: 南浔 / 经济 / 开发区, 湖州 / 高新 / 园区.
ZONE_WORDS = {"经济", "技术", "经济技术", "高新", "高新技术", "工业", "产业", "科技", "保税", "综合保税", "旅游度假", "现代农业", "新"}
LEVELS = {"省": "province", "自治区": "province", "市": "city", "自治州": "city", "州": "city", "盟": "city",
          "县": "county", "区": "county", "自治县": "county", "旗": "county", "镇": "township", "乡": "township",
          "街道": "township", "村": "village", "社区": "village"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Bound(Mention):
    """A body or person named in a clause. ``how`` of who is bound: subject (before the modality), agent (由…),
    condition (named in the condition), carried (from the previous clause of the sentence), lead-in (from
    the head of the list the clause is an item of), reported (named after a report verb: 某局要求企业…); ``how`` of
    each name in ``Frame.parties``: its role where it stands — subject, agent (after 由), or object (after an
    OBJECT_MARKERS word or ISSUER_LEADS verb, or in a phrase that 对 opens: 对违反规定的商户处以罚款)."""

    kind: str  # agency | party
    how: str


@dataclass(frozen=True)
class Modality(Mention):
    kind: str  # obligation | prohibition | precondition | permission
    scope_start: int
    scope_end: int


@dataclass(frozen=True)
class Measure(Mention):
    cls: str  # a lexicon class: approval, payment, penalty…
    part: str  # main | condition | exception
    negated: bool = False


@dataclass(frozen=True)
class Anchor(Mention):
    kind: str  # law | document (a 《…》 title not in the registry) | lawful | reservation | vague (按照有关规定)
    part: str


@dataclass(frozen=True)
class Place(Mention):
    """A toponym or a deictic (本区, 辖区). ``local``: the text's own territory (本区, 我县…), which a
    deictic says; a named place's locality needs the issuer, which the gazetteer will know."""

    code: str | None = None
    level: str | None = None
    local: bool = False
    deictic: bool = False


@dataclass(frozen=True)
class Exemption(Mention):
    """An exception ("……除外", "但……") and the clause it exempts."""

    exempts_start: int
    exempts_end: int


@dataclass
class Frame:
    start: int  # the whole unit: condition, main clause and exception
    end: int
    sentence_start: int
    sentence_end: int
    text: str
    main: Mention
    condition: Mention | None = None
    exception: Exemption | None = None
    bound: Bound | None = None
    parties: list[Bound] = field(default_factory=list)
    modality: Modality | None = None
    measures: list[Measure] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    amounts: list[Mention] = field(default_factory=list)
    rates: list[Mention] = field(default_factory=list)
    periods: list[Mention] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    fronted: Mention | None = None  # a fronted object joined to the clause of its verb (文明施工保证金，施工单位应当缴纳…)
    lead_in: Mention | None = None  # the head of the list the clause is an item of (…经营的，应当符合以下条件：), on its line
    joined: Mention | None = None  # a second predicate (企业应当A，并B): the condition of the duty it continues (empty if none)
    # where what a report head reports starts in the sentence (经查，某县人民政府文件规定，|利用互联网从事…): the provision
    # reported, which is read where a statute it may restate or a basis that leads it is read
    reported_from: int | None = None

    def classes(self, part: str | None = None) -> set[str]:
        """Measure classes in the frame (or in one part), negated ones left out."""
        return {m.cls for m in self.measures if not m.negated and (part is None or m.part == part)}

    def has(self, cls: str, part: str | None = None) -> bool:
        return cls in self.classes(part)

    @property
    def anchored(self) -> bool:
        """The clause names its legal basis: a law, 依法, or a reservation for laws (not 按照有关规定, nor
        a 《…》 title that is not a law in the registry). A 依法 or a law inside the exception (除依法取得食品经营许可证
        外，还须取得…) is the basis of what is excepted, not of the main clause; a reservation there (法律、法规另有规定
        的除外) still anchors."""
        return any(a.kind == "reservation" or a.kind in ("law", "lawful") and a.part != "exception" for a in self.anchors)


@dataclass(frozen=True)
class _Hit:
    cls: str
    kind: str
    start: int  # token indices
    end: int


class _Lexicons:
    """The lexicons compiled for one vocabulary, built once per process."""

    def __init__(self):
        nlp = pipeline()
        self.classes: dict[str, Lexicon] = clause_classes()
        self.places: Lexicon = load_lexicons()["places"]
        self.local = set(self.places.extra.get("local", []))
        self.elsewhere = set(self.places.extra.get("elsewhere", []))
        self.regions = set(self.places.extra.get("regions", []))  # named regions no gazetteer division holds
        self.phrases = PhraseMatcher(nlp.vocab)
        self.patterns = Matcher(nlp.vocab)
        self.triggers: set[str] = set()  # the words a pattern can start with: it runs only near them
        for name, lexicon in self.classes.items():
            by_kind: dict[str, list[str]] = {}
            for term in lexicon.terms.values():
                by_kind.setdefault(term.kind, []).append(term.term)
            for kind, terms in by_kind.items():
                self.phrases.add(f"{name}|{kind}", list(nlp.tokenizer.pipe(terms)))
            for index, (kind, pattern) in enumerate(lexicon.patterns):
                self.patterns.add(f"{name}|{kind}|{index}", [pattern])
                self.triggers.update(_first_words(pattern))
        self._word_hits: dict[str, list[tuple[str, str]]] = {}  # suffix rules, once per distinct word
        _jieba_words_by_tag()  # load jieba's tags (proper names, verbs, adverbs) now, not during the first document

    def word_hits(self, word: str) -> list[tuple[str, str]]:
        """(class, kind) of the suffix rules a word meets: 区商务局, 房屋所有权证明, 建设公司; a bare 办公室;
        and of a term jieba glued to a function character (吊销其, 前须)."""
        found = self._word_hits.get(word)
        if found is None:
            found = [(cls, "glued") for cls in self.glued(word)]
            for cls in ("agency", "party", "approval", "payment"):
                lexicon = self.classes[cls]
                if word in lexicon.terms:
                    continue
                if lexicon.has_suffix(word):
                    found.append((cls, "suffix"))
                elif cls == "agency" and word in lexicon.suffixes and (len(word) >= 2 or word in BARE_ONE_CHAR):
                    found.append((cls, "bare"))
            self._word_hits[word] = found
        return found

    def glued(self, word: str) -> list[str]:
        """Classes of the term in a word of a term and one glue character, if the word is no term itself."""
        if len(word) < 2 or not _is_cjk(word) or any(word in lexicon.terms for lexicon in self.classes.values()):
            return []
        cores = []
        if word[-1] in GLUE_CHARS and len(word) > 2:
            cores.append(word[:-1])
        if word[0] in GLUE_CHARS and len(word) > 2 or word[1:] in GLUED_MODALS and word[0] in MODAL_GLUE:
            cores.append(word[1:])
        if word[0] in GLUED_MODALS and word[1] in MODAL_OBJECT_GLUE and (len(word) == 2 or word[2:] in DIVISION_CHARS) \
                and word != "应对":
            cores.append(word[0])  # 须向区 / 城市管理局, 应由 / 企业: the modal glued to the preposition after it
        return [name for core in cores for name, lexicon in self.classes.items()
                if core in lexicon.terms and name not in ("legal-anchor", "exception")]

    def hits(self, doc: Doc, words: list[str]) -> list[_Hit]:
        found: set[_Hit] = set()
        matches = list(self.phrases(doc))
        for window_start, window_end in _windows([i for i, w in enumerate(words) if w in self.triggers], len(words)):
            matches += [(m, window_start + s, window_start + e) for m, s, e in self.patterns(doc[window_start:window_end])]
        for match_id, start, end in matches:
            cls, kind = doc.vocab.strings[match_id].split("|")[:2]
            found.add(_Hit(cls, kind, start, end))
        for i, word in enumerate(words):
            for cls, kind in self.word_hits(word):
                found.add(_Hit(cls, kind, i, i + 1))
        return sorted(found, key=lambda h: (h.start, -h.end, h.cls))


PATTERN_REACH = 40  # tokens: the longest a lexicon pattern may run (《…》 titles included)


def _first_words(pattern: list[dict]) -> set[str]:
    """The words a token pattern can start with (its first token's ORTH or ORTH IN)."""
    orth = pattern[0].get("ORTH")
    if isinstance(orth, str):
        return {orth}
    if isinstance(orth, dict) and "IN" in orth:
        return set(orth["IN"])
    raise ValueError(f"词表模式须以 ORTH 开头：{pattern[0]}")


def _windows(starts: list[int], length: int) -> list[tuple[int, int]]:
    """Token windows from each trigger to PATTERN_REACH after it, overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for start in starts:
        end = min(start + PATTERN_REACH, length)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


NUMBER = re.compile(r"[\d.,０-９一二三四五六七八九十百千万亿两零〇]+")
AMOUNT_UNITS = {"元", "万元", "亿元", "千元", "百元"}
RATE_UNITS = {"%", "％", "‰", "成"}
PERIOD_UNITS = {"年", "个月", "月", "日", "天", "周", "工作日", "小时", "年内", "日内", "天内", "月内", "个月内", "工作日内"}
AMOUNT_WORD = re.compile(r"[\d.,一二三四五六七八九十百千万亿两]+(?:万|亿|千|百)?元")
RATE_WORD = re.compile(r"[\d.]+[%％‰]|百分之[\d.一二三四五六七八九十百零]+")
PERIOD_WORD = re.compile(r"[\d一二三四五六七八九十两百]{1,3}个?(?:年|个月|月|日|天|周|工作日|小时)(?:内|以内)?")
SHORT_NUMBER = re.compile(r"[\d一二三四五六七八九十两百]{1,3}")


def _quantities(words: list[str]) -> list[tuple[str, int, int]]:
    """(amount | rate | period, start token, end token): 50万元, 五千元, 80%, 百分之十, 三年, 30个工作日内.
    A number followed by another number (3月31日) is a date, not a period."""
    found = []
    n = len(words)
    for i, word in enumerate(words):
        first = word[:1]
        if not first or not (first.isdigit() or first in "一二三四五六七八九十两百千万零〇０１２３４５６７８９"):
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        if AMOUNT_WORD.fullmatch(word):
            found.append(("amount", i, i + 1))
        elif RATE_WORD.fullmatch(word):
            found.append(("rate", i, i + 1))
        elif PERIOD_WORD.fullmatch(word):
            found.append(("period", i, i + 1))
        elif NUMBER.fullmatch(word):
            if nxt in AMOUNT_UNITS:
                found.append(("amount", i, i + 2))
            elif nxt in RATE_UNITS:
                found.append(("rate", i, i + 2))
            elif SHORT_NUMBER.fullmatch(word):
                unit = i + 2 if nxt == "个" and i + 2 < n else i + 1
                if unit < n and words[unit] in PERIOD_UNITS:
                    after = words[unit + 1] if unit + 1 < n else ""
                    if not (after[:1].isdigit() or NUMBER.fullmatch(after or "x")):
                        found.append(("period", i, unit + 1))
    return found


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    return _Lexicons()


def analyse_clauses(text: str) -> list[Frame]:
    doc = parse(text)
    doc.user_data["text"] = text
    return frames_in(doc)


def text_of(doc: Doc) -> str:
    return doc.user_data.get("text") or doc.text


CJK = re.compile(r"[\u4e00-\u9fff]+")


def _is_cjk(word: str) -> bool:
    return CJK.fullmatch(word) is not None


def _prepositional(word: str) -> bool:
    """A two-character token of a preposition and a division: 由区, 经区, 在市."""
    return len(word) == 2 and word[0] in PREPOSITION_CHARS and word[1] in DIVISION_CHARS


def _words(doc: Doc) -> tuple[list[str], list[int]]:
    """The tokens' texts and character offsets, read from the Doc once (Token access is slow)."""
    cached = doc.user_data.get("clause_words")
    if cached is None:
        words = [t.text for t in doc]
        offsets = [t.idx for t in doc]
        cached = doc.user_data["clause_words"] = (words, offsets)
    return cached


# The parts of speech jieba's own dictionary gives that the clause analysis asks about, by what it asks.
JIEBA_TAG_GROUPS = {"proper": ("ns", "nr", "nt", "nz"), "verb": ("v", "vn"), "adverb": ("d", "ad")}


@lru_cache(maxsize=1)
def _jieba_words_by_tag() -> dict[str, frozenset[str]]:
    """One read of jieba's own dictionary: the words of each group of JIEBA_TAG_GROUPS."""
    group_of = {tag: group for group, tags in JIEBA_TAG_GROUPS.items() for tag in tags}
    found: dict[str, set[str]] = {group: set() for group in JIEBA_TAG_GROUPS}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as lines:
        for word, _, tag in (line.split() for line in lines):
            if tag in group_of:
                found[group_of[tag]].add(word)
    return {group: frozenset(words) for group, words in found.items()}


def _proper_names() -> frozenset[str]:
    """Words that jieba's own dictionary tags as place, person, organisation or other proper names
    (ns, nr, nt, nz): the first half of a division split by the segmenter (惠安 / 县)."""
    return _jieba_words_by_tag()["proper"]


def _name_half(word: str) -> bool:
    """The name before a bare division suffix: a proper name, or a word jieba does not know."""
    return len(word) >= 2 and _is_cjk(word) and (word in _proper_names() or word not in pipeline().tokenizer.jieba_seg.FREQ)


def _verbs() -> frozenset[str]:
    """Words jieba tags as verbs (v, vn): a clause that ends in one (装修企业进场施工前必须取得) has its object
    elsewhere, fronted before it."""
    return _jieba_words_by_tag()["verb"]


def _adverbs() -> frozenset[str]:
    """Words jieba tags as adverbs (d, ad): a clause that opens with one (严格从…中择优选用) is no noun phrase."""
    return _jieba_words_by_tag()["adverb"]


def places_in(doc: Doc, home: str | None = None) -> list[Place]:
    """Places of a parsed text: the gazetteer's divisions (``checks/places.find_places``: 惠安县, 湖州市南浔区,
    南浔经济开发区, with their codes), deictics (本区, 我县, 辖区 → ``local``; 外地 → not), and names the
    gazetteer lacks that end in a division suffix (某某经济开发区). ``home`` makes a named place in the
    issuer's own division local."""
    lex = _lexicons()
    words, offsets = _words(doc)
    places: list[Place] = []
    for found in find_places(text_of(doc), home=home):
        if not found.local:
            local = bool(home and found.code and (found.code == home or found.code.startswith(home.rstrip("0"))))
            places.append(Place(found.start, found.end, found.text, code=found.code, level=found.level, local=local))
    covered = [(p.start, p.end) for p in places]
    # the gazetteer's spans sorted by start with the furthest end so far: a word inside one is found by bisection
    spans = sorted(covered)
    span_starts, reach = [s for s, _ in spans], list(accumulate((e for _, e in spans), max))
    for i, word in enumerate(words):
        start = offsets[i]
        at = bisect_right(span_starts, start) - 1
        if at >= 0 and reach[at] > start:
            continue
        if word in lex.local or word in lex.elsewhere:
            places.append(Place(start, start + len(word), word, local=word in lex.local, deictic=True))
            continue
        if word in lex.regions:  # 长三角, 临港: a named place, not the issuer's own
            places.append(Place(start, start + len(word), word, level="region"))
            continue
        if word in ("本", "我") and i + 1 < len(words) and words[i + 1][:1] in DIVISION_CHARS:
            places.append(Place(start, start + 2, word + words[i + 1][0], local=True, deictic=True))  # 本/县政府
            continue
        suffix = lex.places.suffix_of(word)
        if suffix is None or not _is_cjk(word) or _prepositional(word) or word.startswith(("各", "全", "该", "本", "我", "此", "每")):
            continue
        first = i
        if word == suffix or word[:-len(suffix)] in ZONE_WORDS:  # 惠安 / 县, 南浔 / 经济 / 开发区, 南浔 / 技术开发区
            while first > 0 and words[first - 1] in ZONE_WORDS:
                first -= 1
            if first > 0 and _name_half(words[first - 1]):
                first -= 1
            if word == suffix and first == i:
                continue  # a bare 区 or 县 with no name before it
        elif not lex.places.has_suffix(word):
            continue
        if any(s < start + len(word) and offsets[first] < e for s, e in covered):
            continue
        name = "".join(words[first:i + 1])
        places.append(Place(offsets[first], start + len(word), name, level=LEVELS.get(suffix, "zone")))
    places.sort(key=lambda p: p.start)
    return places


def _place_like(word: str, offset: int, place_starts: set[int]) -> bool:
    return offset in place_starts or word in DIVISION_CHARS or word in LEVELS or _prepositional(word) or word in _proper_names()


def _subjects(doc: Doc, hits: list[_Hit], place_starts: set[int], token_classes: _TokenClasses) -> list[tuple[int, int, str]]:
    """(start token, end token, kind) of each agency or party named; an agency's name reaches left over
    the places before it (区 + 城管局, 惠安县 + 自然资源 + 局)."""
    words, offsets = _words(doc)
    found: dict[int, tuple[int, int, str]] = {}
    for hit in hits:
        if hit.cls not in SUBJECTS:
            continue
        start = hit.start
        if hit.kind == "bare":  # 市场 / 管理 / 办公室: the name is the words before the suffix
            while start > 0 and hit.start - start < 2 and _is_cjk(words[start - 1]) \
                    and token_classes[start - 1] <= {"agency"} and words[start - 1] not in NOT_NAME_WORDS:
                start -= 1  # 市场 / 管理 / 办公室; 城管 / 科
            if start == hit.start:
                continue
        if hit.cls == "agency":
            while start > 0 and hit.end - start < 5 and _place_like(words[start - 1], offsets[start - 1], place_starts):
                start -= 1
        previous = found.get(hit.end)
        if previous is None or previous[0] > start:
            found[hit.end] = (start, hit.end, hit.cls)
    spans = sorted(found.values())
    kept: list[tuple[int, int, str]] = []
    for span in spans:  # the longest of overlapping names; adjacent parties are one (居民 + 子女)
        if kept and span[0] == kept[-1][1] and span[2] == kept[-1][2] == "party":
            kept[-1] = (kept[-1][0], span[1], "party")
            continue
        if kept and span[0] == kept[-1][1] and kept[-1][2] == "agency" and words[span[0]] in FIRM_SUFFIXES:
            kept[-1] = (kept[-1][0], span[1], "party")  # 区市场服务中心 + 有限公司: a firm named after a body
            continue
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _char_span(doc: Doc, start: int, end: int, name: bool = False) -> tuple[int, int]:
    """Character offsets of tokens [start, end); a name leaves out the preposition jieba joined to it."""
    words, offsets = _words(doc)
    return offsets[start] + (1 if name and _prepositional(words[start]) else 0), offsets[end - 1] + len(words[end - 1])


def _segments(doc: Doc) -> list[list[tuple[int, int]]]:
    """Sentences as lists of clause segments, each (start token, end token) without its punctuation."""
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    start = 0
    words, offsets = _words(doc)
    breaks = quote_breaks(text_of(doc))
    quoted = set(breaks)  # a quoted provision is a sentence of its own (patterns.QUOTED_PROVISION)
    quotations = quoted_spans(text_of(doc), breaks)  # (prec14) …but no quotation is split inside (以“未取得…证件，驾驶…”为由)
    for i, word in enumerate(words):
        if quotations and word in SENTENCE_END | CLAUSE_BREAK and inside_quotation(quotations, offsets[i]):
            continue
        ends_sentence = word in SENTENCE_END or "\n" in word or offsets[i] + len(word) in quoted
        if ends_sentence or word in CLAUSE_BREAK:
            if i > start:
                current.append((start, i))
            start = i + 1
            if ends_sentence and current:
                sentences.append(current)
                current = []
    if len(words) > start:
        current.append((start, len(words)))
    if current:
        sentences.append(current)
    return sentences


class _TokenClasses(dict):
    """Lexicon classes by token index; most tokens have none, so only the others are stored."""

    def __missing__(self, index: int) -> frozenset[str]:
        return frozenset()


@dataclass
class _Unit:
    main: tuple[int, int]
    conditions: list[tuple[int, int]] = field(default_factory=list)
    exception: tuple[int, int] | None = None
    condition_kind: str = ""  # negative ("未取得……的") turns a prohibition into a precondition; negative-topic (对未…的)
    # only a refused approval
    fronted: tuple[int, int] | None = None  # the fronted object that opens ``main``


def frames_in(doc: Doc) -> list[Frame]:
    """The frames of a parsed text, in order. ``doc`` comes from ``checks/nlp.pipeline()``."""
    lex = _lexicons()
    text = text_of(doc)
    words, offsets = _words(doc)
    hits = lex.hits(doc, words)
    places = places_in(doc)
    place_starts = {p.start for p in places}
    token_classes = _TokenClasses()
    for hit in hits:
        if hit.kind != "bare":
            for i in range(hit.start, hit.end):
                token_classes.setdefault(i, set()).add(hit.cls)
    subjects = _subjects(doc, hits, place_starts, token_classes)
    laws = [(e.start, e.end) for e in doc.ents if e.label_ == "LAW"]
    quantities = sorted((*_char_span(doc, s, e), label) for label, s, e in _quantities(words))
    # Everything is sorted by start, so each sentence and frame takes its own slice (linear, not quadratic).
    hit_starts, subject_starts = [h.start for h in hits], [s[0] for s in subjects]
    law_starts, place_offsets, quantity_offsets = [s for s, _ in laws], [p.start for p in places], [q[0] for q in quantities]
    frames: list[Frame] = []
    head: Frame | None = None  # a clause that opens a list ("企业应当履行以下义务：")
    for sentence in _segments(doc):
        first, end = sentence[0][0], sentence[-1][1]
        in_sentence = _slice(hits, hit_starts, first, end)
        sentence_subjects = _slice(subjects, subject_starts, first, end)
        sentence_laws = _slice(laws, law_starts, first, end)
        sentence = _split_report_heads(words, sentence, in_sentence, {e for _, e, _ in sentence_subjects})
        units = _units(doc, sentence, token_classes, sentence_subjects)
        sentence_start, sentence_end = _char_span(doc, first, end)
        if end < len(words) and words[end] in SENTENCE_END:  # the sentence keeps its full stop
            sentence_end += len(words[end])
        previous: Frame | None = None
        lead_anchors: list[Anchor] = []
        # An enforcer's consequence that names its basis (由消防救援机构依法责令改正，处…罚款; …依照《城市道路管理条例》
        # 第四十二条的规定责令限期改正，可以处以…罚款) governs the measures that continue it with no party or
        # condition of their own: the law sets the whole list, not its first verb (see _consequence_anchors).
        consequence_anchors: list[Anchor] = []
        definition = DEFINITION.search(text[sentence_start:sentence_end]) is not None
        # A numbered line with no punctuation of its own ("（二）对严重失信当事人实施联合惩戒" and a line break) is a
        # section heading: it names the topic its paragraph then rules on.
        heading = len(units) == 1 and end < len(words) and "\n" in words[end] and _is_item(words, first)
        report: Modality | None = None  # the report verb of a report head (某县住建局文件要求，…): it orders what follows
        reported_from: int | None = None  # where what a head of its own reports starts (-1: at the next clause)
        for unit in units:
            # the authority that reports is not bound by what it reports: it is not carried into the clauses after it
            frame = _frame(doc, text, unit, in_sentence, sentence_subjects, sentence_laws, token_classes,
                           sentence_start, sentence_end, None if report is not None and previous is not None
                           and previous.modality is report else previous)
            _join_predicate(doc, words, unit, frame, previous)
            if report is not None and frame.modality is None:
                # what an authority is reported to require, with no modal word of its own (要求，辖区民营医疗机构每季度
                # 至少组织一次免费义诊): the report's verb is its modality
                frame.modality = Modality(report.start, report.end, report.text, "obligation", frame.main.start, frame.main.end)
            elif report is not None:
                # …until the report's sentence names its own modal word: the clauses after it are read as they are
                # written, as in the provision itself (…须经出版行政主管部门批准，取得网络出版服务许可证)
                report = None
            if reported_from is not None:
                # …and what it reports is read as a provision of its own where a statute or a basis is read (a sentence
                # restated, a basis that leads it), not with the report around it (经查，某县人民政府文件规定，…)
                reported_from = reported_from if reported_from >= 0 else frame.start
                frame.reported_from = reported_from
            if report is None and _report_head(frame):
                report = frame.modality
                if not frame.text[report.end - frame.start:].strip():  # a head of its own: 某县住建局文件要求，…
                    reported_from = -1
            if definition:
                frame.measures = [m for m in frame.measures if m.cls not in DEFINED_CLASSES]
            if heading and frame.modality is None:
                frame.measures = [m for m in frame.measures if m.cls not in TOPIC_CLASSES]
            law_again = LAW_REFERENCE.search(frame.text) if sentence_laws and not frame.anchored else None
            if law_again:  # 对违反《大气污染防治法》的行为，…依照该法第一百一十七条的规定处以罚款: the law named before
                s, e = frame.start + law_again.start(), frame.start + law_again.end()
                frame.anchors.append(Anchor(s, e, law_again.group(), "law", "main" if frame.main.start <= s else "condition"))
            if lead_anchors and not frame.anchored:
                frame.anchors = [replace(a, part="main") for a in lead_anchors] + frame.anchors
            if frame.anchored and not frame.classes() and ANCHOR_LEAD_CLAUSE.search(frame.main.text):
                lead_anchors = [a for a in frame.anchors if a.kind in ("law", "lawful", "reservation")]
            if consequence_anchors and not frame.anchored and frame.condition is None \
                    and (frame.bound is None or frame.bound.how == "carried"):
                # a bare 依法 governs the list it heads, not a power the next clause grants with a modal word of its own
                # (执法人员发现…的，应当依法制止，可以当场暂扣其车辆钥匙: the 暂扣 is the draft's); a law named covers both
                # (supp12) …and not a report's head into the provision it reports (…发现，《某办法》第十三条规定，从事…应当…:
                # the title names where the provision stands, not its basis)
                carried = [a for a in consequence_anchors if (a.kind == "law" or frame.modality is None)
                           and (frame.reported_from is None or a.start >= frame.reported_from)]
                frame.anchors = [replace(a, part="main") for a in carried] + frame.anchors
            consequence_anchors = _consequence_anchors(frame)
            frame.places = _slice(places, place_offsets, frame.start, frame.end)
            for char_start, char_end, label in _slice(quantities, quantity_offsets, frame.start, frame.end):
                getattr(frame, {"amount": "amounts", "rate": "rates", "period": "periods"}[label]).append(
                    Mention(char_start, char_end, text[char_start:char_end]))
            for group in (frame.amounts, frame.rates, frame.periods):
                _keep_longest(group)
            # an item: the first one of a line, or the first after its lead-in's colon (…义务：（一）…；)
            if (unit is units[0] or head is previous) and _is_item(words, unit.main[0] if not unit.conditions else unit.conditions[0][0]):
                _carry_from_head(frame, head)
            elif unit is units[0]:
                head = None
            if frame.lead_in is None and previous is not None and previous.lead_in is not None:
                frame.lead_in = previous.lead_in  # an item's later clauses are read after its lead-in too (…义务：（二）乙方…，按…给予弥补)
            # a lead-in before a list: one with a modal word (企业应当遵守下列规定：), or one that names who is bound
            # (甲方的权利和义务：) or states the condition its items spell out (有下列情形之一的，由…处以罚款：)
            if frame.end < len(text) and text[frame.end] in "：:" and (
                    frame.modality is not None or frame.bound is not None or frame.condition is not None
                    or RULES_LISTED.search(frame.main.text)):
                head = frame
            frames.append(frame)
            previous = frame
    return frames


# A clause that opens with one of these continues the predicate of the clause before it (企业应当依法办理营业执照，并取得
# 街道出具的证明; 应当签订合同，同时安排游客…消费): it names no party and no modal word of its own, and is under both.
JOINED_LEADS = {"并", "并且", "同时", "且", "而且", "并将", "并经", "并向", "并在", "并对", "并按", "并按照", "并于", "并把",
                "并与", "并到", "并从", "并为", "并报", "并交", "并缴纳", "并取得", "并提交", "并提供", "同时将", "同时向"}
JOINED_MODALITIES = {"obligation", "precondition"}


def _join_predicate(doc: Doc, words: list[str], unit: _Unit, frame: Frame, previous: Frame | None) -> None:
    """The second predicate of a duty (…应当A，并B; 须A，同时B) is a duty of the same party: it takes the modality and
    the bound of the clause before it. Not a clause with a condition, a modal word or an agent of its own (并由区财政局
    拨付), nor after a prohibition or a permission (不得A，并B is read as written)."""
    if previous is None or previous.modality is None or previous.modality.kind not in JOINED_MODALITIES \
            or frame.modality is not None or unit.conditions \
            or previous.bound is not None and previous.bound.how == "agent" or frame.bound is not None and frame.bound.how == "agent":
        return
    first = _after_label(words, *unit.main)
    if words[first] not in JOINED_LEADS:
        return
    if frame.bound is not None and frame.bound.how == "subject":
        named_first = _char_span(doc, first + 1, first + 2, name=True)[0] if first + 1 < unit.main[1] else -1
        if frame.bound.start <= named_first:  # 同时区商务局负责…: a subject of its own right after the lead
            return
    s, e = _char_span(doc, first, first + 1)
    frame.modality = Modality(s, e, text_of(doc)[s:e], "obligation", e, frame.main.end)
    condition = previous.condition
    frame.joined = condition if condition is not None else Mention(previous.start, previous.start, "")
    bound = previous.bound
    if bound is not None:
        frame.bound = Bound(bound.start, bound.end, bound.text, bound.kind, "carried")


def _consequence_anchors(frame: Frame) -> list[Anchor]:
    """The basis an enforcer's consequence names, for the clauses that continue it: a law it names, or 依法 in a
    consequence (……的，由…依法责令改正; 由…依法…). A general duty (各部门应当依法履职，…; 执法人员应当依法文明执法，…)
    governs no measure: its 依法 stays in its own clause."""
    if frame.bound is not None and frame.bound.kind != "agency":
        # …a firm or association acting under a law it names (律师协会依照律师法的规定开展工作，律师应当加入…): the law
        # governs the clauses that continue it, as an enforcer's does
        return [a for a in frame.anchors if a.kind == "law" and a.part == "main" and frame.bound.how == "subject"
                and ACTS_UNDER.search(frame.text[:a.start - frame.start])]
    consequence = frame.condition is not None or (frame.bound is not None and frame.bound.how == "agent")
    # a law the enforcer acts under, in a lead of its own (…的，由区城市管理局依照《…》第三十四条的规定，责令…), is
    # no condition, though it stands before a comma
    return [a for a in frame.anchors
            if a.part == "main" and (a.kind == "law" or consequence and a.kind in ("lawful", "reservation"))
            or a.kind == "law" and ACTS_UNDER.search(frame.text[:a.start - frame.start])]


# A lead-in that announces rules with no modal word of its own (实行以下管理措施：, 遵守如下规定：).
# …or the duties and powers a body is given (履行以下职责：, 行使下列职权：, 承担下列行政管理事务：): each item is one.
RULES_LISTED = re.compile(r"(?:下列|以下|如下)[^，。；：]{0,6}?(规定|要求|措施|义务|纪律|规范|事项|职责|职权|职能|权限|工作|事务)$")
ITEM_NUMBER = re.compile(r"[一二三四五六七八九十\d]{1,3}")


def _is_item(words: list[str], first: int) -> bool:
    """A list item: （一）, (1), 1., 1、, 一、 at the start of a clause."""
    word = words[first] if first < len(words) else ""
    after = words[first + 1] if first + 1 < len(words) else ""
    if word in ("（", "(") and ITEM_NUMBER.fullmatch(after):
        return True
    return bool(ITEM_NUMBER.fullmatch(word)) and after in ("、", ".", "．")


# The words before the one a lead-in hands its items to: 授权/委托/交由 + (a place or a few words) + the name.
DELEGATED_TO = re.compile(r"(?:授权|委托|交由|交给|由)[^，。；：]{0,4}$")


def _carry_from_head(frame: Frame, head: Frame | None) -> None:
    """An item of a list binds whom its head binds, with its head's modality (…应当履行以下义务：（一）…) and its
    head's legal anchor (有下列情形之一的，依照《价格法》的有关规定处理：（一）…)."""
    if head is None:
        return
    frame.lead_in = Mention(head.start, head.end, head.text)
    listed = RULES_LISTED.search(head.text) if head.modality is None else None
    if frame.modality is None and listed:  # 园区对入驻企业实行以下管理措施：（一）…: each item is a rule, a duty
        start = head.start + listed.start(1)
        frame.modality = Modality(start, start + len(listed.group(1)), listed.group(1), "obligation", frame.main.start, frame.main.end)
    if frame.modality is None:
        frame.modality = head.modality
    if head.anchored and not frame.anchored:
        frame.anchors = [replace(a, part="main") for a in head.anchors if a.kind in ("law", "lawful", "reservation")] + frame.anchors
    # the one the head hands its items to (授权物业服务企业承担下列管理事项：, 以下事项交由村股份经济合作社负责：) does them
    delegate = next((p for p in head.parties if DELEGATED_TO.search(head.text[:p.start - head.start])), None)
    lead = delegate or head.bound
    if lead is not None and (frame.bound is None or frame.bound.how == "carried"):
        # "lead-in", not "carried": the head names whose duties the items list (甲方的权利和义务：（二）为乙方项目融资
        # 提供担保 binds 甲方, not the 乙方 it acts for); a head that names the party in its condition (经营户有违规
        # 行为的，按照下列规定处理：) lists what is done to it: the party stays the condition's
        how = "condition" if lead is head.bound and head.bound.how == "condition" else "lead-in"
        frame.bound = Bound(lead.start, lead.end, lead.text, lead.kind, how)


def _slice(items: list, starts: list[int], lo: int, hi: int) -> list:
    """The items (sorted by start, ``starts`` their keys) that start in [lo, hi)."""
    return items[bisect_left(starts, lo):bisect_left(starts, hi)]


def _keep_longest(mentions: list[Mention]) -> None:
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in mentions:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    mentions[:] = kept


def _has_modality(token_classes: _TokenClasses, segment: tuple[int, int]) -> bool:
    return any(token_classes[i] & MODALITY_SET for i in range(*segment))


def _units(doc: Doc, sentence: list[tuple[int, int]], token_classes: _TokenClasses,
           subjects: list[tuple[int, int, str]]) -> list[_Unit]:
    """Join the segments of a sentence: conditions to the clause they govern, exceptions to the clause
    they exempt ("……除外", "但……" with no modality of its own) or precede ("除……外，")."""
    words, _ = _words(doc)
    subject_ends = {end for _, end, _ in subjects}
    agency_starts = {start for start, _, kind in subjects if kind == "agency"}
    units: list[_Unit] = []
    conditions: list[tuple[int, int]] = []
    pending_exception: tuple[int, int] | None = None
    fronted: int | None = None  # the first token of a fronted object waiting for the clause of its verb
    for index, segment in enumerate(sentence):
        first, last = words[_after_label(words, *segment)], words[segment[1] - 1]
        modal = _has_modality(token_classes, segment)
        if (last.endswith(EXCEPTION_END) or (first in EXCEPTION_START and not modal)) and units and not conditions:
            units[-1].exception = segment
            continue
        if first in ("除", "除了", "除经") and last.endswith("外"):
            opening = _after_label(words, *segment)
            if first == "除经" or words[opening + 1] in ("经", "取得", "持有", "获得"):
                conditions.append(segment)  # 除经管委会批准外，一律不得…: as 未经管委会批准，不得… — a precondition
                continue
            pending_exception = segment
            continue
        followed = index + 1 < len(sentence)
        is_condition = followed and (
            last in CONDITION_END
            or (first in ANCHOR_LEADS and last in ("规定", "规定的"))  # 依照《…》第X条的规定，处以…
            or (first in CONDITION_START and not modal)
            or (first in PROCEDURE_LEADS and not modal and _has_modality(token_classes, sentence[index + 1]))
            # 区城管局拆除违法建筑，应当依照…予以公告: what an agency does, as the topic of its duty
            or (not modal and _after_label(words, *segment) in agency_starts and token_classes[sentence[index + 1][0]] & MODALITY_SET)
            or (not modal and segment[1] in subject_ends)  # a topic: "符合条件的企业，"
            # a negative topic whose noun no lexicon knows (未安装…终端的货运车辆，不予核发…): the condition of what follows
            or (not modal and _negative_lead(words, segment) and "的" in words[segment[0]:segment[1]]
                and (_has_modality(token_classes, sentence[index + 1])
                     or any(words[i] in REFUSING for i in range(*sentence[index + 1]))))
        )
        if is_condition:
            conditions.append(segment)
            continue
        if followed and not modal and fronted is None and _fronted(words, token_classes, segment, sentence[index + 1], subjects):
            fronted = segment[0]
            continue
        fronted_object = None
        if fronted is not None:  # the fronted object is part of its verb's clause: its measures are the main clause's
            fronted_object, segment, fronted = (fronted, sentence[index - 1][1]), (fronted, segment[1]), None
        if not conditions and fronted_object is None:
            split = _negative_topic(words, token_classes, segment)
            if split is not None:  # 对未安装…设备的车辆不予年审: the topic is the condition of its refusal
                conditions, segment = [(segment[0], split)], (split, segment[1])
        unit = _Unit(main=segment, conditions=conditions, exception=pending_exception, fronted=fronted_object)
        if conditions and (_negative_lead(words, conditions[0]) or words[conditions[0][1] - 1] == "外"):
            unit.condition_kind = _negative_lead(words, conditions[0]) or "negative"
        units.append(unit)
        conditions, pending_exception = [], None
    if conditions:  # a sentence that ends in a condition: frame it as it stands
        units.append(_Unit(main=(conditions[0][0], conditions[-1][1])))
    return units


def _negative_lead(words: list[str], segment: tuple[int, int]) -> str:
    """"negative" for a condition that opens with 未/未经/没有 (or 凡 before one: 凡没有…的), "negative-topic" for a
    topic that opens with 对 before one (对未…的), else ""."""
    first = _after_label(words, *segment)
    if words[first] in NEGATIVE_LEADS:
        return "negative"
    if first + 1 < segment[1] and words[first + 1] in NEGATIVE_LEADS:
        return "negative" if words[first] in GENERAL_LEADS else "negative-topic" if words[first] in TOPIC_LEADS else ""
    return ""


def _negative_topic(words: list[str], token_classes: _TokenClasses, segment: tuple[int, int]) -> int | None:
    """Where the refusal starts in a clause that opens with a negative topic (对未…的车辆不予年审; 对没有…的企业，
    一律不得…): the first refusing or modal word after the topic's 的. None if the clause has no such topic."""
    first = _after_label(words, *segment)
    if _negative_lead(words, (first, segment[1])) != "negative-topic":
        return None
    seen_de = False
    for i in range(first + 2, segment[1]):
        if words[i] == "的":
            seen_de = True
        elif seen_de and (words[i] in REFUSING or token_classes[i] & MODALITY_SET):
            return i
    return None


def _fronted(words: list[str], token_classes: _TokenClasses, segment: tuple[int, int], following: tuple[int, int],
             subjects: list[tuple[int, int, str]]) -> bool:
    """A fronted object or topic (辖区内餐饮店铺的装修改造方案，由区商务局负责审批; 区城管局出具的许可证，装修企业
    进场施工前必须取得; 文明施工保证金，施工单位应当…缴纳二十万元): a noun phrase with no modal word of its own ("X的Y",
    or a measure's noun) whose verb stands in the next clause, which is passive (由… before anyone else is named) or
    has a modal word and either ends in its verb or follows a measure's noun."""
    first, last = _after_label(words, *segment), segment[1] - 1
    noun = bool(token_classes[last] & FRONTED_CLASSES)
    if words[last] == "的" or words[first] in _adverbs() or words[first] in (
            CONDITION_START | ANCHOR_LEADS | AGENT_MARKERS | DIRECTIVES | OBJECT_MARKERS):
        return False  # a condition, a lead-in, or a clause with its own verb (严格从…中择优选用; 由市政府出具承诺函; 将…纳入…)
    if not noun and "的" not in words[first:last]:
        return False
    start, end = following
    named = [s for s, _, _ in subjects if start <= s < end]
    agent = next((i for i in range(start, end) if words[i] in AGENT_MARKERS or (_prepositional(words[i]) and words[i][0] == "由")), None)
    if agent is not None and all(i >= agent for i in named):  # 由… before anyone else is named: passive
        return True
    if any(words[i] in PASSIVE_LEADS for i in range(start, min(start + 2, end))):  # 城镇土地使用税，予以全额返还
        return True
    if not _has_modality(token_classes, following):
        return False
    if len(words[last]) > 1 and words[last] in _verbs() and not noun:  # one character (配套 / 费) is a noun's too
        return False  # a clause with its own verb: 严格从…名录中择优选用，禁止…
    return noun or words[end - 1] in _verbs()


def _frame(doc: Doc, text: str, unit: _Unit, hits: list[_Hit], subjects: list[tuple[int, int, str]],
           laws: list[tuple[int, int]], token_classes: _TokenClasses, sentence_start: int, sentence_end: int, previous: Frame | None) -> Frame:
    main_start, main_end = unit.main
    first_token = unit.conditions[0][0] if unit.conditions else main_start
    last_token = unit.exception[1] if unit.exception and unit.exception[0] > main_start else main_end
    if unit.exception and unit.exception[0] < first_token:
        first_token = unit.exception[0]

    def part_of(token_index: int) -> str:
        if main_start <= token_index < main_end:
            return "main"
        if unit.exception and unit.exception[0] <= token_index < unit.exception[1]:
            return "exception"
        return "condition"

    def mention(start: int, end: int) -> Mention:
        s, e = _char_span(doc, start, end)
        return Mention(s, e, text[s:e])

    start, _ = _char_span(doc, first_token, first_token + 1)
    _, end = _char_span(doc, last_token - 1, last_token)
    main = mention(main_start, main_end)
    frame = Frame(start=start, end=end, sentence_start=sentence_start, sentence_end=sentence_end,
                  text=text[start:end], main=main)
    if unit.conditions:
        frame.condition = mention(unit.conditions[0][0], unit.conditions[-1][1])
    if unit.exception:
        m = mention(*unit.exception)
        frame.exception = Exemption(m.start, m.end, m.text, main.start, main.end)
    if unit.fronted:  # without its article or item label (第一条 文明施工保证金)
        frame.fronted = mention(_after_label(_words(doc)[0], *unit.fronted), unit.fronted[1])

    inside = [h for h in hits if first_token <= h.start and h.end <= last_token]
    frame.modality = _modality(doc, text, unit, inside, main)
    frame.measures = _measures(doc, text, inside, token_classes, part_of)
    if frame.modality is not None:
        opening, _ = _char_span(doc, _after_label(_words(doc)[0], main_start, main_end), main_start + 1)
        if any(m.start == opening and m.cls in TOPIC_CLASSES for m in frame.measures):
            # 失信惩戒措施应当与…相适应, 查封、扣押应当由…实施: a penalty or compulsion that opens the clause,
            # before its modal word, is what the duty is about, not imposed by it
            frame.measures = [m for m in frame.measures
                              if not (m.cls in TOPIC_CLASSES and m.part == "main" and m.end <= frame.modality.start
                                      and not AMOUNT_WORD.search(text[m.end:frame.modality.start]))]
    frame.anchors = _anchors(doc, text, inside, laws, part_of, first_token, last_token)
    frame.parties, frame.bound = _bound(doc, text, unit, subjects, frame.modality, inside, part_of, previous)
    # 未经消费者同意, 经劳动者本人同意: the consent of someone who is no administrative body (no agency named between
    # 经 and 同意) is a private person's, not an approval
    frame.measures = [m for m in frame.measures if not (m.cls == "approval" and m.text in CONSENT_WORDS and _private_consent(text, frame, m))]
    internal = INTERNAL_APPROVER.search(frame.text) if frame.bound is None else None
    if internal:  # 须经本机关负责人批准: the agency's own head approves, the clause is the agency's own procedure
        frame.bound = Bound(frame.start + internal.start(), frame.start + internal.end(), internal.group(), "agency", "subject")
    agent_marker = text.rfind("由", frame.start, frame.bound.start) if frame.bound is not None and frame.bound.how == "agent" else -1
    if frame.modality is None and agent_marker >= 0 and frame.bound.kind == "party":
        # 审批手续，由经营户在开业前办妥: a task given to a citizen or firm by 由… is a duty, with no modal word
        frame.modality = Modality(agent_marker, agent_marker + 1, "由", "obligation", agent_marker + 1, main.end)
    approver = next((p for p in frame.parties if p.kind == "agency" and text[p.start - 1:p.start] == "由" and any(
        m.cls == "approval" and m.part == "main" and APPROVER_GAP.fullmatch(text[p.end:m.start]) for m in frame.measures)), None)
    if frame.modality is None and approver is not None and not SET_BY_AGENCY.search(frame.text):
        # 从业资格，由街道办事处统一审核发放: what an agency approves must be obtained from it — a duty to obtain
        frame.modality = Modality(approver.start - 1, approver.start, "由", "obligation", approver.start, main.end)
    return frame


def _private_consent(text: str, frame: Frame, consent: Measure) -> bool:
    """The consent is asked of someone named between 经/未经/征得 and it who is no agency (未经消费者同意)."""
    asked = CONSENT_ASKED.search(text[max(frame.start, consent.start - 10):consent.start])
    if asked is None or not asked.group(1):
        return False
    giver_start = consent.start - len(asked.group(1))
    return not BODY_TAIL.search(asked.group(1)) and not any(
        p.kind == "agency" and p.start < consent.start and p.end > giver_start for p in frame.parties)


def _after_label(words: list[str], start: int, end: int) -> int:
    """The first token of a clause after its article or item label (第一条 要求…, （二）要求…)."""
    while start < end - 1 and (LABEL.fullmatch(words[start]) or not words[start].strip()):
        start += 1
    return start


# Verbs of refusing: a prohibition of one (不得拒绝, 不得推诿) orders the act refused.
REFUSALS = frozenset({"拒绝", "推诿", "推辞"})


def _modality(doc: Doc, text: str, unit: _Unit, hits: list[_Hit], main: Mention) -> Modality | None:
    main_start, main_end = unit.main
    candidates = [h for h in hits if h.cls in MODALITIES and main_start <= h.start < main_end]
    if not candidates:
        words, _ = _words(doc)
        refusal = _refused_approval(words, hits, main_start, main_end, REFUSING)
        if unit.condition_kind and refusal is not None:
            # 未安装…终端的，不予核发通行证: an approval refused to whoever lacks the condition's content requires it
            s, e = _char_span(doc, refusal, refusal + 1)
            return Modality(s, e, text[s:e], "precondition", e, main.end)
        first = _after_label(words, main_start, main_end)
        if words[first] in DIRECTIVES:  # 要求民宿经营者委托…: the clause is an order
            s, e = _char_span(doc, first, first + 1)
            return Modality(s, e, text[s:e], "obligation", e, main.end)
        reported = _reported_directive(words, hits, first, main_end)
        if reported is not None:  # 某县住建局要求外地企业…: the report of an order is the order
            s, e = _char_span(doc, reported, reported + 1)
            return Modality(s, e, text[s:e], "obligation", e, main.end)
        return None
    best = min(candidates, key=lambda h: (MODALITIES.index(h.cls), h.start))
    kind = best.cls
    words, _ = _words(doc)
    opening = best.start  # the first word of the comma-clause the modal word stands in
    while opening > main_start and words[opening - 1] not in CLAUSE_BREAK:
        opening -= 1
    refused = unit.condition_kind == "negative" and any(words[i] in NEGATORS for i in range(best.end, main_end)) \
        or unit.condition_kind == "negative-topic" and _refused_approval(words, hits, best.end, main_end, NEGATORS) is not None
    if refused or kind == "prohibition" and (unit.condition_kind == "negative" or words[_after_label(words, opening, best.start + 1)] in NEGATIVE_LEADS):
        kind = "precondition"  # 未取得许可证的，不得经营; 未经批准不得开展 (the condition inside the clause)
    elif kind == "prohibition" and best.end < main_end and words[best.end] in REFUSALS:
        kind = "obligation"  # 甲方不得拒绝为乙方融资出具承诺函: a refusal forbidden is a duty to act
    s, e = _char_span(doc, best.start, best.end)
    return Modality(s, e, text[s:e], kind, e, main.end)


def _refused_approval(words: list[str], hits: list[_Hit], start: int, end: int, refusing: set[str]) -> int | None:
    """The refusing word in [start, end) that an approval follows (不予核发通行证, 一律不予办理营业执照), or None."""
    refusal = next((i for i in range(start, end) if words[i] in refusing), None)
    if refusal is None or not any(h.cls == "approval" and refusal < h.start < end for h in hits):
        return None
    return refusal


def _measures(doc: Doc, text: str, hits: list[_Hit], token_classes: _TokenClasses, part_of) -> list[Measure]:
    words, _ = _words(doc)
    spans: list[list] = []  # [cls, start, end]
    for hit in hits:
        if hit.cls in NOT_MEASURES:
            continue
        if hit.cls in ("penalty", "compulsion") and _referred(words, hit.end, token_classes):
            continue
        if hit.cls == "compulsion" and _work_named(words, hit):
            continue  # 建筑物拆除施工, 拆除作业: the kind of work named, not a measure taken against anyone
        if hit.cls == "compulsion" and words[hit.start] == "划拨" and hit.end < len(words) and words[hit.end] in LAND_ALLOCATION:
            continue  # (prec14) 以划拨方式取得, 划拨用地: the State's supply of land (土地管理法 第五十四条), not money taken
        if hit.cls == "compulsion" and _seal_of_seizure(doc, text, hit):
            continue  # (prec14) 在查封物上加贴封条: the seal carries out the seizure named beside it, which is read on its own
        if hit.cls == "penalty" and (words[hit.start].startswith("加处") or hit.start > 0 and words[hit.start - 1] == "加处") \
                and any("罚款" in w for w in words[max(0, hit.start - 24):hit.start - 1]):
            continue  # 逾期不缴纳罚款的，…加处罚款: enforcing an unpaid fine as 行政强制法 第四十五条 itself provides
        if words[hit.start] == "证明" and hit.start > 0 and words[hit.start - 1] in PROVING_LEADS:
            continue  # 以证明其业绩: the verb "to prove", not a certificate
        if hit.cls in ("penalty", "compulsion") and hit.start >= 2 and words[hit.start - 1] == "的" \
                and token_classes.get(hit.start - 2, set()) & TOPIC_CLASSES:
            continue  # 罚款的收缴: the head of a noun phrase about a measure

        same = next((s for s in spans if s[0] == hit.cls and s[1] <= hit.start <= s[2] and part_of(s[1]) == part_of(hit.start)), None)
        if same:  # adjacent or overlapping terms of one class are one measure: 注册 + 登记
            same[2] = max(same[2], hit.end)
            continue
        start = hit.start
        if hit.cls == "approval" and (hit.kind == "suffix" or words[hit.start] in ("证明", "许可证", "证书", "执照")):
            # a document named before its kind: 房屋 / 所有权 / 证明
            while start > 0 and hit.start - start < 2 and _is_cjk(words[start - 1]) and not token_classes[start - 1] \
                    and words[start - 1] not in NOT_DOCUMENT_WORDS:
                start -= 1
            if start < hit.start and start > 0 and words[start - 1] == "无":
                start -= 1  # 无 / 噪声扰民 / 证明: a certificate of no violation, not a negation
        spans.append([hit.cls, start, hit.end])
    measures = []
    for cls, start, end in sorted(spans, key=lambda s: (s[1], s[0])):
        s, e = _char_span(doc, start, end)
        part = part_of(start)
        # Only the main clause negates: "未取得许可证的" states the precondition, "拒不改正的" the trigger.
        negated = part == "main" and any(words[i] in NEGATORS and not token_classes[i] & MODALITY_SET
                                         for i in range(max(0, start - 2), start) if part_of(i) == part)
        measures.append(Measure(s, e, text[s:e], cls, part, negated))
    return measures


# (prec14) 划拨 of land is the way the State supplies it — 土地管理法 第五十四条 "下列建设用地，经县级以上人民政府依法批准，可以以
# 划拨方式取得" — not the compulsory transfer of a party's deposits (行政强制法 第十二条 "（二）划拨存款、汇款"): read by the word after it.
LAND_ALLOCATION = {"方式", "用地", "土地", "国有土地", "供地", "地块", "建设用地"}
# (prec14) A seal (封条, 贴封) is how a seizure (查封) is carried out and made known — the court's own rule says so of its seizures
# (最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定 第六条: "应当在该动产上加贴封条或者采取其他足以公示查封、扣押的适当
# 方式") — not a measure of its own. Where the sentence, or the one before it, names the seizure the seal carries out (查封场所…的，
# 执法人员应当在查封物上加贴封条; 依法对该场所实施查封，加贴封条; a decision quoted: 决定对冷库予以查封，加贴封条), the seizure is
# the measure, judged by itself (anchored in its law or not); a seal with no seizure named (由街道办事处对其店铺加贴封条) is the
# measure itself.
SEAL = re.compile(r"封条|贴封")
SEIZURE_NAMED = re.compile(r"(?<![不未])查封")


def _seal_of_seizure(doc: Doc, text: str, hit: _Hit) -> bool:
    start, end = _char_span(doc, hit.start, hit.end)
    if not SEAL.search(text, start, end):
        return False
    paragraph = text.rfind("\n", 0, start) + 1
    before = text.rfind("。", paragraph, start)
    left = max(paragraph, text.rfind("。", paragraph, before) + 1 if before >= 0 else paragraph)
    right = min((i for i in (text.find("。", end), text.find("\n", end)) if i >= 0), default=len(text))
    return bool(SEIZURE_NAMED.search(text, left, right))


def _work_named(words: list[str], hit: _Hit) -> bool:
    """A bare compulsory verb (not 强制拆除) before a work noun that ends its phrase (拆除施工。, 拆除作业和…): the work named
    (WORK_NAMED). A noun after the work noun (拆除施工设施) makes the work its modifier: the measure is taken on the thing."""
    end = hit.end
    if end >= len(words) or words[end] not in WORK_NAMED or words[hit.start].startswith(("强制", "强行")) \
            or hit.start > 0 and words[hit.start - 1] in CARRIED_OUT_BY:
        return False
    after = words[end + 1] if end + 1 < len(words) else "。"
    return after in CLAUSE_BREAK or after in SENTENCE_END or after in COORDINATORS or "\n" in after or after in ("”", "等")


def _referred(words: list[str], end: int, token_classes: _TokenClasses) -> bool:
    """A measure named as a noun's modifier (罚款 / 决定书, 查封 / 、 / 扣押 / 的 / 财物): skip a list of
    measures of its class (查封、扣押) and read the word after it."""
    while end + 1 < len(words) and words[end] in ("、", "和", "或者", "或") and token_classes[end + 1] & {"penalty", "compulsion"}:
        end += 2
    return end < len(words) and words[end] in REFERRED_BY


# (supp12) What a title may hold besides the law it names: its brackets and the state's name.
TITLE_FRAME = re.compile(r"[《》〈〉\s]|中华人民共和国")


def _names_law(doc: Doc, hit: _Hit, start: int, end: int) -> bool:
    """The law found inside a title is the title itself (《中华人民共和国行政许可法》), not a law that a lower instrument's
    title names (《江苏省〈盐业管理条例〉实施办法》 is a provincial rule, which sets no licence of its own: 行政许可法
    第十五条、第十六条)."""
    title, law = doc[hit.start:hit.end].text, doc[start:end].text
    return not TITLE_FRAME.sub("", title.replace(law, "", 1))


def _anchors(doc: Doc, text: str, hits: list[_Hit], laws: list[tuple[int, int]], part_of, first: int, last: int) -> list[Anchor]:
    spans = []
    for hit in hits:
        if hit.cls == "legal-anchor":
            kind = hit.kind or "lawful"
            if kind == "law" and not any(hit.start <= s and e <= hit.end and _names_law(doc, hit, s, e) for s, e in laws) \
                    and not can_anchor(doc[hit.start:hit.end].text):
                kind = "document"  # 《某某区招商引资办法》, 《××省××实施办法》: no law or regulation that can set a measure
            spans.append((hit.start, hit.end, kind))
    spans += [(start, end, "law") for start, end in laws if first <= start and end <= last]
    spans.sort(key=lambda s: (s[0], -s[1]))
    anchors: list[Anchor] = []
    covered_to = -1
    for start, end, kind in spans:
        if start < covered_to:
            continue  # 《中华人民共和国行政处罚法》 is one anchor, not two
        covered_to = end
        s, e = _char_span(doc, start, end)
        if VIOLATED.search(text[max(0, s - 16):s]):
            continue  # 违反《…法》的，…: the law broken is the conduct, not a basis for the measure
        anchors.append(Anchor(s, e, text[s:e], kind, part_of(start)))
    return anchors


REPORT_GAP = 8  # tokens between an authority's name and its report verb (某县政府办公室以文件形式要求…)
PLACE_SUBJECT = re.compile(r"[\u4e00-\u9fff]{0,10}(?:省|市|县|区|镇|乡|街道|州|旗|盟)")  # 某区规定…, 某街道要求…
DOCUMENT_SUBJECT = re.compile(r"(?:文件|通知|办法|方案|意见|纪要|细则|公告|通告|》)(?:第[一二三四五六七八九十百零〇\d]+条)?(?:中|也|还|又|均)?$")  # 该通知要求…


@lru_cache(maxsize=1)
def _report_verbs() -> frozenset[str]:
    return frozenset(load_lexicons()["report-verb"].terms)


def _reported_directive(words: list[str], hits: list[_Hit], first: int, end: int) -> int | None:
    """The token of a report verb (the report-verb lexicon) that follows the authority named at the clause's
    opening — an agency, or a place standing for its government (某区规定…) — with no party named between them:
    an enforcer's account of what the authority imposed (某县住建局要求外地企业…, 某市交通局变相强制驾校…)."""
    verbs = _report_verbs()
    agency_ends = [h.end for h in hits if h.cls == "agency" and first <= h.start < end]
    party_starts = [h.start for h in hits if h.cls == "party" and first <= h.start < end]
    for index in range(first, min(end, first + REPORT_GAP + 6)):
        if words[index] not in verbs or words[index] == "规定" and any(words[i] in ANCHOR_LEADS for i in range(first, index)):
            continue  # …依照道路交通安全法的规定扣留机动车: the 规定 that closes a basis reports nothing
        named = [e for e in agency_ends if e <= index and index - e <= REPORT_GAP]
        place_led = index - first <= 4 and PLACE_SUBJECT.fullmatch("".join(words[first:index])) is not None
        document_led = 0 < index - first <= 12 and DOCUMENT_SUBJECT.search("".join(words[first:index])) is not None
        if (named or place_led or document_led) and not any((max(named) if named else first) <= p < index for p in party_starts):
            return index
        return None
    return None


def _split_report_heads(words: list[str], sentence: list[tuple[int, int]], hits: list[_Hit],
                        subject_ends: set[int]) -> list[tuple[int, int]]:
    """A report (某县住建局要求…, 该办法第八条规定…, 某区规定…: the report-verb lexicon after an authority, a place or a
    document) that runs on into the condition or the topic of what it reports (某县住建局要求在本镇开办农家乐的，
    经镇人民政府批准; 要求本辖区内从事餐饮服务的经营户，于每年3月底前…提交), or into a clause with a modal word of its
    own, is split after its verb: the report head is a clause of its own and the condition governs the clause
    after it, as after a head that ends in a comma (某县住建局要求，在本镇开办农家乐的，…). A report whose order is its
    own clause (某县住建局要求外地企业在本县设立分公司) stays whole (_modality and _bound read it). Not a report that is
    negated, allowed or given a basis (不得要求, 可以要求, 依照《…》责成), nor a verb that modifies a noun (规定的标准)."""
    split: list[tuple[int, int]] = []
    modal_at = {i for h in hits if h.cls in MODALITIES for i in range(h.start, h.end)}
    for index, (start, end) in enumerate(sentence):
        first = _after_label(words, start, end)
        verb = _reported_directive(words, hits, first, end)
        # a condition (…的，), one that its first word opens (凡…), or a topic: a name its modifier ends in (…的经营户，)
        condition = verb is not None and index + 1 < len(sentence) and (
            words[end - 1] in CONDITION_END or verb + 1 < end and words[verb + 1] in CONDITION_START
            or end in subject_ends and "的" in words[verb + 1:end - 1])
        # …or what it reports has a modal word of its own (区邮政管理局要求快递末端网点开办前须报经该局批准): the one bound
        # is named after the report, not the authority before it
        own_modal = verb is not None and any(i in modal_at for i in range(verb + 1, end))
        if verb is not None and verb + 1 < end and (condition or own_modal) and words[verb + 1] not in ("的", "之", "和", "及", "与", "等") \
                and not any(i in modal_at or words[i] in NEGATORS or words[i] in ANCHOR_LEADS for i in range(first, verb + 1)):
            split += [(start, verb + 1), (verb + 1, end)]
        else:
            split.append((start, end))
    return split


def _report_head(frame: Frame) -> bool:
    """The clause reports an order: its modality is a report verb (the report-verb lexicon), which governs the rest of
    its sentence — a head that ends in it (某县住建局文件要求，…; 经查，该区规定，…) or a report that runs on over a comma
    (某县住建局要求开设棋牌室，事先向派出所申请开业许可)."""
    return frame.modality is not None and frame.modality.text in _report_verbs() \
        and not frame.text[frame.modality.end - frame.start:].startswith(("的", "之"))  # 本办法规定的支持资金: a modifier


def _bound(doc: Doc, text: str, unit: _Unit, subjects: list[tuple[int, int, str]], modality: Modality | None,
           hits: list[_Hit], part_of, previous: Frame | None) -> tuple[list[Bound], Bound | None]:
    """Who the clause binds: the subject before the modality (coordinated names joined: 单位和个人),
    else the agent of 由…, else the subject of the condition, else the previous clause's."""
    words, _ = _words(doc)
    main_start, main_end = unit.main
    lo = unit.conditions[0][0] if unit.conditions else main_start
    hi = unit.exception[1] if unit.exception and unit.exception[0] > main_start else main_end
    named: list[tuple[int, int, str, str]] = []  # start, end, kind, role
    for start, end, kind in subjects:
        if not lo <= start < hi:
            continue
        at = start - 1
        while at > lo and words[at] in NAME_DETERMINERS:
            at -= 1  # 须经所在街道办事处…: the marker stands before the determiner
        before = words[at] if start > 0 else ""
        bare = GLUED_MODAL_LEAD.sub("", words[start])
        if _prepositional(words[start]):
            before = words[start][0]
        elif _prepositional(bare) or bare[:1] == "被" and bare[1:] in DIVISION_CHARS:
            # 须向区商务局报备, 须先被区商务局列入: jieba glued the modal or the passive marker to the division; a
            # passive's agent (被…) acts as 由… does
            before = "由" if bare[0] == "被" else bare[0]
        elif GLUED_PREPOSITION.fullmatch(before):
            before = before[-1]  # 开业前到镇政府办妥, 三十日内到管委会办理: jieba glued the time word to the preposition
        elif GLUED_MODAL_LEAD.sub("", before) in OBJECT_MARKERS | ISSUER_LEADS:
            before = GLUED_MODAL_LEAD.sub("", before)
        if before in COORDINATORS and named and named[-1][1] == start - 1:
            role = named[-1][3]  # 单位和个人: the second name has the role of the first
        else:
            role = "agent" if before in AGENT_MARKERS else "object" if before in OBJECT_MARKERS | ISSUER_LEADS \
                or _modified_object(words, start, end, lo) else "subject"
        named.append((start, end, kind, role))

    def as_bound(start: int, end: int, kind: str, how: str) -> Bound:
        s, e = _char_span(doc, start, end, name=True)
        return Bound(s, e, text[s:e], kind, how)

    parties = [as_bound(s, e, k, role) for s, e, k, role in named]
    modal_at = next((h.start for h in hits if h.cls in MODALITIES and main_start <= h.start < main_end), None)
    if modal_at is None and modality is not None and modality.text in _report_verbs() \
            and _char_span(doc, _after_label(words, main_start, main_end), main_end)[0] < modality.start:
        # 某县住建局要求外地企业…: the report binds whom it names after its verb, not the authority before it
        ordered = [n for n in named if main_start <= n[0] < main_end and n[3] != "agent"
                   and _char_span(doc, n[0], n[1], name=True)[0] >= modality.end]
        if ordered:
            return parties, as_bound(ordered[0][0], ordered[0][1], ordered[0][2], "reported")
        # nobody the lexicon knows (种植户, 沿街摊贩): the one ordered is the word after the verb, not the authority
        after = next((i for i in range(main_start, main_end) if _char_span(doc, i, i + 1)[0] >= modality.end), None)
        if after is not None:
            return parties, as_bound(after, after + 1, "party", "reported")
    limit = modal_at if modal_at is not None else main_end  # no modality: the clause's first named subject
    in_main = [n for n in named if main_start <= n[0] < main_end]
    subject = [n for n in in_main if n[3] == "subject" and n[1] <= limit]
    if any(n[3] == "agent" for n in in_main):
        # passive with a possessor: 乙方项目的环评批复由甲方负责落实, 乙方所需的许可证由甲方办理 — the party owns the
        # topic, the agent of 由… acts
        subject = [n for n in subject if "的" not in words[n[1]:min(n[1] + 3, main_end)]]
    if subject:
        start, end, kind, _ = subject[-1] if modal_at is not None else subject[0]
        for other in reversed(subject[:-1]):  # 单位和个人, 企业、个人
            between = {words[i] for i in range(other[1], start)}
            if between and between <= COORDINATORS:
                start = other[0]
            else:
                break
        return parties, as_bound(start, end, kind, "subject")
    if modal_at is not None:  # 严禁任何单位…, 禁止各部门…: the name right after the modality
        after = next((n for n in in_main if n[0] > modal_at and n[3] == "subject"), None)
        if after is not None and all(words[i] in QUANTIFIERS for i in range(modal_at + 1, after[0])):
            return parties, as_bound(after[0], after[1], after[2], "subject")
    agent = [n for n in in_main if n[3] == "agent"]
    if agent and agent[0][2] == "agency" and any(h.cls == "approval" and agent[0][1] <= h.start < main_end and all(
            words[i] in APPROVER_LEADS for i in range(agent[0][1], h.start)) and not SUBMITS_FOR_APPROVAL.match("".join(words[h.start:h.end]))
            for h in hits):
        # 装修改造方案由区商务局负责审批: the agency approves; who must obtain the approval is bound — the party
        # that owns the fronted object (入园企业的…), else nobody named
        owner = next((n for n in in_main if n[2] == "party" and n[1] <= agent[0][0] and n[3] == "subject"), None)
        return parties, as_bound(owner[0], owner[1], "party", "subject") if owner else None
    if agent:
        return parties, as_bound(agent[0][0], agent[0][1], agent[0][2], "agent")
    in_condition = [n for n in named if part_of(n[0]) == "condition" and n[3] != "object"]
    if in_condition:
        start, end, kind, _ = in_condition[-1]
        return parties, as_bound(start, end, kind, "condition")
    if previous is not None and previous.bound is not None:
        carried: Mention | None = previous.bound
        if previous.bound.how == "agent":  # 由…列入黑名单，三年内不得享受: the one acted on, not the agent
            carried = next((p for p in previous.parties if p.kind == "party" and previous.condition is not None
                            and previous.condition.start <= p.start < previous.condition.end), None)
        if carried is not None:
            return parties, Bound(carried.start, carried.end, carried.text, carried.kind, "carried")
    return parties, None


MODIFIED_OBJECT_LEADS = {"对", "对于"}
MODIFIER_REACH = 12  # tokens: the longest modifier between 对 and the name, read back


def _modified_object(words: list[str], start: int, end: int, lo: int) -> bool:
    """The name ends a phrase that 对 opens in its comma-clause (对违反规定的商户处以罚款, 对村内违规建房户处以…):
    it is the object of 对, whoever acts on it. A 对 phrase that is a clause of its own (对于从事回收经营的个体工商户，
    应当报…审核) names the topic, whom the clause that follows binds."""
    if end >= len(words) or words[end] in CLAUSE_BREAK or words[end] in SENTENCE_END or "\n" in words[end]:
        return False
    for i in range(start - 1, max(lo, start - MODIFIER_REACH) - 1, -1):
        if words[i] in CLAUSE_BREAK or words[i] in SENTENCE_END or "\n" in words[i]:
            return False
        if words[i] in MODIFIED_OBJECT_LEADS or _prepositional(words[i]) and words[i][0] == "对":
            return True
    return False
