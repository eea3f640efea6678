"""Review jobs: uploads stored under server-made names, reviewed one at a time in a background thread."""
from __future__ import annotations

import contextvars
import json
import secrets
import sqlite3
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normreview.extractors import SUPPORTED

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

STATUS_ZH = {"queued": "排队中", "running": "审核中", "done": "已完成", "failed": "失败"}


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

    @property
    def status_zh(self) -> str:
        return STATUS_ZH[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "status_zh": self.status_zh, "stage": self.stage, "message": self.message,
                "results": self.results, "files": [f["name"] for f in self.files]}


class JobQueue:
    def __init__(self, data_dir: Path):
        self.uploads = data_dir / "uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.outputs = data_dir / "outputs"  # the letters and annotated drafts the flows write
        self.db_path = data_dir / "jobs.sqlite3"
        # One worker: reviews are CPU-bound and the machine is small; jobs wait their turn.
        self._context = contextvars.copy_context()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-job")
        with self._connect() as db:
            db.execute(SCHEMA)
            if "stage" not in {row[1] for row in db.execute("PRAGMA table_info(jobs)")}:  # a table made before stages
                db.execute("ALTER TABLE jobs ADD COLUMN stage TEXT")
            pending = [r[0] for r in db.execute(
                "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, rowid")]
        # The queue is the table: jobs queued or interrupted when the server stopped run again, in order
        # (a review is idempotent: the archive's ids derive from the file's content).
        for job_id in pending:
            self._update(job_id, status="queued", message="")
            self._pool.submit(self._context.copy().run, self._run, job_id)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db_path)

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
        with self._connect() as db:
            db.execute("INSERT INTO jobs (id, submitted_by, drafting_unit, status, files) VALUES (?, ?, ?, 'queued', ?)",
                       (job_id, submitted_by, drafting_unit, json.dumps(files, ensure_ascii=False)))
        # The job runs with the context the queue was made in (e.g. the Prefect API settings of the server).
        self._pool.submit(self._context.copy().run, self._run, job_id)
        return self.get(job_id)

    def get(self, job_id: str) -> Job | None:
        with self._connect() as db:
            row = db.execute("SELECT id, submitted_by, drafting_unit, status, files, results, message, created_at, finished_at, "
                             "stage FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        return Job(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5] or "[]"), row[6] or "", row[7], row[8],
                   row[9] or "")

    def recent(self, submitted_by: str | None = None, limit: int = 20) -> list[Job]:
        with self._connect() as db:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM jobs WHERE (? IS NULL OR submitted_by = ?) ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (submitted_by, submitted_by, limit))]
        return [self.get(i) for i in ids]

    def _update(self, job_id: str, **fields: Any) -> None:
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self._connect() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), job_id))

    def _run(self, job_id: str) -> None:
        from normreview.flows.review import review_submission

        job = self.get(job_id)
        self._update(job_id, status="running")
        names = {f["path"]: f["name"] for f in job.files}
        try:
            # Several files are one submission: a draft with its materials, reviewed as a folder.
            paths = [f["path"] for f in job.files] if len(job.files) == 1 else [str(self.uploads / job_id)]
            reviews = review_submission(paths, archive=True, drafting_unit=job.drafting_unit,
                                        submitted_by=job.submitted_by, names=names,
                                        opinion_dir=str(self.outputs / job_id),
                                        progress=lambda stage: self._update(job_id, stage=stage))
        except Exception as exc:  # the job records any failure; the server goes on
            self._update(job_id, status="failed", message=failure_zh(exc), finished_at=_now())
            return
        results = []
        for review in reviews:
            if isinstance(review, dict):
                results.append({"name": names.get(review["file"], "送审材料"), "error": review["error"]})
            else:
                results.append({"doc_id": review.document.doc_id, "title": review.document.title,
                                "opinion": str(review.opinion), "findings": len(review.findings)})
        failed = results and all("error" in r for r in results)  # nothing could be read: the job failed
        self._update(job_id, status="failed" if failed else "done", results=json.dumps(results, ensure_ascii=False),
                     message=f"失败：文件无法读取（{results[0]['error']}）" if failed else "", finished_at=_now())

    def retry(self, job_id: str) -> None:
        """Run a failed job again, with the files it was given."""
        self._update(job_id, status="queued", message="", results=None, finished_at=None)
        self._pool.submit(self._context.copy().run, self._run, job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


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


def _now() -> str:
    from datetime import datetime

    return datetime.now().isoformat(timespec="seconds")
