"""Citation mapping and the support threshold, measured on the seeds."""

from __future__ import annotations

import random
from pathlib import Path

from desktop.core.citations import SUPPORT_THRESHOLD, check_sentences, clean_citations, split_sentences, support_score
from desktop.core.formats import read_dump


def test_clean_citations_forms() -> None:
    assert clean_citations("A [1, 2] B [Source 3] C [7] D [2-3].", {1, 2, 3}) == "A [1][2] B [3] C D [2][3]."


def test_check_sentences_flags_uncited_and_unsupported() -> None:
    abstracts = {1: "Graph neural networks predict molecular properties from atom graphs accurately."}
    checks = check_sentences(
        "Graph networks predict molecular properties [1]. Bananas grow quickly in tropical climates [1]. Hello.",
        abstracts,
    )
    assert [c.supported for c in checks] == [True, False, None]
    assert checks[2].uncited


def test_support_threshold(seeds: Path) -> None:
    """Sentences from a paper's own abstract clear the threshold; the same sentences against
    another paper's abstract do not. This is the measurement behind SUPPORT_THRESHOLD."""
    papers = list(read_dump(seeds / "001_081b339fd5401ceb.txt").records())[:120]
    rng = random.Random(7)
    own, other = [], []
    for index, paper in enumerate(papers):
        sentences = [s for s in split_sentences(paper.abstract) if len(s.split()) >= 8]
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        paraphrase = " ".join(sentence.split()[: max(8, len(sentence.split()) * 2 // 3)])
        own.append(support_score(paraphrase, paper.abstract))
        other.append(support_score(paraphrase, papers[(index + 37) % len(papers)].abstract))
    own_pass = sum(score >= SUPPORT_THRESHOLD for score in own) / len(own)
    other_pass = sum(score >= SUPPORT_THRESHOLD for score in other) / len(other)
    assert own_pass >= 0.95 and other_pass <= 0.10, (own_pass, other_pass)
