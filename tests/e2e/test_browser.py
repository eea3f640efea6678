"""End to end in headless Chromium against a real server: the reviewer's whole round, access, and escaping."""
from __future__ import annotations

import re

import pytest
from docx import Document as Docx

from normreview.settings import settings

pytestmark = pytest.mark.integration

NANXUN = settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx"


def submit_file(page, server, path) -> str:
    """Upload through the Submit page, wait for the polled progress to finish, return the document's URL."""
    page.goto(server + "/submit")
    page.set_input_files("input[name=files]", str(path))
    page.click("button:has-text('开始审核')")
    page.wait_for_url(re.compile(r"/jobs/"))
    page.wait_for_selector("#job[data-status=done]", timeout=120_000)  # the script reloads the page when done
    link = page.locator("#job-results a").first
    return link.get_attribute("href")


def test_reviewer_round_in_the_browser(login, server, shots, tmp_path, archive):
    drafter = login("drafter")
    drafter.goto(server + "/submit")
    drafter.screenshot(path=str(shots / "web-submit.png"), full_page=True)
    doc_url = submit_file(drafter, server, NANXUN)
    drafter.screenshot(path=str(shots / "web-job.png"), full_page=True)

    # The drafter sees the findings of their own draft.
    drafter.goto(server + doc_url)
    assert drafter.locator(".finding").count() > 0
    assert drafter.locator("mark.hl").count() > 0

    # A drafter of another unit cannot open it, nor can a visitor.
    assert login("other").goto(server + doc_url).status == 404
    assert login(None).goto(server + doc_url).status == 404

    # The reviewer reads, clicks a highlighted clause, dismisses one finding and records the opinion.
    reviewer = login("reviewer")
    reviewer.goto(server + doc_url)
    total = reviewer.locator(".finding").count()
    first = reviewer.locator(".finding").first
    finding_id = first.get_attribute("data-finding")
    reviewer.locator("mark.hl").first.click()
    assert reviewer.locator(".finding.active").count() >= 1
    reviewer.screenshot(path=str(shots / "web-review.png"))
    first.locator("input[value=dismissed]").check()
    first.locator("input[type=text]").fill("该条款有上位法依据")
    reviewer.locator("input[name=opinion][value=应当予以修改]").check()
    reviewer.fill("textarea[name=comments]", "请按审核意见修改后重新报送。")
    reviewer.click("button:has-text('记录审核意见')")
    reviewer.wait_for_selector("#saved")
    assert reviewer.locator("#doc-opinion").inner_text() == "应当予以修改"
    dismissed = reviewer.locator(f"[data-finding='{finding_id}']")
    assert "dismissed" in dismissed.get_attribute("class") and "该条款有上位法依据" in dismissed.inner_text()
    assert reviewer.locator(".finding").count() == total

    # Both Word files download and open.
    for kind in ("opinion_letter", "annotated_draft"):
        with reviewer.expect_download() as download:
            reviewer.click(f"#download-{kind}")
        target = tmp_path / f"{kind}.docx"
        download.value.save_as(target)
        assert any("南浔" in p.text for p in Docx(target).paragraphs)

    # Filing in the workbench: the 文号 given then is stored and the catalogue lists the document.
    reviewer.goto(server + doc_url)
    reviewer.click("#filing-link")
    reviewer.fill("input[name=doc_number]", "湖浔政规［2026］3号")
    reviewer.fill("input[name=published]", "2026-11-20")
    reviewer.fill("input[name=filed]", "2026-11-25")
    reviewer.click("#file-submit")
    reviewer.wait_for_selector("#saved")

    # An anonymous visitor sees the issued text and its public metadata, never the review records.
    visitor = login(None)
    response = visitor.goto(server + doc_url)
    assert response.status == 200
    public = visitor.content()
    assert "湖浔政规〔2026〕3号" in public or "湖浔政规［2026］3号" in public
    assert visitor.locator(".finding").count() == 0
    for internal in ("该条款有上位法依据", "请按审核意见修改后重新报送", "记录审核意见", "初审意见"):
        assert internal not in public, internal

    # Search finds it with a highlight and facets; the similar-clause page shows the dismissal.
    reviewer.goto(server + "/search")
    reviewer.fill("input[name=q]", "纳税")
    reviewer.click("button:has-text('检索')")
    assert reviewer.locator(f".hit a[href='{doc_url}']").count() == 1
    assert reviewer.locator(".fragment mark").count() > 0
    assert reviewer.locator(".facets h3").count() > 0
    reviewer.screenshot(path=str(shots / "web-search.png"), full_page=True)
    # A pasted clause (the flagged clause as a whole: a few quoted words score below the similarity
    # threshold, docs/archive.md) finds this draft's clause with the reviewer's verdict on it.
    [flagged] = [f for f in archive.get_findings(doc_url.rsplit("/", 1)[1]) if f["finding_id"] == finding_id]
    clause = flagged["clause_text"]
    reviewer.goto(server + "/search")
    reviewer.fill("textarea[name=text]", clause)
    reviewer.click("button:has-text('查找相似条款')")
    match = reviewer.locator(".hit.similar", has=reviewer.locator(f"a[href='{doc_url}']")).first
    assert "不采纳" in match.inner_text() and "该条款有上位法依据" in match.inner_text()
    reviewer.screenshot(path=str(shots / "web-similar.png"), full_page=True)

    # The other unit's search does not list it.
    other = login("other")
    other.goto(server + "/search?q=纳税")
    assert other.locator(f"a[href='{doc_url}']").count() == 0


