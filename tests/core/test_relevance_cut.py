"""Where the result list stops, and Chinese queries ranked by their words when the embedding model
reads English only."""

from __future__ import annotations

from pathlib import Path

from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.cut import CLOSEST, relevant_hits
from desktop.core.search.hybrid import Hit, Searcher, reads_language
from tests.core.helpers import small_library, topic_papers

TOPICS = [
    "robot grasping",
    "protein folding",
    "weather forecasting",
    "speech recognition",
    "graph neural networks",
    "image segmentation",
    "machine translation",
    "reinforcement learning for games",
    "drug discovery",
    "climate models",
]


class MultilingualHashing(HashingEmbedder):
    @property
    def multilingual(self) -> bool:
        return True


def hit(number: int, score: float, similarity: float | None = None, keyword: float | None = None) -> Hit:
    return Hit(Paper(abstract=f"text {number}", title=f"p{number}"), score, similarity, keyword)


def test_a_flat_pool_of_similarities_is_cut_and_strong_keyword_matches_stay() -> None:
    # an author's name: one paper holds it, the embedding ranks 30 others closely together
    hits = [hit(0, 0.049, None, 10.4)] + [hit(i, 0.016 - i * 1e-4, 0.24 - i * 0.003) for i in range(1, 31)]
    found = relevant_hits(hits)
    assert [h.paper.title for h in found.hits] == ["p0"]
    assert found.keyword_matches == 1 and found.left_out == 30 and not found.closest_only
    assert found.relevance == [1.0]


def test_papers_standing_out_by_meaning_stay_with_their_relevance_falling() -> None:
    standing = [hit(i, 0.05 - i * 0.001, 0.7 - i * 0.02) for i in range(3)]
    pool = [hit(i, 0.03 - i * 0.0001, 0.35 - i * 0.001) for i in range(3, 40)]
    weak_words = [hit(40, 0.02, None, 2.0)]
    strong_words = [hit(41, 0.029, None, 9.0), hit(42, 0.028, None, 10.0)]
    found = relevant_hits(standing + strong_words + pool + weak_words)
    assert [h.paper.title for h in found.hits] == ["p0", "p1", "p2", "p41", "p42"]
    assert found.relevance[0] == 1.0 and found.relevance == sorted(found.relevance, reverse=True)
    assert 0 < found.relevance[-1] < 1 and found.keyword_matches == 2


def test_nothing_standing_out_shows_the_closest_few_and_says_so() -> None:
    found = relevant_hits([hit(i, 0.22 - i * 0.001, 0.22 - i * 0.001) for i in range(20)])
    assert found.closest_only and found.count == CLOSEST and found.left_out == 20 - CLOSEST


def test_lists_without_ranking_evidence_are_kept_whole() -> None:
    newest = [hit(i, 0.0) for i in range(5)]
    found = relevant_hits(newest)
    assert found.hits == newest and found.left_out == 0


def test_an_author_search_lists_only_the_paper_that_names_them(tmp_path: Path) -> None:
    dump = topic_papers(TOPICS, 3, 7, "Csaba Balázs")
    _library, searcher, _ = small_library(tmp_path, {"papers.txt": dump})
    hits = searcher.search("Balázs", 50)
    assert len(hits) > 10  # the rankings return their k best, relevant or not
    found = relevant_hits(hits)
    assert [h.paper.title for h in found.hits] == ["On reinforcement learning for games, study 7"]


def test_a_chinese_query_is_ranked_by_its_words_when_the_model_reads_english_only(tmp_path: Path) -> None:
    chinese = (
        "多任务学习的共享表示\t我们研究多任务学习中的共享表示方法，在多个基准上取得了更好的结果，并分析了多任务学习在实际应用中的意义和局限性。\n"
        "清代理学的特点\t本文讨论清代理学的主要特点及其历史背景，分析了理学思想在清代社会中的传播与影响，以及它与前代学术的联系和区别。\n"
        "体育课程的好课标准\t本文研究基础教育体育课程中好课的判断标准，结合教学实践分析了课堂组织、学生参与和教学效果等方面的评价方法。\n"
    )
    library, searcher, _ = small_library(tmp_path, {"zh.tsv": "标题\t摘要\n" + chinese})
    assert not reads_language(HashingEmbedder(), "多任务学习") and reads_language(HashingEmbedder(), "multi-task")
    hits = searcher.search("多任务学习", 10)
    assert hits and all(h.similarity is None for h in hits)  # no ranking by meaning at all
    assert hits[0].paper.title == "多任务学习的共享表示"
    assert [h.paper.title for h in relevant_hits(hits).hits] == ["多任务学习的共享表示"]
    multilingual = MultilingualHashing()
    assert reads_language(multilingual, "多任务学习")
    assert any(h.similarity is not None for h in Searcher(library, multilingual).search("多任务学习", 10))
