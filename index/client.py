"""The Elasticsearch client of the archive, and the archive's errors.

``guarded`` runs one request and turns connection failures (and 429/503) into ``ArchiveUnavailable``,
the one error on which the flows retry; ``bulk`` writes many records and returns the rejected ones.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_errors

from normreview.settings import Settings


class ArchiveUnavailable(RuntimeError):
    """The archive cannot be reached; nothing was written, and the caller may retry."""


class ArchiveWriteError(RuntimeError):
    """The node rejected some records of a write; the document record was not written, so a retry redoes it."""


def es_client(url: str, config: Settings, interactive: bool = False) -> Elasticsearch:
    """The Elasticsearch client with the configured authentication, TLS and timeout. ``interactive``
    (the web app): es_web_timeout seconds per request and no retries, so a stalled node fails fast."""
    options: dict[str, Any] = (
        {"request_timeout": config.es_web_timeout, "retry_on_timeout": False, "max_retries": 0} if interactive
        else {"request_timeout": config.es_request_timeout, "retry_on_timeout": True, "max_retries": 2})
    if config.es_api_key:
        options["api_key"] = config.es_api_key
    elif config.es_username:
        options["basic_auth"] = (config.es_username, config.es_password or "")
    if url.startswith("https"):
        options["verify_certs"] = config.es_verify_certs
        if config.es_ca_certs:
            options["ca_certs"] = str(config.es_ca_certs)
    return Elasticsearch([node.strip() for node in url.split(",")], **options)  # ES_URL may name several nodes


def guarded(url: str, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; an unreachable or overloaded node raises ArchiveUnavailable."""
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
    """A rejected record, not a delete of a record that was already gone."""
    return item_op(item) != "delete" or item_status(item) != 404
