"""`python -m bench.pdf`: which PDF library reads papers better here, and how fast PDF import is.

Both libraries feed the same front-matter reader (desktop/core/ingest/pdf): pdfminer.six through
its layout analysis (what the app uses), pypdf through its text visitor (runs of text with their
matrix and font size, grouped into lines here the simplest way). Each is scored on the shared
real PDFs against their README's ground truth (title, authors in order, abstract start, DOI,
arXiv id, year) and timed on them and on the test fixtures. Writes bench/pdf_results.json."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import desktop  # noqa: F401  (offline environment first)
from desktop.core.ingest.pdf import prefetch
from desktop.core.ingest.pdf.dump import read_pdf
from desktop.core.ingest.pdf.front_matter import read_front_matter, row_texts
from desktop.core.ingest.pdf.identifiers import printed_identifiers
from desktop.core.ingest.pdf.layout import MARK, WIDE, Line, Page
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.realworld_pdfs import PDFS, TRUTH  # the ground truth and the fixtures are the tests'

RESULTS = Path(__file__).resolve().parent / "pdf_results.json"
TARGET_PDFS_PER_S = 5.0
MIN_PDFS = prefetch.MIN_PDFS
IMPORT_COPIES = 4
Reader = Callable[[Path], dict[str, Any]]


def with_pdfminer(path: Path) -> dict[str, Any]:
    paper = read_pdf(path).paper
    return {"title": paper.title, "authors": paper.authors, "abstract": paper.abstract, "doi": paper.doi,
            "arxiv_id": paper.arxiv_id, "year": paper.year}  # fmt: skip


def with_pypdf(path: Path) -> dict[str, Any]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    pages: dict[int, Page] = {}

    def page_at(number: int) -> Page | None:
        if number > len(reader.pages):
            return None
        if number not in pages:
            pages[number] = _pypdf_page(reader.pages[number - 1], number)
        return pages[number]

    front = read_front_matter(page_at)
    printed = printed_identifiers(row_texts(front.page), front.page.stamps) if front.page else None
    year = int(printed.date_iso[:4]) if printed and printed.date_iso else None
    return {"title": front.title, "authors": front.authors, "abstract": front.abstract,
            "doi": printed.doi if printed else "", "arxiv_id": printed.arxiv_id if printed else "", "year": year}  # fmt: skip


def _pypdf_page(pdf_page: Any, number: int) -> Page:
    """pypdf's text runs (text, matrix, font size) grouped into lines by their baseline."""
    runs: list[tuple[float, float, float, str, bool, bool]] = []  # x, y, size, text, bold, sideways

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        a, b, c, d, e, f = _multiply(tm, cm)
        scale = math.hypot(c, d) or 1.0
        name = str((font or {}).get("/BaseFont", ""))
        runs.append((e, f, size * scale, text.replace("\n", " "), "Bold" in name or "Medi" in name, abs(b) > abs(a)))

    pdf_page.extract_text(visitor_text=visit)
    box = pdf_page.mediabox
    page = Page(number, float(box.width), float(box.height))
    page.stamps = (
        [" ".join(text for *_, text, _, sideways in runs if sideways).strip()] if any(r[5] for r in runs) else []
    )
    lines: list[list[tuple[float, float, float, str, bool, bool]]] = []
    for run in sorted((r for r in runs if not r[5]), key=lambda r: (-round(r[1]), r[0])):
        if lines and abs(lines[-1][0][1] - run[1]) < 0.4 * max(run[2], 1.0) and run[0] >= lines[-1][-1][0]:
            lines[-1].append(run)
        else:
            lines.append([run])
    for line in lines:
        size = max(run[2] for run in line)
        text = "".join(run[3] for run in line)
        marked = "".join(MARK if run[2] < 0.8 * size else run[3] for run in line)
        width = 0.5 * size * len(text)
        page.lines.append(
            Line(
                text.replace(WIDE, " ").strip(),
                marked.strip(),
                line[0][0],
                line[0][1],
                line[0][0] + width,
                line[0][1] + size,
                round(size, 1),
                all(run[4] for run in line),
            )
        )
    return page


