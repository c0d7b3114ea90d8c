"""The AppointmentAgent endpoints."""

from __future__ import annotations

from typing import Any, Literal

from .. import models as _models
from .. import _core

_ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION: _core.Operation[None] = _core.Operation(
    "POST",
    "/api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
    success=(204,),
    body=lambda: _models.AcceptWithSmtpEmailConfirmationRequest,
    media_type="application/json",
)


class AppointmentAgent:
    """AppointmentAgent endpoints (sync); reached as `Client().appointment_agent`."""

    def __init__(self, core: _core.SyncCore) -> None:
        self._core = core

    def accept_with_smtp_email_confirmation(
        self,
        *,
        request: _models.AcceptWithSmtpEmailConfirmationRequest | None = None,
        appointment_id: int | None | _core.Unset = _core.UNSET,
        update_mode: str | None | _core.Unset = _core.UNSET,
        smtp_e_mail_connection_info: dict[str, Any] | None | _core.Unset = _core.UNSET,
        select: str | None = None,
        so_app_token: str | None = None,
    ) -> None:
        """Accepting an appointment invitation and send an email confirmation to the meeting organizer.

        `POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation`

        Args:
            request: The AcceptWithSmtpEmailConfirmationRequest (or give its properties as keyword arguments).
            appointment_id: AppointmentId
            update_mode: UpdateMode
            smtp_e_mail_connection_info: All information needed to connect to a mailserver Carrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier is available from the EMail Agent.
            select: Optional comma separated list of properties to include in the result. Other fields are then nulled out to reduce payload size: "Name,department,category". Default = show all fields.
            so_app_token: The application token that identifies the partner app. Used when calling Online WebAPI from a server.

        Returns: `None`.
        """
        return self._core.call(
            _ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION,
            query={"$select": select},
            headers={"SO-AppToken": so_app_token},
            body=_core.fields(
                request,
                {
                    "AppointmentId": appointment_id,
                    "UpdateMode": update_mode,
                    "SmtpEMailConnectionInfo": smtp_e_mail_connection_info,
                },
            ),
        )


class AsyncAppointmentAgent:
    """AppointmentAgent endpoints (async); reached as `AsyncClient().appointment_agent`."""

    def __init__(self, core: _core.AsyncCore) -> None:
        self._core = core

    async def accept_with_smtp_email_confirmation(
        self,
        *,
        request: _models.AcceptWithSmtpEmailConfirmationRequest | None = None,
        appointment_id: int | None | _core.Unset = _core.UNSET,
        update_mode: str | None | _core.Unset = _core.UNSET,
        smtp_e_mail_connection_info: dict[str, Any] | None | _core.Unset = _core.UNSET,
        select: str | None = None,
        so_app_token: str | None = None,
    ) -> None:
        """Accepting an appointment invitation and send an email confirmation to the meeting organizer.

        `POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation`

        Args:
            request: The AcceptWithSmtpEmailConfirmationRequest (or give its properties as keyword arguments).
            appointment_id: AppointmentId
            update_mode: UpdateMode
            smtp_e_mail_connection_info: All information needed to connect to a mailserver Carrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier is available from the EMail Agent.
            select: Optional comma separated list of properties to include in the result. Other fields are then nulled out to reduce payload size: "Name,department,category". Default = show all fields.
            so_app_token: The application token that identifies the partner app. Used when calling Online WebAPI from a server.

        Returns: `None`.
        """
        return await self._core.call(
            _ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION,
            query={"$select": select},
            headers={"SO-AppToken": so_app_token},
            body=_core.fields(
                request,
                {
                    "AppointmentId": appointment_id,
                    "UpdateMode": update_mode,
                    "SmtpEMailConnectionInfo": smtp_e_mail_connection_info,
                },
            ),
        )
