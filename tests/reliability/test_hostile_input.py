"""Hostile and broken input: a clear message naming the file and the reason; the rest imports."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.base.errors import DumpError
from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, write


def good(topic: str) -> str:
    return (
        "\n".join(
            [f"A {topic} Paper", abstract(f"{topic} things"), f"Another {topic} Paper", abstract(f"other {topic}")]
        )
        + "\n"
    )


GOOD = good("Good")


def hostile_folder(root: Path) -> dict[str, str]:
    """Files and the reason each must be refused with (empty: must import)."""
    folder = root / "hostile"
    folder.mkdir()
    expected = {}
    (folder / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty"
    (folder / "random.bin").write_bytes(os.urandom(4096) + b"\x00")
    expected["random.bin"] = "binary"
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(512))
    expected["photo.jpg"] = "JPEG"
    (folder / "paper.pdf").write_bytes(b"%PDF-1.5\n" + os.urandom(512))
    expected["paper.pdf"] = "PDF"
    (folder / "model.gguf").write_bytes(b"GGUF\x03\x00\x00\x00" + os.urandom(512))
    expected["model.gguf"] = "GGUF"
    (folder / "bad-utf8.txt").write_bytes(good("Broken").encode().replace(b"Broken", b"Bro\xffken"))
    expected["bad-utf8.txt"] = ""
    write(folder / "utf16.txt", good("Wide"), "utf-16")
    expected["utf16.txt"] = ""
    write(folder / "gb.txt", "中文论文的标题\n" + "这是一个关于深度学习模型评估方法的摘要。" * 12 + "\n", "gb18030")
    expected["gb.txt"] = ""
    (folder / "one-line.txt").write_bytes(b"x" * (20 * 1024 * 1024))
    expected["one-line.txt"] = "longer than"
    odd = "dump ✓ (copy) [1] 'q' \"z\" $HOME ; rm -rf.txt"
    write(folder / odd, good("Odd"))
    expected[odd] = ""
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop)
    expected["again"] = "loops"
    return expected


def test_every_bad_file_is_named_with_its_reason_and_the_rest_imports(tmp_path: Path) -> None:
    expected = hostile_folder(tmp_path)
    library = Library(tmp_path / "lib")
    report = run_import(library, HashingEmbedder(), [tmp_path / "hostile"])
    by_name = {Path(item.path).name: item for item in report.files}
    for name, reason in expected.items():
        item = by_name[name]
        message = item.error + " ".join(item.warnings)
        if reason:
            assert reason in message, (name, message)
        else:
            assert item.ok and item.new >= 1, (name, item.error)
    assert any("replaced" in w for w in by_name["bad-utf8.txt"].warnings)
    assert library.count() == library.vectors.count() == sum(i.new for i in report.files)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", GOOD)
    write(tmp_path / "fine.txt", good("Fine"))
    real_open = builtins.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    report = run_import(Library(tmp_path / "lib"), HashingEmbedder(), [tmp_path])
    by_name = {Path(item.path).name: item for item in report.files}
    assert "permission denied" in by_name["locked.txt"].error and by_name["fine.txt"].new == 2


def test_cli_exit_code_and_messages_for_bad_files(tmp_path: Path) -> None:
    write(tmp_path / "dumps" / "good.txt", GOOD)
    (tmp_path / "dumps" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    env = {**os.environ, "ABSTRACTA_CONFIG_DIR": str(config), "ABSTRACTA_HOME": str(tmp_path / "lib")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(tmp_path / "dumps")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1
    assert "image.png: FAILED: this is a PNG image" in result.stdout and "2 new papers" in result.stdout


def test_one_gigabyte_dump_streams_in_bounded_memory(tmp_path: Path) -> None:
    """1 GiB of over-long records: every one is skipped with a warning; memory stays bounded."""
    path = tmp_path / "huge.txt"
    line = ("word " * 5000).encode() + b"\n"
    with open(path, "wb") as handle:
        block = line * 200
        for _ in range((1 << 30) // len(block) + 1):
            handle.write(block)
    script = (  # VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
        "import sys; from desktop.core.ingest.formats import read_dump; r = read_dump(sys.argv[1]); "
        "n = sum(1 for _ in r.records()); "
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
        "print(n, len(r.warnings), int(hwm) // 1024)"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=900)
    records, warnings, peak_mb = (int(x) for x in result.stdout.split())
    assert records == 0 and warnings > 40_000
    assert peak_mb < 400, f"peak RSS {peak_mb} MB while streaming a 1 GiB dump"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4000) | st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_parsers_never_raise_uncaught_exceptions(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        reader = read_dump(path)
        for _ in reader.records():
            pass
    except DumpError:
        pass


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "new",
                "Subscribe",
                "Daily Papers",
                "·",
                "  • 3 authors",
                "Oct 9, 2023",
                "Jan 31 4",
                "A Title Line",
                abstract("fuzzed"),
                "translated by 谷歌翻译",
                "{",
                "@article{x,",
                "title,abstract",
            ]
        ),
        max_size=40,
    )
)
def test_listing_shaped_inputs_never_crash(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "shaped.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        for paper in read_dump(path).records():
            assert paper.abstract
    except DumpError:
        pass
