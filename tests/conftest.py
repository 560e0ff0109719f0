"""Shared fixtures: a temp config and library for every test, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("abstracta")
    monkeypatch.setenv("ABSTRACTA_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("ABSTRACTA_HOME", str(root / "library"))
    monkeypatch.setenv("ABSTRACTA_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("ABSTRACTA_STATE_DIR", str(root / "state"))  # the log file
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    yield root


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed dumps are missing: expected {SEEDS} (../shared beside the repo)")
    return SEEDS


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
