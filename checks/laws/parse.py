"""Parse one LawRefBook Markdown file into a law version: header dates, headings, articles, 款 and 项.

File format (see checks/data/laws/README.md): ``# title``, optional ``# subtitle``, lines
``YYYY年M月D日 event``, ``<!-- INFO END -->``, then ``#``-headings for 编/章/节 and one paragraph per
article, beginning ``第X条``. Paragraphs after an article up to the next article or heading are its
further 款; a paragraph beginning ``（一）`` is a 项 of the 款 before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from normreview.patterns import ARTICLE_NUMERAL, DATE, date_iso, to_int

FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
ARTICLE_START = re.compile(rf"^第({ARTICLE_NUMERAL})条(?:之({ARTICLE_NUMERAL}))?(?=[\s　]|$)")
ITEM_START = re.compile(rf"^[（(]({ARTICLE_NUMERAL})[)）]")
# "本法自2021年7月15日起施行" / "本条例自公布之日起施行"
EFFECTIVE_CLAUSE = re.compile(r"本(?:法|条例|规定|办法|细则|决定|解释|规则)[^。]{0,12}?自(\d{4}年\d{1,2}月\d{1,2}日|公布之日|发布之日)起施行")
INFO_END = "<!-- INFO END -->"


@dataclass
class Paragraph:
    """One 款: its text and the 项 listed under it."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class ParsedArticle:
    number: int  # 第一百零四条 → 104
    sub: int  # 第十条之一 → 1; 0 when plain
    heading: str  # "第一编 总则 / 第二章 自然人 / 第一节 …", "" when none
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        lines = []
        for paragraph in self.paragraphs:
            lines.append(paragraph.text)
            lines.extend(paragraph.items)
        return "\n".join(lines)


@dataclass
class ParsedVersion:
    path: str  # relative to the corpus root
    title: str
    subtitle: str
    file_date: str | None  # the date in the file name; None for the undated (newest) file
    events: list[tuple[str, str]]  # (ISO date, event text) from the header
    effective: str | None  # from the "本法自…起施行" clause, when it names a date
    articles: list[ParsedArticle]
    preamble: str  # text before the first article (preambles, 决定 bodies without articles)

    @property
    def published(self) -> str | None:
        return self.file_date or (self.events[-1][0] if self.events else None)


def parse_law_file(path: str, text: str) -> ParsedVersion:
    """Parse one file's text; ``path`` is its path relative to the corpus root."""
    header, sep, body = text.partition(INFO_END)
    if not sep:  # a file without the marker: the title is its only header line
        first, _, body = text.partition("\n")
        header = first
    titles: list[str] = []
    events: list[tuple[str, str]] = []
    for line in (raw.strip() for raw in header.splitlines()):
        if line.startswith("#"):
            titles.append(line.lstrip("#").strip())
        elif line and (m := DATE.match(line)) and (day := date_iso(m)):
            events.append((day, line[m.end():].strip()))
    file_date = m.group(1) if (m := FILE_DATE.search(path)) else None
    articles, preamble = _articles(body)
    effective = None
    for article in reversed(articles[-3:]):
        if found := EFFECTIVE_CLAUSE.search(article.text):
            effective = date_iso(DATE.match(found.group(1))) if DATE.match(found.group(1)) else None
            break
    return ParsedVersion(path=path, title=titles[0] if titles else "", subtitle=" ".join(titles[1:]),
                         file_date=file_date, events=events, effective=effective, articles=articles,
                         preamble="\n".join(preamble))


def _articles(body: str) -> tuple[list[ParsedArticle], list[str]]:
    headings: dict[int, str] = {}
    articles: list[ParsedArticle] = []
    preamble: list[str] = []
    current: ParsedArticle | None = None
    for line in (raw.strip() for raw in body.splitlines()):
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = line.lstrip("#").strip()
            current = None
            continue
        if m := ARTICLE_START.match(line):
            current = ParsedArticle(number=to_int(m.group(1)), sub=to_int(m.group(2)) if m.group(2) else 0,
                                    heading=" / ".join(headings[k] for k in sorted(headings)),
                                    paragraphs=[Paragraph(line)])
            articles.append(current)
        elif current is None:
            preamble.append(line)
        elif ITEM_START.match(line):
            current.paragraphs[-1].items.append(line)
        else:
            current.paragraphs.append(Paragraph(line))
    return articles, preamble


def event_dates(events: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Header events by kind: 公布 (promulgated or adopted), 施行, 修正 (amended or revised)."""
    kinds: dict[str, list[str]] = {"公布": [], "施行": [], "修正": []}
    for day, event in events:
        if "施行" in event:
            kinds["施行"].append(day)
        elif any(word in event for word in ("修正", "修订", "修改")):
            kinds["修正"].append(day)
        else:
            kinds["公布"].append(day)
    return kinds
