"""The log a user can send: a rotating file in the state folder with errors and their tracebacks,
and `--verbose` on the command line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.base import logs
from desktop.core.base.logs import configure_logging, log_file
from tests.core.helpers import hashing_cli


def test_errors_reach_the_log_file_with_their_traceback(isolated_dirs: Path) -> None:
    path = configure_logging()
    assert path == log_file() and path.parent == isolated_dirs / "state" / "log"
    try:
        raise ValueError("a broken dump reader")
    except ValueError:
        logging.getLogger("desktop.test").exception("the import failed")
    text = path.read_text(encoding="utf-8")
    assert "ERROR" in text and "the import failed" in text
    assert "Traceback (most recent call last)" in text and "ValueError: a broken dump reader" in text


def test_the_log_file_rotates(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = configure_logging(console=False)
    assert path is not None
    for number in range(200):
        logging.getLogger("desktop.test").info("line %d of a long session", number)
    rotated = sorted(path.parent.glob(path.name + ".*"))
    assert rotated and len(rotated) <= logs.BACKUPS and path.stat().st_size <= 2000
    assert "line 199" in path.read_text(encoding="utf-8")


def test_a_second_configuration_replaces_the_first(isolated_dirs: Path) -> None:
    configure_logging()
    configure_logging()
    ours = [h for h in logging.getLogger().handlers if h in logs._installed]
    assert len(ours) == 2  # one stderr, one file: not four


def test_verbose_shows_details_and_an_unexpected_error_is_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library = hashing_cli(tmp_path, monkeypatch)
    assert main(["stats", *library]) == 0
    assert "stats started" not in capsys.readouterr().err  # quiet by default: warnings only
    assert main(["stats", *library, "--verbose"]) == 0
    assert "abstracta: INFO: abstracta stats started" in capsys.readouterr().err
    assert log_file().read_text(encoding="utf-8").count("abstracta stats started") == 2

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in stats")

    monkeypatch.setattr("desktop.core.library.library.Library.stats", broken)
    assert main(["stats", *library]) == 1
    assert "a bug in stats" in capsys.readouterr().err
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: a bug in stats" in logged
