"""Settings of a run: from the command line, else `[tool.generator]` in a pyproject.toml, else defaults."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from generator.naming import PythonIdentifier
from generator.write.formatting import FormatMode


class Target(StrEnum):
    SCHEMA = "schema"
    CLIENT = "client"
    SERVER = "server"
    TYPESCRIPT = "typescript"  # opt-in: not among the defaults


# Settings that change what is written: recorded in the manifest (templates by the hash of their texts).
SHAPING = ("api_version", "package_name", "targets", "title", "unique_path_templates")
# Settings of one invocation only: not accepted from a config file.
COMMAND_LINE_ONLY = (
    "check",
    "force",
    "verbosity",
    "fail_on_breaking",
    "diagnostics_format",
    "diagnostics_file",
    "changes",
)
DiagnosticsFormat = Literal["text", "json", "github", "sarif"]


def _target_order(name: object) -> int:
    """Targets in their canonical order; unknown names first (validation then rejects them)."""
    return (
        [target.value for target in Target].index(name) if name in {t.value for t in Target} else -1
    )


class Settings(BaseModel):
    """What shapes the output, and how a run goes. Changing a SHAPING setting regenerates everything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    targets: tuple[Target, ...] = Field(
        default=(Target.SCHEMA, Target.CLIENT, Target.SERVER), min_length=1
    )
    package_name: PythonIdentifier = PythonIdentifier("generated_api")
    title: str = "API"
    api_version: str = "1.0"
    # openapi.json: operations told apart only by parameter types share one path item (the others
    # in its `x-overloads`), as OpenAPI's rule against equivalent path templates demands; by default
    # each keeps its own template, as the vendor's spec does.
    unique_path_templates: bool = False
    templates: Path | None = None
    strict: bool = False
    check: bool = False
    force: bool = False
    jobs: int = Field(default=0, ge=0, description="worker processes; 0 = one per core")
    format: FormatMode = FormatMode.AUTO
    verbosity: int = Field(default=1, ge=0, le=2)
    fail_on_breaking: bool = False  # a breaking API change: write nothing (the CLI exits 3)
    diagnostics_format: DiagnosticsFormat = "text"
    diagnostics_file: Path | None = None  # machine formats go here instead of stdout
    changes: Path | None = None  # the API change report: Markdown, or JSON for a .json name

    @field_validator("targets", mode="before")
    @classmethod
    def _split_targets(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, (list, tuple)):
            return tuple(sorted(set(value), key=_target_order))  # same targets, same settings
        return value

    @property
    def server_package_name(self) -> PythonIdentifier:
        return PythonIdentifier(f"{self.package_name}_server")

    @property
    def builtin_python_templates(self) -> bool:
        """No `.py.j2` template is overridden: every Python text comes from the built-in templates."""
        return self.templates is None or not any(self.templates.rglob("*.py.j2"))

    def shaping(self) -> dict[str, JsonValue]:
        """The settings that change what is written, for the manifest (sorted keys, JSON values)."""
        values = self.model_dump(include=set(SHAPING), mode="json")
        return {name: values[name] for name in SHAPING}
