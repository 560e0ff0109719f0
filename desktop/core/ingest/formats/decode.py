"""Open a dump as text: sniff binaries, pick the encoding, stream bounded lines."""

from __future__ import annotations

import codecs
import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from desktop.core.base.errors import DumpError

HEAD_BYTES = 64 * 1024
MAX_LINE_CHARS = 200_000

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document (export its text first)"),
    (b"GGUF", "a GGUF model file (choose it in Settings → LLM instead)"),
    (b"PK\x03\x04", "a ZIP archive (unpack it first)"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"\x7fELF", "a program binary"),
    (b"SQLite format 3", "an SQLite database"),
]
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


_counter = threading.local()


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _counter.replaced = getattr(_counter, "replaced", 0) + (error.end - error.start)
    return "\ufffd", error.end


codecs.register_error("abstracta.replace", _count_and_replace)


@dataclass
class DecodedDump:
    """A dump opened for streaming, with what was learned while sniffing it."""

    path: str
    encoding: str
    head: str
    warnings: list[str] = field(default_factory=list)
    bytes_read: int = 0
    head_complete: bool = True

    def lines(self) -> Iterator[str]:
        """Every line without its ending; over-long lines are skipped with a warning."""
        _counter.replaced = 0
        with open(self.path, "rb") as raw:
            self._raw = raw
            text = io.TextIOWrapper(raw, encoding=self.encoding, errors="abstracta.replace", newline=None)
            yield from self._bounded_lines(text)
        replaced = getattr(_counter, "replaced", 0)
        if replaced:
            self.warnings.append(f"{replaced} bytes were not valid {self.encoding}; replaced with �")

    def _bounded_lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        number = 0
        while True:
            line = text.readline(MAX_LINE_CHARS)
            if not line:
                self.bytes_read = self._raw.tell()
                return
            number += 1
            self.bytes_read = self._raw.tell()
            if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
                while True:
                    rest = text.readline(MAX_LINE_CHARS)
                    if not rest or rest.endswith("\n"):
                        break
                self.warnings.append(f"line {number} is longer than {MAX_LINE_CHARS:,} characters; skipped")
                yield ""
                continue
            yield line.rstrip("\n")


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head[:8192]:
        return "a binary file, not text"
    return None


def _decodes(head: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def open_dump(path: str | os.PathLike[str]) -> DecodedDump:
    """Sniff a file and open it as text, or raise DumpError naming the reason."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as raw:
            head_bytes = _read_head(raw)
    except IsADirectoryError as error:
        raise DumpError(name, "is a folder") from error
    except PermissionError as error:
        raise DumpError(name, "cannot be read (permission denied)") from error
    except OSError as error:
        raise DumpError(name, f"cannot be read ({error.strerror or error})") from error
    if not head_bytes.strip():
        raise DumpError(name, "the file is empty")
    encoding = next((enc for bom, enc in _BOMS if head_bytes.startswith(bom)), "")
    if not encoding:
        kind = _binary_kind(head_bytes)
        if kind:
            raise DumpError(name, f"this is {kind}")
    warnings: list[str] = []
    if not encoding:
        if _decodes(head_bytes, "utf-8"):
            encoding = "utf-8"
        elif _decodes(head_bytes, "gb18030"):
            encoding = "gb18030"
            warnings.append("not UTF-8; read as GB18030 (Chinese)")
        else:
            encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    head = decoder.decode(head_bytes, final=False)
    if not head.strip(" \t\r\n\ufeff"):
        raise DumpError(name, "the file is empty")
    return DecodedDump(name, encoding, head, warnings, head_complete=len(head_bytes) < HEAD_BYTES)


def _read_head(raw: BinaryIO) -> bytes:
    return raw.read(HEAD_BYTES)
