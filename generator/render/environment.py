"""The Jinja environment: built-in templates overridable by relative path, StrictUndefined, and the
escaping filters through which (and only through which) doc text reaches generated code."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

import generator


def builtin_templates() -> Path:
    """templates/ of the checkout (editable install), or generator/templates inside an installed wheel."""
    package = Path(generator.__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def template_dirs(override: Path | None) -> list[Path]:
    return ([override] if override is not None else []) + [builtin_templates()]


def make_environment(override: Path | None = None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs(override)]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters.update(
        py_str=python_string,
        docstring=docstring_text,
        comment=comment_text,
    )
    return environment


def templates_fingerprint(override: Path | None) -> str:
    """A hash of every template that can be used (overrides and built-ins), for the manifest."""
    digest = hashlib.sha256()
    for root in template_dirs(override):
        for path in sorted(p for p in root.rglob("*.j2") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def python_string(text: object) -> str:
    """A Python string literal holding the text exactly: quotes, backslashes, newlines all escaped."""
    return repr(str(text))


def docstring_text(text: object) -> str:
    """Text safe inside a triple-quoted docstring: no way to close it early or form an escape."""
    escaped = str(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    escaped = "".join(ch if ch.isprintable() or ch == "\n" else _escape(ch) for ch in escaped)
    return escaped + " " if escaped.endswith('"') else escaped


def _escape(character: str) -> str:
    """The Python escape of one character: `\\x85`, `\\u2028`, `\\U0001f600`."""
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def comment_text(text: object) -> str:
    """Text safe in a `#` comment: one line."""
    return " ".join(str(text).split())
