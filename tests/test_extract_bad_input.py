"""Bad input: each file gets a one-line reason that names it, from the API and from the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.generate import build_all

from normreview.extractors import ExtractionError, extract

pytestmark = pytest.mark.integration

CLI = [str(Path(sys.executable).parent / "normreview")]


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    return build_all(tmp_path_factory.getbasetemp() / "extract-fixtures")


CASES = {
    "empty.docx": "the file is empty",
    "truncated.docx": "not a valid .docx: corrupt or truncated zip package",
    "truncated.pdf": "the PDF is truncated or corrupt (no %%EOF end marker)",
    "garbage.pdf": "the PDF is corrupt or truncated",
    "encrypted.pdf": "the PDF is encrypted (password-protected)",
    "encrypted.docx": "the file is encrypted (password-protected Office document)",
    "zip-bomb.docx": "refused as a possible zip bomb: word/media/padding.bin expands",
    "pdf-named.docx": "wrong extension: the file is named .docx but its content is a PDF; rename it to .pdf",
    "docx-named.pdf": "wrong extension: the file is named .pdf but its content is a Word .docx package",
    "binary-named.txt": "the file is named .txt but holds binary data, not text",
    "truncated.png": "cannot decode the image: corrupt, truncated or too large",
}


@pytest.mark.parametrize("name", CASES)
def test_bad_file_gets_its_reason(fixtures, name):
    path = fixtures / "bad" / name
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {CASES[name]}")
    assert "\n" not in message


def test_oversized_file(fixtures, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_FILE_MB", "0.01")
    path = fixtures / "rules-autonumbered.docx"
    with pytest.raises(ExtractionError, match=r"over the 0 MB limit \(NORMREVIEW_MAX_FILE_MB\)") as caught:
        extract(path)
    assert str(caught.value).startswith(f"{path}: the file is 0.0")


def test_zip_bomb_total_size_limit(fixtures, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", "10")
    with pytest.raises(ExtractionError, match=r"it unpacks to 6\d MB \(limit 10 MB, NORMREVIEW_MAX_UNPACKED_MB\)"):
        extract(fixtures / "bad" / "zip-bomb.docx")


def test_image_without_text(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    with pytest.raises(ExtractionError, match=r"no text could be read from the file \(OCR found none\)"):
        extract(blank)


def test_unsupported_and_missing(tmp_path):
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ExtractionError, match=r"unsupported file type \.xlsx; expected one of \.docx, \.pdf"):
        extract(sheet)
    with pytest.raises(ExtractionError, match="no such file"):
        extract(tmp_path / "missing.docx")


def test_doc_without_libreoffice_says_what_to_install(fixtures, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which no soffice can be found
    with pytest.raises(ExtractionError, match=r"reading \.doc files needs LibreOffice; install it"):
        extract(fixtures / "investment-agreement.doc")


def test_cli_prints_one_line_and_exits_2_per_bad_file(fixtures):
    for name in ("encrypted.docx", "pdf-named.docx", "zip-bomb.docx"):
        path = fixtures / "bad" / name
        done = subprocess.run(CLI + ["extract", str(path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert done.stderr.startswith(f"normreview: {path}: {CASES[name]}")


def test_a_batch_goes_on_after_bad_files(fixtures):
    """Reading a mixed batch: every bad file gets its reason, every good file its document."""
    paths = [fixtures / "bad" / name for name in CASES] + [fixtures / "rules-autonumbered.docx"]
    results = {}
    for path in paths:
        try:
            results[path.name] = extract(path).title
        except ExtractionError as exc:
            results[path.name] = exc.reason
    assert results["rules-autonumbered.docx"].endswith("的通知")
    assert all(results[name].startswith(CASES[name]) for name in CASES)
