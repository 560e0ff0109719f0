"""Smoke tests on the real bundled models and the real seeds, through the CLI as users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.answering.answer import Answerer, EvidenceFound
from desktop.core.base.jobs import drive
from desktop.core.library.library import Library
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, LlamaModel, load_model
from desktop.core.search.hybrid import Searcher

pytestmark = pytest.mark.real_models
W2S_ID_PREFIX = "a3d464ead5"
MUZERO_ID_PREFIX = "c17ad5bd13"


def cli(*args: str, library: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ABSTRACTA_HOME": str(library)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, timeout=600
    )
    if check and result.returncode != 0:
        raise AssertionError(f"abstracta {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEEDS

    library = tmp_path_factory.mktemp("seeded") / "library"
    result = cli("import", str(SEEDS), "--json", library=library)
    report = json.loads(result.stdout)
    assert (report["new"], report["failed"]) == (488, 0)
    return library


@pytest.fixture(scope="module")
def model() -> Iterator[LlamaModel]:
    loaded = load_model("", 2048, 2, 0)
    yield loaded
    loaded.close()


def test_stats_after_import_in_another_process(seeded: Path) -> None:
    stats = json.loads(cli("stats", "--json", library=seeded).stdout)
    assert stats["papers"] == 488 and len(stats["sources"]) == 5
    assert stats["languages"]["zh"] >= 3


def test_reimport_adds_nothing(seeded: Path) -> None:
    from tests.conftest import SEEDS

    result = cli("import", str(SEEDS), "--json", library=seeded)
    assert json.loads(result.stdout)["new"] == 0


def test_keyword_query_finds_muzero_first(seeded: Path) -> None:
    for mode in ("hybrid", "keyword"):
        hits = json.loads(cli("search", "MuZero", "--mode", mode, "--json", library=seeded).stdout)
        assert hits[0]["title"] == "Mastering Atari, Go, Chess and Shogi by Planning with a Learned Model", mode


def test_paraphrase_finds_structural_recursion_paper(seeded: Path) -> None:
    query = "can transformers learn to emulate recursive functions from examples"
    hits = json.loads(cli("search", query, "-k", "5", "--json", library=seeded).stdout)
    assert any("Structural Recursion" in hit["title"] for hit in hits)
    assert set(hits[0]) >= {"id", "title", "display_title", "abstract", "score", "sources", "date", "lang"}


def test_similar_and_filters(seeded: Path) -> None:
    muzero = json.loads(cli("search", "MuZero", "-k", "1", "--json", library=seeded).stdout)[0]
    similar = json.loads(cli("similar", muzero["id"][:12], "-k", "3", "--json", library=seeded).stdout)
    assert len(similar) == 3 and muzero["id"] not in {hit["id"] for hit in similar}
    chinese = json.loads(cli("search", "生成模型", "--lang", "zh", "--json", library=seeded).stdout)
    assert chinese and all(hit["lang"] == "zh" for hit in chinese)


def test_ask_cites_the_weak_to_strong_paper(seeded: Path) -> None:
    answer = json.loads(cli("ask", "What is weak-to-strong generalization?", "--json", library=seeded).stdout)
    assert not answer["abstained"] and answer["answer"]
    assert any(c["id"].startswith(W2S_ID_PREFIX) for c in answer["citations"])
    retrieved = {source["id"] for source in answer["sources"]}
    assert all(c["id"] in retrieved for c in answer["citations"])
    assert answer["evidence"] and answer["timings"]["evidence_s"] <= answer["timings"]["ttft_s"]


def test_the_issues_examples_are_answered_right(seeded: Path) -> None:
    """The questions the trustworthy-answers issue found answered wrongly or abstained from."""
    muzero = json.loads(cli("ask", "What does MuZero learn in order to plan?", "--json", library=seeded).stdout)
    assert all(term in muzero["answer"] for term in ("reward", "policy", "value"))
    assert all(s["supported"] for s in muzero["sentences"]) and muzero["citations"][0]["id"].startswith(
        MUZERO_ID_PREFIX
    )
    ultramem = json.loads(cli("ask", "What problem does UltraMemV2 address?", "--json", library=seeded).stdout)
    assert "memory access" in ultramem["answer"] and "MoE" in ultramem["answer"]
    gradcam = json.loads(cli("ask", "What is Grad-CAM used for?", "--json", library=seeded).stdout)
    assert not gradcam["abstained"] and "explanations" in gradcam["answer"]
    assert not any(s["text"].startswith("According to") for s in gradcam["sentences"])


def test_off_topic_question_abstains(seeded: Path) -> None:
    for question in ("What is a good lasagna recipe?", "How do I renew my passport?"):
        answer = json.loads(cli("ask", question, "--json", library=seeded).stdout)
        assert answer["abstained"], question


def test_bad_model_path_exits_1_with_a_clear_message(seeded: Path, tmp_path: Path) -> None:
    result = cli("ask", "anything", "--model", str(tmp_path / "missing.gguf"), library=seeded, check=False)
    assert result.returncode == 1 and "Model file not found" in result.stderr
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a model at all" * 100)
    result = cli("ask", "anything", "--model", str(fake), library=seeded, check=False)
    assert result.returncode == 1 and "Not a GGUF" in result.stderr
    truncated = tmp_path / "truncated.gguf"
    from desktop.core.base.paths import default_llm_file

    bundled = default_llm_file()
    assert bundled is not None
    truncated.write_bytes(bundled.read_bytes()[:200_000])
    result = cli("ask", "anything", "--model", str(truncated), library=seeded, check=False)
    assert result.returncode == 1 and "could not be loaded" in result.stderr


def test_tokens_stream_stop_works_and_model_answers_again(seeded: Path, model: LlamaModel) -> None:
    library = Library(seeded, read_only=True)
    answerer = Answerer(Searcher(library, SentenceTransformerEmbedder()), model, GenerationOptions(max_tokens=48))
    stop = threading.Event()
    generator = answerer.ask("What is in-context learning?", stop=stop)
    assert isinstance(next(generator), EvidenceFound)
    assert isinstance(next(generator), str)
    stop.set()
    assert drive(generator).stopped
    again = list(model.stream([{"role": "user", "content": "Say hello."}], GenerationOptions(max_tokens=8)))
    assert again
    library.close()


def test_concurrent_callers_are_serialised(model: LlamaModel) -> None:
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            list(model.stream([{"role": "user", "content": "Count to three."}], GenerationOptions(max_tokens=12)))
            model.count_tokens("some text to count")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []


@pytest.mark.real_models
def test_batch_embedding_keeps_the_order_and_matches_one_at_a_time() -> None:
    """Embedding goes longest-first in chunks (memory is handed back after each): every row must
    still be its own text's vector, as if embedded alone."""
    import numpy as np

    embedder = SentenceTransformerEmbedder()
    texts = [("word " * (7 * i % 90 + 3)) + f"topic {i}" for i in range(70)]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([text])[0] for text in texts[::7]])
    assert together.shape == (70, 384)
    assert np.allclose(together[::7], alone, atol=2e-2)
    assert float(np.min(np.sum(together[::7] * alone, axis=1))) > 0.999


@pytest.mark.real_models
def test_a_models_profile_sets_how_it_runs(tmp_path: Path) -> None:
    from desktop.core.base import paths
    from desktop.core.base.config import Settings
    from desktop.core.session import load_configured_model

    path = str(paths.default_llm_file())
    profile = {"n_ctx": 1024, "chat_template": "chatml", "stops": ["###"], "answer_style": "quote"}
    model = load_configured_model(Settings(model_profiles={path: profile}))
    try:
        prompt, stops = model.render([{"role": "user", "content": "Hi"}])
        assert model.context_size == 1024 and model.answer_style == "quote"
        assert "###" in stops and prompt.startswith("<|im_start|>")
    finally:
        model.close()
