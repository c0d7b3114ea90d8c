"""black runs only on Python texts it has not formatted before; JSON and other files are left as rendered."""

from __future__ import annotations

from pathlib import Path

from generator.write.formatting import format_outputs
from generator.write.manifest import Manifest, OutputRecord, sha256

RENDERED = "def f( x ):\n  return x\n"
FORMATTED = "def f(x):\n    return x\n"


def manifest_of(formatted: dict[str, str], rendered: dict[str, str]) -> Manifest:
    outputs = {
        path: OutputRecord(sha256=sha256(text), rendered_sha256=sha256(rendered[path]))
        for path, text in formatted.items()
    }
    return Manifest(generator_version="", settings={}, templates="", inputs={}, outputs=outputs)


def test_python_is_formatted_and_other_files_are_not(tmp_path: Path) -> None:
    formatted, hashes, count = format_outputs(
        {"a.py": RENDERED, "b.json": "{ }\n"}, None, tmp_path, jobs=1
    )
    assert formatted == {"a.py": FORMATTED, "b.json": "{ }\n"} and count == 1
    assert hashes == {"a.py": sha256(RENDERED), "b.json": sha256("{ }\n")}


def test_the_formatted_text_in_out_is_reused_for_the_same_rendered_text(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(FORMATTED)
    previous = manifest_of({"a.py": FORMATTED}, {"a.py": RENDERED})
    formatted, _, count = format_outputs({"a.py": RENDERED}, previous, tmp_path, jobs=1)
    assert formatted == {"a.py": FORMATTED} and count == 0


def test_a_hand_edited_or_newly_rendered_file_is_formatted_again(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("edited = True\n")
    previous = manifest_of({"a.py": FORMATTED}, {"a.py": RENDERED})
    assert format_outputs({"a.py": RENDERED}, previous, tmp_path, jobs=1)[2] == 1
    (tmp_path / "a.py").write_text(FORMATTED)
    changed = RENDERED.replace("x", "y")
    formatted, _, count = format_outputs({"a.py": changed}, previous, tmp_path, jobs=1)
    assert count == 1 and formatted["a.py"] == FORMATTED.replace("x", "y")


def test_many_files_are_formatted_alike_in_a_pool(tmp_path: Path) -> None:
    plan = {
        f"m{index}.py": RENDERED.replace("x", f"x{index}") + "#" * 30_000 + "\n"
        for index in range(8)
    }
    in_pool, _, _ = format_outputs(plan, None, tmp_path, jobs=2)
    serial, _, _ = format_outputs(plan, None, tmp_path, jobs=1)
    assert in_pool == serial and list(in_pool) == sorted(plan)
