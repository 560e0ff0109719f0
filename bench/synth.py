"""Synthetic libraries built from the seeds, for search latency at 1k-100k papers.

Each synthetic paper is 5 sentences drawn (seeded RNG) from the seed abstracts; its vector is the
normalised mean of those sentences' real embeddings, each sentence embedded once. Titles are 6 words
drawn from seed titles. This keeps realistic text for the keyword index and realistic geometry for
the vector index without embedding 100k abstracts."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from desktop.core.ingest.formats import read_dump
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder
from desktop.core.text.sentences import sentence_texts

SENTENCES_PER_PAPER = 5


def seed_papers(seeds: Path) -> list[Paper]:
    papers: dict[str, Paper] = {}
    for path in sorted(seeds.iterdir()):
        for paper in read_dump(path).records():
            papers.setdefault(paper.id, paper)
    return list(papers.values())


class Synthesiser:
    def __init__(self, seeds: Path, embedder: Embedder) -> None:
        papers = seed_papers(seeds)
        self.sentences = sorted({s for p in papers for s in sentence_texts(p.abstract) if len(s.split()) >= 6})
        self.title_words = [w for p in papers for w in p.title.split()] or ["paper"]
        self.vectors = embedder.embed(self.sentences)

    def fill(self, library: Library, count: int, seed: int = 11, batch: int = 2000) -> None:
        rng = random.Random(seed)
        made = 0
        while made < count:
            size = min(batch, count - made)
            papers, vectors = [], []
            for _ in range(size):
                picks = rng.sample(range(len(self.sentences)), SENTENCES_PER_PAPER)
                title = " ".join(rng.choice(self.title_words) for _ in range(6))
                abstract = " ".join(self.sentences[i] for i in picks) + f" (synthetic {made})"
                papers.append(
                    Paper(
                        abstract=abstract,
                        title=title,
                        sources=["synthetic.txt"],
                        date_written=f"Jan {1 + made % 28}, {2015 + made % 10}",
                    )
                )
                vector = self.vectors[picks].mean(axis=0)
                vectors.append(vector / np.linalg.norm(vector))
                made += 1
            library.add_batch(papers, {p.id: v for p, v in zip(papers, vectors, strict=True)})
