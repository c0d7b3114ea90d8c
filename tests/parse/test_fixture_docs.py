"""Two whole docs, one per dialect (fixtures/newer.md, fixtures/older.md): every part, value and line."""

from __future__ import annotations

from generator.model import ParsedDoc, TypeRef
from tests.parse.docs import fixture, parse


def newer() -> ParsedDoc:
    result = parse(fixture("newer.md"), "rest/newer.md")
    assert result.diagnostics == ()
    assert result.doc is not None
    return result.doc


def older() -> ParsedDoc:
    result = parse(fixture("older.md"), "older.md")
    assert result.diagnostics == ()
    assert result.doc is not None
    return result.doc


def test_newer_identity_comes_from_front_matter_and_endpoint_block() -> None:
    doc = newer()
    assert (doc.operation_id, doc.title) == ("v1SprocketEntity_PutSprocket", "PUT Sprocket/{id}")
    assert (doc.method, doc.path) == ("PUT", "/api/v1/Sprocket/{sprocketId}")
    assert str(doc.source) == "rest/newer.md:10"


def test_newer_description_note_and_path_table_inside_online_restricted() -> None:
    doc = newer()
    assert doc.summary == "Updates a sprocket."
    assert doc.description == "Calls the Sprocket agent service SaveSprocket."
    assert doc.notes == (
        "The Sprocket agent is not available in Online by default. Access must be requested.",
    )
    [path] = doc.path_params
    assert (path.name, path.type_cell, path.required, path.description, path.source.line) == (
        "sprocketId",
        "int32",
        True,
        "The sprocket to update.",
        26,
    )
    assert path.type.without_origin() == TypeRef(kind="integer", format="int32")


def test_newer_query_rows_with_examples() -> None:
    rows = [
        (q.name, q.type.kind, q.required, q.description, q.example, q.source.line)
        for q in newer().query_params
    ]
    assert rows == [
        ("$select", "string", False, "Comma separated list of fields to return.", "name,size", 32),
        ("owner.team.code", "string", False, "A flattened field.", "ab cd", 33),
    ]


def test_newer_headers() -> None:
    rows = [(h.name, h.media_types, h.source.line) for h in newer().headers]
    assert rows == [
        ("Authorization", (), 45),
        ("X-XSRF-TOKEN", (), 46),
        ("Content-Type", ("application/json", "text/json"), 47),
        ("Accept", ("application/json", "text/xml"), 48),
        ("SO-Language", (), 49),
    ]


def test_newer_request_body_capitalised_vocabulary() -> None:
    body = newer().request_body
    assert body is not None
    assert (body.name, body.kind, body.text, body.source.line) == (
        "entity",
        "",
        "The SprocketEntity to be saved.",
        51,
    )
    assert body.properties is not None
    rows = [
        (p.name, p.type.describe(), p.type_cell, p.description, p.source.line)
        for p in body.properties
    ]
    assert rows == [
        ("SprocketId", "integer", "Integer", "Primary key", 57),
        ("Label", "string", "String", "The label label text.", 58),
        ("Weight", "number", "Number", "", 59),
        ("Tags", "array<?>", "Array", "", 60),
        ("Extra", "object", "Object", "Free values", 61),
        ("Active", "boolean", "Boolean", "Is it on?", 62),
        ("Maker", "Associate", "Associate", "Who made it", 63),
    ]


def test_newer_response() -> None:
    response = newer().response
    assert response is not None
    assert (response.suffix, response.body_name, response.source.line) == (
        "object",
        "SprocketEntity",
        65,
    )
    assert response.body_source is not None and response.body_source.line == 74
    assert [(s.status, s.source.line) for s in response.statuses] == [("200", 71), ("412", 72)]
    assert response.statuses[1].description.startswith(
        "Update aborted because the sprocket has changed"
    )
    assert response.properties is not None
    rows = [(p.name, p.type.describe(), p.source.line) for p in response.properties]
    assert rows == [
        ("SprocketId", "integer(int32)", 78),
        ("Label", "string", 79),
        ("Built", "string(date-time)", 80),
    ]


def test_newer_samples() -> None:
    doc = newer()
    assert doc.sample_request is not None and doc.sample_response is not None
    assert doc.sample_request.start_line == "PUT /api/v1/Sprocket/{sprocketId}"
    assert doc.sample_request.headers[0] == ("Authorization", "Basic dGplMDpUamUw")
    assert doc.sample_request.body == {"SprocketId": 7, "Label": "Blue"}
    assert doc.sample_request.source.line == 84
    assert doc.sample_response.start_line == "HTTP/1.1 200 OK"
    assert doc.sample_response.headers == (("Content-Type", "application/json; charset=utf-8"),)
    assert doc.sample_response.body == {
        "SprocketId": 7,
        "Label": "Blue",
        "Built": "2021-03-04T05:06:07",
    }
    assert doc.sample_response.source.line == 98


def test_older_del_title_id_key_and_no_samples() -> None:
    doc = older()
    assert (doc.operation_id, doc.title, doc.method, doc.path) == (
        "v1CogEntity_DeleteCog",
        "DEL Cog/{id}",
        "DELETE",
        "/api/v1/Cog/{cogId}",
    )
    assert (doc.summary, doc.description, doc.notes) == ("Deletes a cog.", "", ())
    assert [(p.name, p.source.line) for p in doc.path_params] == [("cogId", 18)]
    assert doc.query_params == () and doc.request_body is None
    assert (doc.sample_request, doc.sample_response) == (None, None)


def test_older_empty_accept_list_and_plain_body_line() -> None:
    doc = older()
    assert [(h.name, h.media_types, h.source.line) for h in doc.headers] == [
        ("Authorization", (), 25),
        ("Accept", (), 26),
    ]
    response = doc.response
    assert response is not None
    assert (response.suffix, response.source.line) == ("", 28)
    assert [(s.status, s.description, s.source.line) for s in response.statuses] == [
        ("204", "No Content", 32)
    ]
    # the junk name is kept as written: deciding that a no-content response has no body is resolve's job
    assert response.body_name == "TimeZoneData"
    assert response.body_source is not None and response.body_source.line == 34
    assert response.properties is not None
    assert [(p.name, p.type.kind, p.type_cell, p.source.line) for p in response.properties] == [
        ("Zone", "string", "string", 38),
        ("Rule", "any", "", 39),
    ]
