"""generated/ is exactly what the generator writes for seeds/ (the README's main command,
`python -m generator seeds/ generated/`, with the settings of `[tool.generator]` in pyproject.toml).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.cli import config_file, read_toml, section_values
from generator.pipeline import run
from generator.settings import Settings
from generator.write.manifest import MANIFEST_PATH, load_manifest
from generator.write.output import CACHE_DIR
from tests.conftest import GENERATED, SEEDS


def seed_settings(**options: object) -> Settings:
    """The settings the main command runs with: the config the CLI finds for seeds/."""
    config = config_file(SEEDS, None)
    assert config is not None
    return Settings.model_validate({**section_values(config, read_toml(config)), **options})


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root but the parse cache (a local build artefact, not an output) and what git
    ignores (what running the generated projects' tools leaves: `.pytest_cache/`, `build/`, ...)."""
    files = {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    ignored = git_ignored([path for path in files.values()])
    return {
        name: path.read_bytes()
        for name, path in files.items()
        if not name.startswith(f"{CACHE_DIR}/") and path not in ignored
    }


def git_ignored(paths: list[Path]) -> set[Path]:
    """The paths git ignores in this checkout (none where git or the checkout is not there)."""
    try:
        done = subprocess.run(
            ["git", "check-ignore", "--stdin"],
            input="\n".join(str(path) for path in paths),
            capture_output=True,
            text=True,
            cwd=GENERATED,
            check=False,
        )
    except OSError:
        return set()
    return {Path(line) for line in done.stdout.splitlines()}


def test_generated_folder_is_what_the_generator_writes_for_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(SEEDS, out, seed_settings())
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert tree(out) == tree(GENERATED), "generated/ is stale: run the README's main command"


def test_generated_folder_passes_check_mode() -> None:
    result = run(SEEDS, GENERATED, seed_settings(check=True))
    assert result.up_to_date, result.changes.lines()
    assert load_manifest(GENERATED) is not None, MANIFEST_PATH
