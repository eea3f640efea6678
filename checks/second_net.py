"""The second net: a learned classifier over the sentences, for a ground no rule raised.

Two logistic regressions over one character n-gram TF-IDF (the multinomial one also over a word block, when the
model file has one: ``net_words``), trained by bench/train_second_net.py on the
case library, the rules' examples (their `no_match` as hard negatives), the development look-alikes, the
unflagged sentences of real published documents and statute sentences: a binary one says whether a
sentence is unlawful at all, a multinomial one which category (and lawful) it resembles. A sentence's
suspicion of a category is P(unlawful) of the binary model times the category's share of the multinomial
model's unlawful probability (``suspicion``): an unlawful clause whose wording sits between two categories
(a quota of operators: market-access or factor-flow?) is still suspected, of the likelier one. The n-grams
are read from the sentence as ``net_text`` abstracts it: what varies between published cases but says
nothing legal (a named place, a company's name, a 文号, digits) is replaced by what the library's anonymised
clauses write (某县, 某公司, #), so a real place or firm seen once in training does not make the wording new.
The word block reads the tokens the review's own pipeline gave the sentence (checks/nlp.py: jieba with the legal
dictionary and every rule phrase), taken from the Doc the review parsed (engine.analysed; ``document_tokens``), never
segmented a second time; each token abstracted as the text is (惠安县 → 某县, 2019 → #), then word 1–2-grams, with
their own TF-IDF (idf and l2 norm apart from the characters'); the binary model reads characters only.
The model file is plain JSON (the vocabulary with idf, per-class and unlawful weights — integers in units of
1/``scale``, half the characters of their decimals —, the word vocabulary with idf and per-class weights
(``words``), the per-category thresholds, the abstractions it was trained with, the ids of the library cases it
was trained on), so no pickle is loaded and scikit-learn is not needed at run time. A sentence that no finding of
the suspected category touches gets a WARNING with the rule id ``NET-SIMILAR-<category>`` only when all of these hold
(a finding of another category does not silence it: one clause can break two provisions — a designated supplier
enforced by a sanction is a market-access problem as well as a penalty one — and a published case names the ground the
rules did not raise; session 10: library-val 80 → 83 of 119 with a net trained on library-dev, no more lawful clause
warned, since a clause a finding touches is alarmed already):
  * it states a measure or a binding modality (checks/clauses.py frames; or reports or scores one: 要求…,
    限定…, 得2分, REPORTED_MEASURE), or it says the category's
    designation (net-elements.yaml: 由某公司建设, 纳入名录, 分为四宗标的…, a market-access measure that
    names an operator, a list or a quota without a modal verb): the net abstains on prose,
    on a text that rests on a statute and on a further tier or list item of a provision that does (情节严重的，…,
    （二）… after a ；: ``tiers_of_grounded``), and on a text that reports a measure removed (删除…的规定,
    取消…作为评分标准, 不再包含…: ``reports_removal``, the corrected wording; 取消其…资格, a sanction, is no removal);
  * it carries the category's legal element (checks/data/cases/net-elements.yaml): a reward tied to tax
    or local contribution, not just to an amount; a tie to the locality; a restriction on entry — and neither
    only forbids it nor opens it to every qualified party (均可参与, 任何具备资质的企业: the corrected wording);
  * the category is its most suspected one, at a suspicion at or above the category's ``thresholds_alone``, or
    at or above its ``thresholds`` when the library agrees as well: the nearest unlawful training case of
    that category is at least ``min_similarity`` similar and more similar than the nearest lawful case.
    Both thresholds are chosen by cross-validation, all categories together under one budget of lawful
    items warned; a category without either never warns.
With ``word_classes`` in the model file (bench/train_second_net.py, session 13) the word block also reads each token's
clause-lexicon class (§payment for 保证金 and 押金), so that synonyms share a feature.
The warning names the nearest unlawful cases of the category. It never changes the opinion (checks/opinion.py ignores NET-
findings): it asks the reviewer to look, nothing more.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from spacy.tokens import Doc

from normreview.checks.cases import Case, library_cases
from normreview.checks.citations import draft_date
from normreview.checks.clauses import Frame, analyse_clauses
from normreview.checks.engine import REMOVAL_VERB, analysed
from normreview.checks.fine_conflicts import RESTATED_SCORE, RESTATED_WORDS, matching_provisions, restated_fine
from normreview.checks.lexicons import clause_classes
from normreview.checks.nlp import pipeline
from normreview.checks.opinion import NET_RULE_PREFIX as RULE_PREFIX
from normreview.checks.places import find_places
from normreview.checks.precedents import ArchiveSearch, CaseIndex, archive_precedents, case_precedent, merged, without_label
from normreview.checks.report import CATEGORY_ZH
from normreview.checks.restatement import restated
from normreview.checks.similarity import ngram_counts, normalize, sentences
from normreview.model import Document, Finding, Severity
from normreview.patterns import find_doc_numbers

MODEL = Path(__file__).parent / "data" / "cases" / "second-net.json"
ELEMENTS = Path(__file__).parent / "data" / "cases" / "net-elements.yaml"
NET_NGRAMS = (1, 3)
WORD_NGRAMS = (1, 2)  # the word features' n-grams (net_words)
LAWFUL = "lawful"
MAX_CASES = 3
NEIGHBOURS = 10  # nearest library cases looked at for the agreement gate
BINDING = ("precondition", "prohibition", "obligation")  # modalities that order something (not permission)
# A measure as a notice reports it or an evaluation method scores it, with no modal verb the clause analysis reads:
# 要求…, 限定…, 实行…制度, a floor (不少于, 不低于), a quota (任务), a score (得2分, 加5分), 原则上不, 不再使用.
REPORTED_MEASURE = re.compile(r"(?:得|加|扣|计)[#0-9一二三四五六七八九十两.]+分|要求|限定|实行[^，。；]{0,10}制度|不再使用|原则上不|"
                              r"不少于|不低于|任务")
# What the abstraction (``net_text``) replaces; bench/train_second_net.py --abstraction compares the choices.
ABSTRACTIONS = ("places", "companies", "numbers", "documents")
PLACE_SUFFIXES = ("开发区", "高新区", "经开区", "园区", "新区", "保税区", "示范区", "产业园", "工业园",
                  "自治区", "自治州", "自治县", "地区", "街道", "省", "市", "县", "区", "旗", "州", "盟", "镇", "乡")
COMPANY = re.compile(r"[\u4e00-\u9fffa-z0-9（）()]{1,24}?(?:(?:集团)?(?:股份有限公司|有限责任公司|有限公司|公司)|集团)")
# Where a company's name begins: after a verb or preposition that introduces it (确定某公司, 由某公司建设).
COMPANY_LEAD = re.compile(r".*(?:由|向|与|和|及|或|到|给|对|为|将|把|在|是|的|等|均|即|现|确定|指定|使用|采用|采购|"
                          r"购买|委托|支持|规定|选定|选择|授予|交由|纳入|接入|安装|部署|应用|明确|要求|推荐|引进|包括|"
                          r"分别|以及|同意|批准|成立|组建|设立|注册|入驻|落户|引导|鼓励|认定|给予|奖励|补助|扶持)")
NUMBER = re.compile(r"[0-9][0-9.,%]*")
# A further tier of the same provision: a short condition on the conduct just named (情节严重的，拒不改正的，逾期不改正的，
# 造成损失的，), with no new actor or conduct of its own; or the next item of the list its lead-in opened ((二)…；).
# …or a grade of a discretion standard that splits the range into tiers (轻微的，处3万元以上不满8万元的罚款；一般的，…；严重的，…:
# 行政处罚法 第三十四条).
TIER = re.compile(r"\s*(?:情节[^，。；]{0,6}|拒不[^，。；]{0,8}|逾期[^，。；]{0,8}|造成[^，。；]{0,10}|[^，。；]{0,4}数额较大|"
                  r"再次[^，。；]{0,8}|(?:违法(?:行为|情节)?)?(?:轻微|较轻|一般|较重|严重|特别严重))的，")
LIST_ITEM = re.compile(r"\s*[（(][一二三四五六七八九十]+[）)]")
# A sentence that reports a measure removed — the corrected wording a correction notice reports as done (删除托运回原籍的
# 规定, 取消将企业在当地纳税作为评分标准, 撤销…相关文件, 不再包含…): it imposes nothing. A removal of a rule, requirement
# or step only: 取消其…资格 (a sanction) is no removal of a measure and stays a suspect. The removal words are the rules'
# (engine.REMOVAL_VERB); the pattern is its own, since the net spares the whole sentence, not the removed words: it needs
# no span of the provision, and reads 不再… and a document stopped (…同时停止执行) as removals too.
REMOVAL = re.compile(REMOVAL_VERB + r"[^，。；,;]{0,20}?(?:规定|要求|限制|条件|条款|内容|文件|审批|备案|环节|门槛|标准|做法)"
                     r"|不再(?:包含|要求|设置|作为|将)|停止执行")


@dataclass(frozen=True)
class SecondNet:
    classes: tuple[str, ...]
    ngrams: tuple[int, int]
    thresholds: dict[str, float]  # category → the suspicion it warns at when the library agrees
    thresholds_alone: dict[str, float]  # category → the (higher) suspicion it warns at without that agreement
    min_similarity: float
    abstractions: tuple[str, ...]  # what net_text replaces before the n-grams are read (the training's choice)
    case_ids: frozenset[str]  # the library cases it was trained on: the agreement gate's evidence
    rows: dict[str, int]  # n-gram → row of idf / weights
    idf: np.ndarray
    weights: np.ndarray  # n-grams × (classes + 1): the multinomial model's, then the binary model's (unlawful)
    intercept: np.ndarray  # classes + 1, likewise
    word_rows: dict[str, int] = None  # type: ignore[assignment]  # word n-gram → row of word_idf / word_weights
    word_idf: np.ndarray | None = None
    word_weights: np.ndarray | None = None  # word n-grams × classes: the multinomial model's only (none: char only)
    lexicon: bool = False  # the word block reads the tokens' lexicon classes too (net_words; "word_classes")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SecondNet:
        grams = list(data["vocabulary"])
        table = np.array([data["vocabulary"][g] for g in grams], dtype=np.float64).reshape(len(grams), -1)
        table /= data.get("scale", 1)  # integers in units of 1/scale (a file without it holds the decimals)
        words = list(data.get("words", {}))  # a model of char n-grams only has none
        word_table = np.array([data["words"][w] for w in words], dtype=np.float64) / data.get("scale", 1) if words else None
        return cls(tuple(data["classes"]), tuple(data["ngrams"]), {k: float(v) for k, v in data["thresholds"].items()},
                   {k: float(v) for k, v in data.get("thresholds_alone", {}).items()}, float(data["min_similarity"]),
                   tuple(data.get("abstractions", ())), frozenset(data["cases"]),
                   {g: i for i, g in enumerate(grams)}, table[:, 0], table[:, 1:],
                   np.array(data["intercept"] + [data["unlawful_intercept"]]),
                   {w: i for i, w in enumerate(words)}, word_table[:, 0] if words else None,
                   word_table[:, 1:] if words else None, bool(data.get("word_classes")))

    @property
    def reads_words(self) -> bool:
        """The category model reads word n-grams too (the model file has a ``words`` vocabulary)."""
        return bool(self.word_rows)

    def probability_rows(self, texts: list[str], words: list[list[str]] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The multinomial model's class probabilities (one row per text) and the binary model's probability
        that each text is unlawful: TfidfVectorizer's transform with a fixed vocabulary (sublinear tf, idf,
        l2 norm), then the softmax and the logistic function of the linear scores. A model that reads words
        adds the word block (its own TF-IDF, l2-normed apart) to the class scores: ``words`` gives each text's
        tokens as the review's pipeline segmented them (``document_tokens``); without them the texts are
        segmented here (``sentence_tokens``)."""
        scores = np.tile(self.intercept, (len(texts), 1))
        add_tfidf(scores, [ngram_counts(net_text(text, self.abstractions), self.ngrams) for text in texts],
                  self.rows, self.idf, self.weights)
        if self.reads_words and texts:
            tokens = words if words is not None else [sentence_tokens(text) for text in texts]
            add_tfidf(scores[:, :-1], [Counter(net_words(t, self.abstractions, self.lexicon)) for t in tokens],
                      self.word_rows, self.word_idf, self.word_weights)
        classes, unlawful = scores[:, :-1], scores[:, -1]
        classes = np.exp(classes - classes.max(axis=1, keepdims=True))
        return classes / classes.sum(axis=1, keepdims=True), 1 / (1 + np.exp(-unlawful))

    def suspicion_rows(self, texts: list[str], words: list[list[str]] | None = None) -> np.ndarray:
        """Each text's suspicion of each class (``suspicion``; the lawful class 0)."""
        return suspicion(*self.probability_rows(texts, words), self.classes.index(LAWFUL))

    def suspects(self, texts: list[str], words: list[list[str]] | None = None) -> list[tuple[str, float] | None]:
        """For each text, its most suspected category when the suspicion reaches the lower of the category's
        thresholds, with the suspicion, or None (``words``: as ``probability_rows``)."""
        found: list[tuple[str, float] | None] = []
        for row in self.suspicion_rows(texts, words) if texts else []:
            best = int(np.argmax(row))
            category, probability = self.classes[best], float(row[best])
            levels = [t for t in (self.thresholds.get(category), self.thresholds_alone.get(category)) if t is not None]
            found.append((category, probability) if levels and probability >= min(levels) else None)
        return found

    def sure_alone(self, category: str, probability: float) -> bool:
        """``probability`` (a suspicion) is high enough to warn of ``category`` without the library's agreement."""
        alone = self.thresholds_alone.get(category)
        return alone is not None and probability >= alone


