"""The manifest in OUT: what the last run read, with which settings and templates, and what it wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.model import Diagnostic

MANIFEST_PATH = ".generator/manifest.json"


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


class OutputRecord(BaseModel):
    """A written file: the hash of its bytes, and of the unformatted text it was formatted from."""

    model_config = ConfigDict(frozen=True)

    sha256: str
    rendered_sha256: str


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True)

    generator_version: str
    settings: str
    templates: str
    inputs: dict[str, str]
    outputs: dict[str, OutputRecord]
    diagnostics: list[Diagnostic] = []  # replayed when a run finds nothing to do

    def same_run(self, other: Manifest) -> bool:
        """True when another run would read the same inputs the same way (so write the same outputs)."""
        return (self.generator_version, self.settings, self.templates, self.inputs) == (
            other.generator_version,
            other.settings,
            other.templates,
            other.inputs,
        )

    def to_json(self) -> str:
        return self.model_dump_json(indent=1) + "\n"


def load_manifest(out: Path) -> Manifest | None:
    try:
        return Manifest.model_validate_json((out / MANIFEST_PATH).read_bytes())
    except (OSError, ValidationError, ValueError):
        return None
