"""The kill soak (a longer one runs in the bench: `python -m bench --soak`): 20 SIGKILLs at random
points of imports, each followed by a re-import; store, vector index and keyword index agree after
every kill, and at the end every paper is there once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reliability.soak import run_soak, soak_dumps

KILLS = 20
SIZE = 1800  # papers in the first dump; about 3,400 distinct papers in the three


def test_twenty_kills_lose_nothing_and_double_nothing(tmp_path: Path) -> None:
    dumps = soak_dumps(tmp_path / "dumps", SIZE)
    result = run_soak(tmp_path, dumps, KILLS)
    assert result.kills == KILLS
    grew = [b for a, b in zip(result.papers_after_each_kill, result.papers_after_each_kill[1:], strict=False) if b > a]
    assert grew, f"no kill landed after progress: {result.papers_after_each_kill}"
    assert any(0 < count < dumps.papers for count in result.papers_after_each_kill), "no kill landed mid-import"
    print(json.dumps(result.__dict__))
