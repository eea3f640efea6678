"""The web's review jobs: a durable queue that survives a kill -9 of the server, fair between users and
bounded; extraction in a child process with memory and time limits."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psutil
import pytest

from normreview.extractors import ExtractionError, extract
from normreview.extractors.isolated import ExtractionLimit, extract_each_isolated, extract_isolated
from normreview.web.jobs import JobQueue, JobStore, UploadRejected

CLI = str(Path(sys.executable).parent / "normreview")
PASSWORD = "jobs-test-password-1"
UNIT = "南浔区经济发展局"


# ---- the queue's order and bounds ---------------------------------------------------------------

@pytest.mark.unit
def test_one_users_ten_jobs_do_not_starve_anothers_one(tmp_path):
    store = JobStore(tmp_path)
    for n in range(10):
        store.add(f"a{n}", [], "甲", "单位甲")
    store.add("b0", [], "乙", "单位乙")
    assert store.get("b0").position == 1  # second in line, not eleventh
    taken = [store.take().id for _ in range(11)]
    assert taken == ["a0", "b0"] + [f"a{n}" for n in range(1, 10)]
    assert store.take() is None
    assert {store.get(i).status for i in taken} == {"running"}

    # A user who comes while another's jobs run is next, whoever queued more.
    later = JobStore(tmp_path / "later")
    for n in range(5):
        later.add(f"a{n}", [], "甲", "单位甲")
    assert [later.take().id, later.take().id] == ["a0", "a1"]
    later.add("b0", [], "乙", "单位乙")
    later.add("b1", [], "乙", "单位乙")
    assert [later.take().id for _ in range(5)] == ["b0", "a2", "b1", "a3", "a4"]


@pytest.mark.unit
def test_a_job_that_keeps_stopping_its_worker_fails_instead_of_looping(tmp_path):
    store = JobStore(tmp_path)
    store.add("often", [], "甲", "单位甲")
    store.add("once", [], "甲", "单位甲")
    for _ in range(2):  # two workers died running it
        assert store.take().id == "often"
        store.requeue_interrupted()
    assert store.take().id == "often"
    assert store.take().id == "once"  # a third died running both
    assert store.requeue_interrupted() == ["once"]
    often = store.get("often")
    assert often.status == "failed" and often.message.startswith("失败：审核进程连续 3 次意外中断")
    assert store.get("once").status == "queued"


@pytest.mark.unit
def test_the_queue_is_bounded_per_user_and_in_all(tmp_path):
    queue = JobQueue(tmp_path, per_user=3, limit=5)
    for n in range(3):
        queue.add(f"a{n}", [], "甲", "单位甲")
    queue.admit("乙", 2)
    with pytest.raises(UploadRejected, match="您已有 3 个审核任务未完成，每人最多 3 个"):
        queue.admit("甲", 1)
    queue.add("b0", [], "乙", "单位乙")
    queue.add("b1", [], "乙", "单位乙")
    with pytest.raises(UploadRejected, match="审核队列已满（最多 5 个任务）"):
        queue.admit("丙", 1)
    queue.update("a0", status="done")  # a finished job frees its place
    queue.admit("甲", 1)
    assert not queue.worker.running()  # nothing here started a worker


# ---- extraction in a child process -------------------------------------------------------------

def _big_text(path: Path, lines: int) -> Path:
    path.write_text("第一条 为规范管理工作，制定本办法。\n" * lines, encoding="utf-8")
    return path


@pytest.fixture
def roomy_limits(monkeypatch):
    """Size limits high enough that only the memory or time limit can refuse a large text."""
    monkeypatch.setenv("NORMREVIEW_MAX_FILE_MB", "500")
    monkeypatch.setenv("NORMREVIEW_MAX_CHARS", "100000000")
    monkeypatch.setenv("NORMREVIEW_MAX_LINES", "10000000")


@pytest.mark.unit
def test_extraction_over_its_memory_or_time_is_refused_with_a_reason_naming_the_file(tmp_path, roomy_limits, nanxun):
    big = _big_text(tmp_path / "超大文件.txt", 700_000)  # about 30 MB
    with pytest.raises(ExtractionLimit) as over_memory:
        extract_isolated(big, memory_mb=16)
    message = str(over_memory.value)
    assert message.startswith(str(big)) and "内存" in message and "NORMREVIEW_EXTRACT_MEMORY_MB" in message
    assert len(message.splitlines()) == 1
    started = time.monotonic()
    with pytest.raises(ExtractionLimit, match=r"超大文件\.txt: 提取文本超过 0\.3 秒的时限（NORMREVIEW_EXTRACT_SECONDS）"):
        extract_isolated(big, seconds=0.3)
    assert time.monotonic() - started < 10  # stopped, not waited for
    # The caller goes on, and the child's Document is the one extract() makes in-process.
    assert extract_isolated(nanxun) == extract(nanxun)
    assert not multiprocessing.active_children()  # every child was stopped and reaped


@pytest.mark.unit
def test_a_batch_shares_a_child_and_a_new_one_takes_the_files_after_one_over_the_limit(tmp_path, roomy_limits,
                                                                                      nanxun):
    big = _big_text(tmp_path / "超大文件.txt", 700_000)
    empty = tmp_path / "空文件.docx"
    empty.write_bytes(b"")
    outcomes = list(extract_each_isolated([nanxun, empty, big, nanxun], memory_mb=16))
    assert [path for path, _ in outcomes] == [str(nanxun), str(empty), str(big), str(nanxun)]
    first, refused, over, after = (outcome for _, outcome in outcomes)
    assert first == extract(nanxun) and after == first  # the file after the one over the limit is extracted
    assert type(refused) is ExtractionError and str(refused) == f"{empty}: 文件为空"  # the file's fault
    assert isinstance(over, ExtractionLimit) and "NORMREVIEW_EXTRACT_MEMORY_MB" in over.reason
    assert not multiprocessing.active_children()
    # Leaving a batch early stops its child.
    batch = extract_each_isolated([nanxun, nanxun, nanxun])
    assert next(batch)[1] == first
    batch.close()
    assert not multiprocessing.active_children()


@pytest.mark.integration
def test_a_review_batch_goes_on_past_a_file_over_the_limit_and_the_refusal_is_not_cached(tmp_path, roomy_limits,
                                                                                          monkeypatch):
    from test_flows import write_normative

    from normreview.flows.review import review_submission
    from normreview.model import Review

    # About 35 MB, of this run only (no earlier run's extraction answers from the cache). Reading it is one
    # allocation above glibc's largest mmap threshold (32 MB), so it maps new memory whatever free heap the
    # child inherited from a long test session: a limit of 1 MB over the inherited mapping refuses it.
    medium = tmp_path / "中等文件.txt"
    medium.write_text(f"某某区人民政府关于印发管理办法的通知\n{uuid.uuid4().hex}\n"
                      + "第一条 为规范管理工作，制定本办法。\n" * 800_000, encoding="utf-8")
    monkeypatch.setenv("NORMREVIEW_EXTRACT_MEMORY_MB", "1")
    [refused] = review_submission([str(medium)], archive=False)
    assert refused["file"] == str(medium) and "NORMREVIEW_EXTRACT_MEMORY_MB" in refused["error"]
    # The same bytes and type with room to spare are read again, not refused from the cache: this time the
    # (cheap) character limit is what refuses them.
    monkeypatch.delenv("NORMREVIEW_EXTRACT_MEMORY_MB")
    monkeypatch.setenv("NORMREVIEW_MAX_CHARS", "1000")
    [reread] = review_submission([str(medium)], archive=False)
    assert reread["file"] == str(medium) and "NORMREVIEW_MAX_CHARS" in reread["error"]
    monkeypatch.setenv("NORMREVIEW_MAX_CHARS", "100000000")
    # A file over the limit is refused and the rest of the batch goes on.
    monkeypatch.setenv("NORMREVIEW_EXTRACT_MEMORY_MB", "16")
    big = str(_big_text(tmp_path / "超大文件.txt", 700_000))
    good = str(write_normative(tmp_path / "小文件.txt", 931))
    over, reviewed = review_submission([big, good], archive=False)
    assert over["file"] == big and "内存" in over["error"]
    assert isinstance(reviewed, Review) and reviewed.document.title


# ---- durable jobs: kill -9 of the web server ------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen, httpx.Client]:
    port = _free_port()
    server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    deadline = time.monotonic() + 120
    while True:
        try:
            client.get("/login")
            return server, client
        except httpx.TransportError:
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.5)


def _token(client: httpx.Client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _login(client: httpx.Client) -> None:
    response = client.post("/login", data={"name": "drafter", "password": PASSWORD, "csrf_token": _token(client, "/login")},
                           follow_redirects=True)
    assert "退出" in response.text, response.text[:300]


def _submit(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/submit", data={"csrf_token": _token(client, "/submit")}, files=[("files", (name, data))],
                       follow_redirects=False)


def _jobs(data: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(data / "jobs.sqlite3") as db:
        return {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, status, attempts FROM jobs")}


@pytest.mark.integration
@pytest.mark.slow
def test_jobs_survive_a_kill_9_of_the_web_server_and_complete_exactly_once(tmp_path, archive):
    from test_flows import cli_env, write_normative

    from normreview.checks.laws.store import default_path

    data = tmp_path / "data"
    data.mkdir()
    (data / default_path().name).symlink_to(default_path())  # the built statute store, not a rebuild
    env = cli_env(NORMREVIEW_DATA=str(data), NORMREVIEW_JOBS_PER_USER="3")
    subprocess.run([CLI, "user", "add", "drafter", "--role", "drafter", "--unit", UNIT, "--password-stdin"],
                   input=PASSWORD + "\n", env=env, check=True, capture_output=True, text=True, timeout=120)
    drafts = [write_normative(tmp_path / f"第{n}号.txt", n) for n in (941, 942, 943)]
    server, client = _start_server(env)
    worker = None
    try:
        _login(client)
        ids = []
        for draft in drafts:
            response = _submit(client, draft.name, draft.read_bytes())
            assert response.status_code == 303, response.text[:300]
            ids.append(response.headers["location"].rsplit("/", 1)[1])
        refused = _submit(client, "第四份.txt", drafts[0].read_bytes())  # three unfinished jobs: the user's share
        assert refused.status_code == 400 and "每人最多 3 个" in refused.text

        deadline = time.monotonic() + 180
        while (state := client.get(f"/api/jobs/{ids[0]}").json())["status"] != "running":
            assert state["status"] == "queued" and time.monotonic() < deadline, state
            time.sleep(0.2)
        # A queued job's page says where it stands (the third waits for the second).
        assert client.get(f"/api/jobs/{ids[2]}").json()["position"] == 1
        page = client.get(f"/jobs/{ids[2]}").text
        assert "排队中" in page and "前面还有 1 个任务" in page

        worker = psutil.Process(int((data / "worker.pid").read_text()))
        os.kill(server.pid, signal.SIGKILL)  # the web server only, as a crash would
        server.wait(timeout=30)
        statuses = [_jobs(data)[i][0] for i in ids]
        assert statuses[0] in ("running", "done") and statuses.count("queued") >= 1, statuses
        assert worker.is_running()  # the worker has its own session: the job it runs goes on

        server, client = _start_server(env)
        _login(client)  # sessions live in the data dir; a fresh login either way
        deadline = time.monotonic() + 420
        seen = set()  # (stage, percent) of running jobs, as the job page shows them
        while True:
            finished = [client.get(f"/api/jobs/{i}").json() for i in ids]
            seen |= {(j["stage"], j["percent"]) for j in finished if j["status"] == "running"}
            if all(j["status"] in ("done", "failed") for j in finished):
                break
            assert time.monotonic() < deadline, finished
            time.sleep(0.2)
        assert any(stage.startswith("正在") and 0 <= percent < 100 for stage, percent in seen), seen
        assert [j["status"] for j in finished] == ["done"] * 3, finished
        assert [_jobs(data)[i][1] for i in ids] == [1, 1, 1]  # each run once
        assert int((data / "worker.pid").read_text()) == worker.pid  # adopted (or left idle), never a second one
        for job in finished:
            [result] = job["results"]
            history = archive.history(result["doc_id"])
            assert [e["action"] for e in history].count("review") == 1, history  # archived once
        page = client.get(f"/jobs/{ids[0]}").text
        assert "已完成" in page and "初步意见" in page

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        worker.wait(timeout=30)  # the server that adopted the worker stops it with itself (if it was still there)
    finally:
        for process in (server,):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if worker is not None and worker.is_running():
            os.killpg(worker.pid, signal.SIGKILL)


@pytest.mark.integration
def test_a_job_interrupted_by_its_worker_dying_runs_again_and_is_archived_once(tmp_path, archive):
    """SIGKILL of the worker mid-job: the next worker queues the job again; the archive holds it once."""
    from test_flows import write_normative

    queue = JobQueue(tmp_path / "web")
    draft = write_normative(tmp_path / "中断.txt", 944)
    job_id, files = queue.store_uploads([(draft.name, draft.read_bytes())])
    queue.submit(job_id, files, submitted_by="drafter", drafting_unit=UNIT)
    try:
        deadline = time.monotonic() + 180
        while queue.get(job_id).status == "queued":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        first = queue.worker.pid()
        os.killpg(first, signal.SIGKILL)
        deadline = time.monotonic() + 300
        while (job := queue.get(job_id)).status not in ("done", "failed"):  # get() starts a new worker
            assert time.monotonic() < deadline, job
            time.sleep(0.3)
        assert job.status == "done", job.message
        assert queue.worker.pid() != first
        runs = job.attempts
        assert runs in (1, 2)  # 1 when the first worker had finished before the kill
        history = archive.history(job.results[0]["doc_id"])
        assert [e["action"] for e in history].count("review") == 1  # one event per job, however often it ran
    finally:
        queue.shutdown()
    assert not queue.worker.running()


class WorkerDied(BaseException):
    """The worker's process ending at the crash point (not an error the worker could record on the job)."""


