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
    "empty.docx": "文件为空",
    "truncated.docx": "不是有效的 .docx 文件：zip 包损坏或不完整",
    "truncated.pdf": "PDF 文件不完整或已损坏（缺少 %%EOF 结束标记）",
    "garbage.pdf": "PDF 文件已损坏或不完整",
    "encrypted.pdf": "PDF 文件已加密（设有密码）",
    "encrypted.docx": "文件已加密（设有密码的 Office 文档）",
    "zip-bomb.docx": "疑似压缩炸弹，已拒绝：word/media/padding.bin 解压后膨胀",
    "pdf-named.docx": "扩展名不符：文件名为 .docx，内容却是PDF 文件，请改名为 .pdf",
    "docx-named.pdf": "扩展名不符：文件名为 .pdf，内容却是Word .docx 文档",
    "binary-named.txt": "文件扩展名为 .txt，但内容是二进制数据而非文本",
    "truncated.png": "无法解码图片：文件损坏、不完整或过大",
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
    with pytest.raises(ExtractionError, match=r"超过 0 MB 的上限（NORMREVIEW_MAX_FILE_MB）") as caught:
        extract(path)
    assert str(caught.value).startswith(f"{path}: 文件大小 0.0")


def test_zip_bomb_total_size_limit(fixtures, monkeypatch):
    monkeypatch.setenv("NORMREVIEW_MAX_UNPACKED_MB", "10")
    with pytest.raises(ExtractionError, match=r"解压后共 6\d MB（上限 10 MB，NORMREVIEW_MAX_UNPACKED_MB）"):
        extract(fixtures / "bad" / "zip-bomb.docx")


def test_image_without_text(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    with pytest.raises(ExtractionError, match=r"未能从文件中读取到文字（OCR 也未识别出文字）"):
        extract(blank)


def test_unsupported_and_missing(tmp_path):
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ExtractionError, match=r"不支持的文件类型 \.xlsx，应为 \.docx、\.pdf"):
        extract(sheet)
    with pytest.raises(ExtractionError, match="文件不存在"):
        extract(tmp_path / "missing.docx")


def test_doc_without_libreoffice_says_what_to_install(fixtures, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which no soffice can be found
    with pytest.raises(ExtractionError, match=r"读取 \.doc 文件需要 LibreOffice，请安装"):
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


def _docx_with_doctype(tmp_path: Path, name: str, doctype: str, body_text: str) -> Path:
    """A real .docx whose word/document.xml carries ``doctype`` and ``body_text`` as a paragraph's text."""
    import zipfile

    from docx import Document as Docx

    plain = tmp_path / f"plain-{name}"
    document = Docx()
    document.add_paragraph("某某区人民政府关于印发管理办法的通知")
    document.add_paragraph("第一条 为规范管理工作，制定本办法。")
    document.add_paragraph("BODY-MARK")
    document.save(plain)
    crafted = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                end_of_declaration = xml.index("?>") + 2
                data = (xml[:end_of_declaration] + doctype + xml[end_of_declaration:]).replace("BODY-MARK", body_text).encode()
            target.writestr(item, data)
    return crafted


def test_a_docx_with_an_external_entity_does_not_read_the_file_it_names(tmp_path):
    """XXE: the entity is not resolved, so the secret file's text never reaches the document."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = _docx_with_doctype(tmp_path, "xxe.docx", f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>',
                              "&xxe;")
    document = extract(path)
    assert "TOP-SECRET" not in document.text and document.title == "某某区人民政府关于印发管理办法的通知"


def test_a_docx_with_nested_entities_is_refused_unexpanded(tmp_path):
    """Billion laughs: nine levels of ten-fold entities (10^9 'lol's) are refused by the XML parser's
    amplification limit, before expanding, with one line naming the file."""
    levels = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    path = _docx_with_doctype(tmp_path, "laughs.docx", f'<!DOCTYPE w:document [<!ENTITY lol "lol">{levels}]>', "&lol9;")
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: 无法读取 .docx 文件") and "amplification" in message and "\n" not in message
