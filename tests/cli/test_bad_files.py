"""Bad files among good ones: each gets a clear `file:line` diagnostic, the rest still generates, and
the exit code says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from tests.write.fixture_docs import NAMES, doc_text, schema_path, write_docs

LINE = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+): (?P<level>warning|error) (?P<code>[A-Z]\d{3}): .+$"
)
FIFTY_MB = 50 * 1024 * 1024


def bad_docs(docs: Path) -> dict[str, bytes]:
    """File name -> bytes of docs that are broken in one way each (and one that only looks odd)."""
    latin1 = doc_text("Zeta", note="Café").encode("latin-1")
    no_http = re.sub(r"```http\n.*?```\n", "", doc_text("Eta"), flags=re.DOTALL)
    same_id = doc_text("Theta").replace("Widget/Theta", "Widget/Other")
    same_id = same_id.replace("v1WidgetAgent_Theta", "v1WidgetAgent_Alpha")
    same_route = doc_text("Iota").replace(
        "POST /api/v1/Agents/Widget/Iota", "POST /api/v1/Agents/Widget/Alpha"
    )
    huge = doc_text("Kappa") + "\nfiller " * (FIFTY_MB // 8)
    return {
        "odd/bom_crlf.md": b"\xef\xbb\xbf" + doc_text("Epsilon").replace("\n", "\r\n").encode(),
        "bad/latin1.md": latin1,
        "bad/empty.md": b"",
        "bad/blank.md": b"\n  \n",
        "bad/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "bad/huge.md": huge.encode(),
        "bad/no_http.md": no_http.encode(),
        "bad/same_id.md": same_id.encode(),
        "bad/same_route.md": same_route.encode(),
    }


def diagnostics(lines: list[str], docs: Path) -> set[tuple[str, int, str, str]]:
    found = set()
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, line
        relative = Path(match["file"]).relative_to(docs).as_posix()
        found.add((relative, int(match["line"]), match["level"], match["code"]))
    return found


def test_each_bad_file_gets_a_diagnostic_and_the_rest_generates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    bad = bad_docs(docs)
    for name, data in bad.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    code = main([str(docs), str(out), "--targets", "schema"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    found = diagnostics(lines, docs)
    latin1_line = (
        doc_text("Zeta", note="Café").split("\n").index("| ZetaNote | string | Café |") + 1
    )
    assert {
        ("bad/latin1.md", latin1_line, "error", "R001"),
        ("bad/empty.md", 1, "error", "R003"),
        ("bad/blank.md", 1, "error", "R003"),
        ("bad/binary.md", 1, "error", "R002"),
        ("bad/huge.md", 1, "error", "R002"),
        ("bad/no_http.md", 6, "error", "P002"),  # the title; the endpoint block (line 8) below
        ("bad/same_id.md", 8, "error", "X206"),
        ("bad/same_route.md", 8, "warning", "X205"),
    } == {entry for entry in found if entry[0].startswith("bad/")}
    assert not any(entry[0].startswith(("odd/", "agent/")) for entry in found)
    assert re.match(r"generator: 13 docs, 7 errors, 1 warning; wrote", lines[-1])
    for name in (*NAMES, "Epsilon"):
        assert (out / schema_path(name)).is_file()
    operations = {
        operation["operationId"]
        for item in json.loads((out / "openapi.json").read_text())["paths"].values()
        for operation in item.values()
    }
    assert operations == {f"v1WidgetAgent_{name}" for name in (*NAMES, "Epsilon")}
    big = next(line for line in lines if "huge.md" in line)
    assert f"{len(bad['bad/huge.md'])} bytes" in big


def test_a_run_held_back_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = write_docs(tmp_path / "docs"), tmp_path / "out"
    assert main([str(docs), str(out), "--targets", "schema"]) == 0
    (docs / "agent" / "v1WidgetAgent_Beta.md").write_text(doc_text("Beta", uid=False))
    (docs / "agent" / "v1WidgetAgent_Gamma.md").write_text(doc_text("Gamma", note="Changed."))
    capsys.readouterr()
    assert main([str(docs), str(out), "--targets", "schema", "--strict"]) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert "nothing written" in last and "--strict" in last
    assert b"Changed." not in (out / schema_path("Gamma")).read_bytes()
