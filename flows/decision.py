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
from normreview.model import Decision

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
