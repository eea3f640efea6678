"""extractors: turn a file into a ``Document``."""
from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

from extractors import docx_reader, metadata
from extractors.document import Document, Source, Unit
from extractors.errors import ExtractionError
from extractors.structure import Block, build_units

MAX_BYTES = int(os.environ.get("NORMREVIEW_MAX_FILE_MB", "50")) * 1024 * 1024
SUPPORTED = {".docx": "docx", ".txt": "txt", ".md": "md"}

__all__ = ["Document", "Unit", "Source", "ExtractionError", "extract"]


def extract(path: str | os.PathLike[str]) -> Document:
    """Read one file into a Document, or raise ExtractionError with a one-line reason."""
    file = Path(path)
    name = str(file)
    if not file.is_file():
        raise ExtractionError(name, "no such file")
    size = file.stat().st_size
    if size == 0:
        raise ExtractionError(name, "the file is empty")
    if size > MAX_BYTES:
        raise ExtractionError(name, f"the file is {size / 2**20:.1f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit (NORMREVIEW_MAX_FILE_MB)")
    fmt = SUPPORTED.get(file.suffix.lower())
    if fmt is None:
        raise ExtractionError(name, f"unsupported file type {file.suffix or '(none)'}; expected one of {', '.join(SUPPORTED)}")
    data = file.read_bytes()
    blocks = _read_blocks(file, fmt, data)
    text, units = build_units(blocks)
    if not text.strip():
        raise ExtractionError(name, "no text could be read from the file")
    meta = metadata.detect(blocks, text)
    source = Source(path=name, format=fmt, sha256=hashlib.sha256(data).hexdigest(), size=size)
    return Document(doc_id=source.sha256, text=text, units=units, source=source, **meta)


def _read_blocks(file: Path, fmt: str, data: bytes) -> list[Block]:
    name = str(file)
    if fmt == "docx":
        if not zipfile.is_zipfile(file):
            raise ExtractionError(name, "not a valid .docx (not a zip package): corrupt, truncated, encrypted or wrongly named")
        try:
            return docx_reader.read_blocks(name)
        except Exception as exc:  # python-docx raises many kinds on damaged packages
            raise ExtractionError(name, f"cannot read the .docx: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ExtractionError(name, "text is neither UTF-8 nor GB18030") from exc
    return [Block(text=line) for line in text.splitlines()]
