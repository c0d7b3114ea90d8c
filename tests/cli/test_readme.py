"""The README documents what the command line does: every diagnostic code, every option."""

from __future__ import annotations

import re

from generator.cli import argument_parser
from generator.diagnostics import Code
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_diagnostic_code_is_documented_with_its_level_and_meaning() -> None:
    rows = re.findall(
        r"^\| ([A-Z]\d{3}) \| (warning|error) \| (.+?) \|$", README, flags=re.MULTILINE
    )
    documented = {code: (level, meaning) for code, level, meaning in rows}
    expected = {code.name: (code.level.value, code.meaning) for code in Code}
    assert documented.keys() == expected.keys()
    assert {name: (level, plain(meaning)) for name, (level, meaning) in documented.items()} == {
        name: (level, plain(meaning)) for name, (level, meaning) in expected.items()
    }


def plain(text: str) -> str:
    """The words, without Markdown code marks."""
    return " ".join(text.replace("`", " ").split())


def test_every_option_is_in_the_usage_synopsis() -> None:
    synopsis = README[README.index("## Usage") : README.index("### Incremental")]
    options = [
        option
        for action in argument_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    assert [option for option in options if option not in synopsis] == []


def test_every_built_in_template_and_context_field_is_documented() -> None:
    import dataclasses

    import generator.render.client as client
    import generator.render.models as models
    import generator.render.server as server
    import generator.render.typescript as typescript

    section = README[README.index("## Templates") : README.index("## How it works")]
    templates = sorted(
        path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*.j2")
    )
    assert [template for template in templates if f"`{template}`" not in section] == []
    for module in (models, client, server, typescript):
        for value in vars(module).values():
            is_context = (
                getattr(value, "__name__", "").endswith("Context")
                or getattr(value, "__name__", "") == "HeaderDefault"
            )
            if (
                dataclasses.is_dataclass(value)
                and value.__module__ == module.__name__
                and is_context
            ):
                missing = [
                    f.name for f in dataclasses.fields(value) if f"`{f.name}`" not in section
                ]
                assert missing == [], (value.__name__, missing)


def test_every_exit_code_is_documented() -> None:
    import generator.cli as cli

    codes = {value for name, value in vars(cli).items() if name.startswith("EXIT_")}
    section = README[README.index("Exit codes: `0`") : README.index("### Incremental")]
    assert codes == {0, 1, 2, 3, 130, 143}
    assert [code for code in sorted(codes) if f"`{code}`" not in section] == []


def test_every_change_kind_is_documented_in_its_category() -> None:
    from generator.report.changes import BUMPS, KINDS

    rows = re.findall(
        r"^\| (breaking|non-breaking|description) \| (major|minor|patch) \| (.+) \|$",
        README,
        flags=re.MULTILINE,
    )
    documented = {
        kind: (category, bump)
        for category, bump, kinds in rows
        for kind in re.findall(r"`([a-z-]+)`", kinds)
    }
    assert documented == {
        kind: (category.value, BUMPS[category].value) for kind, category in KINDS.items()
    }
