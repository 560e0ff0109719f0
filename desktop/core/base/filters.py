"""What a search may be narrowed to. Shared by the store (SQL), the vector index and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SearchFilters:
    source: str = ""
    lang: str = ""
    year: int | None = None
    author: str = ""
    tag: str = ""

    @property
    def active(self) -> bool:
        return bool(self.source or self.lang or self.year or self.author or self.tag)

    @property
    def needs_store(self) -> bool:
        """True when the vector index cannot apply the filter by itself (its metadata lacks it)."""
        return bool(self.source or self.author or self.tag)

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.lang:
            clauses.append({"lang": self.lang})
        if self.year:
            clauses.append({"year": self.year})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}
