"""API: a FastAPI server (generated: do not edit).

`create_app(Implementation(...))` serves your handlers; `create_app(mock=True)` replays the docs'
samples.
"""

from ._core import Authenticate, Credentials
from .app import create_app
from .interfaces import Implementation

__all__ = ["Authenticate", "Credentials", "Implementation", "create_app"]
