"""Plain text and Markdown, encodings, kind detection, and the page-layout rules on synthetic lines."""
from __future__ import annotations

import pytest

from normreview.extractors import extract
from normreview.extractors.layout import Line, paragraphs
from normreview.settings import settings

# Marked per test: some need LibreOffice or run the CLI (integration), the rest are unit tests.

SAMPLES = settings().shared_dir / "samples" / "real"

NOTICE = """# 关于加强招商引资协议管理的
# 通知

各部门：

一、严格审查

（一）协议金额以５０００万元为限。

本通知自２０２４年１月１日起施行，有效期至２０２６年１２月３１日。
"""


@pytest.mark.unit
def test_markdown_notice(tmp_path):
    path = tmp_path / "notice.md"
    path.write_text(NOTICE, encoding="utf-8")
    document = extract(path)
    assert document.source.format == "md"
    assert document.title == "关于加强招商引资协议管理的通知"  # two heading lines, # marks dropped
    assert document.kind == "normative"  # a notice about agreements is not an agreement
    assert document.dates.effective == "2024-01-01"  # full-width digits read through the folded view
    assert document.validity.model_dump(include={"text", "years", "until"}) == {"text": "有效期至２０２６年１２月３１日", "years": None, "until": "2026-12-31"}
    assert document.dates.expires == "2026-12-31"
    assert [u.path for u in document.units if u.kind.startswith("outline")] == [["一、"], ["一、", "（一）"]]


@pytest.mark.unit
def test_gb18030_text(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode("gb18030"))
    document = extract(path)
    assert "招商引资协议管理" in document.text


@pytest.mark.unit
def test_report_is_other():
    document = extract(SAMPLES / "changzhou-etdz-rule-of-law-report-2023.txt")
    assert document.kind == "other"
    assert [u.label for u in document.units if u.kind == "outline-1"][:1] == ["一、"]


def _line(text: str, page: int, top: float, x0: float = 72, x1: float = 520) -> Line:
    return Line(text=text, x0=x0, x1=x1, top=top, bottom=top + 14, page=page, page_height=800)


@pytest.mark.unit
def test_layout_drops_running_heads_and_joins_across_pages():
    pages = [
        [_line("某某管委会规范性文件", 1, 30, 200, 380), _line("为规范管理，制定本办法。本办法适用于", 1, 100),
         _line("- 1 -", 1, 760, 280, 310)],
        [_line("某某管委会规范性文件", 2, 30, 200, 380), _line("开发区内的企业。", 2, 100, 72, 200),
         _line("第 2 页", 2, 760, 280, 310)],
    ]
    blocks = paragraphs(pages)
    assert [b.text for b in blocks] == ["为规范管理，制定本办法。本办法适用于开发区内的企业。"]
    assert blocks[0].page == 1


@pytest.mark.integration
def test_web_page_saved_as_doc_goes_through_libreoffice(tmp_path):
    """Word's "save as web page" under a .doc name is HTML; LibreOffice converts it like a .doc."""
    path = tmp_path / "notice.doc"
    path.write_text('<html><head><meta charset="utf-8"></head><body><p>关于印发某某办法的通知</p>'
                    "<p>第一条 为了规范管理，制定本办法。</p><p>第二条 本办法自发布之日起施行。</p></body></html>",
                    encoding="utf-8")
    document = extract(path)
    assert document.source.format == "doc"
    assert document.title == "关于印发某某办法的通知"
    assert [u.label for u in document.units if u.kind == "条"] == ["第一条", "第二条"]
