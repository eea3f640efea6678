"""Settings read from the environment, in one place."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def es_url() -> str:
    """ES_URL names an existing cluster; otherwise the local node of deploy/es.sh."""
    return os.environ.get("ES_URL") or f"http://127.0.0.1:{os.environ.get('ES_PORT', '9200')}"


def index_prefix() -> str:
    return os.environ.get("NORMREVIEW_INDEX_PREFIX", "normreview")


def shared_dir() -> Path:
    return Path(os.environ.get("NORMREVIEW_SHARED", REPO_ROOT.parent / "shared"))


def profile_setting() -> str | None:
    """NORMREVIEW_PROFILE names a jurisdiction profile to use for every review instead of detecting it."""
    return os.environ.get("NORMREVIEW_PROFILE") or None
