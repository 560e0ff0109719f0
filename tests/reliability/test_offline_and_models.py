"""No network, ever; model faults give clear messages while search and import keep working."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.base.errors import ModelError
from desktop.core.models import llm
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, LlamaModel, load_model
from tests.core.helpers import abstract, write

DUMP = (
    "\n".join(
        [
            "Weak-to-Strong Generalization",
            abstract("weak supervisors for strong models"),
            "Robot Grasping",
            abstract("robot grasping"),
        ]
    )
    + "\n"
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] if args else kwargs)
        raise OSError("network blocked by the offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


@pytest.mark.real_models
def test_cli_import_search_ask_summarize_make_no_connection(
    no_network: list[object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = ["--library", str(tmp_path / "lib")]
    dump = write(tmp_path / "papers.txt", DUMP)
    assert cli.main(["import", str(dump), *library]) == 0
    assert cli.main(["search", "weak supervisors", "--json", *library]) == 0
    assert cli.main(["ask", "What is weak-to-strong generalization?", "--max-tokens", "24", *library]) == 0
    out = capsys.readouterr().out
    paper_id = out.split('"id": "')[1].split('"')[0]
    assert cli.main(["summarize", paper_id, "--max-tokens", "24", *library]) == 0
    assert no_network == []


@pytest.mark.real_models
def test_the_app_makes_no_connection(no_network: list[object], qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.base.choices import SummaryMode
    from desktop.core.base.config import Settings
    from desktop.ui.app import open_window

    window = open_window(Settings(library_dir=str(tmp_path / "lib"), max_tokens=24), "light", tmp_path / "config")
    window.show()
    qtbot.waitUntil(lambda: window.session.embedder_ready and window.chat.model_ready, timeout=120000)
    with qtbot.waitSignal(window.import_done, timeout=60000):
        window.import_paths([str(write(tmp_path / "papers.txt", DUMP))])
    window.importer.report_dialog.accept()
    with qtbot.waitSignal(window.search_done, timeout=20000):
        window.search_bar.query.setText("weak supervisors")
    with qtbot.waitSignal(window.answer_done, timeout=120000):
        window.ask("What is weak-to-strong generalization?", [])
    with qtbot.waitSignal(window.answer_done, timeout=120000):
        window.summarize([window.results.hits[0].paper], SummaryMode.TLDR)
    window.close()
    qtbot.waitUntil(lambda: window.is_closed, timeout=60000)
    window.deleteLater()
    assert no_network == []


def test_missing_truncated_non_gguf_and_too_big_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelError, match="not found"):
        load_model(str(tmp_path / "nope.gguf"), 512, 1, 0)
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(ModelError, match="Not a GGUF"):
        load_model(str(text), 512, 1, 0)
    big = tmp_path / "big.gguf"
    big.write_bytes(b"GGUF" + bytes(4096))
    monkeypatch.setattr(llm, "_available_memory", lambda: 1024)
    with pytest.raises(ModelError, match="larger than the free memory"):
        load_model(str(big), 512, 1, 0)


@pytest.mark.real_models
def test_context_overflow_is_a_clear_error_and_the_model_keeps_working() -> None:
    model = load_model("", 256, 2, 0)
    try:
        with pytest.raises(ModelError, match="does not fit the context window"):
            list(model.stream([{"role": "user", "content": "word " * 600}], GenerationOptions(max_tokens=8)))
        assert list(model.stream([{"role": "user", "content": "Hi"}], GenerationOptions(max_tokens=4)))
    finally:
        model.close()


def test_gpu_layers_without_gpu_support_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    model = LlamaModel(llm.resolve_model_path(""), 512, 1, gpu_layers=-1)
    try:
        import llama_cpp

        if not llama_cpp.llama_supports_gpu_offload():
            assert any("without GPU support" in notice for notice in model.notices)
    finally:
        model.close()


def test_broken_embedding_folder_is_a_clear_error_and_keyword_search_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{ not json")
    with pytest.raises(ModelError, match="could not be loaded"):
        SentenceTransformerEmbedder(broken).embed(["x"])
    library = ["--library", str(tmp_path / "lib"), "--embedding-model", str(broken)]
    dump = write(tmp_path / "papers.txt", DUMP)
    assert cli.main(["import", str(dump), *library]) == 1
    assert "could not be loaded" in capsys.readouterr().out
    assert cli.main(["search", "grasping", "--mode", "keyword", *library]) == 0
