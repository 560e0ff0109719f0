"""Answer quality on the mixed library (the seeds and ../shared/realworld): every question of the
labelled set asked through the app's Answerer, judged by bench/qa_judge.py, reported per split.

    python -m bench.qa_run [--library DIR] [--split dev|heldout|all] [--only KIND] [--model GGUF]

The dev split is what the answerer is tuned on; the heldout split is only reported."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

from bench import qa_judge
from bench.qa_set import LabelledQuestion, load
from desktop.core.answering.answer import Answer, Answerer, Turn
from desktop.core.answering.compose import AnswerStyle
from desktop.core.answering.results import AnswerPiece
from desktop.core.base.choices import SummaryMode
from desktop.core.base.config import available_cores
from desktop.core.library.library import Library
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, load_model
from desktop.core.search.hybrid import Hit, Searcher

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REALWORLD_FILES = (
    "arxiv_snapshot_sample.jsonl",
    "cohen_antihistamines.csv",
    "csl_ts_dev.tsv",
    "hf_daily_metadata.txt",
    "hf_papers_feed.json",
)
RESULTS = Path(__file__).resolve().parent / "qa_results.json"
DETAILS = Path(__file__).resolve().parent / "qa_details.json"
DOC = ROOT / "docs" / "answer-quality.md"
# (figure, label, target as text, met(value)) for the table: the bar for each figure.
TARGETS: list[tuple[str, str, str]] = [
    ("key_facts", "key facts (one-paper questions)", ">= 0.9"),
    ("sentences_on_question", "answer sentences on the question", ">= 0.9"),
    ("sentences_backed", "answer sentences backed", ">= 0.95"),
    ("right_paper_cited", "right paper cited", ">= 0.95"),
    ("list_recall", "lists: recall", ">= 0.7"),
    ("list_precision", "lists: precision", ">= 0.8"),
    ("topic_cited_relevant", "topic summaries: cited papers on the topic", ""),
    ("compare_cells_right", "compare cells right", ">= 0.8"),
    ("library_right", "library questions right", "= 1.0"),
    ("offtopic_declined", "off-topic declined", "= 1.0"),
    ("false_abstentions", "false abstentions", "= 0"),
    ("halfknown_right", "half-known: known part answered, missing named", "= 1.0"),
    ("first_sentence_s_p90", "first answer sentence, p90 (s)", "<= 2"),
    ("answer_s_p90", "whole answer, p90 (s)", "<= 10"),
    ("tldr_s_max", "TL;DR, slowest (s)", "<= 5"),
    ("tldr_standalone", "TL;DR sentences that stand alone", ""),
    ("tldr_two_sentences_at_most", "TL;DRs of at most two sentences", ""),
]
ONE_PAPER = ("paper", "number", "halfknown")
LISTS = ("list", "mixed")


def mixed_library(folder: Path) -> None:
    """Imports the seeds and the realworld files into folder (once)."""
    from desktop.core.base.jobs import drive
    from desktop.core.ingest.pipeline import import_paths

    if (folder / "library.sqlite3").exists():
        return
    library = Library(folder)
    try:
        files = [str(SHARED / "seeds"), *(str(SHARED / "realworld" / name) for name in REALWORLD_FILES)]
        drive(import_paths(library, SentenceTransformerEmbedder(), files))
    finally:
        library.close()


def timed(stream: Generator[AnswerPiece, None, Answer]) -> tuple[Answer, float, float]:
    """The answer, the seconds to its first text and to its end."""
    started = time.perf_counter()
    first = 0.0
    try:
        while True:
            piece = next(stream)
            if isinstance(piece, str) and piece.strip() and not first:
                first = time.perf_counter() - started
    except StopIteration as done:
        answer: Answer = done.value
    return answer, first, time.perf_counter() - started


def ask(answerer: Answerer, question: LabelledQuestion, history: tuple[Turn, ...]) -> dict[str, Any]:
    library = answerer.searcher.library
    pinned = None
    if question.kind == "compare" and "selected" in question.text.casefold():
        papers = library.get_many(question.papers)
        pinned = [Hit(papers[pid], 1.0) for pid in question.papers if pid in papers]
    answer, first, total = timed(answerer.ask(question.text, history, pinned, 5, None, pinned is not None))
    record: dict[str, Any] = {
        "id": question.id,
        "split": question.split,
        "kind": question.kind,
        "lang": question.lang,
        "question": question.text,
        "answer": answer.text,
        "answer_kind": answer.kind,
        "abstained": answer.abstained,
        "missing": answer.missing,
        "first_s": round(first, 3),
        "total_s": round(total, 3),
        "unresolved": question.unresolved,
        "drafted": len(answer.sentences) if answer.style == "close" and answer.kind == "paper" else 0,
        "rephrased_kept": sum(s.rephrased for s in answer.sentences) if answer.kind == "paper" else 0,
    }
    cited = {str(c["id"]) for c in answer.citations()} | {
        s.paper.id for s in answer.sources if answer.kind == "compare"
    }
    if question.kind in ONE_PAPER or question.kind in ("topic", *LISTS):
        record["sentences"] = qa_judge.judge_sentences(answer, question)
    if question.kind in ONE_PAPER:
        record["key_facts"] = qa_judge.key_fact_share(answer.text, question.key_facts) if not answer.abstained else 0.0
        record["right_paper"] = bool(cited & set(question.papers))
    if question.kind in LISTS:
        record.update(qa_judge.list_scores(answer, question))
    if question.kind == "topic":
        record["cited_relevant"] = len(cited & set(question.papers)) / len(cited) if cited else 0.0
    if question.kind == "compare":
        cells = qa_judge.compare_cells(answer, question)
        record["cells_right"], record["cells"] = sum(cells), len(cells)
    if question.kind == "library":
        truth = qa_judge.library_truth(library.folder / "library.sqlite3", question.library)
        record["truth"] = truth
        record["right"] = qa_judge.library_right(answer.text, truth, question.library)
    if question.kind == "halfknown":
        named = " ".join(answer.missing) + " " + answer.text
        record["missing_named"] = all(m.casefold() in named.casefold() for m in question.missing)
    record["_answer"] = answer
    return record


def tldrs(answerer: Answerer, questions: list[LabelledQuestion]) -> list[dict[str, Any]]:
    library = answerer.searcher.library
    seen: dict[str, str] = {}
    for question in questions:
        if question.kind == "compare":
            for pid in question.papers:
                seen.setdefault(pid, question.split)
    records = []
    for pid, split in seen.items():
        paper = library.get(pid)
        if paper is None:
            continue
        answer, _first, total = timed(answerer.summarize([paper], SummaryMode.TLDR))
        texts = [s.text for s in answer.sentences]
        records.append(
            {
                "id": pid,
                "split": split,
                "sentences": len(texts),
                "backed": all(qa_judge.answer_checker.backed(t, [paper.abstract]) for t in texts),
                "standalone": not any(qa_judge.leans(t) for t in texts),
                "total_s": round(total, 3),
                "text": answer.text,
            }
        )
    return records


def figures(records: list[dict[str, Any]], tldr: list[dict[str, Any]]) -> dict[str, Any]:
    def mean(values: list[float]) -> float:
        return round(statistics.fmean(values), 3) if values else float("nan")

    answered = [r for r in records if "sentences" in r and not r["abstained"]]
    sentences = [s for r in answered for s in r["sentences"]]
    one = [r for r in records if r["kind"] in ONE_PAPER]
    lists = [r for r in records if r["kind"] in LISTS]
    compares = [r for r in records if r["kind"] == "compare"]
    firsts = [r["first_s"] for r in records if r["first_s"] and r["kind"] in ONE_PAPER]
    totals = [r["total_s"] for r in records if r["kind"] not in ("offtopic",)]
    on_topic = [r for r in records if r["kind"] not in ("offtopic", "library")]
    return {
        "questions": len(records),
        "key_facts": mean([r["key_facts"] for r in one]),
        "sentences_on_question": mean([float(s["on_question"]) for s in sentences]),
        "sentences_backed": mean([float(s["backed"]) for s in sentences]),
        "right_paper_cited": mean([float(r["right_paper"]) for r in one]),
        "list_recall": mean([r["recall"] for r in lists]),
        "list_precision": mean([r["precision"] for r in lists]),
        "topic_cited_relevant": mean([r["cited_relevant"] for r in records if r["kind"] == "topic"]),
        # no compare question, no figure (a Chinese part without one read "0.00")
        "compare_cells_right": round(sum(r["cells_right"] for r in compares) / cells, 3)
        if (cells := sum(r["cells"] for r in compares))
        else float("nan"),
        "library_right": mean([float(r["right"]) for r in records if r["kind"] == "library"]),
        "offtopic_declined": mean([float(r["abstained"]) for r in records if r["kind"] == "offtopic"]),
        "false_abstentions": sum(r["abstained"] for r in on_topic),
        "halfknown_right": mean(
            [float(r["missing_named"] and not r["abstained"]) for r in records if r["kind"] == "halfknown"]
        ),
        "first_sentence_s_p90": round(sorted(firsts)[int(0.9 * (len(firsts) - 1))], 2) if firsts else float("nan"),
        "answer_s_p90": round(sorted(totals)[int(0.9 * (len(totals) - 1))], 2) if totals else float("nan"),
        "tldr_s_max": max((t["total_s"] for t in tldr), default=float("nan")),
        "tldr_backed": mean([float(t["backed"]) for t in tldr]),
        "tldr_standalone": mean([float(t["standalone"]) for t in tldr]),
        "tldr_two_sentences_at_most": mean([float(t["sentences"] <= 2) for t in tldr]),
        "rephrasings_kept": round(
            sum(r["rephrased_kept"] for r in records) / max(1, sum(r["drafted"] for r in records)), 3
        ),
    }


def evaluate(
    library_dir: Path, split: str = "all", only: str = "", model_path: str = "", style: str = ""
) -> dict[str, Any]:
    mixed_library(library_dir)
    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])
    library = Library(library_dir)  # writable: a library of an older format is upgraded once
    model = load_model(model_path, 4096, available_cores(), 0)
    answerer = Answerer(
        Searcher(library, embedder),
        model,
        GenerationOptions(max_tokens=200, temperature=0.0),
        style=AnswerStyle(style) if style else None,
    )
    try:
        questions = [q for q in load(library) if split in ("all", q.split) and (not only or q.kind == only)]
        records = []
        history: dict[str, list[Turn]] = {}
        for question in questions:
            turns = history.setdefault(question.conversation, []) if question.conversation else []
            record = ask(answerer, question, tuple(turns))
            answer: Answer = record.pop("_answer")
            if question.conversation:
                turns.append((question.text, answer.text))
            records.append(record)
            print(f"{question.split[:1]} {question.id:14} {_verdict(record)} {question.text[:60]}", file=sys.stderr)
        tldr = tldrs(answerer, questions) if not only or only == "compare" else []
    finally:
        model.close()
        library.close()
    result: dict[str, Any] = {"model": model_path or "SmolLM2-135M-Instruct (bundled)"}
    for part in ("dev", "heldout"):
        chosen = [r for r in records if r["split"] == part]
        if chosen:
            result[part] = figures(chosen, [t for t in tldr if t["split"] == part])
            zh = [r for r in chosen if r["lang"] == "zh"]
            if zh:
                result[part]["chinese"] = {k: v for k, v in figures(zh, []).items() if not k.startswith("tldr")}
    result["details"] = records
    result["tldr"] = tldr
    return result


def _verdict(record: dict[str, Any]) -> str:
    kind = record["kind"]
    if kind == "offtopic":
        return "ok  " if record["abstained"] else "MISS"
    if kind == "library":
        return "ok  " if record.get("right") else "MISS"
    if kind in LISTS:
        return f"r{record['recall']:.1f}p{record['precision']:.1f}"
    if kind == "compare":
        return f"{record['cells_right']}/{record['cells']}"
    if record["abstained"]:
        return "ABST"
    on = [s["on_question"] for s in record.get("sentences", [])]
    return f"{sum(on)}/{len(on)}" + ("k" if record.get("key_facts", 1) >= 1 else "-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--library", type=Path, default=Path(tempfile.gettempdir()) / "abstracta-mixed-library")
    parser.add_argument("--split", default="all", choices=["all", "dev", "heldout"])
    parser.add_argument("--only", default="")
    parser.add_argument("--model", default="")
    parser.add_argument("--style", default="", choices=["", "close", "free", "quote"])
    args = parser.parse_args()
    result = evaluate(args.library, args.split, args.only, args.model, args.style)
    details = {"details": result.pop("details"), "tldr": result.pop("tldr")}
    print(json.dumps(result, indent=2))
    last = Path(tempfile.gettempdir()) / "abstracta-qa-details-last.json"
    last.write_text(json.dumps(details, indent=1, ensure_ascii=False) + "\n")
    if args.split == "all" and not args.only:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        DETAILS.write_text(json.dumps(details, indent=1, ensure_ascii=False) + "\n")
        DOC.write_text(markdown(result))


def _met(value: Any, target: str) -> str:
    if not target or not isinstance(value, int | float) or value != value:
        return ""
    op, bound = target.split()
    number = float(bound)
    ok = {">=": value >= number, "<=": value <= number, "=": abs(value - number) < 1e-9}[op]
    return "met" if ok else "**missed**"


def markdown(result: dict[str, Any]) -> str:
    """The answer-quality table: held-out beside dev, each with the issue's target."""
    counts = {part: result.get(part, {}).get("questions", 0) for part in ("dev", "heldout")}
    lines = [
        "# Answer quality on the mixed library",
        "",
        f"Written by `python -m bench.qa_run` (model: {result['model']}). The mixed library is the seeds and the "
        "five top-level files of `../shared/realworld/` (2,081 papers). The questions (`bench/questions/`) were "
        "written and labelled from the abstracts by writers who did not read the answering code; the dev part "
        f"({counts['dev']} questions) is what the answerer was tuned on, the held-out part ({counts['heldout']}) "
        "is only reported. The judge (`bench/qa_judge.py`) is independent of the app's own checks.",
        "",
        "| Figure | Held-out | Dev | Target | Held-out |",
        "|---|---|---|---|---|",
    ]
    for key, label, target in TARGETS:
        held = result.get("heldout", {}).get(key, float("nan"))
        dev = result.get("dev", {}).get(key, float("nan"))
        lines.append(f"| {label} | {_fmt(held)} | {_fmt(dev)} | {target or '—'} | {_met(held, target)} |")
    for part in ("heldout", "dev"):
        chinese = result.get(part, {}).get("chinese")
        if chinese:
            lines += [
                "",
                f"Chinese questions ({part}, {chinese['questions']}): "
                + ", ".join(
                    f"{label} {_fmt(chinese.get(key, float('nan')))}"
                    for key, label, _ in TARGETS[:12]
                    if chinese.get(key) == chinese.get(key)
                )
                + ".",
            ]
    rephrased = result.get("dev", {}).get("rephrasings_kept")
    lines += [
        "",
        "Times are taken in the bench's process on this 2-core machine, with whatever else runs on it at the time.",
        f"Rephrasings kept (close style only): {rephrased}.",
        "",
    ]
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "—" if value != value else f"{value:.2f}"
    return str(value)


if __name__ == "__main__":
    main()
