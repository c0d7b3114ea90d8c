"""Code injection: doc text that would create a file if it ever ran (as Python, as a Jinja template, out
of a string literal, a docstring or a comment) is generated, every module of the client and the server
is imported, the server's OpenAPI is built and every route is called on the mock: no file appears, and
the text is still there, as data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.model import Level
from generator.pipeline import load_api, run
from generator.settings import Settings
from tests.server.serving import sample_call

MARK = "INJECTED"  # a file of this name in the working folder means some doc text ran
RUN = f"__import__('builtins').open('{MARK}', 'w')"
JINJA_RUN = f"cycler.__init__.__globals__.os.popen('touch {MARK}').read()"
PAYLOADS = [
    f'"""; {RUN}; """',
    f"'''; {RUN}; '''",
    f'\\"; {RUN} #',
    f"\\\\'); {RUN} # a trailing backslash \\",
    "{{ " + JINJA_RUN + " }}",
    "{% set x = " + JINJA_RUN + " %}{{ x }}",
    "{#",
    "#}",
    f"# not a comment: {RUN}",
    f"\u2028{RUN}\u2029{RUN}\u0085{RUN}",
    f"\x0c\x0b{RUN}",
    f"__import__('os').system('touch {MARK}')",
    f"{{0}}{{x!r}} %s %(x)s {RUN}",
    'ends with a quote"',
    "ends with a backslash\\",
]
# Names that are Python keywords, builtins, dunders or injection attempts.
NAMES = [
    "class", "import", "None", "True", "lambda", "print", "exec", "eval", "open", "__import__",
    "__init__", "__class__", "self", "__import__('os')", 'a"b', "a'b", "x{{y}}", "x{%y%}", "x#y",
    "a\\b", "globals", "locals", "compile",
]  # fmt: skip


def cell(text: str) -> str:
    """Text for one table cell (a pipe would end the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


def rows(names: list[str], payloads: list[str], type_cell: str = "string") -> str:
    return "\n".join(
        f"| {cell(name)} | {type_cell} | {cell(payloads[i % len(payloads)])} |"
        for i, name in enumerate(names)
    )


def sample(payloads: list[str]) -> str:
    body = {name: payloads[i % len(payloads)] for i, name in enumerate(NAMES)}
    body["nul"], body["separators"] = "a\u0000b", "a\u2028b\u2029c"
    return json.dumps(body, indent=2)


def doc(index: int, uid: str, title: str) -> str:
    payload = PAYLOADS[index % len(PAYLOADS)]
    description = "\n".join(PAYLOADS)
    return f"""---
title: {title}
uid: {uid}
---

# POST Inject/{index} {payload}

```http
POST /api/v1/Inject{index}/{{id}}
```

{description}

## Path Part Parameters

| Parameter Name | Type | Description |
|----------------|------|-------------|
| id | int32 | {cell(payload)} |

## Query String Parameters

| Parameter Name | Type | Description |
|----------------|------|-------------|
{rows(NAMES[:12], PAYLOADS)}
| mode | enum: a'b, c\"\"\"d, {{{{e}}}}, f\\\\ | Modes. |

## Request Headers

| Parameter Name | Description |
|----------------|-------------|
| Content-Type | Content-type of the request body: `application/json` |
| X-\"\"\"Inject | {cell(payload)} |

## Request Body: {"Inject" if index else "class"}

{payload}

| Property Name | Type | Description |
|----------------|------|-------------|
{rows(NAMES, PAYLOADS[index:] + PAYLOADS[:index])}

## Response: {"InjectResult" if index else "None"}

| Response | Description |
|----------------|-------------|
| 200 | {cell(payload)} |
| 404 | {cell(PAYLOADS[(index + 1) % len(PAYLOADS)])} |

### Response body: {"InjectResult" if index else "None"}

| Property Name | Type | Description |
|----------------|------|-------------|
{rows(NAMES, PAYLOADS)}

## Sample request

```http!
POST /api/v1/Inject{index}/1
Content-Type: application/json; charset=utf-8

{sample(PAYLOADS)}
```

## Sample response

```http_
HTTP/1.1 200 OK
Content-Type: application/json; charset=utf-8

{sample(PAYLOADS[1:])}
```
"""


UIDS = [
    ("v1Inject_Plain", "POST Inject"),
    (f"v1Inject_{PAYLOADS[0]}", PAYLOADS[0]),
    (f"v1{PAYLOADS[4]}_Get", PAYLOADS[4]),
    ("v1class_import", PAYLOADS[5]),
    ("v1__import__('os')_system", PAYLOADS[2]),
]

IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
from pathlib import Path

out = Path(sys.argv[1])
sys.path[:0] = [str(out / "client" / "src"), str(out / "server" / "src")]
imported, docs = [], []
for package_name in ("injected_api", "injected_api_server"):
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + "."):
        imported.append(module.name)
        loaded = importlib.import_module(module.name)
        docs.append(loaded.__doc__ or "")
        for value in vars(loaded).values():
            docs.append(getattr(value, "__doc__", None) or "")
            for member in vars(value).values() if isinstance(value, type) else ():
                docs.append(getattr(member, "__doc__", None) or "")

