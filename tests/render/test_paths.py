"""Paths: whatever the operation ids, group names and type names of the docs, every output stays inside
OUT, has a name every file system takes, and no two outputs are one file where case does not count.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.naming import file_stems, is_portable_file_name, module_name
from generator.pipeline import run
from generator.settings import Settings
from generator.write.output import OutputError, check_output_paths

# Our own statement of the rules, independent of the code under test.
PORTABLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)")
RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}

HOSTILE_IDS = [
    "../../x",
    "../../../../tmp/escaped_Get",
    "/etc/passwd",
    "C:\\Windows\\system32_Get",
    "con",
    "nul",
    "v1Aux_Get",
    "v1Com1_Get",
    "v1Lpt1_Get",
    "v1Prn_Get",
    "v1Widget_Get",
    "v1WIDGET_Put",
    "v1widget_Delete",
    "v1Case_Get",
    "v1case_get",
    "v1..._Get",
    "v1 .hidden_Get",
]
HOSTILE_TYPES = [
    "Con",
    "con",
    "CON",
    "Nul.Foo",
    "Person",
    "person",
    "PERSON",
    "Aux",
    "Com1",
    "..",
    "_",
]


def doc(uid: str, index: int, body: str) -> str:
    return f"""---
uid: {uid}
---

# POST Things/{index}

```http
POST /api/v1/Things/{index}
```

Does thing {index}.

## Request Body: {body}

| Property Name | Type | Description |
|---|---|---|
| Name{index} | string | A name. |

## Response: {body}

| Response | Description |
|---|---|
| 200 | OK |

### Response body: {body}

| Property Name | Type | Description |
|---|---|---|
| Name{index} | string | A name. |
| Other{index} | int32 | Another. |
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("paths")
    docs = root / "deep" / "docs"
    for index, uid in enumerate(HOSTILE_IDS):
        body = HOSTILE_TYPES[index % len(HOSTILE_TYPES)]
        (docs / f"doc{index}.md").parent.mkdir(parents=True, exist_ok=True)
        (docs / f"doc{index}.md").write_text(doc(uid, index, body))
    out = root / "deep" / "out"
    run(docs, out, Settings())
    return root, out


def test_every_output_stays_inside_out(generated: tuple[Path, Path]) -> None:
    root, out = generated
    assert sorted(path.name for path in root.rglob("*") if out not in path.parents) == [
        "deep",
        *sorted(f"doc{index}.md" for index in range(len(HOSTILE_IDS))),
        "docs",
        "out",
    ]
    for path in out.rglob("*"):
        assert not path.is_symlink()
        assert Path(os.path.realpath(path)).is_relative_to(out.resolve())


def test_every_output_name_is_portable(generated: tuple[Path, Path]) -> None:
    _, out = generated
    for path in out.rglob("*"):
        for part in path.relative_to(out).parts:
            if part == ".generator" or ".generator" in path.relative_to(out).parts[:1]:
                continue
            assert PORTABLE.fullmatch(part), path
            assert part.split(".")[0].lower() not in RESERVED, path


def test_no_two_outputs_differ_only_in_case(generated: tuple[Path, Path]) -> None:
    _, out = generated
    paths = [path.relative_to(out).as_posix() for path in out.rglob("*")]
    assert len({path.casefold() for path in paths}) == len(paths)


def test_every_operation_generates_and_the_code_compiles(generated: tuple[Path, Path]) -> None:
    _, out = generated
    document = json.loads((out / "openapi.json").read_text())
    operations = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert sorted(operations) == sorted(HOSTILE_IDS)
    schemas = sorted(path.name for path in (out / "schemas").iterdir())
    assert len(schemas) == len(document["components"]["schemas"])
    for path in out.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_module_names_and_file_stems_are_portable_and_unique() -> None:
    assert [module_name(name) for name in ("Con", "NUL", "com1", "Lpt9", "console")] == [
        "con_",
        "nul_",
        "com1_",
        "lpt9_",
        "console",
    ]
    stems = file_stems(HOSTILE_TYPES + ["../../x", "/abs", "Ünïcode", ""])
    assert len({stem.casefold() for stem in stems.values()}) == len(stems)
    assert all(is_portable_file_name(f"{stem}.json") for stem in stems.values())
    assert all(
        PORTABLE.fullmatch(stem) and stem.split(".")[0].lower() not in RESERVED
        for stem in stems.values()
    )


@pytest.mark.parametrize(
    "paths",
    [
        ["../x.py"],
        ["/abs.py"],
        ["a/../../b.py"],
        ["a\\b.py"],
        ["models/con.py"],
        ["models/NUL.json"],
        ["models/.hidden"],
        ["models/trailing."],
        ["schemas/Person.json", "schemas/person.json"],
        ["Client/a.py", "client/b.py"],
        ["client/a.py", "client/con.py"],  # in a folder checked before
        ["client/m/A.py", "client/m/a.py"],
        [".generator/manifest.json"],
    ],
)
def test_the_last_guard_refuses_unsafe_or_colliding_paths(paths: list[str]) -> None:
    with pytest.raises(OutputError):
        check_output_paths(paths)


def test_the_last_guard_takes_ordinary_paths() -> None:
    check_output_paths(["openapi.json", "schemas/Person.json", "client/src/p/models/__init__.py"])
