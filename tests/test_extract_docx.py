"""Extraction of .docx files: the real Nanxun policy and a generated draft numbered by Word itself."""
from __future__ import annotations

import docx
import pytest
from fixtures.generate import build_docx

from normreview.extractors import extract
from normreview.extractors.numbering import chinese_counting, format_number
from normreview.patterns import fold_width

pytestmark = pytest.mark.unit


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory):
    return build_docx(tmp_path_factory.getbasetemp() / "extract-fixtures")


def test_nanxun_golden(nanxun):
    document = extract(nanxun)
    assert document.title == "湖州市南浔区人民政府办公室关于印发加快推进服务业高质量发展若干意见的通知"
    assert document.kind == "normative"
    assert document.issuer == ["湖州市南浔区人民政府办公室"]
    assert document.dates.signed == "2023-03-31"
    assert document.dates.effective == "2023-03-31"  # 本政策自发布之日起施行
    sections = [u for u in document.units if u.kind == "outline-1"]
    assert [u.label for u in sections] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"]
    assert sections[-1].text.startswith("九、附则")
    items = [u for u in document.units if u.kind == "outline-3"]
    assert [u.label for u in items] == [f"{i}." for i in range(1, 21)]
    assert items[0].path == ["一、", "1."] and items[19].path == ["八、", "20."]
    closing = document.children(document.units.index(sections[-1]))
    assert [u.label for u in closing] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert all(u.kind == "outline-2" for u in closing)
    for unit in document.units:
        assert document.text[unit.start:unit.end] == unit.text
    repealed = [c.model_dump(include={"title", "doc_number", "repealed", "start", "end"})
                for c in document.citations if c.repealed]
    assert repealed == [{
        "title": "湖州市南浔区人民政府办公室关于进一步加快服务业发展的若干意见（试行）",
        "doc_number": "浔政办发〔2020〕11号", "repealed": True,
        "start": repealed[0]["start"], "end": repealed[0]["end"]}]
    assert document.text[repealed[0]["start"]:repealed[0]["end"]].startswith("《湖州市南浔区")
    assert document.unit_at(repealed[0]["start"]).path == ["九、", "（四）"]


def test_word_auto_numbering_is_recovered(fixtures):
    path = fixtures / "rules-autonumbered.docx"
    raw = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "第一条" not in raw and "（一）" not in raw  # the labels exist only in numbering.xml
    document = extract(path)
    articles = [u for u in document.units if u.kind == "条"]
    assert [u.label for u in articles] == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"]
    assert [u.label for u in document.units if u.kind == "章"] == ["第一章", "第二章", "第三章"]
    third = next(u for u in articles if u.label == "第三条")
    assert third.path == ["第二章", "第三条"]
    assert [u.label for u in document.children(document.units.index(third))] == ["（一）", "（二）", "（三）"]
    # A new article restarts its items: level 1 resets when level 0 counts on.
    fifth = next(u for u in articles if u.label == "第五条")
    assert [u.path for u in document.children(document.units.index(fifth)) if u.kind == "项"] == [
        ["第二章", "第五条", "（一）"], ["第二章", "第五条", "（二）"]]
    fourth_clauses = [u for u in document.units if u.kind == "款" and u.path[1] == "第四条"]
    assert [u.label for u in fourth_clauses] == ["第一款", "第二款"]
    assert fourth_clauses[1].text == "报送材料不齐全的，管委会应当一次性告知需要补正的全部内容。"


def test_generated_docx_metadata_table_and_no_header_footer(fixtures):
    document = extract(fixtures / "rules-autonumbered.docx")
    assert document.title == "某某经济开发区管理委员会关于印发《企业投资项目服务管理办法》的通知"
    assert document.doc_number == "某经开管发〔2024〕7号"
    assert document.issuer == ["某某经济开发区管理委员会"]
    assert document.dates.model_dump() == {"signed": "2024-02-01", "published": None, "effective": "2024-03-01", "expires": "2029-02-28"}
    assert document.validity.model_dump(include={"text", "years", "until"}) == {"text": "有效期5年", "years": 5, "until": "2029-02-28"}
    assert document.attachments == ["企业投资项目服务事项清单", "项目服务专员联系表"]
    assert "页眉" not in document.text and "页脚" not in document.text
    [table] = [u for u in document.units if u.kind == "table"]
    assert table.label == "表1"
    assert table.text == "服务事项 | 办理时限 | 责任部门\n项目代办 | 5个工作日 | 经济发展局"
    # The table stays where it is in the body: after 第五条's last item, before 第三章.
    fifth_item = next(u for u in document.units if u.path[-2:] == ["第五条", "（二）"])
    chapter_three = next(u for u in document.units if u.label == "第三章")
    assert fifth_item.start < table.start and table.end < chapter_three.start
    assert document.text[fifth_item.start:table.start] == "（二）按时办结事项。\n"


def test_numbering_formats():
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 21, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(12, "chineseLegalSimplified") == "拾贰"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"


def test_width_folding_keeps_offsets(fixtures):
    text = "第１条　依据《条例》（国发〔２０１９〕８６０号）"
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert folded == "第1条 依据《条例》(国发[2019]860号)"
    document = extract(fixtures / "rules-autonumbered.docx")
    assert len(document.normalized_text) == len(document.text)


def test_numbering_through_styles_and_start_override(tmp_path):
    """一、 through a paragraph style's numPr (inherited via basedOn), and a list restarted at 3."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="91"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'))
    section_style = document.styles["Heading 1"]
    section_style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="91"/></w:numPr>'))
    derived = document.styles.add_style("Section Derived", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = section_style
    document.add_paragraph("关于规范招商引资工作的意见")
    document.add_paragraph("总体要求", style="Heading 1")
    document.add_paragraph("工作措施", style="Section Derived")
    for text in ("加强审查", "规范兑现"):
        item = document.add_paragraph(text)
        item._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="92"/></w:numPr>'))
    path = tmp_path / "styled.docx"
    document.save(path)
    extracted = extract(path)
    outline = [(u.kind, u.label, u.text.split("\n")[0]) for u in extracted.units if u.kind.startswith("outline")]
    assert outline == [
        ("outline-1", "一、", "一、总体要求"), ("outline-1", "二、", "二、工作措施"),
        ("outline-2", "（三）", "（三）加强审查"), ("outline-2", "（四）", "（四）规范兑现")]
