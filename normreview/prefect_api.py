"""Which Prefect API a command talks to: the configured one, the local persistent server, or none.

``deploy/prefect.sh start`` runs a persistent server on 127.0.0.1:4200. Without it Prefect falls
back to its ephemeral mode: a temporary server per process, slow to start and gone with its runs.
Must run before prefect is imported (prefect reads its settings at import time).
"""
from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Mapping

PROBE_SECONDS = 0.5


def local_api_url(environ: Mapping[str, str] | None = None) -> str:
    """The API of deploy/prefect.sh's server (its port: NORMREVIEW_PREFECT_PORT, default 4200)."""
    environ = os.environ if environ is None else environ
    return f"http://127.0.0.1:{environ.get('NORMREVIEW_PREFECT_PORT', '4200')}/api"


def answers(api_url: str, timeout: float = PROBE_SECONDS) -> bool:
    """Whether a Prefect API answers its health check at ``api_url``."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def resolve_api_url(environ: Mapping[str, str] | None = None) -> str | None:
    """PREFECT_API_URL when set; else the local server when it answers; else None (ephemeral mode, warned once)."""
    environ = os.environ if environ is None else environ
    configured = environ.get("PREFECT_API_URL")
    if configured:
        return configured
    local = local_api_url(environ)
    if answers(local):
        return local
    print(f"normreview: 警告：本机 Prefect 服务（{local}）未运行，本次使用临时服务，运行记录不会保留；"
          "请先执行 deploy/prefect.sh start", file=sys.stderr)
    return None


def use_prefect_api() -> None:
    """Point this process (and its children) at the resolved API."""
    url = resolve_api_url()
    if url:
        os.environ["PREFECT_API_URL"] = url
