"""The catalogue audit: which documents need action now, and why.

Four kinds of item (the contract's audit categories):
- ``expiry``: validity ended, or ends within the look-ahead window;
- ``filing-overdue``: published but not filed by the filing due date;
- ``review-overdue``: a draft still undecided past the review limit in working days;
- ``repealed-citation``: a document in force cites a law repealed after the document was issued.

The functions take plain records (as the archive returns them) and a date, so the audit is the
same whether a flow, a test or a script runs it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from normreview.checks.laws.store import Law, LawStore
from normreview.checks.workdays import add_workdays, workdays_between
from normreview.model import AuditItem
from normreview.patterns import CITATION, declared_repeals

CATEGORIES = ("expiry", "filing-overdue", "review-overdue", "repealed-citation")
CATEGORY_ZH = {"expiry": "有效期", "filing-overdue": "逾期未备案", "review-overdue": "审核超期",
               "repealed-citation": "引用已废止法律"}


def as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def filing_due(published: date, filing_days: int) -> date:
    """Filing is due ``filing_days`` calendar days after publication (法规规章备案审查条例 uses 30)."""
    return published + timedelta(days=filing_days)


def expiry_items(documents: Iterable[dict[str, Any]], today: date, within_days: int) -> list[AuditItem]:
    """Documents with ``expires`` on or before today + within_days."""
    horizon = today + timedelta(days=within_days)
    items = []
    for doc in documents:
        expires = as_date(doc.get("expires"))
        if expires is None or expires > horizon:
            continue
        if expires < today:
            detail = f"有效期已于{expires.isoformat()}届满，已过期{(today - expires).days}日，应当清理或重新制定"
        else:
            detail = f"有效期将于{expires.isoformat()}届满（剩余{(expires - today).days}日），应当及时评估是否延续"
        items.append(AuditItem(doc_id=doc["doc_id"], title=doc.get("title") or "", category="expiry", due=expires.isoformat(), detail=detail,
                               overdue=expires < today))
    return items


def filing_overdue_items(entries: Iterable[dict[str, Any]], today: date) -> list[AuditItem]:
    """Catalogue entries not yet filed whose filing due date has passed."""
    items = []
    for entry in entries:
        due = as_date(entry.get("filing_due"))
        if entry.get("filed") or due is None or due >= today:
            continue
        items.append(AuditItem(doc_id=entry["doc_id"], title=entry.get("title") or "", category="filing-overdue", due=due.isoformat(),
                               detail=f"应于{due.isoformat()}前报送备案，尚未备案，已逾期{(today - due).days}日", overdue=True))
    return items


def review_overdue_items(reviews: Iterable[dict[str, Any]], today: date, limit_workdays: int) -> list[AuditItem]:
    """Undecided reviews received more than ``limit_workdays`` working days ago."""
    items = []
    for review in reviews:
        received = as_date(review.get("received"))
        if received is None:
            continue
        elapsed = workdays_between(received, today)
        if elapsed <= limit_workdays:
            continue
        due = add_workdays(received, limit_workdays)
        items.append(AuditItem(doc_id=review["doc_id"], title=review.get("title") or "", category="review-overdue", due=due.isoformat(),
                               detail=f"{received.isoformat()}收到送审稿，审核期限{limit_workdays}个工作日，应于{due.isoformat()}前完成，"
                               f"已超{elapsed - limit_workdays}个工作日", overdue=True))
    return items


def inbox_items(pending: Iterable[dict[str, Any]], today: date, workdays_of: Callable[[str | None], int]) -> list[dict[str, Any]]:
    """The reviewer's inbox: each undecided draft with its due date (``workdays_of(profile)`` working
    days after receipt) and the working days left (0 on the last day, negative once overdue), overdue first."""
    items = []
    for review in pending:
        received = as_date(review.get("received"))
        if received is None:
            continue
        due = add_workdays(received, workdays_of(review.get("profile")))
        left = workdays_between(today, due) if today <= due else -workdays_between(due, today)
        items.append({"doc_id": review["doc_id"], "title": review.get("title") or "", "submitted": received.isoformat(),
                      "due": due.isoformat(), "days_left": left})
    return sorted(items, key=lambda item: (item["days_left"], item["submitted"], item["doc_id"]))


def issue_date(dates: dict[str, Any]) -> date | None:
    """The day a document was issued: published, else signed, else effective."""
    for key in ("published", "signed", "effective"):
        if dates.get(key):
            return as_date(dates[key])
    return None


def repealed_citation_items(documents: Iterable[dict[str, Any]], today: date,
                            repealed_citations: Callable[[str], list[tuple[str, date]]]) -> list[AuditItem]:
    """Documents citing a law repealed after they were issued (and by today).

    ``repealed_citations(text)`` lists (law name, repeal date) for each repealed law the text cites.
    A document with no known issue date is flagged for every repealed law it cites.
    """
    items = []
    for doc in documents:
        issued = issue_date(doc.get("dates") or {})
        for law, repealed_on in repealed_citations(doc.get("text") or ""):
            if repealed_on > today or (issued is not None and repealed_on <= issued):
                continue
            since = f"{issued.isoformat()}发布后" if issued else "（发布日期不详）"
            items.append(AuditItem(doc_id=doc["doc_id"], title=doc.get("title") or "", category="repealed-citation", due=repealed_on.isoformat(),
                                   detail=f"引用的《{law}》已于{repealed_on.isoformat()}废止或失效{since}，应当修改或清理", overdue=False))
    return items


def sort_items(items: Iterable[AuditItem]) -> list[AuditItem]:
    return sorted(items, key=lambda i: (CATEGORIES.index(i.category), i.due or "", i.doc_id))


def repealed_law_names(store: LawStore) -> list[str]:
    """Every name (full, short, former) of a law whose repeal date is known: only those can be
    compared with an issue date."""
    dated = {law.id for law, status in store.repealed() if status.repealed_on}
    return sorted({name for name, law in store.all_names() if law.id in dated})


def repealed_citations(text: str, store: LawStore) -> list[tuple[str, date]]:
    """(law name, repeal date) for each 《…》 citation of a repealed law, outside clauses that repeal it."""
    declared = declared_repeals(text)
    found: dict[str, date] = {}
    for match in CITATION.finditer(text):
        if any(start <= match.start() < end for start, end in declared):
            continue
        law = store.resolve(match.group("title"))
        if not isinstance(law, Law):
            continue
        status = store.status_on(law, None)
        if status.state == "repealed" and status.repealed_on:
            found.setdefault(law.name, date.fromisoformat(status.repealed_on))
    return sorted(found.items())
