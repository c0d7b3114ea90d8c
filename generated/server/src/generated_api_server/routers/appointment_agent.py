"""Routes of the AppointmentAgent group (generated: do not edit; implement AppointmentAgentHandlers)."""

# Annotations stay strings until FastAPI reads them when a route is first used: the models load lazily.
from __future__ import annotations

from typing import Annotated, Any, Literal  # noqa: F401

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request  # noqa: F401

from .. import models  # noqa: F401
from .._core import Core, LazyRoute, raw_body  # noqa: F401
from ..interfaces.appointment_agent import AppointmentAgentHandlers


def router(implementation: AppointmentAgentHandlers | None, mock: bool) -> APIRouter:
    core = Core(implementation, mock)
    router = APIRouter(tags=["AppointmentAgent"], route_class=LazyRoute)

    @router.post(
        "/api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
        operation_id="v1AppointmentAgent_AcceptWithSmtpEmailConfirmation",
        summary="Accepting an appointment invitation and send an email confirmation to the meeting organizer.",
        status_code=204,
        response_description="No Content",
    )
    async def accept_with_smtp_email_confirmation(
        http_request: Request,
        *,
        request: Annotated[models.AcceptWithSmtpEmailConfirmationRequest, Body()],
        select: Annotated[str | None, Query(alias="$select")] = None,
        so_app_token: Annotated[str | None, Header(alias="SO-AppToken")] = None,
    ) -> None:
        return await core.call(
            http_request,
            "v1AppointmentAgent_AcceptWithSmtpEmailConfirmation",
            lambda handler: handler.accept_with_smtp_email_confirmation(
                select=select, so_app_token=so_app_token, request=request
            ),
        )

    return router
