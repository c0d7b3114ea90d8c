"""Diagnostic codes, one table: the README documents them from here, and every stage reports through them."""

from __future__ import annotations

from enum import Enum

from generator.model import Diagnostic, Level, Source


class Code(Enum):
    """Each code: (default level, what it means). Codes are stable; their meaning never changes."""

    # read
    R001 = (Level.ERROR, "the file cannot be read or decoded as UTF-8 text")
    R002 = (Level.ERROR, "the file is too large or binary")
    R003 = (Level.ERROR, "the file is empty")
    # parse: the file cannot be understood
    P001 = (Level.ERROR, "no front matter with a `uid` (or `id`) key")
    P002 = (Level.ERROR, "no ```http endpoint block with `METHOD /path` after the title")
    P003 = (Level.ERROR, "the endpoint method is not an HTTP method")
    # parse: the file is understood, something in it is odd
    P101 = (Level.WARNING, "the H1 title's method differs from the endpoint block")
    P102 = (Level.WARNING, "a path parameter has no row in the path-part table; typed as string")
    P103 = (Level.WARNING, "a path-part row names no parameter of the path; ignored")
    P104 = (Level.WARNING, "a multi-line table cell was joined onto its row")
    P105 = (Level.WARNING, "a Type cell is not a known type or a type name; typed as string")
    P106 = (
        Level.WARNING,
        "an unknown request header; taken as an optional string header parameter",
    )
    P107 = (Level.WARNING, "a table whose header row is not one of the known tables; ignored")
    P108 = (Level.WARNING, "a sample block that cannot be read as an HTTP message; ignored")
    P109 = (Level.WARNING, "a sample body that is not JSON; kept as text")
    P110 = (Level.WARNING, "a table row with a different number of cells than its header")
    P111 = (Level.WARNING, "a structural section appears twice; the first one is used")
    P112 = (Level.WARNING, "a status table row whose status is not an HTTP status code; ignored")
    P113 = (Level.WARNING, "a sample body nested deeper than 64 levels; kept as text")
    P114 = (Level.WARNING, "a parameter is listed twice; the first row is used")
    # resolve: facts across docs
    X201 = (Level.WARNING, "the response lists no success status")
    X202 = (Level.WARNING, "a success response whose body type is not described")
    X203 = (Level.WARNING, "a request body with no table, sample or telling name; typed as string")
    X204 = (
        Level.WARNING,
        "routes differ only in parameter names (not types); merged into one path",
    )
    X205 = (
        Level.WARNING,
        "two docs describe the same method, route and parameter types; the first is kept",
    )
    X206 = (Level.ERROR, "two docs have the same operation id; the first is kept")
    X207 = (Level.WARNING, "docs disagree about the type of a property")
    X208 = (Level.WARNING, "a body name does not match its table; the table wins")
    X209 = (Level.WARNING, "an unnamed table was given a synthesised type name")
    # cache: a doc that fails and what it produced before
    C001 = (Level.WARNING, "a doc that fails: its last good version generates in its place")
    C002 = (Level.ERROR, "a failing doc has no good version in the parse cache; nothing is written")
    X210 = (
        Level.WARNING,
        "one method on routes that differ only in parameter names and types; both kept, told "
        "apart by type",
    )

    @property
    def level(self) -> Level:
        return self.value[0]

    @property
    def meaning(self) -> str:
        return self.value[1]


def diagnostic(code: Code, source: Source, message: str) -> Diagnostic:
    return Diagnostic(source=source, level=code.level, code=code.name, message=message)