def add_tfidf(scores: np.ndarray, counts: list[Counter[str]], rows: dict[str, int], idf: np.ndarray,
              weights: np.ndarray) -> None:
    """Add to ``scores`` (one row per text) each text's l2-normed sublinear TF-IDF vector (of its feature
    ``counts``, over the vocabulary ``rows``) times ``weights``."""
    found_rows, values, owners = [], [], []
    for number, count in enumerate(counts):
        found = [(rows[gram], 1 + math.log(n)) for gram, n in count.items() if gram in rows]
        found_rows += [row for row, _ in found]
        values += [value for _, value in found]
        owners += [number] * len(found)
    if found_rows:
        owner = np.array(owners)
        tfidf = np.array(values) * idf[found_rows]
        norms = np.sqrt(np.bincount(owner, weights=tfidf * tfidf, minlength=len(counts)))
        tfidf /= norms[owner]
        np.add.at(scores, owner, tfidf[:, None] * weights[found_rows])


def sentence_tokens(text: str) -> list[str]:
    """The tokens of ``text`` as the review's pipeline segments it (checks/nlp.py: jieba with the legal
    dictionary): the training's words, and a caller's that has no parsed document."""
    return [token.text for token in pipeline().make_doc(text)]


def document_tokens(doc: Doc, spans: list[tuple[int, int]]) -> list[list[str]]:
    """The tokens of the parsed document ``doc`` (engine.analysed: the review's own parse) that lie within each
    span: the words of a sentence without segmenting it again."""
    words, offsets = [t.text for t in doc], [t.idx for t in doc]
    found = []
    for start, end in spans:
        first, last = bisect_left(offsets, start), bisect_left(offsets, end)
        found.append([w for w, o in zip(words[first:last], offsets[first:last]) if o + len(w) <= end])
    return found


