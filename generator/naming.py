"""Names for generated code: types that can only hold a valid name, and the rules that derive them.

Doc text is untrusted: a name from a doc reaches generated code only through these types, so no template
can emit a keyword, an invalid identifier or something that is not a name at all.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")
# Names that would shadow builtins used in generated annotations, or attributes of pydantic's BaseModel.
RESERVED = frozenset(
    {
        "self",
        "cls",
        "type",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "dict",
        "set",
        "tuple",
        "object",
    }
    | {"any", "none", "literal", "field", "annotated", "optional", "datetime", "date"}
    | {"json", "copy", "schema", "schema_json", "construct", "validate", "fields", "from_orm"}
    | {"parse_obj", "parse_raw", "parse_file", "update_forward_refs"}
)

# File names Windows refuses whatever their extension (`con.py`, `NUL.json`): never an output's first part.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)
_PORTABLE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_NOT_PORTABLE = re.compile(r"[^A-Za-z0-9_.-]+")


class _ValidatedName(str):
    """A str that is checked when made; subclasses say what is valid."""

    def __new__(cls, value: str) -> _ValidatedName:
        if not cls.is_valid(value):
            raise ValueError(f"{value!r} is not a valid {cls.__name__}")
        return super().__new__(cls, value)

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return value.isascii() and value.isidentifier() and not keyword.iskeyword(value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(), serialization=core_schema.to_string_ser_schema()
        )


class PythonIdentifier(_ValidatedName):
    """A snake_case-friendly Python identifier: ASCII, not a keyword, not a soft keyword."""

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return super().is_valid(value) and not keyword.issoftkeyword(value)


class ClassName(_ValidatedName):
    """A Python class name: a valid identifier starting with an upper-case letter."""

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return super().is_valid(value) and value[:1].isupper()


# Names repeat across an API (every `id`, `name`, `Contact`): the rules are pure, so each text is
# worked out once per run.
@lru_cache(maxsize=1 << 16)
def ascii_words(text: str) -> tuple[str, ...]:
    """The words of a name: unicode folded to ASCII, split at punctuation and at case changes."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _NOT_WORD.split(folded):
        words.extend(part for part in _WORD_BOUNDARY.split(chunk) if part)
    return tuple(words)


@lru_cache(maxsize=1 << 16)
def snake_case(text: str) -> str:
    return "_".join(word.lower() for word in ascii_words(text))


@lru_cache(maxsize=1 << 16)
def pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


@lru_cache(maxsize=1 << 16)
def python_identifier(text: str, fallback: str = "value") -> PythonIdentifier:
    """A snake_case identifier for any text: keywords and reserved names get a trailing `_`."""
    name = snake_case(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name.startswith("model_"):  # pydantic reserves the model_ namespace
        name = f"field_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED:
        name += "_"
    return PythonIdentifier(name)


def class_name(text: str, fallback: str = "Model") -> ClassName:
    name = pascal_case(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return ClassName(name)


def unique(names: Iterable[str], taken: Iterable[str] = (), fold_case: bool = False) -> list[str]:
    """The names made unique in order of appearance: a repeat gets `_2`, `_3`, ... (or `2`, `3` for
    classes). With `fold_case`, names that differ only in case count as the same (file names, on
    file systems that fold case)."""

    def key(name: str) -> str:
        return name.casefold() if fold_case else name

    seen = {key(name) for name in taken}
    result: list[str] = []
    for name in names:
        candidate, counter = name, 2
        while key(candidate) in seen:
            separator = "" if name[:1].isupper() else "_"
            candidate, counter = f"{name.rstrip('_')}{separator}{counter}", counter + 1
        seen.add(key(candidate))
        result.append(candidate)
    return result


# Dot files the generator writes of its own (a generated project's ignore files); no doc names a file.
GENERATOR_DOT_FILES = frozenset({".gitignore", ".prettierignore"})


def is_portable_file_name(name: str) -> bool:
    """A file or folder name every file system takes: ASCII letters, digits, `_ . -`, not hidden (but for
    the generator's own dot files), not ending in a dot, not a name Windows reserves."""
    bare = name[1:] if name in GENERATOR_DOT_FILES else name
    return (
        _PORTABLE_PART.fullmatch(bare) is not None
        and not name.endswith(".")
        and bare.split(".", 1)[0].lower() not in WINDOWS_RESERVED
    )


def module_name(text: str, fallback: str = "module") -> PythonIdentifier:
    """A Python identifier that is also a portable module file name (`con` -> `con_`)."""
    name = python_identifier(text, fallback)
    return PythonIdentifier(f"{name}_") if name.lower() in WINDOWS_RESERVED else name


def file_stems(names: Iterable[str], fallback: str = "file") -> dict[str, str]:
    """Each name -> a portable file stem, unique even on a case-insensitive file system.

    Names are taken in sorted order, so the same names always get the same stems."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        stem = _portable_stem(name, fallback)
        candidate, counter = stem, 2
        while candidate.lower() in taken:
            candidate, counter = f"{stem}_{counter}", counter + 1
        taken.add(candidate.lower())
        stems[name] = candidate
    return stems


def _portable_stem(text: str, fallback: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _NOT_PORTABLE.sub("_", folded).strip("._-") or fallback
    first, dot, rest = stem.partition(".")
    if first.lower() in WINDOWS_RESERVED:
        stem = f"{first}_{dot}{rest}"
    return stem
