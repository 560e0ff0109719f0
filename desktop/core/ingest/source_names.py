"""The name a file's papers are listed under (its dump): the file name, unless another file of
that name from another folder is a dump already; then a short path that tells the two apart
('exports/README.md' beside 'pdf/README.md'), so they stay two dumps and are removed apart.

Which path each name stands for is kept in the library, so the names hold across imports."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.ingest.pdf.dump import is_pdf, pdf_source
from desktop.core.ingest.zotero import ZOTERO_SOURCE, is_zotero_database
from desktop.core.library.library import Library

SOURCE_PATHS_KEY = "source_paths"


class SourceNames:
    def __init__(self, library: Library) -> None:
        self.library = library
        try:
            stored = json.loads(library.meta(SOURCE_PATHS_KEY) or "{}")
        except json.JSONDecodeError:
            stored = {}
        self.paths: dict[str, str] = stored if isinstance(stored, dict) else {}
        self._changed = False

    def name_for(self, file: Path) -> str:
        """The dump name for a file (PDFs: for the folder they are in)."""
        if is_pdf(file):
            base, key = pdf_source(file)
        else:
            base, key = (ZOTERO_SOURCE if is_zotero_database(file) else file.name), file
        where = str(key.resolve())
        for name, path in self.paths.items():
            if path == where:
                return name
        name = base
        parents = list(key.resolve().parents)
        depth = 0
        while self.paths.get(name, where) != where:
            depth += 1
            if depth > len(parents) - 1:
                name = where
                break
            name = "/".join([*(parent.name for parent in reversed(parents[:depth])), base])
        if self.paths.get(name) != where:
            self.paths[name] = where
            self._changed = True
        return name

    def save(self) -> None:
        if self._changed and not self.library.read_only:
            self.library.set_meta(SOURCE_PATHS_KEY, json.dumps(self.paths, ensure_ascii=False))
            self._changed = False
