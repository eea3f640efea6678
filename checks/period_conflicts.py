"""A procedural period a clause sets against the period the higher-law article on the same procedure sets
(higher-law-conflict).

Laws and administrative regulations fix the time a party has to use a procedural right (听证 requested within
five days, 行政复议 applied for within sixty, a suit brought within six months) and the time an authority has to
act (a licence decided within twenty days, a disclosure request answered within twenty working days, a seizure
kept thirty days at most). A normative document that gives the party less time, or the authority more, takes
from the party what the statute grants it, whoever signs it. The article is found as ``fine_conflicts`` finds
a fine's: among the articles of laws and administrative regulations in force on the draft's day that set a
period, scored by the weighted share of the clause's procedure words they state (the law's own name counts, so
行政处罚 in the clause points at 行政处罚法), and within it the periods of the same actor and act (提出 / 作出 /
答复 / 组织 / a measure's duration). The clause conflicts only when its period is shorter than every such
statute period (the party's time) or longer than every one (the authority's time); working days and months
are compared by the calendar days they can span, so a doubtful case is left alone.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from normreview.checks.article_match import conduct_words, higher_law_articles, named_laws, rarity, telling_words
from normreview.checks.laws.store import Article
from normreview.patterns import CN_NUMERAL_CHARS, to_int

# A period: 五日内, 20个工作日内, 六个月内, 期限为九十日, 期限不得超过三十日, 延长十日.
_N = rf"(?:\d{{1,3}}|[{CN_NUMERAL_CHARS}]{{1,4}})"
_UNIT = r"(?:个工作日|工作日|日|天|个月|月)"
PERIOD = re.compile(rf"(?P<n>{_N})\s*(?P<unit>{_UNIT})(?:内|以内)"
                    rf"|(?:期限|期间)(?:为|最长为|最长不得超过|不得超过|不超过)\s*(?P<n2>{_N})\s*(?P<unit2>{_UNIT})")
_EXTENSION = re.compile(r"延长")
# Who acts within the period, read from the act that follows it in its clause (or a measure's duration).
PARTY_ACT = re.compile(r"提出|申请|起诉|提起|要求|申报|陈述|申辩")
AUTHORITY_ACT = re.compile(r"作出|答复|组织|办结|审结|举行|送达|予以|决定|处理完毕|审查|审核|核查|通知|公开|告知")
# Who the clause of the period names before it, when it names anyone.
AUTHORITY_SUBJECT = re.compile(r"机关|机构|部门|政府|法院|被申请人|管委会|执法")
PARTY_SUBJECT = re.compile(r"当事人|申请人|公民|法人|利害关系人|纳税人|被征收人|相对人")
_MODAL_OR_TIME = re.compile(r"应当|必须|须|可以|应|在|自|于")  # the subject stands before them (not 在行政机关告知后)
MEASURE = re.compile(r"查封|扣押|冻结|留置|暂扣|扣留")
_CLAUSE_END = re.compile(r"[，,。；;：:\n]")
_SENTENCE = re.compile(r"[^。；\n]+")
MIN_SCORE = 0.55
NAMED_SCORE = 0.3
MARGIN = 0.12
# A procedure is told across its chapter (the articles around it).
NEIGHBOURS = 2
# Words every period-setting article may say: they tell no procedure apart.
_NOT_PROCEDURE = {"应当", "之日起", "之日", "以内", "期限", "逾期", "依法", "规定", "不得", "可以", "有关", "相关"}


@dataclass(frozen=True)
class Period:
    low: float  # calendar days the period spans at least
    high: float  # and at most
    actor: str  # party | authority
    act: str  # the act's words in its clause (提出听证申请)
    label: str  # as written (五日, 20个工作日)
    start: int
    end: int
    extension: bool  # an extension of another period (延长十日)
    n: int = 0
    unit: str = ""  # 日 | 工作日 | 月: periods of one unit compare by their number


def _days(n: int, unit: str) -> tuple[float, float]:
    if unit in ("个工作日", "工作日"):
        return float(n), float(n + 2 * math.ceil(n / 5) + 3)  # weekends, and a short holiday
    if unit in ("个月", "月"):
        return 28.0 * n, 31.0 * n
    return float(n), float(n)


def periods_in(sentence: str) -> list[Period]:
    """The periods of a sentence with the actor the act after each names; a period whose act tells no actor is
    left out."""
    found = []
    for match in PERIOD.finditer(sentence):
        n = to_int(match.group("n") or match.group("n2"))
        unit = match.group("unit") or match.group("unit2")
        if not n:
            continue
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, match.start())), default=0)
        end = _CLAUSE_END.search(sentence, match.end())
        act = sentence[match.end():end.start() if end else len(sentence)]
        if not act.strip() and match.group("n") and end and end.group() in "，,":  # 自…之日起三十日内，被征收人可以…提出…申请
            following = _CLAUSE_END.search(sentence, end.end())
            act = sentence[end.end():following.start() if following else len(sentence)]
        before = sentence[clause_start:match.start()]
        if match.group().startswith(("期限", "期间")) or not act.strip():
            actor = "authority" if MEASURE.search(sentence[max(0, clause_start - 20):match.start()]) else ""
        elif AUTHORITY_SUBJECT.search(subject := _MODAL_OR_TIME.split(before, 1)[0]):  # 行政复议机构应当自…三日内, 被申请人应当自…五日内
            actor = "authority"
        elif PARTY_SUBJECT.search(subject):
            actor = "party"
        elif AUTHORITY_ACT.search(act[:12]) and not PARTY_ACT.match(act.lstrip("向以书面形式")):
            actor = "authority"
        elif PARTY_ACT.search(act[:14]):
            actor = "party"
        else:
            actor = ""
        if not actor:
            continue
        low, high = _days(n, unit)
        found.append(Period(low, high, actor, act, match.group().rstrip("内以").removeprefix("期限").lstrip(
            "为最长不得超过"), match.start(), match.end(), bool(_EXTENSION.search(before)),
                            n, unit.removeprefix("个").replace("天", "日")))
    return found


@dataclass(frozen=True)
class PeriodProvision:
    article: Article
    periods: tuple[Period, ...]
    context: str  # the law's name and the article's text: what the procedure words are looked for in

    @property
    def label(self) -> str:
        return f"《{self.article.law.name}》{self.article.label}"


@lru_cache(maxsize=2)
def period_provisions(day: str) -> tuple[PeriodProvision, ...]:
    """The articles of laws and administrative regulations in force on ``day`` that set a procedural period."""
    provisions = []
    for law, articles in higher_law_articles(day):
        name = law.name.removeprefix("中华人民共和国")
        for index, article in enumerate(articles):
            if "日" not in article.text and "月" not in article.text:
                continue
            periods = tuple(p for s in _SENTENCE.finditer(article.text) for p in periods_in(s.group()))
            if periods:  # the procedure is told by its law and its neighbours too (its chapter)
                around = "\n".join(a.text for a in articles[max(0, index - NEIGHBOURS):index + NEIGHBOURS + 1])
                provisions.append(PeriodProvision(article, periods, name + "\n" + around))
    return tuple(provisions)


@lru_cache(maxsize=2)
def _contexts(day: str) -> tuple[str, ...]:
    return tuple(provision.context for provision in period_provisions(day))


@lru_cache(maxsize=4096)
def _weight(word: str, day: str) -> float:
    return rarity(word, _contexts(day))


def _procedure_name(law_name: str) -> str:
    """The procedure a law is named after: 中华人民共和国行政许可法 → 许可, 政府信息公开条例 → 政府信息公开."""
    core = re.sub(r"(?:法|条例)$", "", law_name.removeprefix("中华人民共和国"))
    return core.removeprefix("行政") if len(core) > 3 else core


def _same(period: Period, provision: PeriodProvision) -> list[Period]:
    """The provision's periods of the same actor and act (a measure's duration against a measure's duration)."""
    acts = _act_words(period.act) or {"期限"}
    return [q for q in provision.periods if q.actor == period.actor and not q.extension
            and (acts & _act_words(q.act) or (acts == {"期限"} and not q.act.strip()))]


