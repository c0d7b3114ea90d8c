"""Small docs of our own for the change report tests: a shop with items (a GET with a typed
response, a POST with a typed body) whose parts the tests remove, retype, add and reword."""

from __future__ import annotations

from pathlib import Path

GET_ITEM = """---
title: GET Shop/Item/{id}
uid: v1Shop_GetItem
---

# GET Shop/Item/{id}

```http
GET /api/v1/Shop/Item/{itemId}
```

Gets an item.

| Path Part | Type | Description |
|-----------|------|-------------|
| itemId | int32 | The item. **Required** |

## Query String Parameters

| Parameter Name | Type |  Description |
|----------------|------|--------------|
| $select | string | Fields to include. |

## Response: Item

OK

| Response | Description |
|----------------|-------------|
| 200 | OK |
| 404 | Not Found. |

### Response body: Item

| Property Name | Type |  Description |
|----------------|------|--------------|
| ItemId | int32 | Primary key. |
| Name | string | What the item is called. |
| Price | double | What it costs. |
"""

SAVE_ORDER = """---
title: POST Shop/Order
uid: v1Shop_SaveOrder
---

# POST Shop/Order

```http
POST /api/v1/Shop/Order
```

Saves an order.

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Content-Type | Content-type of the request body: `application/json` |

## Request Body: Order

| Property Name | Type |  Description |
|----------------|------|--------------|
| OrderId | int32 | Primary key. |
| Quantity | int32 | How many. |

## Response: bool

| Response | Description |
|----------------|-------------|
| 200 | OK |

### Response body: bool
"""

DELETE_ITEM = """---
title: DELETE Shop/Item/{id}
uid: v1Shop_DeleteItem
---

# DELETE Shop/Item/{id}

```http
DELETE /api/v1/Shop/Item/{itemId}
```

Deletes an item.

| Path Part | Type | Description |
|-----------|------|-------------|
| itemId | int32 | The item. **Required** |

## Response:

| Response | Description |
|----------------|-------------|
| 204 | No Content |
"""

DOCS = {"v1Shop_GetItem.md": GET_ITEM, "v1Shop_SaveOrder.md": SAVE_ORDER}


def write_shop(docs: Path, extra: dict[str, str] | None = None) -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in {**DOCS, **(extra or {})}.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line holding fragment."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def edit(docs: Path, name: str, old: str, new: str) -> None:
    path = docs / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
