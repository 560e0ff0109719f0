"""--chroma-url: a real Chroma server on loopback (started and stopped by the test)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.helpers import abstract, write


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("chroma", path=os.path.dirname(sys.executable))
    assert binary, "the chroma command is installed with chromadb"
    port = free_port()
    process = subprocess.Popen(
        [binary, "run", "--path", str(tmp_path / "server"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(20)


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
