"""The request body and responses of one endpoint, typed with the registry's names."""

from __future__ import annotations

from generator.diagnostics import Code, diagnostic
from generator.model import (
    Diagnostic,
    HeaderRow,
    Origin,
    ParsedDoc,
    ParsedRequestBody,
    ParsedResponse,
    RequestBody,
    Response,
    Source,
    TypeRef,
)
from generator.naming import python_identifier
from generator.parse.types import PRIMITIVES
from generator.resolve.registry import TypeRegistry
from generator.resolve.views import operation_words

JSON_MEDIA_TYPE = "application/json"
BINARY_MEDIA_PREFIXES = (
    "image/",
    "application/octet-stream",
    "multipart/form-data",
    "audio/",
    "video/",
)
PATCH_OPERATION = "JsonPatchOperation"


def header_media_types(headers: tuple[HeaderRow, ...], name: str) -> tuple[str, ...] | None:
    """The backticked media types of a Content-Type/Accept row; None when the doc has no such row."""
    row = next((row for row in headers if row.name.lower() == name.lower()), None)
    return None if row is None else row.media_types


def is_binary(media_types: tuple[str, ...]) -> bool:
    return bool(media_types) and all(
        media.startswith(BINARY_MEDIA_PREFIXES) for media in media_types
    )


class BodyTyper:
    """Types one doc's request body and responses; collects its diagnostics."""

    def __init__(self, doc: ParsedDoc, registry: TypeRegistry) -> None:
        self.doc = doc
        self.registry = registry
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: Code, source: Source, message: str) -> None:
        self.diagnostics.append(diagnostic(code, source, message))

    # ---- request body -----------------------------------------------------------------------

    def request_body(self) -> RequestBody | None:
        body = self.doc.request_body
        if body is None:
            return None
        declared = header_media_types(self.doc.headers, "Content-Type")
        media = declared or (JSON_MEDIA_TYPE,)
        return RequestBody(
            name=body.name,
            python_name=python_identifier(body.name, fallback="body"),
            media_types=media,
            type=self.request_type(body, media),
            description=body.text,
            source=body.source,
        )

    def request_type(self, body: ParsedRequestBody, media: tuple[str, ...]) -> TypeRef:
        table = Origin(how="table", sources=(body.source,))
        if body.kind == "binary" or is_binary(media):
            return TypeRef(kind="string", format="binary", origin=table)
        if (
            body.kind == "string"
            and body.properties
            and {row.name for row in body.properties} >= {"op", "path"}
        ):
            item = TypeRef(kind="ref", ref=PATCH_OPERATION, origin=table)
            return TypeRef(kind="array", items=item, origin=table)
        sample = self.doc.sample_request
        if body.properties:
            element = TypeRef(
                kind="ref", ref=self.registry.name_of(self.doc, "request"), origin=table
            )
            if sample is not None and isinstance(sample.body, list):
                return TypeRef(
                    kind="array",
                    items=element,
                    origin=Origin(how="sample", sources=(sample.source,)),
                )
            return element
        return self.untabled_request_type(body)

    def untabled_request_type(self, body: ParsedRequestBody) -> TypeRef:
        sample = self.doc.sample_request
        if sample is not None and sample.has_json_body:
            hint = f"{operation_words(self.doc.operation_id)}Body"
            shown = self.registry.shown([sample.body], hint, sample.source)
            if shown is not None:
                return shown
        by_name = Origin(how="name", sources=(body.source,), note=f"body named {body.name!r}")
        if body.name.lower().endswith("ids"):
            return TypeRef(
                kind="array", items=TypeRef(kind="integer", format="int32"), origin=by_name
            )
        if body.kind and body.kind in PRIMITIVES:
            kind, fmt = PRIMITIVES[body.kind]
            return TypeRef(kind=kind, format=fmt, origin=by_name)
        self.warn(
            Code.X203,
            body.source,
            f"request body {body.name!r} has no table or sample; typed as string",
        )
        return TypeRef(kind="string", origin=Origin(how="default", sources=(body.source,)))

    # ---- responses --------------------------------------------------------------------------

    def responses(self) -> tuple[Response, ...]:
        response = self.doc.response
        if response is None:
            self.warn(Code.X201, self.doc.source, "no `## Response` section")
            return ()
        accept = header_media_types(self.doc.headers, "Accept")
        success = self.success_status(response)
        body_type = self.response_type(response, accept) if success is not None else None
        media = (accept or (JSON_MEDIA_TYPE,)) if body_type is not None else ()
        return tuple(
            Response(
                status=row.status,
                description=row.description,
                media_types=media if row.status == success else (),
                type=body_type if row.status == success else None,
                source=row.source,
            )
            for row in response.statuses
        )

    def success_status(self, response: ParsedResponse) -> str | None:
        """The status that carries the body: 200, else the first 2xx other than 204."""
        codes = [row.status for row in response.statuses]
        successes = [code for code in codes if code.startswith("2") and code != "204"]
        if not any(code.startswith("2") for code in codes):
            self.warn(
                Code.X201,
                response.source,
                f"the response lists no success status ({', '.join(codes) or 'none'})",
            )
        return "200" if "200" in successes else (successes[0] if successes else None)

    def response_type(
        self, response: ParsedResponse, accept: tuple[str, ...] | None
    ) -> TypeRef | None:
        if accept is not None and not accept:
            return None
        origin = Origin(
            how="heading", sources=(response.source,), note=f"Response:{response.suffix}"
        )
        suffix = response.suffix
        if response.properties:
            element = TypeRef(
                kind="ref", ref=self.registry.name_of(self.doc, "response"), origin=origin
            )
            if suffix == "array":
                return TypeRef(kind="array", items=element, origin=origin)
            if suffix == "object":
                return TypeRef(kind="object", values=element, origin=origin)
            return element
        return self.untabled_response_type(response, accept, origin)

    def untabled_response_type(
        self, response: ParsedResponse, accept: tuple[str, ...] | None, origin: Origin
    ) -> TypeRef | None:
        suffix = response.suffix
        if suffix == "byte" and accept is not None and is_binary(accept):
            return TypeRef(kind="string", format="binary", origin=origin)
        if suffix == "object":
            return self.sample_dictionary_type() or TypeRef(kind="object", origin=origin)
        shown = self.sample_response_type()
        if suffix == "array":
            return (
                shown
                if shown is not None and shown.kind == "array"
                else TypeRef(kind="array", items=TypeRef(kind="string"), origin=origin)
            )
        if suffix in PRIMITIVES:
            kind, fmt = PRIMITIVES[suffix]
            return TypeRef(kind=kind, format=fmt, origin=origin)
        if shown is not None:
            return shown
        if response.body_name and self.registry.is_known(response.body_name):
            return TypeRef(kind="ref", ref=response.body_name, origin=origin)
        self.warn(Code.X202, response.source, "a success response whose body is not described")
        return None

    def sample_dictionary_type(self) -> TypeRef | None:
        sample = self.doc.sample_response
        if sample is None or not isinstance(sample.body, dict) or not sample.body:
            return None
        hint = f"{operation_words(self.doc.operation_id)}Result"
        return self.registry.samples.dictionary_type(sample.body, hint, sample.source)

    def sample_response_type(self) -> TypeRef | None:
        sample = self.doc.sample_response
        if sample is None or not sample.has_json_body:
            return None
        return self.registry.shown(
            [sample.body], f"{operation_words(self.doc.operation_id)}Result", sample.source
        )
