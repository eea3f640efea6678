"""Fail fast, lose nothing (issue 16, items 5, 7 and 9): short web timeouts, the outbox when the archive is
down, one-line errors instead of tracebacks, and a 400 with a Chinese message for bad requests."""
from __future__ import annotations

import base64
import json
import socket
import subprocess

import pytest
from fastapi.testclient import TestClient
from test_flows import CLI, cli_env, write_normative

from normreview.index import Archive
from normreview.index.client import es_client
from normreview.index.queries import untoken
from normreview.settings import settings
from normreview.web import create_app
from normreview.web.settings import WebSettings

pytestmark = pytest.mark.integration


def _closed_port() -> str:
    with socket.socket() as probe:  # a port nothing listens on: a real connection failure
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_a_deeply_nested_or_odd_paging_token_is_a_value_error():
    nested = base64.urlsafe_b64encode(("[" * 100000 + "]" * 100000).encode()).decode()
    for bad in (nested, base64.urlsafe_b64encode(b'[{"a": 1}]').decode(), base64.urlsafe_b64encode(b"[]").decode(), "%%%"):
        with pytest.raises(ValueError):
            untoken(bad)
    assert untoken(base64.urlsafe_b64encode(b'[1.5, "x"]').decode()) == [1.5, "x"]


def test_the_web_client_has_short_timeouts_and_no_retries():
    config = settings()
    web, batch = es_client(config.elasticsearch_url, config, interactive=True), es_client(config.elasticsearch_url, config)
    assert web._max_retries == 0 and not web._retry_on_timeout
    assert web._request_timeout == config.es_web_timeout <= 5
    assert batch._request_timeout == config.es_request_timeout


def test_bad_search_requests_are_400_with_a_chinese_message(tmp_path, archive):
    app = create_app(WebSettings(data_dir=tmp_path, secret_key="k" * 48), archive=archive)
    client = TestClient(app)
    nested = base64.urlsafe_b64encode(("[" * 5000 + "]" * 5000).encode()).decode()
    for query in ("q=x&year=abc", "q=x&sort=sideways", f"q=x&after={nested}", "q=x&after=bm90LWEtdG9rZW4=",
                  "q=" + "字" * 600):
        response = client.get(f"/search?{query}")
        assert response.status_code == 400, (query[:40], response.status_code)
        assert "参数无效" in response.text
    assert client.get("/search?q=x&year=2023").status_code == 200


def test_a_stalled_archive_answers_the_web_within_seconds(tmp_path):
    with socket.socket() as listener:  # accepts connections, never answers: a stalled node
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        app = create_app(WebSettings(data_dir=tmp_path, secret_key="k" * 48),
                         archive=Archive(url=url, prefix="stalled", interactive=True))
        response = TestClient(app).get("/search?q=行政处罚")
    assert response.status_code == 503 and "暂不可用" in response.text


def test_cli_search_size_out_of_range_is_a_chinese_usage_error():
    for size in ("100000", "-1", "0"):
        done = subprocess.run(CLI + ["search", "x", "--size", size], capture_output=True, text=True,
                              env=cli_env(ES_URL=_closed_port()), timeout=120)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "--size 应为" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_archive_down_review_prints_findings_queues_and_flush_archives_once(tmp_path, archive):
    draft = write_normative(tmp_path / "queued.txt", 1701)
    out = tmp_path / "out"
    data = tmp_path / "data"
    down = subprocess.run(CLI + ["review", str(draft), "--json", "--opinion-dir", str(out)], capture_output=True,
                          text=True, env=cli_env(ES_URL=_closed_port(), NORMREVIEW_DATA=str(data)), timeout=300)
    assert down.returncode == 1, down.stderr
    assert "Traceback" not in down.stderr and len(down.stderr.strip().splitlines()) == 1, down.stderr
    assert "待归档" in down.stderr
    review = json.loads(down.stdout)  # the findings are printed all the same
    doc_id = review["document"]["doc_id"]
    assert sorted(p.name for p in out.iterdir())  # and the deliverables written
    queued = data / "outbox" / f"{doc_id}.json"
    assert queued.is_file() and oct(queued.stat().st_mode & 0o777) == "0o600"
    assert archive.get_document(doc_id) is None

    flushed = subprocess.run(CLI + ["outbox", "flush"], capture_output=True, text=True,
                             env=cli_env(NORMREVIEW_DATA=str(data)), timeout=300)
    assert flushed.returncode == 0, flushed.stderr
    assert "已归档 1 份" in flushed.stdout and not queued.exists()
    again = subprocess.run(CLI + ["outbox", "flush"], capture_output=True, text=True,
                           env=cli_env(NORMREVIEW_DATA=str(data)), timeout=300)
    assert "已归档 0 份" in again.stdout
    assert archive.get_document(doc_id)["status"] == "under_review"  # 待审核: no decision yet
    hits = archive.client.count(index=archive.alias("documents"), query={"term": {"doc_id": doc_id}})["count"]
    assert hits == 1
    assert [e["action"] for e in archive.history(doc_id)] == ["review"]


def test_a_bad_file_in_a_cli_batch_is_one_line_without_a_prefect_traceback(tmp_path):
    good = write_normative(tmp_path / "good.txt", 1702)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all" * 10)
    done = subprocess.run(CLI + ["review", str(good), str(bad), "--no-archive"], capture_output=True, text=True,
                          env=cli_env(), timeout=300)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "bad.docx" in done.stderr
    assert [line for line in done.stderr.splitlines() if "bad.docx" in line] == done.stderr.strip().splitlines()[-1:]
    assert "第1702号" in done.stdout or "1702" in done.stdout
