"""The manifest in OUT: what the last run read, with which settings and templates, and what it wrote."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, JsonValue, ValidationError

from generator.model import Diagnostic

GENERATOR_DIR = ".generator"
MANIFEST_PATH = f"{GENERATOR_DIR}/manifest.json"


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_hash(path: str | os.PathLike[str]) -> str | None:
    """The sha256 of a file's bytes; None when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return sha256(file.read())
    except OSError:
        return None


class OutputRecord(BaseModel):
    """A written file: the hash of its bytes, and of the unformatted text it was formatted from."""

    model_config = ConfigDict(frozen=True)

    sha256: str
    rendered_sha256: str


class Manifest(BaseModel):
    """Everything in it is relative and sorted, so that it is byte-identical on any machine."""

    model_config = ConfigDict(frozen=True)

    generator_version: str
    settings: dict[str, JsonValue]
    templates: str
    inputs: dict[str, str]
    outputs: dict[str, OutputRecord]
    diagnostics: list[Diagnostic] = []  # replayed when a run finds nothing to do

    def to_json(self) -> str:
        return self.model_dump_json(indent=1) + "\n"


def load_manifest(out: Path) -> Manifest | None:
    """The manifest of the last run; None when there is none. One of another generator version that
    cannot be read whole still says which files are the generator's (nothing else in it is trusted).
    """
    try:
        data = (out / MANIFEST_PATH).read_bytes()
    except OSError:
        return None
    try:
        return Manifest.model_validate_json(data)
    except ValidationError:
        return _outputs_only(data)


def _outputs_only(data: bytes) -> Manifest | None:
    try:
        outputs = json.loads(data)["outputs"]
        paths = [path for path in outputs if isinstance(path, str)]
    except (ValueError, TypeError, KeyError):
        return None
    unknown = OutputRecord(sha256="", rendered_sha256="")
    return Manifest(
        generator_version="",
        settings={},
        templates="",
        inputs={},
        outputs=dict.fromkeys(paths, unknown),
    )
