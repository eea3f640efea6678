"""Run the catalogue over a Document; every finding carries its unit, quote and offsets.

One spaCy pass (jieba + EntityRuler) over the document's plain text, framed once by
``checks.clauses.frames_in``. Clause rules fire on frames that fit their ``frame`` spec, and through
regexes, the Matcher and the PhraseMatcher (compiled once per rule set); a trigger is then narrowed
by the frame it stands in: its exceptions, who is bound and its legal anchor are read in that
clause only. Document rules (check: …) look at the whole document.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from normreview.checks import document_rules
from normreview.checks.catalogue import FrameSpec, Rule, conditions, load_rules
from normreview.checks.citations import draft_date
from normreview.checks.clauses import Frame, Measure, Mention, frames_in
from normreview.checks.fine_conflicts import restated_fine, restated_penalty
from normreview.checks.lexicons import StatutoryActivity, load_lexicons, statutory_activities, statutory_fees, statutory_licence_laws
from normreview.checks.nlp import add_words, can_anchor, dictionary_state, parse, pipeline
from normreview.checks.profile import Profile, choose_profile, load_profile
from normreview.checks.restatement import restated
from normreview.checks.ties import Tie, ties_in
from normreview.extractors import extract_text
from normreview.extractors.agreement import extract_fields
from normreview.model import Document, Finding, Kind
from normreview.patterns import sentence_ends


def sentence_bounds(text: str, start: int, end: int, ends: list[int] | None = None) -> tuple[int, int]:
    """The sentence around [start, end); ``ends`` (sentence_ends(text)) makes it a binary search."""
    ends = ends if ends is not None else sentence_ends(text)
    left_index = bisect_right(ends, start) - 1
    right_index = bisect_left(ends, end + 1)
    return (ends[left_index] if left_index >= 0 else 0), (ends[right_index] if right_index < len(ends) else len(text))


def analysed(text: str) -> Doc:
    """The Doc of ``text`` (``analyse``), parsed once for the review and the steps after it (the second net's word
    features read its tokens instead of segmenting the text again)."""
    return _analysed(text, dictionary_state())


@lru_cache(maxsize=2)  # a review and the net after it read one text; a Doc of a long document is large
def _analysed(text: str, dictionary: tuple[int, int]) -> Doc:
    # keyed by the tokeniser's dictionary too: a text parsed before a rule's phrases became words (add_words) splits them
    return analyse(text)


def analyse(text: str) -> Doc:
    """The spaCy Doc of a text, with its sentence ends and subject mentions indexed once."""
    doc = parse(text)
    doc.user_data["text"] = text  # Doc.text is rebuilt from the tokens on every access
    doc.user_data["sentence_ends"] = sentence_ends(text)
    subjects = [(e.start_char, e.label_) for e in doc.ents if e.label_ in ("AGENCY", "PARTY")]
    doc.user_data["subject_starts"] = [s for s, _ in subjects]
    doc.user_data["subject_labels"] = [label for _, label in subjects]
    return doc


@dataclass
class CompiledRules:
    """Matchers for a rule set, built once."""

    rules: tuple[Rule, ...]
    matcher: Matcher
    phrases: PhraseMatcher

    @classmethod
    def build(cls, rules: tuple[Rule, ...]) -> CompiledRules:
        nlp = pipeline()
        add_words([p for r in rules for p in r.phrases])
        matcher, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab)
        for rule in rules:
            if rule.tokens:
                matcher.add(rule.id, rule.tokens)
            if rule.phrases:
                phrases.add(rule.id, [nlp.make_doc(p) for p in rule.phrases])
        return cls(rules=rules, matcher=matcher, phrases=phrases)

    def candidates(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Spans where a rule's trigger occurs, before its conditions."""
        found: dict[str, list[tuple[int, int]]] = {}
        text = doc.user_data["text"]
        for rule in self.rules:
            for pattern in rule.patterns:
                found.setdefault(rule.id, []).extend(m.span() for m in pattern.finditer(text))
        matches = (self.matcher(doc) if len(self.matcher) else []) + (self.phrases(doc) if len(self.phrases) else [])
        for match_id, start, end in matches:
            span = doc[start:end]
            found.setdefault(doc.vocab.strings[match_id], []).append((span.start_char, span.end_char))
        return found


_COMPILED: dict[tuple[int, ...], CompiledRules] = {}


def compiled(rules: tuple[Rule, ...]) -> CompiledRules:
    key = tuple(id(r) for r in rules)
    if key not in _COMPILED:
        _COMPILED[key] = CompiledRules.build(rules)
    return _COMPILED[key]


def _subject(doc: Doc, left: int, start: int) -> str | None:
    """AGENCY or PARTY: the last such mention before the trigger in its sentence, or None."""
    starts = doc.user_data["subject_starts"]
    index = bisect_left(starts, start) - 1
    return doc.user_data["subject_labels"][index] if index >= 0 and starts[index] >= left else None


def frames(doc: Doc) -> list[Frame]:
    """The clause frames of a parsed text, built once per Doc."""
    if "frames" not in doc.user_data:
        found = frames_in(doc)
        doc.user_data["frames"] = found
        doc.user_data["frame_starts"] = [f.start for f in found]
    return doc.user_data["frames"]


def frame_at(doc: Doc, offset: int) -> Frame | None:
    """The frame (condition, main clause, exception) that holds the character at ``offset``."""
    found = frames(doc)
    index = bisect_right(doc.user_data["frame_starts"], offset) - 1
    return found[index] if index >= 0 and found[index].start <= offset < found[index].end else None


@lru_cache(maxsize=1)
def _statutory_licences() -> re.Pattern[str]:
    """Licences a statute itself requires (the statutory-licences lexicon, each with its law)."""
    terms = sorted(load_lexicons()["statutory-licences"].terms, key=len, reverse=True)
    # (prec12) a 证 is not the 证明 that begins with its name (身份证 ≠ 社区出具的身份证明): another paper, another issuer
    return re.compile("|".join(re.escape(t) + ("(?!明)" if t.endswith("证") else "") for t in terms))


# (supp12) A licence named only by its generic kind (资质证书, 资格证书, 执业证书…) is a statute's only in the field of a
# statute that requires it (建筑施工企业…资质证书: 建筑法 第十三条; 测绘资质证书: 测绘法 第二十七条); 物业服务企业资质证书 (a
# qualification 物业管理条例 no longer sets) or 家政服务资质证书 is the draft's own licence, not the statute's.
GENERIC_LICENCE = re.compile(r"^(?:资质|资格|执业|登记|批准|合格|认证|认可|培训|法定|审定)证书$")
LAW_NAME_PARTS = re.compile(r"中华人民共和国|实施细则|实施条例|实施办法|暂行|管理|条例|规定|办法|法$|促进|防治|保护|监督")


def statutory_licence_in(text: str, sentence: str) -> re.Match[str] | None:
    """A licence of the statutory-licences lexicon named in ``text``; a generic one only where ``sentence`` names the
    field of a law that requires it (two characters of the law's name, its form words left out)."""
    found = _statutory_licences().search(text)
    if found is None or not GENERIC_LICENCE.match(found.group()):
        return found
    for law in statutory_licence_laws().get(found.group(), ()):
        stem = LAW_NAME_PARTS.sub("", law)
        if any(stem[i:i + 2] in sentence for i in range(len(stem) - 1)):
            return found
    return None


# (supp12) An activity a statute itself exempts from the licence it sets: a clause that asks for the licence there sets one
# of its own (the statute sets none for THAT activity).
LICENCE_EXEMPTIONS = (
    # 无照经营查处办法 第三条（一）, 电子商务法 第十条: one's own farm produce, services by one's own skill (零星小额 and 家庭手工业产品
    # only online: 电子商务法 第十条, not read here)
    (re.compile(r"营业执照"), re.compile(r"自产[^，。；]{0,4}(?:农副|农|林|畜|水)产品|便民劳务")),
    # 危险化学品安全管理条例 第三十三条第三款: a producer selling its own products within its plant
    (re.compile(r"危险化学品经营许可"), re.compile(r"厂区(?:范围)?内[^，。；]{0,6}销售本企业")),
    # 水法 第四十八条第一款; 取水许可和水资源费征收管理条例 第四条: household use and watering scattered livestock
    (re.compile(r"取水许可|水资源费"), re.compile(r"家庭生活|零星散养|圈养畜禽饮用")),
    # 食品安全法 第三十五条第一款: selling edible farm produce, only prepackaged food (a filing)
    (re.compile(r"食品经营许可"), re.compile(r"(?:销售|经营)食用农产品|仅销售预包装食品")),
)
EXEMPTION_EXCEPTED = re.compile(r"除[^，。；]{0,30}$")


