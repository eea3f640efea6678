"""extractors: turn a file into a ``Document``."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from normreview.extractors import agreement, docx_reader, metadata, tables
from normreview.extractors.convert import convert
from normreview.extractors.errors import ExtractionError, describe
from normreview.extractors.layout import paragraphs
from normreview.extractors.limits import check_chars, check_lines, check_quality
from normreview.extractors.ocr import ocr_images
from normreview.extractors.pdf_reader import read_pdf
from normreview.extractors.sniff import EXPECTED, check_content, check_pdf_complete, check_zip, max_bytes
from normreview.extractors.structure import Block, build_units
from normreview.model import Document, Kind, Source, Unit

SUPPORTED = tuple(EXPECTED)

__all__ = ["Document", "Unit", "Source", "ExtractionError", "extract", "extract_text", "SUPPORTED"]


def extract(path: str | os.PathLike[str], pdf_engine: str | None = None) -> Document:
    """Read one file into a Document, or raise ExtractionError with a one-line reason."""
    file = Path(path)
    name = str(file)
    if not file.is_file():
        raise ExtractionError(name, "文件不存在")
    size = file.stat().st_size
    if size == 0:
        raise ExtractionError(name, "文件为空")
    limit = max_bytes()
    if size > limit:
        raise ExtractionError(name, f"文件大小 {size / 2**20:.1f} MB，超过 {limit / 2**20:.0f} MB 的上限（NORMREVIEW_MAX_FILE_MB）")
    suffix = file.suffix.lower()
    if suffix not in EXPECTED:
        raise ExtractionError(name, f"不支持的文件类型 {file.suffix or '（无扩展名）'}，应为 {'、'.join(SUPPORTED)} 之一")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ExtractionError(name, f"无法读取文件：{exc.strerror or exc}") from exc
    content = check_content(file, data)
    source = Source(path=name, format=suffix.lstrip(".").replace("jpeg", "jpg"),
                    sha256=hashlib.sha256(data).hexdigest(), size=size)
    try:
        blocks = _read_blocks(file, content, data, source, pdf_engine)
    except ExtractionError:
        raise
    except Exception as exc:  # a damaged file can trip any parser; the batch needs a reason, not a traceback
        raise ExtractionError(name, f"无法读取文件（文件损坏或内容异常）：{describe(exc)}") from exc
    check_lines(name, len(blocks))
    check_chars(name, sum(len(b.text) for b in blocks))
    document = _assemble(blocks, source)
    if document.kind in tables.KINDS and source.format in ("docx", "pdf"):
        # The checks read the typed rows, so the file's tables are read here, once, with their merged cells.
        rows = tables.read_table_document(file)
        document.discretion_rows, document.exemption_rows, document.decision_entries = \
            rows.discretion, rows.exemptions, rows.decisions
    check_quality(name, document.text)
    if not document.text.strip():
        reason = "未能从文件中读取到文字"
        raise ExtractionError(name, reason + ("（OCR 也未识别出文字）" if source.ocr else ""))
    return document


def extract_text(text: str) -> Document:
    """A Document for a plain text (a rule example, a benchmark text), read as a .txt file would be."""
    data = text.encode("utf-8")
    source = Source(path="<text>", format="txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return _assemble([Block(text=line) for line in text.splitlines()], source)


def _assemble(blocks: list[Block], source: Source) -> Document:
    """Units, metadata and agreement fields over the blocks a reader produced."""
    text, units = build_units(blocks)
    document = Document(doc_id=source.sha256, text=text, units=units, source=source, **metadata.detect(blocks, text))
    if not document.title:  # reports, search hits and letters need a name; the file's is the best left
        document.title = Path(source.path).stem
    # A reader writes a table block's first line as its header, cells apart by " | ".
    tabular = tables.document_kind(document.title, [tables.header_kind(b.text.split("\n", 1)[0].split(" | "))
                                                    for b in blocks if b.is_table])
    if tabular:  # a discretion standard, exemption list or decision catalogue: its rows are checked
        document.kind = Kind(tabular)
    if document.kind == "agreement":
        document.agreement, warnings = agreement.extract_fields(document)
        document.warnings.extend(warnings)
    if source.ocr and source.ocr_confidence is not None and source.ocr_confidence < 60:
        document.warnings.append(f"OCR 识别置信度较低（{source.ocr_confidence}），请人工核对原文")
    return document


def _read_blocks(file: Path, content: str, data: bytes, source: Source, pdf_engine: str | None) -> list[Block]:
    name = str(file)
    if content in ("docx", "zip"):
        check_zip(file)
        return _read_docx(file, name)
    if content == "pdf":
        check_pdf_complete(file, data)
        pdf = read_pdf(name, engine=pdf_engine)
        source.pages = pdf.pages
        if pdf.ocr_pages:
            source.ocr, source.ocr_confidence = True, pdf.ocr_confidence
        return pdf.blocks
    if content in ("png", "jpeg", "tiff"):
        _check_image(file, name)
        pages, confidence = ocr_images([file], name)
        source.format, source.pages, source.ocr, source.ocr_confidence = "image", len(pages), True, confidence
        return paragraphs(pages)
    if source.format in ("doc", "wps"):
        with tempfile.TemporaryDirectory(prefix="normreview-convert-") as tmp:
            # LibreOffice picks its import filter from the content; a plain name avoids odd characters.
            copy = Path(tmp) / f"input{file.suffix.lower()}"
            shutil.copyfile(file, copy)
            return _read_docx(convert(copy, "docx:MS Word 2007 XML", Path(tmp), name), name)
    text = _decode(data, name)
    check_chars(name, len(text))
    lines = text.splitlines()
    check_lines(name, len(lines))
    if content == "text" and source.format == "md":
        return [_markdown_block(line) for line in lines]
    return [Block(text=line) for line in lines]


def _markdown_block(line: str) -> Block:
    """A Markdown heading loses its # marks and keeps its level as a style, so the title is found."""
    heading = re.match(r"^(#{1,6})\s+(.*)$", line)
    if heading:
        return Block(text=heading.group(2), style=f"heading {len(heading.group(1))}")
    return Block(text=line)


def _check_image(file: Path, name: str) -> None:
    """Decode the image once, so a truncated scan gets a clear reason instead of a tesseract error."""
    from PIL import Image

    try:
        with Image.open(file) as image:
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError(name, f"无法解码图片：文件损坏、不完整或过大（{exc}）") from exc


def _read_docx(file: Path, name: str) -> list[Block]:
    try:
        return docx_reader.read_blocks(str(file))
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged packages
        raise ExtractionError(name, f"无法读取 .docx 文件（文件损坏或不完整）：{describe(exc)}") from exc


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError(name, "文本编码既不是 UTF-8 也不是 GB18030")
