"""Read a .docx body in reading order: paragraphs and tables, headers and footers left out."""
from __future__ import annotations

import docx
import docx.enum.style
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from normreview.extractors.numbering import Numbering
from normreview.extractors.structure import Block

_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_SKIP = {qn("w:del"), qn("w:moveFrom"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_LABEL_ENDS = "、.．)）:："


def read_blocks(path: str) -> list[Block]:
    document = docx.Document(path)
    numbering = Numbering.from_document(document)
    # python-docx's Paragraph.style scans every style for the default on each call; look names up once.
    names = {s.get(qn("w:styleId")): s.find(qn("w:name")).get(qn("w:val"))
             for s in document.styles.element.findall(qn("w:style")) if s.find(qn("w:name")) is not None}
    default = document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else None
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            found = numbering.label_for(item)
            label = None
            if found:
                label, separator = found
                label = label + ("" if not separator or label.endswith(tuple(_LABEL_ENDS)) else "\u3000")
            style_id = item._p.style
            blocks.append(Block(text=paragraph_text(item._p), numbering=label,
                                style=names.get(style_id, default_name) if style_id else default_name))
        elif isinstance(item, Table):
            blocks.append(Block(text=_table_text(item), is_table=True))
    return blocks


def paragraph_text(element) -> str:
    """The visible text of a paragraph, including tracked insertions, without deletions.

    python-docx's Paragraph.text skips runs inside w:ins, so a draft with tracked changes would
    lose its new wording; walk the XML instead.
    """
    parts: list[str] = []

    def walk(node) -> None:
        for child in node:
            if child.tag in _SKIP:
                continue
            if child.tag in _TEXT_TAGS:
                fixed = _TEXT_TAGS[child.tag]
                parts.append(fixed if fixed is not None else child.text or "")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = "\n".join(paragraph_text(p._p) for p in cell.paragraphs).strip().replace("\n", " ")
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        rows.append(" | ".join(cells))
    return "\n".join(rows)
