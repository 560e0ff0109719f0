"""Scale: a JSON array past the old 512 MB limit streams in bounded memory, and an import killed
part-way is resumed with nothing lost, nothing stored twice and nothing embedded twice."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop.core.base.jobs import drive
from desktop.core.ingest.pipeline import import_paths, resume_import, unfinished_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract
from tests.reliability.helpers import assert_consistent, big_dump, hashing_config, stored_count

OLD_JSON_LIMIT = 512 * 1024 * 1024


def test_a_json_array_over_512_mb_streams_in_bounded_memory(tmp_path: Path) -> None:
    path, papers = tmp_path / "export.json", 2200
    notes = "n" * 250_000  # a large field the importer does not keep: the file passes 512 MB with few papers
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"meta": {{"count": {papers}}}, "results": [\n')
        for number in range(papers):
            record = {"title": f"Paper {number}", "abstract": abstract(f"topic {number}"), "notes": notes}
            out.write(("," if number else "") + json.dumps(record) + "\n")
        out.write("]}\n")
    assert path.stat().st_size > OLD_JSON_LIMIT
    script = (  # VmHWM: this process's own peak
        "import sys, json; from pathlib import Path; "
        "from desktop.core.library.library import Library; from desktop.core.models.embedding import HashingEmbedder; "
        "from desktop.core.ingest.pipeline import run_import; "
        "r = run_import(Library(Path(sys.argv[2])), HashingEmbedder(), [sys.argv[1]]); "
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
        "print(json.dumps({'new': r.new, 'failed': len(r.failed), 'peak_mb': int(hwm) // 1024}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), str(tmp_path / "lib")], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert (outcome["new"], outcome["failed"]) == (papers, 0)
    assert outcome["peak_mb"] < 400, (
        f"peak RSS {outcome['peak_mb']} MB importing a {path.stat().st_size >> 20} MB array"
    )


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed(self, texts, max_tokens=None):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return super().embed(texts, max_tokens)


def test_an_import_killed_part_way_resumes_without_loss_or_repeats(tmp_path: Path) -> None:
    papers = 12_000
    dump = big_dump(tmp_path / "dumps" / "large.txt", papers)
    env = hashing_config(tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "desktop", "import", str(dump)], env=env)
    deadline = time.monotonic() + 300
    while stored_count(tmp_path / "lib") < papers // 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = assert_consistent(tmp_path / "lib")
    assert 0 < before < papers

    library = Library(tmp_path / "lib")
    assert unfinished_import(library) == [str(dump.resolve())]
    embedder = CountingEmbedder()
    report = drive(resume_import(library, embedder))
    assert (report.new, report.duplicates, report.failed) == (papers - before, before, [])
    assert embedder.texts == papers - before  # the papers stored before the kill are not embedded again
    assert unfinished_import(library) == [] and library.count() == papers
    again = drive(import_paths(library, embedder, [dump]))
    assert again.new == 0 and embedder.texts == papers - before
    library.close()
    assert assert_consistent(tmp_path / "lib") == papers


def test_a_cancelled_import_can_be_resumed_from_the_cli(tmp_path: Path) -> None:
    dump = big_dump(tmp_path / "dumps" / "large.txt", 600)
    library = Library(tmp_path / "lib")
    generator = import_paths(library, HashingEmbedder(), [dump], batch_size=100)
    next(generator)
    next(generator)
    generator.close()  # stopped part-way (the app's Cancel, or quitting)
    stored = library.count()
    library.close()
    assert 0 < stored < 600
    env = hashing_config(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "import", "--resume", "--json"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == 600 - stored
    nothing = subprocess.run(
        [sys.executable, "-m", "desktop", "import", "--resume"], env=env, capture_output=True, text=True
    )
    assert nothing.returncode == 0 and "no unfinished import" in nothing.stderr
    assert stored_count(tmp_path / "lib") == 600