def exempted_activity(sentence: str) -> bool:
    """The sentence asks for a statutory licence (or fee) for an activity the statute itself exempts from it, not named
    as an exception (除销售自产农副产品外，…应当取得营业执照 restates)."""
    for licence, activity in LICENCE_EXEMPTIONS:
        if licence.search(sentence):
            for found in activity.finditer(sentence):
                tail = sentence[found.end():found.end() + 16]
                if not EXEMPTION_EXCEPTED.search(sentence[:found.start()]) and not re.match(r"[^，。；]{0,14}(?:除外|以外|外[，,])", tail):
                    return True
    return False


# A condition that opens with the approval it asks for (未经区文化旅游体育局认可的…, 经街道审查同意后…): the body in it approves.
APPROVER_CONDITION = re.compile(r"\s*(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?:如|凡)?(?:未经|经|须经|需经|非经|报经)")


def bound_kind(frame: Frame) -> str | None:
    """Who the clause binds: its subject or agent; an agency named only in a condition (经营者须取得区商务局
    出具的证明后…) binds no one when a party is named too; with nobody bound, an agency that is the only
    body named (区审批局应当…) is bound."""
    bound, named = frame.bound, {p.kind for p in frame.parties}

    def approves(name: Mention) -> bool:
        return any(m.start <= name.start and name.end <= m.end for m in frame.measures if m.cls in ("approval", "payment"))

    if bound is not None and bound.kind == "agency" and bound.how in ("condition", "carried") and (approves(bound) or (
            frame.condition is not None and APPROVER_CONDITION.match(frame.condition.text) and frame.has("approval", "condition"))):
        bound = None  # 须报经街道办事处批准后，方可…; 未经区文化旅游体育局认可的民宿，不得…: the agency approves, the party asks
    if bound is None:
        # …only before the modality: 还须提交所在街道出具的证明 names the street office after 须, as an issuer
        subjects = [p for p in frame.parties if p.how == "subject" and not approves(p)
                    and (frame.modality is None or p.start < frame.modality.start)]
        return "agency" if named == {"agency"} and subjects else None
    if bound.kind == "agency" and bound.how in ("condition", "carried") and any(
            p.kind == "party" and p.how == "subject" for p in frame.parties):
        return "party"  # …not a party the clause acts for (并保证乙方项目免缴…)
    return bound.kind


# A sentence that opens with its legal basis (依法须经批准的项目，经…批准后方可…; 依照《…》规定，…) has it
# for every clause: the lead-in is the topic of what follows.
# A title in the lead-in anchors only when it is a law or regulation that can set the measure (nlp.can_anchor):
# "依照《××省××实施办法》，…处以罚款" rests on a government rule or a normative document.
# 依照国务院决定，… anchors as a law does: a State Council decision may set a licence (行政许可法 第十四条第二款).
SENTENCE_ANCHOR = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇]+条\s*)?(?:依法|依照法律|(?:依照|依据|根据|按照)经?国务院(?:的?决定|批准)"
                             r"|(?:依照|依据|根据|按照)(《[^》]{1,60}》))")
# …and one that closes with it (…，按照国家有关规定执行): the tail governs the whole sentence as the lead does.
SENTENCE_TAIL_ANCHOR = re.compile(r"[，,](?:均|一律)?(?:按照|依照|依据)(?:国家|法律|行政法规|国务院)"
                                  r"[^，。；]{0,30}(?:规定|目录)[^，。；]{0,4}(?:执行|办理)[。；;]?\s*$")


# …or closes with a law or regulation in 《》 (对…停产限产措施，依照《大气污染防治法》第九十六条的规定执行), or names it
# last for the measures before it (…责令限期拆除，没收违法所得，并依照《城市道路管理条例》处罚 / 予以处理).
SENTENCE_TAIL_LAW = re.compile(r"[，,]并?(?:均|一律)?(?:按照|依照|依据)(《[^》]{1,60}》)(?:[^，。；《]{0,30}规定)?[^，。；]{0,4}"
                               r"(?:执行|办理|处理|处罚|查处)[。；;]?\s*$")


def lead_anchor(sentence: str, clause_at: int = 0) -> bool:
    """The sentence opens with its legal basis (依法…, or a law or regulation named in 《》) or closes with it.
    ``clause_at``: where the clause asked about starts in the sentence; a bare 依法 that opens a clause of its own
    (依法加强客运市场监管，客运企业每车须缴纳保证金…) anchors that clause, not the others of the sentence, as a topic
    does (依法须经批准的项目，经…批准后方可…)."""
    lead = SENTENCE_ANCHOR.match(sentence)
    tail = SENTENCE_TAIL_LAW.search(sentence)
    # …but 依照国务院决定，… standing alone before the comma governs the whole sentence.
    own_clause = re.split(r"[，,：:]", sentence[lead.end():], maxsplit=1)[0] if lead is not None else ""
    if lead is not None and lead.group(1) is None and clause_at >= lead.end() and own_clause and "的" not in own_clause:
        lead = None
    return (lead is not None and (lead.group(1) is None or can_anchor(lead.group(1)))) \
        or bool(SENTENCE_TAIL_ANCHOR.search(sentence)) or (tail is not None and can_anchor(tail.group(1)))


def ties_at(doc: Doc, frame: Frame) -> list[Tie]:
    """The ties (``checks/ties.py``) of the frame's sentence, read once per sentence over the places that
    the clause analysis found in all its frames."""
    if "ties" not in doc.user_data:
        places: dict[int, list] = {}
        for f in frames(doc):
            places.setdefault(f.sentence_start, []).extend(f.places)
        doc.user_data["sentence_places"] = places
        doc.user_data["ties"] = {}
    cache = doc.user_data["ties"]
    text = doc.user_data["text"]
    places = doc.user_data["sentence_places"].get(frame.sentence_start, [])
    if frame.lead_in is not None:  # an item is read after its list's lead-in, where its gate often stands
        key = ("item", frame.sentence_start)
        if key not in cache:
            head = frame_at(doc, frame.lead_in.start)
            base = frame.sentence_start - len(frame.lead_in.text) - 1  # the lead-in's text placed just before the item
            moved = [replace(p, start=p.start + base - frame.lead_in.start, end=p.end + base - frame.lead_in.start)
                     for p in (head.places if head is not None else []) if frame.lead_in.start <= p.start < frame.lead_in.end]
            cache[key] = ties_in(frame.lead_in.text + "：" + text[frame.sentence_start:frame.sentence_end], base, moved + places)
        return cache[key]
    if frame.sentence_start not in cache:
        cache[frame.sentence_start] = ties_in(text[frame.sentence_start:frame.sentence_end], frame.sentence_start, places)
    return cache[frame.sentence_start]


# A law and its article cited for the measure (依照特种设备安全法第八十三条责令限期改正) …
CITED_ARTICLE = re.compile(r"(?:依照|依据|按照|根据)[^，。；\n]{0,30}?(?:法|条例|规定|办法)》?(?:的规定)?第[一二三四五六七八九十百零〇]+条")
# … governs the consequences that follow it in the same article (；逾期未改正的，责令停止使用…，处…罚款; ，并…加收滞纳金)
CONTINUATION = re.compile(r"^(?:[，；]?\s*)(?:并|逾期|拒不|仍|情节|再次|屡|经责令|对|有违法所得|造成|构成)")


def carried_article(text: str, frame: Frame) -> bool:
    """The clause continues one that cites the law and article of its measure, in the same article, with no body of
    its own named (an anchor covers its own clause and party: 情节严重的，由区商务局另处罚款 is not covered)."""
    line_start = text.rfind("\n", 0, frame.start) + 1
    before = text[line_start:frame.start]
    citations = list(CITED_ARTICLE.finditer(before))
    cited = citations[-1] if citations else None
    if cited is None or "。" in before[cited.end():] or any(p.kind == "agency" for p in frame.parties):
        return False
    own = text[frame.start:frame.end]
    gap = before[cited.end():]
    return bool(CONTINUATION.match(own) or CONTINUATION.match(re.split(r"[；;]", gap)[-1]) or "；" not in gap)


