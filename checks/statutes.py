"""Curated repeals (``checks/data/repeals.yaml``): the repealing instrument for laws and for normative
documents named by 文号.

The laws of the file go into the statute store (``checks/laws/store.build_store``), which is the one
place citations of laws are verified; the documents, which no statute corpus holds, are looked up
here by their 文号 (``repealed_documents``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normreview.checks.yamlfile import load_yaml
from normreview.patterns import doc_number_key

REPEALS = Path(__file__).parent / "data" / "repeals.yaml"


@dataclass(frozen=True)
class RepealedDocument:
    title: str
    doc_number: str  # doc_number_key of its 文号
    repealed_on: str
    replaced_by: str | None
    source: str  # the repealing clause: 《document》clause


@lru_cache(maxsize=1)
def repealed_documents() -> dict[str, RepealedDocument]:
    """Repealed normative documents of the curated file, by normalised 文号."""
    documents: dict[str, RepealedDocument] = {}
    for entry in load_yaml(REPEALS.read_text(encoding="utf-8")):
        src = entry["source"]
        source = f"《{src['law']}》{src['article']}" if "law" in src else f"《{src['document']}》{src['clause']}"
        for doc in entry.get("documents", []):
            number = doc_number_key(doc["doc_number"])
            documents[number] = RepealedDocument(doc["title"], number, entry["repealed_on"], entry["replaced_by"], source)
    return documents


def repealed_document(number: str) -> RepealedDocument | None:
    """A repealed document by its 文号; a match may carry words before the issuer's code."""
    number = doc_number_key(number)
    documents = repealed_documents()
    for start in range(len(number)):
        if number[start] == "〔":
            break
        if number[start:] in documents:
            return documents[number[start:]]
    return None