@lru_cache(maxsize=65536)
def net_word(token: str, abstractions: tuple[str, ...]) -> str:
    """A token as the word features read it: ``net_text`` of the token alone (惠安县 → 某县, 2019 → #)."""
    return net_text(token, abstractions) if token.strip() else ""


@lru_cache(maxsize=65536)
def word_classes(token: str) -> tuple[str, ...]:
    """The clause lexicons' classes (checks/data/lexicons: approval, payment, location-tie, benefit…) ``token`` belongs
    to, as word features (§approval): a term of the class or a word ending in one of its suffixes."""
    return tuple(f"§{name}" for name, lexicon in sorted(clause_classes().items())
                 if token in lexicon.terms or lexicon.has_suffix(token))


def net_words(tokens: list[str], abstractions: tuple[str, ...] = ABSTRACTIONS, lexicon: bool = False) -> list[str]:
    """The word features of a sentence's tokens: each token abstracted (``net_word``; a 某 that jieba splits from
    the 公司 or place level after it joins it again, as 某县 is one token), then word 1–2-grams (``WORD_NGRAMS``);
    with ``lexicon`` also each token's lexicon classes (``word_classes``), so that synonyms share a feature."""
    classes = [c for token in tokens for c in word_classes(token)] if lexicon else []
    words: list[str] = []
    for token in tokens:
        word = net_word(token, abstractions)
        if not word:
            continue
        if words and words[-1] == "某" and (word == "公司" or word in PLACE_SUFFIXES):
            words[-1] += word
        else:
            words.append(word)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])] + classes


