"""The flows against the real Prefect API (the session's test harness) and the real Elasticsearch node."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from normreview.checks.workdays import add_workdays, is_workday, workdays_between

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "normreview")]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess: this session's Prefect API and index prefix."""
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PYTHONPATH=str(REPO), **extra)


def write_normative(path: Path, number: int, cites: str = "") -> Path:
    """A small generated normative document, distinct per ``number``."""
    path.write_text(
        f"某某经济开发区管理委员会关于印发第{number}号企业服务办法的通知\n"
        f"某开管发〔2023〕{number}号\n"
        "第一条 为优化营商环境，规范企业服务工作，" + (f"根据{cites}，" if cites else "") + "制定本办法。\n"
        f"第二条 本办法适用于开发区内第{number}批企业服务事项。\n"
        "第三条 管委会经济发展局负责组织实施。\n"
        "第四条 本办法由管委会经济发展局负责解释。\n", encoding="utf-8")
    return path


# ---- working days -------------------------------------------------------------------------------

def test_workdays_count_holidays_and_make_up_days():
    assert not is_workday(date(2025, 10, 1))  # National Day
    assert is_workday(date(2025, 9, 28))  # a Sunday made a workday for the National Day break
    assert not is_workday(date(2026, 2, 16))  # Spring Festival eve, Monday
    assert is_workday(date(2026, 2, 14))  # a Saturday made a workday
    # Received Thursday 2025-09-25: the working days after it are 26 (Fri), 28 (Sun, make-up),
    # 29, 30; 1–8 October are off; then 9, 10 (Thu, Fri), 11 (Sat, make-up), 13 ...
    assert workdays_between(date(2025, 9, 25), date(2025, 10, 11)) == 7
    assert add_workdays(date(2025, 9, 25), 5) == date(2025, 10, 9)
    assert workdays_between(date(2025, 10, 9), date(2025, 10, 9)) == 0


# ---- the audit ----------------------------------------------------------------------------------

AS_OF = date(2026, 3, 2)


@pytest.fixture
def own_archive(monkeypatch):
    """An archive under a prefix of its own, for tests that count everything in it."""
    from normreview.index import Archive

    monkeypatch.setenv("NORMREVIEW_INDEX_PREFIX", f"test-flows-{uuid.uuid4().hex[:8]}")
    store = Archive()
    yield store
    store.drop()


def test_audit_finds_expired_overdue_and_repealed_citation_cases(tmp_path, own_archive):
    from normreview.flows.audit import audit_catalogue
    from normreview.flows.filing import file_document
    from normreview.flows.review import review_submission
    from normreview.index.catalogue import Catalogue

    files = {
        "expired": write_normative(tmp_path / "expired.txt", 1),
        "expiring": write_normative(tmp_path / "expiring.txt", 2),
        "unfiled": write_normative(tmp_path / "unfiled.txt", 3),
        "pending": write_normative(tmp_path / "pending.txt", 4),
        "recent": write_normative(tmp_path / "recent.txt", 5),
        "cites-old": write_normative(tmp_path / "cites-old.txt", 6, cites="《中华人民共和国合同法》"),
        "cites-late": write_normative(tmp_path / "cites-late.txt", 7, cites="《合同法》"),
        "in-order": write_normative(tmp_path / "in-order.txt", 8),
    }
    reviews = review_submission([str(p) for p in files.values()])
    ids = {name: review.document.doc_id for name, review in zip(files, reviews)}

    file_document(ids["expired"], date(2021, 1, 4), filed=date(2021, 1, 20), expires=date(2026, 1, 3))
    file_document(ids["expiring"], date(2024, 3, 1), filed=date(2024, 3, 10), expires=date(2026, 3, 20))
    file_document(ids["unfiled"], date(2026, 1, 5))  # due 2026-02-04, never filed
    file_document(ids["cites-old"], date(2019, 6, 3), filed=date(2019, 6, 20))  # 合同法 repealed 2021-01-01
    file_document(ids["cites-late"], date(2022, 5, 9), filed=date(2022, 5, 20))  # cited after the repeal
    file_document(ids["in-order"], date(2026, 2, 2), filed=date(2026, 2, 10), expires=date(2031, 2, 1))
    # Seed the day the drafts arrived. The 15th working day after 2026-01-29 is 2026-02-26: the
    # Spring Festival break (15–23 February) does not count, Saturday 14 February (make-up) does.
    # By 2 March that draft is 3 working days late; the one received 10 February is on time.
    for name, received in (("pending", "2026-01-29"), ("recent", "2026-02-10")):
        own_archive.client.update(index=own_archive.alias("documents"), id=ids[name],
                                  doc={"archived_at": received}, refresh=True)

    record = audit_catalogue(as_of=AS_OF, within_days=30)
    found = {(item["doc_id"], item["category"], item["due"], item["overdue"]) for item in record["items"]}
    assert found == {
        (ids["expired"], "expiry", "2026-01-03", True),
        (ids["expiring"], "expiry", "2026-03-20", False),
        (ids["unfiled"], "filing-overdue", "2026-02-04", True),
        (ids["pending"], "review-overdue", "2026-02-26", True),
        (ids["cites-old"], "repealed-citation", "2021-01-01", False),
    }
    assert record["overdue"] == 3
    stored = Catalogue().audit(record["audit_id"])
    assert stored["items"] == record["items"]

    done = subprocess.run(CLI + ["audit", "--json", "--as-of", AS_OF.isoformat()], capture_output=True, text=True,
                          env=cli_env(), timeout=300)
    assert done.returncode == 3, done.stderr
    items = json.loads(done.stdout)["items"]
    assert {(i["doc_id"], i["category"]) for i in items} == {(d, c) for d, c, _, _ in found}
    assert all({"doc_id", "title", "category", "due", "detail"} <= set(i) for i in items)
    clean = subprocess.run(CLI + ["audit", "--as-of", "2020-01-06"], capture_output=True, text=True, env=cli_env(),
                           timeout=300)
    assert clean.returncode == 0, clean.stderr


