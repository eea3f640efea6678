"""Fuzzing the extractors (issue 16, item 6): damaged .docx, .pdf, zip and text files.

Every input either extracts or raises ExtractionError with a one-line Chinese reason that names
the file; no other exception escapes. Bounded: few examples per property, a deadline per example.
"""
from __future__ import annotations

import io
import re
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normreview.extractors import Document, ExtractionError, extract

FUZZ = settings(max_examples=25, deadline=20_000, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TEXT = "某某区人民政府关于印发企业服务办法的通知\n第一条 为规范企业服务工作，制定本办法。\n第二条 本办法自印发之日起施行。\n"


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=1)
    page.setFont("STSong-Light", 12)
    for number, line in enumerate(TEXT.splitlines()):
        page.drawString(72, 760 - 20 * number, line)
    page.save()
    return buffer.getvalue()


DOCX = _docx_bytes()
PDF = _pdf_bytes()


def assert_extracts_or_explains(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"送审稿{suffix}"
        path.write_bytes(data)
        try:
            document = extract(path)
        except ExtractionError as exc:
            message = str(exc)
            assert "\n" not in message and str(path) in message, message
            assert CHINESE.search(exc.reason), message
            return
        assert isinstance(document, Document) and document.text.strip()


def rezip(data: bytes, order: list[int] | None = None, compress_type: int | None = None) -> bytes:
    """The package's members again, in another order or stored with another compression method."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    if order is not None:
        members = [members[i % len(members)] for i in order] or members
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        seen = set()
        for info, content in members:
            if info.filename in seen:
                continue
            seen.add(info.filename)
            target.writestr(info.filename, content)
    packed = out.getvalue()
    if compress_type is not None:  # patch every local and central header's method field
        packed = _patch_headers(packed, lambda header, method_at: header[:method_at] + struct.pack("<H", compress_type)
                                + header[method_at + 2:])
    return packed


def _patch_headers(data: bytes, patch) -> bytes:
    out = bytearray(data)
    for signature, method_at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (at := bytes(out).find(signature, start)) != -1:
            out[at:at + 46] = patch(bytes(out[at:at + 46]), method_at)
            start = at + 4
    return bytes(out)


def _set_field(data: bytes, local_offset: int, central_offset: int, value: bytes) -> bytes:
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = 0
        while (at := bytes(out).find(signature, start)) != -1:
            out[at + offset:at + offset + len(value)] = value
            start = at + 4
    return bytes(out)


@pytest.mark.parametrize("name, data", [
    ("members shuffled", rezip(DOCX, order=[3, 0, 2, 1, 5, 4, 7, 6, 8, 9, 10])),
    ("unknown compression", rezip(DOCX, compress_type=99)),
    ("bzip2 compression label", rezip(DOCX, compress_type=12)),
    ("encrypted members", _set_field(DOCX, 6, 8, struct.pack("<H", 1))),
    ("lying uncompressed sizes", _set_field(DOCX, 22, 24, struct.pack("<I", 7))),
    ("lying compressed sizes", _set_field(DOCX, 18, 20, struct.pack("<I", 3))),
    ("bad CRC", _set_field(DOCX, 14, 16, b"\x00\x00\x00\x00")),
])
@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
def test_crafted_docx_packages(name, data):
    assert_extracts_or_explains(data, ".docx")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(DOCX) - 1))
def test_truncated_docx(cut):
    assert_extracts_or_explains(DOCX[:cut], ".docx")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_docx_with_flipped_bytes(flips):
    data = bytearray(DOCX)
    for at, value in flips:
        data[at] = value
    assert_extracts_or_explains(bytes(data), ".docx")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(order=st.lists(st.integers(0, 30), max_size=12), method=st.sampled_from([None, 0, 1, 6, 9, 12, 14, 93, 95, 99]))
def test_docx_members_reordered_and_relabelled(order, method):
    assert_extracts_or_explains(rezip(DOCX, order=order or None, compress_type=method), ".docx")


@FUZZ
@given(members=st.lists(st.tuples(st.text(st.characters(blacklist_characters="\x00"), min_size=1, max_size=20),
                                  st.binary(max_size=200)), max_size=5))
@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
def test_arbitrary_zip_named_docx(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in members:
            package.writestr(name, content)
    assert_extracts_or_explains(out.getvalue(), ".docx")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(PDF) - 1), keep_eof=st.booleans())
def test_truncated_pdf(cut, keep_eof):
    assert_extracts_or_explains(PDF[:cut] + (b"\n%%EOF\n" if keep_eof else b""), ".pdf")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(garbage=st.binary(min_size=1, max_size=400), at=st.integers(0, 100))
def test_pdf_with_garbage_streams(garbage, at):
    # Replace bytes inside each content stream (and keep the end marker, so the parser really runs).
    data = bytearray(PDF)
    start = 0
    while (found := bytes(data).find(b"stream\n", start)) != -1:
        position = found + 7 + at
        data[position:position + len(garbage)] = garbage
        start = found + 7 + len(garbage) + at
    assert_extracts_or_explains(bytes(data), ".pdf")


@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
@FUZZ
@given(data=st.binary(min_size=1, max_size=4000))
def test_random_bytes_as_text(data):
    assert_extracts_or_explains(data, ".txt")


@FUZZ
@given(text=st.text(alphabet=st.characters(min_codepoint=0x4e00, max_codepoint=0x9fa5) | st.sampled_from("，。；：\n 第条"),
                    min_size=1, max_size=400),
       encoding=st.sampled_from(["gbk", "gb18030", "utf-8", "utf-16", "mojibake"]))
@pytest.mark.integration  # bounded, but minutes long: kept out of the fast unit run
def test_chinese_text_in_any_encoding(text, encoding):
    if encoding == "mojibake":  # UTF-8 bytes read as Latin-1 and saved again as UTF-8
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    else:
        data = text.encode(encoding)
    assert_extracts_or_explains(data, ".txt")


@pytest.mark.integration  # one CLI process: the flow's path, where a Prefect traceback once reached the user
def test_damaged_files_in_one_cli_batch_are_one_line_each_and_the_batch_goes_on(tmp_path):
    """Mutated .docx, .pdf, zip and .txt bytes (seeded, so the same files each run) in one `review` batch
    with a good file: the good one is reviewed; each other is reviewed or refused in one Chinese line that
    names it; no traceback."""
    import json
    import os
    import random
    import subprocess
    import sys

    rng = random.Random(16)

    def flipped(data: bytes, count: int) -> bytes:
        out = bytearray(data)
        for _ in range(count):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)

    damaged = {
        "截断.docx": DOCX[:len(DOCX) // 2], "翻转.docx": flipped(DOCX, 40), "坏校验.docx": _set_field(DOCX, 14, 16, b"\0\0\0\0"),
        "未知压缩.docx": rezip(DOCX, compress_type=99), "截断.pdf": PDF[:len(PDF) // 3], "翻转.pdf": flipped(PDF, 60),
        "随机.zip": bytes(rng.randrange(256) for _ in range(3000)), "乱码.txt": bytes(rng.randrange(256) for _ in range(5000)),
        "翻转.txt": flipped(TEXT.encode("gb18030"), 10),
    }
    files = []
    for name, data in damaged.items():
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    good = tmp_path / "完好.txt"
    good.write_text(TEXT, encoding="utf-8")
    files.append(good)
    cli = str(Path(sys.executable).parent / "normreview")
    env = dict(os.environ, PREFECT_RESULTS_LOCAL_STORAGE_PATH=str(tmp_path / "results"))
    done = subprocess.run([cli, "review", "--no-archive", "--json", *map(str, files)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert "Traceback" not in done.stderr and done.returncode in (0, 2), done.stderr
    reviewed = {Path(review["document"]["source"]["path"]).name for review in json.loads(done.stdout)}
    refused = [line for line in done.stderr.splitlines() if line.startswith(f"normreview: {tmp_path}")]
    assert "完好.txt" in reviewed
    for path in files:
        lines = [line for line in refused if str(path) in line]
        assert (path.name in reviewed) != bool(lines), (path.name, lines)  # reviewed, or refused: not both
        assert len(lines) <= 1 and all(CHINESE.search(line) for line in lines), lines
    assert len(refused) >= 5  # most of these are unreadable
    assert done.returncode == (2 if refused else 0)
