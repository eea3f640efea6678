"""checks: turn a ``Document`` into findings and an opinion."""
from normreview.checks.engine import review_document
from normreview.checks.opinion import overall_opinion
from normreview.model import Finding

__all__ = ["Finding", "review_document", "overall_opinion"]
