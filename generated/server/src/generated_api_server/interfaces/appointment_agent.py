"""Handlers of the AppointmentAgent group."""

from __future__ import annotations

import typing as _t

from .. import _core
from .. import models as _m


class AppointmentAgentHandlers(_t.Protocol):
    """The AppointmentAgent endpoints: override those you implement (the others answer 501)."""

    async def accept_with_smtp_email_confirmation(
        self,
        *,
        request: _m.AcceptWithSmtpEmailConfirmationRequest,
        select: str | None = None,
        so_app_token: str | None = None,
    ) -> None:
        """Accepting an appointment invitation and send an email confirmation to the meeting
        organizer.
        """
        raise _core.NotImplementedByHandler
