"""One APIRouter per group of the API (generated: do not edit)."""
