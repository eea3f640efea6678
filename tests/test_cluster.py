"""A backfill into a three-node cluster with security on, one node killed mid-way (issue 16, item 10).

Uses deploy/es-cluster.sh (HTTP 127.0.0.1:9301-9303, file-realm user in .es-cluster/credentials):
started here when it is not running, and stopped again afterwards; a node this test kills is
started again when the cluster was already running.
"""
from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CLUSTER = REPO / ".es-cluster"
SCRIPT = REPO / "deploy" / "es-cluster.sh"
NODE_URLS = ",".join(f"http://127.0.0.1:{9300 + n}" for n in (1, 2, 3))
FILES = 150

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def credentials() -> tuple[str, str]:
    values = dict(line.split("=", 1) for line in (CLUSTER / "credentials").read_text().splitlines() if "=" in line)
    return values["user"], values["password"]


def cluster_running() -> bool:
    return subprocess.run(["bash", str(SCRIPT), "status"], capture_output=True, timeout=30).returncode == 0


@pytest.fixture(scope="module")
def cluster():
    started_here = not cluster_running()
    if started_here:
        subprocess.run(["bash", str(SCRIPT), "start"], check=True, timeout=420)
    yield credentials()
    subprocess.run(["bash", str(SCRIPT), "stop" if started_here else "start"], check=True, timeout=420)


def test_the_cluster_refuses_anonymous_and_wrong_credentials(cluster, monkeypatch):
    from elasticsearch import AuthenticationException, BadRequestError

    from normreview.index import Archive

    monkeypatch.setenv("ES_URL", NODE_URLS)
    monkeypatch.delenv("ES_USERNAME", raising=False)
    with pytest.raises(AuthenticationException):
        Archive().client.info()
    # ES_API_KEY reaches the cluster's API-key service: the node decodes the key (id "normreview", secret
    # "unknown") and refuses that id, rather than refusing a request without credentials.
    monkeypatch.setenv("ES_API_KEY", base64.b64encode(b"normreview:unknown").decode())
    with pytest.raises(AuthenticationException) as refused:
        Archive().client.cluster.health()
    cause = refused.value.body["error"]["root_cause"][0]
    assert cause["reason"].startswith("unable to authenticate with provided credentials")
    assert cause["additional_unsuccessful_credentials"].startswith("API key: apikey authentication for id normreview")
    monkeypatch.delenv("ES_API_KEY")
    user, password = cluster
    monkeypatch.setenv("ES_USERNAME", user)
    monkeypatch.setenv("ES_PASSWORD", password)
    admin = Archive().client
    assert admin.cluster.health()["number_of_nodes"] == 3
    # Why no test authenticates with a valid key: this distribution cannot create one (the .security index
    # that stores keys needs analysis-common's pattern_capture filter, which the integ-test-zip lacks).
    # Should it ever succeed, this test is the place to switch the cluster tests to a key.
    with pytest.raises(BadRequestError, match=r"Unknown filter type \[pattern_capture\]"):
        admin.security.create_api_key(name="normreview")


def test_a_backfill_survives_a_killed_node_and_search_keeps_answering(cluster, tmp_path, monkeypatch):
    from test_flows import cli_env, write_normative

    from normreview.index import Archive

    user, password = cluster
    prefix = f"cluster-{uuid.uuid4().hex[:8]}"
    env = cli_env(ES_URL=NODE_URLS, ES_USERNAME=user, ES_PASSWORD=password, NORMREVIEW_INDEX_PREFIX=prefix)
    for key, value in env.items():
        if key.startswith(("ES_", "NORMREVIEW_")):
            monkeypatch.setenv(key, value)
    folder = tmp_path / "past"
    folder.mkdir()
    for number in range(FILES):
        write_normative(folder / f"doc-{number:03d}.txt", number + 1000)
    archive = Archive()
    archive.ensure()
    documents = archive.current_index("documents")
    assert archive.client.indices.get_settings(index=documents)[documents]["settings"]["index"]["auto_expand_replicas"] == "0-1"

    backfill = subprocess.Popen([str(Path(sys.executable).parent / "normreview"), "backfill", str(folder),
                                 "--batch-size", "10", "--concurrency", "1", "--json"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    searches: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def keep_searching() -> None:
        reader = Archive()
        while not stop.is_set():
            try:
                searches.append(reader.search("企业服务办法", size=1, facets=False)["total"])
            except Exception as exc:  # noqa: BLE001 - every failure is what this test reports
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.2)

    searcher = threading.Thread(target=keep_searching, daemon=True)
    killed = None
    try:
        deadline = time.monotonic() + 300
        while archive.client.count(index=archive.alias("documents"))["count"] < 30:
            assert backfill.poll() is None and time.monotonic() < deadline, "the backfill ended before the kill"
            time.sleep(0.5)
        # Kill the node holding the documents' primary shard: its replica must take over.
        shards = archive.client.cat.shards(index=documents, format="json")
        primary_node = next(s["node"] for s in shards if s["prirep"] == "p")
        assert any(s["prirep"] == "r" and s["state"] == "STARTED" for s in shards), shards  # one replica, live
        killed = int(primary_node.rsplit("-", 1)[1])
        searcher.start()
        os.kill(int((CLUSTER / f"node-{killed}" / "es.pid").read_text()), signal.SIGKILL)
        out, err = backfill.communicate(timeout=600)
    finally:
        stop.set()
        if backfill.poll() is None:
            backfill.kill()
    searcher.join(timeout=30)
    assert backfill.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    archive.client.indices.refresh(index=archive.alias("documents"))
    assert archive.client.count(index=archive.alias("documents"))["count"] == FILES
    assert archive.search("企业服务办法", size=1, facets=False)["total"] == FILES
    assert searches and not errors, errors[:3]
    assert archive.client.cluster.health()["number_of_nodes"] == 2
    archive.drop()
