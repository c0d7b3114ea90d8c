"""One doc to a ParsedDoc: front matter, endpoint block, description, structural sections, samples.

Knows nothing of other docs, so it can run in a process pool and be cached by content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.diagnostics import Code, diagnostic
from generator.model import (
    Diagnostic,
    HeaderRow,
    HttpSample,
    ParamRow,
    ParsedDoc,
    ParsedRequestBody,
    ParsedResponse,
    ParseResult,
    PropertyRow,
    Source,
    SourceFile,
    StatusRow,
    TypeRef,
)
from generator.parse.markdown import (
    Block,
    Document,
    Fence,
    Heading,
    Paragraph,
    Table,
    read_markdown,
)
from generator.parse.samples import (
    HTTP_METHODS,
    TOO_DEEP,
    is_request,
    is_response,
    read_json,
    read_sample,
)
from generator.parse.tables import RowReader, TableKind, table_kind
from generator.parse.text import normalise

# Structural headings, compared case-insensitively; longer prefixes first ("response body" before "response").
SECTIONS = (
    ("query string parameters", "query"),
    ("request headers", "headers"),
    ("request body", "request_body"),
    ("response body", "response_body"),
    ("response", "response"),
    ("sample request", "sample_request"),
    ("sample response", "sample_response"),
)
ONLINE_RESTRICTED = "online restricted:"
_PATH_PARAMETER = re.compile(r"\{([^{}/]+)\}")


def parse_doc(file: SourceFile) -> ParseResult:
    reader = DocReader(file)
    doc = reader.read()
    return ParseResult(file=file.path, doc=doc, diagnostics=tuple(reader.diagnostics))


def front_matter_keys(text: str) -> dict[str, str]:
    """`key: value` lines; unknown keys are kept too (callers ignore them)."""
    keys: dict[str, str] = {}
    for line in text.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            keys.setdefault(key.strip().lower(), value.strip().strip("\"'"))
    return keys


def heading_section(text: str) -> tuple[str, str] | None:
    """(section, text after the colon) for a structural heading, None for a prose heading."""
    plain = text.strip().rstrip("#").strip()
    lowered = " ".join(plain.lower().split())
    for prefix, section in SECTIONS:
        if lowered == prefix or lowered.startswith(prefix + ":"):
            return section, plain.split(":", 1)[1].strip() if ":" in plain else ""
    return None


def first_content_line(fence: Fence) -> int:
    """The line of the first non-blank line inside a fence."""
    lines = fence.content.split("\n")
    blank = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return fence.line + 1 + blank


def normalise_method(verb: str) -> str:
    upper = verb.upper()
    return "DELETE" if upper == "DEL" else upper


@dataclass
class _Sections:
    """What the section walk collects before it becomes a ParsedDoc."""

    description: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path_rows: list[ParamRow] = field(default_factory=list)
    query_rows: list[ParamRow] = field(default_factory=list)
    query_examples: dict[str, str] = field(default_factory=dict)
    headers: list[HeaderRow] = field(default_factory=list)
    body_heading: Heading | None = None
    body_text: str = ""
    body_rows: list[PropertyRow] | None = None
    response_heading: Heading | None = None
    statuses: list[StatusRow] = field(default_factory=list)
    response_body_name: str | None = None
    response_body_line: int | None = None
    response_rows: list[PropertyRow] | None = None
    sample_request: HttpSample | None = None
    sample_response: HttpSample | None = None
    seen: set[str] = field(default_factory=set)


class DocReader:
    def __init__(self, file: SourceFile) -> None:
        self.file = file.path
        self.rows = RowReader(file.path)
        self.document: Document = read_markdown(file.text)
        self.extra: list[Diagnostic] = []
        self.section = "description"
        self.found = _Sections()

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.extra + self.rows.diagnostics

    def source(self, line: int) -> Source:
        return Source(file=self.file, line=line)

    def report(self, code: Code, line: int, message: str) -> None:
        self.extra.append(diagnostic(code, self.source(line), message))

    # ---- the whole doc ----------------------------------------------------------------------

    def read(self) -> ParsedDoc | None:
        for line in self.document.joined_rows:
            self.report(Code.P104, line, "table row continues over several lines; joined")
        keys = front_matter_keys(self.document.front_matter or "")
        operation_id = keys.get("uid") or keys.get("id")
        if not operation_id:
            self.report(
                Code.P001,
                self.document.front_matter_line,
                "expected front matter with `uid: <operation id>`",
            )
            return None
        title_index = next(
            (
                i
                for i, b in enumerate(self.document.blocks)
                if isinstance(b, Heading) and b.level == 1
            ),
            None,
        )
        endpoint = self.endpoint_block(title_index)
        if endpoint is None:
            return None
        fence_index, method, path = endpoint
        self.check_title(title_index, method)
        for block in self.document.blocks[fence_index + 1 :]:
            self.take(block)
        title = keys.get("title") or self.heading_text(title_index)
        return self.assemble(
            operation_id, title, method, path, self.document.blocks[fence_index].line
        )

    def endpoint_block(self, title_index: int | None) -> tuple[int, str, str] | None:
        start = (title_index or 0) + 1 if title_index is not None else 0
        for index, block in enumerate(self.document.blocks[start:], start):
            if isinstance(block, Fence) and block.info.lower() == "http":
                return self.endpoint_line(index, block)
        line = self.document.blocks[title_index].line if title_index is not None else 1
        self.report(
            Code.P002, line, "expected a ```http block holding `METHOD /path` after the title"
        )
        return None

    def endpoint_line(self, index: int, fence: Fence) -> tuple[int, str, str] | None:
        words = fence.content.strip().split()
        if len(words) < 2:
            self.report(
                Code.P002,
                fence.line,
                f"expected `METHOD /path` in the endpoint block, got {fence.content.strip()!r}",
            )
            return None
        method = normalise_method(words[0])
        if method not in HTTP_METHODS:
            self.report(Code.P003, first_content_line(fence), f"{words[0]!r} is not an HTTP method")
            return None
        return index, method, words[1].split("?", 1)[0]

    def heading_text(self, index: int | None) -> str:
        block = self.document.blocks[index] if index is not None else None
        return block.text.strip() if isinstance(block, Heading) else ""

    def check_title(self, title_index: int | None, method: str) -> None:
        if title_index is None:
            return
        title = self.document.blocks[title_index]
        assert isinstance(title, Heading)
        verb = title.text.split(" ", 1)[0]
        if verb and normalise_method(verb) != method:
            self.report(
                Code.P101, title.line, f"title says {verb}, the endpoint block says {method}"
            )

    # ---- the section walk -------------------------------------------------------------------

    def take(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.take_heading(block)
        elif isinstance(block, Table):
            self.take_table(block)
        elif isinstance(block, Fence):
            self.take_fence(block)
        elif isinstance(block, Paragraph):
            self.take_paragraph(block)
        elif self.section == "description":
            self.found.description.append(block)

    def take_heading(self, heading: Heading) -> None:
        structural = heading_section(heading.text)
        if structural is None:
            self.take_prose_heading(heading)
            return
        section, rest = structural
        if section == "response_body":
            self.found.response_body_name, self.found.response_body_line = rest, heading.line
            self.section = "response"
            return
        if section in self.found.seen:
            self.report(
                Code.P111, heading.line, f"a second `{heading.text.strip()}` section; ignored"
            )
            self.section = "ignored"
            return
        self.found.seen.add(section)
        self.section = section
        if section == "request_body":
            self.found.body_heading = Heading(heading.line, heading.raw, heading.level, rest)
        elif section == "response":
            self.found.response_heading = Heading(heading.line, heading.raw, heading.level, rest)

    def take_prose_heading(self, heading: Heading) -> None:
        text = heading.text.strip()
        if text.lower().startswith(ONLINE_RESTRICTED):
            note = text[len(ONLINE_RESTRICTED) :].strip().strip("#").strip()
            if note:
                self.found.notes.append(normalise(note))
        else:
            self.found.description.append(heading)
        self.section = "description"

    def take_paragraph(self, paragraph: Paragraph) -> None:
        if self.section == "description":
            self.found.description.append(paragraph)
        elif (
            self.section == "request_body"
            and self.found.body_rows is None
            and not self.found.body_text
        ):
            self.found.body_text = paragraph.text.strip()
        elif self.section == "response" and paragraph.text.lower().startswith("response body:"):
            self.found.response_body_name = paragraph.text.split(":", 1)[1].strip()
            self.found.response_body_line = paragraph.line

    def take_table(self, table: Table) -> None:
        kind = table_kind(table)
        if kind is TableKind.PATH:
            self.found.path_rows.extend(self.rows.parameters(table, required_by_default=True))
        elif kind is TableKind.QUERY:
            self.found.query_rows.extend(self.rows.parameters(table, required_by_default=False))
        elif kind is TableKind.HEADERS:
            self.found.headers.extend(self.rows.headers(table))
        elif kind is TableKind.STATUSES:
            self.found.statuses.extend(self.rows.statuses(table))
        elif kind is TableKind.PROPERTIES and self.section in ("request_body", "response"):
            self.take_properties(table)
        elif self.section == "description" and kind is None:
            self.found.description.append(table)
        else:
            self.report(
                Code.P107,
                table.line,
                f"table with header {' | '.join(table.header)!r} in the {self.section} section",
            )

    def take_properties(self, table: Table) -> None:
        rows = self.rows.properties(table)
        if self.section == "request_body":
            self.found.body_rows = (self.found.body_rows or []) + rows
        else:
            self.found.response_rows = (self.found.response_rows or []) + rows

    def take_fence(self, fence: Fence) -> None:
        info = fence.info.lower()
        if is_response(fence.content) or info == "http_":
            self.take_sample(fence, "response")
        elif info == "http!" or (self.section.startswith("sample") and is_request(fence.content)):
            self.take_sample(fence, "request")
        elif self.section == "query" and info == "http":
            self.take_query_examples(fence.content)
        elif self.section == "description":
            self.found.description.append(fence)

    def take_sample(self, fence: Fence, kind: str) -> None:
        if not fence.content.strip():
            return
        valid = is_response(fence.content) if kind == "response" else is_request(fence.content)
        if not valid:
            self.report(
                Code.P108, fence.line, f"sample {kind} does not start with an HTTP {kind} line"
            )
            return
        sample = read_sample(fence.content, self.source(fence.line))
        if sample.body_text and not sample.has_json_body:
            problem = read_json(sample.body_text)[1]
            code = Code.P113 if problem == TOO_DEEP else Code.P109
            self.report(code, fence.line, f"the sample {kind} body is {problem}; kept as text")
        attribute = f"sample_{kind}"
        if getattr(self.found, attribute) is None:
            setattr(self.found, attribute, sample)

    def take_query_examples(self, content: str) -> None:
        for line in content.split("\n"):
            query = line.strip().partition("?")[2]
            for pair in query.split("&"):
                name, equals, value = pair.partition("=")
                if equals:
                    self.found.query_examples.setdefault(name, value)

    # ---- assembling -------------------------------------------------------------------------

    def assemble(
        self, operation_id: str, title: str, method: str, path: str, endpoint_line: int
    ) -> ParsedDoc:
        summary, description = self.summary_and_description()
        found = self.found
        return ParsedDoc(
            source=self.source(endpoint_line),
            operation_id=operation_id,
            title=title,
            method=method,
            path=path,
            summary=summary,
            description=description,
            notes=tuple(found.notes),
            path_params=tuple(self.path_parameters(path, endpoint_line)),
            query_params=tuple(
                row.model_copy(update={"example": found.query_examples.get(row.name)})
                for row in found.query_rows
            ),
            headers=tuple(found.headers),
            request_body=self.request_body(),
            response=self.response(),
            sample_request=found.sample_request,
            sample_response=found.sample_response,
        )

    def summary_and_description(self) -> tuple[str, str]:
        """The first paragraph (after <para> breaks are made) is the summary; everything else the description."""
        blocks = self.found.description
        first = next((i for i, block in enumerate(blocks) if isinstance(block, Paragraph)), None)
        texts = [
            block.raw.strip("\n") if isinstance(block, Fence) else normalise(block.raw)
            for block in blocks
        ]
        summary = ""
        if first is not None:
            summary, _, texts[first] = texts[first].partition("\n\n")
        return summary, "\n\n".join(text for text in texts if text)

    def path_parameters(self, path: str, line: int) -> list[ParamRow]:
        names = _PATH_PARAMETER.findall(path)
        rows = {row.name: row for row in self.found.path_rows}
        unmatched_rows = [row for row in self.found.path_rows if row.name not in names]
        result = []
        for name in names:
            row = rows.get(name) or (unmatched_rows.pop(0) if unmatched_rows else None)
            if row is None:
                self.report(
                    Code.P102, line, f"path parameter {{{name}}} has no row in the path-part table"
                )
                row = ParamRow(
                    name=name,
                    type=TypeRef(kind="string"),
                    type_cell="",
                    required=True,
                    description="",
                    source=self.source(line),
                )
            elif row.name != name:
                self.report(
                    Code.P103, row.source.line, f"path-part row {row.name!r} taken for {{{name}}}"
                )
            result.append(row.model_copy(update={"name": name, "required": True}))
        for row in unmatched_rows:
            self.report(
                Code.P103,
                row.source.line,
                f"path-part row {row.name!r} names no parameter of {path}",
            )
        return result

    def request_body(self) -> ParsedRequestBody | None:
        heading = self.found.body_heading
        if heading is None:
            return None
        words = heading.text.split()
        rows = self.found.body_rows
        return ParsedRequestBody(
            name=words[0] if words else "body",
            kind=words[1].lower() if len(words) > 1 else "",
            text=normalise(self.found.body_text),
            properties=tuple(rows) if rows is not None else None,
            source=self.source(heading.line),
        )

    def response(self) -> ParsedResponse | None:
        heading, found = self.found.response_heading, self.found
        if heading is None:
            return None
        body_line = found.response_body_line
        return ParsedResponse(
            suffix=heading.text.strip().lower(),
            statuses=tuple(found.statuses),
            body_name=(found.response_body_name or "").strip(),
            properties=tuple(found.response_rows) if found.response_rows is not None else None,
            source=self.source(heading.line),
            body_source=self.source(body_line) if body_line is not None else None,
        )
