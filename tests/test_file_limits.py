"""The extractors' file limits at their boundaries (extractors/sniff.py, extractors/__init__.py): the size
limit at the limit and one byte over, the unpacked-size limit likewise, the zip-bomb total as the sum
of the members, the 1 MiB / 200× ratio guard, the PDF end marker and the sniffing windows.

(These were in tests/test_deadlines.py until a change there dropped them with the registry tests; they
are the tests that catch issue #18's zip-bomb change.)"""
from __future__ import annotations

import struct
import zipfile

import pytest

from normreview.extractors import ExtractionError, extract
from normreview.extractors.sniff import check_pdf_complete, check_zip, sniff

pytestmark = pytest.mark.unit

ONE_KIB_IN_MB = "0.0009765625"  # 1024 bytes exactly


def text_file(path, size: int):
    head = "某某管理委员会关于印发某某办法的通知\n第一条 为规范管理，制定本办法。\n".encode()
    path.write_bytes(head + b"x" * (size - len(head)))
    return path


def test_a_file_exactly_at_the_size_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_FILE_MB", ONE_KIB_IN_MB)
    document = extract(text_file(tmp_path / "at.txt", 1024))
    assert document.source.size == 1024


def test_a_file_one_byte_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_FILE_MB", ONE_KIB_IN_MB)
    with pytest.raises(ExtractionError, match=r"文件大小 0\.0 MB，超过 0 MB 的上限（NORMREVIEW_MAX_FILE_MB）$"):
        extract(text_file(tmp_path / "over.txt", 1025))


def test_the_default_size_limit_is_fifty_megabytes(tmp_path, monkeypatch):
    monkeypatch.delenv("NORMREVIEW_MAX_FILE_MB", raising=False)
    big = tmp_path / "big.txt"
    with big.open("wb") as out:  # sparse: no 50 MB written to disk
        out.truncate(50 * 2**20 + 1)
    with pytest.raises(ExtractionError, match=r"文件大小 50\.0 MB，超过 50 MB 的上限（NORMREVIEW_MAX_FILE_MB）$"):
        extract(big)
    with big.open("r+b") as out:
        out.truncate(50 * 2**20)
    with pytest.raises(ExtractionError) as refused:  # at the limit it is read, and refused only as binary
        extract(big)
    assert "上限" not in str(refused.value)


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ExtractionError, match="文件为空$"):
        extract(empty)