def _multiply(m: list[float], n: list[float]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def accuracy(read: Reader) -> dict[str, Any]:
    """The share of fields right on the shared PDFs (title, authors, abstract start, DOI, arXiv, year)."""
    right, total, misses = 0, 0, []
    for name, (title, authors, start, doi, arxiv, year) in TRUTH.items():
        try:
            found = read(PDFS / name)
        except Exception as error:  # a backend that cannot read a file scores nothing on it
            found = {"error": str(error)}
        checks = {
            "title": found.get("title") == title,
            "authors": found.get("authors") == authors,
            "abstract": " ".join(str(found.get("abstract", "")).split()).startswith(start),
            "doi": found.get("doi", "") == doi,
            "arxiv_id": found.get("arxiv_id", "") == arxiv,
            "year": found.get("year") == year,
        }
        right += sum(checks.values())
        total += len(checks)
        misses += [f"{name}: {field}" for field, ok in checks.items() if not ok]
    return {"fields_right": round(right / total, 3), "misses": misses}


def speed(read: Reader, files: list[Path], rounds: int = 3) -> tuple[float, float]:
    """PDFs per second over the files in one process, by the clock and by CPU time (the machine is
    shared: CPU time says what the code costs), the best of some rounds."""
    wall, cpu = math.inf, math.inf
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for path in files:
            with contextlib.suppress(Exception):  # timed all the same: a refusal costs time too
                read(path)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return len(files) / wall, len(files) / cpu


def import_speed(files: list[Path], work: Path, read_ahead: bool) -> float:
    """PDFs per second through the whole import (reading, dedup, store; the hashing embedder, so
    that the figure is the PDFs'), with the PDFs read ahead in worker processes or not."""
    library = Library(work / f"lib-{read_ahead}")
    prefetch.MIN_PDFS = MIN_PDFS if read_ahead else len(files) + 1
    try:
        started = time.perf_counter()
        report = run_import(library, HashingEmbedder(), files)
        elapsed = time.perf_counter() - started
    finally:
        library.close()
        prefetch.MIN_PDFS = MIN_PDFS
    return sum(1 for item in report.files if item.ok) / elapsed


def folder_of_pdfs(real: list[Path], made: list[Path], folder: Path, copies: int) -> list[Path]:
    """A folder as a user drops it: the real PDFs and the fixtures, each several times (links)."""
    files = []
    for copy in range(copies):
        for path in real + made:
            link = folder / f"{copy}-{path.parent.name}-{path.name}"
            link.symlink_to(path)
            files.append(link)
    return files


def fixtures(folder: Path) -> list[Path]:
    from tests.core.pdf_layouts import LAYOUTS  # reportlab: a dev dependency, like the bench

    made = []
    for number, make in enumerate(LAYOUTS.values()):
        place = folder / f"f{number}"
        place.mkdir()
        made.append(make(place)[0])
    return made


def main() -> None:
    logging.disable(logging.WARNING)  # pypdf warns about odd fonts by the hundred
    real = [PDFS / name for name in TRUTH]
    with tempfile.TemporaryDirectory() as folder:
        made = fixtures(Path(folder))
        (Path(folder) / "drop").mkdir()
        results: dict[str, Any] = {}
        for name, read in (("pdfminer.six", with_pdfminer), ("pypdf", with_pypdf)):
            real_wall, real_cpu = speed(read, real)
            made_wall, _ = speed(read, made)
            results[name] = {
                **accuracy(read),
                "pdfs_per_s_real": round(real_wall, 2),
                "pdfs_per_cpu_s_real": round(real_cpu, 2),
                "pdfs_per_s_fixtures": round(made_wall, 2),
            }
        many = folder_of_pdfs(real, made, Path(folder) / "drop", IMPORT_COPIES)
        serial = import_speed(many, Path(folder), read_ahead=False)
        ahead = import_speed(many, Path(folder), read_ahead=True)
        results["import_pdfs"] = len(many)
        results["import_pdfs_per_s"] = round(ahead, 2)
        results["import_pdfs_per_s_one_process"] = round(serial, 2)
        results["read_ahead_speedup"] = round(ahead / serial, 2)
    results["target_pdfs_per_s"] = TARGET_PDFS_PER_S
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print("| Library | fields right (shared PDFs) | PDFs/s (shared) | PDFs per CPU-s (shared) | PDFs/s (fixtures) |")
    print("|---|---|---|---|---|")
    for name in ("pdfminer.six", "pypdf"):
        row = results[name]
        print(
            f"| {name} | {row['fields_right']:.2f} | {row['pdfs_per_s_real']} | {row['pdfs_per_cpu_s_real']} "
            f"| {row['pdfs_per_s_fixtures']} |"
        )
    print(
        f"whole import of {results['import_pdfs']} PDFs: {results['import_pdfs_per_s']} PDFs/s read ahead in workers "
        f"(target >= {TARGET_PDFS_PER_S}), {results['import_pdfs_per_s_one_process']} in one process "
        f"(x{results['read_ahead_speedup']})"
    )
    for name in ("pdfminer.six", "pypdf"):
        for miss in results[name]["misses"]:
            print(f"  {name} missed {miss}")


if __name__ == "__main__":
    main()
