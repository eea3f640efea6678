"""checks: turn a ``Document`` into findings and an opinion.

``review_document`` and ``overall_opinion`` are loaded on first use: the engine imports spaCy, which
commands that only read the archive or render a report (decide, inbox, search, the web's pages) and the
other checks modules do not need."""
from normreview.model import Finding

__all__ = ["Finding", "review_document", "overall_opinion"]


def __getattr__(name: str):
    if name == "review_document":
        from normreview.checks.engine import review_document

        return review_document
    if name == "overall_opinion":
        from normreview.checks.opinion import overall_opinion

        return overall_opinion
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
