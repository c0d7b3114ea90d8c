"""Settings of a run: from the command line, else `[tool.generator]` in a pyproject.toml, else defaults."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.naming import PythonIdentifier


class Target(StrEnum):
    SCHEMA = "schema"
    CLIENT = "client"
    SERVER = "server"


class Settings(BaseModel):
    """What shapes the output. Everything here except `jobs`, `check`, `force` and the verbosity is
    recorded (hashed) in the manifest: changing it regenerates everything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    targets: tuple[Target, ...] = (Target.SCHEMA, Target.CLIENT, Target.SERVER)
    package_name: PythonIdentifier = PythonIdentifier("generated_api")
    title: str = "API"
    api_version: str = "1.0"
    templates: Path | None = None
    strict: bool = False
    check: bool = False
    force: bool = False
    jobs: int = Field(default=0, ge=0, description="worker processes; 0 = one per core")
    verbosity: int = Field(default=1, ge=0, le=2)

    @field_validator("targets", mode="before")
    @classmethod
    def _split_targets(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def server_package_name(self) -> PythonIdentifier:
        return PythonIdentifier(f"{self.package_name}_server")

    def output_fingerprint(self) -> str:
        """A hash of the settings that change what is written."""
        shaping = self.model_dump(include={"targets", "package_name", "title", "api_version"}, mode="json")
        return hashlib.sha256(repr(sorted(shaping.items())).encode()).hexdigest()
