"""Builders shared by the tests: dumps, small libraries, a tiny GGUF file, CLI settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import gguf
import numpy as np

from desktop.core.ingest.import_report import ImportReport
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher

if TYPE_CHECKING:
    import pytest


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def abstract(topic: str, extra: str = "") -> str:
    """A long-enough abstract about a topic (over 200 characters, so it reads as an abstract)."""
    return (
        f"We study {topic} in depth. Our method for {topic} improves on prior work across many "
        f"benchmarks and settings, and we analyse why {topic} matters for practitioners. {extra} "
        "Experiments show consistent gains and the code is released for others to reuse. We also "
        "discuss limitations, open questions and directions for future research in this area."
    )


RIS = """TY  - JOUR
TI  - Tactile Priors for Dexterous Grasping: 100% & {more}
AU  - Núñez, María
AU  - Balázs, Csaba
PY  - 2023
DA  - 2023/03/14
T2  - Journal of Robot Learning
DO  - 10.1145/3377811.3380399
KW  - grasping
AB  - ABSTRACT_ONE
ER  -

TY  - JOUR
TI  - Tactile Priors for Dexterous Manipulation
AU  - Núñez, María
PY  - 2023
AB  - ABSTRACT_TWO
ER  -

TY  - GEN
TI  - 基于触觉先验的机器人抓取
AU  - 张伟
PY  - 2024
AB  - 我们研究基于触觉先验的机器人抓取方法，在多个基准上取得了更好的结果，并分析了其在实际应用中的意义和局限性。本文还讨论了未来的研究方向以及方法在不同场景下的适用范围。
ER  -
""".replace("ABSTRACT_ONE", abstract("dexterous grasping with tactile priors")).replace(
    "ABSTRACT_TWO", abstract("dexterous manipulation")
)


def tiny_gguf(path: Path, name: str, template: bool = True, context: int = 2048, file_type: int = 15) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(context)
    writer.add_block_count(2)
    writer.add_embedding_length(64)
    writer.add_head_count(4)
    writer.add_head_count_kv(2)
    writer.add_file_type(file_type)
    if template:
        writer.add_chat_template("{% for m in messages %}{{ m['content'] }}{% endfor %}")
    writer.add_tensor("token_embd.weight", np.zeros((100, 64), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def topic_papers(topics: list[str], copies: int, author_of: int, author: str) -> str:
    """Labelled blocks of copies papers on each topic (different abstracts), one of them by author."""
    blocks = []
    for number, topic in enumerate(topics * copies):
        blocks.append(f"Title: On {topic}, study {number}")
        if number == author_of:
            blocks.append(f"Authors: {author}")
        blocks += [f"Abstract: {abstract(topic, f'Variant {number}.')}", "---"]
    return "\n".join(blocks)


def small_library(folder: Path, files: dict[str, str]) -> tuple[Library, Searcher, ImportReport]:
    embedder = HashingEmbedder()
    library = Library(folder / "lib")
    paths = [write(folder / "dumps" / name, text) for name, text in files.items()]
    report = run_import(library, embedder, paths)
    return library, Searcher(library, embedder), report


def hashing_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Settings for in-process CLI calls (the fast hashing embedder) and the --library arguments."""
    import json

    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    monkeypatch.setenv("ABSTRACTA_CONFIG_DIR", str(config))
    return ["--library", str(tmp_path / "lib")]


def titled_papers(folder: Path, papers: list[tuple[str, str]], filler: str) -> tuple[Library, dict[str, Paper]]:
    """A library of (title, abstract) papers, each abstract padded with the filler so that the
    dump parser takes it whole, and its papers by title."""
    dump = "\n".join(f"{title}\n{abstract} {filler}" for title, abstract in papers)
    library, _, report = small_library(folder, {"dump.txt": dump})
    assert report.new == len(papers)
    return library, {p.title: p for p in library.get_many(library.all_ids()).values()}
