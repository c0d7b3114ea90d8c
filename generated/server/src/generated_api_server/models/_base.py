"""The base of every model: wire names as aliases, unknown keys kept, schemas built on first use."""

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    """A JSON object of the API. Fields take Python names; `by_alias` dumps give the wire names."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        defer_build=True,
    )
