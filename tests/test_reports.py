"""The reviewer's deliverables: the opinion letter and the annotated draft, reopened and rendered."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from normreview import checks, extractors
from normreview.checks.report import review_object
from normreview.model import Decision, Finding
from normreview.reports import write_deliverables
from normreview.reports.annotate import TEXT_TAGS
from normreview.reports.deliverables import safe_stem
from normreview.settings import settings

pytestmark = pytest.mark.integration

REVIEW_DATE = datetime.date(2024, 5, 6)


# --- reading the outputs back -------------------------------------------------------------

def comment_anchors(path: Path) -> dict[int, dict]:
    """For each comment id: the text between its commentRangeStart and commentRangeEnd, and the
    paragraph that holds the start."""
    body = docx.Document(str(path)).element.body
    anchors: dict[int, dict] = {}
    open_ids: list[int] = []
    paragraph = None
    for element in body.iter():
        if element.tag == qn("w:p"):
            paragraph = element
            for cid in open_ids:
                anchors[cid]["text"] += "\n"
        elif element.tag == qn("w:commentRangeStart"):
            cid = int(element.get(qn("w:id")))
            anchors[cid] = {"text": "", "paragraph": "".join(t.text or "" for t in paragraph.iter(qn("w:t")))}
            open_ids.append(cid)
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.remove(int(element.get(qn("w:id"))))
        elif element.tag in TEXT_TAGS and element.getparent().tag == qn("w:r"):
            for cid in open_ids:
                anchors[cid]["text"] += str(element)
    for anchor in anchors.values():
        anchor["text"] = re.sub(r"\n+", "\n", anchor["text"].strip("\n"))
    return anchors


def comment_texts(path: Path) -> dict[int, str]:
    return {c.comment_id: "\n".join(p.text for p in c.paragraphs) for c in docx.Document(str(path)).comments}


def character_formats(path: Path) -> list[list[tuple[str, str]]]:
    """Every body paragraph as (character, run properties XML) pairs, plus its paragraph properties;
    comment reference runs (which carry no text) are not part of the original."""
    body = docx.Document(str(path)).element.body
    paragraphs = []
    for p in body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        chars = [("¶", "" if ppr is None else ppr.xml)]
        for r in p.xpath("./w:r | ./w:hyperlink/w:r"):
            rpr = r.find(qn("w:rPr"))
            for child in r:
                if child.tag in TEXT_TAGS:
                    chars += [(c, "" if rpr is None else rpr.xml) for c in str(child)]
        paragraphs.append(chars)
    return paragraphs


def letter_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def east_asian_font(run) -> str | None:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


# --- the Nanxun sample ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def nanxun_review():
    document = extractors.extract(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx")
    findings = checks.review_document(document)
    assert findings, "the Nanxun sample rewards the top ten taxpayers; the checks must flag it"
    return document, review_object(document, findings, checks.overall_opinion(findings))


def assert_comments_on_findings(draft: Path, findings: list[Finding]) -> None:
    anchors, texts = comment_anchors(draft), comment_texts(draft)
    assert len(anchors) == len(texts) == len(findings)
    for cid, finding in zip(sorted(anchors), findings):
        assert anchors[cid]["text"] == finding.quote
        # the paragraph holding the comment is part of the clause the finding names
        assert anchors[cid]["paragraph"].strip() in finding.clause_text or finding.clause_text in anchors[cid]["paragraph"]
        assert finding.message in texts[cid] and finding.suggestion in texts[cid]
        for basis in finding.basis:
            assert basis.law in texts[cid]


ORGAN = settings().model_copy(update={"letter_organ": "南浔区司法局"})


def decided(review, verdicts: dict[str, str] | None = None, opinion: str | None = None) -> Decision:
    """A reviewer's decision on ``review``: ``verdicts`` maps finding ids to accepted/dismissed."""
    return Decision(doc_id=review.document.doc_id, opinion=opinion or review.opinion, reviewer="张审核",
                    letter_number="浔司审〔2024〕3号",
                    verdicts=[{"finding_id": k, "verdict": v, "reason": "复核" if v == "dismissed" else ""}
                              for k, v in (verdicts or {}).items()])


