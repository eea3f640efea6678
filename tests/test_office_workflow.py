"""The review office's workflow (#15): short ids, the inbox, filing by 文号, similar clauses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "normreview")]


IDENTITY: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def reviewer_identity(tmp_path_factory):
    """`decide` and `file` act as the configured NORMREVIEW_USER, a registered reviewer (王审核)."""
    from normreview.checks.laws.store import default_path
    from normreview.web.users import UserStore

    data = tmp_path_factory.mktemp("office-data")
    (data / default_path().name).symlink_to(default_path())  # the built statute store, not a rebuild
    UserStore(data).add("王审核", "secret-pass-1", "reviewer")
    IDENTITY.update(NORMREVIEW_DATA=str(data), NORMREVIEW_USER="王审核")
    yield
    IDENTITY.clear()


def cli(*args: str) -> subprocess.CompletedProcess:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PYTHONPATH=str(REPO), **IDENTITY)
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=300)


def write_normative(path: Path, number: int, extra: str = "") -> Path:
    path.write_text(
        f"某某经济开发区管理委员会关于印发第{number}号办公室工作办法的通知\n"
        f"第一条 为规范第{number}批办公室服务工作，制定本办法。{extra}\n"
        "第二条 管委会办公室负责组织实施。\n", encoding="utf-8")
    return path


# ---- short ids ------------------------------------------------------------------------------

def test_review_and_search_print_a_short_id_that_decide_and_file_accept(tmp_path, archive):
    draft = write_normative(tmp_path / "short.txt", 801)
    reviewed = cli("review", str(draft))
    assert reviewed.returncode == 0, reviewed.stderr
    doc_id = json.loads(cli("review", str(draft), "--json").stdout)["document"]["doc_id"]
    short = doc_id[:8]
    assert f"编号：{short}" in reviewed.stdout
    found = cli("search", "第801批办公室服务")
    assert f"[{short}]" in found.stdout, found.stdout

    decided = cli("decide", short, "--opinion", "合法", "--reviewer", "王审核", "--json")
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["doc_id"] == doc_id
    assert archive.get_document(doc_id)["reviewer"] == "王审核"
    filed = cli("file", short, "--published", "2026-03-02", "--json")
    assert filed.returncode == 0, filed.stderr
    assert json.loads(filed.stdout)["doc_id"] == doc_id


def test_an_ambiguous_or_unknown_short_id_is_refused_in_chinese(archive):
    from normreview.index.archive import AmbiguousId

    stem = "ab12cd34"
    for tail, title in (("0" * 56, "甲文件"), ("1" * 56, "乙文件")):
        archive.client.index(index=archive.alias("documents"), id=stem + tail, refresh=True,
                             document={"doc_id": stem + tail, "title": title, "status": "reviewed"})
    with pytest.raises(AmbiguousId) as ambiguous:
        archive.resolve_id(stem)
    assert "甲文件" in str(ambiguous.value) and "乙文件" in str(ambiguous.value)
    assert archive.resolve_id(stem + "0") == stem + "0" * 56

    refused = cli("decide", stem, "--opinion", "合法", "--reviewer", "王审核")
    assert refused.returncode == 2
    assert "对应多个文件" in refused.stderr and "甲文件" in refused.stderr and "Traceback" not in refused.stderr
    unknown = cli("file", "ffffffffee", "--published", "2026-03-02")
    assert unknown.returncode == 2 and "没有编号以“ffffffffee”开头的文件" in unknown.stderr
    short = cli("decide", "ab12", "--opinion", "合法", "--reviewer", "王审核")
    assert short.returncode == 2 and "至少需要 8 位" in short.stderr


@pytest.mark.parametrize("command", ["review", "search", "decide", "file", "audit", "backfill", "serve", "extract", "rules"])
def test_command_help_is_chinese(command):
    shown = cli(command, "--help")
    assert shown.returncode == 0
    # Each option this project defines is described in Chinese (click's own --help text is not ours).
    described = [line for line in shown.stdout.splitlines() if "--" in line and "--help" not in line]
    assert described and all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in described), shown.stdout


# ---- the inbox ------------------------------------------------------------------------------

def test_inbox_counts_working_days_to_the_last_day_and_past_it():
    from datetime import date

    from normreview.checks.audit import inbox_items
    from normreview.checks.workdays import add_workdays

    received = date(2026, 3, 2)  # a Monday
    due = add_workdays(received, 15)
    day_after = add_workdays(due, 1)
    pending = [{"doc_id": "a" * 64, "title": "甲", "received": "2026-03-02T09:00:00+00:00", "profile": "national"},
               {"doc_id": "b" * 64, "title": "乙", "received": "2026-03-10T09:00:00+00:00", "profile": "national"}]
    on_due = inbox_items(pending, due, lambda name: 15)
    assert [(i["title"], i["days_left"]) for i in on_due][0] == ("甲", 0)
    after = inbox_items(pending, day_after, lambda name: 15)
    assert after[0]["title"] == "甲" and after[0]["days_left"] == -1 and after[0]["due"] == due.isoformat()
    assert after[1]["days_left"] > 0
    assert inbox_items(pending, received, lambda name: 15)[0]["days_left"] == 15


def test_inbox_command_and_page_list_undecided_drafts_overdue_first(tmp_path, archive):
    from datetime import date

    from normreview.checks.workdays import add_workdays

    draft = write_normative(tmp_path / "inbox.txt", 805)
    assert cli("review", str(draft)).returncode == 0
    shown = cli("inbox", "--json")
    assert shown.returncode == 0, shown.stderr
    listed = json.loads(shown.stdout)["items"]
    [mine] = [i for i in listed if i["title"].endswith("第805号办公室工作办法的通知")]
    assert set(mine) == {"doc_id", "title", "submitted", "due", "days_left"}
    due = date.fromisoformat(mine["due"])
    assert due == add_workdays(date.fromisoformat(mine["submitted"]), 15)
    on_due = json.loads(cli("inbox", "--json", "--as-of", due.isoformat()).stdout)["items"]
    assert [i["days_left"] for i in on_due if i["doc_id"] == mine["doc_id"]] == [0]
    late = json.loads(cli("inbox", "--json", "--as-of", add_workdays(due, 1).isoformat()).stdout)["items"]
    assert [i["days_left"] for i in late if i["doc_id"] == mine["doc_id"]] == [-1]
    assert [i["days_left"] for i in late] == sorted(i["days_left"] for i in late)
    text = cli("inbox").stdout
    assert f"[{mine['doc_id'][:8]}]" in text and "剩余" in text

    client = web_client(tmp_path, archive, "reviewer")
    shown = client.get("/inbox")
    assert shown.status_code == 200 and "待审核" in shown.text and mine["doc_id"][:8] in shown.text
    assert web_client(tmp_path, archive, None).get("/inbox", follow_redirects=False).status_code == 303
    # decided: off the list
    assert cli("decide", mine["doc_id"][:8], "--opinion", "合法", "--reviewer", "王审核").returncode == 0
    assert mine["doc_id"] not in cli("inbox", "--json").stdout


# ---- filing ---------------------------------------------------------------------------------

PASSWORD = "correct-horse-battery"


def web_client(tmp_path: Path, archive, name: str | None):
    import re

    from fastapi.testclient import TestClient

    from normreview.web import create_app
    from normreview.web.settings import WebSettings

    (tmp_path / "web").mkdir(exist_ok=True)
    app = create_app(WebSettings(data_dir=tmp_path / "web", secret_key="k" * 32), archive=archive)
    app.state.users.add("reviewer", PASSWORD, "reviewer", "区司法局", replace=True)  # web_client may run twice per test
    client = TestClient(app)
    if name:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    client.token = lambda path: re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)
    return client


def test_filing_with_a_doc_number_is_found_in_any_bracket_form(tmp_path, archive):
    draft = write_normative(tmp_path / "filing.txt", 806)
    doc_id = json.loads(cli("review", str(draft), "--json").stdout)["document"]["doc_id"]
    assert cli("decide", doc_id[:8], "--opinion", "合法", "--reviewer", "王审核").returncode == 0
    filed = cli("file", doc_id[:8], "--published", "2026-03-02", "--doc-number", "某开管规[2026]8号", "--json")
    assert filed.returncode == 0, filed.stderr
    assert json.loads(filed.stdout)["doc_number"] == "某开管规〔2026〕8号"
    for form in ("某开管规〔2026〕8号", "某开管规（2026）8号", "某开管规[2026]第08号"):
        hits = json.loads(cli("search", form, "--json").stdout)["hits"]
        assert [h["doc_id"] for h in hits] == [doc_id], form

    client = web_client(tmp_path, archive, "reviewer")
    row = [r for r in client.get("/catalogue").text.split("<tr") if doc_id in r]
    assert row and "某开管规〔2026〕8号" in row[0]


def test_filing_form_in_the_workbench_runs_the_flow(tmp_path, archive):
    from normreview.index.catalogue import Catalogue

    draft = write_normative(tmp_path / "webfiling.txt", 807)
    doc_id = json.loads(cli("review", str(draft), "--json").stdout)["document"]["doc_id"]
    client = web_client(tmp_path, archive, "reviewer")
    assert client.get(f"/documents/{doc_id}/filing").status_code == 409  # no decision yet
    assert cli("decide", doc_id[:8], "--opinion", "合法", "--reviewer", "王审核").returncode == 0
    assert 'id="filing-link"' in client.get(f"/documents/{doc_id[:8]}").text  # a short id works in the URL
    path = f"/documents/{doc_id}/filing"
    bad = client.post(path, data={"csrf_token": client.token(path), "published": "2026-13-40"})
    assert bad.status_code == 400 and "不是有效日期" in bad.text
    done = client.post(path, data={"csrf_token": client.token(path), "doc_number": "某开管规〔2026〕9号",
                                   "published": "2026-03-02", "filed": "2026-03-20", "expires": "2028-03-01"})
    assert done.status_code == 200 and "已登记备案目录" in done.text
    entry = Catalogue(archive).entry(doc_id)
    assert (entry["doc_number"], entry["filed"], entry["expires"], entry["filed_by"]) == (
        "某开管规〔2026〕9号", "2026-03-20", "2028-03-01", "reviewer")
    assert archive.get_document(doc_id)["status"] == "filed"
    hits = json.loads(cli("search", "某开管规(2026)9号", "--json").stdout)["hits"]
    assert [h["doc_id"] for h in hits] == [doc_id]


# ---- similar clauses ------------------------------------------------------------------------

def test_similar_clauses_have_a_threshold_and_one_entry_per_document(tmp_path, archive, nanxun):
    from normreview.flows.review import review_submission

    [review] = review_submission([str(nanxun)])
    for number in (808, 809):  # two more documents, each with two near-identical clauses
        write_normative(tmp_path / f"similar{number}.txt", number,
                        "对年度纳税额排名前十的企业给予一次性奖励五十万元。对年度纳税额排名前二十的企业给予一次性奖励二十万元。")
        assert cli("review", str(tmp_path / f"similar{number}.txt")).returncode == 0
    similar = archive.similar_clauses("对年度纳税额排名前十的企业给予一次性奖励", size=10)
    doc_ids = [clause["doc_id"] for clause in similar]
    assert len(doc_ids) >= 2 and len(doc_ids) == len(set(doc_ids))
    assert all(clause["score"] >= 17.0 for clause in similar)
    assert archive.similar_clauses("天气晴朗适合郊游") == []

    client = web_client(tmp_path, archive, "reviewer")
    empty = client.get("/similar", params={"text": "天气晴朗适合郊游"})
    assert empty.status_code == 200 and "未找到相似条款" in empty.text and 'class="hit similar"' not in empty.text
    found = client.get("/similar", params={"text": "对年度纳税额排名前十的企业给予一次性奖励"})
    assert found.text.count('class="hit similar"') == len({d for d in doc_ids})


# ---- submissions ----------------------------------------------------------------------------

def _zip_with_raw_names(names: dict[bytes, str]) -> bytes:
    """A zip whose member names are the given bytes with the UTF-8 flag unset, as Linux `zip` (UTF-8)
    or Windows in Chinese (GBK) write them."""
    import io
    import zipfile

    class RawName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # noqa: N802  (zipfile's hook): the bytes as given, no UTF-8 flag
            return self.filename.encode("cp437"), self.flag_bits & ~0x800

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for raw, text in names.items():
            package.writestr(RawName(raw.decode("cp437")), text)  # cp437 round-trips every byte
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_zip_member_names_come_out_right(encoding):
    import io
    import zipfile

    from normreview.web.jobs import member_name

    name = "关于促进发展的若干意见（送审稿）.txt"
    data = _zip_with_raw_names({name.encode(encoding): "正文"})
    [member] = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert not member.flag_bits & 0x800
    assert member_name(member) == name
    flagged = io.BytesIO()
    with zipfile.ZipFile(flagged, "w") as package:
        package.writestr(name, "正文")  # Python sets the UTF-8 flag for non-ASCII names
    assert member_name(zipfile.ZipFile(flagged).infolist()[0]) == name


def test_unrelated_files_are_reviewed_apart_and_a_failure_says_why_with_a_retry(tmp_path, archive):
    import time

    client = web_client(tmp_path, archive, "reviewer")
    good = write_normative(tmp_path / "apart.txt", 810).read_bytes()
    done = client.post("/submit", data={"csrf_token": client.token("/submit"), "drafting_unit": "区司法局"},
                       files=[("files", ("甲.txt", good)), ("files", ("乙.docx", b"not a docx"))], follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/submit"
    jobs = client.app.state.jobs
    for _ in range(240):
        recent = jobs.recent(limit=2)
        if all(j.status in ("done", "failed") for j in recent):
            break
        time.sleep(0.5)
    by_name = {j.files[0]["name"]: j for j in recent}
    assert by_name["甲.txt"].status == "done" and by_name["甲.txt"].results[0]["title"]
    assert by_name["甲.txt"].stage == "正在归档"  # the last stage review_submission reported
    bad = by_name["乙.docx"]
    assert bad.status == "failed" and bad.message.startswith("失败：文件无法读取")
    page = client.get(f"/jobs/{bad.id}")
    assert "失败" in page.text and 'id="job-retry"' in page.text and "Error" not in page.text
    retried = client.post(f"/jobs/{bad.id}/retry", data={"csrf_token": client.token(f"/jobs/{bad.id}")}, follow_redirects=False)
    assert retried.status_code == 303


def test_queued_and_interrupted_jobs_run_after_a_restart(tmp_path, archive):
    import time

    from normreview.web.jobs import JobQueue

    data = tmp_path / "restart"
    first = JobQueue(data)
    first.shutdown()  # a stopped server: nothing runs the jobs written below
    ids = []
    for number in (811, 812, 813):
        job_id, files = first.store_uploads([(f"第{number}号.txt", write_normative(tmp_path / f"r{number}.txt", number).read_bytes())])
        with first._connect() as db:
            db.execute("INSERT INTO jobs (id, submitted_by, drafting_unit, status, files) VALUES (?, 'reviewer', '区司法局', ?, ?)",
                       (job_id, "running" if number == 811 else "queued", json.dumps(files, ensure_ascii=False)))
        ids.append(job_id)
    restarted = JobQueue(data)
    for _ in range(360):
        if all(restarted.get(i).status in ("done", "failed") for i in ids):
            break
        time.sleep(0.5)
    assert [restarted.get(i).status for i in ids] == ["done", "done", "done"]
    restarted.shutdown()
