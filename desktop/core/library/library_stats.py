"""What a library holds, in numbers: for the library panel, the filters and `abstracta stats`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LibraryStats:
    papers: int
    sources: dict[str, int]
    languages: dict[str, int]
    years: dict[int, int]
    starred: int
    folder: str

    def to_dict(self) -> dict[str, object]:
        return {
            "papers": self.papers,
            "sources": self.sources,
            "languages": self.languages,
            "years": {str(year): count for year, count in self.years.items()},
            "starred": self.starred,
            "library": self.folder,
        }
