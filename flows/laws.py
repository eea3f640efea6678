"""load_laws: build the statute store (SQLite, for the checks) and load the ``laws`` search index.

Run by ``normreview laws load`` and once by ``deploy/setup.sh``. Both steps rebuild from the vendored
corpus (checks/data/laws/), so a rerun is safe.
"""
from __future__ import annotations

import time

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from normreview.checks.laws.store import LawStore, build_store, default_path


@task(name="build-law-store", cache_policy=NO_CACHE)
def build_store_task() -> dict:
    started = time.perf_counter()
    counts = build_store(default_path())
    return counts | {"seconds": round(time.perf_counter() - started, 1)}


@task(name="index-laws", cache_policy=NO_CACHE)
def index_laws_task() -> dict:
    from normreview.index.laws import LawsIndex

    started = time.perf_counter()
    laws = LawsIndex()
    laws.drop()  # a reload replaces the index: the corpus may have been refreshed
    count = laws.load(LawStore.open(default_path()))
    return {"articles": count, "seconds": round(time.perf_counter() - started, 1)}


@flow(name="load-laws")
def load_laws(index: bool = True) -> dict:
    """Build the store; then, unless ``index`` is False, load every article into the ``laws`` index."""
    logger = get_run_logger()
    result = {"store": build_store_task()}
    logger.info("law store: %s", result["store"])
    if index:
        result["index"] = index_laws_task()
        logger.info("laws index: %s", result["index"])
    return result
