"""The command line: exit codes, what it prints, settings from config files, template overrides, progress."""

from __future__ import annotations

import io
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import jinja2
import pytest
from rich.console import Console

import generator
from generator.cli import StageProgress, argument_parser, main, watch
from generator.render.environment import make_environment, template_location
from generator.render.fingerprint import builtin_templates
from generator.write.manifest import load_manifest
from tests.conftest import ROOT, interruptible
from tests.write.fixture_docs import (
    UNKNOWN_TABLE,
    doc_path,
    doc_text,
    siblings,
    snapshot,
    write_docs,
)

DIAGNOSTIC = re.compile(r"^\S+:\d+: (warning|error) [A-Z]\d{3}: .+$")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return write_docs(tmp_path / "project" / "docs")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def cli(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, list[str]]:
    """Exit code and the lines printed (on stderr; nothing may go to stdout)."""
    code = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err.splitlines()


def title_in(out: Path) -> str:
    return str(json.loads((out / "openapi.json").read_text())["info"]["title"])


# ---------------------------------------------------------------------------------------------------
# Exit codes


def test_exit_0_and_a_one_line_summary(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    code, lines = cli(capsys, docs, out)
    assert code == 0
    assert lines == [lines[-1]] and lines[-1].startswith(
        "generator: 4 docs, 0 errors, 0 warnings; wrote "
    )
    code, lines = cli(capsys, docs, out)
    assert code == 0 and re.fullmatch(
        r"generator: 4 docs, 0 errors, 0 warnings; \S+ is up to date \(\d+\.\d\ds\)", lines[-1]
    )


def test_exit_1_on_errors_in_the_docs(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    doc_path(docs, "Beta").write_text(doc_text("Beta", uid=False))
    code, lines = cli(capsys, docs, out)
    assert code == 1
    assert [line for line in lines if DIAGNOSTIC.match(line)] == [
        f"{doc_path(docs, 'Beta').as_posix()}:1: error P001: " + lines[0].split("P001: ")[1]
    ]
    assert "1 error" in lines[-1]
    assert (out / "openapi.json").is_file()  # the other docs still generate
    code, again = cli(capsys, docs, out)
    assert code == 1 and again[:-1] == lines[:-1]  # the no-change run replays them


def test_exit_1_on_warnings_only_with_strict(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    doc_path(docs, "Beta").write_text(doc_text("Beta", extra=UNKNOWN_TABLE))
    code, lines = cli(capsys, docs, out)
    warnings = [line for line in lines if DIAGNOSTIC.match(line)]
    assert code == 0 and warnings and all(" warning " in line for line in warnings)
    code, lines = cli(capsys, docs, out, "--strict")
    assert code == 1 and "warning (failing: --strict);" in lines[-1]


def test_check_exits_1_when_stale_and_0_when_current(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    code, lines = cli(capsys, docs, out, "--check")
    assert code == 1 and "added    openapi.json" in lines and not out.exists()
    cli(capsys, docs, out)
    code, lines = cli(capsys, docs, out, "--check")
    assert code == 0 and re.search(r"; \S+ is up to date \(", lines[-1])


def test_check_lists_changed_added_and_orphaned_files_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    cli(capsys, docs, out, "--targets", "schema")  # the schema target alone keeps the counts small
    doc_path(docs, "Alpha").write_text(doc_text("Alpha", note="Changed."))  # changed
    doc_path(docs, "Gamma").unlink()  # orphaned
    (out / "schemas" / "DeltaRequest.json").unlink()  # added
    before = snapshot(out)
    code, lines = cli(capsys, docs, out, "--check", "--targets", "schema")
    assert code == 1
    assert "changed  schemas/AlphaRequest.json" in lines
    assert "added    schemas/DeltaRequest.json" in lines
    assert "orphaned schemas/GammaRequest.json" in lines
    assert "changed  .generator/api.json" in lines  # the record of the API
    assert (
        "stale: 4 changed, 1 added, 1 orphaned" in lines[-1]
    )  # openapi.json, the manifest and the API record changed too
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["missing-docs", "OUT"], "not a folder of docs"),
        (["DOCS", "OUT", "--targets", "schema,sdk"], "targets"),
        (["DOCS", "OUT", "--targets", ""], "targets"),
        (["DOCS", "OUT", "--jobs", "-1"], "jobs"),
        (["DOCS", "OUT", "--package-name", "not-an-identifier"], "package_name"),
        (["DOCS", "OUT", "--templates", "no-such-folder"], "templates folder does not exist"),
        (["DOCS", "OUT", "--config", "no-such.toml"], "no such config file"),
        (["DOCS", "DOCS/generated"], "must not be DOCS or inside it"),
        (["DOCS", "DOCS"], "must not be DOCS or inside it"),
        (["DOCS/agent/empty", "OUT"], "no docs found"),
    ],
)
def test_exit_2_on_usage_problems(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, arguments: list[str], message: str
) -> None:
    (docs / "agent" / "empty").mkdir()
    replaced = [
        argument.replace("DOCS", str(docs)).replace("OUT", str(out)) for argument in arguments
    ]
    code, lines = cli(capsys, *replaced)
    assert code == 2 and lines[-1].startswith("generator: error:") and message in lines[-1]
    assert not out.exists()


@pytest.mark.parametrize("arguments", [["--no-such-option"], ["-q", "-v"], ["--jobs", "many"], []])
def test_exit_2_on_bad_arguments(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, arguments: list[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([str(docs), str(out), *arguments] if arguments else [])
    assert stop.value.code == 2 and "usage:" in capsys.readouterr().err


def test_exit_2_when_out_is_not_the_generators(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    out.mkdir()
    (out / "NOTES.md").write_text("mine")
    code, lines = cli(capsys, docs, out)
    assert code == 2 and "--force" in lines[-1]
    assert cli(capsys, docs, out, "--force")[0] == 0
    out_file = out.parent / "a-file"
    out_file.write_text("")
    code, lines = cli(capsys, docs, out_file)
    assert code == 2 and "not a folder" in lines[-1]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert (
        stop.value.code == 0
        and capsys.readouterr().out.strip() == f"generator {generator.__version__}"
    )
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    text = capsys.readouterr().out
    assert stop.value.code == 0
    for option in (
        "--targets",
        "--package-name",
        "--templates",
        "--check",
        "--strict",
        "--force",
        "--jobs",
        "--quiet",
        "--verbose",
        "--config",
        "--watch",
        "--version",
        "Exit codes",
        "[tool.generator]",
    ):
        assert option in text


def test_python_dash_m_generator_runs(tmp_path: Path, docs: Path, out: Path) -> None:
    command = [sys.executable, "-m", "generator", str(docs), str(out), "--quiet"]
    finished = subprocess.run(
        command,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert (finished.returncode, finished.stdout, finished.stderr) == (0, "", "")
    assert (out / "openapi.json").is_file()


# ---------------------------------------------------------------------------------------------------
# What is printed: --quiet, default, --verbose


def test_quiet_prints_nothing_on_success_and_only_errors_on_failure(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    doc_path(docs, "Beta").write_text(doc_text("Beta", extra=UNKNOWN_TABLE))
    assert cli(capsys, docs, out, "-q") == (0, [])
    doc_path(docs, "Gamma").write_text(doc_text("Gamma", uid=False))
    code, lines = cli(capsys, docs, out, "--quiet")
    assert (
        code == 1
        and len(lines) == 2
        and " error P001: " in lines[0]
        and lines[1].startswith("generator: ")
    )


def test_verbose_lists_the_files_written_and_removed_and_the_timings(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    cli(capsys, docs, out, "--targets", "schema")  # the schema target alone keeps the counts small
    doc_path(docs, "Alpha").write_text(doc_text("Alpha", note="Changed."))
    doc_path(docs, "Gamma").unlink()
    code, lines = cli(capsys, docs, out, "--verbose", "--targets", "schema")
    assert code == 0
    assert (
        "wrote    schemas/AlphaRequest.json" in lines
        and "removed  schemas/GammaRequest.json" in lines
    )
    assert any(
        line.startswith("timings: read ") and "parse" in line and "write" in line for line in lines
    )
    assert "removed 1; 1 parsed, 0 formatted" in lines[-1]


# ---------------------------------------------------------------------------------------------------
# Settings from [tool.generator]; the command line wins


def write_config(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.generator]\n{body}\n")
    return folder / "pyproject.toml"


def test_config_next_to_docs_is_read_and_the_command_line_wins(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    write_config(docs.parent, 'title = "From config"\ntargets = ["schema"]')
    assert cli(capsys, docs, out)[0] == 0
    assert title_in(out) == "From config"
    assert load_manifest(out).settings["targets"] == ["schema"]  # type: ignore[union-attr]
    assert cli(capsys, docs, out, "--title", "From the command line")[0] == 0
    assert title_in(out) == "From the command line"


def test_config_in_docs_wins_over_the_parents(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    write_config(docs.parent, 'title = "Parent"')
    write_config(docs, 'title = "Docs"')
    cli(capsys, docs, out)
    assert title_in(out) == "Docs"


def test_a_pyproject_without_the_section_is_passed_over(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    write_config(docs.parent, 'title = "Parent"')
    (docs / "pyproject.toml").write_text("[project]\nname = 'docs'\n")
    cli(capsys, docs, out)
    assert title_in(out) == "Parent"


def test_an_explicit_config_replaces_the_one_next_to_docs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, docs: Path, out: Path
) -> None:
    write_config(docs.parent, 'title = "Next to docs"')
    explicit = write_config(tmp_path / "elsewhere", 'title = "Explicit"\napi-version = "2.5"')
    cli(capsys, docs, out, "--config", explicit)
    document = json.loads((out / "openapi.json").read_text())
    assert document["info"] == {"title": "Explicit", "version": "2.5"}


def test_templates_in_config_are_relative_to_the_config_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    docs: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(docs.parent, 'templates = "overrides"')
    broken = docs.parent / "overrides" / "client" / "models.py.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("# models\n{% if %}\n")
    monkeypatch.chdir(tmp_path)
    code, lines = cli(capsys, docs, out)
    assert code == 2 and f"{broken}:2:" in lines[-1]


@pytest.mark.parametrize(
    "body, message",
    [
        ("check = true", "command line only"),
        ("force = true", "command line only"),
        ("targetz = ['schema']", "targetz"),
        ("jobs = 'many'", "jobs"),
        ("title = ", "cannot read config"),
    ],
)
def test_bad_config_exits_2(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path, body: str, message: str
) -> None:
    config = write_config(docs.parent, body)
    code, lines = cli(capsys, docs, out)
    assert code == 2 and message in lines[-1] and str(config) in lines[-1]


# ---------------------------------------------------------------------------------------------------
# Template overrides


def test_a_broken_override_fails_with_its_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, docs: Path, out: Path
) -> None:
    templates = tmp_path / "templates"
    (templates / "server").mkdir(parents=True)
    (templates / "server" / "app.py.j2").write_text(
        "# app\n\n{% for route in routes %}\n{{ route }\n{% endfor %}\n"
    )
    code, lines = cli(capsys, docs, out, "--templates", templates)
    assert code == 2
    assert lines[-1].startswith(
        f"generator: template error: {templates / 'server' / 'app.py.j2'}:4: "
    )
    assert not out.exists()


def test_a_template_error_at_render_time_is_located_in_the_template(tmp_path: Path) -> None:
    (tmp_path / "client").mkdir()
    (tmp_path / "client" / "models.py.j2").write_text(
        "# models\n{% for x in [1] %}\n{{ not_given.name }}\n{% endfor %}\n"
    )
    template = make_environment(tmp_path).get_template("client/models.py.j2")
    with pytest.raises(jinja2.UndefinedError) as raised:
        template.render()  # StrictUndefined: an unknown name is an error, not an empty string
    assert template_location(raised.value) == f"{tmp_path / 'client' / 'models.py.j2'}:3: "


def test_a_changed_override_regenerates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, docs: Path, out: Path
) -> None:
    templates = tmp_path / "templates"
    (templates / "client").mkdir(parents=True)
    (templates / "client" / "README.md.j2").write_text("# {{ 'first' }}\n")
    cli(capsys, docs, out, "--templates", templates)
    recorded = load_manifest(out).templates  # type: ignore[union-attr]
    assert "up to date" in cli(capsys, docs, out, "--templates", templates)[1][-1]
    (templates / "client" / "README.md.j2").write_text("# {{ 'second' }}\n")
    code, lines = cli(capsys, docs, out, "--templates", templates)
    assert code == 0 and "up to date" not in lines[-1]
    assert load_manifest(out).templates != recorded  # type: ignore[union-attr]


def builtin_python_templates() -> list[str]:
    root = builtin_templates()
    return (
        sorted(path.relative_to(root).as_posix() for path in root.rglob("*.py.j2"))
        if root.is_dir()
        else []
    )


@pytest.mark.skipif(
    not builtin_python_templates(), reason="no built-in Python templates in templates/ yet"
)
def test_an_override_takes_effect_and_the_rest_fall_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, docs: Path, out: Path
) -> None:
    name = builtin_python_templates()[0]
    override = tmp_path / "templates" / name
    override.parent.mkdir(parents=True)
    shutil.copy(builtin_templates() / name, override)
    with override.open("a") as text:
        text.write("\n# overridden-by-test\n")
    assert cli(capsys, docs, out)[0] == 0
    written = {path: path.read_text() for path in out.rglob("*.py")}
    assert written and not any("overridden-by-test" in text for text in written.values())
    assert (
        cli(capsys, docs, out, "--templates", override.parents[len(Path(name).parts) - 1])[0] == 0
    )
    changed = [path for path in out.rglob("*.py") if "overridden-by-test" in path.read_text()]
    assert changed  # the override took effect...
    assert [
        path for path in written if path not in changed and path.read_text() == written[path]
    ]  # ...and the rest fell back


# ---------------------------------------------------------------------------------------------------
# Progress


def test_progress_shows_on_a_terminal_once_the_delay_has_passed() -> None:
    screen = io.StringIO()
    with StageProgress(
        True, delay=0, console=Console(file=screen, force_terminal=True, width=80)
    ) as progress:
        deadline = time.monotonic() + 10
        while progress.progress is None and time.monotonic() < deadline:
            time.sleep(0.01)
        progress.update("parse")
        assert progress.progress.tasks[0].description == "parse"
    assert not progress.progress.live.is_started and "generator:" in screen.getvalue()


def test_progress_stays_silent_when_not_enabled_or_finished_first() -> None:
    with StageProgress(False, delay=0) as progress:
        time.sleep(0.05)
        progress.update("parse")
    assert progress.progress is None
    with StageProgress(True, delay=0.5) as quick:
        quick.update("read")
    time.sleep(0.6)
    assert quick.progress is None


def test_nothing_but_lines_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    code, lines = cli(capsys, docs, out)
    assert code == 0 and all("\x1b" not in line for line in lines)


# ---------------------------------------------------------------------------------------------------
# --watch


def test_watch_runs_again_when_a_doc_changes(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    arguments = argument_parser().parse_args([str(docs), str(out), "--watch", "-q"])
    watching = threading.Thread(
        target=watch, args=(arguments,), kwargs={"interval": 0.05, "runs": 2}
    )
    watching.start()
    deadline = time.monotonic() + 30
    while not (out / "openapi.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    doc_path(docs, "Beta").write_text(doc_text("Beta", note="Changed while watching."))
    watching.join(timeout=30)
    assert not watching.is_alive()
    assert b"Changed while watching." in (out / "schemas" / "BetaRequest.json").read_bytes()
    assert capsys.readouterr().err.count("generator: watching ") == 2


def test_watch_refuses_check(capsys: pytest.CaptureFixture[str], docs: Path, out: Path) -> None:
    code, lines = cli(capsys, docs, out, "--watch", "--check")
    assert code == 2 and "--check" in lines[-1]


def test_watch_stops_on_ctrl_c(tmp_path: Path, docs: Path, out: Path) -> None:
    command = [sys.executable, "-m", "generator", str(docs), str(out), "--watch", "-q"]
    watching = subprocess.Popen(
        command,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        preexec_fn=interruptible,
    )
    deadline = time.monotonic() + 30
    while not (out / "openapi.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    watching.send_signal(signal.SIGINT)
    assert watching.wait(timeout=30) == 130
    assert (out / "openapi.json").is_file() and siblings(out) == []


def test_explain_prints_provenance_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], docs: Path, tmp_path: Path
) -> None:
    code = main([str(docs), "--explain", "--explain-names", "AlphaRequest"])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert lines[0].startswith("type AlphaRequest  [table at ") and all(
        line.startswith(("type AlphaRequest", "  ")) for line in lines
    )
    assert not (tmp_path / "out").exists()


def test_unique_path_templates_is_a_shaping_setting_from_the_config_or_the_command_line(
    capsys: pytest.CaptureFixture[str], docs: Path, out: Path
) -> None:
    assert cli(capsys, docs, out, "--targets", "schema")[0] == 0
    assert load_manifest(out).settings["unique_path_templates"] is False  # type: ignore[union-attr]
    write_config(docs.parent, "unique-path-templates = true")
    assert cli(capsys, docs, out, "--targets", "schema")[0] == 0
    assert load_manifest(out).settings["unique_path_templates"] is True  # type: ignore[union-attr]
    assert "--unique-path-templates" in argument_parser().format_help()
