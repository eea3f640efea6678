"""The one set of Chinese legal-text patterns: 文号, citations, dates, effective and validity
phrases, repeal phrases, sentence ends, numerals, and width folding.

Every layer that reads legal text imports its patterns and normalisers from here, so a form
accepted in one place is accepted everywhere. This module imports nothing else of the project.
``tests/test_patterns.py`` is the table of accepted forms.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import cn2an

# ---- width folding ---------------------------------------------------------------------------
# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII; the ideographic space to a space. Brackets that
# carry meaning in Chinese documents (（）〔〕【】﹝﹞) fold too, so a folded text needs only [] and ().
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD.update({ord(c): ord("[") for c in "〔［【﹝"} | {ord(c): ord("]") for c in "〕］】﹞"} | {0xA0: 0x20})


def fold_width(text: str) -> str:
    """A same-length view of ``text`` for matching: offsets in the result are offsets in ``text``."""
    return text.translate(_FOLD)


# ---- numerals --------------------------------------------------------------------------------
DIGIT_VALUES = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "三": 3, "叁": 3,
                "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8,
                "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
DECIMAL_POINT = "点"
CN_NUMERAL_CHARS = "".join(DIGIT_VALUES) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_CN_DIGITS = "零一二三四五六七八九"
# cn2an reads the common forms; these are the traditional and variant characters it does not know.
_CN2AN_FORMS = str.maketrans({"貳": "贰", "參": "叁", "陸": "陆", "萬": "万", "億": "亿", "○": "〇"})


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百", thousand: str = "千") -> str:
    """1→一, 10→十, 11→十一, 20→二十, 105→一百零五, 1260→一千二百六十 (Word's chineseCounting, and
    the form of statute article numbers)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 10000:
        place, unit = (100, hundred) if n < 1000 else (1000, thousand)
        rest = n % place
        if rest == 0:
            tail = ""
        elif rest < place // 10:  # 一百零五, 一千零五十, 一千零一十
            tail = digits[0] + (digits[1] if 10 <= rest < 20 else "") + chinese_counting(rest, digits, ten, hundred, thousand)
        else:
            tail = (digits[1] if 10 <= rest < 20 else "") + chinese_counting(rest, digits, ten, hundred, thousand)
        return digits[n // place] + unit + tail
    return str(n)


def chinese_number(token: str) -> float | None:
    """A Chinese numeral, 大写 or with a decimal point: 一点五亿 → 150000000.0, 壹佰万 → 1000000.0,
    二〇二三 → 2023.0 (digit by digit); None when it is not one (never a guess)."""
    if not token or any(c not in CN_NUMERAL_CHARS and c != DECIMAL_POINT for c in token):
        return None
    if len(token) > 1 and all(c in DIGIT_VALUES for c in token):
        return float("".join(str(DIGIT_VALUES[c]) for c in token))
    token = token.translate(_CN2AN_FORMS)
    decimal = _DECIMAL.fullmatch(token)
    if decimal:  # cn2an reads 一点五 but not 一点五亿: the unit after the fraction multiplies the whole
        whole = _cn2an(decimal.group("whole") + DECIMAL_POINT + decimal.group("fraction"))
        multiplier = 1
        for unit in decimal.group("units"):
            multiplier *= SMALL_UNITS.get(unit) or BIG_UNITS[unit]
        return whole * multiplier if whole is not None else None
    return _cn2an(token)


_DECIMAL = re.compile(rf"(?P<whole>[^{DECIMAL_POINT}]+){DECIMAL_POINT}(?P<fraction>[{''.join(DIGIT_VALUES)}]+)"
                      rf"(?P<units>[{''.join(SMALL_UNITS)}{''.join(BIG_UNITS)}]*)")


def _cn2an(token: str) -> float | None:
    if token.endswith(DECIMAL_POINT) or token.startswith(DECIMAL_POINT):
        return None  # 五点 is no number
    try:
        return float(cn2an.cn2an(token.replace("两", "二"), "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
ARABIC_DECIMAL = re.compile(rf"[\d.{DECIMAL_POINT}]+")
ARABIC_TEN_THOUSANDS = re.compile(r"\d+(?:\.\d+)?万")


def numeral_value(token: str) -> float | None:
    """An amount's numeral, Arabic or Chinese: 1,500 → 1500.0, 1点5 → 1.5, 20万 → 200000.0, 一点五亿 → 150000000.0,
    壹佰 → 100.0; None when it is not one (never a guess)."""
    if THOUSANDS.fullmatch(token):
        return float(token.replace(",", ""))
    if ARABIC_DECIMAL.fullmatch(token):
        try:
            return float(token.replace(DECIMAL_POINT, "."))
        except ValueError:  # 1.2.3
            return None
    if ARABIC_TEN_THOUSANDS.fullmatch(token):
        return float(token[:-1]) * 10000
    return chinese_number(token)


def chinese_to_int(token: str) -> int | None:
    """一千二百万 → 12000000, 壹亿贰仟万 → 120000000, 十五 → 15; None for a fraction or a non-numeral."""
    value = chinese_number(token)
    return int(value) if value is not None and value == int(value) else None


def to_int(token: str) -> int | None:
    """An Arabic or Chinese number: "5" → 5, "五" → 5, "十二" → 12."""
    return int(token) if token.isdecimal() else chinese_to_int(token)


# ---- article numbers -------------------------------------------------------------------------
# The numeral of 第X条 / 第X款 / 第（X）项 / 之X: Chinese, Arabic or full-width digits.
ARTICLE_NUMERAL = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
# 第十条之一: the number and the optional 之X.
ARTICLE_LABEL = re.compile(rf"第({ARTICLE_NUMERAL})条(?:之({ARTICLE_NUMERAL}))?")

# A unit's own label at the start of its text (第五条, 一、, （三）): no part of what the clause says.
UNIT_LABEL = re.compile(r"^\s*(?:第[零〇一二三四五六七八九十百千\d]+条|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])\s*")


def article_label(number: int, sub: int = 0) -> str:
    """(10, 1) → 第十条之一, 1260 → 第一千二百六十条."""
    return f"第{chinese_counting(number)}条" + (f"之{chinese_counting(sub)}" if sub else "")


# ---- 文号 (发文字号) ---------------------------------------------------------------------------
DOC_NUMBER_OPEN, DOC_NUMBER_CLOSE = "〔［[﹝(（【", "〕］]﹞)）】"
# Any bracket form, a 2–4 digit year, 第 or not, 1–5 digit serials with or without padding: whether
# the form is the standard one (GB/T 9704) is the doc-number check's question, not the pattern's.
DOC_NUMBER = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fffA-Za-z]{{0,16}})\s*(?P<open>[{re.escape(DOC_NUMBER_OPEN)}])\s*(?P<year>\d{{2,4}})\s*"
    rf"(?P<close>[{re.escape(DOC_NUMBER_CLOSE)}])\s*(?P<di>第)?\s*(?P<serial>\d{{1,5}})\s*号")


