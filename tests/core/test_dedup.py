"""Deduplication measured on a labelled set: copies of real seed papers as other tools and listings
write them (must be found), and different papers that look alike (must stay apart). Both kinds
of mistake are counted and each one is named in the failure message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.batch_plan import plan_batch
from desktop.core.library.dedup import (
    Match,
    MatchKind,
    canonical_key,
    near_duplicate,
    resolve,
    title_key,
    truncated_copy,
)
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import write

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed_papers(count: int = 40) -> list[Paper]:
    found: dict[str, Paper] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for paper in read_dump(path).records():
            if paper.title and paper.lang == "en" and len(paper.abstract.split()) > 80 and title_key(paper.title):
                found.setdefault(paper.id, paper)
    papers = list(found.values())[:count]
    assert len(papers) == count
    return papers


def copy_of(paper: Paper, abstract: str, title: str | None = None, **fields: str) -> Paper:
    return Paper(abstract=abstract, title=paper.title if title is None else title, sources=["copy.txt"], **fields)


def revise_one_sentence(text: str) -> str:
    sentences = re.split(r"(?<=\.) ", text)
    middle = len(sentences) // 2
    words = sentences[middle].split()
    words[1:4] = ["we", "now", "show"]
    sentences[middle] = " ".join(words)
    return " ".join(sentences)


def typos(text: str) -> str:
    return text.replace(" the ", " teh ", 2).replace(" and ", " adn ", 1)


def as_tex(text: str) -> str:
    words = text.split(" ")
    words[3] = r"\emph{" + words[3] + "}"
    return " ".join(words).replace("%", r"\%") + " $\\alpha$" * 0


def as_html(text: str) -> str:
    words = text.split(" ")
    words[5] = "<i>" + words[5] + "</i>"
    return "<p>" + " ".join(words) + "</p>"


def as_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252")


def cut_short(text: str) -> str:
    return " ".join(text.split()[:45])[:-2] + "…"


# Each variant: how a copy of the same paper reaches the library, and how it must be recognised.
VARIANTS: dict[str, tuple[Callable[[Paper], Paper], set[MatchKind]]] = {
    "reflowed and recased": (
        lambda p: copy_of(p, p.abstract.upper().replace(". ", ".\n")),
        {MatchKind.SAME, MatchKind.SAME_TEXT},
    ),
    "TeX markup": (lambda p: copy_of(p, as_tex(p.abstract)), {MatchKind.SAME, MatchKind.SAME_TEXT}),
    "HTML markup": (lambda p: copy_of(p, as_html(p.abstract)), {MatchKind.SAME_TEXT}),
    "mojibake": (
        lambda p: copy_of(p, as_mojibake(p.abstract)),
        {MatchKind.SAME_TEXT},
    ),
    "a revised sentence": (lambda p: copy_of(p, revise_one_sentence(p.abstract)), {MatchKind.NEAR}),
    "typos fixed": (lambda p: copy_of(p, typos(p.abstract)), {MatchKind.NEAR}),
    "title recased, subtitle punctuation": (
        lambda p: copy_of(p, typos(p.abstract), title=p.title.upper().replace(":", " -")),
        {MatchKind.NEAR},
    ),
    "a listing's cut-short abstract": (lambda p: copy_of(p, cut_short(p.abstract)), {MatchKind.TRUNCATED}),
    "same arXiv id, renamed and rewritten": (
        lambda p: copy_of(p, "A rewritten abstract. " * 30, title="A Completely New Name", arxiv_id="2401.00001"),
        {MatchKind.IDENTIFIER},
    ),
    "same DOI, subtitle dropped": (
        lambda p: copy_of(
            p, "Another abstract text. " * 30, title=p.title.split(":")[0], doi="10.1145/3377811.3380399"
        ),
        {MatchKind.IDENTIFIER},
    ),
}

# Different papers that look alike: each must be a new paper.
LOOKALIKES: dict[str, Callable[[Paper, Paper], Paper]] = {
    "same generic title": lambda p, other: Paper(abstract=other.abstract + " Editorial.", title="Introduction"),
    "same title, another abstract": lambda p, other: Paper(abstract=other.abstract, title=p.title),
    "same volume DOI, another paper": lambda p, other: Paper(
        abstract=" ".join(p.abstract.split()[40:] + other.abstract.split()[:40]),
        title=other.title + " (extended abstract)",
        doi="10.1145/3377811.3380399",
    ),
    "same title and opening, then differs": lambda p, other: Paper(
        abstract=" ".join(p.abstract.split()[:30]) + " " + other.abstract, title=p.title
    ),
    "a follow-up with half the text new": lambda p, other: Paper(
        abstract=" ".join(p.abstract.split()[: len(p.abstract.split()) // 2]) + " " + other.abstract,
        title=p.title + " II",
    ),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, list[Paper]]:
    folder = tmp_path_factory.mktemp("dedup")
    papers = seed_papers()
    for paper in papers:  # accents, for the mojibake copies to get wrong
        paper.abstract += " Joint work with Bérille and Rodríguez."
    papers[0].arxiv_id = "2401.00001"
    papers[1].doi = "10.1145/3377811.3380399"
    lines = [_json(title=p.title, abstract=p.abstract, arxiv_id=p.arxiv_id, doi=p.doi) for p in papers]
    library = Library(folder / "lib")
    report = run_import(library, HashingEmbedder(), [write(folder / "seeds.jsonl", "\n".join(lines))])
    assert report.new == len(papers)
    yield library, papers
    library.close()


def _json(**fields: str) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_copies_are_found_and_lookalikes_kept_apart(seeded: tuple[Library, list[Paper]]) -> None:
    library, papers = seeded
    by_id = {p.id: p for p in papers}
    stored_ids = {p.title: pid for pid, p in library.get_many(library.all_ids()).items()}
    missed, false_merges = [], []
    for name, (make, kinds) in VARIANTS.items():
        subjects = papers[:1] if "arXiv" in name else papers[1:2] if "DOI" in name else papers[2:]
        copies = [make(p) for p in subjects]
        for paper, match in zip(subjects, library.match(copies), strict=True):
            if match.target != stored_ids[paper.title] or match.kind not in kinds:
                missed.append(f"{name}: {paper.title[:40]} → {match.kind}")
    for name, make in LOOKALIKES.items():
        pairs = list(zip(papers[2:], papers[3:] + papers[2:3], strict=True))
        lookalikes = [make(p, other) for p, other in pairs]
        for (paper, _), lookalike, match in zip(pairs, lookalikes, library.match(lookalikes), strict=True):
            if not match.new and match.target in by_id and by_id[match.target].abstract != lookalike.abstract:
                false_merges.append(f"{name}: {paper.title[:40]} merged with {by_id[match.target].title[:40]}")
    distinct = [library.match([p])[0] for p in papers]
    assert all(m.kind is MatchKind.SAME for m in distinct)
    assert (missed, false_merges) == ([], [])


def test_the_rules_on_their_own() -> None:
    text = "word " * 30
    assert near_duplicate(text + "alpha beta", text + "alpha gamma")
    assert not near_duplicate(text, text + "extra " * 20)  # a third longer is not a near copy
    assert truncated_copy(text + "end of the full abstract here", text.strip()[:-2] + "…")
    assert not truncated_copy("only ten words " * 3, "only ten words")  # too short to trust
    assert canonical_key("We got 96\\% with \\emph{this}.") == canonical_key("We got 96% with <i>this</i>")
    assert title_key("Introduction") == "" and title_key("Short") == "" and title_key("基于触觉先验的抓取")


class _Nothing:
    def known_ids(self, ids: object) -> set[str]:
        return set()

    def ids_for_identifiers(self, pairs: object) -> dict[tuple[str, str], list[tuple[str, str]]]:
        return {}

    def ids_for_canonical(self, keys: object) -> dict[str, str]:
        return {}

    def abstracts_for_titles(self, keys: object) -> dict[str, list[tuple[str, str]]]:
        return {}


def test_copies_within_one_batch_merge_and_the_fuller_abstract_wins() -> None:
    full = seed_papers(1)[0]
    short = copy_of(full, cut_short(full.abstract))
    short.sources, full.sources = ["trending.txt"], ["export.ris"]
    short.authors, short.starred = ["A. Author"], True
    copy = copy_of(full, full.abstract.upper())
    batch = [short, full, copy]
    matches = resolve(batch, _Nothing())
    assert [m.kind for m in matches] == [None, MatchKind.TRUNCATED, MatchKind.SAME_TEXT]
    plan = plan_batch(batch, matches, {p.id for p in batch})
    assert list(plan.fresh) == [full.id] and plan.known == 2
    kept = plan.fresh[full.id]
    assert kept.abstract == full.abstract and kept.sources == ["trending.txt", "export.ris", "copy.txt"]
    assert kept.authors == ["A. Author"] and kept.starred


def test_a_fuller_copy_replaces_the_stored_cut_short_one(tmp_path: Path) -> None:
    full = seed_papers(1)[0]
    library = Library(tmp_path / "lib")
    embedder = HashingEmbedder()
    short_line = _json(title=full.title, abstract=cut_short(full.abstract))
    full_line = _json(title=full.title, abstract=full.abstract, doi="10.5555/3295222.3295349")
    first = run_import(library, embedder, [write(tmp_path / "trending.jsonl", short_line)])
    library.set_starred(library.all_ids()[0], True)
    second = run_import(library, embedder, [write(tmp_path / "export.jsonl", full_line)])
    assert (first.new, second.new, second.duplicates, second.files[0].near_duplicates) == (1, 0, 1, 1)
    (kept,) = library.get_many(library.all_ids()).values()
    assert kept.abstract == full.abstract and kept.doi == "10.5555/3295222.3295349" and kept.starred
    assert kept.sources == ["trending.jsonl", "export.jsonl"]
    assert library.vectors.count() == 1
    library.close()


def test_match_reports_no_target_for_new_papers() -> None:
    assert Match().new and not Match("x", MatchKind.SAME).new