def suspicion(classes: np.ndarray, unlawful: np.ndarray, lawful_column: int) -> np.ndarray:
    """Rows of suspicion per class: the binary model's P(unlawful) times the class's share of the multinomial
    model's unlawful probability (``classes``: its probabilities, one row per text); the lawful column 0.
    The binary model decides whether to suspect, the multinomial one of what."""
    shares = classes.copy()
    shares[:, lawful_column] = 0.0
    shares /= np.maximum(shares.sum(axis=1, keepdims=True), 1e-12)
    return unlawful[:, None] * shares


# normalize()d like the text around it (〔 → [), so that reading a net text again changes nothing
DOC_NUMBER_PLACEHOLDER = normalize("〔#〕#号")


def net_text(text: str, abstractions: tuple[str, ...] = ABSTRACTIONS) -> str:
    """The text the net's n-grams are read from: ``similarity.normalize``d, with what varies between cases but says
    nothing legal replaced by what the library's anonymised clauses already write, so that 须在惠安县注册 and
    须在某县注册 share their n-grams: a 文号's year and number → 〔#〕#号; a named place (gazetteer, checks/places.py) → 某 and its
    level (惠安县 → 某县, 南浔经济开发区 → 某开发区, 北京 → 某地), deictic ones (本县, 我市, 辖区) kept, since
    they say the tie to the issuer's own area; a company's name → 某公司; digits → #."""
    text = normalize(text)
    if "documents" in abstractions:
        for number in reversed(find_doc_numbers(text)):  # its issuer (泉政) is read greedily: keep the words before
            opening = text.index(number.open, number.start + len(number.issuer))
            text = text[:opening] + DOC_NUMBER_PLACEHOLDER + text[number.end:]
    if "places" in abstractions:
        for place in reversed(find_places(text)):
            if not place.local:
                suffix = next((s for s in PLACE_SUFFIXES if place.text.endswith(s)), "地")
                text = text[:place.start] + "某" + suffix + text[place.end:]
    if "companies" in abstractions:
        text = COMPANY.sub(company_placeholder, text)
    if "numbers" in abstractions:
        text = NUMBER.sub("#", text)
    return text


