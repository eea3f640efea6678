"""record_decision: the reviewer's opinion, comments and a verdict on each finding go to the archive;
with an output folder, the opinion letter and annotated draft are rewritten for the decision."""
from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from normreview.flows.review import deliverables_task
from normreview.flows.tasks import ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable
from normreview.index import Archive
from normreview.model import Opinion

VERDICT_ZH = {"accepted": "采纳", "dismissed": "不采纳"}


@task(name="record-decision", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def record_decision_task(doc_id: str, opinion: str, reviewer: str, comments: str, verdicts: list[dict]) -> str:
    return Archive().record_decision(doc_id, opinion, reviewer, comments=comments, verdicts=verdicts)


@task(name="decision-report")
def decision_report_task(doc_id: str, decision_id: str, opinion: str, reviewer: str, comments: str,
                         verdicts: list[dict]) -> None:
    rows = ["| 问题编号 | 处理 | 理由 |", "| --- | --- | --- |"]
    rows += [f"| {v['finding_id']} | {VERDICT_ZH.get(v['verdict'], v['verdict'])} | {v.get('reason', '')} |" for v in verdicts]
    create_markdown_artifact(
        key=f"decision-{doc_id[:16]}", description=f"审核决定 {decision_id}",
        markdown="\n".join([f"# 审核决定：{doc_id[:16]}", "", f"- 审核意见：**{opinion}**", f"- 审核人：{reviewer}",
                            f"- 说明：{comments or '无'}", "", *rows, ""]))


@task(name="record-deliverables", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def record_deliverables_task(doc_id: str, paths: dict[str, str]) -> None:
    Archive().set_deliverables(doc_id, paths)


@flow(name="record_decision")
def record_decision(doc_id: str, opinion: str, reviewer: str, comments: str = "",
                    verdicts: list[dict] | None = None, opinion_dir: str | None = None) -> str:
    """Store the reviewer's decision; returns its id. ``verdicts``: [{"finding_id", "verdict", "reason"}].

    With ``opinion_dir``, the letter and the annotated draft are written there from the archived review
    (dismissed findings left out, the reviewer named) and the archive records their paths.
    """
    verdicts = verdicts or []
    decision_id = record_decision_task(doc_id, opinion, reviewer, comments, verdicts)
    decision_report_task(doc_id, decision_id, opinion, reviewer, comments, verdicts)
    if opinion_dir:
        review = Archive().get_review(doc_id)
        if review is not None:
            decided = review.model_copy(update={"opinion": Opinion(opinion)})
            paths = deliverables_task(decided, opinion_dir, verdicts={v["finding_id"]: v["verdict"] for v in verdicts},
                                      reviewer=reviewer)
            record_deliverables_task(doc_id, paths)
    return decision_id
