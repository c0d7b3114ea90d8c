"""Small docs of our own for the write and CLI tests: each gives one endpoint and one schema file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

NAMES = ("Alpha", "Beta", "Gamma", "Delta")


def doc_text(name: str, note: str = "A note.", uid: bool = True, extra: str = "") -> str:
    """A POST agent doc with a request-body table (the type {name}Request) and a bool response."""
    front = f"uid: v1WidgetAgent_{name}\n" if uid else ""
    return f"""---
title: POST Agents/Widget/{name}
{front}---

# POST Agents/Widget/{name}

```http
POST /api/v1/Agents/Widget/{name}
```

Does {name} to a widget.

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Content-Type | Content-type of the request body: `application/json` |

## Request Body: request

| Property Name | Type |  Description |
|----------------|------|--------------|
| WidgetId | int32 | The widget. |
| {name}Note | string | {note} |
{extra}
## Response: bool

| Response | Description |
|----------------|-------------|
| 200 | OK |

### Response body: bool
"""


# A table no parser knows: a P107 warning, the doc still generates.
UNKNOWN_TABLE = "\n| Colour | Shade |\n|--------|-------|\n| red | dark |\n"


def doc_path(docs: Path, name: str) -> Path:
    return docs / "agent" / f"v1WidgetAgent_{name}.md"


def write_docs(docs: Path, names: tuple[str, ...] = NAMES) -> Path:
    for name in names:
        path = doc_path(docs, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc_text(name), encoding="utf-8")
    return docs


def schema_path(name: str) -> str:
    return f"schemas/{name}Request.json"


@dataclass(frozen=True)
class Entry:
    """A file (or symlink, or folder) as a test sees it: content, inode, modification time, mode."""

    data: bytes | None
    inode: int
    mtime_ns: int
    mode: int


def snapshot(root: Path, include_root: bool = True) -> dict[str, Entry]:
    """Every path under root (and root itself), without following symlinks."""
    entries: dict[str, Entry] = {}
    paths = [root, *sorted(root.rglob("*"))] if include_root else sorted(root.rglob("*"))
    for path in paths:
        info = os.lstat(path)
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        entries[path.relative_to(root).as_posix()] = Entry(
            data, info.st_ino, info.st_mtime_ns, info.st_mode
        )
    return entries


def contents(root: Path, skip_cache: bool = True) -> dict[str, bytes]:
    """Every file's bytes by relative path (the parse cache left out: it is not an output)."""
    return {
        path: entry.data
        for path, entry in snapshot(root, include_root=False).items()
        if entry.data is not None and not (skip_cache and path.startswith(".generator/cache/"))
    }


def siblings(out: Path) -> list[str]:
    """What runs left beside OUT (staging or retired folders)."""
    return sorted(
        path.name for path in out.parent.iterdir() if path.name.startswith(f".{out.name}.")
    )