def company_placeholder(match: re.Match[str]) -> str:
    """某公司 for a company's name, keeping the verb or preposition that leads into it (确定上海钧正网络科技有限公司
    → 确定某公司); a bare 公司 (由公司负责, 国有公司) is left as written."""
    name = match.group()
    lead = COMPANY_LEAD.match(name[:-2])
    kept = lead.group() if lead else ""
    if len(name) - len(kept) <= 4:  # 公司, 某公司, 国有公司, 子公司: no name to abstract
        return name
    return kept + "某公司"


@lru_cache(maxsize=2)
def load_net(path: Path = MODEL) -> SecondNet:
    return SecondNet.from_data(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=2)
def training_cases(case_ids: frozenset[str]) -> CaseIndex:
    """The library cases a net was trained on (its ``case_ids``), indexed for the agreement gate."""
    return CaseIndex.build(tuple(case for case in library_cases() if case.id in case_ids))


@dataclass(frozen=True)
class Element:
    """What a sentence must say before the net may warn of a category (checks/data/cases/net-elements.yaml)."""

    classes: frozenset[str]
    modalities: frozenset[str]
    pattern: re.Pattern[str] | None
    designation: re.Pattern[str] | None = None  # wording that is the measure itself: it passes the measure gate too
    opening: re.Pattern[str] | None = None  # wording that opens what the category restricts to all (均可参与)

    def carried_by(self, text: str, day: str) -> bool:
        """The text says the element, and neither only forbids it (a lawful look-alike: 不得将在本地设立分支
        机构作为条件, 区政府不得以一企一策方式给予优惠) nor opens it to all (任何有资质的企业均可参与); ``day``: the
        statutes in force then (``forbids_a_penalized_conduct``)."""
        if only_forbids(text) or self.opens(text):
            return False
        return bool(self.pattern and self.pattern.search(text)) or self.says_designation(text) or any(
            frame.classes() & self.classes or (frame.modality and frame.modality.kind in self.modalities
                                               and not forbids_a_penalized_conduct(frame, day))
            for frame in frames_of(text))

    def says_designation(self, text: str) -> bool:
        """The text designates what the category restricts (由某公司建设, 纳入名录, 分为四宗标的), and does not
        only forbid it: a measure even where the clause analysis finds no modal verb or measure word."""
        return bool(self.designation and self.designation.search(text)) and not only_forbids(text) and not self.opens(text)

    def opens(self, text: str) -> bool:
        """The text opens what the category restricts to every qualified party (the corrected wording of a
        designation: 可以委托任何有资质的企业, 凡具备资质的企业均可参与)."""
        return bool(self.opening and self.opening.search(text))


