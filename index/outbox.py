"""The local outbox: archive writes that could not reach Elasticsearch, one JSON file per review in
``<data_dir>/outbox/``, named by the submission's doc_id (queuing a review again replaces its file, so
flushing never archives it twice). ``flush`` stores each one and deletes its file once stored."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from normreview.index.archive import Archive
from normreview.index.client import ArchiveUnavailable
from normreview.model import Review


class Outbox:
    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / "outbox"

    def queue(self, review: Review, who: dict[str, Any]) -> Path:
        """Keep the archive write of ``review`` (with who submitted it) until the archive is back."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.folder / f"{review.document.doc_id}.json"
        partial = path.with_suffix(".part")
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
            json.dump({"review": review.model_dump(mode="json"), "who": who}, handle, ensure_ascii=False)
        partial.replace(path)  # a crash never leaves half a file to flush
        return path

    def pending(self) -> list[str]:
        """The doc_ids waiting in the outbox."""
        return sorted(p.stem for p in self.folder.glob("*.json")) if self.folder.is_dir() else []

    def flush(self, archive: Archive | None = None) -> dict[str, Any]:
        """Archive every queued review; stops at the first ArchiveUnavailable (the rest stay queued)."""
        archive = archive or Archive()
        stored, left = [], []
        for doc_id in self.pending():
            path = self.folder / f"{doc_id}.json"
            entry = json.loads(path.read_text(encoding="utf-8"))
            try:
                archive.store_review(Review.model_validate(entry["review"]),
                                     **{k: v for k, v in entry.get("who", {}).items() if v})
            except ArchiveUnavailable:
                left = self.pending()
                break
            path.unlink()
            stored.append(doc_id)
        return {"stored": stored, "pending": left}
