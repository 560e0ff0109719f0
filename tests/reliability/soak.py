"""The kill soak, shared by the reliability test (20 kills) and the bench (more, on bigger dumps):
imports of overlapping dumps are SIGKILLed at random points, each kill followed by a re-import
(or a resume). After every kill the store and its keyword index agree and hold every paper
committed before, once; after every other kill the library is opened (which repairs what the kill
left) and the vector index must agree too; the other kills leave that repair to the next import,
which may be killed in turn. A last import runs to its end: every paper of the dumps is then there
exactly once, with every dump it came from, and a fuller abstract where a listing cut one short."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.library.library import STORE_FILE
from tests.core.helpers import abstract, write
from tests.reliability.helpers import assert_consistent, hashing_config, stored_count

TRUNCATED_WORDS = 45  # a listing's cut-short abstract: long enough to read as an abstract


@dataclass
class SoakDumps:
    """Three dumps: A and B overlap (merges), C lists some of B's papers cut short (a fuller copy
    replaces them) and some of its own. Imported in the order A, C, B."""

    files: list[Path]
    papers: int  # distinct papers in them
    in_a_and_b: range
    cut_short_in_c: range


@dataclass
class SoakResult:
    kills: int = 0
    papers_after_each_kill: list[int] = field(default_factory=list)
    kill_moments: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0


def soak_dumps(folder: Path, size: int) -> SoakDumps:
    """size: papers in A; B is as big and starts at three quarters of A."""
    start_b = size * 3 // 4
    end_b = start_b + size
    c_from, c_to = end_b - size // 4, end_b + size // 8

    def title(i: int) -> str:
        return f"Soak test paper number {i:06d}"

    def full(i: int) -> str:
        return abstract(f"soak topic {i} with keyword s{i}")

    def listing(indices: range, cut: range) -> str:
        lines = []
        for i in indices:
            text = " ".join(full(i).split()[:TRUNCATED_WORDS]) + " …" if i in cut else full(i)
            lines += [title(i), text]
        return "\n".join(lines) + "\n"

    a = write(folder / "a.txt", listing(range(0, size), range(0)))
    b = write(folder / "b.txt", listing(range(start_b, end_b), range(0)))
    c = write(folder / "c.txt", listing(range(c_from, c_to), range(c_from, c_to)))
    return SoakDumps([a, c, b], c_to, range(start_b, size), range(c_from, end_b))


def run_soak(root: Path, dumps: SoakDumps, kills: int, seed: int = 21) -> SoakResult:
    env = hashing_config(root)
    library = root / "lib"
    rng = random.Random(seed)
    result = SoakResult()
    started = time.monotonic()
    for kill in range(kills):
        resume = kill % 4 == 3 and stored_count(library) > 0
        command = ["import", "--resume"] if resume else ["import", *map(str, dumps.files)]
        before = stored_count(library)
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop", *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        moment = _wait_for_a_random_moment(process, library, before, dumps.papers, rng)
        process.send_signal(signal.SIGKILL)
        _, errors = process.communicate()
        assert b"Traceback" not in errors, errors.decode(errors="replace")
        count = store_consistent(library)
        if kill % 2:
            assert assert_consistent(library) == count  # opening repairs what the kill left; all three agree
        assert count >= before, f"kill {kill} ({moment}) lost papers: {before} before, {count} after"
        result.papers_after_each_kill.append(count)
        result.kill_moments.append(moment)
        result.kills += 1
    final = subprocess.run(
        [sys.executable, "-m", "desktop", "import", *map(str, dumps.files), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert final.returncode == 0, final.stderr
    assert json.loads(final.stdout)  # the report is whole
    check_complete(library, dumps)
    result.elapsed_s = time.monotonic() - started
    return result


def _wait_for_a_random_moment(
    process: subprocess.Popen[bytes], library: Path, before: int, total: int, rng: random.Random
) -> str:
    """Half the kills land once the library grew by a random share of what is left (inside a
    batch: embedding, the vector write or the store's transaction), half at a random time after
    the start (opening and repairing the library, reading, resuming)."""
    deadline = time.monotonic() + 120
    if rng.random() < 0.5 and before < total:
        target = before + rng.randint(1, min(total - before, 300))
        while stored_count(library) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.2))
        return f"after {target} papers"
    delay = rng.uniform(0.2, 2.0)
    end = time.monotonic() + delay
    while time.monotonic() < end and process.poll() is None:
        time.sleep(0.01)
    return f"{delay:.2f}s after start"


def store_consistent(library: Path) -> int:
    """The store read as it is (nothing repaired): every paper has its keyword row and its vector,
    and nothing else is there; returns the papers."""
    with sqlite3.connect(f"file:{library / STORE_FILE}?mode=ro", uri=True) as db:
        papers = {row[0] for row in db.execute("SELECT id FROM papers")}
        vectors = {row[0] for row in db.execute("SELECT paper_id FROM embeddings")}
        rows = {row[0] for row in db.execute("SELECT rowid FROM papers")}
        indexed = {row[0] for row in db.execute("SELECT rowid FROM papers_fts")}
        titles = db.execute("SELECT count(*) - count(DISTINCT title) FROM papers").fetchone()[0]
    assert papers == vectors and rows == indexed and titles == 0, (len(papers), len(vectors), len(indexed), titles)
    return len(papers)


def check_complete(library: Path, dumps: SoakDumps) -> None:
    """Every paper once, the store, vectors and keyword index in step, the merges made."""
    assert assert_consistent(library) == dumps.papers
    with sqlite3.connect(library / STORE_FILE) as db:
        titles = [row[0] for row in db.execute("SELECT title FROM papers")]
        sources = {
            title: set(found.split("\x1f"))
            for title, found in db.execute(
                "SELECT p.title, group_concat(s.source, char(31)) FROM papers p "
                "JOIN paper_sources s ON s.paper_id = p.id GROUP BY p.id"
            )
        }
        abstracts = dict(db.execute("SELECT title, abstract FROM papers").fetchall())
    assert len(titles) == len(set(titles)) == dumps.papers, "a paper is stored twice"
    for i in (dumps.in_a_and_b.start, dumps.in_a_and_b.stop - 1):
        assert sources[f"Soak test paper number {i:06d}"] == {"a.txt", "b.txt"}
    for i in (dumps.cut_short_in_c.start, dumps.cut_short_in_c.stop - 1):
        title = f"Soak test paper number {i:06d}"
        assert sources[title] == {"b.txt", "c.txt"} and not abstracts[title].endswith("…")