# A lead-in that takes its basis from the list it opens (本局依照下列规定实施查封、扣押：（一）依照《食品安全法》第一百一十条，…):
# its legal basis is what the items name.
LIST_BASIS = re.compile(r"(?:依照|按照|根据|依据)(?:下列|以下)[^，。；：]{0,6}(?:规定|法律|法规|条款|条文)")
LIST_ITEM_LABEL = re.compile(r"[（(][一二三四五六七八九十]+[）)]")
ITEM_LAW = re.compile(r"《[^》]{2,40}》|法律、(?:行政)?法规|法律(?:或者|、)?行政法规")
NEXT_ARTICLE = re.compile(r"\n\s*第[一二三四五六七八九十百零〇]+条")


def listed_basis(text: str, frame: Frame) -> bool:
    """The clause is a lead-in that acts 依照下列规定 and every item of its list names the law it applies (or
    法律、行政法规): the list is its legal basis."""
    if not LIST_BASIS.search(text[frame.start:frame.end]):
        return False
    stop = NEXT_ARTICLE.search(text, frame.end)
    rest = text[frame.end:stop.start() if stop else len(text)]
    if not rest.lstrip().startswith(("：", ":")):
        return False
    items = LIST_ITEM_LABEL.split(rest)[1:]
    return bool(items) and all(ITEM_LAW.search(item) for item in items)


def _frame_context(frame: Frame, doc: Doc) -> tuple[str, bool, str]:
    """A frame's sentence, whether a legal basis leads or closes it (or its article's citation carries to it), and the
    sentence read with its list's lead-in; computed once per frame of a document, not once per rule."""
    known = doc.user_data.setdefault("frame_context", {})
    if id(frame) not in known:
        text = doc.user_data["text"]
        sentence = text[frame.sentence_start:frame.sentence_end]
        # a reported provision's basis leads what is reported (经查，该区规定，依照《…》…), not the report
        provision_start = frame.reported_from if frame.reported_from is not None else frame.sentence_start
        lead = lead_anchor(text[provision_start:frame.sentence_end], frame.start - provision_start) \
            or carried_article(text, frame) or listed_basis(text, frame)
        # an item's sentence is read with its list's lead-in (…从事网络预约出租汽车经营的，应当符合以下条件：1. 在本市登记注册…)
        context = frame.lead_in.text + "：" + sentence if frame.lead_in is not None else sentence
        known[id(frame)] = (sentence, lead, context)
    return known[id(frame)]


def fits_any(specs: tuple[FrameSpec, ...], frame: Frame, doc: Doc, silenced_by_restatement: bool = True) -> Mention | None:
    """The first spec ``frame`` fits, unless the clause restates a statute and the rule is silenced by that
    (``Rule.silenced_by_restatement``; a higher-law conflict is not: ``catalogue.FIRE_ON_RESTATEMENT``)."""
    sentence, lead, context = _frame_context(frame, doc)
    bound = bound_kind(frame)  # once per frame, not once per spec
    day = DRAFT_DAY.get()  # the draft's day (review_document): a statute restated is the one in force then
    fits = (frame_fits(s, frame, lead, ties_at(doc, frame) if s.tie else (), sentence, bound, day)
            for s in specs if s.sentence is None or s.sentence.search(context))
    found = next((m for m in fits if m is not None), None)
    if found is not None and silenced_by_restatement and restates_statute(frame, doc):
        return None
    return found


def restates_statute(frame: Frame, doc: Doc) -> bool:
    """The clause, read with what its sentence says before it, restates a sentence of a law, regulation or ministry
    rule in force (``checks/restatement.py``): what it sets, the statute sets. Read up to its end from its sentence's
    start and from the 。 or line before it, as a statute's sentence may run over ； (…，处5万元以上50万元以下罚款；有违法
    所得的，没收违法所得) where a draft's does not; and as its whole sentence, for a condition read with what follows it
    (在本区新设立的企业，应当自领取营业执照之日起三十日内，…办理税务登记). Once per frame."""
    known = doc.user_data.setdefault("restated", {})
    if id(frame) not in known:
        text = doc.user_data["text"]
        start = max(text.rfind("。", 0, frame.sentence_start), text.rfind("\n", 0, frame.sentence_start)) + 1
        spans = {(frame.sentence_start, frame.end), (start, frame.end), (frame.sentence_start, frame.sentence_end)}
        if frame.reported_from is not None:  # a reported provision (经查，某县文件规定，…) restates as the provision itself
            spans |= {(frame.reported_from, frame.end), (frame.reported_from, frame.sentence_end)}
        # (prec12) …and so does a provision quoted after the review's words (审查认为该条合法予以保留：“…”): from its opening quote
        quoted = text.rfind("“", frame.sentence_start, frame.start + 1)
        if quoted >= 0 and "”" not in text[quoted:frame.start]:
            spans |= {(quoted + 1, frame.end), (quoted + 1, frame.sentence_end)}
        known[id(frame)] = any(restated(text[a:b]) is not None for a, b in spans) or restated_joined(text, frame)
    return known[id(frame)]


# The lead of a second predicate that continues a duty (…应当A，并B; 同时B; 且B): clauses.JOINED_LEADS.
JOINED_LEAD = re.compile(r"^(?:并且|而且|同时|并|且)")


def restated_joined(text: str, frame: Frame) -> bool:
    """A second predicate of a duty (电梯安装单位应当取得…许可，并在施工前将…书面告知…) read as its own sentence, with the
    party and the modal word of the clause it continues: a draft joins two statute sentences, often of other articles
    (特种设备安全法 第二十二条 and 第二十三条), into one, and each half restates its own."""
    if frame.joined is None or frame.bound is None or not frame.sentence_start <= frame.bound.start < frame.start:
        return False
    party = text[frame.sentence_start:frame.bound.end]
    return restated(party + "应当" + JOINED_LEAD.sub("", frame.main.text)) is not None


def frame_fits(spec: FrameSpec, frame: Frame, lead_anchor: bool, ties: list[Tie] | tuple, sentence: str,
               bound: str | None, day: str | None = None) -> Mention | None:
    """The measure, tie or phrase (or the main clause) that makes ``frame`` the unlawful clause ``spec``
    states; ``lead_anchor``: its sentence opens or closes with a legal basis; ``ties``: its sentence's ties;
    ``sentence``: its sentence's text (an activity named before the clause: 设立典当行，应当经…审批); ``bound``: its
    ``bound_kind``, read once per frame by the caller; ``day``: the draft's day, whose statutes a restated fine or
    penalty is read against (None: today)."""
    # the cheap tests first: most frames lack the measure a spec is about
    if spec.measures and not any(m.cls in spec.measures for m in frame.measures):
        return None
    if spec.bound == "party" and bound == "agency" or spec.bound == "agency" and bound != "agency" \
            or spec.bound == "named-party" and bound != "party" or spec.bound == "acting-party" and not (
                bound == "party" and frame.bound is not None and frame.bound.kind == "party"
                and frame.bound.how in ("subject", "agent", "lead-in")):
        return None
    if spec.modality and (frame.modality.kind if frame.modality else "none") not in spec.modality:
        return None
    if spec.anchored is not None and (_anchored(spec, frame) or lead_anchor) != spec.anchored:
        return None
    if spec.place and not frame.places or spec.amount and not (frame.amounts or frame.rates):
        return None
    if not set(spec.with_) <= {m.cls for m in frame.measures if spec.negated or not m.negated}:
        return None
    phrase = _phrase(spec.text, frame) if spec.text is not None else None
    if spec.text is not None and phrase is None:
        return None
    if spec.tie:  # a condition tying a gate to who or where the firm is, its criterion in this clause
        tie = next((t for t in ties if t.criterion in spec.tie and frame.start <= t.start < frame.end
                    and (not spec.gate or t.gates & set(spec.gate))
                    and (not spec.relation or t.relations & set(spec.relation))), None)
        if tie is None:
            return None
        if not spec.measures and phrase is None:
            return Mention(tie.start, tie.end, tie.text)
    if not spec.measures:  # the phrase the rule is about, else the main clause
        if spec.statutory and phrase is not None and statutory_licence_in(phrase.text, sentence or frame.text):
            return None  # (prec11) the paper issued is a licence a statute requires (核发《药品经营许可证》)
        return phrase or frame.main
    if not spec.negated and any(m.cls in spec.measures and _negates(m, frame) for m in frame.measures):
        return None  # 不收取任何费用: one negated term negates the measure
    # A licence a statute itself requires (取得营业执照) is restated, not set; another approval in the same
    # clause (须经核验后方可办理营业执照) still is.
    return next((m for m in frame.measures if m.cls in spec.measures and m.part in spec.parts
                 and (spec.negated or not m.negated)
                 and not (spec.statutory and _restated_licence(m, frame, sentence, day))), None)


