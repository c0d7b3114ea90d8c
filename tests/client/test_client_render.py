"""The client renderer's decisions, on hand-built models: result types, argument order, docstrings."""

from __future__ import annotations

from generator.model import Api, Endpoint, Parameter, RequestBody, Response, Source, TypeRef
from generator.naming import python_identifier
from generator.render.client import MethodContext, method_context, result_type
from generator.render.python import LiteralAliases, TypeNames

HERE = Source(file="t.md", line=1)
WIDGET = TypeRef(kind="ref", ref="Widget")


def response(status: str, ref: TypeRef | None = None) -> Response:
    return Response(
        status=status,
        description="",
        media_types=("application/json",) if ref else (),
        type=ref,
        source=HERE,
    )


def parameter(name: str, location: str, required: bool = False) -> Parameter:
    return Parameter.model_validate(
        {"name": name, "python_name": python_identifier(name), "location": location, "type": {"kind": "string"},
         "required": required, "description": f"The {name}.", "source": HERE}
    )  # fmt: skip


def endpoint(
    *responses: Response, parameters: tuple[Parameter, ...] = (), body: RequestBody | None = None
) -> Endpoint:
    return Endpoint(
        operation_id="v1W_Get", python_name=python_identifier("Get"), group="W", method="GET", path="/api/v1/W/{id}",
        summary='Gets it. """ \\', description="", notes=("Online only.",), parameters=parameters, security=(),
        request_body=body, responses=responses, sample_request=None, sample_response=None, source=HERE,
    )  # fmt: skip


NAMES = TypeNames.of(Api(title="t", version="1", groups=(), types={}))
EMPTY = Api(title="t", version="1", groups=(), types={})


def context_of(endpoint: Endpoint) -> MethodContext:
    return method_context(endpoint, "_GET", EMPTY, NAMES, frozenset(), LiteralAliases())


def result_of(endpoint: Endpoint) -> tuple[str, str | None]:
    annotation, runtime = result_type(endpoint, NAMES)
    return str(annotation), str(runtime) if runtime is not None else None


def test_no_typed_success_response_returns_none() -> None:
    assert result_of(endpoint(response("204"))) == ("None", None)


def test_a_typed_200_next_to_a_204_may_return_none() -> None:
    listed = endpoint(
        response("200", TypeRef(kind="array", items=TypeRef(kind="integer"))),
        response("204"),
        response("404"),
    )
    assert result_of(listed) == ("list[int] | None", "list[int]")


def test_unknown_type_names_become_plain_dictionaries() -> None:
    assert result_of(endpoint(response("200", WIDGET))) == (
        "dict[str, _t.Any]",
        "dict[str, _t.Any]",
    )


def test_arguments_path_first_then_required_then_body_then_optional_and_optional_headers_are_overrides() -> (
    None
):
    body = RequestBody(name="ids", python_name=python_identifier("ids"), media_types=("application/json",),
                       type=TypeRef(kind="array", items=TypeRef(kind="integer")), description="", source=HERE)  # fmt: skip
    parameters = (
        parameter("x-opt", "query"),
        parameter("id", "path", True),
        parameter("need", "query", True),
        parameter("SO-AppToken", "header"),
    )
    context = context_of(endpoint(response("204"), parameters=parameters, body=body))
    assert [a.name for a in context.path_arguments] == ["id"]
    assert (
        context.header_arguments == []
    )  # an optional header is a client default, overridden by `headers=`
    parameters_in_order = [
        "self",
        "id: str",
        "*",
        "need: str",
        "ids: list[int]",
        "x_opt: str | None = None",
    ]
    positions = [context.sync_signature.index(text) for text in parameters_in_order]
    assert positions == sorted(positions) and "so_app_token" not in context.sync_signature
    assert (
        context.sync_signature.index("need")
        < context.sync_signature.index("ids")
        < context.sync_signature.index("x_opt")
    )
    assert context.body_runtime == "list[int]"
    assert "(204,)" in context.operation


def test_the_docstring_keeps_the_doc_text_escaped_and_leaves_out_what_only_repeats_a_name() -> None:
    context = context_of(
        endpoint(
            response("204"), parameters=(parameter("id", "path", True), parameter("Name", "query"))
        )
    )
    assert context.docstring.startswith(
        '"""Gets it. \\"\\"\\" \\\\\n\n        Online only.\n\n        `GET /api/v1/W/{id}`\n\n        Args:\n            id: The id.'
    )
    quiet = endpoint(response("204"), parameters=(parameter("Name", "query"),))
    silent = context_of(
        quiet.model_copy(
            update={"parameters": (quiet.parameters[0].model_copy(update={"description": "Name"}),)}
        )
    )
    assert "Args:" not in silent.docstring
