"""The app factory: every group's router, its routes in an order where no route shadows another."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from ._core import App, Authenticate, Guard, route_key, validation_error
from .interfaces import Implementation
from .routers import appointment_agent as _appointment_agent

TITLE = "API"
VERSION = "1.0"


def create_app(
    implementation: Implementation | None = None,
    mock: bool = False,
    *,
    authenticate: Authenticate | None = None,
    auth: bool = True,
) -> FastAPI:
    """The API's app. Endpoints whose group has no handler in `implementation` (or whose handler
    does not implement them) answer 501; with `mock`, every endpoint answers with its documented
    sample.

    Each endpoint's documented security schemes are enforced: without well-formed credentials of one
    of them it answers 401 with WWW-Authenticate; `authenticate(credentials)` (sync or async)
    decides
    whether they are accepted (without it, well-formed credentials are). `auth=False` switches auth
    off."""
    handlers = implementation or Implementation()
    routers: list[APIRouter] = [
        _appointment_agent.router(handlers.appointment_agent, mock),
    ]
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    routes.sort(key=lambda route: route_key(route.path))
    app = App(title=TITLE, version=VERSION, routes=[*routes])
    app.add_exception_handler(RequestValidationError, validation_error)
    app.state.guard = Guard(authenticate, enabled=auth)
    app.state.mock = mock
    return app
