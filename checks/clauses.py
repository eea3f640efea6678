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

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Token

from normreview.checks.lexicons import Lexicon, clause_classes, load_lexicons
from normreview.checks.nlp import pipeline

MODALITIES = ("precondition", "prohibition", "obligation", "permission")  # the stronger first
SUBJECTS = ("agency", "party")
NOT_MEASURES = set(MODALITIES) | set(SUBJECTS) | {"legal-anchor", "exception"}
SENTENCE_END = {"。", "；", ";", "！", "!", "？", "?"}
CLAUSE_BREAK = {"，", ",", "：", ":"}
# The last word of a condition ("拒不改正的", "经批准后", "申请时") and the first word of one ("如", "凡", "经").
CONDITION_END = {"的", "后", "时", "前", "之前", "以后", "之后", "以前", "期间", "之日起"}
CONDITION_START = {"如", "若", "如果", "凡", "凡是", "对于", "经", "未经", "只有", "一旦", "假如", "倘若", "对"}
EXCEPTION_START = {"但", "但是"}
EXCEPTION_END = ("除外", "不在此限", "不受此限")
NEGATORS = {"不", "无需", "无须", "免于", "免予", "不再", "不予", "没有", "未", "无", "取消", "免", "不需", "不必", "拒不", "停止"}
# A name after one of these is an object (向区政府缴纳, 经区商务局批准), not who is bound.
OBJECT_MARKERS = {"向", "对", "与", "给", "为", "同", "跟", "替", "经", "在", "从", "把", "将", "按", "按照", "依照",
                  "根据", "会同", "协助", "配合", "报", "报请", "提请", "报经", "到", "赴", "至", "由于", "受", "但经"}
AGENT_MARKERS = {"由", "并由", "由其"}
COORDINATORS = {"和", "及", "与", "或", "或者", "、", "以及"}
# jieba joins a preposition to a one-character division name: 由区城管局 → 由区 / 城管局.
PREPOSITION_CHARS = set("由经向在对从与和给为将把到")
DIVISION_CHARS = set("省市县区镇乡")
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
    """A body or person named in a clause. ``how``: subject (before the modality), agent (由…),
    condition (named in the condition), carried (from the previous clause of the sentence), named
    (any other mention, in ``Frame.parties``)."""

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
    kind: str  # law | lawful | reservation | vague (按照有关规定: names no law)
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

    def classes(self, part: str | None = None) -> set[str]:
        """Measure classes in the frame (or in one part), negated ones left out."""
        return {m.cls for m in self.measures if not m.negated and (part is None or m.part == part)}

    def has(self, cls: str, part: str | None = None) -> bool:
        return cls in self.classes(part)

    @property
    def anchored(self) -> bool:
        """The clause names its legal basis: a law, 依法, or a reservation for laws (not 按照有关规定)."""
        return any(a.kind != "vague" for a in self.anchors)


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
        self.phrases = PhraseMatcher(nlp.vocab)
        self.patterns = Matcher(nlp.vocab)
        for name, lexicon in self.classes.items():
            by_kind: dict[str, list[str]] = {}
            for term in lexicon.terms.values():
                by_kind.setdefault(term.kind, []).append(term.term)
            for kind, terms in by_kind.items():
                self.phrases.add(f"{name}|{kind}", list(nlp.tokenizer.pipe(terms)))
            for index, (kind, pattern) in enumerate(lexicon.patterns):
                self.patterns.add(f"{name}|{kind}|{index}", [pattern])
        number = r"^[\d.,０-９一二三四五六七八九十百千万亿两零〇]+$"
        self.quantities = Matcher(nlp.vocab)
        self.quantities.add("amount", [
            [{"TEXT": {"REGEX": number}}, {"ORTH": {"IN": ["元", "万元", "亿元", "千元", "百元", "万", "亿"]}}],
            [{"TEXT": {"REGEX": r"^[\d.,一二三四五六七八九十百千万亿两]+(万|亿|千|百)?元$"}}],
        ])
        self.quantities.add("rate", [
            [{"TEXT": {"REGEX": r"^[\d.]+[%％‰]$"}}],
            [{"TEXT": {"REGEX": number}}, {"ORTH": {"IN": ["%", "％", "‰", "成"]}}],
            [{"TEXT": {"REGEX": r"^百分之[\d.一二三四五六七八九十百零]*$"}}, {"TEXT": {"REGEX": number}, "OP": "?"}],
        ])
        self.quantities.add("period", [
            [{"TEXT": {"REGEX": r"^[\d一二三四五六七八九十两百]{1,3}$"}},
             {"ORTH": {"IN": ["年", "个月", "月", "日", "天", "周", "个工作日", "工作日", "小时", "年内", "日内", "天内", "个月内"]}}],
            [{"TEXT": {"REGEX": r"^[一二三四五六七八九十两]{1,3}(个)?(年|月|天|周|工作日)(内|以内)?$"}}],
        ])

    def hits(self, doc: Doc) -> list[_Hit]:
        found: set[_Hit] = set()
        for match_id, start, end in list(self.phrases(doc)) + list(self.patterns(doc)):
            cls, kind = doc.vocab.strings[match_id].split("|")[:2]
            found.add(_Hit(cls, kind, start, end))
        for token in doc:  # suffix rules: 区商务局, 房屋所有权证明, 建设公司
            for cls in ("agency", "party", "approval"):
                if self.classes[cls].has_suffix(token.text) and token.text not in self.classes[cls].terms:
                    found.add(_Hit(cls, "suffix", token.i, token.i + 1))
        return sorted(found, key=lambda h: (h.start, -h.end, h.cls))


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    return _Lexicons()


