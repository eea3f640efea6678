"""Settings read from the environment, in one place."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def es_url() -> str:
    """ES_URL names an existing cluster (several nodes: comma-separated); otherwise the local node of deploy/es.sh."""
    return os.environ.get("ES_URL") or f"http://127.0.0.1:{os.environ.get('ES_PORT', '9200')}"


def es_auth() -> dict[str, object]:
    """Client credentials for a cluster with security on: ES_API_KEY (the encoded key), else
    ES_USERNAME and ES_PASSWORD; none for the local development node."""
    if os.environ.get("ES_API_KEY"):
        return {"api_key": os.environ["ES_API_KEY"]}
    if os.environ.get("ES_USERNAME"):
        return {"basic_auth": (os.environ["ES_USERNAME"], os.environ.get("ES_PASSWORD", ""))}
    return {}


def index_prefix() -> str:
    return os.environ.get("NORMREVIEW_INDEX_PREFIX", "normreview")


def shared_dir() -> Path:
    return Path(os.environ.get("NORMREVIEW_SHARED", REPO_ROOT.parent / "shared"))
