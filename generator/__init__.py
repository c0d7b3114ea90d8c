"""generator: Markdown API reference docs to an OpenAPI document, a typed client and a server stub."""

__version__ = "0.1.0"