@dataclass(frozen=True)
class DocNumber:
    """One 文号 as written, with its parts."""

    text: str
    issuer: str
    year: str
    serial: str
    open: str
    close: str
    has_di: bool
    start: int
    end: int

    @property
    def key(self) -> str:
        return doc_number_key(self.text)

    @property
    def standard(self) -> bool:
        """GB/T 9704—2012 7.2.5: 六角括号〔〕, a four-digit year, no 第, no padding, no spaces."""
        return (self.open == "〔" and self.close == "〕" and len(self.year) == 4 and not self.has_di
                and not self.serial.startswith("0") and not re.search(r"\s", self.text))


def find_doc_numbers(text: str) -> list[DocNumber]:
    return [DocNumber(text=m.group(0), issuer=m.group("issuer"), year=m.group("year"), serial=m.group("serial"),
                      open=m.group("open"), close=m.group("close"), has_di=bool(m.group("di")),
                      start=m.start(), end=m.end())
            for m in DOC_NUMBER.finditer(text or "")]


def doc_number_key(number: str) -> str:
    """The comparison key of a 文号: 〔〕 brackets, ASCII digits, no spaces, no 第, no leading zeros.

    >>> doc_number_key("国发﹝2019﹞ 第05号") == doc_number_key("国发〔2019〕5号")
    True
    """
    match = DOC_NUMBER.search(number or "")
    if not match:
        return re.sub(r"\s", "", number or "")
    year, serial = int(match.group("year")), int(match.group("serial"))
    return f"{match.group('issuer')}〔{year}〕{serial}号"


