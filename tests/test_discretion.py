"""Discretion standards, exemption lists and the decision catalogue, reviewed against their answer keys.

The fixtures (tests/fixtures/discretion/, made by tests/fixtures/discretion.py) are written from real
provisions of the statute corpus with planted problems; every planted problem must be found and no
correct row flagged. The articles are read from the statute store (checks/lawtext.py, the session's
``law_store`` fixture).
"""
from __future__ import annotations

import pytest
import yaml
from fixtures.discretion import FIXTURES, answer_key, decision_audit, expected_audit, rules_by_row

from normreview.checks.decisions import check_review_materials, load_catalogue
from normreview.checks.discretion import exemption_problems, parse_citations, review_table_document, rules
from normreview.checks.engine import review_document
from normreview.extractors import extract, extract_text
from normreview.extractors.errors import ExtractionError
from normreview.extractors.tables import planned_date, read_table_document
from normreview.model import ExemptionRow

# (file, kind, answer key, the rows of that kind on the Document)
REVIEWED = [("discretion-standard.docx", "discretion-standard", "discretion-standard.answers.yaml", "discretion_rows"),
            ("discretion-standard.pdf", "discretion-standard", "discretion-standard.answers.yaml", "discretion_rows"),
            ("exemption-list.docx", "exemption-list", "exemption-list.answers.yaml", "exemption_rows")]


@pytest.mark.unit
@pytest.mark.parametrize("name,kind,key,rows", REVIEWED)
def test_every_planted_problem_on_its_row_and_no_correct_row_flagged(name, kind, key, rows):
    document = extract(FIXTURES / name)
    assert document.kind == kind
    answers = answer_key(key)
    assert len(answers) >= 20 and sum(1 for e in answers.values() if e) >= 6 and sum(1 for e in answers.values() if not e) >= 15
    assert [row.number for row in getattr(document, rows)] == [str(n) for n in answers]
    findings = review_table_document(document)
    for finding in findings:
        assert finding.category == rules()[finding.rule]["category"], finding.rule
    found = rules_by_row(findings)
    assert set(found) <= set(answers), f"findings on rows the key does not have: {set(found) - set(answers)}"
    for number, expected in answers.items():
        assert found.get(number, set()) == expected, f"row {number}: found {found.get(number)}, expected {expected}"


@pytest.mark.unit
def test_discretion_rows_are_typed_on_the_document():
    rows = {row.number: row for row in extract(FIXTURES / "discretion-standard.docx").discretion_rows}
    first = rows["1"]
    assert first.violation == "未取得食品生产经营许可从事食品生产经营活动"
    assert first.penalty_provision == "《中华人民共和国食品安全法》第一百二十二条第一款"
    assert [(g.fine_min, g.fine_max, g.unit, g.base) for g in first.grades] == [
        (50000, 70000, "元", None), (70000, 100000, "元", None), (10, 20, "倍", "货值金额")]
    assert first.unit == "表1 第2-4行（序号1）"
    assert rows["2"].grades[-1].measures == ["吊销营业执照"]
    assert rows["18"].grades[0].base == "建设工程造价" and rows["18"].grades[0].fine_max == 0.07


@pytest.mark.unit
def test_the_check_reads_the_rows_on_the_document_not_the_file(tmp_path):
    """The rows travel with the Document (the archived review included): the check needs no file."""
    document = extract(FIXTURES / "exemption-list.docx")
    moved = document.model_copy(update={"source": document.source.model_copy(update={"path": str(tmp_path / "gone.docx")})})
    again = type(document).model_validate_json(moved.model_dump_json())
    assert rules_by_row(review_table_document(again)) == {n: e for n, e in answer_key("exemption-list.answers.yaml").items() if e}


@pytest.mark.unit
def test_discretion_findings_quote_the_articles_and_name_the_row():
    findings = review_table_document(extract(FIXTURES / "discretion-standard.docx"))
    range_finding = next(f for f in findings if f.rule == "discretion-range" and "序号5" in f.unit)
    assert "序号5" in range_finding.message and "3万元至6万元" in range_finding.message
    laws = {(b.law, b.article) for b in range_finding.basis}
    assert ("中华人民共和国食品安全法", "第一百三十二条") in laws and ("中华人民共和国行政处罚法", "第三十四条") in laws
    assert all(b.verified and b.text for b in range_finding.basis)
    assert "一万元以上五万元以下罚款" in next(b.text for b in range_finding.basis if b.article == "第一百三十二条")
    missing = next(f for f in findings if f.rule == "discretion-citation-missing" and "序号24" in f.unit)
    assert "第一百零八条" in missing.message