# Street offices, residents' and villagers' committees, property companies: bodies no law gives a compulsory measure nor,
# with the associations and the zone committee of NO_STATUTORY_POWER, a statute's approval.
GRASSROOTS_BODIES = "街道|社区|居民委员会|村民委员会|居委会|村委会|物业"
# (supp12) A body no law gives a compulsory measure (行政强制法 第十七条: 法律、法规规定的行政机关…不得委托; 第十三条). A bare
# 依法 with such a body as the actor (街道将组织力量依法予以强制拆除) names no law that lets that body compel: it anchors
# nothing. A law it names still does. (A 管委会 may be given such powers by a local regulation: it is not on this list.)
NO_COMPULSION_POWER = re.compile(GRASSROOTS_BODIES)


def _anchored(spec: FrameSpec, frame: Frame) -> bool:
    """The clause names the legal basis of its measure (Frame.anchored); for a compulsory measure, a bare 依法 (a lawful
    anchor, no law named) does not when the actor before the measure is a body no law gives one (NO_COMPULSION_POWER)."""
    if not frame.anchored or "compulsion" not in spec.measures or any(a.kind in ("law", "reservation") for a in frame.anchors):
        return frame.anchored
    measure = next((m for m in frame.measures if m.cls == "compulsion" and not m.negated), None)
    return measure is None or not NO_COMPULSION_POWER.search(frame.text[:measure.start - frame.start])


# (supp12) A negated measure that names whom the clause's measure is taken against (对拒不拆除违建的业主实施停电; 对未缴纳的
# 企业停止供水): the refusal or failure is the conduct the measure answers, in a modifier of its object, not the measure
# withheld (行政强制法 第四十三条 forbids the 停电 all the same).
FAILURE_TARGET = re.compile(r"(?:对|向|针对)[^，。；]{0,20}(?:拒不|逾期未|尚未|未|没有)$")


def _negates(measure: Measure, frame: Frame) -> bool:
    """The negated main-clause term negates the clause's measure (不收取任何费用), unless it only names a party's failure
    in the measure's object (FAILURE_TARGET, followed by the 的 of that modifier)."""
    if not measure.negated or measure.part != "main":
        return False
    before, after = frame.text[:measure.start - frame.start], frame.text[measure.end - frame.start:]
    return not (FAILURE_TARGET.search(before) and re.match(r"[^，。；]{0,12}的", after))


# 相应 points to the licence or qualification the law attaches to the work (具备相应的施工资质: 建筑法 第十三条);
# a licence that describes whom a duty sends the party to (交由取得许可的处置单位处置) is that one's licence, not a
# new one on the party.
# (prec13) …however the pointing is worded (具备与招标项目相适应的资质和能力: 招标投标法 第二十六条 "投标人应当具备承担招标项目的能力";
# 与其经营规模相匹配的资质, 与所承担工程相符的资质等级): the qualification the work needs by law, measured against the work, no new one.
CORRESPONDING = re.compile(r"(?:相应|相适应|相匹配|相符合?|相称)(?:的)?[^，。；、和及]{0,4}$")
# Only a hand-over (交由, 交给): a duty to commission an assessor with a qualification (委托具有法定资质的第三方机构
# 进行评估) is itself the extra condition.
LICENSED_OTHER = re.compile(r"(?:交由|交给)(?:依法)?(?:取得|持有|具有|具备)[^，。；]{0,6}$")


# A qualification named by the grade or class a law sets for the work — 建筑法 第十三条's 资质等级 (施工总承包二级以上资质,
# 专业承包, 监理综合, 甲级), 保守国家秘密法 第四十一条's 保密资质 for 涉密信息系统集成, 特种设备安全法 第十八条's licence for
# 特种设备 production, installation and repair: the clause (often a bid condition, 招标投标法 第二十六条) asks for the licence
# the law attaches to the work, not a new one. A paper of the draft's own (区住建局出具的推荐证明) has no such grade.
STATUTORY_QUALIFICATION = re.compile(r"(?:施工总承包|专业承包|监理综合|[特甲乙丙一二三四五]级(?:及|或者?)?(?:以上)?|涉密信息系统集成"
                                     r"|特种设备[^，。；的]{0,8})的?$")
QUALIFICATION_WORD = re.compile(r"(?:资质|资质证书|许可|许可证)$")
# The verb of issuing a paper (住房和城乡建设主管部门核发的…资质): what is required is the paper, not the issuing.
ISSUING = re.compile(r"^(?:核发|颁发|签发|发放|出具)$")
# …unless the sentence lays a local office's own paper beside it (并取得区住建局出具的诚信推荐证明): that one is the draft's.
LOCAL_PAPER = re.compile(r"(?:区|县|镇|乡|街道|市)[^，。；]{0,10}(?:局|办|委|中心|政府|办事处|管委会)(?:出具|核发|颁发|开具|签发)的")


def _restated_licence(measure: Measure, frame: Frame, sentence: str = "", day: str | None = None) -> bool:
    """A licence a statute itself requires (the statutory-licences lexicon), the one the law attaches to the work
    (相应资质, a graded or statutory class of qualification), another's licence named to say whom the party deals with,
    the approval of an activity a statute itself regulates (`activities`) or given to a body the statute's formula
    names, or a fee a statute itself imposes (`fees`); an issuing verb (…部门颁发的…三级资质) is restated with the
    graded or statutory qualification it issues."""
    before = frame.text[:measure.start - frame.start]
    after = frame.text[measure.end - frame.start:]
    if exempted_activity(sentence or frame.text):
        return False  # the statute sets no such licence for the activity the clause names
    if ISSUING.match(measure.text) and after.startswith("的"):
        paper = next((m for m in frame.measures if m.cls == "approval" and m.start > measure.end
                      and "，" not in frame.text[measure.end - frame.start:m.start - frame.start]), None)
        if paper is not None and _statutory_qualification(paper, frame.text[:paper.start - frame.start]) \
                and not LOCAL_PAPER.search(sentence or frame.text):
            return True
    return bool(statutory_licence_in(measure.text, sentence or frame.text)
                or _licence_named_with_sector(measure, before, sentence or frame.text) or CORRESPONDING.search(before)
                or LICENSED_OTHER.search(before) and after.startswith("的") or APPROVAL_AS_MODIFIER.match(after)
                or restated_activity(measure, frame, sentence) is not None
                or measure.cls == "approval" and _statutory_approver(measure, frame)
                or measure.cls == "approval" and _issues_statutory_licence(measure, frame, sentence, before)
                or _statutory_qualification(measure, before) and not LOCAL_PAPER.search(sentence or frame.text)
                or measure.cls == "payment" and _restated_fee(frame, before)
                or measure.cls == "penalty" and "罚" in measure.text and restated_fine(sentence or frame.text, day)
                or measure.cls == "penalty" and "罚" not in measure.text and restated_penalty(sentence or frame.text, measure.text, day)
                or measure.text == "滞纳金" and bool(STATUTORY_LATE_FEE.search(sentence or frame.text)))


# (prec12) A statutory licence whose name the segmenter split, the sector before the generic licence (兽药 / 经营许可证 for 兽药经营
# 许可证, 兽药管理条例 第二十二条): the licence's whole name ends where the measure ends.
@lru_cache(maxsize=1)
def _statutory_licence_ending() -> re.Pattern[str]:
    return re.compile("(?:" + _statutory_licences().pattern + ")$")


