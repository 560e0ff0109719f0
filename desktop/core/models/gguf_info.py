"""A GGUF file's metadata, read from its header without touching the weights: architecture,
parameters, quantization, context length, chat template, layer shapes (for a memory estimate).

A small reader of its own: the `gguf` package's GGUFReader parses every tokenizer array into numpy
(about 2 s for a 135M model); this one skips them, so scanning a disk of models stays quick. The
quantization names come from the `gguf` package's LlamaFileType."""

from __future__ import annotations

import os
import struct
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from desktop.core.base.errors import ModelError

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_KEEP_ARRAYS = frozenset({"general.languages", "general.tags"})
KV_CACHE_BYTES_PER_VALUE = 2  # llama.cpp keeps its KV cache in f16 by default
RUNTIME_OVERHEAD_BYTES = 150 * 1024 * 1024  # compute buffers, the tokenizer, the process


@dataclass(frozen=True)
class GgufInfo:
    path: str
    size_bytes: int
    architecture: str = ""
    name: str = ""
    size_label: str = ""
    parameters: int = 0
    quantization: str = ""
    context_length: int = 0
    has_chat_template: bool = False
    block_count: int = 0
    embedding_length: int = 0
    head_count: int = 0
    head_count_kv: int = 0

    def memory_bytes(self, n_ctx: int) -> int:
        """About what llama.cpp needs to run it at n_ctx: the weights (mapped), the KV cache, overhead."""
        kv_width = self.embedding_length * (self.head_count_kv or self.head_count) // max(1, self.head_count)
        kv_cache = 2 * self.block_count * min(n_ctx, self.context_length or n_ctx) * kv_width
        return self.size_bytes + kv_cache * KV_CACHE_BYTES_PER_VALUE + RUNTIME_OVERHEAD_BYTES

    @property
    def instruction_tuned(self) -> bool:
        """A chat template, or a name that says instruct/chat: a base model otherwise."""
        return self.has_chat_template or named_instruction_tuned(f"{self.name} {Path(self.path).name}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def named_instruction_tuned(label: str) -> bool:
    """A model name that says it was tuned to follow instructions (Instruct, -it, Chat)."""
    label = label.lower()
    return any(word in label for word in ("instruct", "-it", "_it", "chat"))


def read_gguf_info(path: str | os.PathLike[str]) -> GgufInfo:
    """The metadata of a GGUF file; ModelError naming the file when it is not one."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"GGUF":
                raise ModelError(f"{path} is not a GGUF model file")
            version = _unpack(handle, "<I")
            count_format = "<I" if version == 1 else "<Q"
            tensors, kv_count = _unpack(handle, count_format), _unpack(handle, count_format)
            fields: dict[str, Any] = {}
            for _ in range(kv_count):
                key = _string(handle, count_format)
                fields[key] = _value(handle, _unpack(handle, "<I"), count_format, keep=key in _KEEP_ARRAYS)
            parameters = 0
            for _ in range(tensors):
                _string(handle, count_format)
                dims = [_unpack(handle, count_format) for _ in range(_unpack(handle, "<I"))]
                handle.seek(4 + 8, os.SEEK_CUR)  # type and offset
                count = 1
                for dim in dims:
                    count *= dim
                parameters += count
    except (OSError, struct.error, UnicodeDecodeError, MemoryError) as error:
        raise ModelError(f"{path} could not be read as a GGUF model ({error})") from error
    arch = str(fields.get("general.architecture", ""))
    return GgufInfo(
        path=str(path),
        size_bytes=path.stat().st_size,
        architecture=arch,
        name=str(fields.get("general.name", "")),
        size_label=str(fields.get("general.size_label", "")),
        parameters=parameters,
        quantization=_quantization(fields.get("general.file_type")),
        context_length=int(fields.get(f"{arch}.context_length", 0) or 0),
        has_chat_template=bool(fields.get("tokenizer.chat_template")),
        block_count=int(fields.get(f"{arch}.block_count", 0) or 0),
        embedding_length=int(fields.get(f"{arch}.embedding_length", 0) or 0),
        head_count=_first(fields.get(f"{arch}.attention.head_count", 0)),
        head_count_kv=_first(fields.get(f"{arch}.attention.head_count_kv", 0)),
    )


def _first(value: Any) -> int:
    """Some architectures give a head count per layer: the first one stands for all here."""
    if isinstance(value, list):
        return int(value[0]) if value else 0
    return int(value or 0)


def _quantization(file_type: Any) -> str:
    if file_type is None:
        return ""
    import gguf

    try:
        return str(gguf.LlamaFileType(int(file_type)).name).removeprefix("MOSTLY_").removeprefix("ALL_")
    except ValueError:
        return f"type {file_type}"


def _unpack(handle: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise struct.error("the file ends inside its header")
    return struct.unpack(fmt, data)[0]


def _string(handle: BinaryIO, count_format: str) -> str:
    length = _unpack(handle, count_format)
    if length > 64 * 1024 * 1024:
        raise struct.error("a string longer than 64 MB in the header")
    return handle.read(length).decode("utf-8")


def _value(handle: BinaryIO, kind: int, count_format: str, keep: bool = True) -> Any:
    if kind in _SCALARS:
        return _unpack(handle, _SCALARS[kind])
    if kind == _STRING:
        return _string(handle, count_format)
    if kind != _ARRAY:
        raise struct.error(f"unknown value type {kind}")
    item_kind, count = _unpack(handle, "<I"), _unpack(handle, count_format)
    if item_kind in _SCALARS and not keep:  # a tokenizer's scores or types: skipped, not read
        handle.seek(count * struct.calcsize(_SCALARS[item_kind]), os.SEEK_CUR)
        return count
    items = [_value(handle, item_kind, count_format, keep) for _ in range(count)]
    return items if keep or item_kind != _STRING else count
