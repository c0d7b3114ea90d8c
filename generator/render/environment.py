"""The Jinja environment: built-in templates overridable by relative path, StrictUndefined, and the
escaping filters through which (and only through which) doc text reaches generated code: `py_str`,
`docstring`, `comment` for Python, `ts_str`, `tsdoc`, `json_str` for TypeScript and its package files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

import jinja2

from generator.render import layout
from generator.render.fingerprint import TemplateFailure, template_dirs
from generator.render.typescript_text import json_string, ts_string, tsdoc


def make_environment(override: Path | None = None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs(override)]),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
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


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in the user's own folder of the system's temp folder
    (jinja makes it private and refuses one it cannot trust), as Python keeps bytecode: compiling
    the templates costs a one-doc run about 60 ms. An entry is used only for the same template file
    with the same source; without a safe folder, templates are compiled each run."""
    try:
        return jinja2.FileSystemBytecodeCache()
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
