"""GB/T 9704—2012 page and type settings, as far as python-docx can express them.

The standard's fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are set by name, the East
Asian slot included; a machine without them substitutes its own CJK font when rendering.
"""
from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LEVEL1_FONT = "黑体"
LEVEL2_FONT = "楷体_GB2312"
# Chinese type sizes: 二号 and 三号.
SIZE_ERHAO = Pt(22)
SIZE_SANHAO = Pt(16)
# 22 lines of 三号 on the 225 mm type area (297 − 37 − 35) give a fixed pitch of about 28.95 pt.
LINE_PITCH = Pt(28.95)
# 28 characters on the 156 mm line (442.2 pt): 三号 is 16 pt wide, so each character is set 0.25 pt
# tighter (w:spacing −5 twips), 15.75 pt a character, 441 pt a line.
CHAR_SPACING_TWIPS = -5
CHAR_PITCH = Pt(15.75)
FIRST_LINE_INDENT = Pt(31.5)  # two characters at that pitch
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of the 发文机关标志 and the separator lines
SIZE_SIHAO = Pt(14)  # page numbers
# GB/T 9704 7.5: the page number's line sits 7 mm below the type area; the footer distance counts from the
# page's bottom edge to the bottom of the footer line (14 pt ≈ 4.9 mm high): 35 − 7 − 4.9 ≈ 23 mm; 22 mm is
# what puts the number's glyphs 7 mm down in LibreOffice's rendering (tests/test_letter_layout.py).
FOOTER_DISTANCE = Mm(22)


def set_run_font(run: Run, name: str, size: Pt, bold: bool = False) -> None:
    """Name the font for Latin and East Asian text alike; theme fonts would otherwise win."""
    run.font.size = size
    run.font.bold = bold
    set_rfonts(run._r.get_or_add_rPr(), name)


def set_rfonts(rpr, name: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in list(rfonts.attrib):
        del rfonts.attrib[attribute]  # drop asciiTheme/eastAsiaTheme, which override named fonts
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)


def setup_page(document: DocxDocument) -> None:
    """A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body style 仿宋 三号."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = SIZE_SANHAO
    set_rfonts(normal.element.get_or_add_rPr(), BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = pf.space_after = Pt(0)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    normal.element.get_or_add_rPr().append(spacing)
    for level, font in ((1, LEVEL1_FONT), (2, LEVEL2_FONT)):
        style = document.styles[f"Heading {level}"]
        style.font.size, style.font.bold, style.font.italic = SIZE_SANHAO, False, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_rfonts(style.element.get_or_add_rPr(), font)
        hf = style.paragraph_format
        hf.line_spacing_rule, hf.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        hf.space_before = hf.space_after = Pt(0)
        hf.first_line_indent = FIRST_LINE_INDENT
        hf.keep_with_next = True


def add_page_number_footer(document: DocxDocument, first_page: bool = True) -> None:
    """GB/T 9704 7.5: “— n —” in 四号 7 mm below the type area, odd pages right and even pages left, one
    character in from the edge. Without ``first_page`` (信函格式), the first page carries no number."""
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        section.footer_distance = FOOTER_DISTANCE
        section.different_first_page_header_footer = not first_page
        footers = [(section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)]
        if first_page:
            footers.append((section.first_page_footer, WD_ALIGN_PARAGRAPH.RIGHT))
        for footer, alignment in footers:
            footer.is_linked_to_previous = False
            _page_number(footer.paragraphs[0], alignment)


def _page_number(paragraph: Paragraph, alignment) -> None:
    paragraph.alignment = alignment
    pf = paragraph.paragraph_format
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, SIZE_SIHAO
    pf.first_line_indent = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = SIZE_SIHAO
    else:
        pf.left_indent = SIZE_SIHAO
    set_run_font(paragraph.add_run("— "), "宋体", SIZE_SIHAO)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)
    number = Run(OxmlElement("w:r"), paragraph)
    field.append(number._r)
    number.text = "1"
    set_run_font(number, "宋体", SIZE_SIHAO)
    set_run_font(paragraph.add_run(" —"), "宋体", SIZE_SIHAO)


def rule_line(paragraph: Paragraph, edge: str, style: str, size_eighths: int, color: str = "E60012") -> None:
    """A border on the paragraph's ``edge`` (top/bottom) across the type area: GB/T 9704's red double line
    (``thickThinSmallGap``, thick above thin) or the 版记's separator lines (``single``)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("val", style), ("sz", str(size_eighths)), ("space", "1"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def body_paragraph(document: DocxDocument, text: str = "", indent: bool = True) -> Paragraph:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if text:
        set_run_font(paragraph.add_run(text), BODY_FONT, SIZE_SANHAO)
    return paragraph


def heading(document: DocxDocument, text: str, level: int) -> Paragraph:
    paragraph = document.add_paragraph(style=f"Heading {level}")
    set_run_font(paragraph.add_run(text), LEVEL1_FONT if level == 1 else LEVEL2_FONT, SIZE_SANHAO)
    return paragraph
