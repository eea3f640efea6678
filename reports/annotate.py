"""The annotated draft: the reviewed .docx returned with a Word comment on the text of each finding.

Findings carry offsets into ``Document.text``, which the extractor builds by joining the stripped
text of each body paragraph and table (one block a line). Here each paragraph of the .docx is
mapped back to where its stripped text sits in that plain text; a finding's span then becomes a
(paragraph, character) range, the runs at its two ends are split (each half keeps a copy of the
run's properties), and the comment is anchored on exactly the runs in between. When the offsets do
not lead to the quote (a table cell, Word numbering the extractor added), the quote is searched
in the paragraphs instead, the occurrence nearest the expected offset winning.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from normreview.checks.report import higher_law_lines, precedent_lines
from normreview.model import Document, Finding
from normreview.reports import layout
from normreview.reports.letter import basis_quoted

TEXT_TAGS = {qn(f"w:{tag}") for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}
# How far past the previous paragraph the next one may start in the plain text (line breaks,
# table separators, list numbers) before a match is taken for a stray repeat of short text.
MAPPING_SLACK = 64


@dataclass
class MappedParagraph:
    element: Any  # CT_P
    text: str  # the paragraph's text as python-docx reads it
    lead: int  # characters strip() removes from its start
    start: int | None  # offset of the stripped text in Document.text, None when not found

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + len(self.text.strip())


@dataclass
class Anchor:
    first: MappedParagraph
    first_offset: int  # character offset in first.text
    last: MappedParagraph
    last_offset: int  # end offset (exclusive) in last.text
    exact: bool = True


def _runs(p) -> list:
    return p.xpath("./w:r | ./w:hyperlink/w:r")


def _piece_length(child) -> int:
    return len(str(child)) if child.tag in TEXT_TAGS else 0


def _run_text(r) -> str:
    return "".join(str(child) for child in r if child.tag in TEXT_TAGS)


def paragraph_text(p) -> str:
    return "".join(_run_text(r) for r in _runs(p))


def body_paragraphs(document: DocxDocument) -> list:
    """The paragraphs the extractor reads, in its order: body paragraphs and table cells."""
    paragraphs = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs.append(child)
        elif child.tag == qn("w:tbl"):
            paragraphs.extend(child.xpath("./w:tr/w:tc/w:p"))
    return paragraphs


def map_paragraphs(paragraphs: list, plain: str) -> list[MappedParagraph]:
    mapped: list[MappedParagraph] = []
    cursor, slack = 0, MAPPING_SLACK
    for p in paragraphs:
        text = paragraph_text(p)
        stripped = text.strip()
        start = None
        if stripped:
            found = plain.find(stripped, cursor)
            if 0 <= found <= cursor + slack:
                start, cursor, slack = found, found + len(stripped), MAPPING_SLACK
            else:
                slack += len(stripped) + 1
        mapped.append(MappedParagraph(p, text, len(text) - len(text.lstrip()), start))
    return mapped


def _paragraph_at(paragraphs: list[MappedParagraph], offset: int) -> MappedParagraph | None:
    for para in paragraphs:
        if para.start is not None and para.start <= offset < para.end:
            return para
    return None


def _anchored_text(paragraphs: list[MappedParagraph], anchor: Anchor) -> str:
    if anchor.first is anchor.last:
        return anchor.first.text[anchor.first_offset:anchor.last_offset]
    i, j = paragraphs.index(anchor.first), paragraphs.index(anchor.last)
    pieces = [anchor.first.text[anchor.first_offset:].rstrip()]
    pieces += [p.text.strip() for p in paragraphs[i + 1:j] if p.text.strip()]
    pieces.append(anchor.last.text[:anchor.last_offset].lstrip())
    return "\n".join(pieces)


def _occurrences(paragraphs: list[MappedParagraph], needle: str, after: int = 0):
    """(distance key, paragraph, offset) for each occurrence of ``needle`` in a paragraph."""
    for index, para in enumerate(paragraphs[after:], start=after):
        at = para.text.find(needle)
        while at >= 0 and needle:
            yield index, para, at
            at = para.text.find(needle, at + 1)


def _nearest(candidates, expected: int):
    def distance(candidate):
        _, para, at = candidate
        return abs(para.start + at - para.lead - expected) if para.start is not None else float("inf")
    return min(candidates, key=distance, default=None)


def locate(paragraphs: list[MappedParagraph], start: int, end: int, quote: str) -> Anchor | None:
    """The paragraph range that holds ``quote``, found by its offsets or else by searching."""
    first, last = _paragraph_at(paragraphs, start), _paragraph_at(paragraphs, max(start, end - 1))
    if first is not None and last is not None:
        anchor = Anchor(first, first.lead + start - first.start, last, last.lead + end - last.start)
        if _anchored_text(paragraphs, anchor) == quote:
            return anchor
    lines = quote.split("\n")
    head = _nearest(_occurrences(paragraphs, lines[0]), start)
    if head is None:
        return None
    index, para, at = head
    if len(lines) == 1:
        return Anchor(para, at, para, at + len(quote))
    tail = _nearest(_occurrences(paragraphs, lines[-1], after=index + 1), end - len(lines[-1]))
    if tail is None:
        return Anchor(para, at, para, at + len(lines[0]), exact=False)
    _, last_para, last_at = tail
    return Anchor(para, at, last_para, last_at + len(lines[-1]))


def _whole_paragraph(paragraphs: list[MappedParagraph], offset: int) -> Anchor:
    """The paragraph at ``offset``, or else the first with text (the title, as a rule)."""
    para = _paragraph_at(paragraphs, offset) or next(p for p in paragraphs if p.text.strip())
    return Anchor(para, para.lead, para, len(para.text.rstrip()))


def _keep(r, lo: int, hi: int | None) -> None:
    """Trim run ``r`` to the characters [lo, hi) of its text; zero-width items stay on one side."""
    position = 0
    for child in list(r):
        if child.tag == qn("w:rPr"):
            continue
        length = _piece_length(child)
        begin, finish = position, position + length
        position = finish
        upper = finish if hi is None else hi
        if length == 0:
            if not (lo <= begin and (hi is None or begin < hi)):
                r.remove(child)
        elif max(begin, lo) >= min(finish, upper):
            r.remove(child)
        elif begin < lo or finish > upper:  # only a w:t can straddle: its characters are split
            child.text = child.text[max(lo - begin, 0):min(upper, finish) - begin]
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def split_at(p, offset: int) -> None:
    """Make ``offset`` of paragraph ``p``'s text a run boundary."""
    position = 0
    for r in _runs(p):
        length = len(_run_text(r))
        if position < offset < position + length:
            right = copy.deepcopy(r)  # the copy carries the run's rPr: formatting is preserved
            r.addnext(right)
            _keep(r, 0, offset - position)
            _keep(right, offset - position, None)
            return
        position += length