def doc_number_keys(text: str | None) -> list[str]:
    """Keys of every 文号 in ``text``: the full number (发改办财金规〔2019〕860号) and its year-and-serial
    tail (〔2019〕860号), so either finds it."""
    keys: dict[str, None] = {}
    for number in find_doc_numbers(text or ""):
        key = number.key
        if number.issuer:
            keys.setdefault(key, None)
        keys.setdefault(key[len(number.issuer):], None)
    return list(keys)


# ---- law names and citations ------------------------------------------------------------------
PRC = "中华人民共和国"
# Edition marks that do not change which law is meant: "(2019-03-15)", "（2019年修正）", "（2021年修订）".
_EDITION = re.compile(r"[（(]\s*(?:\d{4}-\d{2}-\d{2}|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:修正|修订|修改|版|文本)?)\s*[)）]$")
_NAME_NOISE = re.compile(r"[\s《》〈〉<>\"“”]")


def normalize_law_name(name: str) -> str:
    """The comparison key of a law's name: no 《》 or spaces, no 中华人民共和国 prefix, no edition mark.

    >>> normalize_law_name("《中华人民共和国行政处罚法》") == normalize_law_name("行政处罚法（2021年修订）")
    True
    """
    key = _NAME_NOISE.sub("", name or "")
    key = _EDITION.sub("", key)
    if key.startswith(PRC) and len(key) > len(PRC):
        key = key[len(PRC):]
    return key.replace("-", "").replace("·", "")


_NUM = ARTICLE_NUMERAL
# 第X条第X款第（X）项, each part optional after the article.
ARTICLE_REF = rf"(?P<article>第{_NUM}条(?:之{_NUM})?)(?:\s*(?P<paragraph>第{_NUM}款))?(?:\s*(?P<item>第[（(]?{_NUM}[)）]?项))?"
# 《title》, optionally followed by its 文号 in brackets and an article reference.
CITATION = re.compile(
    rf"《(?P<title>[^《》\n]{{2,80}})》(?:\s*[（(](?P<number>[^（()）\n]{{2,30}}?号)[)）])?(?:\s*{ARTICLE_REF})?")
# A law named without 《》: only with an article (行政处罚法第十六条, 本法第五条), or 前款/本条 references.
BARE_CITATION = re.compile(
    rf"(?<!《)(?P<title>(?:{PRC})?[\u4e00-\u9fff]{{1,20}}?(?:法典|法|条例|规定|办法|细则))[ \t]*{ARTICLE_REF}"
    r"|(?P<relative>前款|前两款|前三款|本条|本款|前条)")
