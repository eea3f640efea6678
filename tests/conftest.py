"""Shared fixtures: the statute store, a real Elasticsearch (own index prefix per session) and a real Prefect API."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from normreview.settings import settings

SAMPLES = settings().shared_dir / "samples" / "real"
NANXUN = SAMPLES / "nanxun-services-policy-2023.docx"

# Every process of this session, CLI subprocesses included, writes under this prefix.
os.environ["NORMREVIEW_INDEX_PREFIX"] = f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session", autouse=True)
def law_store():
    """The statute store the checks and CLI read (<data_dir>/laws.sqlite3), opened once per session.
    ``LawStore.open`` builds it from the vendored corpus (checks/data/laws) when it is missing or was
    built from other data or code (its fingerprint), so no test relies on `normreview laws load` and
    none reads a stale store."""
    from normreview.checks.laws.store import law_store

    return law_store()


@pytest.fixture(scope="session")
def archive():
    from normreview.index import Archive

    store = Archive()
    store.ensure()
    yield store
    store.drop()


@pytest.fixture(scope="session")
def store(law_store):
    """The statute store of the whole vendored corpus: the session's store, not a second build (a
    build takes ~15 s; tests/test_laws.py's rebuild test builds one on purpose)."""
    versions, articles = (law_store.db.execute(f"select count(*) from {table}").fetchone()[0] for table in ("versions", "articles"))
    assert versions > 1800 and articles > 70000
    return law_store


@pytest.fixture(scope="session")
def laws_index(store):
    """The laws index of the whole corpus under this session's index prefix, dropped at the end."""
    from normreview.index.laws import LawsIndex

    index = LawsIndex()
    index.drop()
    assert index.load(store) == store.db.execute("select count(*) from articles").fetchone()[0]
    yield index
    index.drop()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """A real Prefect API on a temporary database for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_collection_modifyitems(items):
    """Integration tests run against the Prefect API, set up before any of their other fixtures (a
    server they start needs its address); unit tests start none, so they stay fast. Every test is
    marked unit or integration."""
    for item in items:
        if item.get_closest_marker("integration"):
            item.fixturenames.insert(0, "prefect_api")
        elif not item.get_closest_marker("unit"):
            raise pytest.UsageError(f"{item.nodeid}: mark it unit or integration (pytestmark)")


@pytest.fixture
def nanxun() -> Path:
    return NANXUN
