"""Decide what a file really is from its bytes, and refuse dangerous or unreadable packages early."""
from __future__ import annotations

import zipfile
from pathlib import Path

from normreview.extractors.errors import ExtractionError
from normreview.settings import settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office writes a password-protected .docx as an OLE compound file holding these two streams.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

# What each extension promises, as the content kinds sniff() can report.
EXPECTED = {
    ".docx": {"docx", "zip"},  # a zip without word/document.xml: check_zip says whether it is truncated or not Word
    ".pdf": {"pdf"},
    ".doc": {"ole", "rtf", "text"},  # Word also saves RTF and HTML ("web page") under .doc
    ".wps": {"ole"},
    ".png": {"png"},
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
    ".tif": {"tiff"},
    ".tiff": {"tiff"},
    ".txt": {"text"},
    ".md": {"text"},
}
CONTENT_NAMES = {
    "docx": "Word .docx 文档", "zip": "zip 压缩包（不是 Word 文档）", "pdf": "PDF 文件",
    "ole": "旧版 Office 文件（.doc/.wps）", "rtf": "RTF 文档", "png": "PNG 图片",
    "jpeg": "JPEG 图片", "tiff": "TIFF 图片", "text": "纯文本",
}
SUFFIX_FOR = {"docx": ".docx", "pdf": ".pdf", "ole": ".doc", "rtf": ".doc", "png": ".png", "jpeg": ".jpg",
              "tiff": ".tif", "text": ".txt"}


def max_bytes() -> int:
    """The size limit, read at call time so a batch can change it through the environment."""
    return int(settings().max_file_mb * 1024 * 1024)


def max_unpacked_bytes() -> int:
    """The largest total a .docx may unpack to (zip-bomb guard)."""
    return int(settings().max_unpacked_mb * 1024 * 1024)


MAX_RATIO = 200  # real Word XML compresses about 5-20x; a bomb compresses hundreds of times


def sniff(data: bytes) -> str:
    """The content kind from magic bytes: docx, zip, pdf, ole, encrypted-office, rtf, png, jpeg, tiff, text, binary."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx" if b"word/document.xml" in data or b"[Content_Types].xml" in data[:4096] else "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head == OLE_MAGIC:
        return "encrypted-office" if ENCRYPTED_PACKAGE in data and ENCRYPTION_INFO in data else "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return "text" if _looks_like_text(data[:65536]) else "binary"


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return sample.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 with a byte-order mark
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(sample) - 4:  # the sample cut a multi-byte character in half
                return True
    return False


def check_content(file: Path, data: bytes) -> str:
    """The content kind, after refusing a wrong extension or an encrypted Office file."""
    name = str(file)
    suffix = file.suffix.lower()
    kind = sniff(data)
    if kind == "encrypted-office":
        raise ExtractionError(name, "文件已加密（设有密码的 Office 文档），请取消密码后重新提交")
    expected = EXPECTED[suffix]
    if kind not in expected:
        if kind == "binary" and "text" in expected:
            raise ExtractionError(name, f"文件扩展名为 {suffix}，但内容是二进制数据而非文本")
        if kind == "binary":
            raise ExtractionError(name, f"不是有效的 {suffix} 文件：文件损坏或不完整（无法识别的内容）")
        hint = f"，请改名为 {SUFFIX_FOR[kind]}" if kind in SUFFIX_FOR else ""
        raise ExtractionError(name, f"扩展名不符：文件名为 {suffix}，内容却是{CONTENT_NAMES[kind]}{hint}")
    return kind


def check_zip(file: Path) -> None:
    """Refuse a corrupt, truncated or zip-bomb .docx before any XML parser sees it."""
    name = str(file)
    try:
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(name, f"不是有效的 .docx 文件：zip 包损坏或不完整（{exc}）") from exc
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise ExtractionError(name, "不是 Word 文档：压缩包中没有 word/document.xml")
    total = sum(m.file_size for m in members)
    if total > max_unpacked_bytes():
        raise ExtractionError(name, f"疑似压缩炸弹，已拒绝：解压后共 {total / 2**20:.0f} MB"
                                    f"（上限 {max_unpacked_bytes() / 2**20:.0f} MB，NORMREVIEW_MAX_UNPACKED_MB）")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ExtractionError(name, f"疑似压缩炸弹，已拒绝：{member.filename} 解压后膨胀 "
                                        f"{member.file_size // max(member.compress_size, 1)} 倍")


def check_pdf_complete(file: Path, data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError(str(file), "PDF 文件不完整或已损坏（缺少 %%EOF 结束标记）")
