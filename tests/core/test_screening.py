"""Screening: the metrics, the labelled files, the replay protocol, reviews kept as tags, the
screener's ranking, and the exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import rispy

from desktop.core.base.errors import DumpError
from desktop.core.base.jobs import drive
from desktop.core.library.library import Library
from desktop.core.screening.exports import decisions_csv, decisions_ris
from desktop.core.screening.labelled import read_labelled
from desktop.core.screening.marks import Decision, decision_tag, parse_decision_tag
from desktop.core.screening.models import BASELINE, ModelSpec, feature_matrix
from desktop.core.screening.reviews import Reviews
from desktop.core.screening.screener import Screener, Suggestion
from desktop.core.screening.simulation import RANDOM, SimulationRun, simulate
from tests.core.helpers import abstract, small_library

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
TOPICS = ["robot grasping with tactile sensors", "protein folding with deep networks"]


def test_work_saved_and_recall_follow_their_definitions() -> None:
    run = SimulationRun("m", 0, records=20, included=4, found=[1, 1, 2, 3, 3, 4] + [4] * 14)
    assert run.screened_to(0.95) == 6  # ceil(0.95 * 4) = 4 found at the sixth record
    assert run.wss(0.95) == pytest.approx((20 - 6) / 20 - 0.05)
    assert run.recall_at(0.10) == pytest.approx(1 / 4)  # the first 2 records hold one included
    assert run.screened_to(0.5) == 3


@pytest.mark.parametrize(
    ("file", "label", "records", "included"),
    [
        ("screening/ADHD.csv", "label1", 851, 84),
        ("screening/ADHD.csv", "label2", 851, 20),
        ("screening/NSAIDS.csv", "label2", 393, 41),
        ("cohen_antihistamines.csv", "label2", 310, 16),
    ],
)
def test_cohens_reviews_read_with_their_readme_counts(file: str, label: str, records: int, included: int) -> None:
    labelled = read_labelled(REALWORLD / file, label)
    assert (len(labelled), int(labelled.labels.sum())) == (records, included)
    assert "NA" not in labelled.abstracts  # a missing abstract leaves the title alone
    assert all(text.strip() for text in labelled.texts)


def test_a_missing_label_column_names_the_file_and_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text("title,abstract,decision\nA,B,1\n", encoding="utf-8")
    with pytest.raises(DumpError, match=r"set\.csv.*no column named 'label'.*decision"):
        read_labelled(path, "label")
    assert read_labelled(path, "decision").labels.tolist() == [1]  # a 0/1 column counts 1


def test_the_replay_starts_from_its_priors_and_finds_every_included_record() -> None:
    labelled = read_labelled(REALWORLD / "cohen_antihistamines.csv", "label1")
    rows, _ = feature_matrix(BASELINE, labelled.texts, None)
    model = drive(simulate(BASELINE, rows, labelled.labels, prior_included=2, prior_excluded=3, seed=4))
    assert model.found[-1] == model.included == 92
    assert model.found[:5] == sorted(model.found[:5]) and model.found[4] == 2  # two included, three excluded first
    assert len(model.retrain_s) == model.screened - 5
    randomly = drive(simulate(RANDOM, None, labelled.labels, seed=4))
    assert model.wss(0.95) > randomly.wss(0.95) + 0.05  # a model that learns saves work over random order
    summary = model.summary()
    assert {"records", "included", "wss95", "recall_at_10pct", "screened_to_95"} <= set(summary)


def test_model_names_parse_and_bad_ones_say_what_is_allowed() -> None:
    assert ModelSpec.parse("nb+tfidf/1g") == BASELINE
    assert ModelSpec.parse("svm+both").name == "svm+both"
    with pytest.raises(ValueError, match="naive Bayes needs counts"):
        ModelSpec.parse("nb+embedding")
    with pytest.raises(ValueError, match="logreg, svm, nb"):
        ModelSpec.parse("forest+tfidf")


def test_decision_tags_round_trip() -> None:
    tag = decision_tag("antihistamines 2024", Decision.MAYBE)
    assert tag == "screen:antihistamines 2024:maybe"
    assert parse_decision_tag(tag) == ("antihistamines 2024", Decision.MAYBE)
    assert parse_decision_tag("screen:x:later") is None and parse_decision_tag("thesis") is None


@pytest.fixture
def topical(tmp_path: Path) -> Iterator[Library]:
    """Twenty papers, ten on each of two topics."""
    lines = []
    for topic in TOPICS:
        for n in range(10):
            lines += [f"{topic.title()} study {n}", abstract(topic, f"Variant {n} of the {topic} setup.")]
    library, _, report = small_library(tmp_path, {"topics.txt": "\n".join(lines)})
    assert report.new == 20
    yield library
    library.close()


def _on_topic(library: Library, paper_id: str) -> int:
    paper = library.get(paper_id)
    assert paper is not None
    return 0 if "robot" in paper.title.lower() else 1


def test_a_review_keeps_its_decisions_as_tags_and_in_order_across_reopening(topical: Library, tmp_path: Path) -> None:
    ids = topical.all_ids()
    reviews = Reviews(topical)
    review = reviews.create("grasping: tactile", ids, "robots that grasp with touch")
    assert review.name == "grasping tactile"  # ':' separates the tag's parts
    reviews.decide(review, ids[0], Decision.INCLUDED)
    reviews.decide(review, ids[1], Decision.EXCLUDED)
    reviews.decide(review, ids[2], Decision.MAYBE)
    reviews.decide(review, ids[1], Decision.INCLUDED)  # a changed mind replaces the decision
    assert reviews.undo(review) == (ids[1], Decision.INCLUDED)
    topical.annotations.add_tags([ids[3]], [decision_tag(review.name, Decision.EXCLUDED)])  # from the CLI's tag
    topical.close()
    reopened = Library(tmp_path / "lib")
    try:
        again = Reviews(reopened).load("grasping tactile")
        assert again.log == [(ids[0], Decision.INCLUDED), (ids[2], Decision.MAYBE), (ids[3], Decision.EXCLUDED)]
        assert again.criteria == "robots that grasp with touch" and len(again.ids) == 20
        assert reopened.get(ids[0]).tags == ["screen:grasping tactile:included"]  # type: ignore[union-attr]
        assert reopened.get(ids[1]).tags == []  # type: ignore[union-attr]
        Reviews(reopened).delete("grasping tactile")
        assert Reviews(reopened).names() == [] and reopened.annotations.tag_counts() == {}
    finally:
        reopened.close()


def test_the_screener_learns_from_each_decision(topical: Library) -> None:
    reviews = Reviews(topical)
    screener = Screener(topical, reviews.create("robots", topical.all_ids()))
    first = screener.next()
    assert first is not None and "random order" in first.reason
    wanted = 0  # the robot papers are the relevant ones
    suggestion: Suggestion | None = first
    for _ in range(12):
        assert suggestion is not None
        made = Decision.INCLUDED if _on_topic(topical, suggestion.paper.id) == wanted else Decision.EXCLUDED
        suggestion = screener.decide(suggestion.paper.id, made)
    assert "most likely relevant" in screener.next().reason  # type: ignore[union-attr]
    assert screener.curve()[-1] == 10  # all ten robot papers found within 12 screened
    assert len(screener.curve()) == 12 and screener.retrain_s > 0
    undone = screener.undo()
    assert undone is not None and len(screener.curve()) == 11


def test_criteria_rank_the_first_records_before_any_decision(topical: Library) -> None:
    review = Reviews(topical).create("folding", topical.all_ids(), "protein folding predicted by deep networks")
    suggestion = Screener(topical, review).next()
    assert suggestion is not None and "criteria" in suggestion.reason
    assert _on_topic(topical, suggestion.paper.id) == 1


def test_many_excluded_in_a_row_bring_the_stopping_hint(topical: Library) -> None:
    screener = Screener(topical, Reviews(topical).create("quiet", topical.all_ids()))
    for paper in screener.papers[:3]:
        screener.reviews.decide(screener.review, paper.id, Decision.EXCLUDED)
    assert screener.excluded_in_a_row() == 3 and screener.quiet_hint() == ""
    import desktop.core.screening.screener as module

    module.QUIET_RUN = 3
    try:
        assert "3 excluded in a row" in screener.quiet_hint()
    finally:
        module.QUIET_RUN = 50


def test_exports_carry_each_decision(topical: Library) -> None:
    screener = Screener(topical, Reviews(topical).create("export me", topical.all_ids()))
    first, second = screener.papers[:2]
    screener.decide(first.id, Decision.INCLUDED)
    screener.decide(second.id, Decision.EXCLUDED)
    included = decisions_ris(screener.papers_with(Decision.INCLUDED), "export me")
    (record,) = rispy.loads(included)
    assert record["title"] == first.display_title and record["label"] == "included"
    every = list(csv.DictReader(io.StringIO(decisions_csv(screener.papers_with(None)))))
    assert len(every) == 20
    assert [(row["id"], row["decision"], row["order"]) for row in every[:2]] == [
        (first.id, "included", "1"),
        (second.id, "excluded", "2"),
    ]
    assert {row["decision"] for row in every[2:]} == {""}
    assert np.all([row["abstract"] for row in every])