# ---- review, decision ---------------------------------------------------------------------------

def test_review_folder_reports_package_caches_and_archives(tmp_path, archive):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterName

    from normreview.flows.review import review_submission

    folder = tmp_path / "submission"
    folder.mkdir()
    draft = write_normative(folder / "送审稿.txt", 21)
    (folder / "起草说明.txt").write_text("关于《企业服务办法》的起草说明\n一、起草背景\n为规范企业服务，起草本办法。\n", encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"not a zip")

    results = review_submission([str(folder)], archive=True)
    errors = [r for r in results if isinstance(r, dict)]
    [review] = [r for r in results if not isinstance(r, dict)]
    assert [e["file"] for e in errors] == [str(folder / "broken.docx")]
    assert review.materials == [str(folder / "起草说明.txt")]
    assert review.document.title.startswith("某某经济开发区管理委员会关于印发第21号")
    # The package has a 起草说明 but no 制定依据, 征求意见 or 初审意见 material.
    assert any(f.category == "procedure-materials" for f in review.findings)
    stored = archive.get_document(review.document.doc_id)
    # The machine's review leaves the document pending: 初审意见 only, no opinion until a reviewer decides.
    assert stored["status"] == "under_review" and not stored.get("opinion") and stored["auto_opinion"] == review.opinion

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
    [report] = [a for a in artifacts if a.key == "review-" + review.document.doc_id[:16]]
    assert review.document.title in report.data
    [table] = [a for a in artifacts if a.key == "findings-" + review.document.doc_id[:16]]
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert sorted(row["类别"] for row in rows) == sorted(f.category for f in review.findings)

    # The same bytes again: extract and check come from the cache keyed on the content hash.
    review_submission([str(draft)], archive=False)
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="extract")))
    assert any(run.state.name == "Cached" for run in runs)


def test_decision_round_trip_ends_in_the_archive(tmp_path, archive, nanxun):
    from normreview.flows.review import review_submission

    [review] = review_submission([str(nanxun)])
    doc_id = review.document.doc_id
    findings = archive.get_findings(doc_id)
    assert len(findings) >= 2
    kept, dropped = findings[0], findings[1]
    short_id = kept["finding_id"].split(":", 1)[1]  # RULE:START, as a reviewer would type it
    from normreview.web.users import UserStore

    UserStore(tmp_path).add("王审核", "secret-pass-1", "reviewer")
    identity = cli_env(NORMREVIEW_DATA=str(tmp_path), NORMREVIEW_USER="王审核")
    done = subprocess.run(CLI + ["decide", doc_id, "--opinion", "应当予以修改", "--reviewer", "王审核",
                                 "--comments", "请删除与纳税挂钩的奖励条款", "--accept", short_id,
                                 "--dismiss", f"{dropped['finding_id']}=该条已有上位法依据", "--json"],
                          capture_output=True, text=True, env=identity, timeout=300)
    assert done.returncode == 0, done.stderr
    decision = json.loads(done.stdout)

    document = archive.get_document(doc_id)
    assert (document["opinion"], document["reviewer"], document["decision_id"]) == ("应当予以修改", "王审核", decision["decision_id"])
    verdicts = {f["finding_id"]: (f["verdict"], f["verdict_reason"]) for f in archive.get_findings(doc_id)}
    assert verdicts[kept["finding_id"]] == ("accepted", "")
    assert verdicts[dropped["finding_id"]] == ("dismissed", "该条已有上位法依据")
    # Other tests of the session may decide on the same sample; look at this decision only.
    [stored] = [d for d in archive.get_decisions(doc_id) if d["decision_id"] == decision["decision_id"]]
    assert stored["comments"] == "请删除与纳税挂钩的奖励条款"

    bad = subprocess.run(CLI + ["decide", doc_id, "--opinion", "同意", "--reviewer", "王审核"],
                         capture_output=True, text=True, env=identity, timeout=300)
    assert bad.returncode == 2 and "--opinion 只能是" in bad.stderr