def _licence_named_with_sector(measure: Measure, before: str, sentence: str) -> bool:
    """…a generic kind (资质证书) only in the field of a law that requires it, as ``statutory_licence_in`` reads it."""
    if measure.cls != "approval" or len(measure.text) < 2:
        return False
    found = _statutory_licence_ending().search(before[-12:] + measure.text)
    return found is not None and statutory_licence_in(found.group(), sentence) is not None


# (prec11) An approval whose outcome the clause names as a licence a statute requires (须经区市场监督管理局批准，核发《药品经营
# 许可证》后方可营业: 药品管理法 第五十一条 "…应当经所在地县级以上地方人民政府药品监督管理部门批准，取得药品经营许可证"): the approval
# is that licence's, given by today's office for the statute's; another approval beside it is read on its own.
ISSUED = re.compile(r"[^，。；]{0,6}?(?:[，,]\s*)?(?:并|后|同时)?(?:核发|颁发|发给|取得|领取|换发)《?")


def _issues_statutory_licence(measure: Measure, frame: Frame, sentence: str, before: str) -> bool:
    if not sentence or EXTRA_REQUIREMENT.search(before) or _unempowered_approver(before, measure):
        return False
    at = measure.end - frame.sentence_start
    if ISSUING.match(measure.text) or measure.text in ("取得", "领取"):  # the issuing verb itself: 核发《药品经营许可证》
        if NO_STATUTORY_POWER.search(sentence[:max(measure.start - frame.sentence_start, 0)]):
            return False
        return 0 <= at <= len(sentence) and _statutory_licences().match(sentence, at + sentence.startswith("《", at)) is not None
    issued = ISSUED.match(sentence, at) if 0 <= at <= len(sentence) else None
    return issued is not None and _statutory_licences().match(sentence, issued.end()) is not None


# The late fee the law itself sets on taxes and social insurance (税收征收管理法 第三十二条, 社会保险法 第八十六条), restated.
STATUTORY_LATE_FEE = re.compile(r"(?:税|保险费)[^。；]{0,60}按日加收[^。；]{0,8}万分之五的滞纳金")


def _statutory_qualification(measure: Measure, before: str) -> bool:
    """The qualification or licence is named by a grade or class a law sets (施工总承包三级及以上资质; 特种设备安装改造修理
    许可证, the class read in the measure's own words or just before them)."""
    word = QUALIFICATION_WORD.search(measure.text)
    return word is not None and STATUTORY_QUALIFICATION.search(before + measure.text[:word.start()]) is not None


# The approving body named by a statute's own formula (县级以上地方人民政府…主管部门, 设区的市级人民政府公安机关,
# 省级商务主管部门, 出版行政主管部门): a local draft that sends the party there restates the statute's licence; a
# licence of the draft's own goes to its own offices (区商务局, 街道办事处, 镇人民政府).
# …or by what it did to the thing the clause is about (核定公布该文物保护单位的人民政府, 批准该项目的机关, 作出该许可决定的
# 行政机关): a statute's way of naming the competent body, where a draft of its own names an office.
STATUTORY_APPROVER = re.compile(r"(?:县级以上|设区的市级|省级|省、自治区、直辖市|国务院|城市人民政府|地方人民政府)[^，。；]{0,24}?"
                                r"(?:人民政府|部门|机关|机构)|[^，。；区县镇乡街]{2,10}行政主管部门|(?:核准|备案|登记)机关"
                                r"|(?:核定公布|批准|作出|设立|划定|颁发|核发)该[^，。；的]{1,14}的(?:人民政府|行政机关|机关|部门)"
                                # a sector's 行政部门 named with no place before it, as statutes name it and today's names rename
                                # it (卫生健康行政部门 for 卫生行政部门, 文化和旅游行政部门 for 文化行政部门); a draft's own office has
                                # its place (区卫生健康局, 县卫生健康行政部门)
                                r"|(?:(?<=经)|(?<=由)|(?<=向)|(?<=报))(?:(?![区县镇乡市省街有关相])[\u4e00-\u9fa5]){2,10}"
                                r"行政部门")


def _statutory_approver(measure: Measure, frame: Frame) -> bool:
    upto = frame.text[:measure.end - frame.start]
    return bool(STATUTORY_APPROVER.search(upto)) and not EXTRA_REQUIREMENT.search(upto) \
        and not NO_STATUTORY_POWER.search(upto)


@lru_cache(maxsize=1)
def _statutory_fees() -> re.Pattern[str]:
    """Fees a law or an administrative regulation itself imposes (statutory-licences `fees`, mined)."""
    terms = sorted((e.term for e in statutory_fees()), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms))


def _restated_fee(frame: Frame, before: str) -> bool:
    """The clause charges a fee a statute imposes (缴纳城市道路占用费), not laid on top of it nor paid to a body
    without the power to charge (除缴纳…外，还应当向街道办事处缴纳管理服务费)."""
    return bool(_statutory_fees().search(frame.text)) and not EXTRA_REQUIREMENT.search(frame.text) \
        and not NO_STATUTORY_POWER.search(before)


# A requirement laid on top of the statute's (还须取得…, 另行报…) or given to a body that holds no statutory power
# to approve (街道办事处, 居委会, 管委会, 协会…) is new even where the activity is one the statute regulates.
EXTRA_REQUIREMENT = re.compile(r"还(?:须|需|应|要|必须)|另(?:须|需|行)|额外|此外|同时还")
NO_STATUTORY_POWER = re.compile(rf"(?:{GRASSROOTS_BODIES}|管委会|管理委员会|工商业联合会|工商联|商会|协会|文明办)[^，。；]{{0,12}}$")


def _unempowered_approver(before: str, measure: Measure) -> bool:
    """A body with no statutory power to approve ends the words before the measure, or stands inside the measure's own
    words (经所在街道办事处同意): read both ways, as the body may be a few words off the end of either."""
    return bool(NO_STATUTORY_POWER.search(before) or NO_STATUTORY_POWER.search(before + measure.text))
REQUIREMENT_KIND = (("登记", "registration"), ("备案", "filing"))
# (supp12) A township government named to approve (应当经乡镇人民政府批准): the statute's approval of the activity is
# given by the body the statute names (行政许可法 第二十二条), most often a 县级以上…主管部门; a township's approval
# restates it only where the statute's own sentence gives it to the 乡、镇人民政府 (农村村民住宅用地 由乡（镇）人民政府审核批准).
TOWNSHIP_APPROVER = re.compile(r"(?:乡镇|乡|镇)(?:人民)?政府[^，。；]{0,12}$")
TOWNSHIP_IN_STATUTE = re.compile(r"乡、镇|乡（镇）|乡\(镇\)|乡镇|乡级|(?:乡|镇)人民政府")
# Only the statute's own requirement is restated: a proof, report or opinion asked for besides (验资报告, 存款证明,
# 无异议意见) is a condition of the draft's own.
STATUTORY_KIND_WORD = re.compile(r"^(?!.*(?:证明|报告|意见|承诺|验资))(?=.*(?:批准|审批|核准|许可|同意|审核|审查|登记|备案|执照|证书|核发))")
# who acts is no part of what is done (经营 of 民宿经营者 names no 经营 activity)
ACTOR_NAME = re.compile(r"(?:生产经营|经营|生产|使用|销售|从业|承办|举办|投资|建设|施工|用人)(?:者|人员|单位)")
AGENCY_NAME = re.compile(r"(?:经|报经|报请|报|向|由|到|会同|取得)[^，。；的]{0,16}?(?:局|委员会|办公室|厅|部门|机关|人民政府|政府|管委会|"
                         r"中心|大队|支队)")
# Verbs a draft uses for the statute's (设立 for 建设 经营性公墓, 开办 for 设立): one family, one act.
VERB_FAMILIES = (("设立", "开办", "兴办", "举办", "开设", "建设", "新建", "设置", "筹建"), ("占用", "使用", "临时占用"),
                 ("从事", "经营", "开展"), ("采伐", "砍伐"), ("修建", "建设", "兴建", "新建"))


