"""--chroma-url: a real Chroma server on loopback (started and stopped by the test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.scale import chroma_server as chroma_server_at
from tests.core.helpers import abstract, write


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    with chroma_server_at(tmp_path / "server") as url:
        yield url


def test_two_libraries_share_one_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    env = {**os.environ, "ABSTRACTA_CONFIG_DIR": str(config)}

    def cli(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "desktop", *args, "--chroma-url", chroma_server],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = write(tmp_path / "a.txt", "Robot Grasping\n" + abstract("robot grasping") + "\n")
    second = write(tmp_path / "b.txt", "Protein Folding\n" + abstract("protein folding") + "\n")
    cli("import", str(first), "--library", str(tmp_path / "lib-a"))
    cli("import", str(second), "--library", str(tmp_path / "lib-b"))
    hits_a = json.loads(
        cli("search", "protein folding", "--mode", "semantic", "--json", "--library", str(tmp_path / "lib-a"))
    )
    hits_b = json.loads(
        cli("search", "protein folding", "--mode", "semantic", "--json", "--library", str(tmp_path / "lib-b"))
    )
    assert [h["title"] for h in hits_a] == ["Robot Grasping"]
    assert [h["title"] for h in hits_b] == ["Protein Folding"]
    assert not (tmp_path / "lib-a" / "chroma").exists()
