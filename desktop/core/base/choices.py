"""The names users and files use for modes and themes: one place, as StrEnums."""

from __future__ import annotations

from enum import StrEnum


class SearchMode(StrEnum):
    HYBRID = "hybrid"
    SEMANTIC = "semantic"
    KEYWORD = "keyword"


class SummaryMode(StrEnum):
    TLDR = "tldr"
    SYNTHESIS = "synthesis"
    COMPARE = "compare"


class ExportFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csljson"

    @property
    def suffix(self) -> str:
        return {"bibtex": ".bib", "ris": ".ris", "csljson": ".json"}[self.value]


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class EmbeddingBackend(StrEnum):
    AUTO = "auto"
    TORCH_BF16 = "torch-bf16"
    TORCH_FP32 = "torch-fp32"
    HASHING = "hashing"


def values(kind: type[StrEnum]) -> list[str]:
    """The choices for argparse and settings menus, in declaration order."""
    return [member.value for member in kind]
