"""The client renderer's decisions, on hand-built models: result types, argument order, docstrings."""

from __future__ import annotations

from generator.model import Api, Endpoint, Parameter, RequestBody, Response, Source, TypeRef
from generator.naming import python_identifier
from generator.render.client import method_context, result_annotation
from generator.render.python import TypeNames

HERE = Source(file="t.md", line=1)
WIDGET = TypeRef(kind="ref", ref="Widget")


def response(status: str, ref: TypeRef | None = None) -> Response:
    return Response(status=status, description="", media_types=("application/json",) if ref else (), type=ref, source=HERE)


def parameter(name: str, location: str, required: bool = False) -> Parameter:
    return Parameter.model_validate(
        {"name": name, "python_name": python_identifier(name), "location": location, "type": {"kind": "string"},
         "required": required, "description": f"The {name}.", "source": HERE}
    )  # fmt: skip


def endpoint(*responses: Response, parameters: tuple[Parameter, ...] = (), body: RequestBody | None = None) -> Endpoint:
    return Endpoint(
        operation_id="v1W_Get", python_name=python_identifier("Get"), group="W", method="GET", path="/api/v1/W/{id}",
        summary='Gets it. """ \\', description="", notes=("Online only.",), parameters=parameters, security=(),
        request_body=body, responses=responses, sample_request=None, sample_response=None, source=HERE,
    )  # fmt: skip


NAMES = TypeNames.of(Api(title="t", version="1", groups=(), types={}))


def test_no_typed_success_response_returns_none() -> None:
    assert result_annotation(endpoint(response("204")), NAMES) == ("None", None)


def test_a_typed_200_next_to_a_204_may_return_none() -> None:
    listed = endpoint(response("200", TypeRef(kind="array", items=TypeRef(kind="integer"))), response("204"), response("404"))
    assert result_annotation(listed, NAMES) == ("list[int] | None", "list[int]")


def test_unknown_type_names_become_plain_dictionaries() -> None:
    assert result_annotation(endpoint(response("200", WIDGET)), NAMES) == ("dict[str, Any]", "dict[str, Any]")


def test_arguments_path_first_then_required_then_body_then_optional() -> None:
    body = RequestBody(name="ids", python_name=python_identifier("ids"), media_types=("application/json",),
                       type=TypeRef(kind="array", items=TypeRef(kind="integer")), description="", source=HERE)  # fmt: skip
    parameters = (parameter("x-opt", "query"), parameter("id", "path", True), parameter("need", "query", True), parameter("SO-AppToken", "header"))
    context = method_context(endpoint(response("204"), parameters=parameters, body=body), "_GET", Api(title="t", version="1", groups=(), types={}), NAMES)
    assert [a.name for a in context.positional] == ["id"]
    assert [(a.name, a.default) for a in context.keyword] == [("need", None), ("ids", None), ("x_opt", "None"), ("so_app_token", "None")]
    assert context.success == [204] and context.body_runtime == "list[int]"


def test_the_docstring_keeps_the_doc_text_for_the_template_to_escape() -> None:
    context = method_context(endpoint(response("204"), parameters=(parameter("id", "path", True),)), "_GET", Api(title="t", version="1", groups=(), types={}), NAMES)
    assert context.docstring.startswith('Gets it. """ \\\n\nOnline only.\n\n`GET /api/v1/W/{id}`\n\nArgs:\n    id: The id.')
