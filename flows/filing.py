"""file_document: a published document enters the filing catalogue (备案目录)."""
from __future__ import annotations

from datetime import date

from prefect import flow, task

from normreview.checks.audit import filing_due
from normreview.checks.profile import load_profile
from normreview.flows.tasks import ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable
from normreview.index import Archive
from normreview.index.catalogue import Catalogue
from normreview.index.records import event, timestamp
from normreview.patterns import doc_number_key


class NotArchived(LookupError):
    """Filing needs the reviewed document in the archive."""


class BadFilingDate(ValueError):
    """A filing date before the publication date."""


@task(name="load-document", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def load_document_task(doc_id: str) -> dict:
    document = Archive().get_document(doc_id)
    if document is None:
        raise NotArchived(f"document {doc_id} is not in the archive; review it first (normreview review FILE)")
    return document


@task(name="file-entry", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def file_entry_task(entry: dict, actor: str) -> dict:
    catalogue = Catalogue()
    before = catalogue.entry(entry["doc_id"])
    if before and not entry.get("filed"):  # a rerun without --filed keeps the filing already made
        entry = entry | {"filed": before.get("filed"), "filed_by": before.get("filed_by")}
    stored = catalogue.file(entry)
    archive = Archive()
    archive.append_event(event(entry["doc_id"], "filing", actor, before, stored, timestamp()))
    if entry.get("doc_number"):  # the 文号 as issued, on the document too: search finds it
        archive.set_doc_number(entry["doc_id"], entry["doc_number"])
    archive.set_status(entry["doc_id"], "filed" if entry.get("filed") else "published", actor=actor)
    return stored


@flow(name="file_document")
def file_document(doc_id: str, published: date, doc_number: str | None = None, filed: date | None = None,
                  expires: date | None = None, filed_by: str | None = None) -> dict:
    """Enter a published document in the catalogue; the filing due date comes from the jurisdiction profile.

    Run it again with ``filed`` once the filing is made: the entry is updated, not duplicated.
    """
    if filed and filed < published:
        raise BadFilingDate(f"备案日期 {filed.isoformat()} 早于公布日期 {published.isoformat()}")
    document = load_document_task(doc_id)
    dates = document.get("dates") or {}
    entry = {
        "doc_id": doc_id, "title": document.get("title"), "issuer": document.get("issuer") or [],
        "doc_number": doc_number_key(doc_number) if doc_number else document.get("doc_number"),
        "published": published.isoformat(),
        "filing_due": filing_due(published, load_profile().filing_days).isoformat(),
        "filed": filed.isoformat() if filed else None,
        "expires": expires.isoformat() if expires else dates.get("expires"),
        "filed_by": filed_by,
    }
    return file_entry_task(entry, filed_by or "system")
