"""black judges generated Python: it confirms what the generator vouches for, formats the rest (each
distinct text once, only texts not formatted before); JSON and other files are left as rendered."""

from __future__ import annotations

from pathlib import Path

from generator.write.formatting import FormatMode, format_outputs
from generator.write.manifest import Manifest, OutputRecord, sha256

RENDERED = "def f( x ):\n  return x\n"
FORMATTED = "def f(x):\n    return x\n"
LONG = "x = [" + ", ".join(str(n) for n in range(40)) + "]\n"


def manifest_of(formatted: dict[str, str], rendered: dict[str, str]) -> Manifest:
    outputs = {
        path: OutputRecord(sha256=sha256(text), rendered_sha256=sha256(rendered[path]))
        for path, text in formatted.items()
    }
    return Manifest(generator_version="", settings={}, templates="", inputs={}, outputs=outputs)


def test_python_from_overridden_templates_is_formatted_and_other_files_are_not(
    tmp_path: Path,
) -> None:
    result = format_outputs(
        {"a.py": RENDERED, "b.json": "{ }\n"}, None, tmp_path, jobs=1, trusted=False
    )
    assert result.data == {"a.py": FORMATTED.encode(), "b.json": b"{ }\n"} and result.formatted == 1
    assert result.rendered == {"a.py": sha256(RENDERED), "b.json": sha256("{ }\n")}


def test_built_in_template_output_within_the_line_limit_is_taken_as_rendered(
    tmp_path: Path,
) -> None:
    result = format_outputs({"a.py": FORMATTED, "long.py": LONG}, None, tmp_path, jobs=1)
    assert result.vouched == 1 and result.formatted == 1 and result.formatted_paths == ["long.py"]
    assert result.data["a.py"] == FORMATTED.encode() and result.data["long.py"].startswith(
        b"x = [\n"
    )


def test_format_always_sends_every_python_text_through_black(tmp_path: Path) -> None:
    result = format_outputs({"a.py": RENDERED}, None, tmp_path, jobs=1, mode=FormatMode.ALWAYS)
    assert (
        result.data == {"a.py": FORMATTED.encode()}
        and result.vouched == 0
        and result.formatted == 1
    )


def test_each_distinct_text_is_formatted_once(tmp_path: Path) -> None:
    plan = {"client/m.py": RENDERED, "server/m.py": RENDERED, "other.py": RENDERED + "y = 1\n"}
    paths = sorted(plan)
    result = format_outputs(plan, None, tmp_path, jobs=1, trusted=False)
    assert (
        result.formatted == 2
        and result.data["client/m.py"] == result.data["server/m.py"] == FORMATTED.encode()
    )
    assert result.formatted_paths == paths and plan == {}  # the plan's texts go as they are encoded


def test_the_formatted_text_in_out_is_reused_for_the_same_rendered_text(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(FORMATTED)
    previous = manifest_of({"a.py": FORMATTED}, {"a.py": RENDERED})
    result = format_outputs({"a.py": RENDERED}, previous, tmp_path, jobs=1, trusted=False)
    assert (
        result.data == {"a.py": FORMATTED.encode()} and result.formatted == 0 and result.reused == 1
    )


def test_a_hand_edited_or_newly_rendered_file_is_formatted_again(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("edited = True\n")
    previous = manifest_of({"a.py": FORMATTED}, {"a.py": RENDERED})
    assert (
        format_outputs({"a.py": RENDERED}, previous, tmp_path, jobs=1, trusted=False).formatted == 1
    )
    (tmp_path / "a.py").write_text(FORMATTED)
    changed = RENDERED.replace("x", "y")
    result = format_outputs({"a.py": changed}, previous, tmp_path, jobs=1, trusted=False)
    assert result.formatted == 1 and result.data["a.py"] == FORMATTED.replace("x", "y").encode()


def test_many_files_are_formatted_alike_in_a_pool(tmp_path: Path) -> None:
    plan = {
        f"m{index}.py": RENDERED.replace("x", f"x{index}") + "#" * 30_000 + "\n"
        for index in range(8)
    }
    in_pool = format_outputs(dict(plan), None, tmp_path, jobs=2, trusted=False)
    serial = format_outputs(dict(plan), None, tmp_path, jobs=1, trusted=False)
    assert in_pool.data == serial.data and list(in_pool.data) == sorted(plan)
