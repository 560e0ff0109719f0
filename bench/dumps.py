"""Synthetic dumps of any size, written as a user's would be: Daily Papers pages, JSON Lines like the
arXiv metadata snapshot, or one JSON array. Papers are seed sentences recombined (seeded RNG), so
every paper is distinct and realistic to embed, and the same arguments always write the same file."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from bench.synth import seed_papers
from desktop.core.text.sentences import sentence_texts

SENTENCES_PER_PAPER = 6


class DumpWriter:
    def __init__(self, seeds: Path) -> None:
        papers = seed_papers(seeds)
        english = [p for p in papers if p.lang == "en"]
        self.sentences = sorted({s for p in english for s in sentence_texts(p.abstract) if len(s.split()) >= 6})
        self.words = sorted({w for p in english for w in p.title.split() if w.isalpha()}) or ["paper"]

    def papers(self, count: int, seed: int = 7) -> Iterator[tuple[str, str, str]]:
        """(title, abstract, date) for count distinct papers."""
        rng = random.Random(seed)
        for number in range(count):
            picks = rng.sample(range(len(self.sentences)), SENTENCES_PER_PAPER)
            title = " ".join(rng.choice(self.words) for _ in range(7)).capitalize() + f" {number}"
            abstract = " ".join(self.sentences[i] for i in picks)
            yield title, abstract, f"{2015 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d}"

    def daily_papers(self, path: Path, count: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            out.write("Daily Papers\n\nbyAK and the research community\n\nOct 31\n\n")
            for title, abstract, date in self.papers(count):
                out.write(f"{title}\n\n{abstract}\n\n  • {3 + len(title) % 9} authors\n·\n{date}\n\n")
        return path

    def arxiv_jsonl(self, path: Path, count: int) -> Path:
        with path.open("w", encoding="utf-8") as out:
            for number, (title, abstract, date) in enumerate(self.papers(count)):
                record = {
                    "id": f"{2000 + number // 100000}.{number % 100000:05d}",
                    "submitter": "A. Author",
                    "authors": "A. Author, B. Author",
                    "title": title,
                    "abstract": "  " + abstract + "\n",
                    "categories": "cs.LG",
                    "update_date": date,
                    "authors_parsed": [["Author", "A.", ""], ["Author", "B.", ""]],
                }
                out.write(json.dumps(record) + "\n")
        return path

    def json_array(self, path: Path, count: int, padding: int = 0) -> Path:
        """A JSON array of {title, abstract, notes}; padding adds that many characters of notes to
        every record (to reach a large file with few papers)."""
        filler = "x" * padding
        with path.open("w", encoding="utf-8") as out:
            out.write("[\n")
            for number, (title, abstract, date) in enumerate(self.papers(count)):
                record = {"title": title, "abstract": abstract, "date": date, "notes": filler}
                out.write(("," if number else "") + json.dumps(record) + "\n")
            out.write("]\n")
        return path
