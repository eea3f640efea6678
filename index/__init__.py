"""index: store documents, clauses, findings and decisions in Elasticsearch, and search them (docs/archive.md)."""
from normreview.index.archive import Archive
from normreview.index.client import ArchiveUnavailable, ArchiveWriteError
from normreview.index.records import clause_id, finding_id

__all__ = ["Archive", "ArchiveUnavailable", "ArchiveWriteError", "clause_id", "finding_id"]
