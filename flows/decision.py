"""record_decision: the reviewer's opinion, comments, a verdict on each finding (accept, dismiss, reword,
merge) and their own findings go to the archive under the organ's reference number; with an output
folder, the opinion letter and annotated draft are written from the decided findings."""
from __future__ import annotations

import datetime

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from normreview.flows.review import deliverables_task
from normreview.flows.tasks import ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable
from normreview.index import Archive
from normreview.model import REVIEWER_RULE, Category, Decision, Finding, Review, Severity

VERDICT_ZH = {"accepted": "采纳", "dismissed": "不采纳"}


@task(name="record-decision", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def record_decision_task(decision: Decision) -> str:
    return Archive().record_decision(
        decision.doc_id, decision.opinion, decision.reviewer, comments=decision.comments,
        verdicts=[v.model_dump() for v in decision.verdicts], added=[f.model_dump(mode="json") for f in decision.added],
        letter_number=decision.letter_number)


@task(name="decision-report")
def decision_report_task(decision: Decision) -> None:
    rows = ["| 问题编号 | 处理 | 理由 |", "| --- | --- | --- |"]
    rows += [f"| {v.finding_id} | {VERDICT_ZH.get(v.verdict, v.verdict)} | {v.reason} |" for v in decision.verdicts]
    rows += [f"| 审核人增加 | {f.unit or '全文'}：{f.message} | |" for f in decision.added]
    create_markdown_artifact(
        key=f"decision-{decision.doc_id[:16]}", description=f"审核决定 {decision.decision_id}",
        markdown="\n".join([f"# 审核决定：{decision.doc_id[:16]}", "", f"- 审核意见：**{decision.opinion}**",
                            f"- 审核人：{decision.reviewer}", f"- 文号：{decision.letter_number}",
                            f"- 说明：{decision.comments or '无'}", "", *rows, ""]))


@task(name="record-deliverables", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def record_deliverables_task(doc_id: str, paths: dict[str, str]) -> None:
    Archive().set_deliverables(doc_id, paths)


class EditRefused(ValueError):
    """A reviewer's edit that cannot be applied; the message is Chinese, for the reviewer."""


def category_of(value: str) -> Category:
    """A contract category by its code (``retroactivity``) or its Chinese name (溯及既往)."""
    from normreview.checks.report import CATEGORY_ZH

    value = value.strip()
    by_name = {name: code for code, name in CATEGORY_ZH.items()}
    if value in set(Category) or value in by_name:
        return Category(by_name.get(value, value))
    raise EditRefused(f"未知的问题类别“{value}”，可选：{'、'.join(f'{c.value}（{CATEGORY_ZH.get(c.value, c.value)}）' for c in Category)}")


def reviewer_finding(doc: dict, review: Review | None, *, message: str, category: str, quote: str = "",
                     unit: str = "", bases: list[tuple[str, str]] = (), suggestion: str = "") -> dict:
    """A finding the reviewer adds (rule ``reviewer``), as the web form and ``normreview decide --add`` give
    it: where (a quote that must be in the text, else a unit label), what, and each basis (law, article)
    looked up in the statute store: quoted when found, ``verified=False`` when the store lacks the law or
    article (never invented). Raises EditRefused with a Chinese reason."""
    from normreview.checks.lawtext import cited_basis

    if not message.strip():
        raise EditRefused("新增问题须写明审核意见（问题表述）")
    text = doc.get("text", "")
    start = text.find(quote) if quote else -1
    if quote and start < 0:
        raise EditRefused("新增问题所引原文未在文件中找到，请复制原文中的连续文字")
    if start >= 0 and review is not None and not unit and (found := review.document.unit_at(start)) is not None:
        unit = found.path_label
    basis = [cited_basis(law, article) if article else {"law": law, "verified": False} for law, article in bases if law]
    finding = Finding(rule=REVIEWER_RULE, category=category_of(category), severity=Severity.ERROR, unit=unit, quote=quote,
                      clause_text=quote, start=max(start, 0), end=max(start, 0) + len(quote), message=message.strip(),
                      basis=basis, suggestion=suggestion)
    return finding.model_dump(mode="json")


def with_earlier_added(doc: dict, added: list[dict]) -> list[dict]:
    """The reviewer's own findings of the earlier decision, which a new decision keeps, then the new ones
    (one the earlier decision already has is not added twice)."""
    earlier = list((doc.get("decision") or {}).get("added", []))
    return earlier + [finding for finding in added if finding not in earlier]


def letter_number_for(doc_id: str) -> str:
    """The document's reference number if an earlier decision gave it one, else the organ's next."""
    from normreview.reports.numbering import next_letter_number
    from normreview.settings import settings

    before = Archive().get_document(doc_id) or {}
    return before.get("letter_number") or next_letter_number(settings())


@flow(name="record_decision")
def record_decision(doc_id: str, opinion: str, reviewer: str, comments: str = "",
                    verdicts: list[dict] | None = None, opinion_dir: str | None = None,
                    added: list[dict] | None = None) -> str:
    """Store the reviewer's decision; returns its id. ``verdicts``: [{"finding_id", "verdict", "reason",
    "message", "suggestion", "merged_into"}]; ``added``: the reviewer's own findings (Finding fields).

    With ``opinion_dir``, the letter and the annotated draft are written there from the archived review
    and the decision, and the archive records their paths.
    """
    decision = Decision(doc_id=doc_id, opinion=opinion, reviewer=reviewer, comments=comments,
                        verdicts=verdicts or [], added=added or [], letter_number=letter_number_for(doc_id),
                        decided_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
    decision.decision_id = record_decision_task(decision)
    decision_report_task(decision)
    if opinion_dir:
        review = Archive().get_review(doc_id)
        if review is not None:
            addressee = (Archive().get_document(doc_id) or {}).get("drafting_unit")
            record_deliverables_task(doc_id, deliverables_task(review, opinion_dir, decision, addressee=addressee))
    return decision.decision_id