from starlette.testclient import TestClient
from injected_api_server import create_app

client = TestClient(create_app(mock=True), raise_server_exceptions=False)
openapi = client.get("/openapi.json")
statuses = []
for call in json.loads(Path(sys.argv[2]).read_text()):
    response = client.request(
        call["method"], call["path"], params=call["params"], headers=call["headers"],
        json=call["json_body"],
    )
    statuses.append(response.status_code)
print(json.dumps({"imported": imported, "docs": docs, "openapi": openapi.status_code,
                  "statuses": statuses}))
"""


def strings_in(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in [key, *strings_in(value)]]
    if isinstance(node, list):
        return [text for item in node for text in strings_in(item)]
    return []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(working folder, docs, OUT): generated with the working folder where an injection would write."""
    root = tmp_path_factory.mktemp("injection")
    docs, work = root / "docs", root / "work"
    docs.mkdir()
    work.mkdir()
    for index, (uid, title) in enumerate(UIDS):
        (docs / f"doc{index}.md").write_text(doc(index, uid, title), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)
        result = run(docs, root / "out", Settings(package_name="injected_api"))
    errors = [str(d) for d in result.diagnostics if d.level is Level.ERROR]
    assert not errors, errors
    return work, docs, root / "out"


def test_no_doc_text_runs_when_generating_or_importing(
    generated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    work, docs, out = generated
    api, _ = load_api(docs, Settings())
    calls = [vars(sample_call(endpoint)) for endpoint in api.endpoints()]
    (tmp_path / "calls.json").write_text(json.dumps(calls))
    finished = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(out), str(tmp_path / "calls.json")],
        cwd=work,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(finished.stdout)
    assert not (work / MARK).exists() and not (Path.cwd() / MARK).exists()
    assert list(work.iterdir()) == []
    assert len(report["imported"]) > 20 and report["openapi"] == 200
    assert len(report["statuses"]) == len(UIDS) and all(s < 500 for s in report["statuses"])
    # Docstrings are wrapped at the line length: the text is kept, its spacing is the layout's.
    docstrings = " ".join("\n".join(report["docs"]).split())
    missing = [payload for payload in PAYLOADS if " ".join(payload.split()) not in docstrings]
    assert missing == []


def test_the_doc_text_is_kept_as_data(generated: tuple[Path, Path, Path]) -> None:
    _, _, out = generated
    texts = "\n".join(strings_in(json.loads((out / "openapi.json").read_text())))
    for payload in PAYLOADS:
        assert payload.strip() in texts, payload
    samples = (out / "server" / "src" / "injected_api_server" / "samples.json").read_text()
    assert r"a\\u0000b" in samples  # the sample body, a JSON text, kept as it was


def test_generated_code_holds_no_raw_control_characters(generated: tuple[Path, Path, Path]) -> None:
    _, _, out = generated
    for path in out.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        compile(text, str(path), "exec")
        assert not any(
            ch in text for ch in "\x00\x0b\x0c\x85\u2028\u2029"
        ), f"{path}: a raw control or separator character"
