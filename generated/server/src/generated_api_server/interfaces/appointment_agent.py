"""Handlers of the AppointmentAgent group (generated: do not edit; subclass in your own module)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol  # noqa: F401

from .._core import NotImplementedByHandler

if TYPE_CHECKING:
    from .. import models


class AppointmentAgentHandlers(Protocol):
    """The AppointmentAgent endpoints. Override the methods you implement (the others answer 501);
    raise fastapi.HTTPException for the documented error statuses."""

    async def accept_with_smtp_email_confirmation(
        self,
        *,
        request: models.AcceptWithSmtpEmailConfirmationRequest,
        select: str | None = None,
        so_app_token: str | None = None,
    ) -> None:
        """POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation (v1AppointmentAgent_AcceptWithSmtpEmailConfirmation)

        Accepting an appointment invitation and send an email confirmation to the meeting organizer.
        """
        raise NotImplementedByHandler
