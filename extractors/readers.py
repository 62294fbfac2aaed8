"""Readers: files and folders in, Article objects out, one at a time (large files are streamed).

Every problem is reported as a ReadError naming the file (and line) and the reason; the caller
decides to go on with the next file.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .articles import Article, make_article

PLAIN = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")
SUFFIXES = PLAIN + tuple(p + ".gz" for p in PLAIN)   # gzip-compressed files are read as they stream
TEXT_KEYS = ("text", "body", "content", "article", "maintext")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "published_at", "publish_date", "pubdate", "date_publish")
KNOWN = set(TEXT_KEYS) | set(TITLE_KEYS) | set(DATE_KEYS) | {"url", "link", "source", "id"}


@dataclass
class ReadError:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def iter_files(paths) -> Iterator[Path | ReadError]:
    """Files to read under the given paths, recursively and in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                        yield Path(root) / name
        elif path.is_file():
            if path.name.lower().endswith(SUFFIXES):
                yield path
            else:
                yield ReadError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                           f"expected one of {', '.join(PLAIN)} (or the same with .gz)")
        else:
            yield ReadError(str(path), "no such file or folder")


def read_paths(paths) -> Iterator[Article | ReadError]:
    for item in iter_files(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from read_file(item)
        except UnicodeDecodeError as exc:
            yield ReadError(str(item), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        except (EOFError, zlib.error) as exc:
            yield ReadError(str(item), f"truncated or corrupt compressed file ({exc})")
        except OSError as exc:
            yield ReadError(str(item), exc.strerror or str(exc))


def read_file(path: Path) -> Iterator[Article | ReadError]:
    suffix = kind(path)
    reader = {".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html, ".json": read_json,
              ".jsonl": read_jsonl, ".csv": read_csv}[suffix]
    for item in reader(path):
        if isinstance(item, Article) and not item.text.strip():
            item = ReadError(item.meta.pop("_where", item.path), "no text")
        elif isinstance(item, Article):
            item.meta.pop("_where", None)
        yield item


def _front_matter(text: str) -> tuple[dict, str]:
    """`---` / key: value / `---` at the top of a text or Markdown file."""
    lines = text.splitlines()
    if len(lines) < 2 or lines[0].strip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], 1):
        if line.strip() == "---":
            meta = {}
            for entry in lines[1:i]:
                key, sep, value = entry.partition(":")
                if sep:
                    meta[key.strip().lower()] = value.strip().strip('"\'')
            return meta, "\n".join(lines[i + 1:])
    return {}, text


def kind(path: Path) -> str:
    """The format's suffix, looking through a .gz ending."""
    name = path.name.lower().removesuffix(".gz")
    return "." + name.rsplit(".", 1)[-1]


def open_text(path: Path, newline=None):
    """The file as UTF-8 text (a byte-order mark is skipped), decompressed when it ends in .gz."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=newline)
    return path.open(encoding="utf-8-sig", newline=newline)


def read_all(path: Path) -> str:
    with open_text(path) as fh:
        return fh.read()


def read_text(path: Path):
    raw = read_all(path)
    meta, body = _front_matter(raw)
    yield _from_record({**meta, "text": body}, str(path), title_from_body=not meta.get("title"))


def read_html(path: Path):
    import trafilatura
    raw = read_all(path)
    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        yield ReadError(str(path), "no article text found in the HTML")
        return
    yield make_article(doc.title or "", doc.text, url=doc.url or "", published=doc.date, source=doc.sitename or "",
                       path=str(path), meta={k: v for k, v in {"author": doc.author, "description": doc.description}
                                             .items() if v})


def read_json(path: Path):
    try:
        data = json.loads(read_all(path))
    except json.JSONDecodeError as exc:
        yield ReadError(str(path), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records, 1):
        where = f"{path}[{i}]" if isinstance(data, list) else str(path)
        yield _from_record(rec, where, str(path)) if isinstance(rec, dict) else ReadError(where, "not a JSON object")


def read_jsonl(path: Path):
    with open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ReadError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield _from_record(rec, where, str(path)) if isinstance(rec, dict) else ReadError(where, "not a JSON object")


def read_csv(path: Path):
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open_text(path, newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "text" not in fields:
            yield ReadError(str(path), f"no 'text' column (columns: {', '.join(fields) or 'none'})")
            return
        for lineno, row in enumerate(reader, 2):
            rec = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
            yield _from_record(rec, f"{path}:{lineno}", str(path))


def _pick(rec: dict, keys) -> str:
    for k in keys:
        if rec.get(k) not in (None, ""):
            return rec[k]
    return ""


def _from_record(rec: dict, where: str, path: str = "", title_from_body: bool = False) -> Article | ReadError:
    body = _pick(rec, TEXT_KEYS)
    if not isinstance(body, str):
        return ReadError(where, "the 'text' field is not a string")
    title = "" if title_from_body else _pick(rec, TITLE_KEYS)
    meta = {k: v for k, v in rec.items() if k not in KNOWN and v not in (None, "")}
    if rec.get("id") not in (None, ""):
        meta["source_id"] = rec["id"]
    meta["_where"] = where
    return make_article(str(title or ""), body, url=str(_pick(rec, ("url", "link")) or ""),
                        published=_pick(rec, DATE_KEYS) or None, source=str(rec.get("source") or ""),
                        path=path or where, meta=meta)