def test_nanxun_letter_and_annotated_draft(nanxun_review, nanxun, tmp_path):
    document, review = nanxun_review
    paths = write_deliverables(review, tmp_path, decided(review), review_date=REVIEW_DATE, config=ORGAN)
    letter, draft = Path(paths["opinion_letter"]), Path(paths["annotated_draft"])
    assert letter.parent == draft.parent == tmp_path
    assert letter.name.startswith(safe_stem(document.title, document.doc_id))

    assert_comments_on_findings(draft, review.findings)
    assert character_formats(draft) == character_formats(nanxun), "the annotated draft changed the original's text or formatting"

    text = letter_text(letter)
    assert "合法性审核意见" in text and document.title in text and "浔司审〔2024〕3号" in text
    assert f"经审核，该文件{review.opinion}。" in text
    assert "南浔区司法局" in text and "2024年5月6日" in text and "（审核人：张审核）" in text
    assert text.count("原文“") == len(review.findings)
    for finding in review.findings:
        assert f"原文“{finding.quote}”" in text
        assert finding.unit in text and finding.suggestion in text
    assert f"{'、'.join(document.issuer)}：" in text  # addressed to the drafting unit by default


def test_letter_layout_follows_gbt_9704(nanxun_review, tmp_path):
    document, review = nanxun_review
    letter = docx.Document(write_deliverables(review, tmp_path, decided(review), review_date=REVIEW_DATE,
                                              config=ORGAN)["opinion_letter"])
    section = letter.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]  # stored in twips, hence the rounding
    organ = letter.paragraphs[0].runs[0]
    assert organ.text == "南浔区司法局" and organ.font.color.rgb == RGBColor(0xE6, 0x00, 0x12)
    title = next(p.runs[0] for p in letter.paragraphs if p.runs and p.runs[0].text.startswith("关于《"))
    assert title.text.endswith("的合法性审核意见") and east_asian_font(title) == "方正小标宋简体" and title.font.size == Pt(22)
    fonts = {p.style.name: {(east_asian_font(r), r.font.size) for r in p.runs} for p in letter.paragraphs if p.runs}
    assert fonts["Heading 1"] == {("黑体", Pt(16))}
    assert fonts["Heading 2"] == {("楷体_GB2312", Pt(16))}
    assert ("仿宋_GB2312", Pt(16)) in fonts["Normal"]
    assert letter.styles["Normal"].paragraph_format.line_spacing == Pt(28.95)


def test_dismissed_findings_are_left_out(nanxun_review, tmp_path):
    document, review = nanxun_review
    dismissed, kept = review.findings[0], review.findings[1:]
    verdicts = {dismissed.finding_id(document.doc_id): "dismissed"}
    verdicts.update({f.finding_id(document.doc_id): "accepted" for f in kept})
    paths = write_deliverables(review, tmp_path, decided(review, verdicts), review_date=REVIEW_DATE)

    assert_comments_on_findings(Path(paths["annotated_draft"]), kept)
    text = letter_text(Path(paths["opinion_letter"]))
    assert text.count("原文“") == len(kept)
    assert "另有" not in text and "不构成问题" not in text  # the letter says nothing of dismissed findings
    if all(f.unit != dismissed.unit for f in kept):
        assert dismissed.unit not in text


def test_all_dismissed_gives_a_lawful_opinion_and_no_comments(nanxun_review, tmp_path):
    document, review = nanxun_review
    verdicts = {f.finding_id(document.doc_id): "dismissed" for f in review.findings}
    paths = write_deliverables(review, tmp_path, decided(review, verdicts, opinion="合法"), review_date=REVIEW_DATE)
    text = letter_text(Path(paths["opinion_letter"]))
    assert "经审核，未发现问题。本次审核检查了" in text and "该文件合法" not in text and "未发现需要修改的问题。" in text and "原文“" not in text
    assert comment_texts(Path(paths["annotated_draft"])) == {}


