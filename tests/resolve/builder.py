"""Builds small endpoint docs in the documented format, for resolve-stage tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from generator.model import Api, SourceFile
from generator.parse import parse_doc
from generator.resolve import resolve

HEADERS = """## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Authorization  | Supports 'Basic', 'SoTicket' and 'Bearer' schemes, depending on installation type. |
| X-XSRF-TOKEN   | If not using Authorization header, you must provide XSRF value from cookie or hidden input field |
{content_type}| Accept         | Content-type(s) you would like the response in: {accept} |
| SO-AppToken | The application token that identifies the partner app. |
"""


def table(rows: list[tuple[str, str]]) -> str:
    lines = ["| Property Name | Type |  Description |", "|----------------|------|--------------|"]
    return "\n".join(lines + [f"| {name} | {cell} | The {name}. |" for name, cell in rows])


@dataclass
class Doc:
    """An endpoint doc; every part optional but the operation id, method and path."""

    uid: str
    method: str = "GET"
    path: str = "/api/v1/Widget"
    body_heading: str | None = None
    body_line: str = ""
    body_rows: list[tuple[str, str]] | None = None
    response_suffix: str = ""
    statuses: list[str] = field(default_factory=lambda: ["200"])
    response_name: str = ""
    response_rows: list[tuple[str, str]] | None = None
    sample_request: object = None
    sample_response: object = None
    accept: str = "`application/json`"
    summary: str = "Does a thing."
    path_rows: list[tuple[str, str]] | None = None  # (name, type) of the path-part table

    def path_table(self) -> str:
        rows = [
            f"| {name} | {cell} | The {name}. **Required** |" for name, cell in self.path_rows or []
        ]
        return "\n".join(
            ["| Path Part | Type | Description |", "|-----------|------|-------------|", *rows, ""]
        )

    def text(self) -> str:
        parts = [
            f"---\ntitle: {self.method} x\nuid: {self.uid}\n---\n",
            f"# {self.method} x\n",
            f"```http\n{self.method} {self.path}\n```\n",
            f"{self.summary}\n",
        ]
        if self.path_rows is not None:
            parts.append(self.path_table())
        content_type = (
            "| Content-Type | Content-type of the request body: `application/json` |\n"
            if self.body_heading
            else ""
        )
        parts.append(HEADERS.format(content_type=content_type, accept=self.accept))
        if self.body_heading is not None:
            parts.append(f"## Request Body: {self.body_heading}\n\n{self.body_line}\n")
            if self.body_rows is not None:
                parts.append(table(self.body_rows) + "\n")
        parts.append(self.response_text())
        parts.append(self.samples_text())
        return "\n".join(parts)

    def response_text(self) -> str:
        statuses = "\n".join(f"| {status} | Status {status}. |" for status in self.statuses)
        text = f"## Response:{self.response_suffix}\n\nOK\n\n| Response | Description |\n|----------------|-------------|\n{statuses}\n\n"
        text += f"### Response body: {self.response_name}\n\n"
        return text + (table(self.response_rows) + "\n" if self.response_rows is not None else "")

    def samples_text(self) -> str:
        text = ""
        if self.sample_request is not None:
            body = json.dumps(self.sample_request, indent=2)
            text += f"## Sample request\n\n```http!\n{self.method} {self.path}\nAccept: application/json\n\n{body}\n```\n\n"
        if self.sample_response is not None:
            body = json.dumps(self.sample_response, indent=2)
            text += f"## Sample response\n\n```http_\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{body}\n```\n"
        return text


def api_of(*docs: Doc) -> Api:
    results = [parse_doc(SourceFile(path=f"{doc.uid}.md", text=doc.text())) for doc in docs]
    assert all(result.doc is not None for result in results), [
        str(d) for r in results for d in r.diagnostics
    ]
    return resolve([result.doc for result in results if result.doc is not None])


def codes(api: Api) -> list[str]:
    return [diagnostic.code for diagnostic in api.diagnostics]
