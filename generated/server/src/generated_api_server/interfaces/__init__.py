"""The handler interfaces, one Protocol per group, and the `Implementation` that create_app() takes.

Implement a group in your own module, subclassing its interface (methods you leave out answer 501):

    class MyHandlers(AppointmentAgentHandlers):
        async def ...

    app = create_app(
        Implementation(appointment_agent=MyHandlers())
    )
"""

from __future__ import annotations

from dataclasses import dataclass

from .appointment_agent import AppointmentAgentHandlers as AppointmentAgentHandlers

__all__ = [
    "Implementation",
    "AppointmentAgentHandlers",
]


@dataclass
class Implementation:
    """The handlers of each group; a group left None answers 501 everywhere."""

    appointment_agent: AppointmentAgentHandlers | None = None