def forbids_a_penalized_conduct(frame: Frame, day: str) -> bool:
    """The frame forbids (不得, 禁止) a conduct that a law or an administrative regulation in force on ``day`` (the draft's:
    ``citations.draft_date``, as the rules read it) penalizes in nearly the same
    words (在运输过程中不得沿途丢弃、遗撒餐厨垃圾: 固体废物污染环境防治法 第一百一十一条 fines 在运输过程中沿途丢弃、遗撒生活垃圾):
    the prohibition is the statute's, it restricts no entry to a market. Read by the element gate, for the modality alone."""
    if frame.modality is None or frame.modality.kind != "prohibition":
        return False
    at, end = frame.modality.start - frame.start, frame.modality.end - frame.start
    conduct = frame.text[:at] + frame.text[end:]  # the conduct as a statute states it: 在运输过程中沿途丢弃、遗撒…
    return any(score >= RESTATED_SCORE for score, _ in matching_provisions(conduct, day, RESTATED_WORDS))


def only_forbids(text: str) -> bool:
    """Every frame of the text that has a measure forbids it to the government or to no one named."""
    measured = [frame for frame in frames_of(text) if frame.classes()]
    return bool(measured) and all(forbids_a_measure(frame) for frame in measured)


def forbids_a_measure(frame: Frame) -> bool:
    """The frame forbids its measure to the government or to no one named: it bars the measure, it does not
    impose it (a prohibition binding a party, 外地企业不得参与…, imposes a restriction and is not this)."""
    return bool(frame.modality and frame.modality.kind == "prohibition" and frame.classes()
                and (frame.bound is None or frame.bound.kind == "agency"))


