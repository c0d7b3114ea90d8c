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
