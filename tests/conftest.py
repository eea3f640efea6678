"""Shared fixtures: a real Elasticsearch (own index prefix per session) and a real Prefect API."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

import normreview.prefect_env  # noqa: F401
from normreview.config import shared_dir

SAMPLES = shared_dir() / "samples" / "real"
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


@pytest.fixture(scope="session", autouse=True)
def prefect_api(request):
    """A real Prefect API on a temporary database for the whole session; a session of unit tests
    only (``-m unit``, mutation runs) does without it."""
    if request.session.items and all(item.get_closest_marker("unit") for item in request.session.items):
        yield
        return
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def nanxun() -> Path:
    return NANXUN
