"""Edits of a doc beyond its prose (its tables of types, parameters and statuses), and the check that a
plan scoped to what they change (render/plan.py, Scope.of_difference), with the last plan's files
kept for the rest, gives every file a whole plan gives."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from generator.model import Api, ParsedDoc, ParseResult, SourceFile
from generator.parse import parse_doc
from generator.pipeline import stored_model
from generator.render.client import ClientOutline
from generator.render.patching import OutOfScope
from generator.render.plan import Scope, render_plan
from generator.resolve import resolve
from generator.resolve.edits import patched_api
from generator.resolve.stored import StoredApi, difference, part_name
from generator.settings import Settings, Target
from tests.resolve.prose_edits import (
    edited_docs,
    last_property_type,
    lookup,
    parsed_edits,
    property_added,
    property_description,
    property_removed,
    property_type,
    property_type_and_prose,
)

SEPARATOR = re.compile(r"\n\|[-| :]+\|\n")
ROW = re.compile(r"\| *([^|\n]+?) *\| *([^|\n]+?) *\|([^\n]*)\|(?=\n)")
RETYPED = {"int32": "string", "string": "int32", "bool": "int32", "int64": "string"}
SECTIONS = {
    "request": re.compile(r"\n## Request Body[^\n]*\n"),
    "response": re.compile(r"\n### Response body[^\n]*\n"),
    "path": re.compile(r"\n## Path Part[^\n]*\n"),
    "statuses": re.compile(r"\n## Response[^\n]*\n"),
    "headers": re.compile(r"\n## Request Headers[^\n]*\n"),
}
ENDPOINT = re.compile(r"```http\n([A-Z]+) ([^ ?\n]+)")
OTHER_METHOD = {"GET": "POST", "POST": "PUT", "PUT": "PATCH", "PATCH": "POST", "DELETE": "GET"}


def _rows(text: str, section: str) -> list[re.Match[str]]:
    """The rows of the first table under the section's heading (before the next heading)."""
    heading = SECTIONS[section].search(text)
    if heading is None:
        return []
    end = text.find("\n#", heading.end())
    separator = SEPARATOR.search(text, heading.end(), len(text) if end < 0 else end)
    if separator is None:
        return []
    rows, at = [], separator.end()
    while (row := ROW.match(text, at)) is not None:
        rows.append(row)
        at = row.end() + 1
    return rows