def test_a_changed_original_is_refused(nanxun_review, nanxun, tmp_path):
    """The annotated draft comments the original file: one changed since the review is refused."""
    document, review = nanxun_review
    changed = tmp_path / "changed.docx"
    changed.write_bytes(nanxun.read_bytes() + b"\0")
    moved = review.model_copy(update={"document": document.model_copy(
        update={"source": document.source.model_copy(update={"path": str(changed)})})})
    with pytest.raises(ValueError, match="原文件已不存在或审核后被改动"):
        write_deliverables(moved, tmp_path / "out")


# --- anchoring on awkward .docx structure and on text inputs ---------------------------------

BASIS = [{"law": "优化营商环境条例", "article": "第六十四条"}]


def finding_at(document, quote: str, start: int | None = None, rule: str = "TEST-ANCHOR") -> Finding:
    """A finding of ``quote`` at its first occurrence (or at ``start``) in the extracted text."""
    start = document.text.index(quote) if start is None else start
    unit = document.unit_at(start)
    return Finding(rule=rule, category="obligation", severity="warning", unit=unit.path_label if unit else "",
                   quote=quote, clause_text=unit.text if unit else quote, start=start, end=start + len(quote),
                   message=f"测试问题：{quote}", basis=BASIS, suggestion=f"测试建议：{quote}")


def add_hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = paragraph.add_run(text)
    run.font.underline = True
    link.append(run._r)
    paragraph._p.append(link)


@pytest.fixture
def awkward_docx(tmp_path) -> Path:
    """Runs of mixed formatting, a tab, leading spaces, a table, a hyperlink, a two-paragraph quote."""
    from docx.shared import RGBColor

    document = docx.Document()
    document.add_heading("测试区管委会关于印发测试办法的通知", level=1)
    p = document.add_paragraph("  ")
    p.add_run("第一条 对企业")
    p.add_run("给予纳").bold = True
    red = p.add_run("税奖励")
    red.italic, red.font.color.rgb = True, RGBColor(0xC0, 0, 0)
    p.add_run("，按年度兑现。")
    document.add_paragraph("第二条\t本办法由管委会负责解释。")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("项目", "内容", "奖励", "纳税十强企业奖励50万元")):
        cell.text = text
    document.add_paragraph("第三条 甲乙")
    document.add_paragraph("丙丁戊己。")
    linked = document.add_paragraph("详见")
    add_hyperlink(linked, "链接文字中的违规内容", "https://example.org/")
    document.add_paragraph("第四条 本办法自印发之日起施行。")
    path = tmp_path / "awkward.docx"
    document.save(path)
    return path


def test_comments_anchor_on_exact_runs_in_awkward_structure(awkward_docx, tmp_path):
    document = extractors.extract(awkward_docx)
    exact = [finding_at(document, q) for q in ("纳税奖", "管委会负责", "纳税十强", "甲乙\n丙丁", "违规内容")]
    moved = finding_at(document, "本办法由", start=document.text.index("本办法由") + 3, rule="TEST-MOVED")
    missing = finding_at(document, "自印发", rule="TEST-MISSING")
    missing.quote = "不在原文中的文字"
    whole = finding_at(document, "", start=0, rule="TEST-WHOLE-DOCUMENT")  # e.g. a missing clause
    findings = sorted(exact + [moved, missing, whole], key=lambda f: (f.start, f.rule))
    review = review_object(document, findings, checks.overall_opinion(findings))
    out = tmp_path / "out"
    draft = Path(write_deliverables(review, out, review_date=REVIEW_DATE)["annotated_draft"])

    anchors, texts = comment_anchors(draft), comment_texts(draft)
    assert len(anchors) == len(findings)
    for cid, finding in zip(sorted(anchors), findings):
        if finding is missing:  # nowhere to be found: the comment covers the paragraph at its offset
            assert anchors[cid]["text"] == "第四条 本办法自印发之日起施行。"
            assert "未能在原文中精确定位" in texts[cid] and "不在原文中的文字" in texts[cid]
        elif finding is whole:
            assert anchors[cid]["text"] == document.title and "未能在原文中精确定位" not in texts[cid]
        else:
            assert anchors[cid]["text"] == finding.quote
            assert "未能在原文中精确定位" not in texts[cid]
    assert character_formats(draft) == character_formats(awkward_docx)


