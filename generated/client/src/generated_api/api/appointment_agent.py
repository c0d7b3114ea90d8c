"""The AppointmentAgent endpoints."""

from __future__ import annotations

import typing as _t

from .. import _core
from .. import models as _m

_ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION: _core.Operation[None] = _core.Operation(
    "POST",
    "/api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
    (204,),
    body=lambda: _m.AcceptWithSmtpEmailConfirmationRequest,
)


class AppointmentAgent(_core.SyncGroup):
    """The AppointmentAgent endpoints (sync): `Client(...).appointment_agent`."""

    def accept_with_smtp_email_confirmation(
        self,
        *,
        request: _m.AcceptWithSmtpEmailConfirmationRequest | None = None,
        appointment_id: int | None | _core.Unset = _core.UNSET,
        update_mode: str | None | _core.Unset = _core.UNSET,
        smtp_e_mail_connection_info: dict[str, _t.Any] | None | _core.Unset = _core.UNSET,
        select: str | None = None,
        headers: _core.Headers | None = None,
    ) -> None:
        """Accepting an appointment invitation and send an email confirmation to the meeting
        organizer.

        `POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation`

        Args:
            request: The body; or give its properties as keyword arguments (those given win).
            smtp_e_mail_connection_info: All information needed to connect to a mailserver
                Carrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier
                is available from the EMail Agent.
            select: Optional comma separated list of properties to include in the result. Other
                fields are then nulled out to reduce payload size: "Name,department,category".
                Default = show all fields.
        """
        return self._core.call(
            _ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION,
            query={"$select": select},
            body=_core.fields(
                request,
                {
                    "AppointmentId": appointment_id,
                    "UpdateMode": update_mode,
                    "SmtpEMailConnectionInfo": smtp_e_mail_connection_info,
                },
            ),
            headers=headers,
        )


class AsyncAppointmentAgent(_core.AsyncGroup):
    """The AppointmentAgent endpoints (async): `AsyncClient(...).appointment_agent`."""

    async def accept_with_smtp_email_confirmation(
        self,
        *,
        request: _m.AcceptWithSmtpEmailConfirmationRequest | None = None,
        appointment_id: int | None | _core.Unset = _core.UNSET,
        update_mode: str | None | _core.Unset = _core.UNSET,
        smtp_e_mail_connection_info: dict[str, _t.Any] | None | _core.Unset = _core.UNSET,
        select: str | None = None,
        headers: _core.Headers | None = None,
    ) -> None:
        """Accepting an appointment invitation and send an email confirmation to the meeting
        organizer.
        """
        return await self._core.call(
            _ACCEPT_WITH_SMTP_EMAIL_CONFIRMATION,
            query={"$select": select},
            body=_core.fields(
                request,
                {
                    "AppointmentId": appointment_id,
                    "UpdateMode": update_mode,
                    "SmtpEMailConnectionInfo": smtp_e_mail_connection_info,
                },
            ),
            headers=headers,
        )
