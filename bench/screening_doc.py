"""docs/screening.md from the figures of `python -m bench --screening`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[1] / "docs" / "screening.md"


def _side_by_side(figures: dict[str, Any]) -> list[str]:
    table = figures["side_by_side"]
    models = [figures["default"], figures["baseline"], "random"]
    reviews = [name for name in table[models[0]] if name != "mean"]
    lines = [
        "| Review (label) | records | included | "
        + " | ".join(f"{m} WSS@95" for m in models)
        + " | "
        + " | ".join(f"{m} recall@10%" for m in models)
        + f" | retrain ms ({models[0]} / {models[1]}) |",
        "|---|--:|--:|" + "--:|" * (2 * len(models) + 1),
    ]
    for review in reviews:
        cells = [table[m][review] for m in models]
        lines.append(
            f"| {review} | {cells[0]['records']} | {cells[0]['included']} | "
            + " | ".join(f"{c['wss95']:.3f} ± {c['wss95_sd']:.3f}" for c in cells)
            + " | "
            + " | ".join(f"{c['recall_at_10pct']:.3f}" for c in cells)
            + f" | {cells[0]['retrain_ms']:.1f} / {cells[1]['retrain_ms']:.1f} |"
        )
    means = [table[m]["mean"] for m in models]
    lines.append(
        "| **mean** | | | "
        + " | ".join(f"**{m['wss95']:.3f}**" for m in means)
        + " | "
        + " | ".join(f"**{m['recall_at_10pct']:.3f}**" for m in means)
        + " | |"
    )
    return lines


def _feed(figures: dict[str, Any]) -> list[str]:
    lines = [
        "| Set | interest | older positives | relevant held out / held out | For you P@10 | similarity only P@10 |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for kind, cells in figures["feed"].items():
        for name, cell in cells.items():
            if name == "mean" or not cell:
                continue
            lines.append(
                f"| {kind} | {name} | {cell['train']} | {cell['held_out_relevant']} / {cell['held_out']} | "
                f"{cell['for_you_p10']:.2f} | {cell['similarity_p10']:.2f} |"
            )
        lines.append(
            f"| {kind} | **mean** | | | **{cells['mean']['for_you_p10']:.3f}** | "
            f"**{cells['mean']['similarity_p10']:.3f}** |"
        )
    return lines


def write_doc(figures: dict[str, Any]) -> None:
    choice = figures.get("choice", {})
    lines = [
        "# Screening and For you: measured",
        "",
        "Written by `python -m bench --screening` (figures in `bench/screening_results.json`), on this 2-core machine.",
        "",
        "## Screening: Abstracta's model, ASReview's default and random order, side by side",
        "",
        f"Cohen et al.'s drug-class reviews in `../shared/realworld/` with both decisions (`label1`: abstract level, "
        f"`label2`: final), {figures['seeds']} seeds each. Protocol: one random included and one random excluded record "
        "to start (counted as screened), then the top-ranked record is screened, its label revealed and the model "
        "retrained, until 95% of the included records are found and 10% of the records screened. WSS@95 = "
        "(N − screened at 95% recall) / N − 0.05. "
        f"**{figures['default']}** is Abstracta's model; **{figures['baseline']}** is ASReview's default rebuilt from "
        "scikit-learn (multinomial naive Bayes, alpha 3.822, on unigram TF-IDF, most likely relevant first, the two "
        "classes weighted equally where ASReview resamples them); **random** is screening in random order.",
        "",
        *_side_by_side(figures),
        "",
    ]
    if choice:
        lines += [
            f"## The model choice ({3} seeds, mean over the 8 review × label sets)",
            "",
            "| model | mean WSS@95 | mean recall@10% |",
            "|---|--:|--:|",
            *[
                f"| {m} | {c['wss95']:.3f} | {c['recall_at_10pct']:.3f} |"
                for m, c in sorted(choice.items(), key=lambda item: -item[1]["wss95"])
            ],
            "",
            "`logreg` is LogisticRegression (liblinear, C 10 on TF-IDF, 1 otherwise), `svm` LinearSVC (C 1, 0.1 on "
            'embeddings), both `class_weight="balanced"`; `tfidf` is TF-IDF of title and abstract (1–2-grams, '
            "sublinear, English stop words), `embedding` the stored all-MiniLM-L6-v2 sentence embedding, `both` the two "
            "side by side.",
            "",
        ]
    lines += [
        "## For you: precision of the top 10, newest held out",
        "",
        "The newest 30% of the papers (arXiv sample: by arXiv id; reviews: by PubMed id) are the new dump; the "
        "user's interest is the older papers of a category (or a review's included records), tagged. For you "
        "ranks the new dump with its model; similarity only ranks it by the closest tagged paper.",
        "",
        *_feed(figures),
        "",
        "## Re-ranking after a mark",
        "",
        "| library | first ranking (reads the sample) | re-rank after a mark, median | max |",
        "|--:|--:|--:|--:|",
    ]
    for size, cell in figures["rerank"].items():
        lines.append(
            f"| {int(size):,} | {cell['first_rank_s']:.2f} s | {cell['rerank_s_median']:.3f} s | "
            f"{cell['rerank_s_max']:.3f} s |"
        )
    lines += ["", "Target: ≤ 0.3 s for a 500-paper dump at 100k papers.", ""]
    DOC.write_text("\n".join(lines), encoding="utf-8")
