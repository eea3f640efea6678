"""Serve normreview's flows as Prefect deployments from this process.

The audit runs on its cron schedule; the other flows run when triggered (UI, API, or
``prefect deployment run 'review_submission/on-demand' --param paths='["draft.docx"]'``).
Run more of these processes, on more machines, to run more flows at once: each polls the same
Prefect server for the runs of its deployments. See docs/flows.md.

    PREFECT_API_URL=http://127.0.0.1:4200/api python deploy/serve.py
"""
from __future__ import annotations

from prefect import serve  # noqa: E402
from prefect.deployments.runner import EntrypointType  # noqa: E402
from prefect.schedules import Cron  # noqa: E402

from normreview.flows.audit import AUDIT_CRON, AUDIT_TIMEZONE, audit_catalogue  # noqa: E402
from normreview.flows.backfill import backfill  # noqa: E402
from normreview.flows.decision import record_decision  # noqa: E402
from normreview.flows.filing import file_document  # noqa: E402
from normreview.flows.review import review_submission  # noqa: E402

AUDIT_DEPLOYMENT = "audit_catalogue/scheduled"
ON_DEMAND = "on-demand"
# Flow runs this process executes at once; more processes scale out further.
RUN_LIMIT = 4


def deployments() -> list:
    module = EntrypointType.MODULE_PATH  # importable wherever normreview is installed
    return [
        audit_catalogue.to_deployment(name="scheduled", schedule=Cron(AUDIT_CRON, timezone=AUDIT_TIMEZONE),
                                      entrypoint_type=module, tags=["normreview", "audit"],
                                      description="备案目录定期审计：有效期、逾期备案、审核超期、引用已废止法律"),
        review_submission.to_deployment(name=ON_DEMAND, entrypoint_type=module, tags=["normreview"]),
        record_decision.to_deployment(name=ON_DEMAND, entrypoint_type=module, tags=["normreview"]),
        file_document.to_deployment(name=ON_DEMAND, entrypoint_type=module, tags=["normreview"]),
        backfill.to_deployment(name=ON_DEMAND, entrypoint_type=module, tags=["normreview"]),
    ]


if __name__ == "__main__":
    serve(*deployments(), limit=RUN_LIMIT)