@pytest.mark.unit
def test_exemption_findings_quote_article_33():
    findings = review_table_document(extract(FIXTURES / "exemption-list.docx"))
    article33 = next(b for f in findings for b in f.basis if b.article == "第三十三条")
    assert "初次违法且危害后果轻微并及时改正的，可以不予行政处罚" in article33.text


EXEMPTIONS = [  # (kind, conditions, treatment, problem expected)
    ("不予处罚", "违法行为轻微并及时改正，没有造成危害后果", "不予行政处罚", False),
    ("不予处罚", "违法行为轻微，未造成危害后果，当场改正", "不予行政处罚", False),
    ("不予处罚", "违法行为轻微，及时改正，造成危害后果较小", "不予行政处罚", True),
    ("不予处罚", "当事人有证据足以证明没有主观过错", "不予行政处罚", False),
    ("首违不罚", "首次违法，危害后果轻微，在限期内改正", "可以不予行政处罚", False),
    ("首违不罚", "首次违法，危害后果轻微，在限期内改正", "不予行政处罚", True),
    ("首违不罚", "危害后果轻微，及时改正", "可以不予行政处罚", True),
    ("从轻减轻", "主动消除或者减轻违法行为危害后果", "从轻处罚", False),
]


@pytest.mark.unit
@pytest.mark.parametrize("kind,conditions,treatment,problem", EXEMPTIONS)
def test_exemption_conditions(kind, conditions, treatment, problem):
    row = ExemptionRow(number="1", violation="某违法行为", provision="", penalty_provision="", exemption_kind=kind,
                       conditions=conditions, treatment=treatment, unit="表1 第2行（序号1）")
    assert bool(exemption_problems(row)) is problem


@pytest.mark.unit
def test_citations():
    cited = parse_citations("《中华人民共和国食品安全法》第一百二十二条第一款、第一百二十四条第一款第（五）项；价格法第四十二条")
    assert [(c.law, c.article, c.paragraph, c.item) for c in cited] == [
        ("中华人民共和国食品安全法", 122, 1, None), ("中华人民共和国食品安全法", 124, 1, 5), ("价格法", 42, None, None)]


def _audit_keys(items) -> set[tuple[str, str, str | None]]:
    return {(i.decision, i.category, i.step) for i in items}


@pytest.mark.unit
def test_decision_catalogue_audit():
    entries = load_catalogue(FIXTURES / "decision-catalogue.docx")
    assert len(entries) == 10 and entries[0].year == 2024 and entries[0].planned_date == "2024-06-30"
    assert entries[3].required_steps == ["公众参与", "合法性审查", "集体讨论决定"]
    items = decision_audit(entries)
    assert _audit_keys(items) == expected_audit()
    assert len(items) == len(expected_audit())  # one item per problem, none twice
    overdue = next(i for i in items if i.decision == "5")
    assert overdue.due == "2024-07-18" and "2024-09-30" in overdue.detail
    assert {b["article"] for b in overdue.basis} == {"第三十二条", "第二十六条"} and all(b["verified"] for b in overdue.basis)
    not_catalogued = next(i for i in items if i.category == "decision-not-catalogued")
    assert "决策事项目录" in not_catalogued.basis[0]["text"]


@pytest.mark.unit
def test_the_extracted_catalogue_document_carries_its_decisions():
    document = extract(FIXTURES / "decision-catalogue.docx")
    assert [e.title for e in document.decision_entries] == [e.title for e in load_catalogue(FIXTURES / "decision-catalogue.docx")]


@pytest.mark.unit
def test_decision_catalogue_yaml_import_gives_the_same_audit(tmp_path):
    entries = load_catalogue(FIXTURES / "decision-catalogue.docx")
    records = [{"number": e.number, "title": e.title, "organ": e.organ, "planned_date": e.planned_date,
                "required_steps": "、".join(e.required_steps)} for e in entries]
    for suffix, dump in ((".yaml", lambda d: yaml.safe_dump(d, allow_unicode=True)),
                         (".json", lambda d: __import__("json").dumps(d, ensure_ascii=False))):
        path = tmp_path / f"catalogue{suffix}"
        path.write_text(dump({"decisions": records}), encoding="utf-8")
        assert _audit_keys(decision_audit(load_catalogue(path))) == expected_audit()


