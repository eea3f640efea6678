"""The 合法性审核意见书 rendered through LibreOffice: GB/T 9704 信函格式 measured from the PDF.

The page images are written to tests/fixtures/reference/rendered/ (git-ignored) for a look by eye; the
reference page kept in git is tests/fixtures/reference/opinion-letter-p2.png (see docs/reports.md).
"""
from __future__ import annotations

import datetime
import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from normreview import checks, extractors
from normreview.checks.lawtext import cited_basis
from normreview.checks.report import review_object
from normreview.model import REVIEWER_RULE, Decision, Finding
from normreview.reports import write_deliverables
from normreview.reports.render import to_pdf, to_png
from normreview.settings import settings

pytestmark = pytest.mark.integration

MM = 72 / 25.4
TYPE_AREA_BOTTOM = (297 - 35) * MM  # GB/T 9704: type area 225 mm high under a 37 mm top margin
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
RENDERED = Path(__file__).parent / "fixtures" / "reference" / "rendered"
ADDED = "奖励政策自2022年1月1日起追溯适用，溯及既往，不利于保护行政相对人的信赖利益。"
COMMENT = "请于十个工作日内将修改稿连同起草说明一并报送。"
# Paragraphs of the reviewer's comments long enough to fill a page with body text alone.
LONG_COMMENTS = "\n".join(
    f"{n}.请起草单位对照上述意见逐条修改，修改情况在起草说明中逐项列明；涉及财政奖励、补贴的条款，应当同时履行公平竞争审查程序，"
    "并将审查结论随修改稿一并报送，未经审查的不得提请审议或者印发。" for n in range(1, 9))


def body_lines(page) -> list[list[dict]]:
    """The page's lines of 三号 body text (16 pt), each its characters left to right."""
    lines = defaultdict(list)
    for char in page.chars:
        if round(char["size"]) == 16:
            lines[round(char["top"])].append(char)
    return [sorted(lines[top], key=lambda c: c["x0"]) for top in sorted(lines)]