def package(path, sizes: dict[str, int], compression: int = zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, size in sizes.items():
            archive.writestr(name, b"<" * size)
    return path


def test_a_package_unpacking_to_exactly_the_limit_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", ONE_KIB_IN_MB)
    assert check_zip(package(tmp_path / "at.docx", {"[Content_Types].xml": 500, "word/document.xml": 524})) is None


def test_a_package_one_byte_over_the_unpacked_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", ONE_KIB_IN_MB)
    with pytest.raises(ExtractionError, match="疑似压缩炸弹，已拒绝：解压后共 "):
        check_zip(package(tmp_path / "over.docx", {"[Content_Types].xml": 500, "word/document.xml": 525}))


def test_the_zip_bomb_total_is_the_sum_of_the_members(tmp_path, monkeypatch):
    # each member is under the limit; together they are over it
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", ONE_KIB_IN_MB)
    bomb = package(tmp_path / "sum.docx", {"word/document.xml": 600, "word/styles.xml": 600})
    with pytest.raises(ExtractionError, match="疑似压缩炸弹"):
        check_zip(bomb)
    with pytest.raises(ExtractionError, match="疑似压缩炸弹"):
        extract(bomb)


def test_the_zip_bomb_refusal_names_the_sizes_in_megabytes(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", "1")
    bomb = package(tmp_path / "mb.docx", {"word/document.xml": 2**20, "word/media/image1.png": 2 * 2**20})
    with pytest.raises(ExtractionError) as refused:
        check_zip(bomb)
    assert str(refused.value) == (f"{bomb}: 疑似压缩炸弹，已拒绝：解压后共 3 MB"
                                  "（上限 1 MB，NORMREVIEW_MAX_UNPACKED_MB）")


def test_a_member_of_exactly_one_mebibyte_may_compress_any_amount(tmp_path):
    check_zip(package(tmp_path / "mib.docx", {"word/document.xml": 2**20}, zipfile.ZIP_DEFLATED))


def test_a_member_over_one_mebibyte_compressed_over_200_times_is_refused(tmp_path):
    bomb = package(tmp_path / "ratio.docx", {"word/document.xml": 2**20 + 1}, zipfile.ZIP_DEFLATED)
    [member] = zipfile.ZipFile(bomb).infolist()
    with pytest.raises(ExtractionError) as refused:
        check_zip(bomb)
    assert str(refused.value) == (f"{bomb}: 疑似压缩炸弹，已拒绝：word/document.xml 解压后膨胀 "
                                  f"{member.file_size // member.compress_size} 倍")


def recorded_as(path, compressed: int):
    """A package whose central directory records ``compressed`` bytes for its 2,100,000-byte part:
    the guard reads the recorded sizes, as a crafted bomb would set them."""
    package(path, {"word/document.xml": 2_100_000}, zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, data.rindex(b"PK\x01\x02") + 20, compressed)
    path.write_bytes(bytes(data))
    return path


def test_a_ratio_of_exactly_200_is_accepted_and_just_over_it_refused(tmp_path):
    assert check_zip(recorded_as(tmp_path / "at.docx", 10_500)) is None  # 2,100,000 / 10,500 = 200
    with pytest.raises(ExtractionError, match="word/document.xml 解压后膨胀 200 倍"):
        check_zip(recorded_as(tmp_path / "over.docx", 10_499))


@pytest.mark.parametrize("compressed", [0, 1])
def test_a_part_recorded_as_empty_or_one_byte_is_measured_against_one_byte(tmp_path, compressed):
    with pytest.raises(ExtractionError, match="word/document.xml 解压后膨胀 2100000 倍$"):
        check_zip(recorded_as(tmp_path / "tiny.docx", compressed))


def test_a_large_member_compressed_normally_is_accepted(tmp_path):
    check_zip(package(tmp_path / "stored.docx", {"word/document.xml": 3 * 2**20}))  # stored: ratio 1


def test_a_package_without_a_word_document_is_refused(tmp_path):
    nodoc = package(tmp_path / "nodoc.docx", {"[Content_Types].xml": 10})
    with pytest.raises(ExtractionError) as refused:
        check_zip(nodoc)
    assert str(refused.value) == f"{nodoc}: 不是 Word 文档：压缩包中没有 word/document.xml"


def test_a_pdf_end_marker_in_the_last_2048_bytes_counts(tmp_path):
    data = b"%PDF-1.4\n%%EOF" + b"\n" * (2048 - 5)
    assert data[-2048:].startswith(b"%%EOF")
    assert check_pdf_complete(tmp_path / "a.pdf", data) is None
    with pytest.raises(ExtractionError) as refused:
        check_pdf_complete(tmp_path / "a.pdf", data + b"\n")
    assert str(refused.value) == f"{tmp_path / 'a.pdf'}: PDF 文件不完整或已损坏（缺少 %%EOF 结束标记）"


def test_the_pdf_signature_is_looked_for_in_the_first_kilobyte():
    assert sniff(b" " * 1019 + b"%PDF-1.7\n") == "pdf"  # ends at byte 1024
    assert sniff(b" " * 1020 + b"%PDF-1.7\n") == "text"


def test_the_content_types_part_is_looked_for_in_the_first_4096_bytes():
    head = b"PK\x03\x04"
    assert sniff(head + b"\x01" * (4096 - 4 - 19) + b"[Content_Types].xml") == "docx"
    assert sniff(head + b"\x01" * (4096 - 4 - 18) + b"[Content_Types].xml") == "zip"
