"""Throughput of the backfill flow against the same functions called without Prefect, in one run.

    .venv/bin/python bench/bench_flows.py [--docs 500] [--batch-size 50] [--concurrency 2]

Both sides ingest the same generated documents into fresh indices of their own on the ES node
(ES_URL or the local one): extract, check, bulk-archive. The Prefect API is a test harness
server started before timing, as a running server would be in production.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path


def generate(folder: Path, count: int) -> None:
    for number in range(count):
        (folder / f"doc-{number:04d}.txt").write_text(
            f"某某经济开发区管理委员会关于印发第{number}号企业服务办法的通知\n某开管发〔2023〕{number + 1}号\n"
            "第一条 为优化营商环境，规范企业服务工作，根据《优化营商环境条例》，制定本办法。\n"
            f"第二条 本办法适用于开发区内第{number}批企业服务事项。对年度纳税十强企业给予一次性奖励。\n"
            "第三条 管委会经济发展局负责组织实施，对未按要求报送材料的企业处以罚款。\n"
            "第四条 本办法自印发之日起施行，由管委会经济发展局负责解释。\n", encoding="utf-8")


def use_prefix(name: str) -> str:
    prefix = f"bench-flows-{name}-{uuid.uuid4().hex[:6]}"
    os.environ["NORMREVIEW_INDEX_PREFIX"] = prefix
    return prefix


def plain(folder: Path, batch_size: int) -> int:
    """The backfill's own task functions, called one after another without Prefect."""
    from normreview.flows.backfill import archive_batch_task, list_files, prepare_batch_task
    from normreview.index import Archive

    files = [str(p) for p in list_files(folder)]
    done = 0
    for start in range(0, len(files), batch_size):
        prepared = prepare_batch_task.fn(files[start:start + batch_size])
        archive_batch_task.fn(prepared)
        done += len(prepared["items"])
    Archive().refresh_all()
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    from prefect.testing.utilities import prefect_test_harness

    from normreview.checks import review_document
    from normreview.extractors import extract
    from normreview.flows.backfill import backfill
    from normreview.index import Archive

    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness(server_startup_timeout=120):
        folder = Path(tmp)
        generate(folder, args.docs)
        review_document(extract(folder / "doc-0000.txt"))  # load the NLP pipeline and rules outside the timings
        prefixes = []
        try:
            plain_runs = []

            def time_plain() -> None:
                prefixes.append(use_prefix(f"plain{len(plain_runs)}"))
                Archive().ensure()
                started = time.perf_counter()
                assert plain(folder, args.batch_size) == args.docs
                plain_runs.append(time.perf_counter() - started)

            time_plain()

            timings = {}
            for concurrency in sorted({1, args.concurrency}):
                prefixes.append(use_prefix(f"flow{concurrency}"))
                Archive().ensure()
                started = time.perf_counter()
                summary = backfill(str(folder), batch_size=args.batch_size, concurrency=concurrency)
                timings[concurrency] = time.perf_counter() - started
                assert summary["archived"] == args.docs, summary
            time_plain()  # again after the flows, so warm-up favours neither side
            plain_s = min(plain_runs)  # the faster baseline: the ratio errs against the flow
        finally:
            for prefix in prefixes:
                Archive(prefix=prefix).drop()

    print(f"documents: {args.docs}, batch size {args.batch_size}, cpus {os.cpu_count()}")
    print(f"without Prefect (sequential)   : {plain_s:7.2f} s  {args.docs / plain_s:7.1f} docs/s"
          f"  (best of {', '.join(f'{t:.2f}' for t in plain_runs)} s, before and after the flows)")
    for concurrency, seconds in timings.items():
        print(f"backfill flow, concurrency {concurrency:<3} : {seconds:7.2f} s  {args.docs / seconds:7.1f} docs/s"
              f"  ratio {plain_s / seconds:.2f} (target >= 0.8)")


if __name__ == "__main__":
    main()
