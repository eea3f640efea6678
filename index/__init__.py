"""index: store documents, clauses and findings in Elasticsearch, and search them."""
from index.archive import Archive, ArchiveUnavailable

__all__ = ["Archive", "ArchiveUnavailable"]
