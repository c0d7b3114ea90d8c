"""Routes of the AppointmentAgent group (handlers: AppointmentAgentHandlers)."""

from __future__ import annotations

from .. import _core
from ..interfaces.appointment_agent import AppointmentAgentHandlers


def router(implementation: AppointmentAgentHandlers | None, mock: bool) -> _core.APIRouter:
    routes = _core.Routes(implementation, mock, tag="AppointmentAgent")
    routes.add(
        "POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
        AppointmentAgentHandlers.accept_with_smtp_email_confirmation,
    )
    return routes.router
