"""`abstracta screen` and `abstracta for-you` from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.core.helpers import abstract, hashing_cli, write

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
TOPICS = ["robot grasping with tactile sensors", "protein folding with deep networks"]


def test_simulate_prints_the_figures_the_issue_names(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop import cli

    file = REALWORLD / "screening" / "UrinaryIncontinence.csv"
    args = ["screen", str(file), "--simulate", "--label", "label2", "--model", "nb+tfidf/1g", "--seed", "3"]
    assert cli.main([*args, "--prior-included", "2", "--prior-excluded", "2", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["records"] == 327 and figures["included"] == 40
    assert {"wss95", "recall_at_10pct", "screened_to_95"} <= set(figures)
    assert 0 < figures["screened_to_95"] <= figures["screened_to_100"] <= 327
    assert figures["wss95"] == pytest.approx((327 - figures["screened_to_95"]) / 327 - 0.05, abs=1e-4)
    assert cli.main([*args[:5], "--label", "nope"]) == 1
    assert "no column named 'nope'" in capsys.readouterr().err
    assert cli.main(["screen", str(file), "--simulate", "--label", "label2", "--model", "tree+x"]) == 2
    assert "unknown model 'tree+x'" in capsys.readouterr().err


def _dump(tmp_path: Path) -> Path:
    lines = []
    for topic in TOPICS:
        for n in range(4):
            lines += [f"{topic.title()} {n}", abstract(topic, f"Variant {n}.")]
    return write(tmp_path / "set.txt", "\n".join(lines))


def test_screen_in_the_terminal_then_export_and_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli

    lib = hashing_cli(tmp_path, monkeypatch)
    assert cli.main(["import", str(_dump(tmp_path)), *lib]) == 0
    answers = iter(["i", "e", "u", "m", "x", "q"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert cli.main(["screen", "my review", "--source", "set.txt", "--criteria", "robot grasping", *lib]) == 0
    out = capsys.readouterr().out
    assert "closest to your inclusion criteria" in out and "undid excluded" in out
    assert "my review: 1 included, 0 excluded, 1 maybe of 8" in out
    assert cli.main(["screen", "--list", "--json", *lib]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed == {
        "review": "my review",
        "papers": 8,
        "criteria": "robot grasping",
        "included": 1,
        "excluded": 0,
        "maybe": 1,
    }
    target = tmp_path / "all.csv"
    assert cli.main(["screen", "my review", "--export", str(target), *lib]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert [row["decision"] for row in rows] == ["included", "maybe"] + [""] * 6
    assert "Robot" in rows[0]["title"]  # the criteria put a robot paper first
    assert cli.main(["screen", "new one", *lib]) == 2  # a new review needs its set
    answers = iter(["q"])
    assert cli.main(["screen", "my review", *lib]) == 0  # an existing one goes on where it was


def test_for_you_ranks_by_the_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli

    lib = hashing_cli(tmp_path, monkeypatch)
    assert cli.main(["import", str(_dump(tmp_path)), *lib]) == 0
    capsys.readouterr()
    assert cli.main(["for-you", "--json", *lib]) == 0
    cold = json.loads(capsys.readouterr().out)
    assert cold["cold_start"] and "Star, tag" in cold["note"] and len(cold["ranked"]) == 8
    robots = [r["id"] for r in cold["ranked"] if "Robot" in r["title"]]
    assert cli.main(["tag", robots[0], "thesis", *lib]) == 0
    assert cli.main(["tag", robots[1], "thesis", *lib]) == 0
    capsys.readouterr()
    assert cli.main(["for-you", "--json", *lib]) == 0
    feed = json.loads(capsys.readouterr().out)
    assert not feed["cold_start"] and feed["marked"] == 2
    assert all("Robot" in r["title"] for r in feed["ranked"][:2]) and feed["ranked"][0]["close"]
    assert set(feed["by_tag"]) == {"thesis"} and feed["by_tag"]["thesis"][0] in {r["id"] for r in feed["ranked"][:2]}
