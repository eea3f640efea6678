"""The 合法性审核意见书: the opinion letter sent back to the drafting unit."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from normreview.checks.catalogue import load_rules
from normreview.checks.report import NOTHING_FOUND, SEVERITY_ZH, basis_text, checked_text, group_by_unit
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


def write_letter(review: Review, findings: list[Finding], opinion: str, dismissed: int,
                 path: Path, addressee: str, reviewer: str | None, review_date: datetime.date) -> Path:
    """Write the letter for ``findings`` (the accepted ones) with ``opinion`` to ``path``."""
    meta = review.document
    titles = {rule.id: rule.title for rule in load_rules()}
    document = docx.Document()
    layout.setup_page(document)
    layout.add_page_number_footer(document)
    document.core_properties.title = f"关于《{meta.title}》的合法性审核意见书"
    document.core_properties.author = reviewer or "合法性审核机构"

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout.set_run_font(title.add_run("合法性审核意见书"), layout.TITLE_FONT, layout.SIZE_ERHAO)
    document.add_paragraph()  # GB/T 9704 7.3.2: one blank line between title and addressee
    layout.body_paragraph(document, f"{addressee}：", indent=False)

    number = f"（{meta.doc_number}）" if meta.doc_number else ""
    layout.body_paragraph(
        document,
        f"你单位报送的《{meta.title}》{number}收悉。根据《国务院办公厅关于全面推行行政规范性文件合法性审核机制的"
        f"指导意见》（国办发〔2018〕115号）等规定，我们对该文件进行了合法性审核。现将审核意见函告如下。")

    layout.heading(document, "一、审核文件基本情况", 1)
    layout.body_paragraph(document, f"文件名称：{meta.title}")
    layout.body_paragraph(document, f"文　　号：{meta.doc_number or '未标注'}")
    layout.body_paragraph(document, f"起草单位：{'、'.join(meta.issuer) or '未标注'}")
    layout.body_paragraph(document, f"文件类型：{KIND_ZH.get(meta.kind, '其他文件')}")
    if review.profile:  # which jurisdiction's rules the findings rest on, and why
        layout.body_paragraph(document, f"适用规定：{review.profile.reason}")

    layout.heading(document, "二、审核意见", 1)
    if opinion == "合法" and not findings:  # what was checked, not a bare 合法
        layout.body_paragraph(document, f"经审核，{NOTHING_FOUND}。本次审核检查了{checked_text(review)}等事项，"
                                        f"{OPINION_EXPLAINED[opinion]}")
    else:
        layout.body_paragraph(document, f"经审核，该文件{opinion}。{OPINION_EXPLAINED[opinion]}")
    tally = f"本次审核共提出问题{len(findings)}项"
    if dismissed:
        tally += f"（另有{dismissed}项经审核人员复核认定不构成问题，未予列入）"
    layout.body_paragraph(document, tally + "。")

    layout.heading(document, "三、具体问题及修改建议", 1)
    if not findings:
        layout.body_paragraph(document, "未发现需要修改的问题。")
    for group_number, (unit, group) in enumerate(group_by_unit(findings), start=1):
        opening = clause_opening(group[0].clause_text, unit.split(" ")[-1]) if unit else ""
        layout.heading(document, f"（{_ordinal(group_number)}）{unit or '全文'}　{opening}".rstrip(), 2)
        for item_number, finding in enumerate(group, start=1):
            problem = titles.get(finding.rule, finding.category)
            layout.body_paragraph(document, f"{item_number}.{problem}（{SEVERITY_ZH[finding.severity]}）")
            quoted = f"“{finding.quote}”" if finding.quote.strip() else "（针对文件整体）"
            layout.body_paragraph(document, f"原文：{quoted}")
            layout.body_paragraph(document, f"问题：{finding.message}")
            layout.body_paragraph(document, f"依据：{basis_text(finding.basis)}")
            layout.body_paragraph(document, f"修改建议：{finding.suggestion or '请起草单位研究修改。'}")

    layout.body_paragraph(document, "特此函告。")
    document.add_paragraph()
    for line in (reviewer or "合法性审核机构", chinese_date(review_date)):
        signature = layout.body_paragraph(document, line, indent=False)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.right_indent = layout.FIRST_LINE_INDENT * 2  # GB/T 9704 7.3.5.2: 右空四字
    document.save(path)
    return path
