"""A web review job two ways: the web's review worker (web/worker.py) against a flow run of a Prefect
deployment served by a runner process (what `run_deployment(..., timeout=0)` would give the web).

    bash deploy/prefect.sh start && .venv/bin/python bench/bench_jobs.py [--rounds N]

Both sides review the same generated one-page draft (new bytes per round, so no cache answers),
archive it under a throwaway index prefix, and run against the persistent local Prefect server.
Timed from submission to the job's end as the web would see it: for the worker, the job row is
`done`; for the deployment, the flow run is `Completed`. The runner polls every second (Prefect's
default is 10 s), the worker every 0.5 s. The first job of each side (start-up) is reported apart.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("NORMREVIEW_INDEX_PREFIX", f"bench-jobs-{uuid.uuid4().hex[:8]}")

from normreview.prefect_api import answers, local_api_url  # noqa: E402

API = os.environ.get("PREFECT_API_URL") or local_api_url()
if not answers(API):
    sys.exit(f"bench_jobs: no Prefect API at {API}; run deploy/prefect.sh start")
os.environ["PREFECT_API_URL"] = API

from normreview.index import Archive  # noqa: E402
from normreview.web.jobs import JobQueue  # noqa: E402

DEPLOYMENT = f"bench-{uuid.uuid4().hex[:8]}"
RUNNER = ("from prefect import serve\n"
          "from normreview.flows.review import review_submission\n"
          f"serve(review_submission.to_deployment(name='{DEPLOYMENT}'), limit=1)\n")


def draft(folder: Path, number: int) -> Path:
    path = folder / f"draft-{number}.txt"
    path.write_text(f"某某经济开发区管理委员会关于印发第{number}号企业服务办法的通知\n{uuid.uuid4().hex}\n"
                    "第一条 为优化营商环境，规范企业服务工作，制定本办法。\n"
                    f"第二条 本办法适用于开发区内第{number}批企业服务事项。\n"
                    "第三条 对在本区纳税的企业给予奖励，外地企业不得参与政府采购。\n", encoding="utf-8")
    return path


def worker_job(queue: JobQueue, path: Path) -> float:
    started = time.perf_counter()
    job_id, files = queue.store_uploads([(path.name, path.read_bytes())])
    queue.submit(job_id, files, submitted_by="bench", drafting_unit="基准测试单位")
    while (job := queue.get(job_id)).status not in ("done", "failed"):
        time.sleep(0.05)
    assert job.status == "done", job.message
    return time.perf_counter() - started


def deployment_job(path: Path) -> float:
    from prefect.deployments import run_deployment

    started = time.perf_counter()
    run = run_deployment(f"review_submission/{DEPLOYMENT}", parameters={
        "paths": [str(path)], "archive": True, "submitted_by": "bench", "drafting_unit": "基准测试单位"}, timeout=None,
        poll_interval=0.05)
    assert run.state.is_completed(), run.state
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    queue = JobQueue(folder / "web")
    runner = subprocess.Popen([sys.executable, "-c", RUNNER], env=dict(os.environ, PREFECT_RUNNER_POLL_FREQUENCY="1"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    times: dict[str, list[float]] = {"worker": [], "deployment": []}
    try:
        time.sleep(15)  # the runner registers its deployment
        for number in range(args.rounds + 1):
            times["worker"].append(worker_job(queue, draft(folder, 2 * number)))
            times["deployment"].append(deployment_job(draft(folder, 2 * number + 1)))
            print(f"round {number}: worker {times['worker'][-1]:6.2f} s   deployment {times['deployment'][-1]:6.2f} s"
                  + ("   (first: start-up)" if number == 0 else ""), flush=True)
    finally:
        queue.shutdown()
        runner.terminate()
        runner.wait(timeout=30)
        Archive().drop()
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:  # leave the shared server's deployment list as it was
            client.delete_deployment(client.read_deployment_by_name(f"review_submission/{DEPLOYMENT}").id)
    print(f"load average {os.getloadavg()[0]:.1f}; median of rounds 1-{args.rounds}: "
          f"worker {statistics.median(times['worker'][1:]):.2f} s, deployment {statistics.median(times['deployment'][1:]):.2f} s")


if __name__ == "__main__":
    main()
