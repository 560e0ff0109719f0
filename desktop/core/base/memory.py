"""Handing freed memory back to the system.

glibc keeps the memory torch frees between embedding batches (tensors of a new shape each batch) in
its arenas, so an import's RSS grew with the size of the dump (about 17 MB per 256 papers, measured).
`malloc_trim` after each large batch returns it: RSS stays flat whatever the dump's size."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # glibc only (not musl)
    except OSError:
        return None


def release_free_memory() -> bool:
    """Returns freed heap memory to the system where the C library can (glibc); True if it did."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
