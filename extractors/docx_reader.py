"""Read a .docx body in reading order: paragraphs and tables, headers and footers left out."""
from __future__ import annotations

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors.structure import Block


def read_blocks(path: str) -> list[Block]:
    document = docx.Document(path)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(Block(text=item.text, style=item.style.name if item.style is not None else None))
        elif isinstance(item, Table):
            blocks.append(Block(text=_table_text(item), is_table=True))
    return blocks


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip().replace("\n", " ")
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        rows.append(" | ".join(cells))
    return "\n".join(rows)
