"""audit_catalogue: scheduled audit of the catalogue and the pending reviews."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial

from prefect import flow, task
from prefect.artifacts import create_table_artifact

from normreview.checks import audit as rules
from normreview.checks.laws.store import law_store
from normreview.checks.profile import load_profile, profile_names
from normreview.flows.tasks import ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable
from normreview.index.catalogue import Catalogue
from normreview.model import AuditItem

AUDIT_CRON = "0 7 * * 1-5"  # 07:00 on weekdays, before the office opens
AUDIT_TIMEZONE = "Asia/Shanghai"

archive_step = task(retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
                    retry_condition_fn=archive_unavailable)


@archive_step(name="audit-expiry")
def expiry_task(today: date, within_days: int) -> list[AuditItem]:
    candidates = Catalogue().expiring(today + timedelta(days=within_days))
    return rules.expiry_items(candidates, today, within_days)


@archive_step(name="audit-filing")
def filing_task(today: date) -> list[AuditItem]:
    return rules.filing_overdue_items(Catalogue().unfiled_entries(), today)


@archive_step(name="audit-review-limit")
def review_limit_task(today: date, limit_workdays: int) -> list[AuditItem]:
    # Working days never outnumber calendar days, so older-than-the-limit is a safe pre-filter.
    candidates = Catalogue().pending_reviews(received_before=today - timedelta(days=limit_workdays))
    return rules.review_overdue_items(candidates, today, limit_workdays)


@archive_step(name="audit-repealed-citations")
def repealed_citation_task(today: date) -> list[AuditItem]:
    store = law_store()
    names = rules.repealed_law_names(store)
    candidates = Catalogue().in_force_citing(names)
    cited = partial(rules.repealed_citations, store=store)
    return rules.repealed_citation_items(candidates, today, cited)


@archive_step(name="store-audit")
def store_audit_task(record: dict) -> str:
    return Catalogue().store_audit(record)


@flow(name="audit_catalogue")
def audit_catalogue(as_of: date | None = None, within_days: int = 30) -> dict:
    """Audit items as of ``as_of`` (today in China by default): a table artifact and an audit record."""
    today = as_of or datetime.now(timezone(timedelta(hours=8))).date()
    profile = load_profile()
    futures = [expiry_task.submit(today, within_days), filing_task.submit(today),
               review_limit_task.submit(today, profile.review_workdays), repealed_citation_task.submit(today)]
    items = rules.sort_items(item for future in futures for item in future.result())
    record = {
        "audit_id": f"audit-{today.isoformat()}-{uuid.uuid4().hex[:8]}",
        "run_at": datetime.now(UTC).isoformat(), "as_of": today.isoformat(), "within_days": within_days,
        "counts": {c: sum(i.category == c for i in items) for c in rules.CATEGORIES},
        "overdue": sum(i.overdue for i in items),
        "items": [i.model_dump(mode="json") for i in items],
    }
    store_audit_task(record)
    create_table_artifact(
        key="catalogue-audit", description=f"备案目录审计 {today.isoformat()}：{len(items)} 项，其中逾期 {record['overdue']} 项",
        table=[{"文件": i.title, "类别": rules.CATEGORY_ZH[i.category], "期限": i.due or "", "逾期": "是" if i.overdue else "否",
                "说明": i.detail, "doc_id": i.doc_id[:16]} for i in items] or [{"结果": "未发现问题"}])
    return record


def inbox(as_of: date | None = None) -> list[dict]:
    """Drafts waiting for a reviewer's decision, with the working days left of each one's review period
    (its jurisdiction profile's ``review_workdays``), overdue first. A read, not a flow run: the inbox
    page and `normreview inbox` call it on every view."""
    today = as_of or datetime.now(timezone(timedelta(hours=8))).date()

    def workdays_of(name: str | None) -> int:  # load_profile is cached
        return (load_profile(name) if name in profile_names() else load_profile()).review_workdays

    return rules.inbox_items(Catalogue().awaiting_decision(), today, workdays_of)
