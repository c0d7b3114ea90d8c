"""API: a FastAPI server (generated: do not edit).

`create_app(Implementation(...))` serves your handlers; `create_app(mock=True)` replays the docs'
samples.
"""

from .app import create_app
from .interfaces import Implementation

__all__ = ["Implementation", "create_app"]