def test_text_input_gets_an_annotated_docx_of_its_text(tmp_path):
    source = tmp_path / "办法 (终稿).txt"
    source.write_text("测试区扶持办法\n第一条 对纳税十强企业给予奖励。\n第二条 本办法自印发之日起施行。\n", encoding="utf-8")
    document = extractors.extract(source)
    findings = [finding_at(document, "纳税十强"), finding_at(document, "自印发之日起施行")]
    review = review_object(document, findings, checks.overall_opinion(findings))
    paths = write_deliverables(review, tmp_path / "out", review_date=REVIEW_DATE)
    assert all(Path(p).parent == tmp_path / "out" for p in paths.values())

    draft = Path(paths["annotated_draft"])
    assert [a["text"] for _, a in sorted(comment_anchors(draft).items())] == ["纳税十强", "自印发之日起施行"]
    lines = [p.text for p in docx.Document(str(draft)).paragraphs]
    assert lines[0].startswith("（本稿根据TXT原件提取的文字生成") and lines[1:] == document.text.split("\n")


def test_pdf_input_gets_an_annotated_docx_of_its_text(tmp_path):
    pdf = settings().shared_dir / "samples" / "real" / "ndrc-sat-tax-credit-notice-2019.pdf"
    try:
        document = extractors.extract(pdf)
    except extractors.ExtractionError as exc:
        pytest.skip(f"PDF extraction is not available yet: {exc}")
    unit = next(u for u in document.units if len(u.text) > 12)
    finding = finding_at(document, unit.text[4:12], start=unit.start + 4)
    review = review_object(document, [finding], checks.overall_opinion([finding]))
    draft = Path(write_deliverables(review, tmp_path, review_date=REVIEW_DATE)["annotated_draft"])
    assert [a["text"] for a in comment_anchors(draft).values()] == [finding.quote]


def test_output_names_come_from_a_sanitised_title():
    stem = safe_stem("../../etc/passwd 关于《办法》的通知", "ab" * 32)
    assert "/" not in stem and not stem.startswith(".") and stem.endswith("-abababab")
    assert safe_stem("", "cd" * 32) == "document-cdcdcdcd"


# --- rendering with LibreOffice and poppler ----------------------------------------------------

