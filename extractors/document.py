"""The one typed model of an extracted document, shared by every stage of the pipeline."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any


@dataclass
class Unit:
    """A structural unit: a heading-led section, an article, a paragraph, an item or a table.

    ``text`` is ``Document.text[start:end]``, so a unit includes the text of its descendants.
    ``path`` holds the labels from the outermost unit down to this one.
    """

    kind: str  # 编 章 节 条 款 项 目 | outline-1..outline-4 | paragraph | table
    label: str
    text: str
    path: list[str]
    start: int
    end: int
    parent: int | None = None  # index into Document.units

    @property
    def path_label(self) -> str:
        return " ".join(self.path)


@dataclass
class Source:
    path: str
    format: str  # docx | pdf | image | txt | md | doc | wps
    sha256: str
    size: int
    pages: int | None = None
    ocr: bool = False
    ocr_confidence: float | None = None


@dataclass
class Document:
    doc_id: str  # sha256 of the file's bytes
    kind: str  # normative | agreement | other
    title: str
    text: str
    units: list[Unit]
    source: Source
    doc_number: str | None = None
    issuer: list[str] = field(default_factory=list)
    dates: dict[str, str | None] = field(
        default_factory=lambda: {"signed": None, "published": None, "effective": None, "expires": None}
    )
    validity: dict[str, Any] | None = None  # {"years": int|None, "until": date|None, "text": str}
    attachments: list[str] = field(default_factory=list)
    agreement: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    # Documents and laws named in 《》: {"title", "doc_number", "repealed", "start", "end"}
    citations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def normalized_text(self) -> str:
        """``text`` with full-width ASCII folded to half-width: same length, so offsets match ``text``."""
        from normreview.extractors.normalize import fold_width

        return fold_width(self.text)

    @cached_property
    def _unit_starts(self) -> list[int]:
        return [unit.start for unit in self.units]

    def unit_at(self, offset: int) -> Unit | None:
        """The innermost unit that holds ``offset``.

        Units are in document order, each before the units it holds (build_units sorts them so), so
        the innermost holder is the last unit that starts at or before ``offset`` and still holds it.
        """
        for index in range(bisect_right(self._unit_starts, offset) - 1, -1, -1):
            unit = self.units[index]
            if unit.start <= offset < unit.end:
                return unit
        return None

    def children(self, index: int) -> list[Unit]:
        return [u for u in self.units if u.parent == index]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for unit in data["units"]:
            unit["unit"] = " ".join(unit["path"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        data = dict(data)
        data["units"] = [Unit(**{k: v for k, v in u.items() if k != "unit"}) for u in data["units"]]
        data["source"] = Source(**data["source"])
        return cls(**data)
