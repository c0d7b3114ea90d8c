"""Black is the judge: every Python file a run writes equals black's formatting of it.

The format stage writes a Python text from the built-in templates as rendered when no line passes the
limit (generator/write/formatting.py); that is only right because the templates and the layout module
produce black's own shape. This proves it on the seed, the fixtures and both corpus generations: every
Python text of the plan, after the format stage, is left unchanged by black.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.pipeline import load_api
from generator.render.plan import render_plan
from generator.settings import Settings
from generator.write.formatting import format_outputs, format_python
from tests.conftest import CORPUS, ROOT, SEEDS, needs_shared

FIXTURES = [SEEDS, ROOT / "tests" / "client" / "docs", ROOT / "tests" / "server" / "docs"]


def written_python(docs: Path, tmp_path: Path) -> dict[str, str]:
    """The Python files a run of every target would write (black only where it cannot vouch)."""
    settings = Settings()
    api, _ = load_api(docs, settings)
    plan = render_plan(api, settings)
    data = format_outputs(plan, None, tmp_path, jobs=1).data
    return {path: text.decode("utf-8") for path, text in data.items() if path.endswith(".py")}


def unchanged_by_black(texts: dict[str, str]) -> list[str]:
    """The paths whose text black would change (each distinct text formatted once, in a pool)."""
    distinct = sorted(set(texts.values()))
    with ProcessPoolExecutor(max_workers=2) as pool:
        formatted = dict(zip(distinct, pool.map(format_python, distinct, chunksize=16)))
    return sorted(path for path, text in texts.items() if formatted[text] != text)


@pytest.mark.parametrize("docs", FIXTURES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_python_file_of_the_fixtures_equals_blacks_output(docs: Path, tmp_path: Path) -> None:
    texts = written_python(docs, tmp_path)
    assert texts and unchanged_by_black(texts) == []


@pytest.mark.corpus
@needs_shared
@pytest.mark.parametrize("generation", ["g4-2023-02", "g1-2022-12"])
def test_every_python_file_of_a_corpus_generation_equals_blacks_output(
    generation: str, tmp_path: Path
) -> None:
    texts = written_python(CORPUS / generation, tmp_path)
    assert len(texts) > 1000
    assert unchanged_by_black(texts) == []
