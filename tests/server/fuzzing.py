"""schemathesis against a running generated server, reading the document the server serves (openapi.json
completed with the statuses the server adds), with valid credentials (AUTHORIZATION; the server must run
with an authentication hook that accepts only those, see HOOK_MODULE).

Checks: response_schema_conformance, content_type_conformance and ignored_auth on every case, and
status_code_conformance on valid requests to the mock; a case with an invalid path value gets only the
no-5xx check (it may reach another route, e.g. an integer the route of its text sibling never gets).

Left out: status_code_conformance on the stub and on negative cases (a negative case may miss the route:
404/405), and positive_data_acceptance (the stub answers 501 to valid requests, and the XML and
url-encoded bodies the docs list are refused with 415).
"""

from __future__ import annotations

from typing import Any

from tests.server.serving import AUTHORIZATION, RunningServer

FUZZ_EXAMPLES = 3
JSON = "application/json"
# The authentication hook, as a module to write beside the server package: `--authenticate fuzz_auth:authenticate`.
HOOK = "fuzz_auth:authenticate"
HOOK_MODULE = """
from typing import Any


def authenticate(credentials: Any) -> bool:
    return (credentials.scheme, credentials.username, credentials.password) == ("basic", "user", "secret")
"""


def fuzz(server: RunningServer, mock: bool, every: int = 1) -> tuple[int, list[str]]:
    """(cases sent, failures) for a bounded run over the document the server serves (openapi.json with
    the statuses the server adds): every `every`-th operation, positive and negative data, sent with
    valid credentials. Failures: a 5xx other than 501, a response that breaks its schema or media type,
    an operation that answers without (or with wrong) credentials (ignored_auth), and from the mock also
    a valid request answered with an undocumented status."""
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(server.base_url + "/openapi.json", timeout=60)
    operations = [result.ok() for result in schema.get_all_operations()]
    sent: list[int] = []
    failures: list[str] = []
    for operation in operations[::every]:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz_operation(operation, mode, server, sent, mock)
            except Exception as error:  # schemathesis raises a group of failures
                failures.append(f"{operation.label} ({mode.value}): {str(error)[:1500]}")
    return len(sent), failures


def fuzz_operation(
    operation: Any, mode: Any, server: RunningServer, sent: list[int], mock: bool
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis import GenerationMode
    from schemathesis.core.parameters import ParameterLocation
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        response_schema_conformance,
        status_code_conformance,
    )

    positive = mode == GenerationMode.POSITIVE
    checks = [response_schema_conformance, content_type_conformance, ignored_auth]
    checks += [status_code_conformance] if positive and mock else []

    @given(
        case=(
            json_bodies_only(operation, operation.as_strategy(mode))
            if positive
            else operation.as_strategy(mode)
        )
    )
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    def run(case: Any) -> None:
        sent.append(1)
        response = case.call(base_url=server.base_url, headers=AUTHORIZATION, timeout=10)
        assert (
            response.status_code < 500 or response.status_code == 501
        ), f"{response.status_code}: {response.text[:300]}"
        if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
            return  # an invalid path value may reach another route: its answer says nothing of this one
        case.validate_response(response, checks=checks, headers=AUTHORIZATION)

    run()


def json_bodies_only(operation: Any, strategy: Any) -> Any:
    """Valid requests with a JSON body where the operation takes one: the server reads JSON only, while
    openapi.json also lists the XML and form media types the docs name (a request in those gets 415).
    """
    if not any(body.media_type == JSON for body in operation.body):
        return strategy
    return strategy.filter(lambda case: case.media_type == JSON)