def matching_provisions(procedure: str, period: Period, day: str) -> list[tuple[PeriodProvision, list[Period]]]:
    """The articles with a period of the same actor and act that state the procedure about as well as the best one
    (at least MIN_SCORE of its weighted words; a word of the law's own name counts thrice), best first."""
    wanted = telling_words({w: _weight(w, day) for w in conduct_words(procedure) if w not in _NOT_PROCEDURE})
    if not wanted:
        return []
    total = sum(wanted.values())
    act_words = set(conduct_words(period.act)) & set(wanted)
    scored = []
    for provision in period_provisions(day):
        same = _same(period, provision)
        if not same:
            continue
        name = provision.context.split("\n", 1)[0]
        # a word of the law's name, and a word of the act the statute's own period governs (作出…许可…决定), count thrice
        acted = "".join(q.act for q in same)
        boosted = {w for w in wanted if w in name or (w in act_words and w in acted)}
        score = sum(x * (3 if w in boosted else 1) for w, x in wanted.items() if w in provision.context)
        scored.append((score / (total + 2 * sum(x for w, x in wanted.items() if w in boosted or w in act_words)),
                       provision, same))
    scored.sort(key=lambda triple: -triple[0])
    # the law named after the procedure governs it (行政许可法 a 许可 decision, 行政处罚法 a 处罚 hearing) when it sets a
    # period of the same act and states the procedure at all
    named = [(score, p, same) for score, p, same in scored
             if score >= NAMED_SCORE and _procedure_name(p.article.law.name) in procedure]
    if named:
        return _closest_act(named, act_words)
    if not scored or scored[0][0] < MIN_SCORE:
        return []
    best = scored[0][0]
    return _closest_act([triple for triple in scored if triple[0] >= max(MIN_SCORE, best - MARGIN)], act_words)