def analyse_clauses(text: str) -> list[Frame]:
    doc = pipeline()(text)
    doc.user_data["text"] = text
    return frames_in(doc)


def _text(doc: Doc) -> str:
    return doc.user_data.get("text") or doc.text


def _is_cjk(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _prepositional(token: Token) -> bool:
    """A two-character token of a preposition and a division: 由区, 经区, 在市."""
    return len(token.text) == 2 and token.text[0] in PREPOSITION_CHARS and token.text[1] in DIVISION_CHARS


def places_in(doc: Doc) -> list[Place]:
    """Toponyms (…省/市/县/区/镇/乡/街道/开发区/园区) and deictics (本区, 我县, 辖区…) of a parsed text.

    The one place recogniser of the clause analysis: when ``checks/places.py`` (a gazetteer of China's
    divisions) lands, this function calls its ``find_places(text)`` instead.
    """
    lex = _lexicons()
    places: list[Place] = []
    for token in doc:
        word = token.text
        start = token.idx
        if word in lex.local or word in lex.elsewhere:
            places.append(Place(start, start + len(word), word, local=word in lex.local, deictic=True))
            continue
        if not _is_cjk(word) or _prepositional(token):
            continue
        suffix = next((s for s in sorted(lex.places.suffixes, key=len, reverse=True) if word.endswith(s)), None)
        if suffix is None:
            continue
        if lex.places.has_suffix(word):  # 惠安县, 晋安区: one token
            places.append(Place(start, start + len(word), word, level=LEVELS.get(suffix, "zone")))
        elif word == suffix and token.i > 0:  # 惠安 / 县
            previous = doc[token.i - 1]
            name = previous.text
            if len(name) >= 2 and _is_cjk(name) and name not in OBJECT_MARKERS and not name.startswith(("本", "我", "各", "全", "该")):
                places.append(Place(previous.idx, start + len(word), name + word, level=LEVELS.get(suffix, "zone")))
    return places


def _place_like(token: Token, place_starts: set[int]) -> bool:
    return token.idx in place_starts or token.text in DIVISION_CHARS or _prepositional(token)


def _subjects(doc: Doc, hits: list[_Hit], place_starts: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, kind) of each agency or party named; an agency's name reaches left over
    the places before it (区 + 城管局, 惠安县 + 自然资源 + 局)."""
    found: dict[int, tuple[int, int, str]] = {}
    for hit in hits:
        if hit.cls not in SUBJECTS:
            continue
        start = hit.start
        if hit.cls == "agency":
            while start > 0 and hit.end - start < 5 and _place_like(doc[start - 1], place_starts):
                start -= 1
        previous = found.get(hit.end)
        if previous is None or previous[0] > start:
            found[hit.end] = (start, hit.end, hit.cls)
    spans = sorted(found.values())
    kept: list[tuple[int, int, str]] = []
    for span in spans:  # the longest of overlapping names
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _char_span(doc: Doc, start: int, end: int, name: bool = False) -> tuple[int, int]:
    """Character offsets of tokens [start, end); a name leaves out the preposition jieba joined to it."""
    first = doc[start]
    offset = first.idx + (1 if name and _prepositional(first) else 0)
    last = doc[end - 1]
    return offset, last.idx + len(last.text)


def _segments(doc: Doc) -> list[list[tuple[int, int]]]:
    """Sentences as lists of clause segments, each (start token, end token) without its punctuation."""
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    start = 0
    for token in doc:
        word = token.text
        ends_sentence = word in SENTENCE_END or "\n" in word
        if ends_sentence or word in CLAUSE_BREAK:
            if token.i > start:
                current.append((start, token.i))
            start = token.i + 1
            if ends_sentence and current:
                sentences.append(current)
                current = []
    if len(doc) > start:
        current.append((start, len(doc)))
    if current:
        sentences.append(current)
    return sentences


@dataclass
class _Unit:
    main: tuple[int, int]
    conditions: list[tuple[int, int]] = field(default_factory=list)
    exception: tuple[int, int] | None = None
    condition_kind: str = ""  # negative ("未取得……的") turns a prohibition into a precondition


def frames_in(doc: Doc) -> list[Frame]:
    """The frames of a parsed text, in order. ``doc`` comes from ``checks/nlp.pipeline()``."""
    lex = _lexicons()
    text = _text(doc)
    hits = lex.hits(doc)
    places = places_in(doc)
    place_starts = {p.start for p in places}
    subjects = _subjects(doc, hits, place_starts)
    token_classes: list[set[str]] = [set() for _ in range(len(doc))]
    for hit in hits:
        for i in range(hit.start, hit.end):
            token_classes[i].add(hit.cls)
    quantities = [(doc.vocab.strings[m], s, e) for m, s, e in lex.quantities(doc)]
    frames: list[Frame] = []
    for sentence in _segments(doc):
        units = _units(doc, sentence, token_classes, subjects)
        sentence_start = doc[sentence[0][0]].idx
        last = doc[sentence[-1][1] - 1]
        sentence_end = last.idx + len(last.text)
        previous: Frame | None = None
        for unit in units:
            frame = _frame(doc, text, unit, hits, subjects, token_classes, sentence_start, sentence_end, previous)
            frame.places = [p for p in places if frame.start <= p.start < frame.end]
            for label, s, e in quantities:
                char_start, char_end = _char_span(doc, s, e)
                if frame.start <= char_start < frame.end:
                    getattr(frame, {"amount": "amounts", "rate": "rates", "period": "periods"}[label]).append(
                        Mention(char_start, char_end, text[char_start:char_end]))
            for group in (frame.amounts, frame.rates, frame.periods):
                _keep_longest(group)
            frames.append(frame)
            previous = frame
    return frames


def _keep_longest(mentions: list[Mention]) -> None:
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in mentions:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    mentions[:] = kept


def _has_modality(token_classes: list[set[str]], segment: tuple[int, int]) -> bool:
    return any(token_classes[i] & set(MODALITIES) for i in range(*segment))


def _units(doc: Doc, sentence: list[tuple[int, int]], token_classes: list[set[str]],
           subjects: list[tuple[int, int, str]]) -> list[_Unit]:
    """Join the segments of a sentence: conditions to the clause they govern, exceptions to the clause
    they exempt ("……除外", "但……" with no modality of its own) or precede ("除……外，")."""
    subject_ends = {end for _, end, _ in subjects}
    units: list[_Unit] = []
    conditions: list[tuple[int, int]] = []
    pending_exception: tuple[int, int] | None = None
    for index, segment in enumerate(sentence):
        first, last = doc[segment[0]].text, doc[segment[1] - 1].text
        modal = _has_modality(token_classes, segment)
        if last.endswith(EXCEPTION_END) or (first in EXCEPTION_START and not modal):
            if units and not conditions:
                units[-1].exception = segment
                continue
        if first in ("除", "除了") and last.endswith("外"):
            pending_exception = segment
            continue
        followed = index + 1 < len(sentence)
        is_condition = followed and (
            last in CONDITION_END
            or (first in CONDITION_START and not modal)
            or (not modal and segment[1] in subject_ends)  # a topic: "符合条件的企业，"
        )
        if is_condition:
            conditions.append(segment)
            continue
        unit = _Unit(main=segment, conditions=conditions, exception=pending_exception)
        if conditions and doc[conditions[0][0]].text in ("未", "未经", "没有", "如未", "凡未"):
            unit.condition_kind = "negative"
        units.append(unit)
        conditions, pending_exception = [], None
    if conditions:  # a sentence that ends in a condition: frame it as it stands
        units.append(_Unit(main=(conditions[0][0], conditions[-1][1])))
    return units


def _frame(doc: Doc, text: str, unit: _Unit, hits: list[_Hit], subjects: list[tuple[int, int, str]],
           token_classes: list[set[str]], sentence_start: int, sentence_end: int, previous: Frame | None) -> Frame:
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

    inside = [h for h in hits if first_token <= h.start and h.end <= last_token]
    frame.modality = _modality(doc, text, unit, inside, main)
    frame.measures = _measures(doc, text, inside, token_classes, part_of)
    frame.anchors = _anchors(doc, text, inside, part_of, first_token, last_token)
    frame.parties, frame.bound = _bound(doc, text, unit, subjects, frame.modality, inside, part_of, previous)
    return frame


def _modality(doc: Doc, text: str, unit: _Unit, hits: list[_Hit], main: Mention) -> Modality | None:
    main_start, main_end = unit.main
    candidates = [h for h in hits if h.cls in MODALITIES and main_start <= h.start < main_end]
    if not candidates:
        return None
    best = min(candidates, key=lambda h: (MODALITIES.index(h.cls), h.start))
    kind = best.cls
    if kind == "prohibition" and unit.condition_kind == "negative":
        kind = "precondition"  # 未取得许可证的，不得经营
    s, e = _char_span(doc, best.start, best.end)
    return Modality(s, e, text[s:e], kind, e, main.end)


def _measures(doc: Doc, text: str, hits: list[_Hit], token_classes: list[set[str]], part_of) -> list[Measure]:
    spans: list[list] = []  # [cls, start, end]
    for hit in hits:
        if hit.cls in NOT_MEASURES:
            continue
        same = next((s for s in spans if s[0] == hit.cls and s[1] <= hit.start <= s[2] and part_of(s[1]) == part_of(hit.start)), None)
        if same:  # adjacent or overlapping terms of one class are one measure: 注册 + 登记
            same[2] = max(same[2], hit.end)
            continue
        start = hit.start
        if hit.cls == "approval" and hit.kind == "suffix" or (hit.cls == "approval" and doc[hit.start].text in ("证明", "许可证", "证书", "执照")):
            # a document named before its kind: 房屋 / 所有权 / 证明
            while start > 0 and hit.start - start < 2 and _is_cjk(doc[start - 1].text) and not token_classes[start - 1] \
                    and doc[start - 1].text not in OBJECT_MARKERS | AGENT_MARKERS | NEGATORS | {"的", "持", "凭", "取得", "提供", "提交", "出具", "办理", "领取", "申请"}:
                start -= 1
        spans.append([hit.cls, start, hit.end])
    measures = []
    for cls, start, end in sorted(spans, key=lambda s: (s[1], s[0])):
        s, e = _char_span(doc, start, end)
        part = part_of(start)
        # Only the main clause negates: "未取得许可证的" states the precondition, "拒不改正的" the trigger.
        negated = part == "main" and any(doc[i].text in NEGATORS and not token_classes[i] & set(MODALITIES)
                      for i in range(max(0, start - 2), start) if part_of(i) == part and doc[i].text not in CLAUSE_BREAK)
        measures.append(Measure(s, e, text[s:e], cls, part, negated))
    return measures


def _anchors(doc: Doc, text: str, hits: list[_Hit], part_of, first: int, last: int) -> list[Anchor]:
    spans = [(h.start, h.end, h.kind or "lawful") for h in hits if h.cls == "legal-anchor"]
    spans += [(e.start, e.end, "law") for e in doc.ents if e.label_ == "LAW" and first <= e.start and e.end <= last]
    spans.sort(key=lambda s: (s[0], -s[1]))
    anchors: list[Anchor] = []
    covered_to = -1
    for start, end, kind in spans:
        if start < covered_to:
            continue  # 《中华人民共和国行政处罚法》 is one anchor, not two
        covered_to = end
        s, e = _char_span(doc, start, end)
        anchors.append(Anchor(s, e, text[s:e], kind, part_of(start)))
    return anchors


def _bound(doc: Doc, text: str, unit: _Unit, subjects: list[tuple[int, int, str]], modality: Modality | None,
           hits: list[_Hit], part_of, previous: Frame | None) -> tuple[list[Bound], Bound | None]:
    """Who the clause binds: the subject before the modality (coordinated names joined: 单位和个人),
    else the agent of 由…, else the subject of the condition, else the previous clause's."""
    main_start, main_end = unit.main
    lo = unit.conditions[0][0] if unit.conditions else main_start
    hi = unit.exception[1] if unit.exception and unit.exception[0] > main_start else main_end
    named: list[tuple[int, int, str, str]] = []  # start, end, kind, role
    for start, end, kind in subjects:
        if not lo <= start < hi:
            continue
        before = doc[start - 1].text if start > 0 else ""
        if _prepositional(doc[start]):
            before = doc[start].text[0]
        if before in COORDINATORS and named and named[-1][1] == start - 1:
            role = named[-1][3]  # 单位和个人: the second name has the role of the first
        else:
            role = "agent" if before in AGENT_MARKERS else "object" if before in OBJECT_MARKERS else "subject"
        named.append((start, end, kind, role))

    def as_bound(start: int, end: int, kind: str, how: str) -> Bound:
        s, e = _char_span(doc, start, end, name=True)
        return Bound(s, e, text[s:e], kind, how)

    parties = [as_bound(s, e, k, "named") for s, e, k, _ in named]
    modal_at = next((h.start for h in hits if h.cls in MODALITIES and main_start <= h.start < main_end), None)
    limit = modal_at if modal_at is not None else main_end  # no modality: the clause's first named subject
    in_main = [n for n in named if main_start <= n[0] < main_end]
    subject = [n for n in in_main if n[3] == "subject" and n[1] <= limit]
    if subject:
        start, end, kind, _ = subject[-1] if modal_at is not None else subject[0]
        for other in reversed(subject[:-1]):  # 单位和个人, 企业、个人
            between = {doc[i].text for i in range(other[1], start)}
            if between and between <= COORDINATORS:
                start = other[0]
            else:
                break
        return parties, as_bound(start, end, kind, "subject")
    agent = [n for n in in_main if n[3] == "agent"]
    if agent:
        return parties, as_bound(agent[0][0], agent[0][1], agent[0][2], "agent")
    in_condition = [n for n in named if part_of(n[0]) == "condition" and n[3] != "object"]
    if in_condition:
        start, end, kind, _ = in_condition[-1]
        return parties, as_bound(start, end, kind, "condition")
    if previous is not None and previous.bound is not None:
        carried = previous.bound
        return parties, Bound(carried.start, carried.end, carried.text, carried.kind, "carried")
    return parties, None
