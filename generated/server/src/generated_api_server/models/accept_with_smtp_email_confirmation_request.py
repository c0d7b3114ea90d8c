from __future__ import annotations

import typing as _t

import pydantic as _p

from ._base import ApiModel as _ApiModel


class AcceptWithSmtpEmailConfirmationRequest(_ApiModel):
    appointment_id: int | None = _p.Field(default=None, alias="AppointmentId")
    update_mode: str | None = _p.Field(default=None, alias="UpdateMode")
    smtp_e_mail_connection_info: dict[str, _t.Any] | None = _p.Field(
        default=None, alias="SmtpEMailConnectionInfo"
    )
    """All information needed to connect to a mailserver

    Carrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier is
    available from the EMail Agent.
    """
