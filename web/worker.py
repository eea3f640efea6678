"""The review worker of the web workbench: ``python -m normreview.web.worker DATA_DIR``.

Started by the web server's JobQueue (web/jobs.py) in its own session, one per data dir (it holds
``worker.lock``). It takes jobs from the jobs table round-robin between users and runs each as a
``review_submission`` flow run in this process, so spaCy and the rules are loaded once, not per job.
It leaves when the queue has been empty for two minutes, or at once when empty and the server that
owns it (``worker.owner``) is gone; on SIGTERM it queues the job it was running again before it exits.
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import sys
import time
from pathlib import Path

from normreview.web.jobs import Job, JobStore, failure_zh, now

# Seconds between looks at the queue when it is empty.
IDLE_POLL_S = 0.5
# How long a starting worker waits for the lock (a server testing it holds it for an instant).
LOCK_WAIT_S = 3
# An idle worker leaves after this long (the server starts one again for the next job): an idle
# worker holds spaCy and the rules in memory.
IDLE_EXIT_S = 120


def run(store: JobStore, job: Job) -> None:
    """One job: its files reviewed and archived, the outcome (results, or 失败 and why) stored on the job."""
    from normreview.flows.review import review_submission

    names = {f["path"]: f["name"] for f in job.files}
    try:
        # Several files are one submission: a draft with its materials, reviewed as a folder.
        paths = [f["path"] for f in job.files] if len(job.files) == 1 else [str(store.uploads / job.id)]
        reviews = review_submission(paths, archive=True, drafting_unit=job.drafting_unit, submitted_by=job.submitted_by,
                                    names=names, opinion_dir=str(store.outputs / job.id), run_id=job.id,
                                    progress=lambda stage, done: store.update(job.id, stage=stage, progress=done))
    except Exception as exc:  # the job records any failure; the worker goes on
        store.update(job.id, status="failed", message=failure_zh(exc), finished_at=now())
        return
    results = []
    for review in reviews:
        if isinstance(review, dict):
            results.append({"name": names.get(review["file"], "送审材料"), "error": review["error"]})
        else:
            results.append({"doc_id": review.document.doc_id, "title": review.document.title,
                            "opinion": str(review.opinion), "findings": len(review.findings)})
    failed = results and all("error" in r for r in results)  # nothing could be read: the job failed
    store.update(job.id, status="failed" if failed else "done", results=json.dumps(results, ensure_ascii=False),
                 message=f"失败：文件无法读取（{results[0]['error']}）" if failed else "", progress=1.0, finished_at=now())


def owner_alive(data_dir: Path) -> bool:
    try:
        os.kill(int((data_dir / "worker.owner").read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def main(data_dir: Path) -> int:
    os.umask(0o077)  # what the worker writes (uploads' outputs, the jobs table) is for its account only, as the server's
    with open(data_dir / "worker.lock", "a") as lock:  # held while this process serves the queue
        if not _acquire(lock, LOCK_WAIT_S):
            return 0  # another worker serves this data dir
        (data_dir / "worker.pid").write_text(str(os.getpid()))
        # Prefect and the flows load before the first job is taken, so a job marked running is being reviewed.
        import normreview.flows.review  # noqa: F401

        store = JobStore(data_dir)
        store.requeue_interrupted()  # the lock is ours: a job still marked running lost its worker

        def stop(signum, frame):
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        while True:
            serve(store)
            # Idle: give up the lock first, then look once more. A server that queued a job meanwhile
            # either saw the lock held (and this look finds the job) or saw it free and started a worker.
            fcntl.flock(lock, fcntl.LOCK_UN)
            if not store.pending() or not _acquire(lock, 0):
                return 0


def _acquire(lock, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def serve(store: JobStore) -> None:
    """Take and run jobs until the queue has been empty for IDLE_EXIT_S, or at once when the owner is gone."""
    idle_since = time.monotonic()
    while True:
        job = store.take()
        if job is None:
            if not owner_alive(store.data_dir) or time.monotonic() - idle_since > IDLE_EXIT_S:
                return
            time.sleep(IDLE_POLL_S)
            continue
        try:
            run(store, job)
        except BaseException:  # stopped mid-job: the job goes back to the queue for the next worker
            store.update(job.id, status="queued", stage="", progress=0)
            raise
        idle_since = time.monotonic()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
