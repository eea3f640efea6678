from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Finding:
    """One problem at one place, in the shape of the review contract."""

    rule: str
    category: str
    severity: str  # error | warning | info
    unit: str
    quote: str
    clause_text: str
    start: int
    end: int
    message: str
    basis: list[dict[str, str]] = field(default_factory=list)
    suggestion: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
