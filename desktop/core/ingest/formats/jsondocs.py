"""JSON and JSON Lines from the places papers come from: JSON Feed, the Hugging Face daily-papers API,
OpenAlex, Semantic Scholar, the arXiv metadata snapshot, CSL-JSON, or any list of objects whose
fields hold a title and an abstract at some depth. Arrays of any size stream (ijson)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from desktop.core.base.errors import DumpError
from desktop.core.ingest.formats.decode import DecodedDump
from desktop.core.ingest.formats.fields import Fields, field_for
from desktop.core.library.records import arxiv_id, doi

MAX_LOADED_BYTES = 64 * 1024 * 1024
PREFIX_SCAN_EVENTS = 50_000
MAX_DEPTH = 3


def record_fields(item: Any) -> Fields | None:
    """The fields of one record of any known shape, or None when it holds no abstract."""
    if not isinstance(item, dict):
        return None
    for recognise in (_hugging_face, _openalex, _json_feed, _arxiv_snapshot, _semantic_scholar, _csl):
        found = recognise(item)
        if found is not None:
            return found if found.get("abstract") else None
    return _generic(item, 0)


def _hugging_face(item: dict[str, Any]) -> Fields | None:
    paper = item.get("paper")
    if not isinstance(paper, dict) or "summary" not in paper:
        return None
    arxiv = str(paper.get("id") or "")
    return {
        "read_as": "Hugging Face papers API: title ← paper.title, abstract ← paper.summary, authors ← paper.authors, AI summary kept apart",
        "title": paper.get("title") or item.get("title") or "",
        "abstract": paper.get("summary", ""),
        "authors": paper.get("authors") or [],
        "date": str(paper.get("publishedAt") or item.get("publishedAt") or "")[:10],
        "arxiv_id": arxiv,
        "url": f"https://huggingface.co/papers/{arxiv}" if arxiv else "",
        "upvotes": paper.get("upvotes"),
        "machine_summary": paper.get("ai_summary") or "",
    }


def _openalex(item: dict[str, Any]) -> Fields | None:
    if "abstract_inverted_index" not in item:
        return None
    ids = item.get("ids") or {}
    location = item.get("primary_location") or {}
    source = location.get("source") or {} if isinstance(location, dict) else {}
    return {
        "read_as": "OpenAlex works: abstract rebuilt from abstract_inverted_index, authors ← authorships",
        "title": item.get("title") or item.get("display_name") or "",
        "abstract": inverted_abstract(item.get("abstract_inverted_index")),
        "authors": [a.get("author", {}).get("display_name", "") for a in item.get("authorships") or []],
        "year": item.get("publication_year") or "",
        "date": item.get("publication_date") or "",
        "doi": item.get("doi") or ids.get("doi") or "",
        "pmid": str(ids.get("pmid") or "").rsplit("/", 1)[-1],
        "url": item.get("id") or "",
        "venue": source.get("display_name", "") if isinstance(source, dict) else "",
        "keywords": [k.get("display_name", "") for k in item.get("keywords") or [] if isinstance(k, dict)],
    }


def inverted_abstract(index: Any) -> str:
    """OpenAlex stores an abstract as word → positions; the words in position order."""
    if not isinstance(index, dict):
        return ""
    placed = sorted((int(position), word) for word, positions in index.items() for position in positions)
    return " ".join(word for _, word in placed)


def _json_feed(item: dict[str, Any]) -> Fields | None:
    if "content_text" not in item and "content_html" not in item:
        return None
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    return {
        "read_as": "JSON Feed: title ← title, abstract ← content_text, authors ← authors, keywords ← tags",
        "title": item.get("title", ""),
        "abstract": item.get("content_text") or item.get("content_html") or "",
        "authors": authors,
        "date": str(item.get("date_published") or "")[:10],
        "url": item.get("url") or item.get("external_url") or "",
        "keywords": item.get("tags") or [],
        "labelled": True,
    }


def _arxiv_snapshot(item: dict[str, Any]) -> Fields | None:
    if "authors_parsed" not in item and not ("submitter" in item and "categories" in item):
        return None
    return {
        "read_as": "arXiv metadata snapshot: title, abstract, authors, doi, journal-ref, categories",
        "title": item.get("title", ""),
        "abstract": item.get("abstract", ""),
        "authors": _arxiv_authors(item),
        "date": item.get("update_date") or "",
        "doi": item.get("doi") or "",
        "arxiv_id": item.get("id") or "",
        "url": f"https://arxiv.org/abs/{item['id']}" if item.get("id") else "",
        "venue": item.get("journal-ref") or "",
        "categories": item.get("categories") or "",
        "tex": True,
    }


def _arxiv_authors(item: dict[str, Any]) -> Any:
    """The author string as written (its TeX accents converted later); the parsed list only when
    the string carries affiliations in parentheses."""
    written = str(item.get("authors") or "")
    if written and "(" not in written:
        return written
    return item.get("authors_parsed") or written


def _semantic_scholar(item: dict[str, Any]) -> Fields | None:
    if "paperId" not in item and "externalIds" not in item:
        return None
    ids = item.get("externalIds") or {}
    return {
        "read_as": "Semantic Scholar API: title, abstract, authors, externalIds, venue",
        "title": item.get("title", ""),
        "abstract": item.get("abstract") or "",
        "authors": item.get("authors") or [],
        "year": item.get("year") or "",
        "date": item.get("publicationDate") or "",
        "doi": ids.get("DOI", ""),
        "arxiv_id": ids.get("ArXiv", ""),
        "pmid": str(ids.get("PubMed", "")),
        "url": item.get("url") or "",
        "venue": item.get("venue") or "",
    }


def _csl(item: dict[str, Any]) -> Fields | None:
    if "issued" not in item and "container-title" not in item and "citation-key" not in item:
        return None
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0] or []
    date = "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[:3])) if parts else ""
    return {
        "read_as": "CSL-JSON: title, abstract, author, issued, DOI, container-title",
        "title": item.get("title", ""),
        "abstract": item.get("abstract") or "",
        "authors": item.get("author") or [],
        "date": date if len(parts) == 3 else "",
        "year": parts[0] if parts else "",
        "doi": item.get("DOI", ""),
        "pmid": item.get("PMID", ""),
        "url": item.get("URL", ""),
        "venue": item.get("container-title", ""),
        "keywords": item.get("keyword", ""),
    }


def _generic(item: dict[str, Any], depth: int) -> Fields | None:
    """Fields named like title, abstract, authors… on this object, or on one nested in it."""
    found: Fields = {}
    keys: dict[str, str] = {}
    for key, value in item.items():
        name = field_for(key)
        if name and name not in found and value not in (None, "", [], {}):
            found[name] = value if name == "authors" or not isinstance(value, (dict, list)) else json.dumps(value)
            keys[name] = key
    if isinstance(found.get("abstract"), str) and found["abstract"].strip():
        found["read_as"] = "objects: " + ", ".join(f"{name} ← {key}" for name, key in keys.items())
        identifier = str(item.get("id") or "")
        if arxiv_id(identifier):
            found.setdefault("arxiv_id", identifier)
        elif doi(identifier):
            found.setdefault("doi", identifier)
        return found
    if depth < MAX_DEPTH:
        for value in item.values():
            nested = _generic(value, depth + 1) if isinstance(value, dict) else None
            if nested is not None:
                return nested
    return None


def jsonl_records(lines: Iterable[str], warnings: list[str]) -> Iterator[Fields]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            warnings.append(f"line {number}: not valid JSON ({error.msg})")
            continue
        found = record_fields(item)
        if found is not None:
            yield found


def json_records(path: str, encoding: str, read: DecodedDump | None = None) -> Iterator[Fields]:
    """The records of a JSON document: its array of objects streams, wherever it is. read, when
    given, is told how far into the file the stream is (for the progress bar)."""
    import ijson

    with open(path, "rb") as raw:
        prefix = _array_prefix(_reader(raw, encoding))
    if prefix is None:
        yield from _loaded(path, encoding)
        return
    try:
        with open(path, "rb") as raw:
            for item in ijson.items(_reader(raw, encoding), prefix, use_float=True, buf_size=READ_CHUNK):
                if read is not None:
                    read.bytes_read = raw.tell()
                found = record_fields(item)
                if found is not None:
                    yield found
    except ijson.JSONError as error:
        raise DumpError(path, f"not valid JSON ({error})") from error


def _reader(raw: BinaryIO, encoding: str) -> Any:
    """ijson reads UTF-8 bytes; other encodings are decoded first."""
    if encoding in ("utf-8", "utf-8-sig"):
        if encoding == "utf-8-sig":
            raw.read(3)
        return raw
    import io

    return io.TextIOWrapper(raw, encoding=encoding, errors="replace")


READ_CHUNK = 16384  # bytes ijson reads at a time: also how finely progress moves through a file

RECORD_KEYS = frozenset({"content_text", "content_html", "paper", "abstract_inverted_index"})


def _array_prefix(stream: Any) -> str | None:
    """Where the records are: the first array of objects with an abstract-like key ('item',
    'items.item', 'results.item'…), not, say, a feed's list of authors before its items."""
    import ijson

    candidates: list[str] = []
    try:
        for count, (prefix, event, value) in enumerate(ijson.parse(stream)):
            if event == "start_map" and (prefix == "item" or prefix.endswith(".item")) and prefix not in candidates:
                candidates.append(prefix)
            elif (
                event == "map_key" and prefix in candidates and (value in RECORD_KEYS or field_for(value) == "abstract")
            ):
                return str(prefix)
            if count > PREFIX_SCAN_EVENTS:
                break
    except ijson.JSONError:
        pass
    return candidates[0] if candidates else None


def _loaded(path: str, encoding: str) -> Iterator[Fields]:
    """A document with no array of records: one record, read whole (it must be small)."""
    if os.path.getsize(path) > MAX_LOADED_BYTES:
        raise DumpError(path, "JSON with no list of papers near its start")
    try:
        with open(path, encoding=encoding, errors="replace") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise DumpError(path, f"not valid JSON (line {error.lineno}: {error.msg})") from error
    found = record_fields(data)
    if found is not None:
        yield found
