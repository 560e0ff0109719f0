"""Model discovery in a temp home laid out as LM Studio, Ollama, GPT4All, the Hugging Face cache and a
user folder keep their models (tiny GGUF files written with the `gguf` package)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import gguf
import pytest

from desktop.core.models.gguf_info import read_gguf_info
from desktop.core.models.llm import resolve_model_path
from desktop.core.models.model_discovery import discover_models, find_model
from tests.core.helpers import tiny_gguf


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("HF_HOME", "HF_HUB_CACHE", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    tiny_gguf(
        home / ".lmstudio" / "models" / "lmstudio-community" / "Qwen-1B" / "qwen-1b-instruct-q4_k_m.gguf",
        "Qwen 1B Instruct",
    )
    tiny_gguf(home / ".cache" / "lm-studio" / "models" / "old" / "phi-mini-chat.gguf", "Phi Mini Chat", file_type=7)
    tiny_gguf(home / ".local" / "share" / "nomic.ai" / "GPT4All" / "orca-mini.gguf", "Orca Mini", context=4096)
    # Ollama: a manifest names the model layer's blob by digest
    blob = tiny_gguf(home / "blob.tmp", "Llama 3.2 1B Instruct")
    digest = hashlib.sha256(blob.read_bytes()).hexdigest()
    store = home / ".ollama" / "models"
    (store / "blobs").mkdir(parents=True)
    blob.rename(store / "blobs" / f"sha256-{digest}")
    (store / "blobs" / "sha256-0000").write_text("a license text, not a model")
    manifest = store / "manifests" / "registry.ollama.ai" / "library" / "llama3.2" / "1b"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(
        json.dumps(
            {
                "layers": [
                    {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"},
                    {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:0000"},
                ]
            }
        )
    )
    # the Hugging Face cache: snapshot files are links to blobs
    repo = home / ".cache" / "huggingface" / "hub" / "models--google--gemma-base-GGUF"
    real = tiny_gguf(repo / "blobs" / "abc123", "Gemma Base", template=False)
    snapshot = repo / "snapshots" / "rev1" / "gemma-base-q8_0.gguf"
    snapshot.parent.mkdir(parents=True)
    os.symlink(os.path.relpath(real, snapshot.parent), snapshot)
    # a split model (only its first part is a model to open) and a file that is not a GGUF
    tiny_gguf(home / "mine" / "big-00001-of-00002.gguf", "Big Split")
    tiny_gguf(home / "mine" / "big-00002-of-00002.gguf", "Big Split part 2")
    (home / "mine" / "broken.gguf").write_bytes(b"not a model at all")
    return home


def test_models_are_found_where_people_keep_them(home: Path) -> None:
    models = {model.name: model for model in discover_models(home, extra=[str(home / "mine")])}
    origins = {name: model.origin for name, model in models.items() if model.origin != "bundled"}
    assert origins == {
        "qwen-1b-instruct-q4_k_m": "LM Studio",
        "phi-mini-chat": "LM Studio",
        "orca-mini": "GPT4All",
        "gemma-base-q8_0": "Hugging Face cache",
        "big-00001-of-00002": "your folder",
        "broken": "your folder",
        "ollama:llama3.2:1b": "Ollama",
    }
    qwen = models["qwen-1b-instruct-q4_k_m"].info
    assert qwen is not None and (qwen.architecture, qwen.parameters, qwen.quantization, qwen.context_length) == (
        "llama",
        6400,
        "Q4_K_M",
        2048,
    )
    assert models["phi-mini-chat"].info.quantization == "Q8_0"  # type: ignore[union-attr]
    assert "not a GGUF" in models["broken"].error and models["broken"].info is None
    base = models["gemma-base-q8_0"]
    assert base.info is not None and not base.info.has_chat_template and not base.info.instruction_tuned
    assert base.warnings and "base model" in base.warnings[0] and "ChatML" in base.warnings[0]
    assert not models["qwen-1b-instruct-q4_k_m"].warnings


def test_metadata_matches_the_gguf_packages_own_reader(home: Path) -> None:
    path = home / ".local" / "share" / "nomic.ai" / "GPT4All" / "orca-mini.gguf"
    ours, theirs = read_gguf_info(path), gguf.GGUFReader(str(path))
    assert ours.parameters == sum(int(tensor.n_elements) for tensor in theirs.tensors)
    assert ours.context_length == int(theirs.fields["llama.context_length"].contents())
    assert ours.name == theirs.fields["general.name"].contents()


def test_memory_estimate_and_fit(home: Path) -> None:
    (model,) = [m for m in discover_models(home) if m.name == "orca-mini"]
    info = model.info
    assert info is not None
    kv_cache = 2 * 2 * 4096 * (64 * 2 // 4) * 2  # K and V, layers, context, width of the KV heads, f16
    assert info.memory_bytes(4096) - info.memory_bytes(0) == kv_cache
    assert info.memory_bytes(100_000) == info.memory_bytes(4096)  # never past the model's own context
    assert model.fits(4096, 8 * 2**30) and not model.fits(4096, 100 * 2**20)


def test_a_discovered_model_is_chosen_by_name(home: Path) -> None:
    models = discover_models(home)
    assert find_model("ollama:llama3.2:1b", models) is not None
    assert find_model("QWEN-1B-INSTRUCT-Q4_K_M", models).origin == "LM Studio"  # type: ignore[union-attr]
    assert find_model("orca", models).name == "orca-mini"  # type: ignore[union-attr]
    assert find_model("nothing-like-it", models) is None
    path = resolve_model_path("ollama:llama3.2:1b")
    assert path.parent.name == "blobs" and path.name.startswith("sha256-")
    assert resolve_model_path(str(home / "mine" / "broken.gguf")) == home / "mine" / "broken.gguf"


def test_cli_models_json_lists_them(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli
    from tests.core.helpers import hashing_cli

    hashing_cli(tmp_path, monkeypatch)
    assert cli.main(["models", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    names = {model["name"]: model for model in listed["models"]}
    assert {"ollama:llama3.2:1b", "orca-mini", "gemma-base-q8_0"} <= set(names)
    assert names["orca-mini"]["fits"] is True and names["orca-mini"]["memory_mb"] > 0
    assert names["gemma-base-q8_0"]["instruction_tuned"] is False and listed["gpu_offload"] is False
    assert cli.main(["models"]) == 0 and "warning: no chat template" in capsys.readouterr().out


def test_profiles_default_from_metadata_and_keep_a_models_overrides(home: Path) -> None:
    from desktop.core.base.config import Settings
    from desktop.core.models.model_profiles import default_profile, overrides, profile_for

    orca = next(m for m in discover_models(home) if m.name == "orca-mini")
    settings = Settings(n_ctx=8192)
    assert default_profile(settings, orca.info).n_ctx == 4096  # never past the model's own context
    assert default_profile(settings, orca.info, gpu=True).n_gpu_layers == -1  # a GPU build: all layers
    assert default_profile(Settings(n_gpu_layers=12), orca.info, gpu=True).n_gpu_layers == 12
    saved = {orca.path: {"n_ctx": 1024, "answer_style": "close", "stops": ["###", 3], "chat_template": "alpaca"}}
    profile = profile_for(Settings(model_profiles=saved), orca.path, orca.info)
    assert (profile.n_ctx, profile.answer_style, profile.stops, profile.chat_template) == (1024, "close", ["###"], "")
    assert profile_for(Settings(model_profiles=saved), "/another/model.gguf", None).n_ctx == 4096
    assert overrides(profile, default_profile(Settings(), orca.info)) == {
        "n_ctx": 1024,
        "stops": ["###"],
        "answer_style": "close",
    }


def test_embedding_models_are_found_in_the_hub_cache(home: Path) -> None:
    from desktop.core.models.model_discovery import discover_embedding_models

    snapshot = (
        home
        / ".cache"
        / "huggingface"
        / "hub"
        / "models--sentence-transformers--paraphrase-multilingual-MiniLM-L12-v2"
        / "snapshots"
        / "abc"
    )
    snapshot.mkdir(parents=True)
    for name in ("modules.json", "config.json"):
        (snapshot / name).write_text("{}")
    (home / ".cache" / "huggingface" / "hub" / "models--not--a-sentence-model" / "snapshots" / "x").mkdir(parents=True)
    found = dict(discover_embedding_models(home))
    assert found["sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"] == snapshot
    assert "not/a-sentence-model" not in found and any("bundled" in name for name in found)