# ---- backfill -----------------------------------------------------------------------------------

def test_backfill_of_500_stopped_halfway_resumes_without_duplicates(tmp_path, own_archive):
    folder = tmp_path / "past"
    folder.mkdir()
    for number in range(500):
        write_normative(folder / f"doc-{number:03d}.txt", 1000 + number)
    (folder / "empty.docx").write_bytes(b"")
    (folder / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    documents = own_archive.alias("documents")

    def archived() -> int:
        own_archive.ensure()
        own_archive.client.indices.refresh(index=documents)
        return own_archive.client.count(index=documents)["count"]

    command = CLI + ["backfill", str(folder), "--batch-size", "25", "--concurrency", "2", "--json"]
    first = subprocess.Popen(command, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 300
    while archived() < 150 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    # Still running with 150 stored: it neither crashed (the checks of two batches once raced in their
    # threads) nor finished before it could be stopped.
    assert first.poll() is None, first.stderr.read().decode()[-3000:]
    os.killpg(first.pid, signal.SIGKILL)  # stopped halfway: no chance to clean up
    first.wait(timeout=30)
    stopped_at = archived()
    assert 150 <= stopped_at < 500

    second = subprocess.run(command, env=cli_env(), capture_output=True, text=True, timeout=600)
    assert second.returncode == 2, second.stderr  # two unreadable files
    summary = json.loads(second.stdout)
    assert summary["files"] == 502
    assert summary["skipped"] >= stopped_at
    assert summary["skipped"] + summary["archived"] == 500
    reasons = [line for line in second.stderr.splitlines() if line.startswith("normreview: ")]
    assert sorted(reasons) == sorted(f"normreview: {b['file']}: {b['error']}" for b in summary["failed"])
    assert {b["file"] for b in summary["failed"]} == {str(folder / "empty.docx"), str(folder / "table.xls")}

    assert archived() == 500
    paths = own_archive.client.search(index=documents, size=0, aggs={"paths": {"terms": {"field": "source.path", "size": 1000}}})
    buckets = paths["aggregations"]["paths"]["buckets"]
    assert len(buckets) == 500 and all(b["doc_count"] == 1 for b in buckets)
    statuses = own_archive.client.search(index=documents, size=0, aggs={"s": {"terms": {"field": "status"}}})
    assert [(b["key"], b["doc_count"]) for b in statuses["aggregations"]["s"]["buckets"]] == [("published", 500)]

    third = subprocess.run(command, env=cli_env(), capture_output=True, text=True, timeout=600)
    assert json.loads(third.stdout)["archived"] == 0 and json.loads(third.stdout)["skipped"] == 500


def test_a_backfill_batch_goes_on_past_a_file_over_the_extraction_memory_limit(tmp_path, own_archive):
    """Backfill extracts in a child process with the review path's limits: a file that would take the
    memory gets its one-line reason, and the files after it in the same batch are archived."""
    folder = tmp_path / "past"
    folder.mkdir()
    for number in range(4):
        write_normative(folder / f"doc-{number}.txt", 2000 + number)
    hostile = folder / "doc-1-巨大.txt"  # sorts into the middle of the one batch
    hostile.write_text("第一条 为规范管理工作，制定本办法。\n" * 700_000, encoding="utf-8")  # about 30 MB
    # Size limits that let it through to the extraction itself; 16 MB more than the child inherited does not.
    env = cli_env(NORMREVIEW_EXTRACT_MEMORY_MB="16", NORMREVIEW_MAX_FILE_MB="500", NORMREVIEW_MAX_CHARS="100000000",
                  NORMREVIEW_MAX_LINES="10000000")
    done = subprocess.run(CLI + ["backfill", str(folder), "--batch-size", "10", "--json"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["files"], summary["archived"]) == (5, 4)
    [failed] = summary["failed"]
    assert failed["file"] == str(hostile) and "内存" in failed["error"] and "\n" not in failed["error"]
    reasons = [line for line in done.stderr.splitlines() if line.startswith("normreview: ")]
    assert reasons == [f"normreview: {hostile}: {failed['error']}"]
    assert "Traceback" not in done.stderr
    own_archive.client.indices.refresh(index=own_archive.alias("documents"))
    stored = own_archive.client.search(index=own_archive.alias("documents"), size=10, source=["source.path"])
    assert sorted(hit["_source"]["source"]["path"] for hit in stored["hits"]["hits"]) == [
        str(folder / f"doc-{number}.txt") for number in range(4)]


# ---- deployments --------------------------------------------------------------------------------

def test_served_audit_deployment_has_its_cron_and_a_triggered_run_completes(archive):
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    from normreview.flows.audit import AUDIT_CRON

    server = subprocess.Popen([sys.executable, str(REPO / "deploy" / "serve.py")], env=cli_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        expected = {"audit_catalogue", "review_submission", "record_decision", "file_document", "backfill"}
        served: dict[str, object] = {}
        deadline = time.monotonic() + 180
        with get_client(sync_client=True) as client:
            while set(served) < expected and time.monotonic() < deadline and server.poll() is None:
                time.sleep(1)
                served = {client.read_flow(d.flow_id).name: d for d in client.read_deployments()}
            assert set(served) == expected, server.stdout.read1().decode() if server.poll() is not None else served
        audit = served["audit_catalogue"]
        assert audit.name == "scheduled"
        assert [s.schedule.cron for s in audit.schedules] == [AUDIT_CRON]
        assert audit.schedules[0].schedule.timezone == "Asia/Shanghai"

        # _sync: earlier tests of the session can leave an event loop that would make this dispatch async.
        run = run_deployment("audit_catalogue/scheduled", parameters={"as_of": "2026-03-02", "within_days": 30},
                             timeout=240, _sync=True)
        assert run.state.is_completed(), run.state
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_review_with_opinion_dir_archives_the_deliverables(tmp_path, archive, nanxun):
    from normreview.flows.review import review_submission

    [review] = review_submission([str(nanxun)], opinion_dir=str(tmp_path / "out"))
    paths = review.deliverables
    assert set(paths) == {"draft_letter", "annotated_draft"}  # no letter before a reviewer decides
    assert all(Path(p).is_file() and Path(p).parent == tmp_path / "out" for p in paths.values())
    assert archive.get_document(review.document.doc_id)["deliverables"] == paths


def test_cached_findings_slice_the_text_they_were_found_in():
    """The bug the content key fixes: the same file read by a changed extractor (one line more in
    front) must not get the old findings back, whose offsets no longer match the text."""
    from prefect import flow

    from normreview.checks.profile import choose_profile
    from normreview.extractors import extract_text
    from normreview.flows.tasks import check_task

    @flow
    def check(document):
        return check_task(document, choose_profile(document).name)  # as the review flow calls it

    policy = "某某区关于加快服务业发展的若干意见\n第一条 对年度纳税十强企业给予一次性奖励。\n第二条 本意见自印发之日起施行。\n"
    document = extract_text(policy)
    shifted = extract_text("（新增一行）\n" + policy)
    shifted = shifted.model_copy(update={"doc_id": document.doc_id, "sha256": document.sha256, "source": document.source})
    for reviewed in (document, shifted, document, shifted):  # the last two come from the cache
        findings = check(reviewed)
        assert findings and all(reviewed.text[f.start:f.end] == f.quote for f in findings)


def test_the_draft_is_told_by_the_name_it_was_submitted_under(tmp_path):
    """Two normative documents stored under neutral names: the submitted names say which is the draft."""
    from normreview.checks.submission import SubmissionError, main_document
    from normreview.extractors import extract

    folder = tmp_path / "upload"
    folder.mkdir()
    first, second = write_normative(folder / "000.txt", 31), write_normative(folder / "001.txt", 32)
    documents = [extract(first), extract(second)]
    with pytest.raises(SubmissionError, match="cannot tell the draft"):
        main_document(str(folder), documents)
    names = {str(first): "上位文件.txt", str(second): "企业服务办法（送审稿）.txt"}
    assert main_document(str(folder), documents, names).source.path == str(second)
