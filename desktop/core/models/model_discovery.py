"""The GGUF chat models already on this machine, found where people keep them (never copied):
the bundled SmolLM2 (and Gemma 3 270M when its extra is installed), models/ and the data dir, LM
Studio, Ollama's blob store (named by its manifests), GPT4All, the Hugging Face hub cache, and the
folders the user adds in Settings. Each comes with its header metadata and a memory estimate."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.base import paths
from desktop.core.base.errors import ModelError
from desktop.core.models.gguf_info import GgufInfo, read_gguf_info

MAX_DEPTH = 6
OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"


@dataclass
class FoundModel:
    name: str  # what `--model NAME` and the picker call it
    path: str
    origin: str  # bundled, models/, LM Studio, Ollama, GPT4All, Hugging Face cache, your folder
    info: GgufInfo | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    def memory_mb(self, n_ctx: int) -> int:
        return self.info.memory_bytes(n_ctx) // 2**20 if self.info else 0

    def fits(self, n_ctx: int, total_ram_bytes: int) -> bool:
        """Whether it runs here with room to spare: at most 70% of this machine's memory."""
        return self.info is not None and self.info.memory_bytes(n_ctx) <= total_ram_bytes * 0.7

    def to_dict(self, n_ctx: int, total_ram_bytes: int) -> dict[str, object]:
        info = self.info.to_dict() if self.info else {}
        return {
            "name": self.name,
            "path": self.path,
            "origin": self.origin,
            "model_name": info.get("name", ""),
            **{key: value for key, value in info.items() if key not in ("path", "name")},
            "instruction_tuned": self.info.instruction_tuned if self.info else None,
            "memory_mb": self.memory_mb(n_ctx),
            "fits": self.fits(n_ctx, total_ram_bytes),
            "error": self.error,
            "warnings": self.warnings,
        }


def model_locations(home: Path | None = None, extra: Iterable[str] = ()) -> list[tuple[str, Path]]:
    """(origin, folder) of every place searched, in the order shown."""
    home = home or Path.home()
    places = [("models/", paths.models_dir()), ("Abstracta data", paths.data_dir() / "models")]
    places += [("LM Studio", home / ".lmstudio" / "models"), ("LM Studio", home / ".cache" / "lm-studio" / "models")]
    places += [("GPT4All", folder) for folder in _gpt4all_folders(home)]
    places.append(("Hugging Face cache", hub_cache(home)))
    places += [("your folder", Path(folder).expanduser()) for folder in extra]
    return places


def hub_cache(home: Path) -> Path:
    """The Hugging Face hub cache: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub."""
    return Path(
        os.environ.get("HF_HUB_CACHE") or Path(os.environ.get("HF_HOME") or home / ".cache" / "huggingface") / "hub"
    )


def _gpt4all_folders(home: Path) -> list[Path]:
    if sys.platform == "darwin":
        return [home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"]
    if sys.platform.startswith("win"):
        local = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return [local / "nomic.ai" / "GPT4All"]
    return [home / ".local" / "share" / "nomic.ai" / "GPT4All"]


def discover_models(home: Path | None = None, extra: Iterable[str] = ()) -> list[FoundModel]:
    """Every chat model found, each file once (the first place that has it names it)."""
    home = home or Path.home()
    found: list[FoundModel] = []
    seen: set[str] = set()

    def add(name: str, path: Path, origin: str) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        found.append(_described(FoundModel(_unique(name, found), str(path), origin)))

    for name, path in bundled_models():
        add(name, path, "bundled")
    for origin, folder in model_locations(home, extra):
        for path in _gguf_files(folder):
            add(path.stem, path, origin)
    for name, path in ollama_models(home / ".ollama" / "models"):
        add(name, path, "Ollama")
    return found


def bundled_models() -> list[tuple[str, Path]]:
    models = []
    smol = paths.default_llm_file()
    if smol is not None:
        models.append((smol.stem, smol))
    gemma = paths.gemma_file()
    if gemma is not None:
        models.append((gemma.stem, gemma))
    return models


def _unique(name: str, found: list[FoundModel]) -> str:
    names = {model.name for model in found}
    candidate, number = name, 2
    while candidate in names:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def _described(model: FoundModel) -> FoundModel:
    try:
        model.info = read_gguf_info(model.path)
    except ModelError as error:
        model.error = str(error)
        return model
    if not model.info.has_chat_template:
        model.warnings.append(
            "no chat template in the file: a ChatML template is used"
            + (
                ""
                if model.info.instruction_tuned
                else "; it looks like a base model (not instruction-tuned), so answers will be poor"
            )
        )
    return model


def _gguf_files(folder: Path) -> Iterator[Path]:
    """*.gguf below folder (links followed once, depth bounded); multi-part files by their first part."""
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder, followlinks=True):
        depth = len(Path(root).relative_to(folder).parts)
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".")] if depth < MAX_DEPTH else []
        for name in sorted(files):
            if name.lower().endswith(".gguf") and not _later_part(name):
                yield Path(root) / name