def quote_is_at(pdf_path: Path, page_index: int, rect: list[float], quote: str) -> bool:
    """Whether ``quote`` is printed ending where the note is pinned on that page (LibreOffice pins a
    comment's note at the end of its range, where the comment reference sits). The quote may start on
    an earlier page: a clause that crosses a page break has its note on the page where it ends, so the
    pages up to the note's are read as one text. Whitespace is compared nowhere: the PDF's characters
    are read without it."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        chars = [c | {"page": i} for i, page in enumerate(pdf.pages[:page_index + 1]) for c in page.chars
                 if c["text"].strip()]
    text, wanted = "".join(c["text"] for c in chars), re.sub(r"\s", "", quote)
    at = text.find(wanted)
    while at >= 0:
        last = chars[at + len(wanted) - 1]
        if last["page"] == page_index and abs(last["x1"] - rect[0]) < 24 and rect[1] - 24 <= last["y0"] <= rect[3] + 24:
            return True
        at = text.find(wanted, at + 1)
    return False


def dark_share(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        histogram = gray.histogram()
        return sum(histogram[:128]) / (gray.width * gray.height)


@pytest.fixture(scope="module")
def rendered(nanxun_review, tmp_path_factory):
    from normreview.reports import render

    document, review = nanxun_review
    work = tmp_path_factory.mktemp("rendered")
    paths = write_deliverables(review, work, decided(review), review_date=REVIEW_DATE, config=ORGAN)
    return {key: render.to_pdf(Path(path), work / "pdf") for key, path in paths.items()}


def test_letter_renders_with_cjk_fonts(rendered, nanxun_review):
    import subprocess

    from normreview.reports import render

    document, review = nanxun_review
    text = re.sub(r"\s", "", render.pdf_text(rendered["opinion_letter"]))
    assert "合法性审核意见" in text and document.title in text
    for finding in review.findings:
        assert finding.quote in text
    fonts = subprocess.run(["pdffonts", str(rendered["opinion_letter"])], capture_output=True, text=True).stdout
    assert "CJK" in fonts  # the GB fonts are absent here; LibreOffice substitutes Noto CJK
    png = render.to_png(rendered["opinion_letter"])
    assert dark_share(png) > 0.01


def test_annotated_draft_renders_with_notes_on_the_quoted_text(rendered, nanxun_review):
    from normreview.reports import render

    document, review = nanxun_review
    pdf = rendered["annotated_draft"]
    assert document.title in re.sub(r"\s", "", render.pdf_text(pdf))
    notes = render.pdf_notes(pdf)
    assert len(notes) == len(review.findings)
    unmatched = list(notes)
    for finding in review.findings:
        note = next((n for n in unmatched if finding.message in n[2] and quote_is_at(pdf, n[0], n[1], finding.quote)), None)
        assert note is not None, f"no note for {finding.rule} where {finding.quote!r} is printed"
        unmatched.remove(note)
    assert dark_share(render.to_png(pdf, page=notes[0][0] + 1 if notes else 1)) > 0.01


def test_a_note_on_a_clause_that_crosses_a_page_break_is_pinned_where_the_clause_ends(tmp_path):
    """The Nanxun render once had a note "not placed": its finding's quote began at the foot of one page and
    ended on the next, where LibreOffice pins the note, and the check searched the note's page alone. Here a
    real .docx has a clause longer than a page, with a space in it, so it crosses a page break for certain."""
    from normreview.reports import render
    from normreview.reports.annotate import annotated_docx

    clause = ("对首次列入全省物流新业态新模式发展试点的 企业，" + "给予企业一次性奖励五万元，若次年验收通过后，再给予一次性奖励十万元，" * 60
              + "具体以验收结果为准。")
    source = docx.Document()
    for line in ("某某区关于促进服务业发展的若干意见", "一、总体要求", clause, "二、附则"):
        source.add_paragraph(line)
    path = tmp_path / "long-clause.docx"
    source.save(path)
    document = extractors.extract(path)
    start = document.text.index(clause)
    finding = Finding(rule="TEST-LONG", category="selective-incentive", severity="warning", unit="第3段", quote=clause,
                      clause_text=clause, start=start, end=start + len(clause), message="标记长条款", suggestion="请修改。")
    pdf = render.to_pdf(annotated_docx(path, document.text, [finding], "审核", tmp_path / "annotated.docx"), tmp_path / "pdf")
    [(page, rect, text)] = render.pdf_notes(pdf)
    assert "标记长条款" in text and page >= 1  # pinned on a later page than the clause's first
    assert quote_is_at(pdf, page, rect, clause)
    import pdfplumber

    with pdfplumber.open(pdf) as opened:
        on_the_notes_page = re.sub(r"\s", "", opened.pages[page].extract_text())
    assert re.sub(r"\s", "", clause) not in on_the_notes_page  # what the page-only check could not find
