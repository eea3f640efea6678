"""reports: the reviewer's deliverables in Word — the opinion letter and the annotated draft."""
from normreview.reports.deliverables import write_deliverables

__all__ = ["write_deliverables"]
