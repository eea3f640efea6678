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


def data_dir() -> Path:
    """Where built artefacts live (the laws store): env NORMREVIEW_DATA, default .data/ in the repo."""
    return Path(os.environ.get("NORMREVIEW_DATA") or REPO_ROOT / ".data")


def laws_source() -> Path | None:
    """A LawRefBook/Laws checkout to vendor the statute corpus from (env NORMREVIEW_LAWS_SOURCE)."""
    value = os.environ.get("NORMREVIEW_LAWS_SOURCE")
    return Path(value) if value else None