@pytest.mark.integration
def test_a_job_whose_worker_died_after_archiving_it_has_one_review_event_after_its_rerun(tmp_path, archive):
    """The crash point between the archive write and recording the job done: the next worker queues the
    job again and reruns it; the archive's trail holds one review event of it, not two."""
    from test_flows import write_normative

    from normreview.flows.review import review_submission
    from normreview.index.records import submission_id
    from normreview.web.worker import run

    class DiesBeforeDone(JobStore):
        def update(self, job_id, **fields):
            if fields.get("status") == "done":
                raise WorkerDied
            super().update(job_id, **fields)

    data = tmp_path / "web"
    queue = JobStore(data)
    draft = write_normative(data / "uploads" / "崩溃.txt", 945)
    queue.add("crashed-job", [{"name": "崩溃.txt", "path": str(draft)}], "drafter", UNIT)
    with pytest.raises(WorkerDied):
        run(DiesBeforeDone(data), queue.take())
    assert queue.get("crashed-job").status == "running"  # as the dead worker left it
    doc_id = submission_id(hashlib.sha256(draft.read_bytes()).hexdigest(), UNIT, "drafter")
    assert [e["action"] for e in archive.history(doc_id)] == ["review"]  # archived before the crash

    assert queue.requeue_interrupted() == ["crashed-job"]  # what the next worker does first
    job = queue.take()
    assert job.attempts == 2
    run(queue, job)
    job = queue.get("crashed-job")
    assert job.status == "done" and job.results[0]["doc_id"] == doc_id
    assert [e["action"] for e in archive.history(doc_id)] == ["review"]

    # Without a job (a CLI review of the same submission) a review is a new event in the trail.
    review_submission([str(draft)], drafting_unit=UNIT, submitted_by="drafter")
    assert [e["action"] for e in archive.history(doc_id)] == ["review", "review"]
