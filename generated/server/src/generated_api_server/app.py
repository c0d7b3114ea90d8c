"""The app factory: every group's router, its routes in an order where no route shadows another."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from ._core import route_key, validation_error
from .interfaces import Implementation
from .routers import appointment_agent

TITLE = "API"
VERSION = "1.0"


def create_app(implementation: Implementation | None = None, mock: bool = False) -> FastAPI:
    """The API's app. Endpoints whose group has no handler in `implementation` (or whose handler
    does not
    implement them) answer 501; with `mock`, every endpoint answers with its documented sample."""
    handlers = implementation or Implementation()
    routers: list[APIRouter] = [
        appointment_agent.router(handlers.appointment_agent, mock),
    ]
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    routes.sort(key=lambda route: route_key(route.path))
    app = FastAPI(title=TITLE, version=VERSION, routes=[*routes])
    app.add_exception_handler(RequestValidationError, validation_error)
    return app
