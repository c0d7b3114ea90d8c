"""The Jinja environment: built-in templates overridable by relative path, StrictUndefined, and the
escaping filters through which (and only through which) doc text reaches generated code: `py_str`,
`docstring`, `comment` for Python, `ts_str`, `tsdoc`, `json_str` for TypeScript and its package files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

import jinja2
import jinja2.bccache

import generator
from generator.render import layout
from generator.render.fingerprint import TemplateFailure, template_dirs
from generator.render.typescript_text import json_string, ts_string, tsdoc


def make_environment(override: Path | None = None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs(override)]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.bytecode_cache = bytecode_cache(environment)
    environment.filters.update(
        py_str=python_string,
        docstring=docstring_text,
        docstring_block=layout.docstring,
        comment=comment_text,
        ts_str=ts_string,
        tsdoc=tsdoc,
        json_str=json_string,
    )
    return environment


# The settings of an Environment that change how its templates compile.
COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in the user's own folder of the system's temp folder
    (jinja makes it private and refuses one it cannot trust), as Python keeps bytecode: compiling
    the templates costs a one-doc run about 60 ms.

    Jinja keys an entry by the template's name and file and checks its source; the key here also
    holds how the environment compiles (COMPILE_SETTINGS, its extensions), jinja's version and the
    generator's, so code compiled otherwise is never taken. The cache is an aid only: an entry that
    cannot be read or written is compiled again."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__()
        settings = [repr(getattr(environment, name)) for name in COMPILE_SETTINGS]
        compiled = (
            jinja2.__version__,
            generator.__version__,
            settings,
            sorted(environment.extensions),
        )
        self.salt = hashlib.sha256(repr(compiled).encode()).hexdigest()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache(environment: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """The environment's cache of compiled templates; None (compiled each run) without a safe
    folder for it."""
    try:
        return CompiledTemplates(environment)
    except (OSError, RuntimeError):
        return None


def python_string(text: object) -> str:
    """A Python string literal holding the text exactly (quoted as black quotes it)."""
    return layout.python_literal(str(text))


def docstring_text(text: object) -> str:
    """Text safe inside a triple-quoted docstring: no way to close it early or form an escape."""
    escaped = layout.docstring_body(str(text))
    return escaped + " " if escaped.endswith('"') else escaped


def comment_text(text: object) -> str:
    """Text safe in a `#` comment: one line."""
    return " ".join(str(text).split())


def template_location(error: jinja2.TemplateError) -> str:
    """`file:line: ` of a template error: the syntax error's own, or the innermost template frame's."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}: "
    location = ""
    for frame, line in frames(error.__traceback__):
        if "__jinja_exception__" in frame.f_globals:  # a frame jinja made for a template line
            location = f"{frame.f_code.co_filename}:{line}: "
    return location


def frames(traceback: TracebackType | None) -> Iterator[tuple[FrameType, int]]:
    while traceback is not None:
        yield traceback.tb_frame, traceback.tb_lineno
        traceback = traceback.tb_next


@contextmanager
def template_errors() -> Iterator[None]:
    """Jinja's errors as TemplateFailure, with the template's file and line."""
    try:
        yield
    except jinja2.TemplateError as error:
        message = error.message or type(error).__name__
        raise TemplateFailure(f"{template_location(error)}{message}") from error