# A bare name (no 《》, no article): the shortest name ending in 法/法典/条例 before what may follow a law's
# name — a boundary, a particle, 规定 (not 规 alone: 地方性法规 is no law 地方性法), an article, or a verb
# that applies it (依照价格法处理).
_BARE_NAME = rf"(?P<title>(?:{PRC})?[\u4e00-\u9fff]{{2,30}}?(?:法典|法|条例)(?:（试行）)?)"
_AFTER_BARE_NAME = r"(?=[的，。、；：和及与或有等第中关（(\s]|规定|以及|处理|执行|办理|实施|处罚|给予|予以|追究|$)"
# A law named without 《》 and without an article, after a word that cites it (根据城市房屋拆迁管理条例…,
# 违反行政处罚法的…).
BARE_NAME_CITATION = re.compile(rf"(?:根据|依据|依照|按照|遵照|违反|参照|适用|执行|对照){_BARE_NAME}{_AFTER_BARE_NAME}")
# The next name of a list after a cited law, bare or in 《》 (根据城市房屋拆迁管理条例和行政许可法,
# 依照《反垄断法》第十六条、价格法和行政许可法).
BARE_NAME_NEXT = re.compile(rf"(?:以及|[、和及与或]){_BARE_NAME}{_AFTER_BARE_NAME}")
# Names ending in 法 that are no law's name (依照考核办法, 按照有关做法), the draft's own name (本办法), and a
# law's companion (行政许可法及其实施条例: 其实施条例 names no law).
_NOT_A_LAW = re.compile(r"(?:办法|方法|做法|执法|依法|立法|合法|违法|司法|守法|说法|想法|用法|算法)$|^本|^其|有关|相关|上述|下列")
# Words that cite, wherever they stand before a bare name; no law's name holds one.
_CITING_WORDS = re.compile(r"根据|依据|依照|按照|遵照|违反|参照|适用|对照")
# Words no law's name holds, before a bare name and its article (供应商应当具备政府采购法第二十二条…): the name
# starts after the last of them; 的 counts only before a name ending in 法/条例 (关于…的规定 holds one).
_NAME_BREAKS = re.compile(r"应当|必须|须|具备|具有|符合|遵守|贯彻|落实|的")
# Words that lead into a bare name without being part of it (依照本法…, 违反行政处罚法…).
_LEAD_WORDS = re.compile(r"^(?:根据|依据|依照|按照|遵照|违反|参照|适用|执行|符合|对照|即|和|及|与|或|并|由|经|在)+")
# A bare law name as a whole (a search query): 行政处罚法, 中华人民共和国土地管理法.
BARE_LAW_NAME = re.compile(rf"^(?:{PRC})?[\u4e00-\u9fff]{{2,24}}(?:法|法典|条例|规定|办法|细则)$")


@dataclass(frozen=True)
class CitationMatch:
    title: str  # as written, without 《》; 本法 / 前款 for references within the text
    article: str | None
    paragraph: str | None
    item: str | None
    doc_number: str | None
    start: int
    end: int
    bracketed: bool


def find_citations(text: str) -> list[CitationMatch]:
    """Laws and documents cited in ``text``: in 《》 (with 文号 and article when given), bare names
    followed by an article, bare names after a citing word (依照行政处罚法), and references within the
    text (本法第五条, 前款)."""
    found: list[CitationMatch] = []
    taken: list[tuple[int, int]] = []
    text = text or ""
    for m in CITATION.finditer(text):
        found.append(CitationMatch(m.group("title"), m.group("article"), m.group("paragraph"), m.group("item"),
                                   m.group("number"), m.start(), m.end(), True))
        taken.append(m.span())
    for m in _bare_citations(text, list(taken)):
        taken.append(m.span())
        if m.group("relative"):
            found.append(CitationMatch(m.group("relative"), None, None, None, None, m.start(), m.end(), False))
            continue
        # The name starts after the last citing word in the match (房屋补偿依照城市房屋拆迁管理条例第十六条); what is
        # left after it must be a name of two characters at least (按照规定参照法第三条 cites nothing).
        inner = [w.end() for w in _CITING_WORDS.finditer(m.group("title"))]
        inner += [w.end() for w in _NAME_BREAKS.finditer(m.group("title"))
                  if w.group() != "的" or m.group("title").endswith(("法", "法典", "条例"))]
        inner.sort()
        lead = _LEAD_WORDS.match(m.group("title"))
        start = m.start() + (inner[-1] if inner else lead.end() if lead else 0)
        title = text[start:m.end("title")]
        if len(title) < 2:
            continue
        found.append(CitationMatch(title, m.group("article"), m.group("paragraph"), m.group("item"), None,
                                   start, m.end(), False))
    # Bare names listed after a citation (依照《反垄断法》、价格法…), then after a citing word (依照价格法、…).
    for cited in sorted(found, key=lambda c: c.start):
        _listed_names(text, BARE_NAME_NEXT.match(text, cited.end), found, taken)
    for m in BARE_NAME_CITATION.finditer(text):
        _listed_names(text, m, found, taken)
    return sorted(found, key=lambda c: c.start)


