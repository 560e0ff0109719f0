"""Exports of the tools people use (tests/fixtures/exports, written to look like the real thing):
each format, its quirks, and one paper found in several of them kept once."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher, SearchFilters

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
SMA = "Sparse Mixture Adapters for Multilingual Speech Recognition"
TACTILE = "Tactile Priors for Robust Robotic Grasping"
GRAPH = "Graph Transformers for Molecular Property Prediction"


def papers(name: str) -> tuple[str, list[Paper], dict[str, int], str]:
    reader = read_dump(EXPORTS / name)
    found = list(reader.records())
    return reader.format, found, dict(reader.skipped), reader.mapping


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("zotero.ris", "ris", 2),
        ("endnote.ris", "ris", 1),
        ("scopus.ris", "ris", 1),
        ("wos.ris", "ris", 1),
        ("pubmed.nbib", "pubmed-medline", 1),
        ("wos_savedrecs.txt", "tsv", 2),
        ("zotero.csv", "csv", 1),
        ("scopus.csv", "csv", 1),
        ("deutsch.csv", "csv", 1),
        ("francais.tsv", "tsv", 1),
        ("zhongwen.csv", "csv", 1),
        ("csl.json", "json", 2),
        ("hf_daily_api.json", "json", 1),
        ("openalex.json", "json", 1),
        ("semantic_scholar.json", "json", 1),
        ("acm.bib", "bibtex", 1),
        ("ieee.bib", "bibtex", 1),
        ("scopus.bib", "bibtex", 3),
        ("zotero.bib", "bibtex", 1),
    ],
)
def test_each_export_is_read_by_its_format(name: str, kind: str, count: int) -> None:
    found_kind, found, _, _ = papers(name)
    assert (found_kind, len(found)) == (kind, count)
    assert all(p.title and len(p.abstract) > 60 and p.authors for p in found), name


def test_ris_exports() -> None:
    _, zotero, _, _ = papers("zotero.ris")
    sma = zotero[0]
    assert (sma.title, sma.authors[0], sma.doi, sma.date_iso) == (
        SMA,
        "Núñez, José",
        "10.5555/sma.2023.001",
        "2023-03-14",
    )
    assert sma.keywords == ["speech recognition", "adapters", "multilinguality"] and sma.venue.startswith(
        "Transactions"
    )
    _, endnote, _, _ = papers("endnote.ris")  # BOM, CRLF, T1/A1/N2/Y1, an abstract over several lines
    assert endnote[0].abstract.count("We calibrate a model") == 1 and "\r" not in endnote[0].abstract
    assert endnote[0].keywords == ["calibration", "prompting"] and endnote[0].date_iso == "2024-01-01"
    _, scopus, skipped, _ = papers("scopus.ris")  # a trailing copyright line, a withdrawal notice
    assert scopus[0].abstract.endswith("without retraining.") and scopus[0].doi == "10.5555/tactile.2022.7"
    assert skipped == {"a withdrawal notice, not an abstract": 1}


def test_pubmed_medline() -> None:
    _, found, skipped, _ = papers("pubmed.nbib")
    paper = found[0]
    assert (
        paper.title == "Cetirizine versus loratadine for seasonal allergic rhinitis: a randomized, double-blind trial."
    )
    assert paper.abstract.startswith("BACKGROUND: Second-generation") and "CONCLUSIONS: Cetirizine" in paper.abstract
    assert (paper.pmid, paper.doi, paper.date_iso) == ("10000001", "10.5555/jaci.2000.105.315", "2000-02-01")
    assert paper.authors == ["Bérille, Jeanne", "Rodríguez, Luis A"] and skipped == {"no abstract": 1}


def test_web_of_science_and_scopus_tables() -> None:
    _, wos, _, mapping = papers("wos_savedrecs.txt")
    assert "authors ← AF" in mapping and "abstract ← AB" in mapping
    assert wos[0].authors == ["Moreau, Claire", "Dubois, Henri"] and wos[1].pmid == "34000001"
    assert wos[1].title == '"Learning Rate Warmup Revisited"'  # a TSV field that starts with a quote keeps it
    _, scopus, skipped, _ = papers("scopus.csv")  # BOM, author ids, a copyright line, a placeholder abstract
    assert scopus[0].authors == ["Moreau, Claire", "Dubois, Henri"] and scopus[0].doi == "10.5555/gtmol.2023.02"
    assert scopus[0].abstract.endswith("distant functional groups.") and skipped == {
        "no abstract (“[No abstract available]”)": 1
    }


def test_zotero_csv_and_other_languages() -> None:
    _, zotero, skipped, mapping = papers("zotero.csv")
    assert "abstract ← Abstract Note" in mapping and skipped == {"no abstract": 1}
    assert "\n\nWe propose sparse mixture adapters" in zotero[0].abstract  # the paragraph break is kept
    _, german, _, mapping = papers("deutsch.csv")
    assert mapping.startswith("title ← Titel") and "abstract ← Zusammenfassung" in mapping
    assert german[0].authors == ["Haddad, Layla", "Ivanov, Pyotr"]
    assert "abstract ← Résumé" in papers("francais.tsv")[3]
    _, chinese, _, mapping = papers("zhongwen.csv")
    assert mapping == "title ← 标题, authors ← 作者, year ← 年份, abstract ← 简明摘要"
    assert chinese[0].title == "基于触觉先验的鲁棒机器人抓取"  # a multi-line quoted title, joined


def test_json_exports() -> None:
    _, csl, _, _ = papers("csl.json")
    assert csl[0].authors == ["José Núñez", "Bálint Kovács", "Mei Chen"] and csl[0].date_iso == "2023-03-14"
    assert csl[1].authors == ["Clinical NLP Consortium"]
    _, hugging_face, _, _ = papers("hf_daily_api.json")
    assert (hugging_face[0].arxiv_id, hugging_face[0].upvotes) == ("2410.00017", 42)
    assert hugging_face[0].machine_summary.startswith("Decoders revise")
    _, openalex, _, _ = papers("openalex.json")
    assert openalex[0].abstract.startswith("Learning rate warmup is used in almost every transformer recipe")
    assert (openalex[0].doi, openalex[0].pmid, openalex[0].venue) == (
        "10.5555/warmup.2021.33",
        "34000001",
        "Neural Computation",
    )
    _, scholar, _, _ = papers("semantic_scholar.json")
    assert (scholar[0].arxiv_id, scholar[0].pmid, scholar[0].date_iso) == ("2301.00042", "36500001", "2023-01-09")


def test_bibtex_exports() -> None:
    _, acm, _, _ = papers("acm.bib")
    assert acm[0].authors == ["Núñez, José", "Kovács, Bálint", "Chen, Mei"] and "96%" in acm[0].abstract
    _, scopus, _, _ = papers("scopus.bib")  # a preamble, '}@ARTICLE{', a key with a comma, space and ü, a duplicate key
    assert [p.title for p in scopus] == [
        GRAPH,
        "Warmup-Free Training of Vision Transformers",
        "Attention Biases for Chemistry",
    ]
    assert scopus[1].authors[0] == "Müller, Anna" and scopus[2].authors == ["Moreau, Claire"]
    assert scopus[0].keywords == ["graph transformers", "molecular property prediction"]
    _, zotero, _, _ = papers("zotero.bib")
    assert zotero[0].title == "Gradient-Free Calibration of Large Language Models"
    _, ieee, _, _ = papers("ieee.bib")
    assert ieee[0].keywords[:2] == ["Grasping", "Tactile sensors"]


def test_google_scholar_bibtex_has_no_abstracts_and_says_so(tmp_path: Path) -> None:
    report = run_import(Library(tmp_path / "lib"), HashingEmbedder(), [EXPORTS / "scholar.bib"]).files[0]
    assert report.error == "no paper records found in it (skipped: 2 × no abstract)"


def test_one_paper_from_many_exports_is_kept_once_with_everything_it_was_given(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    report = run_import(library, HashingEmbedder(), [EXPORTS])
    assert not [f.path for f in report.failed if not f.path.endswith("scholar.bib")]
    assert library.count() == 13
    found = {p.title: p for p in library.get_many(library.all_ids()).values()}
    sma = found[SMA]
    assert set(sma.sources) == {"zotero.ris", "zotero.csv", "csl.json", "acm.bib"}
    assert {"speech recognition", "adapters", "multilinguality"} <= set(sma.keywords)  # each source's, once
    assert len(sma.keywords) == len(set(k.lower() for k in sma.keywords))
    graph = found[GRAPH]
    assert len(graph.sources) == 5 and (graph.arxiv_id, graph.pmid) == ("2301.00042", "36500001")
    searcher = Searcher(library, HashingEmbedder())
    assert searcher.search("Kovács", 3, "keyword")[0].paper.title == SMA  # authors are searchable
    assert searcher.search("Kovacs", 3, "keyword")[0].paper.title == SMA  # with or without the accent
    by_author = searcher.search("speech", 5, "hybrid", SearchFilters(author="Bálint Kovács"))
    assert [hit.paper.title for hit in by_author] == [SMA]
    assert searcher.search("speech", 5, "hybrid", SearchFilters(author="Nobody Here")) == []
    data = searcher.search("sparse mixture adapters", 1)[0].to_dict()
    assert data["authors"][0] == "Núñez, José" and data["doi"] == "10.5555/sma.2023.001" and data["url"]
    library.close()