def anchor_runs(anchor: Anchor) -> tuple[Any, Any]:
    """Split runs at the anchor's ends; return the first and the last run it covers."""
    split_at(anchor.first.element, anchor.first_offset)
    split_at(anchor.last.element, anchor.last_offset)
    first = last = None
    position = 0
    for r in _runs(anchor.first.element):
        length = len(_run_text(r))
        if length and position >= anchor.first_offset:
            first = r
            break
        position += length
    position = 0
    for r in _runs(anchor.last.element):
        length = len(_run_text(r))
        position += length
        if length and position <= anchor.last_offset:
            last = r
    return first, last


def comment_text(finding: Finding, exact: bool = True) -> str:
    lines = [finding.message, *([f"依据：{basis_quoted(finding)}"] if finding.basis else []), *higher_law_lines(finding),
             f"修改建议：{finding.suggestion or '请起草单位研究修改。'}"]
    lines += precedent_lines(finding.precedents)
    if not exact:
        lines.insert(0, f"（未能在原文中精确定位，所指原文为：“{finding.quote}”）")
    return "\n".join(lines)


def annotate(document: DocxDocument, plain: str, findings: list[Finding], author: str) -> int:
    """Add one comment per finding; return how many found their exact text."""
    paragraphs = map_paragraphs(body_paragraphs(document), plain)
    body = document._body
    exact_count = 0
    for finding in findings:
        if not finding.quote.strip():  # a finding on the document as a whole
            anchor = _whole_paragraph(paragraphs, finding.start)
        else:
            anchor = locate(paragraphs, finding.start, finding.end, finding.quote)
            if anchor is None:
                anchor = _whole_paragraph(paragraphs, finding.start)
                anchor.exact = False
        first, last = anchor_runs(anchor)
        exact_count += anchor.exact
        runs = [Run(first, Paragraph(anchor.first.element, body)), Run(last, Paragraph(anchor.last.element, body))]
        document.add_comment(runs, text=comment_text(finding, anchor.exact), author=author, initials="审核")
    return exact_count


def annotated_docx(source: Path, plain: str, findings: list[Finding], author: str, path: Path) -> Path:
    """The original .docx with comments; nothing else in it changes."""
    document = docx.Document(str(source))
    annotate(document, plain, findings, author)
    document.save(path)
    return path


def annotated_text_docx(doc: Document, findings: list[Finding], author: str, path: Path) -> Path:
    """For inputs that are not .docx: a .docx of the extracted text, one paragraph a line, with comments."""
    document = docx.Document()
    layout.setup_page(document)
    note = document.add_paragraph()
    layout.set_run_font(note.add_run(f"（本稿根据{doc.source.format.upper()}原件提取的文字生成，供批注使用；格式以原件为准。）"),
                        layout.BODY_FONT, layout.SIZE_SANHAO)
    for line in doc.text.split("\n"):
        paragraph = document.add_paragraph()
        if line:
            layout.set_run_font(paragraph.add_run(line), layout.BODY_FONT, layout.SIZE_SANHAO)
    document.core_properties.title = doc.title
    annotate(document, doc.text, findings, author)
    document.save(path)
    return path
