"""The seed doc in seeds/ (older dialect: `id` key, `## Response` with no body) parses as its text says."""

from __future__ import annotations

from generator.model import SourceFile
from generator.read.files import read_doc
from tests.conftest import SEEDS
from tests.parse.docs import parse

SEED = SEEDS / "000_1999b39b517fe18e.txt"


def test_seed_doc() -> None:
    source = read_doc(SEEDS, SEED)
    assert isinstance(source, SourceFile)
    result = parse(source.text, SEED.name)
    assert result.diagnostics == ()
    doc = result.doc
    assert doc is not None
    assert (doc.operation_id, doc.method, doc.path, doc.source.line) == (
        "v1AppointmentAgent_AcceptWithSmtpEmailConfirmation",
        "POST",
        "/api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
        8,
    )
    assert doc.summary.startswith("Accepting an appointment invitation")
    assert [(q.name, q.required, q.example, q.source.line) for q in doc.query_params] == [
        ("$select", False, "name,department,category/id", 24)
    ]
    assert [(h.name, h.source.line) for h in doc.headers] == [
        ("Authorization", 35),
        ("X-XSRF-TOKEN", 36),
        ("Content-Type", 37),
        ("SO-AppToken", 38),
    ]
    body = doc.request_body
    assert body is not None and body.properties is not None
    assert (body.name, body.text, body.source.line) == (
        "request",
        "AppointmentId, UpdateMode, SmtpEMailConnectionInfo",
        40,
    )
    assert [(p.name, p.type.kind, p.source.line) for p in body.properties] == [
        ("AppointmentId", "integer", 46),
        ("UpdateMode", "string", 47),
        ("SmtpEMailConnectionInfo", "any", 48),
    ]
    assert body.properties[2].description == (
        "All information needed to connect to a mailserver\n\nCarrier object for EMailConnectionInfo. "
        "Services for the EMailConnectionInfo Carrier is available from the EMail Agent."
    )
    response = doc.response
    assert response is not None
    assert (response.suffix, response.body_name, response.properties) == ("", "", None)
    assert [(s.status, s.description, s.source.line) for s in response.statuses] == [
        ("204", "No Content", 56)
    ]
    assert (doc.sample_request, doc.sample_response) == (None, None)
