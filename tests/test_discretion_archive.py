"""The rows of discretion standards and exemption lists in the archive: stored with the review, found by a
search for the violation in every standard and list that covers it (API, CLI), read back in table order
with the findings on each row, and shown row by row on the review and search pages."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from fixtures.discretion import FIXTURES, FOOD, MINOR, NOT, answer_key, make_discretion_standard, make_exemption_list

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import extract
from normreview.index import Archive
from normreview.index.queries import search_query
from normreview.index.rows import row_records
from normreview.web.app import create_app
from normreview.web.settings import WebSettings

CLI = [str(Path(sys.executable).parent / "normreview")]
VIOLATION = "未取得食品经营许可从事食品经营"
PASSWORD = "rows-test-password"

# A county's standard and list that cover the same violation as the development zone's standard, in
# their own words; the standard's second grade goes beyond 第一百二十二条 (货值金额十倍以上二十倍以下).
COUNTY_STANDARD = [
    ("未取得食品经营许可从事食品经营活动", f"{FOOD}第三十五条第一款", f"{FOOD}第一百二十二条第一款", [
        ("货值金额不足一万元", "没收违法所得，并处五万元以上十万元以下罚款"),
        ("货值金额一万元以上", "没收违法所得，并处货值金额十倍以上二十五倍以下罚款")], ["discretion-range"]),
    ("食品经营者进货时未查验许可证", f"{FOOD}第五十三条第一款", f"{FOOD}第一百二十六条第一款第（三）项", [
        ("首次被发现", "责令改正，给予警告")], []),
]
COUNTY_LIST = [
    ("未取得食品经营许可从事食品经营活动，经营时间短、货值金额小", f"{FOOD}第三十五条第一款", f"{FOOD}第一百二十二条第一款",
     "不予处罚", MINOR, NOT, []),
]


def _review(path: Path):
    document = extract(path)
    findings = review_document(document)
    return review_object(document, findings, overall_opinion(findings))


@pytest.fixture(scope="module")
def store():
    # Not "-rows": its drop() would match the session archive's own rows index ("<prefix>-rows-v1").
    archive = Archive(prefix=os.environ["NORMREVIEW_INDEX_PREFIX"] + "-rowstore")
    archive.drop()
    yield archive
    archive.drop()


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("standards")
    make_discretion_standard(folder / "county-standard.docx", COUNTY_STANDARD, "某某县市场监督管理局行政处罚裁量基准（2024年版）")
    make_exemption_list(folder / "county-list.docx", COUNTY_LIST, "某某县市场监督管理局轻微违法行为不予处罚清单（2024年版）")
    paths = {"zone": FIXTURES / "discretion-standard.docx", "zone-list": FIXTURES / "exemption-list.docx",
             "county": folder / "county-standard.docx", "county-list": folder / "county-list.docx"}
    return {name: _review(path) for name, path in paths.items()}


@pytest.fixture(scope="module")
def archived(store, reviewed):
    result = store.store_reviews(list(reviewed.values()))
    assert result["errors"] == [] and result["documents"] == 4
    return reviewed


def _covering(hit) -> bool:
    return "许可从事食品" in hit["violation"]


@pytest.mark.unit
def test_row_records_carry_the_row_and_the_findings_on_it(reviewed):
    review = reviewed["zone"]
    records = row_records(review.document, review.findings, "2026-01-01T00:00:00+00:00")
    answers = answer_key("discretion-standard.answers.yaml")
    assert [r["number"] for r in records] == [str(n) for n in answers]
    assert len({r["row_id"] for r in records}) == len(records)
    for record in records:
        assert set(record["finding_rules"]) == answers[int(record["number"])], record["unit"]
        assert all(f["finding_id"].startswith(review.document.doc_id) for f in record["findings"])
    first = records[0]
    assert first["row_kind"] == "discretion" and first["laws"] == ["食品安全法"]
    assert [g["fine"] for g in first["grades"]] == ["5万元至7万元", "7万元至10万元", "货值金额10倍至20倍"]


@pytest.mark.integration
def test_a_violation_finds_the_rows_of_every_standard_and_list_that_covers_it(store, archived):
    result = store.search_rows(VIOLATION)
    hits = result["hits"]
    covering = {(h["title"], h["number"]) for h in hits if _covering(h)}
    assert covering == {(archived["zone"].document.title, "1"), (archived["county"].document.title, "1"),
                        (archived["county-list"].document.title, "1")}
    assert {(h["title"], h["number"]) for h in hits[:3]} == covering  # they come first
    assert not any("消防" in h["violation"] or "大气" in h["text"] for h in hits)
    county = next(h for h in hits if h["title"] == archived["county"].document.title and h["number"] == "1")
    assert county["unit"] == "表1 第2-3行（序号1）" and county["status"] == "under_review"
    assert [g["fine"] for g in county["grades"]] == ["5万元至10万元", "货值金额10倍至25倍"]
    (finding,) = county["findings"]
    assert finding["rule"] == "discretion-range" and "10倍至25倍" in finding["message"] and finding["verdict"] is None
    zone = next(h for h in hits if h["title"] == archived["zone"].document.title)
    assert zone["findings"] == [] and len(zone["grades"]) == 3
    listed = next(h for h in hits if h["row_kind"] == "exemption")
    assert listed["exemption_kind"] == "不予处罚" and listed["conditions"] == MINOR


@pytest.mark.integration
def test_rows_by_law_name_and_filters(store, archived):
    found = store.search_rows("《校车安全管理条例》")["hits"]
    assert [(h["title"], h["number"]) for h in found] == [(archived["zone-list"].document.title, "16")]
    assert found[0]["finding_rules"] == ["exemption-mandatory"]
    exemptions = store.search_rows("食品", filters={"row_kind": "exemption"})["hits"]
    assert exemptions and all(h["row_kind"] == "exemption" for h in exemptions)
    flagged = store.search_rows("食品", filters={"category": "discretion-range"})["hits"]
    assert flagged and all("discretion-range" in h["finding_categories"] for h in flagged)


@pytest.mark.integration
def test_rows_read_back_in_order_and_replaced_by_a_new_review(store, archived):
    review = archived["zone-list"]
    rows = store.get_rows(review.document.doc_id)
    answers = answer_key("exemption-list.answers.yaml")
    assert [r["number"] for r in rows] == [str(n) for n in answers]
    assert {int(r["number"]): set(r["finding_rules"]) for r in rows} == answers
    # The same submission reviewed again with a row fewer: its rows are replaced, not added to.
    shorter = review.model_copy(update={"document": review.document.model_copy(
        update={"exemption_rows": review.document.exemption_rows[:-1]})})
    store.store_review(shorter)
    assert len(store.get_rows(review.document.doc_id)) == len(answers) - 1
    store.store_review(review)
    assert len(store.get_rows(review.document.doc_id)) == len(answers)


@pytest.mark.integration
def test_a_verdict_on_a_row_finding_shows_in_the_row_search(store, archived):
    county = archived["county"]
    (finding,) = [f for f in county.findings if f.rule == "discretion-range"]
    store.record_decision(county.document.doc_id, "应当予以修改", "审核人", verdicts=[
        {"finding_id": finding.finding_id(county.document.doc_id), "verdict": "dismissed", "reason": "县级另有规定"}])
    hit = next(h for h in store.search_rows(VIOLATION)["hits"] if h["doc_id"] == county.document.doc_id)
    assert hit["findings"][0]["verdict"] == "dismissed" and hit["findings"][0]["verdict_reason"] == "县级另有规定"


@pytest.mark.integration
def test_cli_search_rows(store, archived):
    env = dict(os.environ, NORMREVIEW_INDEX_PREFIX=store.prefix)
    done = subprocess.run(CLI + ["search", "--rows", "--json", VIOLATION], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)["hits"]
    assert {h["title"] for h in hits if _covering(h)} == {archived[k].document.title for k in ("zone", "county", "county-list")}
    done = subprocess.run(CLI + ["search", "--rows", "--kind", "discretion-standard", VIOLATION], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "违法行为：未取得食品经营许可从事食品经营活动" in done.stdout and "裁量基准" in done.stdout
    assert "（行政处罚裁量基准）" in done.stdout and "（免罚清单）" not in done.stdout
    assert "货值金额一万元以上：没收违法所得，并处货值金额十倍以上二十五倍以下罚款" in done.stdout
    refused = subprocess.run(CLI + ["search", "--rows", "--status", "filed", VIOLATION], capture_output=True, text=True,
                             env=env, timeout=120)
    assert refused.returncode == 2 and "--rows 检索条目时不能使用 --status" in refused.stderr
    helped = subprocess.run(CLI + ["search", "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert "--rows" in helped.stdout and "裁量基准和免罚清单" in helped.stdout


# ---- the web: rows on the review page, row hits on the search page --------------------------------

@pytest.fixture(scope="module")
def app(store, tmp_path_factory):
    application = create_app(WebSettings(data_dir=tmp_path_factory.mktemp("rows-web"), secret_key="rows-" + "x" * 40),
                             archive=store)
    application.state.users.add("reviewer", PASSWORD, "reviewer", "区司法局")
    return application


def _client(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        assert client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token}).status_code == 200
    return client


def _html(response):
    assert response.status_code == 200, response.text[:300]
    return lxml.html.fromstring(response.text)


def _class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(node) -> str:
    return node.text_content().strip()


@pytest.mark.integration
def test_review_page_shows_each_row_with_its_findings_beside_it(app, archived):
    review = archived["zone"]
    page = _html(_client(app, "reviewer").get(f"/documents/{review.document.doc_id}"))
    rows = page.xpath(f"//section[@id='rows']//table[{_class('rows-discretion')}]/tbody/tr")
    answers = answer_key("discretion-standard.answers.yaml")
    assert [_text(r.xpath(f"td[{_class('row-number')}]")[0]) for r in rows] == [str(n) for n in answers]
    for row in rows:
        number = int(_text(row.xpath(f"td[{_class('row-number')}]")[0]))
        shown = {p.get("data-finding").split(":")[1] for p in row.xpath(f".//p[{_class('row-finding')}]")}
        assert shown == answers[number], f"row {number}"
        assert ("flagged" in row.get("class").split()) is bool(answers[number])
    fifth = rows[4]
    assert "未按要求进行食品贮存、运输和装卸" in _text(fifth.xpath(f"td[{_class('row-violation')}]")[0])
    assert "3万元至6万元" in _text(fifth.xpath(f"td[{_class('row-findings')}]")[0])
    assert len(fifth.xpath(f"td[{_class('row-grades')}]//li")) == 2
    # Every row finding links to the finding (and its decision controls) in the findings column.
    links = page.xpath(f"//p[{_class('row-finding')}]/a/@href")
    assert len(links) == sum(len(e) for e in answers.values())
    assert all(page.xpath(f"//*[@id='{href[1:]}']") for href in links)


def _row_titles(page) -> set[str]:
    return {_text(a) for a in page.xpath(f"//section[@id='row-hits']//tr[{_class('row')}]/td[1]/a")}


@pytest.mark.integration
def test_search_page_lists_covering_rows_within_what_the_user_may_see(app, archived, store):
    reviewer = _html(_client(app, "reviewer").get("/search", params={"q": VIOLATION}))
    assert {archived[k].document.title for k in ("zone", "county", "county-list")} <= _row_titles(reviewer)
    assert "10倍至25倍" in _text(reviewer.xpath("//section[@id='row-hits']")[0])
    # An anonymous visitor sees rows of issued documents only, and no findings: none of these is issued yet.
    assert _html(_client(app, None).get("/search", params={"q": VIOLATION})).xpath("//section[@id='row-hits']") == []
    store.set_status(archived["county"].document.doc_id, "published")
    visitor = _html(_client(app, None).get("/search", params={"q": VIOLATION}))
    assert _row_titles(visitor) == {archived["county"].document.title}
    section = _text(visitor.xpath("//section[@id='row-hits']")[0])
    assert visitor.xpath(f"//p[{_class('row-finding')}]") == [] and "审核发现" not in section


@pytest.mark.unit
def test_the_rows_query_searches_violations_and_takes_row_filters():
    query = search_query("未取得食品经营许可 《中华人民共和国食品安全法》", "rows",
                         {"row_kind": "exemption", "category": "discretion-range", "year": None})
    assert query["bool"]["filter"] == [{"terms": {"row_kind": ["exemption"]}},
                                       {"terms": {"finding_categories": ["discretion-range"]}}]
    text = json.dumps(query, ensure_ascii=False)
    assert '"violation_seg": {"query": "许可", "operator": "and", "boost": 3}' in text
    assert '{"terms": {"laws": ["食品安全法"], "boost": 5}}' in text and "basis_laws" not in text
    with pytest.raises(ValueError):
        search_query("食品", "rows", {"status": "filed"})  # rows carry no status: the caller filters by document
