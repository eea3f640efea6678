"""Elasticsearch authentication settings (#16 item 10): the client carries ES_API_KEY, ES_USERNAME/ES_PASSWORD
or the user:password of ES_URL, and no message repeats the password. The local integ-test-zip node has
security off, so these check what the client sends; tests/test_cluster.py checks a node that enforces it."""
from __future__ import annotations

import base64
import socket

import pytest

from normreview.index import Archive, ArchiveUnavailable
from normreview.index.client import es_client, redacted, url_credentials
from normreview.settings import settings

pytestmark = pytest.mark.unit

AUTH_VARIABLES = ("ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_URL")


@pytest.fixture(autouse=True)
def no_configured_auth(monkeypatch):
    for name in AUTH_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def sent_headers(client) -> dict[str, str]:
    """What every request carries: the client's headers over each node's."""
    return {**dict(client.transport.node_pool.all()[0].config.headers), **dict(client._headers)}


def test_es_url_user_and_password_become_basic_auth_and_leave_the_node_urls(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://normreview:p%40ss%3Aw0rd@es1.example.org:9200, https://es2.example.org:9200")
    config = settings()
    client = es_client(config.elasticsearch_url, config)
    assert sent_headers(client)["authorization"] == basic("normreview", "p@ss:w0rd")
    nodes = client.transport.node_pool.all()
    assert sorted((n.config.host, n.config.port, n.config.scheme) for n in nodes) == [
        ("es1.example.org", 9200, "https"), ("es2.example.org", 9200, "https")]
    assert all("authorization" not in n.config.headers for n in nodes)  # one header, the client's


def test_api_key_and_username_settings_are_sent(monkeypatch):
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9301")
    monkeypatch.setenv("ES_API_KEY", "bm9ybXJldmlldzpzZWNyZXQ=")
    monkeypatch.setenv("ES_USERNAME", "ignored-when-a-key-is-set")
    config = settings()
    assert sent_headers(es_client(config.elasticsearch_url, config))["authorization"] == "ApiKey bm9ybXJldmlldzpzZWNyZXQ="
    assert sent_headers(Archive().client)["authorization"] == "ApiKey bm9ybXJldmlldzpzZWNyZXQ="  # the archive's own
    monkeypatch.delenv("ES_API_KEY")
    monkeypatch.setenv("ES_PASSWORD", "pw")
    config = settings()
    assert sent_headers(es_client(config.elasticsearch_url, config, interactive=True))["authorization"] == basic(
        "ignored-when-a-key-is-set", "pw")


def test_without_settings_no_authorization_is_sent(monkeypatch):
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9200")
    config = settings()
    assert "authorization" not in {k.lower() for k in sent_headers(es_client(config.elasticsearch_url, config))}
    assert url_credentials(config.elasticsearch_url) is None


def test_an_unreachable_archive_is_reported_without_the_password(monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("ES_URL", f"http://admin:top-secret@127.0.0.1:{port}")
    monkeypatch.setenv("ES_REQUEST_TIMEOUT", "2")
    with pytest.raises(ArchiveUnavailable) as failed:
        Archive(refresh=False).get_document("0" * 64)
    assert "top-secret" not in str(failed.value) and f"127.0.0.1:{port}" in str(failed.value)
    assert redacted("http://a:b@x:1,https://c@y:2") == "http://x:1,https://y:2"
