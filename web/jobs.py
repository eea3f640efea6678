"""Review jobs: uploads stored under server-made names, a durable queue in SQLite, and a worker process.

The web server only writes jobs into ``<data>/jobs.sqlite3``; a separate worker process
(``python -m normreview.web.worker DATA_DIR``, started by the queue and stopped with it) takes them
one at a time, round-robin between users, and runs ``review_submission`` in-process (each job is a
flow run of the review flow on the Prefect API). The worker has its own session, so a ``kill -9`` of
the web server does not touch the job it runs nor the queue; the restarted server adopts the same
worker. A job the worker was running when it died itself is queued again by the next worker (a
review is idempotent: the archive's ids derive from the content and the submission, and the review's
audit-trail event from the job, so a job whose worker died after archiving it still has one event).
"""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normreview.extractors import SUPPORTED
from normreview.settings import settings

# What a submission may contain: whatever the extractors read; a .zip is a package of these.
ACCEPTED = SUPPORTED
PACKAGE = ".zip"
MAX_PACKAGE_MEMBERS = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    submitted_by TEXT NOT NULL,
    drafting_unit TEXT NOT NULL,
    status TEXT NOT NULL,              -- queued | running | done | failed
    files TEXT NOT NULL,               -- JSON list of {"name": client name (data only), "path": stored path}
    results TEXT,                      -- JSON list of {"doc_id","title","opinion","findings"} or {"name","error"}
    message TEXT,
    stage TEXT,                        -- what a running job is doing (Chinese), from review_submission
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    finished_at TEXT
)
"""
# Columns added after the first version of the table (a data dir made then is upgraded in place).
LATER_COLUMNS = {
    "stage": "TEXT",
    "progress": "REAL",                # 0..1, with the stage
    "attempts": "INTEGER NOT NULL DEFAULT 0",  # how often a worker started it (a retry or an interrupted run adds one)
    "started_seq": "INTEGER",          # order in which jobs were started: round-robin between users reads it
}

STATUS_ZH = {"queued": "排队中", "running": "审核中", "done": "已完成", "failed": "失败"}
WORKER_MODULE = "normreview.web.worker"
# A job whose review stopped its worker this often is failed instead of queued again.
MAX_ATTEMPTS = 3
INTERRUPTED_ZH = f"失败：审核进程连续 {MAX_ATTEMPTS} 次意外中断，已停止重试。请检查文件后重试；如仍失败，请联系管理员。"
# How long a stopping worker gets to hand back its job before it is killed.
WORKER_STOP_S = 20


class UploadRejected(ValueError):
    """An upload that is not accepted; the message is shown to the user (Chinese)."""


@dataclass
class Job:
    id: str
    submitted_by: str
    drafting_unit: str
    status: str
    files: list[dict[str, str]]
    results: list[dict[str, Any]]
    message: str
    created_at: str
    finished_at: str | None
    stage: str = ""
    progress: float = 0.0
    attempts: int = 0
    position: int = 0  # for a queued job: how many queued jobs the worker takes before it (round-robin)

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]

    @property
    def percent(self) -> int:
        return round(100 * self.progress)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "status_zh": self.status_zh, "stage": self.stage,
                "progress": self.progress, "percent": self.percent, "position": self.position,
                "message": self.message, "results": self.results, "files": [f["name"] for f in self.files]}


class JobStore:
    """The jobs table: the durable queue, shared by the web server (writes, reads) and the worker (takes jobs)."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.uploads = data_dir / "uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.outputs = data_dir / "outputs"  # the letters and annotated drafts the flows write
        self.db_path = data_dir / "jobs.sqlite3"
        with self._connect() as db:
            db.execute(SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
            for column, kind in LATER_COLUMNS.items():
                if column not in have:
                    db.execute(f"ALTER TABLE jobs ADD COLUMN {column} {kind}")

    def _connect(self) -> sqlite3.Connection:
        # Two processes write this file: wait for the other's transaction rather than fail.
        return sqlite3.connect(self.db_path, timeout=30)

    def add(self, job_id: str, files: list[dict[str, str]], submitted_by: str, drafting_unit: str) -> None:
        """Queue a job (its files stored already)."""
        with self._connect() as db:
            db.execute("INSERT INTO jobs (id, submitted_by, drafting_unit, status, files) VALUES (?, ?, ?, 'queued', ?)",
                       (job_id, submitted_by, drafting_unit, json.dumps(files, ensure_ascii=False)))

    def get(self, job_id: str) -> Job | None:
        with self._connect() as db:
            row = db.execute("SELECT id, submitted_by, drafting_unit, status, files, results, message, created_at, finished_at, "
                             "stage, progress, attempts FROM jobs WHERE id = ?", (job_id,)).fetchone()
            order = self._queue_order(db) if row and row[3] == "queued" else []
        if row is None:
            return None
        return Job(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5] or "[]"), row[6] or "", row[7], row[8],
                   row[9] or "", row[10] or 0.0, row[11] or 0, order.index(job_id) if job_id in order else 0)

    def recent(self, submitted_by: str | None = None, limit: int = 20) -> list[Job]:
        with self._connect() as db:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM jobs WHERE (? IS NULL OR submitted_by = ?) ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (submitted_by, submitted_by, limit))]
        return [self.get(i) for i in ids]

    def update(self, job_id: str, **fields: Any) -> None:
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self._connect() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), job_id))

    def pending(self, submitted_by: str | None = None) -> int:
        """Jobs not finished (queued or running), of one user or of everyone."""
        with self._connect() as db:
            return db.execute("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND (? IS NULL OR submitted_by = ?)",
                              (submitted_by, submitted_by)).fetchone()[0]

    @staticmethod
    def _queue_order(db: sqlite3.Connection) -> list[str]:
        """The queued jobs in the order the worker takes them: round-robin between users (the user whose last
        started job is oldest goes first; a user with none started before anyone), each user's jobs in order."""
        rows = db.execute(
            "SELECT j.id, j.submitted_by, (SELECT max(k.started_seq) FROM jobs k WHERE k.submitted_by = j.submitted_by) "
            "FROM jobs j WHERE j.status = 'queued' ORDER BY j.created_at, j.rowid").fetchall()
        queues: dict[str, list[str]] = {}
        last_started: dict[str, int] = {}
        for job_id, user, started in rows:
            queues.setdefault(user, []).append(job_id)
            last_started[user] = started or 0
        turn = sorted(queues, key=lambda user: last_started[user])  # stable: first submitter first among equals
        order = []
        while turn:
            for user in list(turn):
                order.append(queues[user].pop(0))
                if not queues[user]:
                    turn.remove(user)
        return order

    def take(self) -> Job | None:
        """The next queued job, marked running (worker only)."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # one taker at a time, even with two workers
            order = self._queue_order(db)
            if not order:
                return None
            db.execute("UPDATE jobs SET status = 'running', stage = '', progress = 0, attempts = attempts + 1, "
                       "started_seq = (SELECT coalesce(max(started_seq), 0) + 1 FROM jobs) WHERE id = ?", (order[0],))
        return self.get(order[0])

    def requeue_interrupted(self) -> list[str]:
        """Jobs left running by a worker that died: queued again (worker only, at its start), unless the job
        was started MAX_ATTEMPTS times already; then it is the job that brings workers down, and it fails."""
        with self._connect() as db:
            db.execute("UPDATE jobs SET status = 'failed', message = ?, finished_at = ? WHERE status = 'running' "
                       "AND attempts >= ?", (INTERRUPTED_ZH, now(), MAX_ATTEMPTS))
            ids = [r[0] for r in db.execute("SELECT id FROM jobs WHERE status = 'running'")]
            db.execute("UPDATE jobs SET status = 'queued', stage = '', progress = 0 WHERE status = 'running'")
        return ids


class JobQueue(JobStore):
    """The web server's side: store uploads, enqueue (bounded, per user), and keep a worker process running."""

    def __init__(self, data_dir: Path, per_user: int | None = None, limit: int | None = None):
        super().__init__(data_dir)
        config = settings()
        self.per_user = per_user or config.jobs_per_user
        self.limit = limit or config.jobs_max
        self.worker = WorkerProcess(data_dir)
        if self.pending():  # jobs queued or interrupted when the server stopped run on
            self.worker.ensure()

    def split(self, job_id: str, files: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
        """Unrelated files: each its own job (its own folder), so one file's failure is not the others'."""
        if len(files) == 1:
            return [(job_id, files)]
        jobs = []
        for file in files:
            own_id = secrets.token_hex(12)
            folder = self.uploads / own_id
            folder.mkdir()
            path = Path(file["path"]).rename(folder / ("000" + Path(file["path"]).suffix))
            jobs.append((own_id, [{"name": file["name"], "path": str(path)}]))
        (self.uploads / job_id).rmdir()
        return jobs

    def admit(self, submitted_by: str, count: int) -> None:
        """Refuse ``count`` new jobs beyond the user's share or the queue's size (the queue is bounded)."""
        mine = self.pending(submitted_by)
        if mine + count > self.per_user:
            raise UploadRejected(f"您已有 {mine} 个审核任务未完成，每人最多 {self.per_user} 个；请等待完成后再提交。")
        if self.pending() + count > self.limit:
            raise UploadRejected(f"审核队列已满（最多 {self.limit} 个任务），请稍后再提交。")

    def discard(self, job_ids: list[str]) -> None:
        """Delete stored uploads that did not become jobs."""
        import shutil

        for job_id in job_ids:
            shutil.rmtree(self.uploads / job_id, ignore_errors=True)

    def store_uploads(self, uploads: list[tuple[str, bytes]]) -> tuple[str, list[dict[str, str]]]:
        """Write each upload (client name, bytes) under a new job folder; the client name is kept as data only."""
        job_id = secrets.token_hex(12)
        folder = self.uploads / job_id
        folder.mkdir()
        files: list[dict[str, str]] = []
        for name, data in uploads:
            suffix = Path(name).suffix.lower()
            if suffix == PACKAGE:
                files.extend(self._unpack(folder, name, data, len(files)))
            elif suffix in ACCEPTED:
                files.append(self._write(folder, len(files), suffix, name, data))
            else:
                raise UploadRejected(f"不支持的文件类型：{name}（支持 {'、'.join(ACCEPTED + (PACKAGE,))}）")
        if not files:
            raise UploadRejected("没有可审核的文件")
        return job_id, files

    @staticmethod
    def _write(folder: Path, number: int, suffix: str, name: str, data: bytes) -> dict[str, str]:
        # The stored name is ours; the client's name goes to the flow as data (review_submission's names).
        path = folder / f"{number:03d}{suffix}"
        path.write_bytes(data)
        return {"name": name, "path": str(path)}

    def _unpack(self, folder: Path, name: str, data: bytes, first: int) -> list[dict[str, str]]:
        import io

        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise UploadRejected(f"压缩包无法打开：{name}") from exc
        members = [m for m in package.infolist() if not m.is_dir() and Path(m.filename).suffix.lower() in ACCEPTED]
        if len(members) > MAX_PACKAGE_MEMBERS:
            raise UploadRejected(f"压缩包内文件过多（超过 {MAX_PACKAGE_MEMBERS} 个）：{name}")
        # The declared sizes bound what is unpacked, so a zip bomb is refused before it expands.
        if sum(m.file_size for m in members) > 4 * len(data) + 50 * 2**20:
            raise UploadRejected(f"压缩包解压后过大：{name}")
        files = []
        for member in members:
            files.append(self._write(folder, first + len(files), Path(member.filename).suffix.lower(),
                                     f"{name}/{member_name(member)}", package.read(member)))
        return files

    def submit(self, job_id: str, files: list[dict[str, str]], submitted_by: str, drafting_unit: str) -> Job:
        self.add(job_id, files, submitted_by, drafting_unit)
        self.worker.ensure()
        return self.get(job_id)

    def get(self, job_id: str) -> Job | None:
        job = super().get(job_id)
        if job is not None and job.status in ("queued", "running"):
            self.worker.ensure()  # a page watching an unfinished job keeps a worker alive to finish it
        return job

    def retry(self, job_id: str) -> None:
        """Run a failed job again, with the files it was given."""
        self.update(job_id, status="queued", message="", results=None, finished_at=None, stage="", progress=0, attempts=0)
        self.worker.ensure()

    def shutdown(self) -> None:
        self.worker.stop()


class WorkerProcess:
    """The one worker process of a data dir. ``<data>/worker.lock`` is held (flock) by the live worker, so a
    second one exits at once and the web server can tell whether one runs; ``worker.pid`` says which."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.lock_path = data_dir / "worker.lock"
        self.pid_path = data_dir / "worker.pid"
        self._registered = False
        self._started: subprocess.Popen | None = None  # the worker this server started, while it starts up

    def running(self) -> bool:
        with open(self.lock_path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    def ensure(self) -> None:
        """Start the worker unless one runs; either way this server owns it (stops it with itself)."""
        (self.data_dir / "worker.owner").write_text(str(os.getpid()))
        if not self._registered:
            atexit.register(self.stop)  # also when no lifespan runs (a TestClient without `with`)
            self._registered = True
        if (self._started and self._started.poll() is None) or self.running():
            return
        environ = dict(os.environ)
        api = _prefect_api_url()
        if api:  # the API this server uses (a test harness sets it in prefect's settings, not the environment)
            environ["PREFECT_API_URL"] = api
        # Its own session: signals to the server's process group (Ctrl-C, kill -9 of the server) leave it running.
        with open(self.data_dir / "worker.log", "ab") as log:
            self._started = subprocess.Popen([sys.executable, "-m", WORKER_MODULE, str(self.data_dir)], env=environ,
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)

    def pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """Stop the worker: SIGTERM (it queues its job again and exits), SIGKILL to its group after WORKER_STOP_S."""
        starting = self._started.pid if self._started and self._started.poll() is None else None
        pids = {pid for pid in (self.pid() if self.running() else None, starting) if pid}
        for pid in pids:  # each worker leads its session: its children (extraction, a temporary Prefect server) go too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + WORKER_STOP_S
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.2)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of ours that exited is a zombie until reaped
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def _prefect_api_url() -> str | None:
    if "prefect" not in sys.modules:
        return os.environ.get("PREFECT_API_URL")
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def member_name(member: zipfile.ZipInfo) -> str:
    """A zip member's name as its maker wrote it: UTF-8 when the flag says so; otherwise Python read
    the bytes as cp437, and they are UTF-8 (Linux `zip`, macOS) or else GBK (Windows in Chinese)."""
    if member.flag_bits & 0x800:
        return member.filename
    raw = member.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gbk", "replace")


def failure_zh(exc: Exception) -> str:
    """Why a job failed, in Chinese, without internals (addresses, class names)."""
    from normreview.extractors import ExtractionError
    from normreview.index import ArchiveUnavailable

    if isinstance(exc, ArchiveUnavailable):
        return "失败：档案库（Elasticsearch）暂不可用，审核结果无法归档。请稍后重试。"
    if isinstance(exc, ExtractionError):
        return f"失败：文件无法读取（{exc}）"
    if isinstance(exc, MemoryError | TimeoutError):
        return "失败：审核用时或内存超出限制。请稍后重试，或拆分文件后提交。"
    return "失败：审核过程中出现内部错误，请重试；如仍失败，请联系管理员。"


def now() -> str:
    from datetime import datetime

    return datetime.now().isoformat(timespec="seconds")