def _later_part(name: str) -> bool:
    """model-00002-of-00003.gguf: llama.cpp opens the first part; the others are not models."""
    stem = name[:-5]
    return "-of-" in stem and not stem.rsplit("-of-", 1)[0].endswith("00001")


def ollama_models(store: Path) -> Iterator[tuple[str, Path]]:
    """Ollama keeps models as blobs named by digest; each manifest (registry/namespace/model/tag)
    names its model layer. Yields ('ollama:model:tag', blob path)."""
    manifests = store / "manifests"
    if not manifests.is_dir():
        return
    for manifest in sorted(p for p in manifests.rglob("*") if p.is_file()):
        try:
            layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers", [])
        except (OSError, ValueError, AttributeError):
            continue
        for layer in layers if isinstance(layers, list) else []:
            if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_MODEL_LAYER:
                blob = store / "blobs" / str(layer.get("digest", "")).replace(":", "-")
                if blob.is_file():
                    model, tag = manifest.parent.name, manifest.name
                    namespace = manifest.parent.parent.name
                    prefix = "" if namespace == "library" else f"{namespace}/"
                    yield f"ollama:{prefix}{model}:{tag}", blob


def total_ram_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def find_model(name: str, models: list[FoundModel]) -> FoundModel | None:
    """A discovered model by its name (exact, then case-insensitive, then a unique prefix)."""
    for match in (
        lambda m: m.name == name,
        lambda m: m.name.lower() == name.lower(),
    ):
        hits = [model for model in models if match(model)]
        if hits:
            return hits[0]
    prefixed = [model for model in models if model.name.lower().startswith(name.lower())]
    return prefixed[0] if len(prefixed) == 1 else None


def model_label(model: FoundModel, n_ctx: int, total_ram: int) -> str:
    """One line for a picker: name, size, quantization, memory and fit, where it was found."""
    info = model.info
    if info is None:
        return f"{model.name} — cannot be read"
    size = info.size_label or f"{info.parameters / 1e9:.1f}B"
    fit = "" if model.fits(n_ctx, total_ram) else " — too big for this machine"
    base = "" if info.instruction_tuned else " — base model"
    return f"{model.name} — {size} {info.quantization}, ~{model.memory_mb(n_ctx)} MB [{model.origin}]{fit}{base}"


def discover_embedding_models(home: Path | None = None) -> list[tuple[str, Path]]:
    """sentence-transformers folders: the bundled all-MiniLM-L6-v2, models/ and the Hugging Face cache
    (a snapshot per repository, the newest). (name, folder) pairs."""
    home = home or Path.home()
    found: list[tuple[str, Path]] = []
    bundled = paths.default_embedding_dir()
    if bundled is not None:
        found.append(("all-MiniLM-L6-v2 (bundled)", bundled))
    for root in (paths.models_dir(), paths.data_dir() / "models"):
        if root.is_dir():
            found += [(folder.name, folder) for folder in sorted(root.iterdir()) if _sentence_transformers(folder)]
    hub = hub_cache(home)
    for repo in sorted(hub.glob("models--*")) if hub.is_dir() else []:
        snapshots = sorted((repo / "snapshots").glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
        folder = next((snapshot for snapshot in snapshots if _sentence_transformers(snapshot)), None)
        if folder is not None:
            found.append((repo.name.removeprefix("models--").replace("--", "/"), folder))
    return found


def _sentence_transformers(folder: Path) -> bool:
    return folder.is_dir() and (folder / "modules.json").is_file() and (folder / "config.json").is_file()
