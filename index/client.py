"""The Elasticsearch client of the archive, and the archive's errors.

``guarded`` runs one request and turns connection failures (and 429/503) into ``ArchiveUnavailable``,
the one error on which the flows retry; ``bulk`` writes many records and returns the rejected ones.
"""
from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_errors

from normreview.settings import Settings


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached; nothing was written, and the caller may retry."""


class ArchiveWriteError(RuntimeError):
    """The node rejected some records of a write; the document record was not written, so a retry redoes it."""


def redacted(url: str) -> str:
    """``url`` (one node or several, comma-separated) without the user:password of its nodes: for messages."""
    return ",".join(re.sub(r"//[^/@]*@", "//", node.strip()) for node in url.split(","))


def url_credentials(url: str) -> tuple[str, str] | None:
    """The user and password written in ``ES_URL`` (``https://user:pass@host:9200``, percent-encoded), from
    the first node that has them: a cluster has one user database, so they hold for every node."""
    for node in url.split(","):
        parts = urllib.parse.urlsplit(node.strip())
        if parts.username is not None:
            return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
    return None


def es_client(url: str, config: Settings, interactive: bool = False) -> Elasticsearch:
    """The Elasticsearch client with the configured authentication, TLS and timeout. ``interactive``
    (the web app): es_web_timeout seconds per request and no retries, so a stalled node fails fast.

    Authentication, for a cluster with security on, the first that is set: ``ES_API_KEY`` (sent as
    ``Authorization: ApiKey …``), ``ES_USERNAME``/``ES_PASSWORD``, or ``user:password@`` in ``ES_URL``
    (basic auth). The local integ-test-zip node has security off and ignores all of them."""
    options: dict[str, Any] = (
        {"request_timeout": config.es_web_timeout, "retry_on_timeout": False, "max_retries": 0} if interactive
        else {"request_timeout": config.es_request_timeout, "retry_on_timeout": True, "max_retries": 2})
    written = url_credentials(url)
    if config.es_api_key:
        options["api_key"] = config.es_api_key
    elif config.es_username:
        options["basic_auth"] = (config.es_username, config.es_password or "")
    elif written:
        options["basic_auth"] = written
    if url.startswith("https"):
        options["verify_certs"] = config.es_verify_certs
        if config.es_ca_certs:
            options["ca_certs"] = str(config.es_ca_certs)
    # ES_URL may name several nodes; the credentials travel as the client's header, not in the node URLs.
    return Elasticsearch(redacted(url).split(","), **options)


def guarded(url: str, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; an unreachable or overloaded node raises ArchiveUnavailable."""
    url = redacted(url)  # a message never carries the password of ES_URL
    try:
        return fn(*args, **kwargs)
    except (es_errors.ConnectionError, es_errors.ConnectionTimeout) as exc:
        raise ArchiveUnavailable(f"archive at {url} unreachable while {what}: {exc.__class__.__name__}") from exc
    except es_errors.ApiError as exc:
        if exc.meta.status in (429, 503):
            raise ArchiveUnavailable(f"archive at {url} unavailable while {what}: HTTP {exc.meta.status}") from exc
        raise


def bulk(client: Elasticsearch, url: str, what: str, actions: Iterable[dict[str, Any]],
         refresh: str | bool) -> tuple[int, list[dict[str, Any]]]:
    """(records written, rejected items). Connection failures raise ArchiveUnavailable."""
    def run() -> tuple[int, list[dict[str, Any]]]:
        ok, errors = 0, []
        for success, item in helpers.streaming_bulk(client, actions, chunk_size=500, max_retries=3,
                                                    raise_on_error=False, refresh=refresh):
            if success:
                ok += 1
            else:
                errors.append(item)
        return ok, errors
    return guarded(url, what, run)


def item_op(item: dict[str, Any]) -> str:
    return next(iter(item))


def item_status(item: dict[str, Any]) -> int:
    return item[item_op(item)].get("status", 0)


def item_id(item: dict[str, Any]) -> str:
    return item[item_op(item)].get("_id", "")


def describe_item(item: dict[str, Any]) -> str:
    detail = item[item_op(item)]
    error = detail.get("error", {})
    reason = error.get("reason", error) if isinstance(error, dict) else error
    return f"{item_op(item)} {detail.get('_index')}/{detail.get('_id')}: {reason}"


def is_real_error(item: dict[str, Any]) -> bool:
    """A rejected record, not a delete of a record that was already gone nor the create of one that is
    there already (an audit-trail event of a repeated run: records.event)."""
    return not ((item_op(item) == "delete" and item_status(item) == 404)
                or (item_op(item) == "create" and item_status(item) == 409))
