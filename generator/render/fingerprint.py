"""Where the templates are, and a hash of them for the manifest (without importing Jinja: the
no-change path needs the hash only)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import generator


class TemplateFailure(Exception):
    """A template that cannot be compiled or rendered: `file:line: message`."""


def builtin_templates() -> Path:
    """templates/ of the checkout (editable install), or generator/templates inside an installed wheel."""
    package = Path(generator.__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def template_dirs(override: Path | None) -> list[Path]:
    return ([override] if override is not None else []) + [builtin_templates()]


def templates_fingerprint(override: Path | None) -> str:
    """A hash of every template that can be used (overrides and built-ins), for the manifest."""
    digest = hashlib.sha256()
    for root in template_dirs(override):
        for path in sorted(p for p in root.rglob("*.j2") if p.is_file()):
            digest.update(
                path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
            )
    return digest.hexdigest()