def retyped(section: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        """The first row of the section's table whose type is a scalar, typed as another one."""
        for row in _rows(text, section):
            if row.group(2) in RETYPED:
                return f"{text[: row.start(2)]}{RETYPED[row.group(2)]}{text[row.end(2) :]}"
        return text

    return edit


def row_added(section: str, row: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        """A row more under the section's table: every line below moves down one."""
        rows = _rows(text, section)
        if not rows:
            return text
        return f"{text[: rows[-1].end()]}\n{row}{text[rows[-1].end() :]}"

    return edit


def row_removed(section: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        """The section table's last row gone, where it has more than one."""
        rows = _rows(text, section)
        if len(rows) < 2:
            return text
        return f"{text[: rows[-1].start()]}{text[rows[-1].end() + 1 :]}"

    return edit


def other_method(text: str) -> str:
    """The endpoint's method another one (its operation id stays)."""
    found = ENDPOINT.search(text)
    if found is None or found.group(1) not in OTHER_METHOD:
        return text
    return f"{text[: found.start(1)]}{OTHER_METHOD[found.group(1)]}{text[found.end(1) :]}"


def longer_path(text: str) -> str:
    """The endpoint's path a segment longer (its operation id stays)."""
    found = ENDPOINT.search(text)
    if found is None:
        return text
    return f"{text[: found.end(2)]}/Edited{text[found.end(2) :]}"


def without_samples(text: str) -> str:
    """The sample exchange gone (from its first heading to the end)."""
    found = re.search(r"\n## Sample (request|response)", text)
    return text if found is None else text[: found.start() + 1]


def without_header(name: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        """The request header of that name gone."""
        rows = [row for row in _rows(text, "headers") if row.group(1) == name]
        return text if not rows else f"{text[: rows[0].start()]}{text[rows[0].end() + 1 :]}"

    return edit


def binary_body(text: str) -> str:
    """The request body's media type an image's."""
    rows = [row for row in _rows(text, "headers") if row.group(1) == "Content-Type"]
    if not rows or "`application/json`" not in rows[0].group(0):
        return text
    row = rows[0].group(0).replace("`application/json`", "`image/png`", 1)
    return f"{text[: rows[0].start()]}{row}{text[rows[0].end() :]}"


EDITS: dict[str, Callable[[str], str]] = {
    "a request property's type": retyped("request"),
    "a request property added": row_added("request", "| AddedByAnEdit | int32 | Added. |"),
    "a request property removed": row_removed("request"),
    "a response property's type": retyped("response"),
    "a response property added": row_added("response", "| AddedByAnEdit | string | Added. |"),
    "a response property removed": row_removed("response"),
    "a path part's type": retyped("path"),
    "a status added": row_added("statuses", "| 409 | Conflict |"),
    "another method": other_method,
    "a longer path": longer_path,
    "no sample exchange": without_samples,
    "an Authorization header added": row_added("headers", "| Authorization | Basic. |"),
    "the Authorization header removed": without_header("Authorization"),
    "a binary request body": binary_body,
}
SETTINGS = Settings(targets=(Target.SCHEMA, Target.CLIENT, Target.SERVER))
# The edits of the local path (generator/resolve/edits.py) that may change a named type: of its
# cells, and of its rows.
PROPERTY_EDITS: dict[str, Callable[[str], str]] = {
    "a property's type": property_type,
    "the last property's type": last_property_type,
    "a property's description": property_description,
    "a property's type and the prose": property_type_and_prose,
    "a property added": property_added,
    "a property removed": property_removed,
}


@dataclass
class Outcome:
    scoped: list[str] = field(default_factory=list)  # edits a scoped plan rendered (and right)
    whole: list[str] = field(default_factory=list)  # edits that need a whole plan
    wrong: list[str] = field(default_factory=list)  # scoped, but not what a whole plan gives
    reached: list[tuple[int, int]] = field(default_factory=list)  # (groups, types) each scope held


def check_edits(files: list[SourceFile], chosen: list[SourceFile]) -> Outcome:
    """Each edit of each chosen doc: the files a plan scoped to the difference renders, with the
    rest kept from the plan before the edit, against a whole plan of the edited docs."""
    parsed = {file.path: parse_doc(file) for file in files}
    before = resolve(_docs(parsed))
    stored_before = as_cached(stored_model(before))
    plan_before = render_plan(before, SETTINGS)
    outcome = Outcome()
    edited = (
        (label, {**parsed, file.path: parse_doc(file)})
        for label, file in edited_docs(chosen, EDITS)
    )
    for label, docs in itertools.chain(edited, doc_set_edits(parsed, chosen)):
        after = resolve(_docs(docs))
        found = difference(stored_before, stored_model(after))
        of_difference = None
        if found is not None:
            of_difference = Scope.of_difference(
                after,
                found.groups,
                found.types,
                found.same_routes,
                found.classes_before,
                found.groups_before,
            )
        if of_difference is None:
            outcome.whole.append(label)
            continue
        scope = of_difference
        patched = scope.patched(SETTINGS)
        earlier = {path: plan_before[path] for path in patched if path in plan_before}
        scope = replace(scope, earlier=earlier)
        try:
            scoped = scoped_plan(after, scope, plan_before)
        except OutOfScope:  # the pipeline renders everything then
            outcome.whole.append(label)
            continue
        right = scoped == render_plan(after, SETTINGS)
        (outcome.scoped if right else outcome.wrong).append(label)
        outcome.reached.append((len(scope.groups or ()), len(scope.types)))
    return outcome


def doc_set_edits(
    parsed: dict[str, ParseResult], chosen: list[SourceFile]
) -> Iterator[tuple[str, dict[str, ParseResult]]]:
    """For each chosen doc: the docs without it; with a copy of it as another operation, sharing
    its types; and with a copy of it whose types are new too (a label each, and the docs)."""
    for file in chosen:
        doc = parsed[file.path].doc
        if doc is None:
            continue
        yield f"{file.path}: the doc removed", {
            path: result for path, result in parsed.items() if path != file.path
        }
        method = doc.operation_id.partition("_")[2]
        if not method:
            continue
        copy = file.text.replace(method, f"{method}Copied")
        names = [
            doc.request_body.name if doc.request_body else "",
            doc.response.body_name if doc.response else "",
        ]
        own = copy
        for name in sorted({name for name in names if name.isidentifier()}, key=len, reverse=True):
            own = re.sub(rf"\b{re.escape(name)}\b", f"{name}Copied", own)
        # An id that holds ` (` keys the server's cases like the doc's own (`_server_key`).
        lookalike = copy.replace(f"{method}Copied", f"{method} (copied").replace(
            "/" + f"{method} (copied", "/" + f"{method}Copied"
        )
        directory, _, stem = file.path.rpartition("/")
        for label, text in (
            ("a copy added", copy),
            ("a copy with types of its own", own),
            ("a copy whose id looks like the doc's", lookalike),
        ):
            path = f"{directory}/{stem.removesuffix('.md')}Copied.md".lstrip("/")
            added = parse_doc(SourceFile(path=path, text=text))
            yield f"{file.path}: {label}", {**parsed, path: added}


def scoped_plan(api: Api, scope: Scope, plan_before: dict[str, str]) -> dict[str, str]:
    """What OUT holds after a scoped plan: its files, and the last plan's that it does not claim."""
    plan = render_plan(api, SETTINGS, scope)
    files, folders = scope.claims(api, SETTINGS)
    kept = {
        path: text
        for path, text in plan_before.items()
        if path not in files and not path.startswith(folders)
    }
    return dict(sorted({**kept, **plan}.items()))


def as_cached(stored: StoredApi) -> StoredApi:
    """A stored Api with each part's name, as the cache loads it."""
    parts = [stored.head, stored.types, *stored.groups]
    return StoredApi(stored.head, stored.types, stored.groups, tuple(map(part_name, parts)))


def _docs(parsed: dict[str, ParseResult]) -> list[ParsedDoc]:
    return [result.doc for result in parsed.values() if result.doc is not None]


@dataclass
class LocalOutcome:
    scoped: list[str] = field(default_factory=list)  # retyping edits rendered in scope (and right)
    wrong: list[str] = field(default_factory=list)  # rendered in scope, not what a whole plan gives
    other: list[str] = field(default_factory=list)  # edits that changed no type, or take a resolve


def check_local_edits(files: list[SourceFile], chosen: list[SourceFile]) -> LocalOutcome:
    """Each edit of a property table's cells or rows (tests/resolve/prose_edits.py) that the local path
    patches into a changed type: the files a plan renders in the local path's scope (the Api with
    the scope's groups alone, the client's outline, the OpenAPI document patched), with the rest
    kept from the plan before the edit, against a whole plan of the edited docs."""
    parsed = {file.path: parse_doc(file) for file in files}
    before = resolve(_docs(parsed))
    stored_before = stored_model(before)
    plan_before = render_plan(before, SETTINGS)
    outcome = LocalOutcome()
    for label, new, edit in parsed_edits(parsed, chosen, PROPERTY_EDITS):
        found = patched_api(stored_before, [edit], lookup(parsed))
        if found is None or not found.types:
            outcome.other.append(label)
            continue
        head = found.stored.read_head()
        edited = frozenset(g.name for g in head.groups if edit.new.operation_id in g.operations)
        types = found.stored.named_types()
        draws = {group.name: group.types for group in head.groups}
        outline = ClientOutline.from_json(head.outline)
        scope = Scope.of_changes(edited, found.types, types, draws, outline)
        earlier = {path: plan_before[path] for path in scope.patched(SETTINGS)}
        scope = replace(scope, earlier=earlier)
        api = found.stored.api(scope.groups, types)
        scoped = scoped_plan(api, scope, plan_before)
        expected = render_plan(resolve(_docs({**parsed, edit.file: new})), SETTINGS)
        (outcome.scoped if scoped == expected else outcome.wrong).append(label)
    return outcome
