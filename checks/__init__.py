"""checks: turn a ``Document`` into findings and an opinion."""
from checks.engine import review_document
from checks.finding import Finding
from checks.opinion import overall_opinion

__all__ = ["Finding", "review_document", "overall_opinion"]