@lru_cache(maxsize=2)
def load_elements(path: Path = ELEMENTS) -> dict[str, Element]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {category: Element(frozenset(spec.get("classes", ())), frozenset(spec.get("modalities", ())),
                              re.compile(spec["pattern"].strip()) if spec.get("pattern") else None,
                              re.compile(spec["designation"].strip()) if spec.get("designation") else None,
                              re.compile(spec["opening"].strip()) if spec.get("opening") else None)
            for category, spec in data.items()}


def carries_element(text: str, category: str, day: str) -> bool:
    """The text carries ``category``'s legal element (a category without one needs none), the statutes in force on
    ``day``."""
    element = load_elements().get(category)
    return element is None or element.carried_by(text, day)


@lru_cache(maxsize=4096)
def frames_of(text: str) -> tuple[Frame, ...]:
    return tuple(analyse_clauses(text))


def states_a_measure(text: str) -> bool:
    """The text orders something: a frame with a measure class or a binding modality, or a measure as a notice
    reports it or an evaluation method scores it (REPORTED_MEASURE)."""
    return bool(REPORTED_MEASURE.search(net_text(text))) or any(
        frame.classes() or (frame.modality and frame.modality.kind in BINDING) for frame in frames_of(text))


@lru_cache(maxsize=16384)
def rests_on_statute(text: str) -> bool:
    """The text names the law it applies (依照《…》第…条的规定…) or restates a statute sentence: what the rules leave
    silent for that reason the net leaves too, since its n-grams cannot tell a quoted statutory penalty from a new one."""
    # a further tier read alone (情节严重的，并处20万元以上50万元以下罚款) restates no provision: its conduct is the span before it,
    # and ``tiers_of_grounded`` grounds it when that span rests on a statute
    return restated(text) is not None and not TIER.match(text) or names_the_law(text)


def names_the_law(text: str) -> bool:
    """The text names the law it applies (依照《…》第…条的规定…), not as an exception."""
    return any(anchor.kind == "law" and anchor.part != "exception" for frame in frames_of(text) for anchor in frame.anchors)


def tiers_of_grounded(text: str, spans: list[tuple[int, int]], day: str) -> set[tuple[int, int]]:
    """The spans of ``text`` that only set a further tier (情节严重的，…; 拒不改正的，…) of the provision the span before
    them states, after a ；, when that provision rests on a statute (or is itself such a tier), or are the next item of
    the list it opened ((二)…) when its lead-in names the law it applies: the statute governs its tiers and its items as
    well (依照《粮食流通管理条例》第四十五条的规定…罚款；情节严重的，并处…罚款; 依照《…法》第一百一十一条的规定…：（一）…；
    （二）…), and a tier or item read alone names no law. A lead-in that only restates a statute grounds no item: an item
    may change what the statute sets (实施查封、扣押应当遵守下列规定：…；（三）期限为九十日). A provision whose fines restate the range
    the statute sets for its conduct (``fine_conflicts.restated_fine``: a discretion standard's first grade, 轻微的，处3万元以上不满8万元
    的罚款, within 城镇燃气管理条例 第四十五条's 3万元以上20万元以下, in force on ``day``) grounds its further grades as well."""
    grounded: set[tuple[int, int]] = set()
    for (start, end), (next_start, next_end) in zip(spans, spans[1:]):
        if not text[start:end].rstrip().endswith("；"):
            continue
        before, after = without_label(text[start:end]), text[next_start:next_end]
        if (TIER.match(after) and ((start, end) in grounded or rests_on_statute(before) or restated_fine(before, day))
                or LIST_ITEM.match(after) and ((start, end) in grounded or names_the_law(before))):
            grounded.add((next_start, next_end))
    return grounded


def reports_removal(text: str) -> bool:
    """The text reports a measure removed (``REMOVAL``: 取消…要求, 删除…规定, 不再包含…): the corrected wording."""
    return bool(REMOVAL.search(text))


def orders(text: str, category: str) -> bool:
    """The measure gate for ``category``: the text states a measure, or says the category's designation, and does
    not rest on a statute nor report the measure removed (``reports_removal``)."""
    element = load_elements().get(category)
    return not rests_on_statute(text) and not reports_removal(text) and (
        states_a_measure(text) or bool(element and element.says_designation(text)))