@pytest.mark.unit
def test_review_materials_for_legality_review():
    submission = yaml.safe_load((FIXTURES / "decision-review-materials.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in load_catalogue(FIXTURES / "decision-catalogue.docx") if e.title == submission["decision"])
    findings = check_review_materials(submission, entry)
    keys = {f"review-materials:{f.quote}" if f.rule == "decision-review-materials" else "review-time" for f in findings}
    assert keys == set(submission["expected"])
    article26 = next(b for f in findings for b in f.basis if b.article == "第二十六条")
    assert "一般不少于7个工作日" in article26.text
    complete = dict(submission, materials=submission["materials"] + ["有关法律法规依据", "履行决策法定程序的说明", "社会稳定风险评估报告"],
                    meeting="2025-04-08")
    assert check_review_materials(complete, entry) == []


@pytest.mark.unit
def test_planned_dates():
    assert planned_date("2024年6月") == "2024-06-30"
    assert planned_date("2024年第三季度") == "2024-09-30"
    assert planned_date("2024年底") == "2024-12-31"
    assert planned_date("2025年2月") == "2025-02-28"
    assert planned_date("待定") is None


@pytest.mark.parametrize("name,kind", [("discretion-standard.docx", "discretion-standard"),
                                       ("exemption-list.docx", "exemption-list"),
                                       ("decision-catalogue.docx", "decision-catalogue")])
@pytest.mark.unit
def test_extraction_recognises_the_kind(name, kind):
    assert extract(FIXTURES / name).kind == kind


@pytest.mark.unit
def test_a_title_alone_makes_no_tabular_kind():
    assert extract_text("关于印发《行政处罚裁量基准》的通知\n各部门：现将裁量基准印发给你们。").kind != "discretion-standard"


@pytest.mark.unit
@pytest.mark.parametrize("name", ["discretion-standard.docx", "discretion-standard.pdf"])
def test_review_document_places_row_findings_in_the_text(name):
    document = extract(FIXTURES / name)
    findings = [f for f in review_document(document) if f.rule.startswith("discretion-")]
    assert rules_by_row(findings) == {n: e for n, e in answer_key("discretion-standard.answers.yaml").items() if e}
    for finding in findings:
        # The quote is the document's own text, line breaks of a wrapped PDF cell included.
        assert finding.end > finding.start and document.text[finding.start:finding.end] == finding.quote
        assert finding.page == (document.page_at(finding.start) if name.endswith(".pdf") else None)
    if name.endswith(".pdf"):
        assert {f.page for f in findings} - {None}, "a finding on a PDF names its page"


@pytest.mark.unit
def test_bad_input_names_the_file(tmp_path):
    broken = tmp_path / "标准.docx"
    broken.write_bytes(b"PK\x03\x04 not a docx")
    with pytest.raises(ExtractionError) as error:
        read_table_document(broken)
    assert "标准.docx" in str(error.value)
    bad_yaml = tmp_path / "目录.yaml"
    bad_yaml.write_text("- organ: 没有标题\n", encoding="utf-8")
    with pytest.raises(ExtractionError) as error:
        load_catalogue(bad_yaml)
    assert "目录.yaml" in str(error.value)


@pytest.mark.unit
def test_rules_are_complete_data_and_their_bases_exist():
    from normreview.checks.discretion import rules
    from normreview.checks.lawtext import find_article
    from normreview.checks.report import CATEGORY_ZH
    from normreview.patterns import chinese_to_int

    for rule in rules().values():
        assert {"id", "category", "severity", "title", "why", "basis", "message", "suggestion", "instead"} <= rule.keys()
        assert rule["category"] in CATEGORY_ZH and rule["severity"] in ("error", "warning")
        assert rule["examples"]["match"] and rule["examples"]["no_match"]
        for basis in rule["basis"]:
            assert find_article(basis["law"], chinese_to_int(basis["article"][1:-1])) is not None, basis