def _names_activity(text: str, activity: StatutoryActivity) -> bool:
    """The text does the activity: one of its verbs (or a verb of the same family) governs its first noun, which
    stands at most 12 characters after it in the same clause (临时占用城市道路; not 经营 of 诚信经营 and a 作业 further
    on), and its other nouns are named."""
    if not all(noun in text for noun in activity.nouns[1:]):
        return False
    forms = {w for v in activity.verbs for w in (v, *(w for family in VERB_FAMILIES if v in family for w in family))}
    for verb in forms:
        for found in re.finditer(re.escape(verb), text):
            window = re.split(r"[，。；]", text[found.end():found.end() + 12], maxsplit=1)[0]
            if activity.nouns[0] in window:
                return True
    return False


def restated_activity(measure: Measure, frame: Frame, sentence: str = "") -> StatutoryActivity | None:
    """The statutory activity (statutory-licences `activities`: 临时占用城市道路 ← 城市道路管理条例 第三十一条) whose
    approval, registration or filing the clause restates: its sentence up to the end of the clause names the
    activity's nouns and one of its verbs, the measure is of a kind the statute requires (or lighter than an
    approval), and it is neither laid on top of the statute's nor given to a body without the power; else None."""
    # the bodies named are who approves, not what is done (区文化广电旅游体育局 names no 文化 activity)
    text = ACTOR_NAME.sub("", AGENCY_NAME.sub("", sentence[:frame.end - frame.sentence_start] or frame.text))
    before = frame.text[:measure.start - frame.start]
    if not STATUTORY_KIND_WORD.search(measure.text) or EXTRA_REQUIREMENT.search(before) \
            or _unempowered_approver(before, measure):
        return None
    township = bool(TOWNSHIP_APPROVER.search(before + measure.text))
    kind = next((k for word, k in REQUIREMENT_KIND if word in measure.text), "approval")
    raw = sentence[:frame.end - frame.sentence_start] or frame.text
    # who does the activity named by it (大型群众性活动的承办者, 城市道路的挖掘单位): the activity is done
    roles = [re.split(r"[，。；]", raw[:m.start()])[-1][-12:] for m in ROLE_OF_ACTIVITY.finditer(raw)]
    return next((a for a in statutory_activities()
                 if (kind in a.requires or "approval" in a.requires)
                 and (not township or TOWNSHIP_IN_STATUTE.search(a.quote))
                 and (a.nouns[0] in text and _names_activity(text, a)
                      or any(a.nouns[0] in r for r in roles) and all(n in raw for n in a.nouns[1:]))), None)


# The one who does an activity, named after it (大型群众性活动的承办者, 燃气设施的建设单位).
ROLE_OF_ACTIVITY = re.compile(r"的(?:承办者|承办单位|举办者|主办者|主办单位|经营者|经营单位|建设单位|施工单位|挖掘单位|使用单位|生产单位|生产者)")


# An approval word that modifies a noun (载明评审标准; 公示审批流程和办理时限) names the procedure's parts, 资质等级许可的
# 范围 the scope of a licence held, and 价格主管部门核定的水价 the price an operator charges (价格法 第十八条); none requires
# an approval of the party.
# (prec12) …and the approval a form applies for (宅基地和建房（规划许可）申请表, 食品经营许可申请书) names the application's paper: the
# clause lists what an application submits, it requires no approval (whether that approval is lawful is its own clause's question).
APPROVAL_AS_MODIFIER = re.compile(r"(?:标准|办法|程序|流程|时限|结果|专家|委员会|因素|方法|细则|指南|要点|的?范围"
                                  r"|的?(?:价格|水价|电价|气价|燃气价格|热价|价费|票价|运价)|[）)]?(?:申请表|申请书))")


def _phrase(pattern: re.Pattern[str], frame: Frame) -> Mention | None:
    """Where ``pattern`` matches in the clause; a fronted object is read where its verb stands: the comma after it
    does not end the phrase (基础设施配套费，由管委会收取 as 基础设施配套费由管委会收取), and it is read again after
    its verb, where an object stands (文明施工保证金，施工单位应当…缴纳二十万元 as …缴纳二十万元文明施工保证金; the
    finding then quotes the clause of the verb)."""
    found = pattern.search(frame.text)
    if found is not None:
        return Mention(frame.start + found.start(), frame.start + found.end(), found.group())
    if frame.fronted is None or frame.fronted.end >= frame.end:
        return None
    cut = frame.fronted.end - frame.start  # the comma after the fronted object
    found = pattern.search(frame.text[:cut] + frame.text[cut + 1:])
    if found is not None:
        start, end = found.start() + (found.start() >= cut), found.end() + (found.end() > cut)
        return Mention(frame.start + start, frame.start + end, frame.text[start:end])
    if pattern.search(frame.text[cut + 1:] + frame.fronted.text):
        return Mention(frame.fronted.end + 1, frame.end, frame.text[cut + 1:])
    return None


# (prec13) A clause that opens with the result of what its sentence did before it (考核结果在全县范围内通报; 检查结果予以公开; 上述
# 评估结果作为…): the result is that clause's, named back; who was assessed and by whom stand there.
RESULT_NAMED_BACK = re.compile(r"^\s*(?:其|该|上述|前述|以上)?(?:考核|考评|评估|检查|督查|评议|监测|抽查|审查|验收|测评|排名)结果")


def exceptions_text(text: str, frame: Frame) -> str:
    """What a rule's exceptions are read in: the clause itself, and, for a second predicate of a duty (申请公共租赁住房
    保障的家庭，应当如实申报…，并接受…入户调查), the condition of the duty it continues — one party, one condition, two
    predicates; the first predicate's own words are not the second's exception. (prec13) A clause that opens with the result
    of what its sentence did before it (RESULT_NAMED_BACK: 县政府对各乡镇…进行考核，考核结果在全县范围内通报) is read with the
    clause before it, which says who was assessed."""
    own = text[frame.start:frame.end]
    if RESULT_NAMED_BACK.match(frame.main.text) and frame.sentence_start < frame.start and frame.start == frame.main.start:
        # only the clause that produced the result (对各乡镇…进行考核，), not a general duty before it (各部门应当依法行政，…); a
        # producer the frame holds as its condition (对…检查，检查结果…) is read already
        producer = max(text.rfind(mark, frame.sentence_start, frame.start - 1) for mark in "，,：:")
        return text[max(producer + 1, frame.sentence_start):frame.start] + own
    return frame.joined.text + "，" + own if frame.joined is not None and frame.joined.text else own


# (prec14) Conditions that describe whom the clause binds (自愿参加…的企业): where the party is named in a clause of its own before
# the duty (按照自愿原则加入行业自律公约的会员单位，应当签署自律承诺书; 各类经营主体均可自愿报名参加…，报名参加的须签订承诺书),
# they are read from that clause too. Only these: a law or 依法 in the party's description (依法设立的企业，应当缴纳…) anchors no duty.
@lru_cache(maxsize=1)
def _party_conditions() -> frozenset[str]:
    return frozenset({conditions()["voluntary_entry"]})


# a topic clause that names a party by what it did (…加入行业自律公约的会员单位, …报名参加的企业)
TOPIC_PARTY = re.compile(r"的[^，。；的]{0,8}(?:单位|企业|经营者|经营主体|商户|个体工商户|会员|机构|组织|个人|人员|农户|居民)$")


def party_named_before(doc: Doc, frame: Frame) -> int | None:
    """Where the clause that names whom ``frame`` binds starts, when that is an earlier clause of its sentence: the clause its
    party is carried from, or a topic clause with no modal word right before it (…的会员单位，应当…); else None."""
    text = doc.user_data["text"]
    if frame.bound is not None and frame.bound.how == "carried" and frame.sentence_start <= frame.bound.start < frame.start:
        return max([frame.sentence_start] + [text.rfind(mark, frame.sentence_start, frame.bound.start) + 1 for mark in "，,：:"])
    if frame.bound is None:
        before = [f for f in frames(doc) if f.sentence_start == frame.sentence_start and f.end <= frame.start]
        if before and before[-1].modality is None and TOPIC_PARTY.search(before[-1].text):
            return before[-1].start
    return None


