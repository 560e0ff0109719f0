"""Small JSON files (settings, window state): read leniently, written atomically."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def read_object(path: Path) -> dict[str, Any]:
    """The JSON object in path; {} when the file is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("%s could not be read (%s); using the defaults", path, error)
        return {}
    return data if isinstance(data, dict) else {}


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Writes a temporary file and renames it over path: a crash leaves the old or the new file."""
    write_text_atomically(path, json.dumps(data, indent=2, ensure_ascii=False))


def write_text_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