def test_catalogue_page_for_auditor(login, server, shots):
    reviewer = login("reviewer")
    reviewer.goto(server + "/catalogue")
    reviewer.click("#run-audit")
    reviewer.wait_for_selector("#audit")
    auditor = login("auditor")
    response = auditor.goto(server + "/catalogue")
    assert response.status == 200
    assert auditor.locator("h1").inner_text() == "备案目录"
    assert auditor.locator("#audit").count() == 1 and auditor.locator("#run-audit").count() == 0
    auditor.screenshot(path=str(shots / "web-catalogue.png"), full_page=True)
    assert auditor.locator("a:has-text('提交审核')").count() == 0


def test_script_in_a_draft_stays_text(login, server, tmp_path):
    draft = tmp_path / "script.txt"
    payload = "<script>window.__pwned = 1; document.title = 'pwned'</script>"
    draft.write_text(f"关于脚本测试的通知\n第一条 {payload} 企业须在本区纳税。\n<img src=x onerror=\"window.__pwned = 2\">\n",
                     encoding="utf-8")
    reviewer = login("reviewer")
    dialogs = []
    reviewer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    doc_url = submit_file(reviewer, server, draft)
    reviewer.goto(server + doc_url)
    assert payload in reviewer.locator("#doc-text").inner_text()
    assert reviewer.evaluate("window.__pwned") is None
    assert reviewer.title() != "pwned" and not dialogs
    assert reviewer.locator("#doc-text script, #doc-text img").count() == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_at_phone_and_desktop_width(browser, login, server, shots, width):
    """At 390 px the menu collapses behind a button, wide tables scroll inside themselves (the page does
    not), and the review page's findings are a jump away from the top; at 1280 px the menu shows."""
    reviewer = login("reviewer")
    reviewer.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    reviewer.goto(server + "/search")
    menu = reviewer.locator("#menu")
    if width == 390:
        assert not menu.is_visible() and reviewer.locator("#menu-button").is_visible()
        reviewer.locator("#menu-button").click()
        assert menu.is_visible() and reviewer.locator("#menu a:has-text('待审核')").is_visible()
    else:
        assert menu.is_visible() and not reviewer.locator("#menu-button").is_visible()
    reviewer.screenshot(path=str(shots / f"web-menu-{width}.png"))
    reviewer.goto(server + "/catalogue")
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= width
    reviewer.screenshot(path=str(shots / f"web-catalogue-{width}.png"), full_page=True)

    doc_url = submit_file(login("drafter"), server, NANXUN)
    reviewer.goto(server + doc_url)
    jump = reviewer.locator("#finding-jump a").first
    assert jump.bounding_box()["y"] < 900  # reachable from the top, without scrolling through the text
    reviewer.screenshot(path=str(shots / f"web-review-top-{width}.png"))
    jump.click()
    reviewer.wait_for_timeout(300)
    assert reviewer.locator("#findings").bounding_box()["y"] < 200  # the jump lands on the findings
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= width
    reviewer.screenshot(path=str(shots / f"web-review-{width}.png"))
