"""Extraction of PDFs (both text-layer engines), of a LibreOffice PDF, and of scans (PNG, image-only PDF,
multi-page TIFF) through tesseract."""
from __future__ import annotations

import difflib
import re

import pytest
from fixtures.generate import build_all

from normreview.extractors import extract
from normreview.settings import settings

pytestmark = pytest.mark.integration

SAMPLES = settings().shared_dir / "samples" / "real"
NDRC = SAMPLES / "ndrc-sat-tax-credit-notice-2019.pdf"
NDRC_REFERENCE = SAMPLES / "ndrc-sat-tax-credit-notice-2019.reference.txt"
ENGINES = ["pypdfium2", "pdfplumber"]


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    return build_all(tmp_path_factory.getbasetemp() / "extract-fixtures")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("engine", ENGINES)
def test_ndrc_sat_notice_golden(engine):
    document = extract(NDRC, pdf_engine=engine)
    assert document.source.format == "pdf" and document.source.pages == 5 and not document.source.ocr
    assert document.doc_number == "发改办财金规〔2019〕860号"
    assert document.issuer == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert document.title == "关于加强个人所得税纳税信用建设的通知"
    assert document.kind == "normative"
    assert document.dates.signed == "2019-08-20"
    sections = [u for u in document.units if u.kind == "outline-1"]
    assert [u.text.split("\n")[0] for u in sections] == [
        "一、总体要求", "二、建立个人所得税纳税信用管理机制", "三、完善守信联合激励和失信联合惩戒机制",
        "四、加强信息安全和权益维护", "五、强化组织实施"]
    second = document.children(document.units.index(sections[1]))
    assert [u.label for u in second] == ["（一）", "（二）", "（三）"]
    # Page numbers (— 1 —) are gone, and paragraphs run on over line and page breaks.
    assert "—" not in document.text
    assert "着眼于优化税收制度、推动经济发展、惠及百姓民生" in document.text  # crosses pages 1→2
    assert "国发〔2018〕41号" in document.text  # layout spaces between digits and 号 removed
    reference = NDRC_REFERENCE.read_text(encoding="utf-8")
    ratio = _similarity(_squeezed(document.text), _squeezed(reference))
    assert ratio > 0.99, ratio
    for unit in document.units:
        assert document.text[unit.start:unit.end] == unit.text


@pytest.mark.parametrize("engine", ENGINES)
def test_libreoffice_pdf_of_the_autonumbered_docx(fixtures, engine):
    document = extract(fixtures / "rules-autonumbered.pdf", pdf_engine=engine)
    assert document.source.pages == 2
    assert document.title == "某某经济开发区管理委员会关于印发《企业投资项目服务管理办法》的通知"
    assert document.doc_number == "某经开管发〔2024〕7号"
    assert document.issuer == ["某某经济开发区管理委员会"]
    assert document.dates.effective == "2024-03-01" and document.dates.expires == "2029-02-28"
    assert [u.label for u in document.units if u.kind == "条"] == [
        "第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"]
    assert [u.path for u in document.units if u.kind == "项"][:3] == [
        ["第二章", "第三条", "（一）"], ["第二章", "第三条", "（二）"], ["第二章", "第三条", "（三）"]]
    # The page head and foot repeat on both pages and are dropped.
    assert "页眉" not in document.text and "页脚" not in document.text
    [table] = [u for u in document.units if u.kind == "table"]
    assert table.text == "服务事项 | 办理时限 | 责任部门\n项目代办 | 5个工作日 | 经济发展局"


def test_docx_and_its_pdf_agree(fixtures):
    from_docx = extract(fixtures / "rules-autonumbered.docx")
    from_pdf = extract(fixtures / "rules-autonumbered.pdf")
    body = lambda d: [u.path for u in d.units if u.kind in ("章", "条", "款", "项")]  # noqa: E731
    assert body(from_pdf) == body(from_docx)


@pytest.mark.parametrize("name", ["rules-scan.png", "rules-scan.pdf"])
def test_scanned_page_is_ocred(fixtures, name):
    document = extract(fixtures / name)
    assert document.source.ocr is True
    assert document.source.ocr_confidence is not None and 50 < document.source.ocr_confidence <= 100
    assert document.source.format == ("image" if name.endswith(".png") else "pdf")
    # OCR misreads a character now and then: compare the title and the issuer closely, not exactly.
    assert _similarity(document.title, "某某经济开发区管理委员会关于印发《企业投资项目服务管理办法》的通知") > 0.9
    assert len(document.issuer) == 1 and _similarity(document.issuer[0], "某某经济开发区管理委员会") > 0.85
    assert document.dates.signed == "2024-02-01"
    # Page 1 holds 第一条 to 第四条; OCR may read the brackets of the doc number as [ ].
    assert [u.label for u in document.units if u.kind == "条"] == ["第一条", "第二条", "第三条", "第四条"]
    assert [u.label for u in document.units if u.kind == "章"] == ["第一章", "第二章"]
    assert "制定本办法" in document.text


def test_multipage_tiff_scan(fixtures):
    """Both pages in black and white: running heads dropped although OCR reads them differently per
    page, paragraphs and articles joined across the page break, the table rows kept as a table."""
    document = extract(fixtures / "rules-scan.tif")
    assert document.source.format == "image" and document.source.pages == 2 and document.source.ocr
    assert "页眉" not in document.text and "页脚" not in document.text
    assert [u.label for u in document.units if u.kind == "条"] == [
        "第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"]
    fourth = [u for u in document.units if u.kind == "款" and u.path[-2] == "第四条"]
    assert [u.text for u in fourth][1] == "报送材料不齐全的，管委会应当一次性告知需要补正的全部内容。"
    [table] = [u for u in document.units if u.kind == "table"]
    assert table.text.splitlines()[0] == "服务事项 | 办理时限 | 责任部门"
    assert document.dates.effective == "2024-03-01" and document.validity.years == 5
