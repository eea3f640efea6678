"""Shared fixtures: a real Elasticsearch (own index prefix per session) and a real Prefect API."""
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


@pytest.fixture(scope="session")
def archive():
    from normreview.index import Archive

    store = Archive()
    store.ensure()
    yield store
    store.drop()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """A real Prefect API on a temporary database for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def _prefect_for_integration_tests(request):
    """Integration tests run against the Prefect API; unit tests start none (they are fast)."""
    if request.node.get_closest_marker("integration"):
        request.getfixturevalue("prefect_api")


@pytest.fixture
def nanxun() -> Path:
    return NANXUN
