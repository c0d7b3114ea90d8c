"""Doc tables, recognised by their header row (never by the heading above them), read as model rows."""

from __future__ import annotations

import re
from enum import Enum
from urllib.parse import unquote

from generator.diagnostics import Code, diagnostic
from generator.model import Diagnostic, HeaderRow, ParamRow, PropertyRow, Source, StatusRow, TypeRef
from generator.parse.markdown import Row, Table
from generator.parse.text import backticked, normalise, strip_required
from generator.parse.types import read_type_cell

HTTP_STATUS = re.compile(r"[1-5][0-9][0-9]")


class TableKind(Enum):
    PATH = ("path part", "type", "description")
    QUERY = ("parameter name", "type", "description")
    HEADERS = ("parameter name", "description")
    STATUSES = ("response", "description")
    PROPERTIES = ("property name", "type", "description")


def table_kind(table: Table) -> TableKind | None:
    header = tuple(" ".join(cell.lower().split()) for cell in table.header)
    return next((kind for kind in TableKind if kind.value == header), None)


class RowReader:
    """Reads the rows of one doc's tables, collecting diagnostics with file and line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def source(self, line: int) -> Source:
        return Source(file=self.file, line=line)

    def warn(self, code: Code, line: int, message: str) -> None:
        self.diagnostics.append(diagnostic(code, self.source(line), message))

    def cells(self, row: Row, width: int) -> tuple[str, ...]:
        if row.written_cells != width:
            self.warn(
                Code.P110, row.line, f"{row.written_cells} cells where the header has {width}"
            )
        return (row.cells + ("",) * width)[:width]

    def type_of(self, cell: str, line: int) -> TypeRef:
        read = read_type_cell(cell, self.source(line))
        if read is None:
            self.warn(Code.P105, line, f"unknown type {cell!r}")
            return TypeRef(kind="string")
        return read

    def parameters(self, table: Table, required_by_default: bool) -> list[ParamRow]:
        found = []
        for row in table.rows:
            name, type_cell, text = self.cells(row, 3)
            if not name:
                continue
            description, marked = strip_required(text)
            found.append(
                ParamRow(
                    name=unquote(name.strip("`")),
                    type=self.type_of(type_cell, row.line),
                    type_cell=type_cell,
                    required=required_by_default or marked,
                    description=normalise(description),
                    source=self.source(row.line),
                )
            )
        return found

    def headers(self, table: Table) -> list[HeaderRow]:
        found = []
        for row in table.rows:
            name, text = self.cells(row, 2)
            if name:
                media = backticked(text)
                found.append(
                    HeaderRow(
                        name=name,
                        description=normalise(text),
                        media_types=media,
                        source=self.source(row.line),
                    )
                )
        return found

    def properties(self, table: Table) -> list[PropertyRow]:
        found = []
        for row in table.rows:
            name, type_cell, text = self.cells(row, 3)
            if name:
                found.append(
                    PropertyRow(
                        name=name.strip("`"),
                        type=self.type_of(type_cell, row.line),
                        type_cell=type_cell,
                        description=normalise(strip_required(text)[0]),
                        source=self.source(row.line),
                    )
                )
        return found

    def statuses(self, table: Table) -> list[StatusRow]:
        found = []
        for row in table.rows:
            status, text = self.cells(row, 2)
            if not status.strip():
                continue
            if not HTTP_STATUS.fullmatch(status.strip()):
                self.warn(
                    Code.P112,
                    row.line,
                    f"{status.strip()!r} is not an HTTP status code; row ignored",
                )
                continue
            found.append(
                StatusRow(
                    status=status.strip(), description=normalise(text), source=self.source(row.line)
                )
            )
        return found