def _bare_citations(text: str, taken: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """BARE_CITATION's matches outside the ``taken`` spans. A match that starts inside one (第十六条和价格法第十二条
    after 《反垄断法》) is searched again from that span's end, so it cannot swallow the bare name after it."""
    pos = 0
    while (m := BARE_CITATION.search(text, pos)) is not None:
        inside = [e for s, e in taken if s <= m.start() < e]
        if inside:
            pos = max(inside)
            continue
        yield m
        pos = m.end()


def _listed_names(text: str, m: re.Match[str] | None, found: list[CitationMatch], taken: list[tuple[int, int]]) -> None:
    """Add the bare name of ``m`` and the names listed after it, up to the first that is taken or no law's."""
    while m and not any(s <= m.start("title") < e for s, e in taken) and not _NOT_A_LAW.search(m.group("title")):
        found.append(CitationMatch(m.group("title"), None, None, None, None, m.start("title"), m.end("title"), False))
        taken.append(m.span("title"))
        m = BARE_NAME_NEXT.match(text, m.end("title"))


# The law a draft implements, from its title: 《中华人民共和国X法》实施细则 / X条例实施办法.
IMPLEMENTED_LAW = re.compile(r"《?(?P<law>[^《》]{2,40}?(?:法|条例))》?实施(?:细则|办法|条例|意见)")


def implemented_law(title: str | None) -> str | None:
    """The law or regulation a document's title says it implements (土地管理法 of 《土地管理法》实施办法)."""
    m = IMPLEMENTED_LAW.search(title or "")
    return m.group("law") if m else None


# A law name's last word, as statutes and documents end their titles.
LAW_SUFFIX = r"(?:法典|法|条例|规定|办法|细则|决定|解释|规则)"


def _article_parts(named: bool) -> str:
    def group(name: str) -> str:
        return f"?P<{name}>" if named else "?:"
    n = ARTICLE_NUMERAL
    return (rf"第({group('article')}{n})条(?:之({group('sub')}{n}))?(?:\s*第({group('paragraph')}{n})款)?"
            rf"(?:\s*(?:第[（(]?({group('item')}{n})[)）]?项|[（(]({group('item2')}{n})[)）]项?))?")


# One cited article with its parts as numbers to read: 第十条之一, 第一百二十四条第一款第（五）项, 第九条（一）项.
ARTICLE_PARTS = re.compile(_article_parts(named=True))
# A law cited with one or more of its articles: 《食品安全法》第一百二十二条第一款、第一百二十四条第一款第（五）项;
# 价格法第四十二条. ``articles`` holds the list, read one by one with ARTICLE_PARTS.
CITED_ARTICLES = re.compile(
    rf"(?:《(?P<quoted>[^《》\n]{{2,80}})》|(?P<bare>[\u4e00-\u9fff]{{2,30}}?{LAW_SUFFIX}))\s*"
    rf"(?P<articles>(?:{_article_parts(named=False)}\s*[、，,和及与]?\s*)+)")


@dataclass(frozen=True)
class ArticleRef:
    law: str  # as written, without 《》
    article: int
    sub: int
    paragraph: int | None
    item: int | None
    text: str  # the article's part as written: 第一百二十四条第一款第（五）项


def article_ref_numbers(match: re.Match[str]) -> tuple[int | None, int, int | None, int | None]:
    """(article, sub, paragraph, item) of an ARTICLE_PARTS match; None for a part not given."""
    def number(name: str) -> int | None:
        return to_int(match.group(name)) if match.group(name) else None
    return number("article"), number("sub") or 0, number("paragraph"), number("item") or number("item2")


def find_cited_articles(text: str) -> list[ArticleRef]:
    """Every article cited with its law's name, a list of articles giving one ref each."""
    found = []
    for cited in CITED_ARTICLES.finditer(fold_width(text or "").replace("(", "（").replace(")", "）")):
        law = cited.group("quoted") or cited.group("bare")
        for part in ARTICLE_PARTS.finditer(cited.group("articles")):
            article, sub, paragraph, item = article_ref_numbers(part)
            if article is not None:
                found.append(ArticleRef(law, article, sub, paragraph, item, part.group(0)))
    return found


# ---- dates -----------------------------------------------------------------------------------
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
CN_DATE = re.compile(r"(?P<y>[二〇○零一三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日")
_ANY_DATE = (DATE, ISO_DATE, CN_DATE)
# 2026年3月 / 2026年3月底: a month as a deadline.
YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:底|末)?")


