"""The 合法性审核意见书: the opinion letter sent back to the drafting unit."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from normreview.checks.catalogue import load_rules
from normreview.checks.report import NOTHING_FOUND, checked_text, group_by_unit
from normreview.extractors.tables import KIND_ZH as TABLE_KIND_ZH
from normreview.model import Finding, Review
from normreview.reports import layout

KIND_ZH = {"normative": "行政规范性文件", "agreement": "投资监管协议", "other": "其他文件", **TABLE_KIND_ZH}
OPINION_EXPLAINED = {
    "合法": "未发现违反法律、法规、规章和国家政策规定的内容，可按程序提请审议或印发。",
    "应当予以修改": "文件部分内容存在问题，应当按照下列意见予以修改后，再按程序提请审议或印发。",
    "不合法": "文件存在违反法律、法规、规章规定的内容，在按照下列意见修改之前不得提请审议或印发。",
}
CN_ORDINALS = "一二三四五六七八九十"
DRAFT_MARK = "草稿（未经审核）"
CLAUSE_SENTENCE_END = re.compile(r"[。；;：:\n]")


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _ordinal(n: int) -> str:
    """1 → 一 … 99 → 九十九, for （一） style numbering."""
    if n <= 10:
        return CN_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_ORDINALS[tens - 1] if tens > 1 else "") + "十" + (CN_ORDINALS[ones - 1] if ones else "")


def clause_opening(clause_text: str, label: str, limit: int = 20) -> str:
    """The clause's first sentence (often its heading) without its number, shortened, so the
    reader finds the clause."""
    first = CLAUSE_SENTENCE_END.split(clause_text.strip(), maxsplit=1)[0]
    first = first.removeprefix(label).strip() if label else first
    return first if len(first) <= limit else first[:limit] + "……"


def basis_quoted(finding: Finding) -> str:
    """The legal basis as the letter states it: law and article, with the article's text quoted from the
    statute corpus when it was found there; an unverified basis is cited without a quote."""
    parts = []
    for basis in finding.basis:
        cited = f"《{basis.law}》{basis.article}{getattr(basis, 'paragraph', None) or ''}{getattr(basis, 'item', None) or ''}"
        quoted = basis.text.strip().removeprefix(basis.article).strip() if basis.verified else ""
        parts.append(f"{cited}规定：“{quoted}”" if quoted else cited)
    return "；".join(parts)


def sentence(text: str) -> str:
    """``text`` ending as a sentence: with 。 unless it already closes with one or a closing quote."""
    return text if text.endswith(("。", "”", "！", "？")) else text + "。"


def write_letter(review: Review, findings: list[Finding], opinion: str, path: Path, *, addressee: str,
                 organ: str, number: str, reviewer: str, comments: str, review_date: datetime.date,
                 cc: str = "", printer: str = "", draft: bool = False) -> Path:
    """Write the letter in GB/T 9704 信函格式 for the decided ``findings`` with ``opinion`` to ``path``.

    ``findings`` are the decision's (reworded, merged, added; dismissed ones are not passed), ``comments``
    the reviewer's. With ``draft``, every page is marked 草稿（未经审核） and no reference number is given.
    """
    meta = review.document
    titles = {rule.id: rule.title for rule in load_rules()}
    document = docx.Document()
    layout.setup_page(document)
    layout.add_page_number_footer(document, first_page=False)  # 信函格式: no number on the first page
    document.core_properties.title = f"关于《{meta.title}》的合法性审核意见书"
    document.core_properties.author = organ
    if draft:
        for section in document.sections:
            for header in (section.header, section.even_page_header, section.first_page_header):
                header.is_linked_to_previous = False
                mark = header.paragraphs[0]
                mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = mark.add_run(DRAFT_MARK)
                layout.set_run_font(run, layout.LEVEL1_FONT, layout.SIZE_ERHAO)
                run.font.color.rgb = layout.RED

    letterhead = document.add_paragraph()
    layout.rule_line(letterhead, "bottom", "thickThinSmallGap", 24)  # the red double line, thick above thin
    letterhead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    letterhead.paragraph_format.line_spacing = Pt(44)
    letterhead.paragraph_format.space_after = Pt(6)
    head = letterhead.add_run(organ)
    layout.set_run_font(head, layout.TITLE_FONT, Pt(30))
    head.font.color.rgb = layout.RED
    reference = layout.body_paragraph(document, DRAFT_MARK if draft else number, indent=False)
    reference.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    layout.set_run_font(title.add_run(f"关于《{meta.title}》的合法性审核意见"), layout.TITLE_FONT, layout.SIZE_ERHAO)
    document.add_paragraph()  # GB/T 9704 7.3.2: one blank line between title and addressee
    layout.body_paragraph(document, f"{addressee}：", indent=False)

    doc_number = f"（{meta.doc_number}）" if meta.doc_number else ""
    layout.body_paragraph(
        document,
        f"你单位报送的《{meta.title}》{doc_number}收悉。根据《国务院办公厅关于全面推行行政规范性文件合法性审核机制的"
        f"指导意见》（国办发〔2018〕115号）等规定，我们对该文件进行了合法性审核。现将审核意见函告如下。")

    layout.heading(document, "一、基本情况", 1)
    layout.body_paragraph(document, f"文件名称：{meta.title}；文号：{meta.doc_number or '未标注'}；起草单位：{addressee}；"
                                    f"文件类型：{KIND_ZH.get(meta.kind, '其他文件')}。")
    if review.profile:  # which jurisdiction's rules the opinion rests on, and why
        layout.body_paragraph(document, sentence(f"适用规定：{review.profile.reason}"))

    layout.heading(document, "二、审核意见", 1)
    if opinion == "合法" and not findings:  # what was checked, not a bare 合法
        layout.body_paragraph(document, f"经审核，{NOTHING_FOUND}。本次审核检查了{checked_text(review)}等事项，"
                                        f"{OPINION_EXPLAINED[opinion]}")
    else:
        layout.body_paragraph(document, f"经审核，该文件{opinion}。{OPINION_EXPLAINED[opinion]}")

    layout.heading(document, "三、具体修改意见", 1)
    if not findings:
        layout.body_paragraph(document, "未发现需要修改的问题。")
    for group_number, (unit, group) in enumerate(group_by_unit(findings), start=1):
        opening = clause_opening(group[0].clause_text, unit.split(" ")[-1]) if unit else ""
        layout.heading(document, f"（{_ordinal(group_number)}）{unit or '全文'}　{opening}".rstrip(), 2)
        for item_number, finding in enumerate(group, start=1):
            problem = titles.get(finding.rule, "")
            quoted = f"原文“{finding.quote}”。" if finding.quote.strip() else ""
            layout.body_paragraph(document, f"{item_number}.{problem + '：' if problem else ''}{quoted}{finding.message}")
            basis = basis_quoted(finding)
            if basis:
                layout.body_paragraph(document, sentence(f"依据：{basis}"))
            layout.body_paragraph(document, f"修改意见：{finding.suggestion or '请起草单位研究修改。'}")

    if comments.strip():
        layout.heading(document, "四、其他意见", 1)
        for line in comments.strip().splitlines():
            if line.strip():
                layout.body_paragraph(document, sentence(line.strip()))

    # 落款: three blank lines for the seal, then the organ and the date, 右空四字 (GB/T 9704 7.3.5.1); kept on
    # one page with the closing sentence, so the seal never stands alone.
    closing_lines = [layout.body_paragraph(document, "特此函告。"), *(document.add_paragraph() for _ in range(3))]
    for paragraph in closing_lines:
        paragraph.paragraph_format.keep_with_next = True
    for line in (organ, chinese_date(review_date)):
        signature = layout.body_paragraph(document, line, indent=False)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.right_indent = layout.FIRST_LINE_INDENT * 2
    layout.body_paragraph(document, f"（审核人：{reviewer}）", indent=True)

    # 版记: 抄送 and 印发 between separator lines, where the settings give them.
    closing = [text for text in (f"抄送：{cc}。" if cc else "", f"{printer}　　{chinese_date(review_date)}印发" if printer else "") if text]
    if closing:
        document.add_paragraph()
        for index, text in enumerate(closing):
            line = document.add_paragraph()
            if index == 0:
                layout.rule_line(line, "top", "single", 8, color="000000")
            if index == len(closing) - 1:
                layout.rule_line(line, "bottom", "single", 8, color="000000")
            line.paragraph_format.left_indent = line.paragraph_format.right_indent = layout.CHAR_PITCH
            layout.set_run_font(line.add_run(text), layout.BODY_FONT, layout.SIZE_SIHAO)
    document.save(path)
    return path
