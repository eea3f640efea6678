"""A discretion standard in headless Chromium: its rows as a table with the findings beside each row, side
by side at 1280 px and stacked (never wider than the screen) at 390 px; a search for a violation lists the
row."""
from __future__ import annotations

import pytest
from fixtures.discretion import FIXTURES, answer_key
from test_browser import submit_file

pytestmark = pytest.mark.integration


_submitted: dict[str, str] = {}


@pytest.fixture
def standard_url(login, server) -> str:
    """The standard, uploaded by the reviewer once for the module."""
    if "url" not in _submitted:
        _submitted["url"] = submit_file(login("reviewer"), server, FIXTURES / "discretion-standard.docx")
    return _submitted["url"]


@pytest.mark.parametrize("width", [390, 1280])
def test_rows_with_their_findings_beside_them(login, server, shots, standard_url, width):
    reviewer = login("reviewer")
    reviewer.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    reviewer.goto(server + standard_url)
    rows = reviewer.locator("#rows table.rows-discretion tbody tr")
    answers = answer_key("discretion-standard.answers.yaml")
    assert rows.count() == len(answers)
    fifth = rows.nth(4)  # 序号5: its grades go beyond 食品安全法 第一百三十二条
    assert "discretion-range" in fifth.locator(".row-finding").first.get_attribute("data-finding")
    assert "3万元至6万元" in fifth.locator("td.row-findings").inner_text()
    assert rows.nth(0).locator(".row-finding").count() == 0 and "未发现问题" in rows.nth(0).inner_text()
    violation, found = fifth.locator("td.row-violation").bounding_box(), fifth.locator("td.row-findings").bounding_box()
    if width == 1280:  # beside: the same line of the table, the findings to the right
        assert abs(violation["y"] - found["y"]) < 2 and found["x"] > violation["x"]
        assert reviewer.locator("#rows thead").is_visible()
    else:  # stacked: each cell a labelled line of its own, below the one before
        assert found["y"] > violation["y"] and abs(found["x"] - violation["x"]) < 2
        assert not reviewer.locator("#rows thead").is_visible()
        label = fifth.locator("td.row-findings").evaluate("(cell) => getComputedStyle(cell, '::before').content")
        assert "审核发现" in label
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= width
    fifth.scroll_into_view_if_needed()
    reviewer.screenshot(path=str(shots / f"web-rows-{width}.png"))
    # A row's finding leads to the finding and its decision controls.
    fifth.locator(".row-finding a").first.click()
    finding_id = fifth.locator(".row-finding").first.get_attribute("data-finding")
    assert reviewer.locator(f"[id='finding-{finding_id}']").is_visible()


def test_search_for_a_violation_lists_the_row(login, server, shots, standard_url):
    reviewer = login("reviewer")
    reviewer.set_viewport_size({"width": 390, "height": 844})
    reviewer.goto(server + "/search")
    reviewer.fill("input[name=q]", "未按要求进行食品贮存、运输和装卸")
    reviewer.click("button:has-text('检索')")
    hit = reviewer.locator("#row-hits tr.row").first
    assert "未按要求进行食品贮存、运输和装卸" in hit.locator("td.row-violation").inner_text()
    assert "3万元至6万元" in hit.locator("td.row-findings").inner_text()
    assert hit.locator(f"a[href='{standard_url}']").count() == 1
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= 390
    reviewer.screenshot(path=str(shots / "web-row-search-390.png"), full_page=True)
