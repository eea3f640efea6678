"""What a file is, from its bytes (extractors/sniff.py): each kind, each refusal and its message."""
from __future__ import annotations

from pathlib import Path

import pytest

from normreview.extractors import ExtractionError
from normreview.extractors.sniff import ENCRYPTED_PACKAGE, ENCRYPTION_INFO, OLE_MAGIC, check_content, check_zip, sniff

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("data,kind", [
    (b"PK\x03\x04" + b"\x00" * 5000 + b"word/document.xml", "docx"),  # the part name anywhere
    (b"PK\x03\x04" + b"\x00" * 30 + b"[Content_Types].xml", "docx"),
    (b"PK\x03\x04" + b"\x00" * 30 + b"mimetype", "zip"),
    (b"PK\x05\x06" + b"\x00" * 18, "zip"),  # an empty zip
    (b"%PDF-1.7\n", "pdf"),
    (OLE_MAGIC + b"\x00" * 64 + ENCRYPTED_PACKAGE + ENCRYPTION_INFO, "encrypted-office"),
    (OLE_MAGIC + b"\x00" * 64 + ENCRYPTED_PACKAGE, "ole"),  # one stream name alone is no encryption
    (OLE_MAGIC + b"\x00" * 64 + ENCRYPTION_INFO, "ole"),
    (OLE_MAGIC[:7] + b"\x00" + b"\x00" * 64, "binary"),  # seven bytes of the magic are not enough
    (b"{\\rtf1\\ansi \\u25991?}", "rtf"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "png"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "jpeg"),
    (b"II*\x00" + b"\x00" * 16, "tiff"),
    (b"MM\x00*" + b"\x00" * 16, "tiff"),
    ("第一条 为规范管理，制定本办法。".encode(), "text"),
    ("第一条 为规范管理，制定本办法。".encode("gb18030"), "text"),
    ("\ufeff第一条".encode("utf-16-le"), "text"),  # little-endian byte-order mark
    ("\ufeff第一条".encode("utf-16-be"), "text"),
    ("第一条".encode("utf-16-le"), "binary"),  # NUL bytes and no byte-order mark
    (b"\x80" * 100, "binary"),
])
def test_the_content_kind(data, kind):
    assert sniff(data) == kind


def test_a_multibyte_character_cut_by_the_sample_end_is_still_text():
    assert sniff(("中" * 30).encode("utf-8")[:-1]) == "text"
    assert sniff(b"a" * 20 + b"a\x80bc") == "text"  # an undecodable byte among the last three
    assert sniff(b"a" * 20 + b"\x80abc") == "binary"  # four from the end: a real error


def test_only_the_first_64_kib_are_sampled_for_text():
    assert sniff(b"a" * 65536 + b"\x00") == "text"
    assert sniff(b"a" * 65535 + b"\x00") == "binary"


PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.mark.parametrize("name,data,message", [
    ("a.docx", PDF, r"扩展名不符：文件名为 \.docx，内容却是PDF 文件，请改名为 \.pdf$"),
    ("a.pdf", b"PK\x03\x04mimetype", r"扩展名不符：文件名为 \.pdf，内容却是zip 压缩包（不是 Word 文档）$"),
    ("a.pdf", "第一条".encode(), r"内容却是纯文本，请改名为 \.txt$"),
    ("a.txt", b"\x00\x01\x02\x03", r"文件扩展名为 \.txt，但内容是二进制数据而非文本$"),
    ("a.pdf", b"\x00\x01\x02\x03", r"不是有效的 \.pdf 文件：文件损坏或不完整（无法识别的内容）$"),
    ("a.doc", OLE_MAGIC + ENCRYPTED_PACKAGE + ENCRYPTION_INFO,
     "文件已加密（设有密码的 Office 文档），请取消密码后重新提交$"),
    ("a.png", b"\xff\xd8\xff\xe0", r"文件名为 \.png，内容却是JPEG 图片，请改名为 \.jpg$"),
])
def test_a_mismatch_is_refused_with_its_reason(name, data, message):
    with pytest.raises(ExtractionError, match=message) as refused:
        check_content(Path(name), data)
    assert str(refused.value).startswith(name)


@pytest.mark.parametrize("name,data,kind", [
    ("a.docx", b"PK\x03\x04mimetype", "zip"),  # check_zip says later whether it is truncated or not Word
    ("A.PDF", PDF, "pdf"),  # the extension's case does not matter
    ("a.doc", b"{\\rtf1}", "rtf"),
    ("a.doc", "<html>第一条</html>".encode(), "text"),
    ("a.md", "# 标题".encode(), "text"),
    ("a.tif", b"MM\x00*\x00", "tiff"),
])
def test_what_an_extension_may_hold(name, data, kind):
    assert check_content(Path(name), data) == kind


def test_a_truncated_zip_is_refused(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ExtractionError, match=r"不是有效的 \.docx 文件：zip 包损坏或不完整（") as refused:
        check_zip(broken)
    assert str(refused.value).startswith(f"{broken}: ")
