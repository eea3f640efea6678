"""Who may read a firm's or a person's records: a power a statute gives, and only to the body it names.

To inspect, read, copy, take or query the books, accounts, bank records, registers or data of a firm or a person
(查阅、复制、调取、查询…账簿、台账、银行流水、交易记录、个人信息) is an administrative power that a law or an administrative
regulation grants to a named kind of body: 税务机关 (税收征收管理法 第五十四条), 审计机关, 市场监督管理部门
(反不正当竞争法 第十三条), 统计机构, 价格主管部门… A local document that gives it to an office of another kind
(区商务局, 区城市管理局, 市大数据管理局, 县教育局) sets a power no statute gives that office (立法法 第九十一条第二款:
a rule may not add to its maker's powers; a normative document still less).

``records_power_conflicts(sentence, day)`` reads the sentence's acting office (the body before 有权/可以/可/负责/随时…
or after 由) and its power word over records, and asks the statute corpus which kinds of body the laws and
administrative regulations in force give that power over records to (the subject of each such statute sentence or of
its article's lead-in). The office conflicts when none of them is of its kind (its name shares no telling word with
theirs). Silent when the sentence names its basis (依法, a law, 授权, 委托), forbids the act, or has the office only
receive, assist or report. The corpus index is built once per process and day, on the first sentence that needs it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normreview.checks.article_match import higher_law_articles
from normreview.checks.laws.store import Article

POWER = re.compile(r"查阅|复制|调取|调阅|查询|复印|检查|查验|要求[^，。；]{0,24}?提供")
RECORDS = re.compile(r"账簿|账目|台账|账户|流水|凭证|票据|记录|资料|数据|合同|档案|报表|登记簿|收入|身份信息|明细")
# What the records are, by class: a statute that gives a body the firm's papers gives it no bank records or personal data.
RECORD_CLASSES = {"papers": re.compile(r"账簿|账目|台账|凭证|票据|记录|资料|合同|档案|报表|登记簿|收入"),
                  "bank": re.compile(r"账户|流水|存款|资金往来|明细"),
                  "data": re.compile(r"数据|身份信息|个人信息|用户身份")}
# An office of a government (区商务局, 湘潭县教育局, 市大数据管理局, 管委会经济发展局), read up to its suffix.
OFFICE = re.compile(r"[\u4e00-\u9fa5]{1,14}?(?:局|委员会|厅|大队|支队|办公室)")
# The office acts: it is named before its power (可以/有权/…) or after 由, and the power word follows in the same clause.
ACTS = re.compile(r"(?:有权|可以|可|负责|直接|随时|定期|每[季月年周日]度?|统一)")
# The office only receives, assists, reports or asks the party to report: not a power of its own.
NOT_POWER = re.compile(r"接受|配合|协助|报告|报送|报请|提交|提供给|移送|不得|禁止|严禁|不予|无权")
ANCHOR = re.compile(r"依法|依照|依据|根据《|法律|法规|授权|委托|按照[^，。；]{0,16}规定|《[^》]{1,40}(?:(?<!办)法|条例)》")
# The records are the government's own (各部门提供工作台账, 下级机关): an internal request, no power over the public.
INTERNAL = re.compile(r"各(?:部门|单位|镇|乡|街道|成员单位|科室|县|区)|下级|所属|本系统|机关")
# Words that end the text before an office's name (该文件第十二条明确市商务局: the office is 市商务局).
BEFORE_NAME = re.compile(r"^.*(?:明确|规定|要求|指出|发现|由|的|、|和|及|，)")
# Words of any office's name that say nothing of its kind.
GENERIC = re.compile(r"管理|监督|行政|人民|政府|部门|主管|综合|执法|服务|中心|委员|员会|办公|公室|工作|地方")
PLACE_CHARS = set("省市区县镇乡街")
# The subject of a statute sentence: what stands before its modal word (税务机关有权进行下列税务检查).
STATUTE_SUBJECT = re.compile(r"^[^。；（(]{0,40}?(?=有权|可以|应当|必须|负责|依法|进行|采取)")
# …which names a public body (税务机关, 市场监督管理部门, 审计机关, 海关, 国务院证券监督管理机构), not a patient, a shareholder
# or the inspected firm (患者有权查阅…病历资料, 被检查单位应当…提供): only such a subject is given a power.
PUBLIC_BODY = re.compile(r"机关|部门|海关|人民政府|局|署|委员会|管理机构|统计机构|普查机构|调查机构")
# Where a statute sentence's subject ends and its circumstances begin (县级以上人民政府统计机构在调查统计违法行为…时).
SUBJECT_END = re.compile(r"在|对|的工作人员|的执法人员|的监督检查人员|时|开展|承担|实施|履行|执行|调查|组织|根据|依照|因|，|,")
LEVELS_DAY = 4


@dataclass(frozen=True)
class RecordsPower:
    """A power over records the statute corpus gives: the article, the subject its sentence names and the classes of
    records it reaches (its article's)."""

    article: Article
    subject: str
    classes: frozenset[str]


def record_classes(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in RECORD_CLASSES.items() if pattern.search(text))


@lru_cache(maxsize=LEVELS_DAY)
def statute_grants(day: str) -> tuple[RecordsPower, ...]:
    """Every sentence of a law or administrative regulation in force on ``day`` that gives a body a power over
    records (a power word and a records word in one sentence, a modal word before them), with its subject; an item's
    subject is its article's lead-in's."""
    grants = []
    for _law, articles in higher_law_articles(day):
        for article in articles:
            lines = article.text.split("\n")
            lead = STATUTE_SUBJECT.match(re.sub(r"^第[^条]{1,8}条\s*", "", lines[0]))
            for line in lines:
                for sentence in re.split(r"[。；]", line):
                    if not (POWER.search(sentence) and RECORDS.search(sentence)):
                        continue
                    own = STATUTE_SUBJECT.match(re.sub(r"^第[^条]{1,8}条\s*", "", sentence))
                    subject = own.group() if own and own.group() else (lead.group() if lead else "")
                    subject = SUBJECT_END.split(subject, maxsplit=1)[0]  # the body, not its circumstances
                    if PUBLIC_BODY.search(subject) and not subject.startswith("被"):
                        grants.append(RecordsPower(article, subject, record_classes(article.text)))
    return tuple(grants)


def kind_words(office: str) -> set[str]:
    """The telling two-character words of an office's name (商务 of 区商务局, 市场 of 市场监督管理局): no place
    character alone, no generic word, not the suffix."""
    name = re.sub(r"(?:局|委员会|厅|大队|支队|办公室)$", "", re.sub(r"^.*?管委会", "", office))
    # generic words cut the name into pieces, so no word is made across them (督管 of 监督管理)
    grams = {piece[i:i + 2] for piece in GENERIC.split(name) for i in range(len(piece) - 1)}
    return {g for g in grams if not (g[0] in PLACE_CHARS and g[1] not in "场政")}


@dataclass(frozen=True)
class CompetenceConflict:
    start: int  # in the sentence
    end: int
    office: str


def acting_office(clause: str) -> tuple[re.Match[str], re.Match[str]] | None:
    """The office that acts in a clause and its power word over records: 区商务局可以对…台账…进行检查, 由…局随时调取."""
    for power in POWER.finditer(clause):
        before = clause[:power.start()]
        offices = list(OFFICE.finditer(before))
        if not offices:
            continue
        office = offices[-1]
        between = before[office.end():]
        passive = before[max(0, office.start() - 8):office.start()].rfind("由") >= 0
        if NOT_POWER.search(between) or not (ACTS.search(between) or passive) or INTERNAL.search(clause[office.end():]):
            continue
        return office, power
    return None


def records_power_conflicts(sentence: str, day: str) -> list[CompetenceConflict]:
    """The offices a sentence gives a power over a firm's or a person's records that the statutes in force give
    only to bodies of other kinds."""
    if not (POWER.search(sentence) and RECORDS.search(sentence)) or ANCHOR.search(sentence):
        return []
    conflicts = []
    offset = 0
    for clause in re.split(r"([，,])", sentence):
        if clause in "，,":
            offset += len(clause)
            continue
        found = acting_office(clause)
        if found is not None and (RECORDS.search(clause) or RECORDS.search(sentence[:offset])):
            office, power = found
            name = BEFORE_NAME.sub("", office.group())
            words = kind_words(name)
            wanted = record_classes(sentence)
            if words and not any(w in grant.subject and grant.classes & wanted for grant in statute_grants(day) for w in words):
                conflicts.append(CompetenceConflict(offset + office.start(), offset + len(clause), name))
        offset += len(clause)
    return conflicts
