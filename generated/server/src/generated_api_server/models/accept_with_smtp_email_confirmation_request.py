"""The AcceptWithSmtpEmailConfirmationRequest model."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import ApiModel


class AcceptWithSmtpEmailConfirmationRequest(ApiModel):
    """AcceptWithSmtpEmailConfirmationRequest"""

    appointment_id: int | None = Field(default=None, alias="AppointmentId")
    update_mode: str | None = Field(default=None, alias="UpdateMode")
    smtp_e_mail_connection_info: dict[str, Any] | None = Field(
        default=None,
        alias="SmtpEMailConnectionInfo",
        description="All information needed to connect to a mailserver\n\nCarrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier is available from the EMail Agent.",
    )
