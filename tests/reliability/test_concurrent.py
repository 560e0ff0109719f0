"""Everything at once on one session (a longer run is in the bench: `python -m bench --soak`):
imports, a watched folder receiving files, removals, searches, questions and note edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.base.errors import LibraryError
from tests.core.helpers import small_library
from tests.reliability.concurrent import run_concurrent

SECONDS = 40


def test_everything_at_once_keeps_every_count_consistent(tmp_path: Path) -> None:
    result = run_concurrent(tmp_path, SECONDS)
    assert result.errors == []
    assert result.imported_dumps >= 3 and result.watched_files >= 5 and result.removed_dumps >= 1
    assert result.searches > 50 and result.answers > 5 and result.note_edits > 50
    print(json.dumps({k: v for k, v in result.__dict__.items() if k != "errors"}))


def test_a_note_on_a_paper_removed_meanwhile_says_so(tmp_path: Path) -> None:
    library, _, _ = small_library(tmp_path, {"a.txt": "Robot grasping with touch\n" + "We study grasping. " * 20})
    paper_id = library.all_ids()[0]
    library.remove_ids([paper_id])
    with pytest.raises(LibraryError, match="no longer in the library"):
        library.annotations.set_note(paper_id, "typed while its dump was removed")
    with pytest.raises(LibraryError, match="no longer in the library"):
        library.annotations.set_tags(paper_id, ["late"])
    library.close()