def date_iso(match: re.Match[str]) -> str | None:
    """YYYY-MM-DD of a DATE, ISO_DATE or CN_DATE match; None for an impossible date (2月30日)."""
    year, month, day = (to_int(match.group(g)) for g in ("y", "m", "d"))
    try:
        return date(year, month, day).isoformat() if None not in (year, month, day) else None
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` in any accepted form, as YYYY-MM-DD."""
    folded = fold_width(text or "")
    matches = [m for pattern in _ANY_DATE for m in [pattern.search(folded)] if m]
    return date_iso(min(matches, key=lambda m: m.start())) if matches else None


def full_date(line: str) -> str | None:
    """The date when a whole line is one date (a signature's date line)."""
    folded = fold_width(line).strip()
    for pattern in _ANY_DATE:
        match = pattern.fullmatch(folded)
        if match:
            return date_iso(match)
    return None


# ---- effective dates, validity, repeal ---------------------------------------------------------
_DATE_TEXT = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
PUBLICATION_EVENTS = r"印发|发布|公布|签发|公开发布|下发"
# 发布日期：2024年3月1日
PUBLISHED = re.compile(rf"(?:发布|公布|印发|公开)(?:日期|时间)\s*[:：]\s*(?P<date>{_DATE_TEXT})")
# 自2024年3月1日起施行 / 自印发之日起施行 / 自双方签字盖章之日起生效
EFFECTIVE = re.compile(rf"自\s*(?P<date>{_DATE_TEXT})\s*起(?:施行|执行|实施|生效)"
                       rf"|自(?P<event>{PUBLICATION_EVENTS}|(?:双方|各方|三方)?(?:签字|签署|签订|盖章)+)之日起(?:施行|执行|实施|生效)")
# Any effective clause, however its date is put (自发布之日起30日后施行).
EFFECTIVE_CLAUSE = re.compile(r"自[^。；\n]{0,24}?起(?:施行|执行|实施|生效)")
ON_PUBLICATION = re.compile(rf"自(?:{PUBLICATION_EVENTS})之日起(?:施行|执行|实施|生效)")
VALIDITY = re.compile(r"(?:有效期|有效期限|试行期|施行期限?|实施期限?)(?:为|是)?\s*(?P<years>[一二三四五六七八九十两\d]+)\s*年"
                      rf"|有效期(?:至|到|截至|截止(?:到|至)?)\s*(?P<until>{_DATE_TEXT})")
VALIDITY_WORD = re.compile(r"有效期")
# "…至2028年12月31日止" after a validity clause.
UNTIL = re.compile(rf"至\s*(?P<date>{_DATE_TEXT})")
TRIAL = re.compile(r"试行|暂行")
REPEAL_WORDS = re.compile(r"废止|同时失效|不再执行|予以撤销")
# A clause that names earlier documents in order to repeal them: "原《…》（…）废止", "《…》同时废止", and a
# statute's final article "1988年…发布的《A》（…），1991年…发布的《B》同时废止": a list whose items are joined
# by 、，和及与 or 以及 (or nothing: 《A》《B》), each item's issuer and date with no comma or 《》 in them.
# A part of a document ("《A》中关于反倾销的规定同时废止") is a declared repeal too.
_REPEALED_DOC = (r"《[^》\n]{2,80}》(?:[（(](?:[^（）()\n]|[（(][^（）()\n]{1,10}[)）]){2,30}[)）])?"
                 r"(?:中(?:关于|有关)?[^。；，,\n《》]{0,30}?(?:规定|条款|部分|内容))?")
DECLARED_REPEAL = re.compile(
    rf"(?:原|将|现将|决定|予以|同时)?[^。；\n]{{0,4}}{_REPEALED_DOC}"
    rf"(?:(?:(?:[、，,和及与]|以及)[^。；，,\n《》]{{0,80}}?)?{_REPEALED_DOC})*"
    r"(?:[、和及][^。；\n]{0,80}?)?"
    r"[，,]?(?:同时|即行|自行|一并|予以)?(?:废止|失效|停止执行|不再执行)"
    r"|废止《[^》\n]{2,80}》"
)


def declared_repeals(text: str) -> list[tuple[int, int]]:
    """Spans of clauses that name earlier documents in order to repeal them; citations there are fine."""
    return [m.span() for m in DECLARED_REPEAL.finditer(text)]


def repealed_titles(text: str) -> list[list[str]]:
    """The titles each repeal clause of ``text`` names in 《》, in order (the statute store reads a
    law's final article "《A》、《B》同时废止" as the repeal of A and B)."""
    found = []
    for m in DECLARED_REPEAL.finditer(text):
        titles = [c.title for c in find_citations(m.group()) if c.bracketed]
        if titles:
            found.append(titles)
    return found


# An amendment decision that renames a law: "修改《X》\n\n1. 将名称修改为：“Y”" (X is Y's former name).
RENAMED_LAW = re.compile(r"修改《(?P<old>[^》\n]+)》\s*\n+\s*\d+[.．、]\s*将名称修改为：\s*\n*\s*“(?P<new>[^”\n]+)”")


def renamed_laws(text: str) -> list[tuple[str, str]]:
    """(former name, new name) for each law an amendment decision in ``text`` renames."""
    return [(m.group("old"), m.group("new")) for m in RENAMED_LAW.finditer(text)]


# ---- sentences -------------------------------------------------------------------------------
SENTENCE_END = re.compile(r"[。；;！!？?\n]")


# A provision quoted after a report verb (《…办法》第十条规定“开办民宿须……后方可对外营业”; 协议约定“……”): the
# quotation is the provision itself, read as a sentence of its own, not as part of the account around it.
QUOTED_PROVISION = re.compile(r"(?:规定|要求|明确|载明|写明|表述为|提出|指出|约定|强调)[：:]?\s*“([^“”\n]{4,})”")


def quote_breaks(text: str) -> list[int]:
    """Offsets just after the opening and just after the closing mark of each quoted provision."""
    return [offset for m in QUOTED_PROVISION.finditer(text) for offset in (m.start(1), m.end(1) + 1)]


# (prec14) A quotation on one line (“…”, 「…」, 『…』) inside a clause: a charge, a name or a decision quoted whole (以“未取得
# 相应从业资格证件，驾驶道路客货运输车辆”为由实施行政处罚; 以「违反…规定；」为由). Its 。；，：are the quotation's, not the
# sentence's: the text is not split into sentences or clauses inside it. The clause must go on after it (为由, 的规定, 和…): a
# quotation opened by a colon or closing its sentence (修改为：“…，…。”) is a provision quoted whole, read as sentences of its
# own, and so is a quoted provision (QUOTED_PROVISION).
QUOTATION = re.compile(r"(?<![：:])(?:“[^“”\n]{1,200}”|「[^「」\n]{1,200}」|『[^『』\n]{1,200}』)(?=[^。；;，,：:！!？?\s“「『])")


def quoted_spans(text: str, breaks: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each quotation's inside, a quoted provision's left out (``breaks``: ``quote_breaks(text)``, whose
    even entries are the provisions' starts); sorted, not overlapping."""
    provisions = set(breaks[::2])
    return [(m.start() + 1, m.end() - 1) for m in QUOTATION.finditer(text) if m.start() + 1 not in provisions]


def inside_quotation(spans: list[tuple[int, int]], offset: int) -> bool:
    """The character at ``offset`` stands inside one of ``spans`` (quoted_spans)."""
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end (。；！？ or a line break), and around each quoted provision; not inside a
    quotation (quoted_spans)."""
    breaks = quote_breaks(text)
    spans = quoted_spans(text, breaks)
    ends = [m.end() for m in SENTENCE_END.finditer(text) if not (spans and inside_quotation(spans, m.start()))]
    return sorted(set(ends).union(breaks)) if breaks else ends


def sentence_end_after(text: str, start: int) -> int:
    """The offset of the first 。 or line break at or after ``start`` (the end of the text if none)."""
    match = re.compile(r"[。\n]").search(text, start)
    return match.start() if match else len(text)