def page_number(page) -> dict | None:
    chars = [c for c in page.chars if round(c["size"]) == 14 and c["top"] > TYPE_AREA_BOTTOM]
    return {"x0": min(c["x0"] for c in chars), "x1": max(c["x1"] for c in chars), "top": min(c["top"] for c in chars),
            "text": "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))} if chars else None


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    out = tmp_path_factory.mktemp("letter")
    document = extractors.extract(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx")
    findings = checks.review_document(document)
    review = review_object(document, findings, checks.overall_opinion(findings))
    messages = [f.message for f in review.findings]
    # Dismiss a finding whose problem no other finding repeats, so its absence from the letter shows.
    dismissed = next(f for f in review.findings if messages.count(f.message) == 1)
    reworded = next(f for f in review.findings if f is not dismissed)
    ids = [f.finding_id(document.doc_id) for f in (dismissed, reworded)]
    added = Finding(rule=REVIEWER_RULE, category="retroactivity", severity="error", unit="", quote="", clause_text="",
                    start=0, end=0, message=ADDED, suggestion="删除追溯适用的规定，自施行之日起适用。",
                    basis=[cited_basis("中华人民共和国立法法", "第一百零四条")])
    decision = Decision(doc_id=document.doc_id, opinion="应当予以修改", reviewer="张审核",
                        comments=COMMENT + "\n" + LONG_COMMENTS,
                        verdicts=[{"finding_id": ids[0], "verdict": "dismissed", "reason": "已有上位依据"},
                                  {"finding_id": ids[1], "verdict": "accepted", "message": "要求在本地登记注册纳税，排斥外地经营者。"}],
                        added=[added], letter_number="浔司审〔2026〕7号")
    config = settings().model_copy(update={"letter_organ": "湖州市南浔区司法局", "letter_cc": "区人民政府办公室",
                                           "letter_printer": "湖州市南浔区司法局办公室"})
    paths = write_deliverables(review, out, decision, addressee="南浔区经济发展局", review_date=datetime.date(2026, 11, 30),
                               config=config)
    pdf = to_pdf(Path(paths["opinion_letter"]), out)
    RENDERED.mkdir(parents=True, exist_ok=True)
    with pdfplumber.open(pdf) as opened:
        pages = len(opened.pages)
    for number in range(1, pages + 1):
        shutil.copy(to_png(pdf, page=number, dpi=80), RENDERED / f"opinion-letter-p{number}.png")
    return {"pdf": pdf, "dismissed": dismissed, "text": "".join(p.extract_text() or "" for p in pdfplumber.open(pdf).pages)}


def test_full_lines_hold_28_characters_and_full_pages_22_lines(letter):
    with pdfplumber.open(letter["pdf"]) as pdf:
        pages = [body_lines(page) for page in pdf.pages]
    assert max(len(lines) for lines in pages) == 22  # the page the long comments fill
    # A full line of Chinese text runs from the left to the right margin: exactly 28 characters.
    chinese_full = [line for lines in pages for line in lines
                    if line[0]["x0"] < LEFT + 2 and line[-1]["x1"] > RIGHT - 8
                    and all("\u4e00" <= c["text"] <= "\u9fff" or c["text"] in "，。；：、“”《》（）" for c in line)]
    assert chinese_full, "no full line of Chinese text"
    # 28 character cells of one em (16 pt) each; two punctuation marks side by side (”。, ；”；) share a cell
    # (标点挤压: LibreOffice sets each at half width), so such a line holds 29 characters in the same 28 cells.
    assert {round(sum(c["x1"] - c["x0"] for c in line) / 16) for line in chinese_full} == {28}
    assert {len(line) - sum(c["x1"] - c["x0"] < 12 for c in line) // 2 for line in chinese_full} == {28}


def test_page_numbers_alternate_seven_mm_below_the_text(letter):
    with pdfplumber.open(letter["pdf"]) as pdf:
        numbers = [page_number(page) for page in pdf.pages]
    assert numbers[0] is None  # 信函格式: the first page carries no number
    assert len(numbers) >= 3
    for index, number in enumerate(numbers[1:], start=2):
        assert number["text"].replace(" ", "") == f"—{index}—"
        assert abs(number["top"] - TYPE_AREA_BOTTOM - 7 * MM) < 1.5 * MM
        if index % 2:  # odd: right, one character in from the edge
            assert abs(number["x1"] - (RIGHT - 14)) < 3
        else:  # even: left, one character in
            assert abs(number["x0"] - (LEFT + 14)) < 3


def test_letterhead_in_red_with_the_double_line(letter):
    with pdfplumber.open(letter["pdf"]) as pdf:
        first = pdf.pages[0]
        organ = [c for c in first.chars if c["top"] < 150 and c["text"] in "湖州市南浔区司法局"]
        rules = sorted({round(line["linewidth"], 2) for line in first.lines if line["top"] < 200})
    assert len(organ) == 9 and all(c["non_stroking_color"][0] > 0.8 > c["non_stroking_color"][1] for c in organ)
    assert len(rules) == 2  # thick above thin


def test_letter_carries_the_decision_and_nothing_internal(letter):
    text = letter["text"].replace("\n", "").replace(" ", "")  # pdfplumber spaces digits from Chinese
    assert "浔司审〔2026〕7号" in text and "南浔区经济发展局：" in text
    assert ADDED[:20] in text and COMMENT in text and "不溯及既往" in text  # the added finding's basis, quoted
    assert "排斥外地经营者" in text  # the reworded finding
    assert letter["dismissed"].message[:20] not in text
    for marker in ("（错误）", "（警告）", "（条文待核实）", "不构成问题", "另有"):
        assert marker not in text
    assert "抄送：区人民政府办公室" in text and "印发" in text and "（审核人：张审核）" in text
