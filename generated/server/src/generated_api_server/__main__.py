"""`python -m generated_api_server [--mock] [--implementation MODULE:NAME]
[--authenticate MODULE:NAME] [--no-auth] [--host H] [--port N]`."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import cast

import uvicorn

from . import Implementation, create_app
from ._core import Authenticate


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m generated_api_server", description=__doc__)
    parser.add_argument(
        "--mock", action="store_true", help="answer every endpoint with its documented sample"
    )
    parser.add_argument(
        "--implementation",
        metavar="MODULE:NAME",
        help="an Implementation instance (or a callable returning one) to serve; "
        "without it endpoints answer 501",
    )
    parser.add_argument(
        "--authenticate",
        metavar="MODULE:NAME",
        help="the authentication hook: a function of Credentials returning (or awaiting) True to "
        "accept them",
    )
    parser.add_argument(
        "--no-auth", action="store_true", help="do not enforce the documented security schemes"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    return parser.parse_args(argv)


def load_implementation(spec: str) -> Implementation:
    module_name, _, attribute = spec.partition(":")
    value = getattr(importlib.import_module(module_name), attribute or "implementation")
    implementation = value() if callable(value) else value
    if not isinstance(implementation, Implementation):
        raise SystemExit(f"{spec} is not an Implementation")
    return implementation


def load_hook(spec: str) -> Authenticate:
    module_name, _, attribute = spec.partition(":")
    hook = getattr(importlib.import_module(module_name), attribute or "authenticate")
    if not callable(hook):
        raise SystemExit(f"{spec} is not callable")
    return cast(Authenticate, hook)


def main(argv: Sequence[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    implementation = (
        load_implementation(arguments.implementation) if arguments.implementation else None
    )
    authenticate = load_hook(arguments.authenticate) if arguments.authenticate else None
    auth = not arguments.no_auth
    app = create_app(implementation, mock=arguments.mock, authenticate=authenticate, auth=auth)
    uvicorn.run(app, host=arguments.host, port=arguments.port)


if __name__ == "__main__":
    main()