def _closest_act(scored: list, act_words: set[str]) -> list[tuple[PeriodProvision, list[Period]]]:
    """Of the matching articles, those whose own period governs most of the clause's act (行政复议法 第二十条's
    提出行政复议申请 for 申请行政复议, not 第五十四条's 提出书面答复), best first."""
    def shared(same: list[Period]) -> int:
        return sum(1 for w in act_words if any(w in q.act for q in same))
    most = max(shared(same) for _, _, same in scored)
    return [(p, same) for _, p, same in scored if shared(same) == most]


def _act_words(act: str) -> set[str]:
    return {m.group() for m in (*PARTY_ACT.finditer(act), *AUTHORITY_ACT.finditer(act), *MEASURE.finditer(act))}


def _shorter(a: Period, b: Period) -> bool:
    """``a`` ends before ``b`` whatever the calendar: by number in one unit, else by the days each can span."""
    return a.n < b.n if a.unit == b.unit else a.high < b.low


@dataclass(frozen=True)
class PeriodConflict:
    period: Period
    provision: PeriodProvision
    allowed: tuple[Period, ...]

    @property
    def direction(self) -> str:
        return "缩短了当事人依法享有的期限" if self.period.actor == "party" else "延长了行政机关依法应当遵守的期限"


def sentence_conflicts(sentence: str, day: str) -> list[PeriodConflict]:
    """The periods of one sentence that cut the party's statutory time or stretch the authority's."""
    periods = periods_in(sentence)
    if not periods:
        return []
    named = named_laws(sentence)
    if named is None:
        return []  # anchored in a local regulation, which may set its own period where a law allows it
    conflicts = []
    for period in periods:
        if period.extension:
            continue
        compared = [(p, same) for p, same in matching_provisions(sentence, period, day)
                    if not named or p.article.law in named]
        if not compared:
            continue
        if period.actor == "party":
            unlawful = all(_shorter(period, q) for _, same in compared for q in same)
        else:
            unlawful = all(_shorter(q, period) for _, same in compared for q in same)
        if unlawful:
            provision, same = compared[0]
            conflicts.append(PeriodConflict(period, provision, tuple(same)))
    return conflicts