def library_agrees(neighbours: list[tuple[Case, float]], category: str, min_similarity: float) -> bool:
    """Among ``neighbours`` (nearest cases with similarity), the nearest unlawful case of ``category`` is at
    least ``min_similarity`` similar and more similar than the nearest lawful case."""
    same = max((s for case, s in neighbours if not case.lawful and case.category == category), default=0.0)
    lawful = max((s for case, s in neighbours if case.lawful), default=0.0)
    return same >= min_similarity and same > lawful


def is_net_finding(finding: Finding) -> bool:
    return finding.rule.startswith(RULE_PREFIX)


def net_findings(document: Document, findings: list[Finding], archive_search: ArchiveSearch | None = None,
                 net: SecondNet | None = None) -> list[Finding]:
    """Warnings on the sentences of ``document`` that no finding of the suspected category touches, that ``net`` (the
    product's model by default) classes as a category at its threshold, that state a measure and on
    which the library agrees. Their precedents are the nearest unlawful training cases of that category
    (the evidence the net leans on) and, with ``archive_search``, decided archived clauses above the
    precedent threshold, merged by similarity."""
    net = net or load_net()
    day = draft_date(document)  # the day the rules read the statutes on: the warning does not change with the day it runs
    flagged = [(f.start, f.end, f.category) for f in findings if f.end > f.start]
    every = sentences(document.text)
    grounded = tiers_of_grounded(document.text, every, day)
    spans = [(s, e) for s, e in every if (s, e) not in grounded]
    raised = {(s, e): {c for fs, fe, c in flagged if fs < e and s < fe} for s, e in spans}
    texts = [without_label(document.text[s:e]) for s, e in spans]  # 第一条 is numbering, not wording
    words = document_tokens(analysed(document.text), [(e - len(t), e) for (s, e), t in zip(spans, texts)]) \
        if net.reads_words else None
    index = training_cases(net.case_ids)
    neighbours: dict[str, list[tuple[Case, float]]] = {}  # a document repeats sentences: look each up once
    added = []
    distinct = list(dict.fromkeys(texts))
    first_words = dict(zip(reversed(texts), reversed(words))) if words is not None else None  # a text's first tokens
    verdicts = dict(zip(distinct, net.suspects(distinct, [first_words[t] for t in distinct] if first_words else None)))
    for (start, end), sentence in zip(spans, texts):
        verdict = verdicts[sentence]
        if verdict is None or verdict[0] in raised[(start, end)] or not orders(sentence, verdict[0]) \
                or not carries_element(sentence, verdict[0], day):
            continue
        category, probability = verdict
        if sentence not in neighbours:
            neighbours[sentence] = index.nearest(sentence, NEIGHBOURS, threshold=0.0)
        agreed = category in net.thresholds and probability >= net.thresholds[category] and \
            library_agrees(neighbours[sentence], category, net.min_similarity)
        if not (agreed or net.sure_alone(category, probability)):
            continue
        cases = index.nearest(sentence, MAX_CASES, threshold=0.0,
                              keep=lambda case, c=category: case.category == c and not case.lawful)
        precedents = merged([case_precedent(case, similarity) for case, similarity in cases],
                            archive_precedents(sentence, archive_search))
        named = "、".join(f"“{p.title}”" for p in precedents[:2]) or "案例库中同类"
        label = CATEGORY_ZH.get(category, category)
        unit = document.unit_at(start)
        added.append(Finding(
            rule=f"{RULE_PREFIX}{category}", category=category, severity=Severity.WARNING,
            unit=unit.path_label if unit else "", quote=sentence.strip(),
            clause_text=unit.text if unit else sentence, start=start, end=end,
            message=f"疑似{label}问题（模型置信度 {probability:.2f}），与{named}等案例相似，请人工判断",
            suggestion=f"请对照所列案例核查该条款是否存在{label}问题；确有问题的，依照相关法律法规修改或删除。",
            page=document.page_at(start),
            precedents=precedents,
        ))
    return added