def passes_conditions(rule: Rule, doc: Doc, start: int, end: int) -> bool:
    """A trigger's conditions, read in the clause it stands in (its frame), not the whole sentence."""
    text = doc.user_data["text"]
    left, right = sentence_bounds(text, start, end, doc.user_data["sentence_ends"])
    if not all(p.search(text[left:right]) for p in rule.requires):
        return False
    frame = frame_at(doc, start)
    clause_start, clause_end = (frame.start, frame.end) if frame else (left, right)
    if any(p.search(exceptions_text(text, frame) if frame else text[left:right]) for p in rule.unless):
        return False
    # a trigger that runs on into the next clause (本办法施行前已受理的…申请，按照本办法…) has its exception there too (…规定的
    # 更高贴息标准执行): the clauses it spans are its clause (prec10) — every one of them, not the first and last only (prec12,
    # session 12: 施行前已经核发的临时占道许可，在有效期内继续有效，期满后按照本方案重新申请 says 继续有效 in the middle)
    last = frame_at(doc, end - 1) if frame is not None and end > frame.end else None
    if last is not None and last is not frame and any(p.search(text[frame.end:last.end]) for p in rule.unless):
        return False
    party_unless = [p for p in rule.unless if p.pattern in _party_conditions()] if frame is not None else []
    if party_unless:
        named = party_named_before(doc, frame)
        if named is not None and any(p.search(text[named:frame.end]) for p in party_unless):
            return False
    if any(p.search(text[clause_start:start]) for p in rule.unless_before):
        return False
    if rule.frame:
        return frame is not None and fits_any(rule.frame, frame, doc, rule.silenced_by_restatement) is not None
    if rule.subject and frame is not None and frame.end < end:
        # a topic named first (规划红线，将根据乙方需要由甲方予以调整; 乙方项目的…施工许可，均由甲方包办到位): who acts
        # on it is bound in the clause the trigger ends in
        frame = frame_at(doc, end - 1) or frame
    if rule.subject and frame is not None and bound_kind(frame) is not None:
        return bound_kind(frame) == rule.subject
    if rule.subject == "party":  # no subject named: the clause may well bind citizens
        return _subject(doc, left, start) != "AGENCY"
    if rule.subject == "agency":
        return _subject(doc, left, start) == "AGENCY"
    return True


# (prec11) A provision named as removed (删除…的规定; 取消对外地出租汽车收取管理服务费的规定; 由甲方…承担代偿责任的条款已删除; 取消将企业在
# 当地纳税作为评分标准): the clause reports or orders that the measure go, it sets none — the correction 公平竞争审查条例 第二十三条
# and 行政处罚法 第十六条 ask for. Only the removed provision's own words are spared: what the clause sets besides (…的规定，改为对外地
# 车辆收取…) is read as ever; 未删除, 不得取消 remove nothing. The one reading of a removal word, the second net's
# REMOVAL (checks/second_net.py) too.
REMOVAL_WORDS = "删除|删去|取消|废止|撤销|废除|停止执行|清理|纠正"
REMOVAL_VERB = rf"(?<![未不没拒得])(?:{REMOVAL_WORDS})(?:了|掉)?"
# (prec13) The words that name a provision, of a normative document and of an agreement alike (协议删除了“不再引进同类企业”的约定;
# 删去“…”的承诺): an agreement's provision is a 约定 or a 承诺, as a document's is a 规定.
PROVISION_NOUNS = "规定|条款|条文|内容|做法|要求|表述|字样|限制|门槛|条件|文件|政策措施|措施|约定|承诺|安排"
# (prec13) A wording named as replaced (原“应当加入协会”的规定修改为：“…自愿加入…”; 将“须在本市注册”改为“…”; 原…的表述已调整为…): the
# old words are reported as gone, as a removed provision is; the new wording after 为 is read as ever.
REPLACEMENT_VERBS = "修改|修订|改|调整|更正|变更|替换"
REPLACED_BY = rf"(?<![未不没拒得])(?:已经|已|均已|被|予以|现)?(?:{REPLACEMENT_VERBS})(?:为|成)"
# (prec14) what a removal names besides a provision: the barriers or matters cleared (清理…的壁垒，包括…)
REMOVED_KINDS = "壁垒|障碍|事项|问题|情形|行为"
# a sentence with neither a removal word nor a replacement (修改为, 调整成) skips REMOVED: every alternative needs one
REMOVED_CUE = re.compile(rf"{REMOVAL_WORDS}|(?:{REPLACEMENT_VERBS})(?:为|成)")
REMOVED = re.compile(REMOVAL_VERB + rf"(?P<a>[^。；：“”\n]{{1,40}}?)(?:的|等)(?:相关)?(?:{PROVISION_NOUNS})"
                     + r"|" + REMOVAL_VERB + r"(?P<b>(?:将|把|以)[^。；：“”\n]{1,30}?作为[^。；：“”\n]{0,10}?(?:标准|条件|因素|依据))"
                     + rf"|(?P<c>[^。；：“”，\n]{{1,40}}?)的(?:{PROVISION_NOUNS})(?:已经|已被|均已|已|予以|被)(?:删除|取消|废止|撤销|废除)"
                     # (prec12) the removed words quoted (已删除“协调供电部门中止供电”的内容): the quote is the provision; (prec13) its
                     # noun may be left out where the sentence goes on (删除“不再引进同类企业”，改为…)
                     + r"|" + REMOVAL_VERB + rf"“(?P<d>[^“”\n]{{1,60}})”(?:(?:的|等)?(?:相关)?(?:{PROVISION_NOUNS})|(?=[，,；。]))"
                     # (prec13) the old wording of a replaced provision, quoted or not: 原“…”的规定修改为, 将“…”改为, 原…的表述已调整为
                     + r"|(?:原|原来|原先|将|把)(?:文件|协议|合同|条款|办法|通知|规定)?(?:中|第[一二三四五六七八九十百零〇\d]+条)?(?:的)?"
                     + rf"“(?P<e>[^“”\n]{{1,60}})”(?:的|等)?(?:相关)?(?:{PROVISION_NOUNS})?[，,]?{REPLACED_BY}"
                     + rf"|(?:原|原来|原先)(?P<f>[^。；：“”，\n]{{1,40}}?)的(?:{PROVISION_NOUNS})[，,]?{REPLACED_BY}")
# (prec14) the removed provisions listed after 包括 (删除了…等规定，包括…、…; 全面清理妨碍公平竞争的9类壁垒，包括擅自设置审批备案
# 事项、违规收取保证金…): the lead and each item are what is removed, up to the sentence's end or a new wording (…，改为…)
REMOVED_LISTED = re.compile(REMOVAL_VERB + rf"(?P<lead>[^。；：“”\n]{{0,60}}?(?:的|等|类|项|种)(?:相关)?(?:{PROVISION_NOUNS}|{REMOVED_KINDS})"
                            + r"[^，。；\n]{0,6}[，,：:]\s*(?:主要|具体|分别)?(?:包括|包含|涵盖|涉及)[：:]?"
                            + rf"[^。；\n]{{1,240}}?)(?=[，,]?(?:{REPLACEMENT_VERBS})(?:为|成)|[。；\n]|$)")


def removed_provision(doc: Doc, start: int) -> bool:
    """The trigger at ``start`` stands in a provision its sentence names as removed (``REMOVED``); once per sentence."""
    text = doc.user_data["text"]
    left, right = sentence_bounds(text, start, start, doc.user_data["sentence_ends"])
    known = doc.user_data.setdefault("removed", {})
    if left not in known:
        known[left] = [m.span(g) for m in REMOVED.finditer(text, left, right) for g in ("a", "b", "c", "d", "e", "f") if m.group(g)] \
            + [m.span("lead") for m in REMOVED_LISTED.finditer(text, left, right)] if REMOVED_CUE.search(text, left, right) else []
    return any(a <= start < b for a, b in known[left])


# (prec11) A sentence that opens by applying a national policy of the State Council or its finance and tax departments (按照财政部、
# 税务总局关于粤港澳大湾区个人所得税优惠政策的规定，对…给予财政补贴): the benefit and whom it reaches are that policy's, set by the
# State (公平竞争审查条例 第十条 forbids a policy's own 特定经营者 benefit, not one the State's policy sets). Read for the incentive and
# local-tie rules only, and not where the sentence adds to the policy (另行, 额外, 在此基础上, 再给予).
NATIONAL_LEAD = re.compile(r"\s*(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?:按照|依照|根据|依据|落实|执行)[^，。；]{0,4}"
                           r"(?:国务院|财政部|国家税务总局|税务总局|国家发展(?:和)?改革委(?:员会)?|国家发改委|财税〔|财库〔|国发〔|国办发〔)"
                           r"[^。；]{0,50}?(?:的规定|的通知|政策|办法|决定)[^，。；]{0,6}[，,]")
