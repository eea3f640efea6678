"""Split a document's text into segments at finding offsets, so a template can mark them while escaping the text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    text: str
    findings: list[str] = field(default_factory=list)  # finding ids covering this segment
    starts: list[str] = field(default_factory=list)  # finding ids that begin here (anchors)
    severity: str = ""  # the worst severity among the covering findings


_RANK = {"error": 3, "warning": 2, "info": 1}


def segments(text: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at every finding's start and end; a finding without a usable span is left out."""
    spans = [(f["start"], f["end"], f) for f in findings
             if isinstance(f.get("start"), int) and isinstance(f.get("end"), int) and 0 <= f["start"] < f["end"] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    result: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [f for s, e, f in spans if s <= left and right <= e]
        worst = max((f.get("severity", "") for f in covering), key=lambda s: _RANK.get(s, 0), default="")
        result.append(Segment(text=text[left:right], findings=[f["finding_id"] for f in covering],
                              starts=[f["finding_id"] for s, _, f in spans if s == left], severity=worst))
    return result


@dataclass
class FragmentPart:
    text: str
    marked: bool


def fragment_parts(fragment: str, pre: str = "【", post: str = "】") -> list[FragmentPart]:
    """Split an archive highlight fragment at its markers, so the text stays escaped and only the marks are markup."""
    parts: list[FragmentPart] = []
    rest = fragment
    while rest:
        left, found, after = rest.partition(pre)
        if left:
            parts.append(FragmentPart(left, False))
        if not found:
            break
        inner, closed, rest = after.partition(post)
        parts.append(FragmentPart(inner, bool(closed)))
    return parts