NATIONAL_LEAD_ADDED = re.compile(r"另行|额外|在此基础上|再给予|叠加|上浮|提高")
NATIONAL_LEAD_CATEGORIES = ("selective-incentive", "factor-flow")


def national_policy_lead(rule: Rule, doc: Doc, start: int) -> bool:
    if rule.category not in NATIONAL_LEAD_CATEGORIES:
        return False
    text = doc.user_data["text"]
    left, right = sentence_bounds(text, start, start, doc.user_data["sentence_ends"])
    lead = NATIONAL_LEAD.match(text, left, right)
    return lead is not None and start >= lead.end() and not NATIONAL_LEAD_ADDED.search(text, lead.end(), right)


def frame_spans(rule: Rule, doc: Doc) -> list[tuple[int, int]]:
    """A frame-only rule: in each frame that fits, unless an exception is in it, the measure or phrase
    that makes it unlawful."""
    text = doc.user_data["text"]
    spans = []
    for frame in frames(doc):
        found = fits_any(rule.frame, frame, doc, rule.silenced_by_restatement)
        if found is None:
            continue
        if any(p.search(exceptions_text(text, frame)) for p in rule.unless):
            continue
        if rule.requires and not all(p.search(text[frame.sentence_start:frame.sentence_end]) for p in rule.requires):
            continue
        # A measure term is quoted to the end of its clause, so a reader sees the whole measure (处以 → 处以五千元罚款;
        # a frame ends before its punctuation); a fixed phrase (纳税十强) as matched.
        if removed_provision(doc, found.start) or national_policy_lead(rule, doc, found.start):
            continue
        spans.append((found.start, frame.end if isinstance(found, Measure) else found.end))
    return spans


def clause_spans(rule: Rule, doc: Doc, candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if rule.frame and not rule.has_triggers:
        return frame_spans(rule, doc)
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(candidates)):
        if any(s <= start < e for s, e in spans):
            continue
        if passes_conditions(rule, doc, start, end) and not removed_provision(doc, start) \
                and not national_policy_lead(rule, doc, start):
            spans.append((start, end))
    return spans


def match_text(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Spans in ``text`` where the rule fires, after its conditions: how rule examples are run.

    A document rule sees ``text`` as a whole document; a package rule sees one material title a line.
    """
    if rule.scope == "package":
        lines = [line for line in text.splitlines() if line.strip()]
        main, materials = extract_text(lines[0]), [extract_text(line) for line in lines[1:]]
        return [(h.start, h.end) for h in document_rules.run_package(rule, main, materials)]
    document = extract_text(text)
    if rule.applies_to == Kind.AGREEMENT and document.agreement is None:
        # An example shows an agreement's text: read its terms as the extractor does for an agreement.
        document.agreement, _ = extract_fields(document)
    if rule.scope == "document":
        return [(h.start, h.end) for h in document_rules.run(rule, document, load_profile(choose_profile(document).name))]
    matchers = compiled((rule,))  # before the text is parsed: building them makes the rule's phrases words
    doc = analysed(text)
    if rule.check:
        return [(h.start, h.end) for h in document_rules.run_text(rule, document, doc)]
    return clause_spans(rule, doc, matchers.candidates(doc).get(rule.id, []))


def _finding(rule: Rule, document: Document, hit: document_rules.Hit, profile: Profile) -> Finding:
    unit = document.unit_at(hit.start) if hit.end > hit.start else None
    severity = profile.severity(rule.params["profile"], rule.severity) if "profile" in rule.params else rule.severity
    return Finding(
        rule=rule.id, category=rule.category, severity=severity,
        unit=unit.path_label if unit else "", quote=document.text[hit.start:hit.end],
        clause_text=unit.text if unit else document.text[hit.start:hit.end],
        start=hit.start, end=hit.end,
        message=rule.message.format(**hit.fields) if hit.fields else rule.message,
        basis=hit.basis if hit.basis is not None else [profile.basis(rule.params["profile"])] if "profile" in rule.params else rule.basis,
        suggestion=rule.suggestion.format(**hit.fields) if hit.fields else rule.suggestion,
        page=document.page_at(hit.start),
    )


# The day of the draft under review (citations.draft_date), for the statutes a restated fine or penalty is read against; set
# by review_document for the length of one review, None (today) elsewhere (a rule's example has no date). A context
# variable, not an attribute of the parsed Doc: the Doc is cached by text, and two drafts of one text may bear two dates.
DRAFT_DAY: ContextVar[str | None] = ContextVar("draft_day", default=None)


def _rule_hits(rule: Rule, document: Document, doc: Doc, profile: Profile,
               candidates: dict[str, list[tuple[int, int]]]) -> list[document_rules.Hit]:
    if rule.scope == "document":
        return document_rules.run(rule, document, profile)
    if rule.check:
        return document_rules.run_text(rule, document, doc)
    return [document_rules.Hit(s, e) for s, e in clause_spans(rule, doc, candidates.get(rule.id, []))]


def review_document(document: Document, rules: tuple[Rule, ...] | None = None, profile: Profile | None = None) -> list[Finding]:
    """Findings under ``profile``; without one, under the profile chosen from the document's issuer."""
    rules = rules if rules is not None else load_rules()
    profile = profile or load_profile(choose_profile(document).name)
    active = tuple(r for r in rules if r.applies(document.kind) and r.scope != "package")
    clause_rules = tuple(r for r in active if r.scope == "clause" and not r.check)
    # Built before the text is parsed: a phrase trigger is made a word of the tokeniser (add_words), and a
    # text parsed before that keeps it in pieces that the PhraseMatcher cannot match.
    matchers = compiled(clause_rules)
    doc = analysed(document.text)
    candidates = matchers.candidates(doc)
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    day = DRAFT_DAY.set(draft_date(document))
    try:
        hits_by_rule = [(rule, _rule_hits(rule, document, doc, profile, candidates)) for rule in active]
    finally:
        DRAFT_DAY.reset(day)
    for rule, hits in hits_by_rule:
        for hit in hits:
            unit = document.unit_at(hit.start)
            key = (rule.id, unit.start if unit else hit.start)
            if key in seen and not hit.fields:  # one finding per rule per unit, unless each names something else
                continue
            seen.add(key)
            findings.append(_finding(rule, document, hit, profile))
    findings.extend(_table_findings(document))
    findings.sort(key=lambda f: (f.start, f.rule))
    return findings


def checks_run(document: Document, rules: tuple[Rule, ...] | None = None, package: bool = False) -> list[str]:
    """What a review of ``document`` checked, one entry per category: "licensing: LIC-NEW-APPROVAL, …"
    (the rules that apply to its kind; package rules only when its materials were reviewed too)."""
    rules = rules if rules is not None else load_rules()
    by_category: dict[str, list[str]] = {}
    for rule in rules:
        if rule.applies(document.kind) and (package or rule.scope != "package"):
            by_category.setdefault(rule.category, []).append(rule.id)
    checked = [f"{category}: {', '.join(ids)}" for category, ids in by_category.items()]
    if document.kind in ("discretion-standard", "exemption-list"):
        checked.append(f"{document.kind}: rows against the articles they cite")
    return checked


def _table_findings(document: Document) -> list[Finding]:
    """Row findings of a discretion standard or exemption list, from the rows extraction typed."""
    if document.kind not in ("discretion-standard", "exemption-list"):
        return []
    from normreview.checks.discretion import review_table_document

    return review_table_document(document)


def review_package(main: Document, materials: list[Document], rules: tuple[Rule, ...] | None = None,
                   profile: Profile | None = None) -> list[Finding]:
    """Findings on what a submission's package lacks (起草说明, 制定依据, 征求意见及采纳情况, 初审意见)."""
    rules = rules if rules is not None else load_rules()
    profile = profile or load_profile(choose_profile(main).name)
    findings = []
    for rule in rules:
        if rule.scope == "package" and rule.applies(main.kind):
            findings.extend(_finding(rule, main, hit, profile) for hit in document_rules.run_package(rule, main, materials))
    return findings
